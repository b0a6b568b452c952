#!/usr/bin/env python3
"""Check the facts of schemas/together.schema.json against Together's OpenAPI document.

The together profile checks chat completions bodies key by key with
definitions ($defs) written by hand from Together's OpenAPI document
(openapi.yaml of github.com/togethercomputer/openapi). This script reads that
document (its path is an argument: it is not part of this repository) and, for
each of our definitions mapped to an OpenAPI schema in MAPPING below, compares
the property names, the required keys, the enum values and the numeric bounds,
as tools/schemas/openai.py does for the openai profile (see common.py).

It prints each difference and exits 1 if there is one not in ALLOWED (the
deliberate differences, each with its reason) or an entry of ALLOWED that no
longer matches anything, 0 when all agree. Standard library and PyYAML only.

    git --git-dir=<clone of togethercomputer/openapi> show HEAD:openapi.yaml > /tmp/together-openapi.yaml
    python3 tools/schemas/together.py --spec /tmp/together-openapi.yaml
"""

from __future__ import annotations

import sys

sys.dont_write_bytecode = True  # no __pycache__ in the repository
from common import main

PARTS = "ChatCompletionUserMessageContentMultimodal#/items"

# Our definition (optionally with a JSON Pointer inside it) -> (the OpenAPI
# schemas it follows, whether it lists every key); see common.compare.
MAPPING: dict[str, tuple[list[str], bool]] = {
    # POST /v1/chat/completions
    "chatCompletionBody": (["ChatCompletionRequest"], True),
    "chatCompletionBody#/properties/tool_choice/anyOf/1": (["ToolChoice"], True),
    "chatCompletionBody#/properties/function_call/anyOf/1": (["ChatCompletionRequest#/properties/function_call/oneOf/1"], True),
    "message": (["ChatCompletionMessageParam"], False),
    "systemMessage": (["ChatCompletionSystemMessageParam"], True),
    "userMessage": (["ChatCompletionUserMessageParam"], True),
    "assistantMessage": (["ChatCompletionAssistantMessageParam"], True),
    "assistantMessage#/properties/function_call": (["ChatCompletionAssistantMessageParam#/properties/function_call"], True),
    "toolMessage": (["ChatCompletionToolMessageParam"], True),
    "functionMessage": (["ChatCompletionFunctionMessageParam"], True),
    "textPart": ([f"{PARTS}/oneOf/0"], True),
    "userPart": ([PARTS], False),
    "toolCall": (["ToolChoice"], True),
    "toolCall#/properties/function": (["ToolChoice#/properties/function"], True),
    "tool": (["ToolsPart"], True),
    "tool#/properties/function": (["ToolsPart#/properties/function"], True),
    "responseFormat": (["ResponseFormatText", "ResponseFormatJsonObject", "ResponseFormatJsonSchema"], True),
    "responseFormat#/properties/json_schema": (["ResponseFormatJsonSchema#/properties/json_schema"], True),
}

# Deliberate differences: (our definition, property or "", kind) -> reason
# (kinds: see common.py).
ALLOWED: dict[tuple[str, str, str], str] = {
    # Bounds the document states in a description only.
    **{
        ("chatCompletionBody", key, bound): f"the document's description of {key} says {text}, "
        "without minimum/maximum"
        for key, text, bounds in (
            ("frequency_penalty", "between -2.0 and 2.0", ("minimum", "maximum")),
            ("presence_penalty", "between -2.0 and 2.0", ("minimum", "maximum")),
            ("min_p", "between 0 and 1", ("minimum", "maximum")),
            ("top_p", "a probability threshold", ("minimum", "maximum")),
            ("temperature", "0-1 (we keep only the minimum: the maximum is not enforced by the document)", ("minimum",)),
        )
        for bound in bounds
    },
    # The document reuses its tool-call schema (ToolChoice) for a named tool_choice.
    **{
        ("chatCompletionBody#/properties/tool_choice/anyOf/1", key, kind): "the document types tool_choice's "
        "object as ToolChoice, its tool-call schema (id, index); a named tool choice is {type, function: {name}} "
        "(Together's function calling guide, OpenAI's shape)"
        for key in ("id", "index")
        for kind in ("key theirs only", "required")
    },
    ("toolCall", "index", "required"): "index numbers the tool calls of a streamed reply; a tool call given "
    "back in a request is accepted without it",
    # Flaws of the document.
    ("userPart", "type", "required"): "the document's image_url part lists no required keys, unlike its "
    "text, video_url, audio_url and input_audio parts (type and their payload): type selects the part",
    ("userPart", "image_url", "variant required"): "as for type: an image_url part needs its image_url",
    ("tool", "type", "required"): "ToolsPart lists no required keys; a tool is {type: function, function} "
    "(Together's function calling guide)",
    ("tool", "function", "required"): "as for type: a function tool needs its definition",
    ("tool#/properties/function", "name", "required"): "as for type: a function is called by its name",
    # Older forms of response_format.
    ("responseFormat", "regex", "variant"): "{type: regex, pattern} is an older form of the Python SDK (v1), "
    "still accepted",
    ("responseFormat", "type", "enum"): "as for the regex variant",
    ("responseFormat", "pattern", "key ours only"): "as for the regex variant",
    ("responseFormat", "schema", "key ours only"): "{type: json_object, schema} is an older form of the "
    "Python SDK (v1), still accepted",
}

if __name__ == "__main__":
    sys.exit(main(__doc__, "together.schema.json", MAPPING, ALLOWED, "spec"))
