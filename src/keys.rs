//! Where a line schema defines keys: the keys an object may have (for "did
//! you mean" hints on an unknown key) and the place a misplaced key belongs
//! ("`thinking_config` belongs in `request.generationConfig`"). Both walk the
//! schema document through `$ref`s, into other built-in schemas and into the
//! files a user's schema brought in.

use std::collections::{HashSet, VecDeque};

use serde_json::Value;

use crate::locate::{escape_token, pointer_tokens};
use crate::schema::{Document, LineSchema};

/// The most schema nodes [`homes_of`] visits: far more than any built-in
/// schema has, few enough that a huge user schema costs little per hint.
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
/// Remembered per schema (a file with the same misplaced key on every line
/// walks the schema once), for up to [`MAX_REMEMBERED`] keys and places.
pub(crate) fn homes_of(schema: &LineSchema, key: &str, instance_pointer: &str) -> Vec<Vec<String>> {
    let here: Vec<String> = pointer_tokens(instance_pointer)
        .into_iter()
        .map(|t| if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) { "[]".to_owned() } else { t })
        .collect();
    let remembered = schema.homes();
    let question = (key.to_owned(), here.join("/"));
    if let Some(homes) = remembered.lock().ok().and_then(|known| known.get(&question).cloned()) {
        return homes;
    }
    let homes = walk_for_homes(schema, key, &here);
    if let Ok(mut known) = remembered.lock()
        && known.len() < MAX_REMEMBERED
    {
        known.insert(question, homes.clone());
    }
    homes
}

/// The most answers of [`homes_of`] a schema remembers.
const MAX_REMEMBERED: usize = 4_096;

/// [`homes_of`]'s walk of the schema.
fn walk_for_homes(schema: &LineSchema, key: &str, here: &[String]) -> Vec<Vec<String>> {
    let mut found: Vec<Vec<String>> = Vec::new();
    let mut seen = HashSet::new();
    // Breadth first by the path's length (a `$ref` or a branch keeps the
    // length: it goes to the front), so the first home found is the
    // shallowest; the walk goes on to the depth of `here` to see whether
    // the key is also defined there.
    let mut queue = VecDeque::from([(schema.root(), String::new(), Vec::<String>::new())]);
    let mut visits = 0;
    while let Some((document, pointer, path)) = queue.pop_front() {
        visits += 1;
        let deepest = found.first().map_or(usize::MAX, |f| f.len().max(here.len()));
        if path.len() > deepest {
            break;
        }
        if visits + queue.len() > MAX_VISITS {
            // Cut short: what was found may not be the whole answer.
            return Vec::new();
        }
        if !seen.insert((std::ptr::from_ref::<Value>(&*document) as usize, pointer.clone(), path.clone())) {
            continue;
        }
        let Some(node) = document.pointer(&pointer) else { continue };
        let properties = node.get("properties").and_then(Value::as_object);
        if properties.is_some_and(|p| p.contains_key(key)) {
            if path.as_slice() == here {
                return Vec::new();
            }
            if found.first().is_none_or(|f| f.len() == path.len()) && !found.contains(&path) {
                found.push(path.clone());
            }
        }
        let mut deeper = |pointer: String, token: &str| {
            let path = [path.clone(), vec![token.to_owned()]].concat();
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
            queue.push_front((document, pointer, path.clone()));
        }
    }
    found
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
