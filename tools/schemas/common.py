"""Shared by the schema checkers of tools/schemas (mistral.py, together.py,
anthropic.py, groq.py; openai.py uses the OpenAPI reader).

A checker maps each of our definitions to the provider types it follows and
compares the facts both carry: the property names, the required keys, the enum
values and (where the source has them) the numeric bounds. The provider types
come from an OpenAPI document (`OpenAPI`) or from the TypedDict classes of a
Python SDK (`TypedDicts`, read with `ast`, never imported). Differences are
printed; those in the checker's allow-list (each with its reason) are not
failures, and allow-list entries that no longer match anything are.

Standard library, and PyYAML for the OpenAPI documents.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas"

BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")

# A difference: (our definition, property or variant value or "", kind, message).
# Kinds: "missing" (a type the mapping names is gone), "key ours only", "key theirs only", "required" (per key), "enum",
# a bound's name, "items enum", "variant" (a discriminator value no variant of
# theirs has), "variant required", "variant key ours only", "variant key theirs
# only", "variant enum" (of a variant our definition writes inline; its
# property is "value.key").
Diff = tuple[str, str, str, str]


# ---------------------------------------------------------------------------
# Facts of a property: enum values (None: any value), bounds, and the facts of
# its items when it is an array.


def empty_facts() -> dict:
    return {"enum": None, "items": None, **{b: None for b in BOUNDS}}


def facts(schema, resolve) -> dict:
    """Facts of a JSON Schema / OpenAPI property schema; `resolve` follows `$ref`s."""
    out = empty_facts()
    branches = []

    def walk(node):
        node = resolve(node)
        if not isinstance(node, dict):
            return
        union = node.get("oneOf") or node.get("anyOf") or [node[k] for k in ("then", "else") if k in node]
        if union:
            for branch in union:
                walk(branch)
            return
        branches.append(node)

    walk(schema)
    enums: set = set()
    open_string = False
    for node in branches:
        types = node.get("type")
        types = set(types) if isinstance(types, list) else {types} if types else set()
        if "enum" in node:
            enums |= {v for v in node["enum"] if v is not None}
        elif "const" in node:
            enums.add(node["const"])
        elif types & {"string"} or not types:
            open_string = open_string or "string" in types
        for bound in BOUNDS:
            if bound in node:
                out[bound] = node[bound]
        if "items" in node and out["items"] is None:
            out["items"] = facts(node["items"], resolve)
    out["enum"] = None if open_string or not enums else enums
    return out


# ---------------------------------------------------------------------------
# OpenAPI documents.


def load_yaml(path: Path) -> dict:
    try:
        import yaml
    except ImportError:  # pragma: no cover - told to the user
        sys.exit("this checker needs PyYAML (pip install pyyaml)")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as f:
        return yaml.load(f, Loader=loader)


def is_object(node: dict) -> bool:
    """Whether a (dereferenced) schema is an object's: the string choices of a union are not."""
    return node.get("type") == "object" or "properties" in node or "allOf" in node


class OpenAPI:
    """An OpenAPI document, with $ref and allOf resolved on demand.

    A target is a component of #/components/schemas, optionally with a JSON
    Pointer inside it ("ChatCompletionRequest#/properties/tool_choice")."""

    bounds = True

    def __init__(self, document: dict):
        self.document = document
        self.schemas = document["components"]["schemas"]

    def lookup(self, name: str) -> dict:
        component, _, pointer = name.partition("#")
        node = self.schemas[component]
        for token in filter(None, pointer.split("/")):
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node

    def deref(self, node: dict) -> dict:
        """Follows `$ref`s, keeping any keys beside them."""
        seen = 0
        while isinstance(node, dict) and "$ref" in node:
            target = self.lookup(node["$ref"].split("/")[-1])
            rest = {k: v for k, v in node.items() if k != "$ref"}
            node = {**target, **{k: v for k, v in rest.items() if k not in target}}
            seen += 1
            if seen > 50:
                raise ValueError("a $ref cycle")
        return node

    def variants(self, node: dict) -> list[dict]:
        """The object schemas a union (oneOf/anyOf, nested) is made of; one for an object."""
        node = self.deref(node)
        branches = node.get("oneOf") or node.get("anyOf")
        if branches and not node.get("properties"):
            out = []
            for branch in branches:
                branch = self.deref(branch)
                if branch.get("type") == "null":
                    continue
                out.extend(self.variants(branch))
            return out
        return [node]

    def object_facts(self, node: dict) -> tuple[dict, set]:
        """Properties and required keys of one object schema, allOf merged."""
        node = self.deref(node)
        properties: dict = {}
        required: set = set()
        for part in node.get("allOf", []):
            p, r = self.object_facts(part)
            properties.update(p)
            required |= r
        properties.update(node.get("properties", {}))
        required |= set(node.get("required", []))
        return properties, required

    def target_variants(self, target: str) -> list[tuple[dict, set]]:
        """(facts of each property, required keys) of each object variant of a target."""
        out = []
        for variant in self.variants(self.lookup(target)):
            if not is_object(self.deref(variant)):
                continue
            properties, required = self.object_facts(variant)
            out.append(({k: facts(v, self.deref) for k, v in properties.items()}, required))
        return out


# ---------------------------------------------------------------------------
# Python SDKs: TypedDict classes and type aliases, read with ast.


class TypedDicts:
    """The TypedDict classes and type aliases of an SDK's types folder.

    A target is a class or alias name ("ChatCompletionToolParam"), or
    "module:Name" where the name is not unique, the module given as its path
    under the folder without .py ("chat/completion_create_params:Function")."""

    bounds = False  # SDK types carry no numeric bounds

    def __init__(self, folder: Path):
        self.folder = folder
        self.modules: dict[str, dict[str, ast.AST]] = {}  # module -> name -> ClassDef or alias value
        self.imports: dict[str, dict[str, tuple[str, str]]] = {}  # module -> local name -> (module, name)
        for path in sorted(folder.rglob("*.py")):
            module = path.relative_to(folder).with_suffix("").as_posix()
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            names: dict[str, ast.AST] = {}
            imports: dict[str, tuple[str, str]] = {}
            for node in tree.body:
                if isinstance(node, ast.ClassDef):
                    names[node.name] = node
                elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
                    names[node.target.id] = node.value
                elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    names[node.targets[0].id] = node.value
                elif isinstance(node, ast.ImportFrom) and node.level:
                    base = module.split("/")[: -node.level]
                    source = "/".join(base + (node.module.split(".") if node.module else []))
                    for alias in node.names:
                        imports[alias.asname or alias.name] = (source, alias.name)
            self.modules[module] = names
            self.imports[module] = imports

    def find(self, target: str) -> tuple[str, ast.AST]:
        module, _, name = target.rpartition(":")
        if module:
            return module, self.modules[module][name]
        found = [(m, names[name]) for m, names in self.modules.items() if name in names]
        if len(found) != 1:
            raise KeyError(f"{target}: {len(found)} definitions in {self.folder} (write module:Name)")
        return found[0]

    def name(self, module: str, name: str, depth: int = 0) -> tuple[str, ast.AST] | None:
        """What a name used in a module is: (its module, its class or alias value)."""
        if name in self.modules.get(module, {}):
            return module, self.modules[module][name]
        if name in self.imports.get(module, {}) and depth < 10:
            source, original = self.imports[module][name]
            return self.name(source, original, depth + 1)
        return None

    def classes(self, module: str, node: ast.AST) -> list[tuple[str, ast.ClassDef]]:
        """The TypedDict classes a class or (union) alias is made of."""
        if isinstance(node, ast.ClassDef):
            return [(module, node)] if self.is_typeddict(module, node) else []
        out = []
        for m, n in self.leaves(module, node):
            if isinstance(n, ast.ClassDef) and self.is_typeddict(m, n):
                out.append((m, n))
        return out

    def is_typeddict(self, module: str, node: ast.ClassDef, depth: int = 0) -> bool:
        """Whether a class is a TypedDict (a request type), not a model of a response."""
        for base in node.bases:
            if dotted(base) == "TypedDict":
                return True
            found = self.name(module, dotted(base))
            if found and is_functional_typeddict(found[1]):
                return True
            if found and isinstance(found[1], ast.ClassDef) and depth < 10 and self.is_typeddict(*found, depth + 1):
                return True
        return False

    def leaves(self, module: str, node: ast.AST, depth: int = 0) -> list[tuple[str, ast.AST]]:
        """The members of a type expression, unions, Optional, Annotated, Required and aliases unwrapped."""
        if depth > 30:
            return []
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return self.leaves(module, ast.parse(node.value, mode="eval").body, depth + 1)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return self.leaves(module, node.left, depth + 1) + self.leaves(module, node.right, depth + 1)
        if isinstance(node, ast.Subscript):
            head = dotted(node.value)
            args = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            if head in ("Union", "Optional"):
                return [leaf for a in args for leaf in self.leaves(module, a, depth + 1)]
            if head in ("Required", "NotRequired", "ReadOnly", "Annotated"):
                return self.leaves(module, args[0], depth + 1)
            return [(module, node)]
        if isinstance(node, ast.Name):
            found = self.name(module, node.id)
            if found and not isinstance(found[1], ast.ClassDef):
                return self.leaves(*found, depth + 1)
            if found:
                return [found]
        return [(module, node)]

    def class_facts(self, module: str, node: ast.ClassDef) -> tuple[dict, set]:
        """{JSON key: (module, annotation)} and the required keys of a TypedDict, bases merged."""
        properties: dict = {}
        required: set = set()
        for base in node.bases:
            found = self.name(module, dotted(base))
            if found and isinstance(found[1], ast.ClassDef):
                p, r = self.class_facts(*found)
                properties.update(p)
                required |= r
            elif found and is_functional_typeddict(found[1]):
                # X = TypedDict("X", {"from": ...}, total=False): keys that are Python keywords.
                call = found[1]
                flags = [k.value.value for k in call.keywords if k.arg == "total" and isinstance(k.value, ast.Constant)]
                total = all(flags)
                for key, annotation in zip(call.args[1].keys, call.args[1].values):
                    properties[key.value] = (found[0], annotation)
                    wrappers = self.wrappers(annotation)
                    if "Required" in wrappers or (total and "NotRequired" not in wrappers):
                        required.add(key.value)
        total = True
        for keyword in node.keywords:
            if keyword.arg == "total" and isinstance(keyword.value, ast.Constant):
                total = bool(keyword.value.value)
        for statement in node.body:
            if not (isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)):
                continue
            key = statement.target.id
            annotation = statement.annotation
            wrappers = self.wrappers(annotation)
            alias = self.alias(annotation)
            key = alias or key
            properties[key] = (module, annotation)
            if "Required" in wrappers or (total and "NotRequired" not in wrappers):
                required.add(key)
            else:
                required.discard(key)
        return properties, required

    @staticmethod
    def wrappers(annotation: ast.AST) -> set:
        out = set()
        while isinstance(annotation, ast.Subscript) and dotted(annotation.value) in (
            "Required",
            "NotRequired",
            "ReadOnly",
            "Annotated",
        ):
            out.add(dotted(annotation.value))
            s = annotation.slice
            annotation = s.elts[0] if isinstance(s, ast.Tuple) else s
        return out

    @staticmethod
    def alias(annotation: ast.AST) -> str | None:
        """The JSON key of an `Annotated[..., PropertyInfo(alias="key")]` field."""
        for node in ast.walk(annotation):
            if isinstance(node, ast.Call) and dotted(node.func) == "PropertyInfo":
                for keyword in node.keywords:
                    if keyword.arg == "alias" and isinstance(keyword.value, ast.Constant):
                        return keyword.value.value
        return None

    def facts(self, module: str, annotation: ast.AST) -> dict:
        """Facts of a field's type: Literal values, and the items of an array type."""
        out = empty_facts()
        enums: set = set()
        open_value = False
        for m, leaf in self.leaves(module, annotation):
            if isinstance(leaf, ast.Subscript):
                head = dotted(leaf.value)
                args = leaf.slice.elts if isinstance(leaf.slice, ast.Tuple) else [leaf.slice]
                if head == "Literal":
                    enums |= {a.value for a in args if isinstance(a, ast.Constant) and a.value is not None}
                elif head in ("Iterable", "List", "Sequence", "SequenceNotStr", "list") and out["items"] is None:
                    out["items"] = self.facts(m, args[0])
            elif isinstance(leaf, ast.Name) and leaf.id == "str":
                open_value = True
            elif isinstance(leaf, ast.Name) and leaf.id in ("object", "Any"):
                open_value = True
        out["enum"] = None if open_value or not enums else enums
        return out

    def target_variants(self, target: str) -> list[tuple[dict, set]]:
        out = []
        for module, node in self.classes(*self.find(target)):
            properties, required = self.class_facts(module, node)
            out.append(({k: self.facts(*v) for k, v in properties.items()}, required))
        return out


def is_functional_typeddict(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and dotted(node.func) == "TypedDict"
        and len(node.args) == 2
        and isinstance(node.args[1], ast.Dict)
        and all(isinstance(k, ast.Constant) for k in node.args[1].keys)
    )


def dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


# ---------------------------------------------------------------------------
# Our schemas.


class Ours:
    """One of schemas/*.schema.json. A definition is a name of its $defs,
    optionally with a JSON Pointer inside it ("tool#/properties/function"), or
    a JSON Pointer from the schema's root ("#/properties/params");
    `$ref`s to a sibling schema ("openai.schema.json#/$defs/textPart") are followed."""

    def __init__(self, path: Path):
        self.path = path
        self.document = json.loads(path.read_text(encoding="utf-8"))
        self.defs = self.document["$defs"]
        self.siblings: dict[str, dict] = {}

    def lookup(self, name: str, document: dict | None = None):
        name, _, pointer = name.partition("#")
        node = (document or self.document)["$defs"][name] if name else (document or self.document)
        for token in filter(None, pointer.split("/")):
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node

    def resolve(self, node):
        seen = 0
        while isinstance(node, dict) and "$ref" in node and seen < 50:
            seen += 1
            file, _, pointer = node["$ref"].partition("#")
            document = self.document
            if file:
                if file not in self.siblings:
                    sibling = json.loads((self.path.parent / file).read_text(encoding="utf-8"))
                    self.siblings[file] = qualify(sibling, file)
                document = self.siblings[file]
            if not pointer.startswith("/$defs/"):
                break
            node = self.lookup(pointer[len("/$defs/") :].replace("/", "#/", 1), document)
        return node

    def rules(self, node) -> list[tuple[str, list, bool, object]]:
        """(discriminator, its values, whether the `if` requires it, then) of each
        `if X = value then …` rule of a schema, in `allOf` or along `else`
        chains (the `if` may be an anyOf of such conditions, or give an enum of
        values)."""
        out = []
        parts = []
        for part in [node, *node.get("allOf", [])]:
            # An `if … then … else if … then …` chain: each `else` is a rule too.
            while isinstance(part, dict) and "if" in part:
                parts.append(part)
                part = part.get("else")
        for part in parts:
            condition = part["if"]
            for branch in [condition, *condition.get("anyOf", [])]:
                for key, value in branch.get("properties", {}).items():
                    values = [value["const"]] if "const" in value else value.get("enum", [])
                    values = [v for v in values if v is not None]
                    if values:
                        out.append((key, values, key in branch.get("required", []), part.get("then", {})))
        return out

    def selected_by(self, name: str) -> list[tuple[str, list, bool]]:
        """The rules that select `name`: `if X = value then {"$ref": name}` rules of
        other definitions, or, for a pointer to a `then`, the `if` beside it.
        Each: (X, values, whether X is required there)."""
        out = []
        for parent, definition in self.defs.items():
            for key, values, needed, then in self.rules(definition):
                if isinstance(then, dict) and then.get("$ref") == f"#/$defs/{name}":
                    needed = needed and key in definition.get("required", [])
                    out.append((key, values, needed))
        if name.endswith("/then"):
            parent = self.lookup(name[: -len("/then")])
            owner = self.lookup(name.split("#")[0])
            for key, values, needed, then in self.rules({"if": parent["if"], "then": parent.get("then")}):
                out.append((key, values, needed and key in owner.get("required", [])))
        return out

    def view(self, name: str) -> tuple[dict, set]:
        """Our properties (schemas) and required keys of a definition, with the
        discriminator an `if` rule selecting it fixes."""
        definition = self.resolve(self.lookup(name))
        properties = dict(definition.get("properties", {}))
        required = set(definition.get("required", []))
        chosen: dict = {}
        for key, values, needed in self.selected_by(name):
            chosen.setdefault(key, set()).update(values)
            if needed:
                required.add(key)
        for key, values in chosen.items():
            if not properties.get(key):
                properties[key] = {"enum": sorted(values, key=str)}
        return properties, required


def qualify(node, file: str):
    """A sibling schema with its own `#/…` references written as `file#/…`."""
    if isinstance(node, dict):
        return {
            k: (file + v if k == "$ref" and isinstance(v, str) and v.startswith("#") else qualify(v, file))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [qualify(v, file) for v in node]
    return node


# ---------------------------------------------------------------------------
# The comparison.


def fmt(values) -> str:
    return "any" if values is None else "[" + ", ".join(sorted(map(str, values))) + "]"


def enum_diff(mine, theirs) -> str:
    """What one enum has and the other lacks."""
    if mine is None or theirs is None:
        return f"{fmt(mine)}, theirs {fmt(theirs)}"
    return f"ours only {fmt(mine - theirs)}, theirs only {fmt(theirs - mine)}"


def merge(facts_list: list[dict]) -> dict:
    """Theirs over variants: the union of the enums (any if one is open), the first's bounds."""
    out = dict(facts_list[0])
    if any(f["enum"] is None for f in facts_list):
        out["enum"] = None
    else:
        out["enum"] = set().union(*(f["enum"] for f in facts_list))
    return out


def compare_properties(name, prefix, kind, mine_props, theirs_props, ours, bounds) -> list[Diff]:
    """Enums, bounds and item enums of the properties both have."""
    diffs = []
    for key in sorted(set(mine_props) & set(theirs_props)):
        label = f"{prefix}{key}"
        mine = facts(mine_props[key], ours.resolve)
        theirs = merge(theirs_props[key])
        if mine["enum"] != theirs["enum"]:
            message = f"{name}.{label}: enum {enum_diff(mine['enum'], theirs['enum'])}"
            diffs.append((name, label, kind + "enum", message))
        for bound in BOUNDS if bounds else ():
            if mine[bound] != theirs[bound]:
                message = f"{name}.{label}: {bound} {mine[bound]}, theirs {theirs[bound]}"
                diffs.append((name, label, kind + bound, message))
        if mine["items"] and theirs["items"] and mine["items"]["enum"] != theirs["items"]["enum"]:
            message = f"{name}.{label}[]: enum {enum_diff(mine['items']['enum'], theirs['items']['enum'])}"
            diffs.append((name, label, kind + "items enum", message))
    return diffs


def compare(source, ours: Ours, mapping: dict[str, tuple[list[str], bool]]) -> list[Diff]:
    """Every difference between our definitions and the provider types `mapping` names.

    `mapping`: our definition -> (the provider types it follows, whether it
    lists every key). Several types, or a union type, make a union: the
    variants are merged. `keys=False`: the definition checks the discriminator
    (type or role) and what each variant requires, and leaves each variant's
    other keys to the variant's own definition or open."""
    diffs: list[Diff] = []
    for name, (targets, all_keys) in mapping.items():
        per_variant = []
        for target in targets:
            try:
                per_variant += source.target_variants(target)
            except (KeyError, IndexError) as error:
                diffs.append((name, target, "missing", f"{name}: {target} is not in the document ({error})"))
        merged: dict = {}
        for properties, _ in per_variant:
            for key, f in properties.items():
                merged.setdefault(key, []).append(f)
        required_by_all = set.intersection(*(r for _, r in per_variant)) if per_variant else set()
        our_properties, our_required = ours.view(name)
        targets_text = "/".join(targets)

        if all_keys:
            for key in sorted(set(our_properties) - set(merged)):
                diffs.append((name, key, "key ours only", f"{name}: `{key}` is ours only"))
            for key in sorted(set(merged) - set(our_properties)):
                diffs.append((name, key, "key theirs only", f"{name}: `{key}` is in {targets_text} only"))
        for key in sorted(our_required - required_by_all):
            diffs.append((name, key, "required", f"{name}: `{key}` is required by ours only"))
        for key in sorted(required_by_all - our_required):
            diffs.append((name, key, "required", f"{name}: `{key}` is required by {targets_text} only"))
        diffs += compare_properties(name, "", "", our_properties, merged, ours, source.bounds)

        # The variants: against our `if X = value then …` rules.
        if len(per_variant) < 2:
            continue
        definition = ours.resolve(ours.lookup(name))
        rules = {}
        for key, values, _, then in ours.rules(definition):
            for value in values:
                rules[value] = (key, then)
        key = next((k for k, _ in rules.values()), "type")
        by_value: dict = {}
        for properties, required in per_variant:
            for value in (properties[key]["enum"] or ()) if key in properties else ():
                by_value.setdefault(value, []).append((properties, required))
        for value in sorted(set(rules) - set(by_value), key=str):
            diffs.append((name, value, "variant", f"{name}: no variant of theirs has {key} {value!r}"))
        for value, variants in sorted(by_value.items(), key=lambda item: str(item[0])):
            then = rules.get(value, (key, {}))[1]
            if not isinstance(then, dict) or "$ref" in then:
                continue  # the referenced definition has its own entry
            expected = set.intersection(*(r for _, r in variants)) - {key} - our_required
            mine = set(then.get("required", []))
            if mine != expected:
                message = f"{name} ({key} {value}): required {sorted(mine)}, theirs {sorted(expected)}"
                diffs.append((name, value, "variant required", message))
            if "properties" not in then or then.get("additionalProperties") is not False:
                continue  # an open variant lists no keys
            mine_props = {k: v for k, v in then["properties"].items() if k != key}
            theirs_props: dict = {}
            for properties, _ in variants:
                for k, f in properties.items():
                    if k != key:
                        theirs_props.setdefault(k, []).append(f)
            for k in sorted(set(mine_props) - set(theirs_props) - set(our_properties)):
                message = f"{name} ({key} {value}): `{k}` is ours only"
                diffs.append((name, f"{value}.{k}", "variant key ours only", message))
            for k in sorted(set(theirs_props) - set(mine_props) - set(our_properties)):
                message = f"{name} ({key} {value}): `{k}` is theirs only"
                diffs.append((name, f"{value}.{k}", "variant key theirs only", message))
            diffs += compare_properties(name, f"{value}.", "variant ", mine_props, theirs_props, ours, source.bounds)
    return diffs


def report(diffs: list[Diff], allowed: dict, mapping: dict, ours: Ours, what: str, verbose: bool) -> int:
    """Prints the differences not allowed, and the allowed ones no longer found; 1 if any."""
    failed = 0
    count = 0
    used = set()
    for definition, key, kind, message in diffs:
        reason = allowed.get((definition, key, kind))
        if reason is not None:
            used.add((definition, key, kind))
            count += 1
            if verbose:
                print(f"allowed: {message} ({reason})")
            continue
        failed += 1
        print(message)
    for stale in sorted(set(allowed) - used):
        failed += 1
        print(f"allowed but no longer different (remove it from ALLOWED): {stale}")
    mapped = {n.split("#")[0] for n in mapping}
    unmapped = [n for n in ours.defs if n not in mapped]
    if unmapped:
        print(f"note: definitions not compared (not in MAPPING): {', '.join(unmapped)}")
    total = len(mapping)
    if failed:
        print(f"{failed} difference(s) in {total} definitions ({count} allowed)")
        return 1
    print(f"{total} definitions agree with {what} ({count} deliberate differences allowed)")
    return 0


def main(doc: str, schema: str, mapping: dict, allowed: dict, kind: str) -> int:
    """The command line of a checker: `kind` is "spec" (an OpenAPI document) or
    "sdk" (an SDK's types folder)."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    if kind == "spec":
        parser.add_argument("--spec", required=True, type=Path, help="the provider's OpenAPI document (YAML or JSON)")
    else:
        parser.add_argument("--sdk", required=True, type=Path, help="the SDK's types folder (…/src/<package>/types)")
    parser.add_argument(
        "--schema",
        type=Path,
        default=SCHEMAS / schema,
        help=f"our schema (default: schemas/{schema} of this repository)",
    )
    parser.add_argument("--verbose", action="store_true", help="also print the allowed differences")
    args = parser.parse_args()

    if kind == "spec":
        source = OpenAPI(load_yaml(args.spec))
        what = "the OpenAPI document"
    else:
        if not args.sdk.is_dir():
            print(f"not a folder: {args.sdk}")
            return 1
        source = TypedDicts(args.sdk)
        what = "the SDK's types"
    ours = Ours(args.schema)
    missing = []
    for name in mapping:
        try:
            ours.lookup(name)
        except (KeyError, IndexError):
            missing.append(name)
    if missing:
        print(f"not in {args.schema}: {', '.join(missing)}")
        return 1
    return report(compare(source, ours, mapping), allowed, mapping, ours, what, args.verbose)
