//! Parsing one line into a JSON value: UTF-8 first, then JSON syntax, with the
//! checks serde_json does not make on its own (duplicate keys).

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::codes::{Code, Message, framing, syntax};
use crate::diagnostic::{Diagnostic, LineRef};

/// Why a line is not an acceptable JSON document.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SyntaxError {
    /// The diagnostic code: [`Code::InvalidUtf8`], [`Code::InvalidJson`],
    /// [`Code::NumberOutOfRange`] or [`Code::NestingTooDeep`].
    pub code: Code,
    /// Byte offset of the problem inside the parsed text.
    pub offset: usize,
    /// What is wrong, without position (the caller knows the position).
    pub message: String,
}

/// A parsed document and what the parser noticed on the way.
#[derive(Debug)]
#[non_exhaustive]
pub struct Parsed {
    /// The value (for duplicate keys, the last occurrence wins).
    pub value: Value,
    /// Whether some object in the document has the same key twice.
    pub has_duplicate_keys: bool,
}

/// Parses one JSON document the way batchlint parses each record: strict UTF-8,
/// RFC 8259 syntax, numbers that fit an `f64`, at most 127 levels of nesting.
/// Leading and trailing whitespace is allowed; anything else after the value is
/// an error. Duplicate keys are accepted here and flagged in the result.
///
/// # Errors
/// A [`SyntaxError`] with the offset of the first problem.
///
/// # Examples
/// ```
/// let parsed = batchlint::parse_json(br#"{"a": 1, "a": 2}"#).unwrap();
/// assert!(parsed.has_duplicate_keys);
/// assert!(batchlint::parse_json(b"[1,]").is_err());
/// ```
pub fn parse_json(bytes: &[u8]) -> Result<Parsed, SyntaxError> {
    parse(bytes).map_err(|(offset, message)| SyntaxError { code: message.code, offset, message: message.text })
}

/// [`parse_json`], with what the diagnostic of a failure says.
fn parse(bytes: &[u8]) -> Result<Parsed, (usize, Message)> {
    let text = std::str::from_utf8(bytes).map_err(|e| (e.valid_up_to(), framing::invalid_utf8(e.error_len())))?;
    let flag = Cell::new(false);
    let mut de = serde_json::Deserializer::from_str(text);
    let value = ValueSeed { dup: &flag }
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| syntax_error(text, &e))?;
    Ok(Parsed { value, has_duplicate_keys: flag.get() })
}

/// Where a serde_json error is, as a byte offset, and what it says.
fn syntax_error(text: &str, e: &serde_json::Error) -> (usize, Message) {
    let full = e.to_string();
    let said = match full.rfind(" at line ") {
        Some(i) => &full[..i],
        None => &full,
    };
    // serde_json counts lines and columns (in bytes) from 1, and points at the
    // last byte it read; at the end of input that is past the last byte.
    let offset = if e.line() == 0 {
        text.len()
    } else {
        let mut line_start = 0;
        for _ in 1..e.line() {
            line_start += text[line_start..].find('\n').map_or(0, |i| i + 1);
        }
        if e.is_eof() { text.len() } else { (line_start + e.column().saturating_sub(1)).min(text.len()) }
    };
    (offset, syntax::from_parser(said))
}

/// Parses a line, turning a failure into a diagnostic.
pub(crate) fn parse_line(line: &LineRef<'_>) -> Result<Parsed, Box<Diagnostic>> {
    parse(line.text).map_err(|(offset, message)| {
        let at = offset.min(line.text.len());
        let comma =
            message.code == Code::InvalidJson && message.text == "trailing characters" && is_comma(&line.text[at..]);
        let span = error_span(line.text, at, &message);
        Box::new(line.report(span, if comma { syntax::comma_after_value() } else { message }))
    })
}

/// Whether `rest` is a comma and nothing but whitespace.
fn is_comma(rest: &[u8]) -> bool {
    rest.trim_ascii() == b","
}

/// The text of a line before the comma that ends it (and nothing but
/// whitespace after it), for the value before it to be read and its other
/// problems reported too.
pub(crate) fn before_trailing_comma(text: &[u8]) -> Option<&str> {
    let comma = text.iter().rposition(|&b| b == b',')?;
    if !is_comma(&text[comma..]) {
        return None;
    }
    std::str::from_utf8(&text[..comma]).ok()
}

/// The bytes to underline for a syntax error found at `at`: the whole number
/// for a number out of range, the comma itself for a trailing comma, else the
/// byte where the parser stopped.
fn error_span(text: &[u8], at: usize, message: &Message) -> std::ops::Range<usize> {
    match message.code {
        Code::NumberOutOfRange => {
            let is_number = |b: &u8| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-');
            let start = at - text[..at].iter().rev().take_while(|b| is_number(b)).count();
            let end = at + text[at..].iter().take_while(|b| is_number(b)).count();
            start..end.max(start + 1).min(text.len())
        }
        Code::InvalidJson if message.text == "trailing comma" => {
            let before = text[..at].iter().rposition(|b| !b.is_ascii_whitespace());
            match before {
                Some(i) if text[i] == b',' => i..i + 1,
                _ => at..(at + 1).min(text.len()),
            }
        }
        _ => at..(at + 1).min(text.len()),
    }
}

/// Builds a [`Value`] exactly as serde_json does, noting duplicate keys.
struct ValueSeed<'a> {
    dup: &'a Cell<bool>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v).map(Value::Number).ok_or_else(|| E::custom("number out of range"))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(v) = seq.next_element_seed(ValueSeed { dup: self.dup })? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let v = map.next_value_seed(ValueSeed { dup: self.dup })?;
            if out.insert(key, v).is_some() {
                self.dup.set(true);
            }
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(s: &[u8]) -> SyntaxError {
        parse_json(s).unwrap_err()
    }

    #[test]
    fn accepts_objects_and_flags_duplicate_keys() {
        let p = parse_json(br#" {"a":{"b":1,"b":2}} "#).unwrap();
        assert!(p.has_duplicate_keys);
        assert_eq!(p.value["a"]["b"], 2);
        assert!(!parse_json(br#"{"a":1,"b":[{"a":2}]}"#).unwrap().has_duplicate_keys);
    }

    #[test]
    fn syntax_errors_carry_the_offset_of_the_problem() {
        let e = err(br#"{"id":2,}"#);
        assert_eq!((e.code, e.offset, e.message.as_str()), (Code::InvalidJson, 8, "trailing comma"));
        let e = err(br#"{"a":1"#);
        assert_eq!(e.offset, 6);
        let e = err(br#"{"a":1} x"#);
        assert_eq!((e.offset, e.message.as_str()), (8, "trailing characters"));
    }

    #[test]
    fn out_of_range_numbers_deep_nesting_and_bad_utf8_have_their_own_codes() {
        assert_eq!(err(br#"{"a":1e400}"#).code, Code::NumberOutOfRange);
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(err(deep.as_bytes()).code, Code::NestingTooDeep);
        let e = err(b"{\"a\":\"\xff\"}");
        assert_eq!((e.code, e.offset), (Code::InvalidUtf8, 6));
    }

    #[test]
    fn nesting_up_to_the_limit_is_fine() {
        let ok = format!("{}{}", "[".repeat(127), "]".repeat(127));
        assert!(parse_json(ok.as_bytes()).is_ok());
    }
}
