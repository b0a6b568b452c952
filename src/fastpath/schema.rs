//! A fast path for any line schema: the schema's keywords compiled into
//! checks of a record's [`Tape`](crate::tape::Tape), run before (and most of
//! the time instead of) `jsonschema`'s validator over the same tape.
//!
//! The subschemas become [`Node`]s: the [`Leaf`] checks of a value (type,
//! `enum`, lengths, ranges, patterns of the common shapes, `format: uri`),
//! an object's `properties`, `required` and `additionalProperties`, an
//! array's `items`, `allOf`, `if`/`then`/`else`, and `$ref`s within the
//! document (recursive ones too). A schema with anything else (another
//! keyword, a `$ref` to another document, a `$ref` beside other keywords, a
//! draft that reads these keywords otherwise) is not compiled, and its
//! records go to the validator as before.
//!
//! A check says [`Verdict::Valid`], [`Verdict::Invalid`] or, where it cannot
//! tell (a URI of an unusual shape, an integer beyond 2^53),
//! [`Verdict::Unknown`]. Only "valid" calls a record clean; the others leave
//! it to the validator, which decides and reports. `Invalid` must still be
//! exact, because an `if` takes its `then` or `else` by it: the property
//! tests below hold both verdicts to the validator's.

use std::collections::HashMap;

use jsonschema::json::{Array, Node as _, Object};
use serde_json::{Map, Value};

use super::leaf::{ANY, Leaf, ROOT_KEYS, Scalar, Verdict, exact_f64, resolve};
use crate::tape::TapeNode;
use crate::text::same;

/// The keywords a [`Node`] reads itself, beside its [`Leaf`]'s.
const NODE_KEYS: &[&str] = &["properties", "required", "additionalProperties", "items", "allOf", "if", "then", "else"];
/// The drafts whose meaning of the keywords above is the one checked here
/// (a document without `$schema` is read as the newest).
const DRAFTS: &[&str] = &[
    "https://json-schema.org/draft/2020-12/schema",
    "https://json-schema.org/draft/2019-09/schema",
    "http://json-schema.org/draft-07/schema#",
    "http://json-schema.org/draft-07/schema",
];
/// The most properties one object's subschema may name (the ones a record
/// has are marked in a `u128`).
const MAX_PROPERTIES: usize = 128;
/// The most subschemas applied to one value one inside another (`allOf`,
/// `if`, `$ref` loops that never descend into the value): deeper, the
/// verdict is [`Verdict::Unknown`].
const MAX_DEPTH: usize = 256;

/// A line schema compiled into checks of a tape.
#[derive(Debug)]
pub(crate) struct SchemaChecks {
    /// The subschemas; the document's root is the first.
    nodes: Vec<Node>,
}

/// One subschema's checks.
#[derive(Debug, Default)]
struct Node {
    /// The checks of the value itself; `None` when there are none.
    leaf: Option<Leaf>,
    /// What the value's members must meet, if it is an object.
    object: Option<ObjectChecks>,
    /// `items`: the node every element meets.
    items: Option<usize>,
    /// `allOf`: the nodes the value meets as well.
    all_of: Vec<usize>,
    /// `if`, and the `then` and `else` nodes (either may be absent).
    condition: Option<(usize, Option<usize>, Option<usize>)>,
}

/// What a subschema asks of an object's members.
#[derive(Debug)]
struct ObjectChecks {
    /// Each key named by `properties` or `required`, with its node if
    /// `properties` gives one.
    keys: Vec<(Box<str>, Option<usize>)>,
    /// Bit `i` set when `keys[i]` is required.
    required: u128,
    /// What the value of every other key must meet.
    additional: Additional,
}

/// `additionalProperties`: absent or `true`, `false`, or a subschema.
#[derive(Debug)]
enum Additional {
    Any,
    Never,
    Node(usize),
}

/// Builds the nodes of one document.
struct Compiler<'d> {
    document: &'d Value,
    nodes: Vec<Node>,
    /// The node of each subschema compiled or being compiled, by address.
    done: HashMap<*const Value, usize>,
}

impl SchemaChecks {
    /// The checks of the schema `document`, or `None` if it holds anything
    /// this module does not compile.
    pub(crate) fn of(document: &Value) -> Option<SchemaChecks> {
        let draft = document.get("$schema").map(Value::as_str);
        if draft.is_some_and(|d| !d.is_some_and(|d| DRAFTS.contains(&d))) {
            return None;
        }
        let mut compiler = Compiler { document, nodes: Vec::new(), done: HashMap::new() };
        compiler.node(document)?;
        Some(SchemaChecks { nodes: compiler.nodes })
    }

    /// Whether `record` (a tape's root) is valid: `true` only when the
    /// schema's validator would find no error at all.
    pub(crate) fn accepts(&self, record: TapeNode<'_>) -> bool {
        self.check(0, record, 0) == Verdict::Valid
    }

    /// The verdict of node `at` on `value`, `depth` subschemas deep.
    fn check(&self, at: usize, value: TapeNode<'_>, depth: usize) -> Verdict {
        if depth > MAX_DEPTH {
            return Verdict::Unknown;
        }
        let node = &self.nodes[at];
        let mut verdict = match (&node.leaf, scalar(value)) {
            (None, _) => Verdict::Valid,
            (Some(leaf), Some(scalar)) => leaf.verdict(scalar),
            (Some(_), None) => Verdict::Unknown,
        };
        if let (Some(checks), Some(object)) = (&node.object, value.as_object()) {
            verdict = verdict.and(self.members(checks, object, depth));
        }
        if let (Some(items), Some(array)) = (node.items, value.as_array()) {
            for element in array.elements() {
                if verdict == Verdict::Invalid {
                    break;
                }
                verdict = verdict.and(self.check(items, element, depth + 1));
            }
        }
        for &sub in &node.all_of {
            if verdict == Verdict::Invalid {
                break;
            }
            verdict = verdict.and(self.check(sub, value, depth + 1));
        }
        if verdict == Verdict::Invalid {
            return verdict;
        }
        if let Some((when, then, otherwise)) = node.condition {
            let branch = match self.check(when, value, depth + 1) {
                Verdict::Valid => then,
                Verdict::Invalid => otherwise,
                Verdict::Unknown => return Verdict::Unknown,
            };
            if let Some(branch) = branch {
                verdict = verdict.and(self.check(branch, value, depth + 1));
            }
        }
        verdict
    }

    /// The verdict on an object's members.
    fn members(&self, checks: &ObjectChecks, object: crate::tape::TapeObject<'_>, depth: usize) -> Verdict {
        let mut verdict = Verdict::Valid;
        let mut present = 0u128;
        for (key, value) in object.members() {
            let node = match checks.keys.iter().position(|(name, _)| same(name.as_bytes(), key.as_bytes())) {
                Some(i) => {
                    present |= 1 << i;
                    checks.keys[i].1
                }
                None => match checks.additional {
                    Additional::Any => None,
                    Additional::Never => return Verdict::Invalid,
                    Additional::Node(node) => Some(node),
                },
            };
            if let Some(node) = node {
                verdict = verdict.and(self.check(node, value, depth + 1));
                if verdict == Verdict::Invalid {
                    return verdict;
                }
            }
        }
        if present & checks.required != checks.required {
            return Verdict::Invalid;
        }
        verdict
    }
}

/// A value of the tape as a leaf checks it; `None` for an integer an `f64`
/// would round.
fn scalar<'a>(value: TapeNode<'a>) -> Option<Scalar<'a>> {
    Some(if let Some(s) = value.string() {
        Scalar::Str(s)
    } else if let Some(n) = value.as_number() {
        Scalar::Num(exact_f64(n)?)
    } else if let Some(b) = value.as_boolean() {
        Scalar::Bool(b)
    } else if let Some(array) = value.as_array() {
        Scalar::Array(array.len())
    } else if value.is_object() {
        Scalar::Object
    } else {
        Scalar::Null
    })
}

impl Compiler<'_> {
    /// The node of `schema` (following its `$ref`), compiled once.
    fn node(&mut self, schema: &Value) -> Option<usize> {
        let document = self.document;
        let schema = if schema.is_boolean() { schema } else { resolve(document, schema)? };
        if let Some(&at) = self.done.get(&std::ptr::from_ref(schema)) {
            return Some(at);
        }
        let at = self.nodes.len();
        self.nodes.push(Node::default());
        self.done.insert(std::ptr::from_ref(schema), at);
        let map = match schema {
            Value::Bool(true) => return Some(at),
            Value::Object(map) => map,
            _ => return None,
        };
        let keys: &[&[&str]] = if std::ptr::eq(schema, document) { &[NODE_KEYS, ROOT_KEYS] } else { &[NODE_KEYS] };
        let leaf = Leaf::of(map, keys, ANY)?;
        let object = self.object(map)?;
        let items = map.get("items").map(|items| self.node(items)).map_or(Some(None), |n| n.map(Some))?;
        let all_of = match map.get("allOf") {
            Some(all) => all.as_array()?.iter().map(|sub| self.node(sub)).collect::<Option<_>>()?,
            None => Vec::new(),
        };
        let mut optional = |key: &str| map.get(key).map(|sub| self.node(sub)).map_or(Some(None), |n| n.map(Some));
        let (when, then, otherwise) = (optional("if")?, optional("then")?, optional("else")?);
        let condition = when.map(|when| (when, then, otherwise));
        self.nodes[at] = Node { leaf: Some(leaf).filter(|l| !l.is_empty()), object, items, all_of, condition };
        Some(at)
    }

    /// The member checks of an object's subschema (`Some(None)` when it has
    /// none), or `None` if they are not compiled.
    fn object(&mut self, map: &Map<String, Value>) -> Option<Option<ObjectChecks>> {
        let (properties, required, additional) =
            (map.get("properties"), map.get("required"), map.get("additionalProperties"));
        if properties.is_none() && required.is_none() && additional.is_none() {
            return Some(None);
        }
        let mut keys: Vec<(Box<str>, Option<usize>)> = Vec::new();
        for (name, sub) in properties.map(Value::as_object).unwrap_or(Some(&Map::new()))? {
            keys.push((name.as_str().into(), Some(self.node(sub)?)));
        }
        let mut bits = 0u128;
        for name in required.map(Value::as_array).unwrap_or(Some(&Vec::new()))? {
            let name = name.as_str()?;
            let i = keys.iter().position(|(n, _)| &**n == name).unwrap_or_else(|| {
                keys.push((name.into(), None));
                keys.len() - 1
            });
            if i >= MAX_PROPERTIES {
                return None;
            }
            bits |= 1 << i;
        }
        if keys.len() > MAX_PROPERTIES {
            return None;
        }
        let additional = match additional {
            None | Some(Value::Bool(true)) => Additional::Any,
            Some(Value::Bool(false)) => Additional::Never,
            Some(sub) => Additional::Node(self.node(sub)?),
        };
        Some(Some(ObjectChecks { keys, required: bits, additional }))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;
    use crate::schema::LineSchema;
    use crate::tape::Tape;

    /// The benchmark's line schema: `$ref`s, `if`/`then`/`else`, `const`,
    /// `enum`, a pattern of two runs, `format: uri`, lengths and ranges.
    fn batch_line() -> Value {
        serde_json::from_str(include_str!("../../testdata/check/batch-line.schema.json")).unwrap()
    }

    /// The other keywords compiled: `allOf`, `additionalProperties` as a
    /// schema, `items` of a recursive `$ref`, integers and exclusive bounds,
    /// an `enum` of mixed values, `else`, a schema `true`.
    fn others() -> Value {
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$defs": {
                "tree": {
                    "type": "object",
                    "properties": {
                        "n": {"type": "integer", "exclusiveMinimum": -5, "exclusiveMaximum": 5},
                        "kids": {"type": "array", "items": {"$ref": "#/$defs/tree"}, "maxItems": 3}
                    },
                    "additionalProperties": {"type": ["string", "null"], "maxLength": 3}
                }
            },
            "type": "object",
            "required": ["a"],
            "properties": {
                "a": {"enum": [1, "x", true, null, 2.5, 9007199254740993_u64]},
                "b": {"$ref": "#/$defs/tree"},
                "c": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^[a-c][0-9]*$"}},
                "d": {"allOf": [{"type": "number", "minimum": 0}, {"maximum": 10}]},
                "e": true
            },
            "if": {"properties": {"a": {"const": 1}}, "required": ["a"]},
            "then": {"required": ["b"]},
            "else": {"properties": {"c": {"maxItems": 2}}}
        })
    }

    /// The compiled verdict on `text`, after checking it against the
    /// validator's: "valid" and "invalid" only where the validator says so.
    fn verdict(schema: &LineSchema, checks: &SchemaChecks, text: &str) -> Option<Verdict> {
        let tape = Tape::parse(text)?;
        let valid = schema.tape_validator().is_valid(tape.root());
        let verdict = checks.check(0, tape.root(), 0);
        match verdict {
            Verdict::Valid => assert!(valid, "compiled checks accept, the validator refuses: {text}"),
            Verdict::Invalid => assert!(!valid, "compiled checks refuse, the validator accepts: {text}"),
            Verdict::Unknown => {}
        }
        Some(verdict)
    }

    /// The schema compiled both ways.
    fn both(document: Value) -> (LineSchema, SchemaChecks) {
        let checks = SchemaChecks::of(&document).unwrap();
        (LineSchema::compile("test", document, None).unwrap(), checks)
    }

    fn batch_line_schema() -> &'static (LineSchema, SchemaChecks) {
        static BOTH: std::sync::OnceLock<(LineSchema, SchemaChecks)> = std::sync::OnceLock::new();
        BOTH.get_or_init(|| both(batch_line()))
    }

    fn others_schema() -> &'static (LineSchema, SchemaChecks) {
        static BOTH: std::sync::OnceLock<(LineSchema, SchemaChecks)> = std::sync::OnceLock::new();
        BOTH.get_or_init(|| both(others()))
    }

    const VALID: &str = r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://v.example/a.mp4"},{"type":"text","provider":{"name":"elevenlabs","voiceId":"v1","script":"Hi."}}],"options":{"sync_mode":"loop","temperature":0.4,"active_speaker":true},"outputFileName":"a_1","webhookUrl":"https://h.example/x?y=1"}}"#;

    /// Pieces that turn a valid record into nearly valid ones.
    static PIECES: std::sync::LazyLock<Vec<&str>> = std::sync::LazyLock::new(|| {
        crate::testing::value_pieces(&[
            "\"text\"",
            "\"audio\"",
            "\\u0041",
            " ",
            "\"a.b\"",
            "\"https://[::1]/x\"",
            "\"x\":1,",
            "9007199254740993",
        ])
    });

    #[test]
    fn verdicts_on_the_benchmark_schema() {
        let (schema, checks) = batch_line_schema();
        let cases = [
            (VALID.to_owned(), Verdict::Valid),
            (VALID.replace("\"r1\"", "\"r\\u0031.x:y-z\""), Verdict::Valid),
            (VALID.replace("lipsync-2", "lipsync2"), Verdict::Invalid),
            (VALID.replace("\"r1\"", "\".r1\""), Verdict::Invalid),
            (VALID.replace("\"text\"", "\"audio\""), Verdict::Invalid),
            (VALID.replace(r#""video","url""#, r#""text","url""#), Verdict::Invalid),
            (VALID.replace("0.4", "1.5"), Verdict::Invalid),
            (VALID.replace("\"active_speaker\":true", "\"active_speaker\":1"), Verdict::Invalid),
            (VALID.replace("\"options\":{", "\"options\":{\"other\":[1],"), Verdict::Valid),
            (VALID.replace("\"request_id\":\"r1\",", "\"request_id\":\"r1\",\"x\":1,"), Verdict::Invalid),
            (VALID.replace("\"endpoint\":\"/v2/generate\",", ""), Verdict::Invalid),
            (VALID.replace("https://v.example/a.mp4", "https://[::1]/a.mp4"), Verdict::Unknown),
            ("[]".to_owned(), Verdict::Invalid),
        ];
        for (text, expected) in cases {
            assert_eq!(verdict(schema, checks, &text), Some(expected), "{text}");
        }
    }

    #[test]
    fn verdicts_on_the_other_keywords() {
        let (schema, checks) = others_schema();
        let cases = [
            (r#"{"a":"x"}"#, Verdict::Valid),
            (r#"{"a":1,"b":{"n":4,"kids":[{"n":-4,"z":"abc"},{"kids":[]}]}}"#, Verdict::Valid),
            (r#"{"a":1}"#, Verdict::Invalid),
            (r#"{"a":1,"b":{"kids":[{"n":5}]}}"#, Verdict::Invalid),
            (r#"{"a":1,"b":{"z":"abcd"}}"#, Verdict::Invalid),
            (r#"{"a":2.5,"c":["a1","b","c22"]}"#, Verdict::Invalid),
            (r#"{"a":2.5,"c":["a1","b"],"d":10}"#, Verdict::Valid),
            (r#"{"a":null,"d":10.5}"#, Verdict::Invalid),
            (r#"{"a":1.0,"b":{"n":2.0}}"#, Verdict::Valid),
            (r#"{"a":9007199254740993}"#, Verdict::Unknown),
            (r#"{"a":[1]}"#, Verdict::Invalid),
            (r#"{"a":true,"b":{"kids":[[]]}}"#, Verdict::Invalid),
        ];
        for (text, expected) in cases {
            assert_eq!(verdict(schema, checks, text), Some(expected), "{text}");
        }
    }

    #[test]
    fn what_is_not_compiled_is_left_to_the_validator() {
        let refused = [
            json!({"anyOf": [{"type": "string"}]}),
            json!({"properties": {"a": {"$ref": "other.json#/a"}}}),
            json!({"properties": {"a": {"$ref": "#/$defs/x", "type": "string"}}, "$defs": {"x": {}}}),
            json!({"$schema": "http://json-schema.org/draft-04/schema#", "type": "object"}),
            json!({"properties": {"a": {"$id": "x.json", "type": "string"}}}),
            json!({"items": false}),
            json!({"x-vendor": 1}),
            json!({"properties": {"a": {"pattern": "^\\d+$"}}}),
            json!({"properties": {"a": {"format": "email"}}}),
        ];
        for document in refused {
            assert!(SchemaChecks::of(&document).is_none(), "{document}");
        }
        for document in [json!(true), json!({}), json!({"$id": "https://x.example/s.json", "type": "object"})] {
            assert!(SchemaChecks::of(&document).is_some(), "{document}");
        }
    }

    #[test]
    fn an_array_against_an_enum_that_lists_arrays_is_left_to_the_validator() {
        let (schema, checks) = both(json!({"enum": [[1], "x"]}));
        assert_eq!(verdict(&schema, &checks, "[2]"), Some(Verdict::Unknown));
        assert_eq!(verdict(&schema, &checks, "\"y\""), Some(Verdict::Invalid));
    }

    #[test]
    fn a_loop_of_subschemas_on_one_value_is_left_to_the_validator() {
        let document = json!({"$defs": {"a": {"allOf": [{"$ref": "#/$defs/a"}]}}, "$ref": "#/$defs/a"});
        let checks = SchemaChecks::of(&document).unwrap();
        assert_eq!(checks.check(0, Tape::parse("{}").unwrap().root(), 0), Verdict::Unknown);
    }

    /// The diagnostics and summary of `input` checked with the benchmark
    /// schema as the user's, the fast paths on or off.
    fn report(fast: bool, input: &str) -> (Vec<crate::Diagnostic>, crate::Summary) {
        static LINTERS: std::sync::OnceLock<[crate::lint::Linter; 2]> = std::sync::OnceLock::new();
        let linters = LINTERS.get_or_init(|| {
            [false, true].map(|fast| {
                let mut profile = crate::profile::Profile::sync().unwrap().with_schema(batch_line_schema().0.clone());
                profile.limits.min_records = None;
                profile.fast_path = fast;
                crate::lint::Linter::new(profile)
            })
        });
        let mut found = Vec::new();
        let summary = linters[usize::from(fast)].check_reader(input.as_bytes(), |d| found.push(d)).unwrap();
        (found, summary)
    }

    /// A JSON value of the keys and values `others()` speaks of.
    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            (-7_i64..12).prop_map(Value::from),
            prop_oneof![Just(2.5), Just(-0.5), Just(4.0), Just(10.5), Just(1e300)].prop_map(Value::from),
            Just(json!(9_007_199_254_740_993_u64)),
            "[a-dx0-9é]{0,4}".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                proptest::collection::btree_map("[a-e]|n|kids|z", inner, 0..5)
                    .prop_map(|members| Value::Object(members.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Records near a valid one: the compiled verdict never contradicts
        /// the validator's.
        #[test]
        fn near_valid_records_get_the_validators_verdict(
            edits in proptest::collection::vec((0..VALID.len(), 0..4usize, 0..PIECES.len()), 0..4)
        ) {
            let (schema, checks) = batch_line_schema();
            verdict(schema, checks, &crate::testing::apply_edits(VALID, &PIECES, &edits));
        }

        /// Files of a near-valid record and a valid one, checked with the
        /// benchmark schema as the user's: the diagnostics and the summary
        /// are the same with the fast paths on and off.
        #[test]
        fn the_compiled_checks_never_change_what_is_reported(
            edits in proptest::collection::vec((0..VALID.len(), 0..4usize, 0..PIECES.len()), 0..4)
        ) {
            let line = crate::testing::apply_edits(VALID, &PIECES, &edits);
            let input = format!("{line}\n{VALID}\n");
            prop_assert_eq!(report(true, &input), report(false, &input), "{}", input);
        }

        /// Any value of the keys the schema names, nested: the same.
        #[test]
        fn any_value_gets_the_validators_verdict(value in value()) {
            let (schema, checks) = others_schema();
            verdict(schema, checks, &value.to_string());
        }
    }
}
