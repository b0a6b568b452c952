//! Finds byte spans inside the raw text of a record that has already parsed:
//! the value at a JSON Pointer, a key of an object, repeated keys.
//!
//! Diagnostics point at the offending value, not at the line start, so the
//! validation stages turn instance paths into spans here. The scanner only
//! runs for records that have a problem, and it assumes valid JSON.

use std::collections::HashMap;
use std::ops::Range;

/// A key that appears twice in one object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DuplicateKey {
    /// JSON Pointer of the object holding the key.
    pub(crate) object: String,
    /// The key, unescaped.
    pub(crate) key: String,
    /// Span of the first occurrence (the quoted key).
    pub(crate) first: Range<usize>,
    /// Span of the repeat (the quoted key).
    pub(crate) repeat: Range<usize>,
}

/// Splits a JSON Pointer into unescaped reference tokens.
pub(crate) fn pointer_tokens(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer.strip_prefix('/').unwrap_or(pointer).split('/').map(|t| t.replace("~1", "/").replace("~0", "~")).collect()
}

/// Escapes one token for a JSON Pointer.
pub(crate) fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

struct Scanner<'a> {
    text: &'a [u8],
}

impl Scanner<'_> {
    fn ws(&self, mut i: usize) -> usize {
        while i < self.text.len() && matches!(self.text[i], b' ' | b'\t' | b'\r' | b'\n') {
            i += 1;
        }
        i
    }

    /// End (exclusive) of the string starting at the quote at `i`.
    fn string_end(&self, mut i: usize) -> usize {
        i += 1;
        while i < self.text.len() {
            match self.text[i] {
                b'\\' => i += 2,
                b'"' => return i + 1,
                _ => i += 1,
            }
        }
        self.text.len()
    }

    /// End (exclusive) of the value starting at `i` (no leading whitespace).
    fn value_end(&self, i: usize) -> usize {
        match self.text.get(i) {
            Some(b'"') => self.string_end(i),
            Some(b'{' | b'[') => {
                let mut depth = 0usize;
                let mut j = i;
                while j < self.text.len() {
                    match self.text[j] {
                        b'"' => {
                            j = self.string_end(j);
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                return j + 1;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                self.text.len()
            }
            _ => {
                let mut j = i;
                while j < self.text.len() && !matches!(self.text[j], b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n')
                {
                    j += 1;
                }
                j
            }
        }
    }

    fn key_text(&self, span: Range<usize>) -> String {
        let raw = &self.text[span.clone()];
        if raw.contains(&b'\\') {
            serde_json::from_slice::<String>(raw).unwrap_or_default()
        } else {
            String::from_utf8_lossy(&raw[1..raw.len().saturating_sub(1).max(1)]).into_owned()
        }
    }

    /// Whether the quoted key at `span` is `token` once unescaped.
    fn key_is(&self, span: Range<usize>, token: &str) -> bool {
        let raw = &self.text[span.clone()];
        if raw.contains(&b'\\') {
            self.key_text(span) == token
        } else {
            raw.get(1..raw.len() - 1) == Some(token.as_bytes())
        }
    }

    /// Calls `f(key_span, value_start)` for each member of the object at `i`;
    /// stops early when `f` returns `Some`.
    fn members<T>(&self, i: usize, mut f: impl FnMut(Range<usize>, usize) -> Option<T>) -> Option<T> {
        let mut j = self.ws(i + 1);
        while j < self.text.len() && self.text[j] == b'"' {
            let key_end = self.string_end(j);
            let colon = self.ws(key_end);
            let value = self.ws(colon + 1);
            if let Some(t) = f(j..key_end, value) {
                return Some(t);
            }
            j = self.ws(self.value_end(value));
            if self.text.get(j) == Some(&b',') {
                j = self.ws(j + 1);
            }
        }
        None
    }

    /// Start of element `index` of the array at `i`.
    fn element(&self, i: usize, index: usize) -> Option<usize> {
        let mut j = self.ws(i + 1);
        for _ in 0..index {
            if matches!(self.text.get(j), None | Some(b']')) {
                return None;
            }
            j = self.ws(self.value_end(j));
            if self.text.get(j) != Some(&b',') {
                return None;
            }
            j = self.ws(j + 1);
        }
        (!matches!(self.text.get(j), None | Some(b']'))).then_some(j)
    }

    /// Start of the value at `tokens` below the value at `i`. With
    /// `last_wins`, duplicate keys resolve to the last occurrence, as the
    /// parsed value does; without, the first match is taken (faster, and the
    /// same when the document has no duplicate keys).
    fn descend(&self, mut i: usize, tokens: &[String], last_wins: bool) -> Option<usize> {
        for token in tokens {
            i = match self.text.get(i)? {
                b'{' => {
                    let mut found = None;
                    let first = self.members(i, |key, value| {
                        if self.key_is(key, token) {
                            found = Some(value);
                            if !last_wins {
                                return Some(value);
                            }
                        }
                        None
                    });
                    first.or(found)?
                }
                b'[' => self.element(i, token.parse().ok()?)?,
                _ => return None,
            };
        }
        Some(i)
    }

    fn duplicates(&self, i: usize, path: &mut String, out: &mut Vec<DuplicateKey>) {
        match self.text.get(i) {
            Some(b'{') => {
                let mut seen: HashMap<String, Range<usize>> = HashMap::new();
                self.members(i, |span, value| {
                    let key = self.key_text(span.clone());
                    let len = path.len();
                    path.push('/');
                    path.push_str(&escape_token(&key));
                    self.duplicates(value, path, out);
                    path.truncate(len);
                    match seen.get(&key) {
                        Some(first) => {
                            out.push(DuplicateKey { object: path.clone(), key, first: first.clone(), repeat: span })
                        }
                        None => {
                            seen.insert(key, span);
                        }
                    }
                    None::<()>
                });
            }
            Some(b'[') => {
                let mut index = 0;
                while let Some(j) = self.element(i, index) {
                    let len = path.len();
                    path.push('/');
                    path.push_str(&index.to_string());
                    self.duplicates(j, path, out);
                    path.truncate(len);
                    index += 1;
                }
            }
            _ => {}
        }
    }
}

/// Span of the value at `pointer` in the JSON `text`.
pub(crate) fn value_span(text: &[u8], pointer: &str) -> Option<Range<usize>> {
    let s = Scanner { text };
    let start = s.descend(s.ws(0), &pointer_tokens(pointer), true)?;
    Some(start..s.value_end(start))
}

/// [`value_span`] for a document known to have no duplicate keys: stops at
/// the first match instead of scanning the rest of each object.
pub(crate) fn value_span_unique(text: &[u8], pointer: &str) -> Option<Range<usize>> {
    let s = Scanner { text };
    let start = s.descend(s.ws(0), &pointer_tokens(pointer), false)?;
    Some(start..s.value_end(start))
}

/// Span of the quoted key `key` of the object at `pointer` (its last occurrence).
pub(crate) fn key_span(text: &[u8], pointer: &str, key: &str) -> Option<Range<usize>> {
    key_spans(text, pointer).remove(key)
}

/// The span of every quoted key of the object at `pointer`, unescaped key to
/// span (the last occurrence of a repeated key), in one pass over the
/// object: a record with thousands of unknown keys is scanned once, not once
/// per key.
pub(crate) fn key_spans(text: &[u8], pointer: &str) -> HashMap<String, Range<usize>> {
    let s = Scanner { text };
    let mut spans = HashMap::new();
    if let Some(object) = s.descend(s.ws(0), &pointer_tokens(pointer), true)
        && s.text.get(object) == Some(&b'{')
    {
        s.members(object, |span, _| {
            spans.insert(s.key_text(span.clone()), span);
            None::<()>
        });
    }
    spans
}

/// Every key that repeats within its object, in the order the repeats appear
/// (nested repeats before the repeat of the key that holds them).
pub(crate) fn duplicate_keys(text: &[u8]) -> Vec<DuplicateKey> {
    let s = Scanner { text };
    let mut out = Vec::new();
    s.duplicates(s.ws(0), &mut String::new(), &mut out);
    out.sort_by_key(|d| d.repeat.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{"a": {"b~/c": [10, "x,]}", {"d": null}]}, "e\u0041": true}"#;

    fn at(pointer: &str) -> Option<&'static str> {
        value_span(DOC.as_bytes(), pointer).map(|r| &DOC[r])
    }

    #[test]
    fn finds_values_by_pointer() {
        assert_eq!(at(""), Some(DOC));
        assert_eq!(at("/a/b~0~1c/0"), Some("10"));
        assert_eq!(at("/a/b~0~1c/1"), Some(r#""x,]}""#));
        assert_eq!(at("/a/b~0~1c/2/d"), Some("null"));
        assert_eq!(at("/eA"), Some("true"));
        assert_eq!(at("/a/b~0~1c/3"), None);
        assert_eq!(at("/zz"), None);
    }

    #[test]
    fn finds_keys() {
        let r = key_span(DOC.as_bytes(), "", "eA").unwrap();
        assert_eq!(&DOC[r], r#""e\u0041""#);
        let r = key_span(DOC.as_bytes(), "/a/b~0~1c/2", "d").unwrap();
        assert_eq!(&DOC[r], r#""d""#);
    }

    #[test]
    fn finds_duplicate_keys_with_both_places() {
        let doc = r#"{"a":1,"b":{"x":1,"x":2},"a":3}"#;
        let d = duplicate_keys(doc.as_bytes());
        assert_eq!(d.len(), 2);
        assert_eq!((d[0].object.as_str(), d[0].key.as_str()), ("/b", "x"));
        assert_eq!((d[1].object.as_str(), d[1].key.as_str()), ("", "a"));
        assert_eq!(&doc[d[1].first.clone()], r#""a""#);
        assert_eq!(d[1].repeat.start, 25);
    }

    #[test]
    fn last_duplicate_wins_like_the_parsed_value() {
        assert_eq!(value_span(br#"{"a":1,"a":22}"#, "/a"), Some(11..13));
    }
}
