//! What the fast path checks of each value it reads, read from the value's
//! subschema in the profile's schema document: types, `enum` and `const`,
//! lengths, ranges, item counts, the `uri` format and the common shapes of
//! `pattern`. Nothing here names a field or a value of an API: a change to
//! the schema changes what the fast path accepts.
//!
//! A subschema with a keyword this module does not know (or a pattern of
//! another shape) is not derived at all, and the fast path is then off for
//! the profile: it may only be slower than the schema, never laxer.

use regex_syntax::hir::{Class, Hir, HirKind, Look};
use serde_json::{Map, Value};

use crate::text::same;

/// A value of a record as the typed parse holds it.
#[derive(Clone, Copy, Debug)]
pub(super) enum Scalar<'a> {
    Str(&'a str),
    Num(f64),
    Bool(bool),
    Null,
    /// An array, by its number of items (the items are checked on their own).
    Array(usize),
    /// An object (its members are checked on their own).
    Object,
}

/// Keywords that say nothing about validity. (`$id` and `$anchor` are not
/// among them: below the root they change what a `$ref` inside points at.)
const ANNOTATIONS: [&str; 11] = [
    "title",
    "description",
    "$comment",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$schema",
    "$defs",
    "definitions",
];

/// The keys a document's root may hold beside the keywords its object
/// checks read: its `$id` and `$anchor` give the `$ref`s of the document the
/// base they are read against.
pub(super) const ROOT_KEYS: &[&str] = &["$id", "$anchor"];

/// The JSON types, as bits of [`Check::Types`].
pub(super) const STRING: u8 = 1;
pub(super) const NUMBER: u8 = 2;
pub(super) const INTEGER: u8 = 4;
pub(super) const BOOLEAN: u8 = 8;
pub(super) const NULL: u8 = 16;
pub(super) const ARRAY: u8 = 32;
pub(super) const OBJECT: u8 = 64;
/// Any type.
pub(super) const ANY: u8 = 127;

/// What one value must satisfy: the checks its subschema asks for, and
/// only those (most values have one or two).
#[derive(Debug)]
pub(super) struct Leaf {
    checks: Vec<Check>,
}

/// One keyword's check.
#[derive(Debug)]
enum Check {
    /// `type`: the types allowed, as bits.
    Types(u8),
    /// `enum` or `const` of strings only.
    Strings(Box<[Box<str>]>),
    /// `enum` or `const` of other values.
    Values(Box<[Value]>),
    MinLength(usize),
    MaxLength(usize),
    Pattern(Pattern),
    /// `format: uri`.
    Uri,
    Minimum(f64),
    Maximum(f64),
    ExclusiveMinimum(f64),
    ExclusiveMaximum(f64),
    MinItems(usize),
    MaxItems(usize),
}

/// The most `$ref`s followed one after another (a longer chain, or a loop,
/// is not derived).
const MAX_REF_HOPS: usize = 32;

/// Follows a subschema's `$ref` within the document: the subschema it
/// stands for, if the `$ref` is all it holds (annotations aside).
pub(super) fn resolve<'a>(document: &'a Value, mut schema: &'a Value) -> Option<&'a Value> {
    for _ in 0..MAX_REF_HOPS {
        let map = schema.as_object()?;
        let Some(reference) = map.get("$ref") else { return Some(schema) };
        if map.keys().any(|k| k != "$ref" && !ANNOTATIONS.contains(&k.as_str())) {
            return None;
        }
        schema = document.pointer(reference.as_str()?.strip_prefix('#')?)?;
    }
    None
}

/// The largest integer every smaller one of which an `f64` holds exactly.
const EXACT_INTEGERS: u64 = 1 << 53;

/// `number` as an `f64` that holds it exactly: a larger integer would be
/// compared rounded, where the schema compares it exactly.
pub(super) fn exact_f64(number: &serde_json::Number) -> Option<f64> {
    match (number.as_u64(), number.as_i64()) {
        (Some(n), _) => (n <= EXACT_INTEGERS).then_some(n as f64),
        (_, Some(n)) => (n.unsigned_abs() <= EXACT_INTEGERS).then_some(n as f64),
        _ => number.as_f64(),
    }
}

fn count(value: &Value) -> Option<usize> {
    value.as_u64().and_then(|n| usize::try_from(n).ok())
}

impl Leaf {
    /// The checks of `schema` (a resolved subschema) on a value whose type
    /// is one of `kinds` (bits; the typed parse holds nothing else), leaving
    /// out the keys of the lists `handled` elsewhere (an object's `properties`, an array's
    /// `items`); `None` if it holds any other keyword.
    pub(super) fn of(schema: &Map<String, Value>, handled: &[&[&str]], kinds: u8) -> Option<Leaf> {
        let mut checks = Vec::new();
        for (key, value) in schema {
            let check = match key.as_str() {
                // A type every value of the field has needs no check.
                "type" if kinds & !types(value)? == 0 => continue,
                "type" => Check::Types(types(value)?),
                "enum" => Check::one_of(value.as_array()?),
                "const" => Check::one_of(std::slice::from_ref(value)),
                "minLength" => Check::MinLength(count(value)?),
                "maxLength" => Check::MaxLength(count(value)?),
                "pattern" => Check::Pattern(Pattern::of(value.as_str()?)?),
                "format" if value == "uri" => Check::Uri,
                "minimum" => Check::Minimum(exact_f64(value.as_number()?)?),
                "maximum" => Check::Maximum(exact_f64(value.as_number()?)?),
                "exclusiveMinimum" => Check::ExclusiveMinimum(exact_f64(value.as_number()?)?),
                "exclusiveMaximum" => Check::ExclusiveMaximum(exact_f64(value.as_number()?)?),
                "minItems" => Check::MinItems(count(value)?),
                "maxItems" => Check::MaxItems(count(value)?),
                k if ANNOTATIONS.contains(&k) || handled.iter().any(|keys| keys.contains(&k)) => continue,
                _ => return None,
            };
            checks.push(check);
        }
        // The type first: the other checks' verdicts on a value of another
        // type do not matter then.
        checks.sort_by_key(|c| !matches!(c, Check::Types(_)));
        Some(Leaf { checks })
    }

    /// Whether the leaf checks nothing.
    pub(super) fn is_empty(&self) -> bool {
        self.checks.is_empty()
    }

    /// Whether `value` meets every check.
    pub(super) fn accepts(&self, value: Scalar<'_>) -> bool {
        self.checks.iter().all(|check| check.accepts(value))
    }

    /// Whether `value` meets every check, fails one as the schema would
    /// fail it, or fails only checks that cannot say so (an unusual URI).
    pub(super) fn verdict(&self, value: Scalar<'_>) -> Verdict {
        let mut verdict = Verdict::Valid;
        for check in self.checks.iter().filter(|check| !check.accepts(value)) {
            if check.refuses_exactly(value) {
                return Verdict::Invalid;
            }
            verdict = Verdict::Unknown;
        }
        verdict
    }
}

/// What a check decides of a value: [`Verdict::Unknown`] when only the full
/// validator can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Verdict {
    Valid,
    Invalid,
    Unknown,
}

impl Verdict {
    /// Both verdicts at once: invalid if either is, valid if both are.
    pub(super) fn and(self, other: Verdict) -> Verdict {
        match (self, other) {
            (Verdict::Invalid, _) | (_, Verdict::Invalid) => Verdict::Invalid,
            (Verdict::Valid, Verdict::Valid) => Verdict::Valid,
            _ => Verdict::Unknown,
        }
    }
}

impl Check {
    /// `enum` (or `const`) of `values`.
    fn one_of(values: &[Value]) -> Check {
        match values.iter().map(|v| v.as_str().map(Box::from)).collect::<Option<_>>() {
            Some(strings) => Check::Strings(strings),
            None => Check::Values(values.into()),
        }
    }

    /// Whether a refusal of `value` by this check is the schema's too: not
    /// for a URI of a shape [`super::uri_ok`] does not know, nor for an array
    /// or object against an `enum` that lists some (only scalars are
    /// compared here).
    fn refuses_exactly(&self, value: Scalar<'_>) -> bool {
        match (self, value) {
            (Check::Uri, _) => false,
            (Check::Values(values), Scalar::Array(_) | Scalar::Object) => {
                !values.iter().any(|v| v.is_array() || v.is_object())
            }
            _ => true,
        }
    }

    /// Whether `value` meets this check (a keyword about another type is met).
    fn accepts(&self, value: Scalar<'_>) -> bool {
        match (self, value) {
            (Check::Types(types), _) => has_type(*types, value),
            (Check::Strings(strings), Scalar::Str(s)) => strings.iter().any(|x| same(x.as_bytes(), s.as_bytes())),
            (Check::Strings(_), _) => false,
            (Check::Values(values), _) => values.iter().any(|v| equals(v, value)),
            // Lengths count characters; a string has no more characters than
            // bytes, so most strings are decided on their byte length.
            (Check::MinLength(min), Scalar::Str(s)) => s.len() >= *min && (*min <= 1 || s.chars().count() >= *min),
            (Check::MaxLength(max), Scalar::Str(s)) => s.len() <= *max || s.chars().count() <= *max,
            (Check::Pattern(pattern), Scalar::Str(s)) => pattern.matches(s),
            (Check::Uri, Scalar::Str(s)) => super::uri_ok(s),
            (Check::Minimum(m), Scalar::Num(x)) => x >= *m,
            (Check::Maximum(m), Scalar::Num(x)) => x <= *m,
            (Check::ExclusiveMinimum(m), Scalar::Num(x)) => x > *m,
            (Check::ExclusiveMaximum(m), Scalar::Num(x)) => x < *m,
            (Check::MinItems(min), Scalar::Array(n)) => n >= *min,
            (Check::MaxItems(max), Scalar::Array(n)) => n <= *max,
            _ => true,
        }
    }
}

/// Whether `value` has one of the `types` (an integral number is of both
/// number types).
fn has_type(types: u8, value: Scalar<'_>) -> bool {
    let bit = match value {
        Scalar::Str(_) => STRING,
        Scalar::Num(_) if types & NUMBER != 0 => NUMBER,
        Scalar::Num(x) if x.fract() == 0.0 => INTEGER,
        Scalar::Num(_) => NUMBER,
        Scalar::Bool(_) => BOOLEAN,
        Scalar::Null => NULL,
        Scalar::Array(_) => ARRAY,
        Scalar::Object => OBJECT,
    };
    types & bit != 0
}

/// `value` equal to `scalar` as JSON Schema compares (numbers by value).
pub(super) fn equals(value: &Value, scalar: Scalar<'_>) -> bool {
    match (value, scalar) {
        (Value::String(v), Scalar::Str(s)) => v == s,
        (Value::Number(v), Scalar::Num(x)) => exact_f64(v) == Some(x),
        (Value::Bool(v), Scalar::Bool(b)) => *v == b,
        (Value::Null, Scalar::Null) => true,
        _ => false,
    }
}

/// The bits of a `type` keyword.
fn types(value: &Value) -> Option<u8> {
    let bit = |name: &Value| match name.as_str()? {
        "string" => Some(STRING),
        "number" => Some(NUMBER | INTEGER),
        "integer" => Some(INTEGER),
        "boolean" => Some(BOOLEAN),
        "null" => Some(NULL),
        "array" => Some(ARRAY),
        "object" => Some(OBJECT),
        _ => None,
    };
    match value {
        Value::Array(names) => names.iter().try_fold(0, |bits, name| Some(bits | bit(name)?)),
        name => bit(name),
    }
}

/// A `pattern` of a shape checked without a regular expression engine
/// (compiling one costs more than a small file's whole check).
#[derive(Debug, PartialEq)]
pub(super) enum Pattern {
    /// `^[…]{n}…[…]{min,max}$`: runs of ASCII characters, each of a set,
    /// every run but the last of a fixed length.
    Runs(Box<[Run]>),
    /// `^…` and a finite set of strings: the value starts with one of them.
    Prefix(Vec<String>),
    /// `^…$` with a finite set of strings: the value is one of them.
    Exact(Vec<String>),
}

/// `[…]{min,max}`: from `min` to `max` characters of a set of ASCII ones.
#[derive(Debug, PartialEq)]
pub(super) struct Run {
    /// The bytes of the set (no byte past ASCII).
    allowed: Box<[bool; 256]>,
    min: usize,
    max: Option<usize>,
}

/// The most strings a pattern's finite set may hold.
const MAX_STRINGS: usize = 64;

/// Whether ECMA-262, which JSON Schema's patterns follow, reads `pattern`
/// as the parser used here does, as far as the shapes above go: no escapes,
/// no groups with flags, no `.` outside a character class (ECMA's excludes
/// more line breaks), no class that is empty, nested or an operation on
/// classes (ECMA reads `[]`, `[` and `--` in a class literally or not at all).
fn reads_alike(pattern: &str) -> bool {
    if pattern.contains('\\') || ["(?", "[]", "[^]", "&&", "--", "~~"].iter().any(|p| pattern.contains(p)) {
        return false;
    }
    let mut in_class = false;
    pattern.chars().all(|c| {
        match (c, in_class) {
            ('.', false) => return false,
            ('[', true) => return false,
            ('[', false) => in_class = true,
            (']', true) => in_class = false,
            _ => {}
        }
        true
    })
}

impl Pattern {
    /// The shape of `pattern`, if it has one of those above and
    /// [`reads_alike`].
    pub(super) fn of(pattern: &str) -> Option<Pattern> {
        if !reads_alike(pattern) {
            return None;
        }
        let hir = regex_syntax::parse(pattern).ok()?;
        let HirKind::Concat(items) = hir.kind() else { return None };
        let (first, rest) = items.split_first()?;
        if *first.kind() != HirKind::Look(Look::Start) {
            return None;
        }
        let (body, exact) = match rest.split_last() {
            Some((last, body)) if *last.kind() == HirKind::Look(Look::End) => (body, true),
            _ => (rest, false),
        };
        if exact && let Some(runs) = Self::runs(body) {
            return Some(runs);
        }
        let strings = body.iter().try_fold(vec![String::new()], |set, item| product(&set, &strings_of(item)?))?;
        Some(if exact { Pattern::Exact(strings) } else { Pattern::Prefix(strings) })
    }

    /// Runs of classes, each but the last of a fixed length.
    fn runs(items: &[Hir]) -> Option<Pattern> {
        let runs: Vec<Run> = items.iter().map(Run::of).collect::<Option<_>>()?;
        let (_, fixed) = runs.split_last()?;
        fixed.iter().all(|run| run.max == Some(run.min)).then(|| Pattern::Runs(runs.into()))
    }

    /// Whether `s` matches.
    pub(super) fn matches(&self, s: &str) -> bool {
        match self {
            Pattern::Runs(runs) => {
                let mut rest = s.as_bytes();
                runs.iter().enumerate().all(|(i, run)| {
                    let len = if i + 1 == runs.len() { rest.len() } else { run.min };
                    let Some((head, tail)) = rest.split_at_checked(len) else { return false };
                    rest = tail;
                    run.accepts(head)
                })
            }
            Pattern::Prefix(set) => {
                set.iter().any(|p| s.get(..p.len()).is_some_and(|head| same(head.as_bytes(), p.as_bytes())))
            }
            Pattern::Exact(set) => set.iter().any(|p| same(p.as_bytes(), s.as_bytes())),
        }
    }
}

impl Run {
    /// `[…]{min,max}` (or the class alone) of ASCII characters.
    fn of(item: &Hir) -> Option<Run> {
        let (class, min, max) = match item.kind() {
            HirKind::Repetition(r) => (&*r.sub, r.min as usize, r.max.map(|m| m as usize)),
            HirKind::Class(_) => (item, 1, Some(1)),
            _ => return None,
        };
        let HirKind::Class(Class::Unicode(class)) = class.kind() else { return None };
        let mut allowed = Box::new([false; 256]);
        for range in class.ranges() {
            let (start, end) = (u32::from(range.start()), u32::from(range.end()));
            if end >= 128 {
                return None;
            }
            (start..=end).for_each(|c| allowed[c as usize] = true);
        }
        Some(Run { allowed, min, max })
    }

    /// Whether `bytes` are as many characters of the set as the run takes
    /// (bytes of other characters are not ASCII, so never in the set).
    fn accepts(&self, bytes: &[u8]) -> bool {
        bytes.len() >= self.min
            && self.max.is_none_or(|max| bytes.len() <= max)
            && super::accepted_run(bytes, &self.allowed) == bytes.len()
    }
}

/// Every string of `a` followed by one of `b`, if there are not too many.
fn product(a: &[String], b: &[String]) -> Option<Vec<String>> {
    if a.len() * b.len() > MAX_STRINGS {
        return None;
    }
    Some(a.iter().flat_map(|x| b.iter().map(move |y| format!("{x}{y}"))).collect())
}

/// The finite set of strings `item` matches, if it is small.
fn strings_of(item: &Hir) -> Option<Vec<String>> {
    match item.kind() {
        HirKind::Empty => Some(vec![String::new()]),
        HirKind::Literal(literal) => Some(vec![std::str::from_utf8(&literal.0).ok()?.to_owned()]),
        HirKind::Class(Class::Unicode(class)) => {
            let chars = class.ranges().iter().flat_map(|r| r.start()..=r.end());
            let set: Vec<String> = chars.take(MAX_STRINGS + 1).map(String::from).collect();
            (set.len() <= MAX_STRINGS).then_some(set)
        }
        HirKind::Capture(capture) => strings_of(&capture.sub),
        HirKind::Concat(items) => items.iter().try_fold(vec![String::new()], |set, i| product(&set, &strings_of(i)?)),
        HirKind::Alternation(items) => {
            let set: Vec<String> = items.iter().map(strings_of).collect::<Option<Vec<_>>>()?.concat();
            (set.len() <= MAX_STRINGS).then_some(set)
        }
        HirKind::Repetition(r) if r.min == 0 && r.max == Some(1) => {
            let mut set = strings_of(&r.sub)?;
            set.push(String::new());
            Some(set)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pattern's verdict agrees with the schema validator's on `s`.
    fn agrees(pattern: &str, s: &str) {
        let schema = serde_json::json!({"pattern": pattern});
        let full = jsonschema::options().build(&schema).unwrap();
        let p = Pattern::of(pattern).unwrap();
        assert_eq!(p.matches(s), full.is_valid(&Value::String(s.to_owned())), "{pattern} on {s:?}");
    }

    #[test]
    fn the_shapes_of_patterns_are_recognised() {
        assert!(
            matches!(Pattern::of("^[A-Za-z0-9_-]{1,255}$"), Some(Pattern::Runs(r)) if r.len() == 1 && r[0].min == 1 && r[0].max == Some(255))
        );
        assert!(matches!(Pattern::of("^[A-Za-z0-9][A-Za-z0-9._:-]*$"), Some(Pattern::Runs(r)) if r.len() == 2));
        assert_eq!(Pattern::of("^https?://"), Some(Pattern::Prefix(vec!["https://".into(), "http://".into()])));
        assert_eq!(Pattern::of("^(a|bc)$"), Some(Pattern::Exact(vec!["a".into(), "bc".into()])));
        let others = [
            "[a-z]+",
            "^a*b$",
            "^\\d+$",
            "^.+$",
            "^[é]+$",
            "^(?=a)",
            "^a+b",
            "^[a-z]*[0-9]$",
            "^[]a]$",
            "^[a[b]]$",
            "^[a-z--c]$",
        ];
        for other in others {
            assert_eq!(Pattern::of(other), None, "{other}");
        }
    }

    #[test]
    fn recognised_patterns_match_as_the_schema_does() {
        let (long, too_long) = ("x".repeat(255), "x".repeat(256));
        let cases = [
            ("^[A-Za-z0-9_-]{1,255}$", vec!["a_1", "", "a 1", "a.b", "é", &long, &too_long]),
            ("^[a-z]+$", vec!["abc", "", "abC", "abc\n"]),
            ("^[a-z]$", vec!["a", "ab", ""]),
            ("^[A-Za-z0-9][A-Za-z0-9._:-]*$", vec!["a", "a.b:c-d_e", "", ".a", "a b", "aé", "a\n"]),
            ("^[a-z]{2}[0-9]{1,3}$", vec!["ab1", "ab123", "ab1234", "a1", "abc1", "ab"]),
            ("^https?://", vec!["https://a", "http://", "http:/", "ftp://a", " https://a", "HTTPS://a"]),
            ("^(v1|v2)(-beta)?$", vec!["v1", "v2-beta", "v3", "v1-", "v1-beta\n"]),
        ];
        for (pattern, values) in cases {
            for s in values {
                agrees(pattern, s);
            }
        }
    }

    #[test]
    fn a_leaf_with_an_unknown_keyword_is_not_derived() {
        let leaf = |s: Value| Leaf::of(s.as_object().unwrap(), &[], ANY);
        assert!(leaf(serde_json::json!({"type": "string", "minLength": 1, "description": "x"})).is_some());
        assert!(leaf(serde_json::json!({"type": "string", "format": "email"})).is_none());
        assert!(leaf(serde_json::json!({"type": "string", "pattern": "^\\w+$"})).is_none());
        assert!(leaf(serde_json::json!({"anyOf": [{"type": "string"}]})).is_none());
        // Below the root, `$id` moves the base of the `$ref`s inside.
        assert!(leaf(serde_json::json!({"$id": "other.json", "type": "string"})).is_none());
    }

    #[test]
    fn leaves_check_as_the_schema_does() {
        let cases = [
            (
                serde_json::json!({"type": ["number", "null"], "minimum": 0, "maximum": 1}),
                vec![
                    Scalar::Num(0.0),
                    Scalar::Num(1.0),
                    Scalar::Num(1.5),
                    Scalar::Num(-0.1),
                    Scalar::Null,
                    Scalar::Str("x"),
                ],
            ),
            (
                serde_json::json!({"type": "integer", "exclusiveMinimum": 0}),
                vec![Scalar::Num(0.0), Scalar::Num(2.0), Scalar::Num(2.5)],
            ),
            (
                serde_json::json!({"type": "string", "minLength": 2, "maxLength": 3}),
                vec![Scalar::Str("é"), Scalar::Str("éé"), Scalar::Str("éééé"), Scalar::Str("abcd")],
            ),
            (
                serde_json::json!({"enum": ["a", 1, true, null]}),
                vec![
                    Scalar::Str("a"),
                    Scalar::Str("b"),
                    Scalar::Num(1.0),
                    Scalar::Bool(true),
                    Scalar::Bool(false),
                    Scalar::Null,
                ],
            ),
        ];
        for (schema, values) in cases {
            let leaf = Leaf::of(schema.as_object().unwrap(), &[], ANY).unwrap();
            let full = jsonschema::options().build(&schema).unwrap();
            for value in values {
                let json = match value {
                    Scalar::Str(s) => Value::from(s),
                    Scalar::Num(x) if x.fract() == 0.0 => Value::from(x as i64),
                    Scalar::Num(x) => Value::from(x),
                    Scalar::Bool(b) => Value::from(b),
                    _ => Value::Null,
                };
                assert_eq!(leaf.accepts(value), full.is_valid(&json), "{schema} on {json}");
            }
        }
    }
}
