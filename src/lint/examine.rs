//! The per-line stage: each line on its own, free of shared state so that
//! lines are examined on all cores. A line is found clean by a fast path
//! (the sync typed parse, or the schema on a tape) or goes through the full
//! path: parse, repeated keys, schema, cross-field rules, another profile.

#[cfg(feature = "parallel")]
use rayon::prelude::*;
use serde_json::Value;

use super::Linter;
use crate::batch::{IdFact, IdKey};
use crate::codes::{Code, framing, syntax};
use crate::diagnostic::{Diagnostic, LineDiagnostics, LineRef, Severity, Span};
use crate::locate::value_span_unique;
use crate::parse::parse_line;
use crate::reader::{Block, RawLine};
use crate::rules::RecordNode;
use crate::shape::Shape;
use crate::tape::{Tape, TapeNode};
use crate::text::{count, printable};
use crate::validate::validate_record;
use jsonschema::JsonType;
use jsonschema::json::Node;

/// What the per-line stages found on one line.
#[derive(Default)]
pub(super) struct Examined {
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) blank: bool,
    pub(super) id: Option<IdFact>,
    /// The values at the profile's `uniform` pointers, in their order.
    pub(super) uniform: Vec<Option<UniformValue>>,
    /// With statistics on: the values at the profile's `statistics` pointers.
    pub(super) stats: Vec<Option<String>>,
    /// For a record written for another profile: the one diagnostic that
    /// stands for its schema and rule diagnostics (`BL208`), shown for the
    /// first such record of a file only. Boxed: it is rare, and every
    /// line's result is handed from the pool to the ordered stage.
    pub(super) foreign: Option<Box<Diagnostic>>,
}

/// What the tape path found of a record.
pub(super) enum OnTape {
    /// The record is clean: what the full path would find.
    Clean(Examined),
    /// Not clean on the tape (the schema finds it invalid, or it is not an
    /// object, repeats a key or has a deprecated key): whether the schema
    /// found it invalid. The full path reports, on the same tape.
    NotClean { invalid: bool },
}

/// A value that must be the same on every line, as found on one line.
pub(super) struct UniformValue {
    /// Its compact JSON text.
    json: UniformJson,
    /// Where it is on its line.
    range: std::ops::Range<usize>,
}

/// The compact JSON text of a [`UniformValue`].
enum UniformJson {
    /// A string written without escapes, which is its own compact JSON:
    /// where it is on its line, quotes included.
    OnLine(std::ops::Range<usize>),
    /// Any other value, written out.
    Written(String),
}

impl UniformValue {
    /// The value of `node`, on `text` parsed onto a tape: a string without
    /// building a `Value` (most of them are: a URL, a model), and without
    /// writing it out when it has no escapes.
    pub(super) fn on_tape(node: crate::tape::TapeNode<'_>, text: &[u8]) -> Self {
        let range = || node.span().unwrap_or(0..text.len());
        let (json, range) = match node.string() {
            Some(s) => match quoted_span(text, s) {
                Some(quoted) => (UniformJson::OnLine(quoted.clone()), quoted),
                None => (UniformJson::Written(serde_json::to_string(s).unwrap_or_default()), range()),
            },
            None => (UniformJson::Written(node.value().to_string()), range()),
        };
        UniformValue { json, range }
    }

    /// The compact JSON text, on `text`, its line.
    pub(super) fn json<'a>(&'a self, text: &'a [u8]) -> &'a [u8] {
        match &self.json {
            UniformJson::OnLine(range) => &text[range.clone()],
            UniformJson::Written(json) => json.as_bytes(),
        }
    }

    /// Where the value is on its line.
    pub(super) fn range(&self) -> std::ops::Range<usize> {
        self.range.clone()
    }
}

/// The span of the string value whose content is `s`, quotes included, if
/// `s` is a slice of `text` (a string the parse borrowed from the line).
fn quoted_span(text: &[u8], s: &str) -> Option<std::ops::Range<usize>> {
    let start = (s.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    let end = start.checked_add(s.len())?;
    let quoted = start.checked_sub(1)?..end + 1;
    (text.get(quoted.start) == Some(&b'"') && text.get(end) == Some(&b'"')).then_some(quoted)
}

/// An id as the id set keeps it: tagged so that `"1"` (`s1`) and `1` (`j1`)
/// differ.
pub(super) fn id_key(tag: u8, bytes: &[u8]) -> IdKey {
    let mut key = IdKey::with_capacity(bytes.len() + 1);
    key.push(tag);
    key.extend_from_slice(bytes);
    key
}

/// `BL102` for a record whose value, `root`, is not an object.
fn not_an_object(line: &LineRef<'_>, root: TapeNode<'_>) -> Diagnostic {
    let range = line.value_span("").unwrap_or(0..line.text.len());
    let objects = root.elements().map(|items| items.map(|item| item.is_object()).collect::<Vec<_>>());
    let message = match objects {
        Some(objects) if !objects.is_empty() && objects.iter().all(|&object| object) => {
            syntax::not_an_object(&format!("an array of {}", count(objects.len() as u64, "object", "objects")), true)
        }
        Some(_) => syntax::not_an_object("an array", false),
        None => match root.json_type() {
            JsonType::String => syntax::not_an_object("a string", false),
            JsonType::Number | JsonType::Integer => syntax::not_an_object("a number", false),
            JsonType::Boolean => syntax::not_an_object("a boolean", false),
            _ => syntax::not_an_object("null", false),
        },
    };
    line.report(range, message)
}

impl Linter {
    /// Examines every line of `block`, on all cores, into `into` (emptied
    /// first: its room is reused block after block).
    pub(super) fn examine_parallel(&self, block: &Block, into: &mut Vec<Examined>) {
        into.clear();
        #[cfg(feature = "parallel")]
        into.par_extend(block.lines.par_iter().with_min_len(16).map(|l| self.examine(l, &block.data)));
        #[cfg(not(feature = "parallel"))]
        into.extend(block.lines.iter().map(|l| self.examine(l, &block.data)));
    }

    /// The per-line stages, free of shared state so they run in parallel.
    pub(super) fn examine(&self, raw: &RawLine, data: &[u8]) -> Examined {
        let line = LineRef::new(raw.number, raw.start, &data[raw.content.clone()]);
        let mut diagnostics = Vec::new();
        if let Some(len) = raw.overlong {
            let shown = line.text.len().min(40);
            let message = framing::line_too_long(len, self.profile.limits.line_limit());
            diagnostics.push(line.report(0..shown, message));
            return Examined { diagnostics, ..Examined::default() };
        }
        if line.text.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\x0c')) {
            return Examined { diagnostics, blank: true, ..Examined::default() };
        }
        if let Some(checks) = &self.fast
            && let Some(id) = crate::fastpath::clean_sync_record(checks, line.text)
        {
            let id = self.string_id_fact(&id, &line);
            // The typed parse keeps only the fields it checks: a statistics
            // field is found on the line's text, the one rescan of a clean
            // record (with --statistics only).
            let stats = self.stat_values(|pointer| {
                let range = value_span_unique(line.text, pointer)?;
                serde_json::from_slice::<Value>(&line.text[range]).ok()
            });
            return Examined { diagnostics, id, stats, ..Examined::default() };
        }
        // The record is parsed once onto a tape: found clean there, or
        // reported from it by the full path. (A sync record the typed path
        // above could not call clean is the one record read twice: that path
        // keeps no tape.) A line the tape refuses is not JSON: serde_json's
        // parser says why (its messages are the ones users know), and a
        // value before a trailing comma is then read.
        let Some(tape) = std::str::from_utf8(line.text).ok().and_then(Tape::parse) else {
            let error = match parse_line(&line) {
                Ok(_) => line.report(0..line.text.len().min(1), syntax::unread_json()),
                Err(error) => *error,
            };
            let before = crate::parse::before_trailing_comma(line.text).and_then(Tape::parse);
            return match before {
                Some(tape) => self.full(&line.on_tape(&tape), &tape, vec![error], false),
                None => Examined { diagnostics: vec![error], ..Examined::default() },
            };
        };
        let mut invalid_on_tape = false;
        if let Some(paths) = &self.tape {
            match self.clean_on_tape(&line, &tape, paths) {
                OnTape::Clean(clean) => return clean,
                OnTape::NotClean { invalid } => invalid_on_tape = invalid,
            }
        }
        self.full(&line.on_tape(&tape), &tape, diagnostics, invalid_on_tape)
    }

    /// The full path: every diagnostic of a record parsed onto `tape`, after
    /// `diagnostics` (a trailing comma's). `invalid_on_tape` says the schema
    /// already found the record invalid there, so that it is not validated
    /// once more before its errors are listed.
    fn full(
        &self,
        line: &LineRef<'_>,
        tape: &Tape<'_>,
        diagnostics: Vec<Diagnostic>,
        invalid_on_tape: bool,
    ) -> Examined {
        if !tape.root().is_object() {
            let mut diagnostics = diagnostics;
            diagnostics.push(not_an_object(line, tape.root()));
            return Examined { diagnostics, ..Examined::default() };
        }
        let mut found = LineDiagnostics::new(self.profile.max_per_line.max(1));
        // The trailing comma's diagnostic, if any.
        diagnostics.into_iter().for_each(|d| found.push(d));
        for dup in tape.duplicate_keys() {
            found.add(Severity::Error, || {
                let path = (!dup.object.is_empty()).then(|| crate::validate::display_path(&dup.object));
                line.report(dup.repeat.clone(), syntax::duplicate_key(&dup.key, path.as_deref()))
                    .with_instance_path(format!("{}/{}", dup.object, crate::locate::escape_token(&dup.key)))
                    .with_related(line.related(dup.first.clone(), "first occurrence".to_owned()))
            });
        }
        let syntax = found.mark();
        if let Some(schema) = &self.profile.schema {
            let severity = self.profile.unknown_key_severity;
            validate_record(schema, severity, tape, line, invalid_on_tape, &mut found);
        }
        let document = self.profile.schema.as_ref().map_or(&Value::Null, |s| s.document());
        self.profile.rules.check(document, tape.root(), line, &mut found);
        let foreign = if found.mark() != syntax { self.foreign(tape, line).map(Box::new) } else { None };
        if foreign.is_some() {
            found.reset(syntax);
        }
        let diagnostics = found.into_vec(line);
        let id = self.id_of(tape, line);
        let uniform = self.uniform_of(tape, line);
        let stats = self.stat_values(|pointer| Some(tape.pointer(pointer)?.value()));
        Examined { diagnostics, blank: false, id, uniform, stats, foreign }
    }

    /// `BL208` for a record that fits another built-in profile and not this
    /// one (unless the code is turned off, when its own diagnostics stand).
    fn foreign(&self, tape: &Tape<'_>, line: &LineRef<'_>) -> Option<Diagnostic> {
        // Nothing when the code is off.
        self.profile.severity(Code::OtherProfile, Severity::Error)?;
        let shape = self.shape.get_or_init(|| self.profile.schema.as_ref().and_then(|s| Shape::of(s.document())));
        let found = crate::shape::foreign(shape.as_ref()?, &tape.root_keys())?;
        let range = found.strays.iter().filter_map(|k| line.key_span("", k)).min_by_key(|r| r.start).unwrap_or(0..1);
        let (first, others) = found.profiles.split_first()?;
        let keys = found.keys.iter().map(|k| format!("`{}`", printable(k))).collect::<Vec<_>>().join(", ");
        let others: Vec<&str> = others.iter().map(|name| name.as_ref()).collect();
        Some(line.report(range, crate::codes::schema::other_profile(&keys, first, &others, &self.profile.name)))
    }

    /// What the full path finds on a clean record, found on the record's
    /// tape by the schema's tape validator and the cross-field rules;
    /// otherwise whether the schema found the record invalid. The full path
    /// then reports.
    pub(super) fn clean_on_tape(&self, line: &LineRef<'_>, tape: &Tape<'_>, paths: &super::TapePaths) -> OnTape {
        let Some(schema) = self.profile.schema.as_ref() else { return OnTape::NotClean { invalid: false } };
        let not_clean = |invalid| OnTape::NotClean { invalid };
        // A deprecated key is a warning the full path reports.
        if !tape.root().is_object()
            || tape.has_duplicate_keys()
            || (schema.may_have_deprecated_key(tape.key_bits()) && schema.has_deprecated_key(tape.keys()))
        {
            return not_clean(false);
        }
        // The schema's checks compiled for the tape decide most records;
        // the validator decides the others.
        let valid = schema.compiled_checks().is_some_and(|checks| checks.accepts(tape.root()))
            || schema.tape_validator().is_valid(tape.root());
        if !valid {
            return not_clean(true);
        }
        // The cross-field rules, on the same tape: anything they find (only
        // counted here) is the full path's to report.
        let mut ruled = LineDiagnostics::new(0);
        self.profile.rules.check(schema.document(), tape.root(), line, &mut ruled);
        if !ruled.is_empty() {
            return not_clean(false);
        }
        let id = paths.id.as_ref().and_then(|tokens| tape.walk(tokens)).and_then(|id| self.id_on_tape(id, line));
        let uniform = paths
            .uniform
            .iter()
            .map(|tokens| Some(UniformValue::on_tape(tape.walk(tokens.as_ref()?)?, line.text)))
            .collect();
        let stats = self.stat_values(|pointer| Some(tape.pointer(pointer)?.value()));
        OnTape::Clean(Examined { diagnostics: Vec::new(), blank: false, id, uniform, stats, foreign: None })
    }

    /// The id of the record on `tape`, if it has one.
    fn id_of(&self, tape: &Tape<'_>, line: &LineRef<'_>) -> Option<IdFact> {
        self.id_on_tape(tape.pointer(self.profile.id_pointer.as_deref()?)?, line)
    }

    /// The id of a record that is `id`, a node of its tape.
    fn id_on_tape(&self, id: crate::tape::TapeNode<'_>, line: &LineRef<'_>) -> Option<IdFact> {
        let key = match id.string() {
            Some(s) => id_key(b's', s.as_bytes()),
            None => id_key(b'j', id.value().to_string().as_bytes()),
        };
        Some(Self::id_fact_at(key, line, id.span().unwrap_or(0..0)))
    }

    /// The values at the profile's `uniform` pointers of the record on `tape`.
    fn uniform_of(&self, tape: &Tape<'_>, line: &LineRef<'_>) -> Vec<Option<UniformValue>> {
        let at = |pointer: &str| Some(UniformValue::on_tape(tape.pointer(pointer)?, line.text));
        self.profile.uniform.iter().map(|pointer| at(pointer)).collect()
    }

    /// The id of a record that is the string `id`, on a line without repeated
    /// keys. Where `id` is a slice of the line (written without escapes), its
    /// place is known without a scan of the line.
    pub(super) fn string_id_fact(&self, id: &str, line: &LineRef<'_>) -> Option<IdFact> {
        let pointer = self.profile.id_pointer.as_deref()?;
        let key = id_key(b's', id.as_bytes());
        // An id with escapes: the typed parse keeps no place, so the line's
        // text is scanned for it.
        let range = quoted_span(line.text, id).or_else(|| value_span_unique(line.text, pointer));
        Some(Self::id_fact_at(key, line, range.unwrap_or(0..0)))
    }

    /// The id `key` of a record, whose value is at `range` of the line.
    fn id_fact_at(key: IdKey, line: &LineRef<'_>, range: std::ops::Range<usize>) -> IdFact {
        IdFact {
            key,
            span: Span { start: line.start + range.start as u64, end: line.start + range.end as u64 },
            column: line.column(range.start),
        }
    }

    /// The values of the profile's statistics fields, as compact JSON, from
    /// `value_at` (a pointer's value on the line's parse); nothing unless
    /// statistics are on.
    pub(super) fn stat_values(&self, value_at: impl Fn(&str) -> Option<Value>) -> Vec<Option<String>> {
        if !self.statistics {
            return Vec::new();
        }
        self.profile.statistics.iter().map(|pointer| Some(value_at(pointer)?.to_string())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::quoted_span;

    #[test]
    fn a_borrowed_string_is_found_where_it_is() {
        let text = br#"{"id":"a1","x":"a1"}"#;
        let line = std::str::from_utf8(text).unwrap();
        assert_eq!(quoted_span(text, &line[7..9]), Some(6..10));
        assert_eq!(quoted_span(text, &line[16..18]), Some(15..19));
        // Not a whole string of the line, or not of the line at all.
        assert_eq!(quoted_span(text, &line[7..8]), None);
        assert_eq!(quoted_span(text, &String::from("a1")), None);
    }
}
