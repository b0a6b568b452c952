//! The schema stage: validates a parsed record against the line schema and
//! turns each violation into a diagnostic that points at the offending value.

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use crate::codes::{self, Code, Message};
use crate::diagnostic::{Diagnostic, LineDiagnostics, LineRef, Severity};
use crate::locate::{escape_token, pointer_tokens};
use crate::schema::LineSchema;
use crate::suggest::did_you_mean;
use crate::tape::Tape;

/// Validates the record on `tape` (parsed from `line`) and appends its
/// schema diagnostics. `unknown_key_severity` is the severity of a key the
/// schema does not allow; `known_invalid` says the schema already found the
/// record invalid, so that it is not validated once more before its errors
/// are listed.
pub(crate) fn validate_record(
    schema: &LineSchema,
    unknown_key_severity: Severity,
    tape: &Tape<'_>,
    line: &LineRef<'_>,
    known_invalid: bool,
    out: &mut LineDiagnostics,
) {
    let validator = schema.tape_validator();
    if !known_invalid && validator.is_valid(tape.root()) {
        if schema.has_deprecated_key(tape.keys()) {
            deprecated_keys(schema, &tape.root().value(), line, out);
        }
        return;
    }
    let ctx = Context { schema, unknown_key_severity, line };
    let start = out.len();
    for error in validator.iter_errors(tape.root()) {
        ctx.push(&error, out);
    }
    // `format` and `pattern` on one value often fail together: keep the first.
    let mut seen = std::collections::HashSet::new();
    out.retain_from(start, |d| d.code != Code::BadFormat || seen.insert(d.span));
}

/// `BL211`: the keys of a valid record that the schema marks
/// `"deprecated": true` where they are: the record fails the schema without
/// them ([`LineSchema::strict_validator`]) at each one (a key may be
/// deprecated in one request body and not in another). Only for valid
/// records: an invalid one is reported for its errors.
fn deprecated_keys(schema: &LineSchema, value: &Value, line: &LineRef<'_>, out: &mut LineDiagnostics) {
    let Some(strict) = schema.strict_validator() else { return };
    if strict.is_valid(value) {
        return;
    }
    let mut seen = std::collections::HashSet::new();
    for error in strict.iter_errors(value) {
        if !matches!(error.kind(), ValidationErrorKind::FalseSchema) {
            continue;
        }
        // The `false` added to a deprecated key's schema (`allOf`), at a key
        // the schema marks deprecated (not a `$ref` to its schema elsewhere).
        let pointer = error.instance_path().as_str();
        let key = pointer_tokens(pointer).pop().unwrap_or_default();
        let added = pointer_tokens(error.evaluation_path().as_str()).iter().rev().nth(1).is_some_and(|t| t == "allOf");
        if !added || !schema.is_deprecated_name(&key) || !seen.insert(pointer.to_owned()) {
            continue;
        }
        let (parent, _) = pointer.rsplit_once('/').unwrap_or(("", pointer));
        let span = line.key_span(parent, &key).or_else(|| line.value_span(pointer)).unwrap_or(0..line.text.len());
        // The deprecated key's schema: the `allOf` holding the added `false` is in it.
        let evaluation = pointer_tokens(error.evaluation_path().as_str());
        let at = evaluation[..evaluation.len().saturating_sub(2)]
            .iter()
            .map(|t| format!("/{}", crate::locate::escape_token(t)));
        let description = crate::keys::description_at(schema, &at.collect::<String>());
        let message =
            codes::schema::deprecated_field(&display_path(pointer), description.as_deref().filter(|d| d.len() <= 160));
        out.push(line.report(span, message).with_instance_path(pointer));
    }
}

struct Context<'a, 'l> {
    schema: &'a LineSchema,
    unknown_key_severity: Severity,
    line: &'a LineRef<'l>,
}

/// `/payload/input/0/url` → `payload.input[0].url` (the record itself is `record`).
pub(crate) fn display_path(pointer: &str) -> String {
    let mut out = String::new();
    for token in pointer_tokens(pointer) {
        if !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(&token);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&crate::text::printable(&token));
        }
    }
    if out.is_empty() { "the record".to_owned() } else { format!("`{out}`") }
}

/// A value shown in a message: compact JSON, cut short when long.
pub(crate) fn show(value: &Value) -> String {
    show_json(&value.to_string())
}

/// Compact JSON text shown in a message, cut short when long.
pub(crate) fn show_json(json: &str) -> String {
    if json.chars().count() > 40 {
        let cut: String = json.chars().take(37).collect();
        format!("{cut}…")
    } else {
        json.to_owned()
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn expected_types(kind: &TypeKind) -> String {
    let names: Vec<String> = match kind {
        TypeKind::Single(t) => vec![t.to_string()],
        TypeKind::Multiple(set) => set.iter().map(|t| t.to_string()).collect(),
    };
    names.join(" or ")
}

impl Context<'_, '_> {
    fn span_of(&self, pointer: &str) -> std::ops::Range<usize> {
        self.line.value_span(pointer).unwrap_or(0..self.line.text.len())
    }

    fn at(&self, pointer: &str, message: Message) -> Diagnostic {
        self.line.report(self.span_of(pointer), message).with_instance_path(pointer)
    }

    fn push(&self, error: &ValidationError<'_>, out: &mut LineDiagnostics) {
        if !out.has_room() {
            // Counted, not built: locating values costs time.
            match error.kind() {
                ValidationErrorKind::AdditionalProperties { unexpected }
                | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                    unexpected.iter().for_each(|_| out.skip(self.unknown_key_severity));
                }
                _ => out.skip(Severity::Error),
            }
            return;
        }
        let pointer = error.instance_path().as_str();
        let path = display_path(pointer);
        let instance = error.instance().as_ref();
        let d = match error.kind() {
            ValidationErrorKind::Required { property } => {
                let key = property.as_str().unwrap_or_default();
                let span = self.span_of(pointer);
                // A misspelt key is the usual cause: name it.
                let present = instance.as_object().into_iter().flat_map(|m| m.keys().map(String::as_str));
                let message = codes::schema::missing_field(key, &path, did_you_mean(key, present));
                self.line.report(span.start..span.start + 1, message).with_instance_path(pointer)
            }
            ValidationErrorKind::AdditionalProperties { unexpected }
            | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                let known = crate::keys::known_keys(self.schema, error.evaluation_path().as_str());
                for key in unexpected {
                    if !out.has_room() {
                        out.skip(self.unknown_key_severity);
                        continue;
                    }
                    let span = self.line.key_span(pointer, key).unwrap_or_else(|| self.span_of(pointer));
                    let home = self.home(key, pointer);
                    let hint = did_you_mean(key, known.iter().map(String::as_str));
                    let warning = self.unknown_key_severity == Severity::Warning;
                    let message = codes::schema::unknown_key(key, &path, home, hint, warning);
                    let mut d = self.line.report(span, message).with_instance_path(format!(
                        "{}/{}",
                        pointer,
                        crate::locate::escape_token(key)
                    ));
                    d.severity = self.unknown_key_severity;
                    out.push(d);
                }
                return;
            }
            ValidationErrorKind::Type { kind } => {
                self.at(pointer, codes::schema::wrong_type(&path, &expected_types(kind), type_name(instance)))
            }
            ValidationErrorKind::Enum { options } => {
                let allowed: Vec<&Value> = options.as_array().map(|a| a.iter().collect()).unwrap_or_default();
                let list = allowed.iter().map(|v| show(v)).collect::<Vec<_>>().join(", ");
                let hint = instance.as_str().and_then(|s| did_you_mean(s, allowed.iter().filter_map(|v| v.as_str())));
                self.at(pointer, codes::schema::not_in_enum(&path, &show(instance), &list, hint))
            }
            ValidationErrorKind::Constant { expected_value } => {
                self.at(pointer, codes::schema::not_the_constant(&path, &show(expected_value), &show(instance)))
            }
            ValidationErrorKind::Minimum { limit } => {
                self.range(pointer, &path, instance, format!("below the minimum of {limit}"))
            }
            ValidationErrorKind::Maximum { limit } => {
                self.range(pointer, &path, instance, format!("above the maximum of {limit}"))
            }
            ValidationErrorKind::ExclusiveMinimum { limit } => {
                self.range(pointer, &path, instance, format!("not above {limit}"))
            }
            ValidationErrorKind::ExclusiveMaximum { limit } => {
                self.range(pointer, &path, instance, format!("not below {limit}"))
            }
            ValidationErrorKind::MinLength { limit } => {
                self.size(pointer, &path, format!("is shorter than {limit} character(s)"))
            }
            ValidationErrorKind::MaxLength { limit } => {
                self.size(pointer, &path, format!("is longer than {limit} character(s)"))
            }
            ValidationErrorKind::MinItems { limit } => {
                self.size(pointer, &path, format!("has fewer than {limit} item(s)"))
            }
            ValidationErrorKind::MaxItems { limit } => {
                self.size(pointer, &path, format!("has more than {limit} item(s)"))
            }
            ValidationErrorKind::MinProperties { limit } => {
                self.size(pointer, &path, format!("has fewer than {limit} key(s)"))
            }
            ValidationErrorKind::MaxProperties { limit } => {
                self.size(pointer, &path, format!("has more than {limit} key(s)"))
            }
            ValidationErrorKind::Pattern { pattern } => {
                self.at(pointer, codes::schema::pattern_mismatch(&path, &show(instance), pattern))
            }
            ValidationErrorKind::BacktrackLimitExceeded { .. } => {
                self.at(pointer, codes::schema::pattern_too_costly(&path, crate::schema::BACKTRACK_LIMIT as u64))
            }
            ValidationErrorKind::Format { format } => {
                // A built-in profile's URL with non-ASCII characters is what
                // clients send percent-encoded: a warning. A user's schema keeps
                // JSON Schema's meaning of `format`.
                let encoded = (format == "uri" && self.schema.is_builtin())
                    .then(|| instance.as_str().and_then(crate::iri::percent_encoded))
                    .flatten();
                match encoded {
                    Some(encoded) => {
                        let international = crate::iri::host_is_international(instance.as_str().unwrap_or_default());
                        self.at(pointer, codes::schema::non_ascii_url(&path, &encoded, international))
                    }
                    None => self.at(pointer, codes::schema::not_of_format(&path, &show(instance), format)),
                }
            }
            ValidationErrorKind::FalseSchema if conflict(error).is_some() => {
                let (given, other) = conflict(error).unwrap_or_default();
                let parent = pointer.rsplit_once('/').map_or("", |(parent, _)| parent);
                let same = normalised_key(&given) == normalised_key(&other);
                let message = codes::schema::conflicting_keys(&given, &other, &display_path(parent), same);
                let span = self.line.key_span(parent, &given).unwrap_or_else(|| self.span_of(pointer));
                self.line.report(span, message).with_instance_path(pointer)
            }
            ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
                if let Some(d) = self.alternatives(pointer, &path, instance, context) {
                    d
                } else {
                    for e in best_branch(context) {
                        self.push(e, out);
                    }
                    return;
                }
            }
            _ => {
                self.at(pointer, codes::schema::schema_violation(&path, &short_message(error), error.kind().keyword()))
            }
        };
        out.push(d);
    }

    /// "it belongs in `body.messages[]`" for an unknown key that the schema
    /// defines elsewhere. Of several places at the same depth, only those the
    /// record has (its `body.messages`) are named, if it has any.
    fn home(&self, key: &str, pointer: &str) -> Option<String> {
        let mut homes = crate::keys::homes_of(self.schema, key, pointer);
        let in_record = |path: &Vec<String>| {
            let container: Vec<String> = path.iter().take_while(|t| *t != "[]").map(|t| escape_token(t)).collect();
            container.is_empty() || self.line.value_span(&format!("/{}", container.join("/"))).is_some()
        };
        if homes.iter().any(in_record) {
            homes.retain(in_record);
        }
        // A field with two spellings (`generationConfig`, `generation_config`)
        // is named once, spelt as the key is.
        let underscores = |path: &Vec<String>| path.iter().map(|t| t.matches('_').count()).sum::<usize>();
        if key.contains('_') {
            homes.sort_by_key(|path| std::cmp::Reverse(underscores(path)));
        } else {
            homes.sort_by_key(underscores);
        }
        let mut named = std::collections::HashSet::new();
        homes.retain(|path| named.insert(path.iter().map(|t| normalised_key(t)).collect::<Vec<_>>()));
        let shown: Vec<String> = homes.iter().take(3).map(|p| crate::keys::show_path(p)).collect();
        match shown.as_slice() {
            [] => None,
            [top] if top.is_empty() => Some("it belongs at the top level of the record".to_owned()),
            [one] => Some(format!("it belongs in `{one}`")),
            [one, two] => Some(format!("it belongs in `{one}` or `{two}`")),
            [one, two, three, ..] => Some(format!("it belongs in `{one}`, `{two}` or `{three}`")),
        }
    }

    fn range(&self, pointer: &str, path: &str, instance: &Value, what: String) -> Diagnostic {
        self.at(pointer, codes::schema::out_of_range(path, &show(instance), &what))
    }

    fn size(&self, pointer: &str, path: &str, what: String) -> Diagnostic {
        self.at(pointer, codes::schema::wrong_size(path, &what))
    }

    /// When every alternative fails only on the value's type, one message
    /// listing the accepted types says it best.
    fn alternatives(
        &self,
        pointer: &str,
        path: &str,
        instance: &Value,
        context: &[Vec<ValidationError<'static>>],
    ) -> Option<Diagnostic> {
        let mut types = Vec::new();
        for branch in context {
            match branch.as_slice() {
                [e] if e.instance_path().as_str() == pointer => match e.kind() {
                    ValidationErrorKind::Type { kind } => types.push(expected_types(kind)),
                    _ => return None,
                },
                _ => return None,
            }
        }
        let expected = types.join(" or ");
        Some(self.at(pointer, codes::schema::wrong_type(path, &expected, type_name(instance))))
    }
}

/// For a `false` schema reached through `dependentSchemas` (`{"a":
/// {"properties": {"b": false}}}`: `b` may not be given with `a`), the keys
/// `b` and `a`.
fn conflict(error: &ValidationError<'_>) -> Option<(String, String)> {
    let tokens = pointer_tokens(error.evaluation_path().as_str());
    match tokens.as_slice() {
        [.., keyword, other, properties, given] if keyword == "dependentSchemas" && properties == "properties" => {
            Some((given.clone(), other.clone()))
        }
        _ => None,
    }
}

/// A key without case and underscores: `generation_config` and
/// `generationConfig` are the same.
fn normalised_key(key: &str) -> String {
    key.chars().filter(|c| *c != '_').flat_map(char::to_lowercase).collect()
}

/// jsonschema's message with the offending value shortened, as in our own messages.
fn short_message(error: &ValidationError<'_>) -> String {
    let text = error.to_string();
    let full = error.instance().to_string();
    match text.strip_prefix(&full) {
        Some(rest) => format!("{}{rest}", show(error.instance())),
        None => text,
    }
}

/// The alternative that came closest: its errors lie deepest in the value
/// (the value had the right shape and failed further in), then it has the
/// fewest errors.
fn best_branch<'a>(context: &'a [Vec<ValidationError<'static>>]) -> &'a [ValidationError<'static>] {
    let depth = |b: &Vec<ValidationError<'static>>| {
        b.iter().map(|e| e.instance_path().as_str().matches('/').count()).max().unwrap_or(0)
    };
    context
        .iter()
        .filter(|b| !b.is_empty())
        .max_by(|a, b| depth(a).cmp(&depth(b)).then(b.len().cmp(&a.len())))
        .map_or(&[], Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(schema: Value, line: &str) -> Vec<Diagnostic> {
        let schema = LineSchema::compile("test", schema, None).unwrap();
        let tape = Tape::parse(line).unwrap();
        let lr = LineRef::new(7, 1000, line.as_bytes()).on_tape(&tape);
        let mut out = LineDiagnostics::new(usize::MAX);
        validate_record(&schema, Severity::Warning, &tape, &lr, false, &mut out);
        out.into_vec(&lr)
    }

    fn text<'a>(line: &'a str, d: &Diagnostic) -> &'a str {
        &line[(d.span.start - 1000) as usize..(d.span.end - 1000) as usize]
    }

    #[test]
    fn points_at_the_offending_value() {
        let line = r#"{"id": "x", "n": {"t": "1.5"}}"#;
        let d = check(json!({"properties": {"n": {"properties": {"t": {"type": "number"}}}}}), line);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].code, d[0].line, d[0].column), (Code::WrongType, 7, 24));
        assert_eq!(text(line, &d[0]), r#""1.5""#);
        assert_eq!(d[0].message, "`n.t` must be number, found a string");
    }

    #[test]
    fn enum_typos_get_a_suggestion() {
        let line = r#"{"model": "lipsync2"}"#;
        let d = check(json!({"properties": {"model": {"enum": ["lipsync-2", "sync-3"]}}}), line);
        assert_eq!(d[0].code, Code::InvalidValue);
        assert_eq!(d[0].help.as_deref(), Some("did you mean `lipsync-2`?"));
    }

    #[test]
    fn unknown_keys_point_at_the_key_and_suggest_the_known_one() {
        let line = r#"{"webhook_url": "https://x"}"#;
        let d = check(json!({"properties": {"webhookUrl": {}}, "additionalProperties": false}), line);
        assert_eq!((d[0].code, d[0].severity), (Code::UnknownKey, Severity::Warning));
        assert_eq!(text(line, &d[0]), r#""webhook_url""#);
        assert_eq!(d[0].help.as_deref(), Some("did you mean `webhookUrl`?"));
    }

    #[test]
    fn known_keys_follow_refs() {
        let schema = json!({"properties": {"p": {"$ref": "#/$defs/p"}}, "$defs": {"p": {"properties": {"model": {}}, "additionalProperties": false}}});
        let d = check(schema, r#"{"p": {"modle": 1}}"#);
        assert_eq!(d[0].help.as_deref(), Some("did you mean `model`?"));
    }

    #[test]
    fn a_misplaced_key_says_where_it_belongs() {
        let schema = json!({"properties": {"request": {
            "properties": {"contents": {}, "generationConfig": {"properties": {"thinkingConfig": {}}}},
            "additionalProperties": false
        }}});
        let d = check(schema, r#"{"request": {"contents": [], "thinkingConfig": {}}}"#);
        assert_eq!(d[0].help.as_deref(), Some("it belongs in `request.generationConfig`"));
    }

    #[test]
    fn keys_that_may_not_go_together_are_a_conflict() {
        let schema = json!({"properties": {"r": {
            "properties": {"genConfig": {}, "gen_config": {}, "a": {}, "b": {}},
            "dependentSchemas": {"gen_config": {"properties": {"genConfig": false}}, "a": {"properties": {"b": false}}}
        }}});
        let line = r#"{"r": {"genConfig": {}, "gen_config": {}}}"#;
        let d = check(schema.clone(), line);
        assert_eq!((d.len(), d[0].code, text(line, &d[0])), (1, Code::ConflictingKeys, r#""genConfig""#));
        assert_eq!(d[0].message, "`genConfig` and `gen_config` in `r` are the same field, spelt two ways");
        let d = check(schema, r#"{"r": {"b": 1, "a": 2}}"#);
        assert_eq!(d[0].message, "`b` may not be given together with `a` in `r`");
        assert_eq!(d[0].help.as_deref(), Some("remove `b` or `a`"));
    }

    #[test]
    fn missing_keys_point_at_the_object() {
        let line = r#"{"a": {"requestid": 1}}"#;
        let d = check(json!({"properties": {"a": {"required": ["request_id"]}}}), line);
        assert_eq!((d[0].code, text(line, &d[0])), (Code::MissingField, "{"));
        assert_eq!(d[0].help.as_deref(), Some("the object has `requestid`: did you mean `request_id`?"));
    }

    #[test]
    fn any_of_reports_the_closest_branch() {
        let schema =
            json!({"anyOf": [{"type": "boolean"}, {"type": "object", "properties": {"n": {"type": "integer"}}}]});
        let d = check(schema, r#"{"n": "x"}"#);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].instance_path.as_deref(), Some("/n"));
        let d = check(json!({"anyOf": [{"type": "boolean"}, {"type": "object"}]}), "[1]");
        assert_eq!(d[0].message, "the record must be boolean or object, found an array");
    }

    #[test]
    fn ranges_name_the_limit() {
        let d = check(json!({"properties": {"t": {"maximum": 1}}}), r#"{"t": 1.7}"#);
        assert_eq!(d[0].message, "`t` is 1.7, above the maximum of 1");
    }
}
