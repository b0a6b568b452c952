#!/usr/bin/env python3
"""Check the facts of schemas/openai.schema.json against OpenAI's OpenAPI document.

The openai profile checks request bodies key by key with definitions ($defs)
written by hand from OpenAI's OpenAPI document (github.com/openai/openai-openapi).
This script reads that document (its path is an argument: it is not part of this
repository) and, for each of our definitions mapped to an OpenAPI schema in
MAPPING below, compares

  * the property names (ours and theirs, allOf and $ref resolved), for the
    definitions that list every key (a union of variants compares its
    discriminator's values only);
  * the required keys (of a union of variants: the keys every variant needs; and
    each `if type/role = X then required` rule of ours against variant X);
  * the enum values and the numeric minimum and maximum of each property both
    have (of an array, of its items too).

It prints each difference and exits 1 if there is one not in ALLOWED (the
deliberate differences, each with its reason), 0 when all agree. Standard
library and PyYAML only.

    python3 tools/schemas/openai.py --spec /work/shared/reference/specs/openai-openapi.yaml
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the repository
from common import OpenAPI as Spec
from common import enum_diff, facts, is_object
from common import load_yaml as load_spec

ROOT = Path(__file__).resolve().parents[2]

# Our definition -> (the OpenAPI schemas it follows, whether it lists every key).
# A name is a component of #/components/schemas, optionally with a JSON Pointer
# inside it ("CreateModerationRequest#/properties/input/oneOf/2/items"). Several
# names, or a name that is a oneOf/anyOf, make a union: the variants are merged.
# `keys=False`: the definition checks the discriminator (type or role) and what
# each variant requires, and leaves each variant's other keys to the variant's
# own definition or open.
MAPPING: dict[str, tuple[list[str], bool]] = {
    # POST /v1/chat/completions
    "chatCompletionBody": (["CreateChatCompletionRequest"], True),
    "message": (["ChatCompletionRequestMessage"], False),
    "developerMessage": (["ChatCompletionRequestDeveloperMessage"], True),
    "systemMessage": (["ChatCompletionRequestSystemMessage"], True),
    "userMessage": (["ChatCompletionRequestUserMessage"], True),
    "assistantMessage": (["ChatCompletionRequestAssistantMessage"], True),
    "toolMessage": (["ChatCompletionRequestToolMessage"], True),
    "functionMessage": (["ChatCompletionRequestFunctionMessage"], True),
    "textPart": (["ChatCompletionRequestMessageContentPartText"], True),
    "userPart": (["ChatCompletionRequestUserMessageContentPart"], True),
    "assistantPart": (["ChatCompletionRequestAssistantMessageContentPart"], True),
    "promptCacheBreakpoint": (["PromptCacheBreakpointParam"], True),
    "responseFormat": (["CreateChatCompletionRequest#/allOf/1/properties/response_format"], True),
    "tool": (["CreateChatCompletionRequest#/allOf/1/properties/tools/items"], True),
    # POST /v1/embeddings
    "embeddingBody": (["CreateEmbeddingRequest"], True),
    # POST /v1/responses
    "responseBody": (["CreateResponse"], True),
    "responseInputItem": (["InputItem"], False),
    "responseMessage": (["EasyInputMessage", "InputMessage", "OutputMessage"], True),
    "responseContentPart": (["InputContent", "OutputMessageContent"], True),
    "responseFunctionCall": (["FunctionToolCall"], True),
    "responseFunctionCallOutput": (["FunctionCallOutputItemParam"], True),
    "responseText": (["ResponseTextParam"], True),
    "responseTextFormat": (["TextResponseFormatConfiguration"], True),
    "responseReasoning": (["Reasoning"], True),
    "responseTool": (["Tool"], False),
    "responseFunctionTool": (["FunctionTool"], True),
    "responseToolChoice": (["ToolChoiceParam"], True),
    # POST /v1/completions
    "completionBody": (["CreateCompletionRequest"], True),
    # POST /v1/moderations
    "moderationBody": (["CreateModerationRequest"], True),
    "moderationPart": (["CreateModerationRequest#/properties/input/oneOf/2/items"], True),
}

# Deliberate differences: (our definition, property or "" for the object, kind) -> reason.
# Kinds: "key ours only", "key theirs only", "required", "enum", "minimum", "maximum",
# "items enum", "variant required" (what a variant needs beyond the common keys),
# "variant" (a value of our discriminator no variant of theirs has).
ALLOWED: dict[tuple[str, str, str], str] = {
    # Every body names its model: the batch needs it.
    ("responseBody", "", "required"): "a batch file serves one model (OpenAI's batch guide) and batchlint compares "
    "body.model across lines (BL405); the profile has always required it on every endpoint",
    ("moderationBody", "", "required"): "as for responses: a batch line names its model (the API's default, "
    "omni-moderation-latest, is written out in our examples)",
    # Optional where the OpenAPI document says required, because OpenAI's own examples leave them out.
    ("responseContentPart", "input_image", "variant required"): "`detail` is required by the OpenAPI document, "
    "but OpenAI's own example (the image-input request of the same document) omits it; the API takes auto",
    ("responseContentPart", "output_text", "variant required"): "`annotations` and `logprobs` describe model "
    "output; an assistant message given back as input is accepted without them",
    ("responseFunctionTool", "", "required"): "`strict` and `parameters` are required (nullable) by the OpenAPI "
    "document, but the function-calling example of the same document omits `strict`; the API fills in defaults",
    # Flaws of the OpenAPI document.
    ("responseInputItem", "mcp_approval_response", "variant required"): "the OpenAPI document requires "
    "`request_id`, a key it does not define (its key is approval_request_id)",
    ("chatCompletionBody", "seed", "minimum"): "the OpenAPI document's int64 bounds, written as numbers JSON "
    "cannot keep exactly; any integer a client sends is in range",
    ("chatCompletionBody", "seed", "maximum"): "as for the minimum",
}

# Items the model produced, given back as input: copied from its output and
# checked by the API; we check only their type.
ECHOED_ITEMS = """additional_tools code_interpreter_call compaction computer_call file_search_call
image_generation_call local_shell_call local_shell_call_output mcp_approval_request mcp_call mcp_list_tools
program program_output shell_call apply_patch_call tool_search_call tool_search_output web_search_call""".split()
for _item in ECHOED_ITEMS:
    ALLOWED[("responseInputItem", _item, "variant required")] = (
        "an item the model produced, given back as input: only its type is checked"
    )


class Ours:
    """schemas/openai.schema.json."""

    def __init__(self, document: dict):
        self.document = document
        self.defs = document["$defs"]

    def resolve(self, node):
        while isinstance(node, dict) and "$ref" in node and node["$ref"].startswith("#/$defs/"):
            node = self.defs[node["$ref"].split("/")[-1]]
        return node

    def selected_by(self, name: str) -> dict[str, tuple[str, object]]:
        """The definitions whose `if X = value then {"$ref": name}` rule selects `name`: their (X, value)."""
        out = {}
        for parent in self.defs:
            for key, value, then in self.variant_rules(parent):
                if then.get("$ref") == f"#/$defs/{name}":
                    out[parent] = (key, value)
        return out

    def variant_rules(self, name: str) -> list[tuple[str, str, object]]:
        """(discriminator, value, then) of each `if X = value then …` rule of a
        definition, in `allOf` or along `else` chains (the `if` may be an anyOf
        of such conditions)."""
        rules = []
        definition = self.defs[name]
        parts = []
        for part in [definition, *definition.get("allOf", [])]:
            # An `if … then … else if … then …` chain: each `else` is a rule too.
            while isinstance(part, dict) and "if" in part:
                parts.append(part)
                part = part.get("else")
        for part in parts:
            condition = part.get("if", {})
            for branch in [condition, *condition.get("anyOf", [])]:
                for key, value in branch.get("properties", {}).items():
                    if "const" in value:
                        rules.append((key, value["const"], part.get("then", {})))
        return rules


def compare(spec: Spec, ours: Ours) -> list[tuple[str, str, str, str]]:
    """Every difference: (definition, property, kind, message)."""
    diffs = []
    for name, (targets, all_keys) in MAPPING.items():
        definition = ours.defs[name]
        variants = [v for target in targets for v in spec.variants(spec.lookup(target)) if is_object(spec.deref(v))]
        merged: dict = {}
        per_variant = []
        for variant in variants:
            properties, required = spec.object_facts(variant)
            per_variant.append((properties, required))
            for key, schema in properties.items():
                merged.setdefault(key, []).append(schema)
        required_by_all = set.intersection(*(r for _, r in per_variant)) if per_variant else set()
        our_properties = dict(definition.get("properties", {}))
        our_required = set(definition.get("required", []))
        # A definition an `if role = X then $ref` rule of another selects has
        # that key required, and equal to X, by the other definition.
        for parent, (key, value) in ours.selected_by(name).items():
            our_required |= set(ours.defs[parent].get("required", [])) & {key}
            our_properties[key] = {"const": value}

        if all_keys:
            for key in sorted(set(our_properties) - set(merged)):
                diffs.append((name, key, "key ours only", f"{name}: `{key}` is ours only"))
            for key in sorted(set(merged) - set(our_properties)):
                diffs.append((name, key, "key theirs only", f"{name}: `{key}` is in {'/'.join(targets)} only"))
        if our_required != required_by_all:
            diffs.append(
                (name, "", "required", f"{name}: required {sorted(our_required)}, theirs {sorted(required_by_all)}")
            )

        for key in sorted(set(our_properties) & set(merged)):
            mine = facts(our_properties[key], ours.resolve)
            theirs_list = [facts(s, spec.deref) for s in merged[key]]
            theirs = theirs_list[0]
            if any(t["enum"] is None for t in theirs_list):
                theirs_enum = None
            else:
                theirs_enum = set().union(*(t["enum"] for t in theirs_list))
            if mine["enum"] != theirs_enum:
                diffs.append((name, key, "enum", f"{name}.{key}: enum {enum_diff(mine['enum'], theirs_enum)}"))
            for bound in ("minimum", "maximum"):
                if mine[bound] != theirs[bound]:
                    diffs.append((name, key, bound, f"{name}.{key}: {bound} {mine[bound]}, theirs {theirs[bound]}"))
            if mine["items"] and theirs["items"] and mine["items"]["enum"] != theirs["items"]["enum"]:
                diffs.append(
                    (
                        name,
                        key,
                        "items enum",
                        f"{name}.{key}[]: enum {enum_diff(mine['items']['enum'], theirs['items']['enum'])}",
                    )
                )

        # What each variant requires beyond the common keys: against our
        # `if X = value then required` rule for it (none: nothing more).
        if len(variants) < 2:
            continue
        rules = {value: (key, then) for key, value, then in ours.variant_rules(name)}
        key = next((k for k, _, _ in ours.variant_rules(name)), "type")
        by_value: dict = {}
        for properties, required in per_variant:
            for value in facts(properties[key], spec.deref)["enum"] or () if key in properties else ():
                by_value.setdefault(value, []).append(required)
        for value in sorted(set(rules) - set(by_value)):
            diffs.append((name, value, "variant", f"{name}: no variant of theirs has {key} {value!r}"))
        for value, requireds in sorted(by_value.items()):
            then = rules.get(value, (key, {}))[1]
            if "$ref" in then:
                continue  # the referenced definition has its own entry
            expected = set.intersection(*requireds) - {key} - our_required
            mine = set(then.get("required", []))
            if mine != expected:
                diffs.append(
                    (
                        name,
                        value,
                        "variant required",
                        f"{name} ({key} {value}): required {sorted(mine)}, theirs {sorted(expected)}",
                    )
                )
    return diffs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--spec",
        required=True,
        type=Path,
        help="OpenAI's OpenAPI document (openai-openapi.yaml), e.g. /work/shared/reference/specs/openai-openapi.yaml",
    )
    parser.add_argument(
        "--schema",
        type=Path,
        default=ROOT / "schemas" / "openai.schema.json",
        help="our schema (default: schemas/openai.schema.json of this repository)",
    )
    parser.add_argument("--verbose", action="store_true", help="also print the allowed differences")
    args = parser.parse_args()

    spec = Spec(load_spec(args.spec))
    ours = Ours(json.loads(args.schema.read_text(encoding="utf-8")))
    missing = [n for n in MAPPING if n not in ours.defs]
    if missing:
        print(f"not in {args.schema}: {', '.join(missing)}")
        return 1
    unmapped = [n for n in ours.defs if n not in MAPPING and n != "otherBody"]

    failed = 0
    allowed = 0
    used = set()
    for definition, key, kind, message in compare(spec, ours):
        reason = ALLOWED.get((definition, key, kind))
        if reason is not None:
            used.add((definition, key, kind))
            allowed += 1
            if args.verbose:
                print(f"allowed: {message} ({reason})")
            continue
        failed += 1
        print(message)
    for stale in sorted(set(ALLOWED) - used):
        failed += 1
        print(f"allowed but no longer different (remove it from ALLOWED): {stale}")
    if unmapped:
        print(f"note: definitions not compared (not in MAPPING): {', '.join(unmapped)}")
    total = len(MAPPING)
    if failed:
        print(f"{failed} difference(s) in {total} definitions ({allowed} allowed)")
        return 1
    print(f"{total} definitions agree with the OpenAPI document ({allowed} deliberate differences allowed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
