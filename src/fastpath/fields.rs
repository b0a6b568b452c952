//! What the fast path checks of one object: each field's [`Leaf`], which
//! fields are required, and which become required when another field has a
//! given value (the schema's `if`/`then`), all read from the object's
//! subschema.

use serde_json::Value;

use super::leaf::{Leaf, OBJECT, ROOT_KEYS, Scalar, equals, resolve};

/// The keys of an object's subschema that [`Fields::of`] reads itself.
const OBJECT_KEYS: &[&str] = &["properties", "required", "additionalProperties", "if", "then"];
/// The key an array's subschema holds beside [`OBJECT_KEYS`] when the caller
/// checks its items on their own.
const ITEMS_KEYS: &[&str] = &["items"];

/// The checks of one typed object, in the order of its fields.
#[derive(Debug)]
pub(super) struct Fields {
    leaves: Vec<Leaf>,
    required: Vec<bool>,
    conditions: Vec<Condition>,
}

/// `if` field `field` is `value`, `then` the fields `required` are too.
#[derive(Debug)]
struct Condition {
    field: usize,
    value: Value,
    required: Vec<usize>,
}

impl Fields {
    /// The checks `schema` asks of an object whose typed struct has the
    /// `fields` (each a name and the types its values may have), `nested`
    /// among them being objects or arrays checked on their own (their
    /// `properties` or `items` are left to the caller, which gets each
    /// field's resolved subschema by name). `None` if the
    /// schema says anything the derivation does not understand, requires a
    /// field the struct does not have, or does not define one it has (which
    /// the full path reports as an unknown key).
    pub(super) fn of<'d>(
        document: &'d Value,
        schema: &'d Value,
        fields: &[(&'static str, u8)],
        nested: &[&str],
    ) -> Option<(Fields, impl Fn(&str) -> Option<&'d Value> + use<'d>)> {
        let schema = resolve(document, schema)?;
        let keys: &[&[&str]] = if std::ptr::eq(schema, document) { &[OBJECT_KEYS, ROOT_KEYS] } else { &[OBJECT_KEYS] };
        let schema = schema.as_object()?;
        let object = Leaf::of(schema, keys, OBJECT)?;
        if !object.accepts(Scalar::Object) {
            return None;
        }
        let position = |name: &str| fields.iter().position(|(n, _)| *n == name);
        let properties = schema.get("properties")?.as_object()?;
        let mut subschemas = Vec::with_capacity(fields.len());
        let mut leaves = Vec::with_capacity(fields.len());
        for &(name, kinds) in fields {
            let sub = resolve(document, properties.get(name)?)?;
            let handled: &[&[&str]] = if nested.contains(&name) { &[OBJECT_KEYS, ITEMS_KEYS] } else { &[] };
            leaves.push(Leaf::of(sub.as_object()?, handled, kinds)?);
            subschemas.push((name, sub));
        }
        let mut required = vec![false; fields.len()];
        for name in schema.get("required").and_then(Value::as_array).map_or(&[][..], Vec::as_slice) {
            required[position(name.as_str()?)?] = true;
        }
        let conditions = match (schema.get("if"), schema.get("then")) {
            (None, None) => Vec::new(),
            (Some(when), Some(then)) => vec![Condition::of(when, then, position)?],
            _ => return None,
        };
        let by_name = move |name: &str| subschemas.iter().find(|(n, _)| *n == name).map(|(_, s)| *s);
        Some((Fields { leaves, required, conditions }, by_name))
    }

    /// Whether the object's field values (`None` for an absent field), in
    /// the order of its names, meet the checks.
    pub(super) fn accept(&self, values: &[Option<Scalar<'_>>]) -> bool {
        let present = |i: usize| values.get(i).is_some_and(Option::is_some);
        let fields = values.iter().zip(&self.leaves).zip(&self.required);
        fields.into_iter().all(|((value, leaf), &required)| match value {
            Some(v) => leaf.accepts(*v),
            None => !required,
        }) && self.conditions.iter().all(|c| {
            let holds = values.get(c.field).copied().flatten().is_some_and(|v| equals(&c.value, v));
            !holds || c.required.iter().all(|&i| present(i))
        })
    }
}

impl Condition {
    /// The one shape of `if`/`then` understood: `if` a required field has a
    /// `const` value, `then` more fields are required.
    fn of(when: &Value, then: &Value, position: impl Fn(&str) -> Option<usize>) -> Option<Condition> {
        let when = when.as_object()?;
        if when.keys().any(|k| k != "properties" && k != "required") {
            return None;
        }
        let [(name, test)] = when.get("properties")?.as_object()?.iter().collect::<Vec<_>>()[..] else { return None };
        let test = test.as_object()?;
        if test.len() != 1 || when.get("required")?.as_array()? != &[Value::from(name.as_str())] {
            return None;
        }
        let then = then.as_object()?;
        if then.len() != 1 {
            return None;
        }
        let required =
            then.get("required")?.as_array()?.iter().map(|n| position(n.as_str()?)).collect::<Option<_>>()?;
        Some(Condition { field: position(name)?, value: test.get("const")?.clone(), required })
    }
}
