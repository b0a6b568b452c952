//! Record shapes: the keys a profile's line schema requires and allows at
//! the top of a record, to recognise a record written for another batch API
//! (an OpenAI record checked against the sync profile) and say so once,
//! instead of a missing and an unknown key per key on every line.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde_json::Value;

use crate::profile::BUILTINS;

/// The keys a line schema requires and allows at the top of a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Shape {
    /// Required keys, in the schema's order.
    required: Vec<String>,
    /// Every key the schema allows.
    allowed: Vec<String>,
}

impl Shape {
    /// The shape of a schema whose root lists its `properties` and allows no
    /// others; `None` for any other schema, whose shape is not known.
    pub(crate) fn of(schema: &Value) -> Option<Shape> {
        let properties = schema.get("properties")?.as_object()?;
        if schema.get("additionalProperties") != Some(&Value::Bool(false)) {
            return None;
        }
        let required = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|keys| keys.iter().filter_map(|k| k.as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        Some(Shape { required, allowed: properties.keys().cloned().collect() })
    }

    /// Whether a record of the keys `record` has every required key and no
    /// other.
    fn fits(&self, record: &BTreeSet<&str>) -> bool {
        self.required.iter().all(|k| record.contains(k.as_str())) && record.iter().all(|k| self.allows(k))
    }

    /// Whether the schema allows `key` at the top of a record.
    fn allows(&self, key: &str) -> bool {
        self.allowed.iter().any(|allowed| allowed == key)
    }
}

/// The shapes of the built-in profiles, read from their schemas once.
fn builtin_shapes() -> &'static [(&'static str, Shape)] {
    static SHAPES: OnceLock<Vec<(&'static str, Shape)>> = OnceLock::new();
    SHAPES.get_or_init(|| {
        BUILTINS.iter().filter_map(|b| Some((b.name, Shape::of(crate::schema::builtin_document(b.name)?)?))).collect()
    })
}

/// A record that fits other built-in profiles and not the one in use.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Foreign {
    /// The profiles whose records have exactly this shape, in [`BUILTINS`] order.
    pub(crate) profiles: Vec<&'static str>,
    /// Their required keys.
    pub(crate) keys: Vec<String>,
    /// The record's keys that the profile in use does not allow.
    pub(crate) strays: Vec<String>,
}

/// The built-in profiles a record of the keys `record` was written for,
/// when it misses a key the profile in use (`active`) requires, has a key it
/// does not allow, and fits another profile exactly.
pub(crate) fn foreign(active: &Shape, record: &BTreeSet<&str>) -> Option<Foreign> {
    active.required.iter().find(|k| !record.contains(k.as_str()))?;
    let strays: Vec<String> = record.iter().filter(|k| !active.allows(k)).map(|k| (*k).to_owned()).collect();
    if strays.is_empty() {
        return None;
    }
    let mut fitting = builtin_shapes().iter().filter(|(_, shape)| shape != active && shape.fits(record)).peekable();
    let keys = fitting.peek()?.1.required.clone();
    Some(Foreign { profiles: fitting.map(|(name, _)| *name).collect(), keys, strays })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Map;

    fn shape(name: &str) -> Shape {
        builtin_shapes().iter().find(|(n, _)| *n == name).unwrap().1.clone()
    }

    fn record(json: &str) -> Map<String, Value> {
        serde_json::from_str(json).unwrap()
    }

    /// The keys of `record`, as a record's tape gives them.
    fn keys(record: &Map<String, Value>) -> BTreeSet<&str> {
        record.keys().map(String::as_str).collect()
    }

    #[test]
    fn every_builtin_with_a_schema_has_a_shape() {
        let with_schema = BUILTINS.iter().filter(|b| b.schema.is_some()).count();
        assert_eq!(builtin_shapes().len(), with_schema);
    }

    #[test]
    fn names_every_profile_a_record_fits() {
        let openai = record(r#"{"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{}}"#);
        let found = foreign(&shape("sync"), &keys(&openai)).unwrap();
        assert_eq!(found.profiles, ["openai", "azure-openai", "groq"]);
        assert_eq!(found.keys, ["custom_id", "method", "url", "body"]);
        assert_eq!(found.strays, ["body", "custom_id", "method", "url"]);
        let sync = record(r#"{"request_id":"a","endpoint":"/v2/generate","payload":{}}"#);
        assert_eq!(foreign(&shape("anthropic"), &keys(&sync)).unwrap().profiles, ["sync"]);
        let gemini = record(r#"{"key":"a","request":{}}"#);
        assert_eq!(foreign(&shape("openai"), &keys(&gemini)).unwrap().profiles, ["gemini"]);
    }

    #[test]
    fn a_record_of_the_profile_with_mistakes_is_not_foreign() {
        // Missing keys only, or unknown keys only: the profile's own record.
        let missing = record(r#"{"custom_id":"a","body":{}}"#);
        assert_eq!(foreign(&shape("openai"), &keys(&missing)), None);
        let typo = record(r#"{"request_id":"a","endpoint":"/v2/generate","payload":{},"custom_id":"x"}"#);
        assert_eq!(foreign(&shape("sync"), &keys(&typo)), None);
        // Fits no profile.
        let neither = record(r#"{"id":"a","prompt":"hi"}"#);
        assert_eq!(foreign(&shape("sync"), &keys(&neither)), None);
    }
}
