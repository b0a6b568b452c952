//! JSON Pointers, and byte spans found by scanning the raw text of a document
//! that has already parsed: the value at a pointer, a key of an object.
//!
//! A record's diagnostics are placed from its tape ([`crate::tape`]), which
//! keeps where each value is. The text is scanned only where no tape is at
//! hand: a record the sync fast path read into typed fields (its id when it
//! has escapes, its statistics values) and a file read as one document.
//! The scanner assumes valid JSON.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

/// Splits a JSON Pointer into unescaped reference tokens.
pub(crate) fn pointer_tokens(pointer: &str) -> Vec<String> {
    tokens(pointer).map(std::borrow::Cow::into_owned).collect()
}

/// The unescaped reference tokens of a JSON Pointer, borrowed where they
/// hold no escape.
pub(crate) fn tokens(pointer: &str) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
    let body = if pointer.is_empty() { None } else { Some(pointer.strip_prefix('/').unwrap_or(pointer)) };
    body.into_iter().flat_map(|b| b.split('/')).map(unescape_token)
}

/// One reference token with `~1` and `~0` unescaped.
fn unescape_token(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains('~') { token.replace("~1", "/").replace("~0", "~").into() } else { token.into() }
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

    /// Calls `f(span)` for each element of the array at `i`, in one pass.
    fn elements(&self, i: usize, mut f: impl FnMut(Range<usize>)) {
        let mut j = self.ws(i + 1);
        while !matches!(self.text.get(j), None | Some(b']')) {
            let end = self.value_end(j);
            f(j..end);
            j = self.ws(end);
            if self.text.get(j) != Some(&b',') {
                return;
            }
            j = self.ws(j + 1);
        }
    }

    /// Where each element or member of the value at `i` is.
    fn contents(&self, i: usize) -> Contents {
        match self.text.get(i) {
            Some(b'{') => {
                let mut members = HashMap::new();
                self.members(i, |key, value| {
                    members.insert(self.key_text(key.clone()), (key, value));
                    None::<()>
                });
                Contents::Object(members)
            }
            Some(b'[') => {
                let mut elements = Vec::new();
                self.elements(i, |span| elements.push(span.start));
                Contents::Array(elements)
            }
            _ => Contents::Scalar,
        }
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

    /// Start of the value at `tokens` below the value at `i`: the first
    /// match of a key (the document has no repeated keys).
    fn descend<'p>(&self, mut i: usize, tokens: impl Iterator<Item = std::borrow::Cow<'p, str>>) -> Option<usize> {
        for token in tokens {
            let token = token.as_ref();
            i = match self.text.get(i)? {
                b'{' => self.members(i, |key, value| self.key_is(key, token).then_some(value))?,
                b'[' => self.element(i, token.parse().ok()?)?,
                _ => return None,
            };
        }
        Some(i)
    }
}

/// End (exclusive) of the value that starts at byte `at` of `text`, a
/// document that has parsed.
pub(crate) fn value_end(text: &[u8], at: usize) -> usize {
    Scanner { text }.value_end(at)
}

/// Span of the value at `pointer` in the JSON `text`, a document without
/// repeated keys: the first match is taken.
pub(crate) fn value_span_unique(text: &[u8], pointer: &str) -> Option<Range<usize>> {
    let s = Scanner { text };
    let start = s.descend(s.ws(0), tokens(pointer))?;
    Some(start..s.value_end(start))
}

/// Where the elements or members of one container are.
#[derive(Debug)]
enum Contents {
    /// The start of each element of an array.
    Array(Vec<usize>),
    /// Each key of an object, unescaped, to its quoted span and its value's
    /// start (the last occurrence of a repeated key, as in the parsed value).
    Object(HashMap<String, (Range<usize>, usize)>),
    /// Not a container.
    Scalar,
}

/// Finds spans in one record's text like [`value_span_unique`] (the last
/// of a repeated key's values, as the parsed value keeps it), remembering every
/// container it walks: the many diagnostics of one large array or object
/// cost one pass over it, not one pass each.
#[derive(Debug, Default)]
pub(crate) struct SpanIndex {
    /// Container start → its contents.
    containers: RefCell<HashMap<usize, Contents>>,
}

impl SpanIndex {
    /// Looks `f` up in the contents of the value at `i` of `text`.
    fn lookup<T>(&self, text: &[u8], i: usize, f: impl FnOnce(&Contents) -> Option<T>) -> Option<T> {
        let mut containers = self.containers.borrow_mut();
        f(containers.entry(i).or_insert_with(|| Scanner { text }.contents(i)))
    }

    /// Start of the value at `pointer` in `text`.
    fn descend(&self, text: &[u8], pointer: &str) -> Option<usize> {
        let mut i = Scanner { text }.ws(0);
        for token in pointer_tokens(pointer) {
            i = self.lookup(text, i, |contents| match contents {
                Contents::Array(starts) => starts.get(token.parse::<usize>().ok()?).copied(),
                Contents::Object(members) => members.get(&token).map(|(_, value)| *value),
                Contents::Scalar => None,
            })?;
        }
        Some(i)
    }

    /// Span of the value at `pointer` in `text` (always the same `text`).
    pub(crate) fn value_span(&self, text: &[u8], pointer: &str) -> Option<Range<usize>> {
        let start = self.descend(text, pointer)?;
        Some(start..Scanner { text }.value_end(start))
    }

    /// Span of the quoted key `key` of the object at `pointer` (its last
    /// occurrence).
    pub(crate) fn key_span(&self, text: &[u8], pointer: &str, key: &str) -> Option<Range<usize>> {
        let object = self.descend(text, pointer)?;
        self.lookup(text, object, |contents| match contents {
            Contents::Object(members) => members.get(key).map(|(span, _)| span.clone()),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{"a": {"b~/c": [10, "x,]}", {"d": null}]}, "e\u0041": true}"#;

    fn at(pointer: &str) -> Option<&'static str> {
        value_span_unique(DOC.as_bytes(), pointer).map(|r| &DOC[r])
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
        let index = SpanIndex::default();
        let r = index.key_span(DOC.as_bytes(), "", "eA").unwrap();
        assert_eq!(&DOC[r], r#""e\u0041""#);
        let r = index.key_span(DOC.as_bytes(), "/a/b~0~1c/2", "d").unwrap();
        assert_eq!(&DOC[r], r#""d""#);
        assert_eq!(index.key_span(DOC.as_bytes(), "/a/b~0~1c", "d"), None);
        assert_eq!(index.key_span(DOC.as_bytes(), "", "zz"), None);
    }

    #[test]
    fn the_index_finds_what_a_fresh_scan_finds() {
        let index = SpanIndex::default();
        for pointer in [
            "",
            "/a",
            "/a/b~0~1c",
            "/a/b~0~1c/0",
            "/a/b~0~1c/1",
            "/a/b~0~1c/2/d",
            "/eA",
            "/a/b~0~1c/3",
            "/zz",
            "/eA/x",
            "/a/b~0~1c/x",
        ] {
            // Twice: the second lookup comes from the remembered containers.
            for _ in 0..2 {
                let fresh = value_span_unique(DOC.as_bytes(), pointer);
                assert_eq!(index.value_span(DOC.as_bytes(), pointer), fresh, "{pointer}");
            }
        }
        let repeated = br#"{"a":1,"a":22}"#;
        assert_eq!(SpanIndex::default().value_span(repeated, "/a"), Some(11..13));
    }
}
