//! Rules across the fields of one record: what the API requires that a JSON
//! Schema expresses badly or with unreadable messages.

use serde_json::Value;

use crate::codes::Message;
use crate::diagnostic::{Diagnostic, LineDiagnostics, LineRef};

pub(crate) mod sync;

/// A set of cross-field rules a profile applies to each record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RuleSet {
    /// No cross-field rules.
    None,
    /// The sync.so generation rules (`BL301`–`BL307`).
    Sync,
}

impl RuleSet {
    /// Appends the diagnostics of every rule in the set, for a record of a
    /// profile whose line schema is `schema` (the rules read the values the
    /// schema allows from it).
    pub(crate) fn check(self, schema: &Value, value: &Value, line: &LineRef<'_>, out: &mut LineDiagnostics) {
        match self {
            RuleSet::None => {}
            RuleSet::Sync => sync::check(&Record { value, line, schema }, out),
        }
    }
}

/// A parsed record with its raw line, for rules to read and point into.
pub(crate) struct Record<'a> {
    pub(crate) value: &'a Value,
    pub(crate) line: &'a LineRef<'a>,
    /// The profile's line schema document.
    pub(crate) schema: &'a Value,
}

impl Record<'_> {
    /// `message` at the value at `pointer` (the whole line if not found).
    pub(crate) fn at_value(&self, pointer: &str, message: Message) -> Diagnostic {
        let span = self.line.value_span(pointer).unwrap_or(0..self.line.text.len());
        self.line.report(span, message).with_instance_path(pointer)
    }

    /// `message` at key `key` of the object at `pointer`.
    pub(crate) fn at_key(&self, pointer: &str, key: &str, message: Message) -> Diagnostic {
        match self.line.key_span(pointer, key) {
            Some(span) => self.line.report(span, message).with_instance_path(format!("{pointer}/{key}")),
            None => self.at_value(pointer, message),
        }
    }

    /// `message` at the first byte of the value at `pointer` (an object's `{`).
    pub(crate) fn at_start(&self, pointer: &str, message: Message) -> Diagnostic {
        let start = self.line.value_span(pointer).map_or(0, |r| r.start);
        self.line.report(start..start + 1, message).with_instance_path(pointer)
    }
}
