//! Where a line schema defines keys: the keys an object may have (for "did
//! you mean" hints on an unknown key) and the place a misplaced key belongs
//! ("`thinking_config` belongs in `request.generationConfig`"). Both walk the
//! schema document through `$ref`s, into other built-in schemas and into the
//! files a user's schema brought in.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;

use serde_json::Value;

use crate::locate::{escape_token, pointer_tokens};
use crate::schema::{Document, KeyPlaces, LineSchema};

/// The most schema nodes [`walk`] visits: far more than any built-in schema
/// has, few enough that a huge user schema costs little.
const MAX_VISITS: usize = 20_000;

/// The keys the schema defines (`properties`) for the object an
/// `additionalProperties` error is about, found by walking the error's
/// evaluation path (which ends at that keyword) through `$ref`s.
pub(crate) fn known_keys(schema: &LineSchema, evaluation_path: &str) -> Vec<String> {
    let tokens = pointer_tokens(evaluation_path);
    let Some((document, pointer)) = follow(schema, &tokens[..tokens.len().saturating_sub(1)]) else {
        return Vec::new();
    };
    let properties = document.pointer(&pointer).and_then(|node| node.get("properties")).and_then(Value::as_object);
    properties.map(|m| m.keys().cloned().collect()).unwrap_or_default()
}

/// The `description` of the schema node an error's evaluation path ends at.
pub(crate) fn description_at(schema: &LineSchema, evaluation_path: &str) -> Option<String> {
    let (document, pointer) = follow(schema, &pointer_tokens(evaluation_path))?;
    document.pointer(&pointer)?.get("description")?.as_str().map(str::to_owned)
}

/// The document and JSON Pointer an evaluation path's `tokens` lead to,
/// through `$ref`s.
fn follow(schema: &LineSchema, tokens: &[String]) -> Option<(Document, String)> {
    let mut document = schema.root();
    let mut pointer = String::new();
    for token in tokens {
        if token == "$ref" {
            let target = document.pointer(&pointer)?.get("$ref")?.as_str()?.to_owned();
            (document, pointer) = schema.resolve_ref(&document, &target)?;
        } else {
            pointer.push('/');
            pointer.push_str(&escape_token(token));
        }
    }
    Some((document, pointer))
}

/// Where in a record the schema defines `key`, when that is not the object
/// at `instance_pointer` (where the key was found and is not allowed): the
/// shallowest objects that have `key` among their `properties`, each as the
/// tokens of its path with `[]` for "each item of", in the schema's order.
/// Empty when the schema defines the key nowhere, or also for the object it
/// was found in (under another branch: not misplaced, just not allowed with
/// the object's other keys).
///
/// Answered from the schema's [`KeyPlaces`], found by one walk of the schema
/// on first use: a file whose every line has a key of its own costs no more
/// than one with the same key on every line.
pub(crate) fn homes_of(schema: &LineSchema, key: &str, instance_pointer: &str) -> Vec<Vec<String>> {
    let here: Vec<String> = pointer_tokens(instance_pointer)
        .into_iter()
        .map(|t| if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) { "[]".to_owned() } else { t })
        .collect();
    let places = schema.key_places().get_or_init(|| key_places(schema));
    let paths = places.paths.get(key).map_or(&[][..], Vec::as_slice);
    if paths.iter().any(|path| **path == *here) {
        return Vec::new();
    }
    // A walk for this key alone would stop past this length (the shortest
    // home's, or the key's own place's if that is deeper); one cut short
    // before it has no answer.
    let deepest = paths.first().map_or(usize::MAX, |first| first.len().max(here.len()));
    if places.cut_at.is_some_and(|cut| deepest >= cut) {
        return Vec::new();
    }
    let mut found: Vec<Vec<String>> = Vec::new();
    for path in paths.iter().take_while(|path| path.len() == paths[0].len()) {
        if !found.iter().any(|f| *f == **path) {
            found.push(path.to_vec());
        }
    }
    found
}

/// One [`walk`] of the schema, noting where each key is defined.
fn key_places(schema: &LineSchema) -> KeyPlaces {
    let mut paths: HashMap<String, Vec<Arc<[String]>>> = HashMap::new();
    let cut_at = walk(schema, |path, properties| {
        for name in properties.keys() {
            paths.entry(name.clone()).or_default().push(Arc::clone(path));
        }
    })
    .err();
    KeyPlaces { paths, cut_at }
}

/// Walks the schema's objects through `$ref`s and branches, breadth first by
/// the length of their path in a record (a `$ref` or a branch keeps the
/// length: it goes to the front of the queue, so paths come shortest
/// first), showing `visit` the path and `properties` of each object that
/// has some. `Err(len)` when it was cut short after [`MAX_VISITS`] visits,
/// reaching a path of `len` tokens: every shorter path was visited.
fn walk(
    schema: &LineSchema,
    mut visit: impl FnMut(&Arc<[String]>, &serde_json::Map<String, Value>),
) -> Result<(), usize> {
    let mut seen = HashSet::new();
    let mut queue: VecDeque<(Document, String, Arc<[String]>)> =
        VecDeque::from([(schema.root(), String::new(), Arc::from([]))]);
    let mut visits = 0;
    while let Some((document, pointer, path)) = queue.pop_front() {
        visits += 1;
        if visits + queue.len() > MAX_VISITS {
            return Err(path.len());
        }
        if !seen.insert((std::ptr::from_ref::<Value>(&*document) as usize, pointer.clone(), Arc::clone(&path))) {
            continue;
        }
        let Some(node) = document.pointer(&pointer) else { continue };
        let properties = node.get("properties").and_then(Value::as_object);
        if let Some(properties) = properties {
            visit(&path, properties);
        }
        let mut deeper = |pointer: String, token: &str| {
            let path: Arc<[String]> = path.iter().cloned().chain([token.to_owned()]).collect();
            queue.push_back((document.clone(), pointer, path));
        };
        for (name, _) in properties.into_iter().flatten() {
            deeper(format!("{pointer}/properties/{}", escape_token(name)), name);
        }
        if node.get("items").is_some_and(Value::is_object) {
            deeper(format!("{pointer}/items"), "[]");
        }
        for i in 0..node.get("prefixItems").and_then(Value::as_array).map_or(0, Vec::len) {
            deeper(format!("{pointer}/prefixItems/{i}"), "[]");
        }
        let mut same: Vec<(Document, String)> = Vec::new();
        for keyword in ["allOf", "anyOf", "oneOf"] {
            for i in 0..node.get(keyword).and_then(Value::as_array).map_or(0, Vec::len) {
                same.push((document.clone(), format!("{pointer}/{keyword}/{i}")));
            }
        }
        for keyword in ["if", "then", "else"] {
            if node.get(keyword).is_some_and(Value::is_object) {
                same.push((document.clone(), format!("{pointer}/{keyword}")));
            }
        }
        if let Some(target) = node.get("$ref").and_then(Value::as_str) {
            same.extend(schema.resolve_ref(&document, target));
        }
        for (document, pointer) in same.into_iter().rev() {
            queue.push_front((document, pointer, Arc::clone(&path)));
        }
    }
    Ok(())
}

/// A path from [`homes_of`] as a message shows it: `request.generationConfig`,
/// `body.messages[]`.
pub(crate) fn show_path(path: &[String]) -> String {
    let mut out = String::new();
    for token in path {
        if token == "[]" {
            out.push_str("[]");
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&crate::text::printable(token));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema(document: Value) -> LineSchema {
        LineSchema::compile("test", document, None).unwrap()
    }

    fn home(schema: &LineSchema, key: &str, at: &str) -> Option<String> {
        let homes: Vec<String> = homes_of(schema, key, at).iter().map(|p| show_path(p)).collect();
        (!homes.is_empty()).then(|| homes.join(" | "))
    }

    #[test]
    fn a_key_of_a_nested_object_is_found_below() {
        let s = schema(json!({
            "properties": {"request": {"$ref": "#/$defs/request"}},
            "$defs": {
                "request": {"properties": {"contents": {}, "generationConfig": {"$ref": "#/$defs/config"}}},
                "config": {"properties": {"thinkingConfig": {}, "temperature": {}}}
            }
        }));
        assert_eq!(home(&s, "thinkingConfig", "/request").as_deref(), Some("request.generationConfig"));
        assert_eq!(home(&s, "contents", "/request/generationConfig").as_deref(), Some("request"));
        assert_eq!(home(&s, "nothing", "/request"), None);
    }

    #[test]
    fn array_items_and_branches_are_followed() {
        let s = schema(json!({
            "properties": {"body": {"properties": {"model": {}, "messages": {"items": {"oneOf": [
                {"properties": {"role": {}, "content": {}}},
                {"properties": {"role": {}, "tool_call_id": {}}}
            ]}}}}}
        }));
        assert_eq!(home(&s, "role", "/body").as_deref(), Some("body.messages[]"));
        assert_eq!(home(&s, "model", "/body/messages/0").as_deref(), Some("body"));
        // Defined for the same object under another branch: not misplaced.
        assert_eq!(home(&s, "tool_call_id", "/body/messages/3"), None);
        // Several places at the same depth: all of them, in the schema's order.
        let s =
            schema(json!({"properties": {"a": {"properties": {"x": {}}}, "b": {"properties": {"x": {}}}, "c": {}}}));
        assert_eq!(home(&s, "x", "/c").as_deref(), Some("a | b"));
    }

    #[test]
    fn recursive_schemas_end() {
        let s = schema(
            json!({"$defs": {"node": {"properties": {"children": {"items": {"$ref": "#/$defs/node"}}}}}, "$ref": "#/$defs/node"}),
        );
        assert_eq!(home(&s, "missing", ""), None);
        assert_eq!(home(&s, "children", "/x").as_deref(), Some(""));
    }

    #[test]
    fn built_in_schemas_reach_each_other() {
        let s = LineSchema::builtin("test", "sync");
        let target = "sync.schema.json#/$defs/payload";
        let (document, fragment) = s.resolve_ref(&s.root(), target).unwrap();
        assert!(document.pointer(&fragment).is_some_and(|n| n.get("properties").is_some()));
    }
}
