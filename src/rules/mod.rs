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
    pub(crate) fn check<'a, N: RecordNode<'a>>(
        self,
        schema: &Value,
        root: N,
        line: &LineRef<'_>,
        out: &mut LineDiagnostics,
    ) {
        match self {
            RuleSet::None => {}
            RuleSet::Sync => sync::check(&Record { line, schema }, root, out),
        }
    }
}

/// A value of a parsed record as the rules read it, in whatever
/// representation it was parsed into (a tape, a `serde_json::Value`): each
/// rule is written once, generic over the node.
pub(crate) trait RecordNode<'a>: Copy {
    /// The value of member `key`, if this is an object that has it (the
    /// last of a repeated key's values).
    fn get(self, key: &str) -> Option<Self>;
    /// The elements, if this is an array.
    fn elements(self) -> Option<impl Iterator<Item = Self>>;
    /// The string, if this is one.
    fn as_str(self) -> Option<&'a str>;
    /// The number, if this is one, as an `f64`.
    fn as_f64(self) -> Option<f64>;
    /// Whether this is an object.
    fn is_object(self) -> bool;
    /// Whether this is an array.
    fn is_array(self) -> bool;

    /// The value at `keys`, one member after another.
    fn at(self, keys: &[&str]) -> Option<Self> {
        keys.iter().try_fold(self, |node, key| node.get(key))
    }
}

/// A record read into a `serde_json::Value`: the tests run each rule on it
/// and on the record's tape, and expect the same diagnostics at the same
/// places (found by scanning the text, for the `Value`).
#[cfg(test)]
impl<'a> RecordNode<'a> for &'a Value {
    fn get(self, key: &str) -> Option<Self> {
        self.as_object()?.get(key)
    }

    fn elements(self) -> Option<impl Iterator<Item = Self>> {
        self.as_array().map(|items| items.iter())
    }

    fn as_str(self) -> Option<&'a str> {
        Value::as_str(self)
    }

    fn as_f64(self) -> Option<f64> {
        Value::as_f64(self)
    }

    fn is_object(self) -> bool {
        Value::is_object(self)
    }

    fn is_array(self) -> bool {
        Value::is_array(self)
    }
}

/// A parsed record's line and its profile's schema, for rules to point into
/// and read the allowed values from.
pub(crate) struct Record<'a, 'l> {
    pub(crate) line: &'a LineRef<'l>,
    /// The profile's line schema document.
    pub(crate) schema: &'a Value,
}

impl Record<'_, '_> {
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
