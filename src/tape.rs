//! A record parsed into a flat tape that borrows its strings from the line,
//! for the line schema to validate without building a `serde_json::Value`.
//!
//! Building a `Value` (a map node and a `String` per key and string) is most
//! of the cost of checking a clean record against a schema. The tape is one
//! vector: each value in document order, each container followed by its
//! contents. It is written by a parser of its own that accepts exactly what
//! serde_json accepts (the same syntax, numbers and nesting limit as the
//! full path), without serde's visitors, and handed to jsonschema through its
//! [`Json`] trait for custom representations. A record the tape validator
//! accepts is clean; any other goes through the full path, which reports.

use jsonschema::JsonType;
use jsonschema::json::{Array, Json, Node, NodeIdentity, Object};
use serde_json::{Map, Number, Value};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::collections::hash_map;
use std::ops::Range;

use crate::locate::escape_token;

use crate::text::same;

thread_local! {
    /// The entries of this thread's last tape, emptied: most lines take about
    /// as many, so the next tape starts with room for them.
    static SPARE: std::cell::Cell<Vec<Entry<'static>>> = const { std::cell::Cell::new(Vec::new()) };
}

/// The most entries a spare keeps room for: a giant line's tape is freed.
const SPARE_LIMIT: usize = 1 << 16;

/// `entries`, emptied, with their allocation, for tapes of another line.
fn recycle<'b>(mut entries: Vec<Entry<'_>>) -> Vec<Entry<'b>> {
    entries.clear();
    // An empty vector collected in place into one of another lifetime keeps
    // the allocation; no element is mapped.
    entries.into_iter().map(|_| unreachable!("the vector is empty")).collect()
}

impl Drop for Tape<'_> {
    fn drop(&mut self) {
        if self.entries.capacity() <= SPARE_LIMIT {
            SPARE.set(recycle(std::mem::take(&mut self.entries)));
        }
    }
}

/// One parsed JSON document.
#[derive(Debug)]
pub(crate) struct Tape<'a> {
    /// The document's text: every entry's [`Entry::start`] is on it.
    text: &'a str,
    entries: Vec<Entry<'a>>,
    duplicate_keys: bool,
    /// The index of each key that its object repeats later: the parsed value
    /// keeps the last occurrence only, and so does the tape's view for the
    /// schema ([`TapeObject`]).
    shadowed: std::collections::HashSet<usize>,
    /// The [`key_bit`]s of every key, or-ed.
    key_bits: u128,
}

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

/// A bit of 128 that stands for `key` (its length and first and last
/// bytes): keys of different bits differ, so that a set of keys can be ruled
/// out for a record by one `and` of both sides' bits.
pub(crate) fn key_bit(key: &str) -> u128 {
    let bytes = key.as_bytes();
    let (first, last) = (bytes.first().copied().unwrap_or(0), bytes.last().copied().unwrap_or(0));
    1 << ((bytes.len() * 31 + usize::from(first) * 7 + usize::from(last)) % 128)
}

/// One value or key of a [`Tape`]. Both indexes fit 32 bits: a line is
/// at most [`MAX_LINE_LIMIT`](crate::profile::MAX_LINE_LIMIT) bytes, and
/// the entry is no larger with them than with one index of 64.
#[derive(Debug)]
struct Entry<'a> {
    kind: Kind<'a>,
    /// Where the value (its first byte) or the key (its opening quote) is
    /// on the line: diagnostics are placed from it.
    start: u32,
    /// Index just past this entry and everything it contains.
    end: u32,
}

#[derive(Debug)]
enum Kind<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    /// An array of this many elements, which follow.
    Array(usize),
    /// An object of this many members, which follow, each a [`Kind::Key`]
    /// and then its value.
    Object(usize),
    Key(Cow<'a, str>),
}

impl<'a> Tape<'a> {
    /// Parses one JSON document; `None` when `text` is not one (the full
    /// parser then says why).
    pub(crate) fn parse(text: &'a str) -> Option<Self> {
        u32::try_from(text.len()).ok()?;
        let mut entries = recycle(SPARE.take());
        entries.reserve(text.len() / 12 + 4);
        let tape = Tape { text, entries, duplicate_keys: false, shadowed: Default::default(), key_bits: 0 };
        let mut parser = Parser { text, at: 0, tape };
        parser.value(NESTING_LIMIT)?;
        parser.skip_space();
        (parser.at == text.len()).then_some(parser.tape)
    }

    /// Whether some object has the same key twice.
    pub(crate) fn has_duplicate_keys(&self) -> bool {
        self.duplicate_keys
    }

    /// The [`key_bit`]s of the document's keys, or-ed.
    pub(crate) fn key_bits(&self) -> u128 {
        self.key_bits
    }

    /// Every object key of the document, at any depth.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().filter_map(|entry| match &entry.kind {
            Kind::Key(key) => Some(&**key),
            _ => None,
        })
    }

    /// Every key that repeats within its object, in the order the repeats
    /// appear on the line, each with its first occurrence.
    pub(crate) fn duplicate_keys(&self) -> Vec<DuplicateKey> {
        let mut out = Vec::new();
        if self.duplicate_keys {
            self.repeats(0, &mut String::new(), &mut out);
        }
        out.sort_by_key(|d| d.repeat.start);
        out
    }

    /// [`Tape::duplicate_keys`] within the value at `at`, whose pointer is
    /// `path`.
    fn repeats(&self, at: usize, path: &mut String, out: &mut Vec<DuplicateKey>) {
        let mut descend = |token: &str, value: usize, path: &mut String| {
            let len = path.len();
            path.push('/');
            path.push_str(token);
            self.repeats(value, path, out);
            path.truncate(len);
        };
        match self.entries[at].kind {
            Kind::Object(_) => {
                let mut first = HashMap::new();
                let mut found = Vec::new();
                for (key, value) in self.members(at) {
                    let name = self.key(key);
                    descend(&escape_token(name), value, path);
                    match first.entry(name) {
                        hash_map::Entry::Occupied(first) => found.push((*first.get(), key)),
                        hash_map::Entry::Vacant(slot) => _ = slot.insert(key),
                    }
                }
                out.extend(found.into_iter().map(|(first, repeat)| DuplicateKey {
                    object: path.clone(),
                    key: self.key(repeat).to_owned(),
                    first: self.span(first),
                    repeat: self.span(repeat),
                }));
            }
            Kind::Array(_) => {
                for (index, element) in self.elements(at).enumerate() {
                    descend(&index.to_string(), element, path);
                }
            }
            _ => {}
        }
    }

    /// Where the value or key at `at` is on the line, quotes and brackets
    /// included.
    fn span(&self, at: usize) -> Range<usize> {
        self.entries[at].start as usize..self.byte_end(at)
    }

    /// Just past the value or key at `at` on the line: known from the tape
    /// for a literal, a string without escapes and a container (its last
    /// item, then its closing bracket); read from the value's own bytes for
    /// a number and a string with escapes, which the tape keeps unwritten.
    fn byte_end(&self, at: usize) -> usize {
        let entry = &self.entries[at];
        let start = entry.start as usize;
        match &entry.kind {
            Kind::Null | Kind::Bool(true) => start + 4,
            Kind::Bool(false) => start + 5,
            Kind::String(Cow::Borrowed(s)) | Kind::Key(Cow::Borrowed(s)) => start + s.len() + 2,
            Kind::Number(_) | Kind::String(Cow::Owned(_)) | Kind::Key(Cow::Owned(_)) => {
                crate::locate::value_end(self.text.as_bytes(), start)
            }
            Kind::Array(_) => self.closed(start, self.elements(at).last()),
            Kind::Object(_) => self.closed(start, self.members(at).last().map(|(_, value)| value)),
        }
    }

    /// Just past the closing bracket of the container that opens at byte
    /// `start` and whose last item is `last`.
    fn closed(&self, start: usize, last: Option<usize>) -> usize {
        let after = last.map_or(start + 1, |last| self.byte_end(last));
        let space = self.text.as_bytes()[after..].iter().take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
        after + space.count() + 1
    }

    /// The keys of the root object, sorted, each once (none if the root
    /// is not an object).
    pub(crate) fn root_keys(&self) -> std::collections::BTreeSet<&str> {
        match self.entries.first().map(|entry| &entry.kind) {
            Some(Kind::Object(_)) => self.members(0).map(|(key, _)| self.key(key)).collect(),
            _ => std::collections::BTreeSet::new(),
        }
    }

    /// The document's root value.
    pub(crate) fn root(&self) -> TapeNode<'_> {
        TapeNode::At(self, 0)
    }

    /// The value at JSON Pointer `pointer`, as `Value::pointer` finds it.
    pub(crate) fn pointer(&self, pointer: &str) -> Option<TapeNode<'_>> {
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return None;
        }
        self.walk(crate::locate::tokens(pointer))
    }

    /// The value at the reference tokens `tokens` of a JSON Pointer (split
    /// and unescaped), as [`Tape::pointer`] finds it.
    pub(crate) fn walk<T: AsRef<str>>(&self, tokens: impl IntoIterator<Item = T>) -> Option<TapeNode<'_>> {
        let mut at = 0;
        for token in tokens {
            let token = token.as_ref();
            at = match self.entries[at].kind {
                Kind::Object(_) => self.member(at, token)?,
                Kind::Array(_) => self.elements(at).nth(array_index(token)?)?,
                _ => return None,
            };
        }
        Some(TapeNode::At(self, at))
    }

    /// The value of member `key` of the object at `at`: the last one when
    /// the key repeats, as serde_json keeps it.
    fn member(&self, at: usize, key: &str) -> Option<usize> {
        let mut named = self.members(at).filter(|&(k, _)| same(self.key(k).as_bytes(), key.as_bytes()));
        if self.duplicate_keys { named.last() } else { named.next() }.map(|(_, value)| value)
    }

    fn key(&self, at: usize) -> &str {
        match &self.entries[at].kind {
            Kind::Key(key) => key,
            _ => "",
        }
    }

    /// `(key index, value index)` of each member of the object at `at`.
    fn members(&self, at: usize) -> Members<'_, 'a> {
        Members { tape: self, next: at + 1, end: self.entries[at].end as usize }
    }

    /// Index of each element of the array at `at`.
    fn elements(&self, at: usize) -> Elements<'_, 'a> {
        Elements { tape: self, next: at + 1, end: self.entries[at].end as usize }
    }

    /// The number of entries so far, as an index of 32 bits (there are
    /// fewer entries than bytes on the line).
    fn next_index(&self) -> u32 {
        self.entries.len() as u32
    }

    fn leaf(&mut self, kind: Kind<'a>, start: usize) {
        let end = self.next_index() + 1;
        self.entries.push(Entry { kind, start: start as u32, end });
    }

    fn open(&mut self, kind: Kind<'a>, start: usize) -> usize {
        self.entries.push(Entry { kind, start: start as u32, end: 0 });
        self.entries.len() - 1
    }

    fn close(&mut self, at: usize, kind: Kind<'a>) {
        self.entries[at].kind = kind;
        self.entries[at].end = self.next_index();
    }

    /// Marks each key of the object at `at` that the object repeats later.
    #[cold]
    fn shadow_repeats(&mut self, at: usize) {
        let mut last = HashMap::new();
        let shadowed: Vec<usize> = self.members(at).filter_map(|(key, _)| last.insert(self.key(key), key)).collect();
        self.shadowed.extend(shadowed);
    }

    /// Whether the object at `at` has a key twice, given whether two of its
    /// keys have the same [`key_bit`] (keys of different bits differ: most
    /// objects are ruled out by that alone).
    fn repeats_a_key(&self, at: usize, bits_repeat: bool) -> bool {
        if !bits_repeat {
            return false;
        }
        let keys = || self.members(at).map(|(key, _)| self.key(key));
        if matches!(self.entries[at].kind, Kind::Object(len) if len <= 16) {
            return keys()
                .enumerate()
                .any(|(i, key)| keys().take(i).any(|earlier| same(earlier.as_bytes(), key.as_bytes())));
        }
        let mut seen = std::collections::HashSet::new();
        !keys().all(|key| seen.insert(key))
    }

    /// The value at `at` as a `serde_json::Value` (for error paths).
    fn to_value(&self, at: usize) -> Value {
        match &self.entries[at].kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Number(n) => Value::Number(n.clone()),
            Kind::String(s) | Kind::Key(s) => Value::String(s.to_string()),
            Kind::Array(_) => Value::Array(self.elements(at).map(|e| self.to_value(e)).collect()),
            Kind::Object(_) => Value::Object(
                self.members(at)
                    .map(|(key, value)| (self.key(key).to_owned(), self.to_value(value)))
                    .collect::<Map<_, _>>(),
            ),
        }
    }
}

/// Finds where values and keys of one [`Tape`] are on its line, by JSON
/// Pointer. The items of a large container are remembered once walked: the
/// many diagnostics of one large array or object cost one walk of it, not
/// one each.
#[derive(Debug)]
pub(crate) struct TapeSpans<'t> {
    tape: &'t Tape<'t>,
    /// Container index → its items, for containers of more than
    /// [`TapeSpans::WALKED`] items.
    items: RefCell<HashMap<usize, Items<'t>>>,
}

/// The items of one container of a [`Tape`].
#[derive(Debug)]
enum Items<'t> {
    /// Each element's index.
    Array(Vec<usize>),
    /// Each key to its `(key index, value index)`: the last occurrence of a
    /// repeated key, as the parsed value keeps it.
    Object(HashMap<&'t str, (usize, usize)>),
}

impl<'t> TapeSpans<'t> {
    /// Containers of at most this many items are walked on each lookup.
    const WALKED: usize = 32;

    /// Spans on `tape`.
    pub(crate) fn new(tape: &'t Tape<'t>) -> Self {
        TapeSpans { tape, items: RefCell::default() }
    }

    /// Where the value at JSON Pointer `pointer` is on the line.
    pub(crate) fn value_span(&self, pointer: &str) -> Option<Range<usize>> {
        Some(self.tape.span(self.find(pointer)?))
    }

    /// Where the quoted key `key` of the object at `pointer` is on the line
    /// (its last occurrence).
    pub(crate) fn key_span(&self, pointer: &str, key: &str) -> Option<Range<usize>> {
        let (key, _) = self.member(self.find(pointer)?, key)?;
        Some(self.tape.span(key))
    }

    /// The index of the value at `pointer`.
    fn find(&self, pointer: &str) -> Option<usize> {
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return None;
        }
        crate::locate::tokens(pointer).try_fold(0, |at, token| match self.tape.entries[at].kind {
            Kind::Object(_) => self.member(at, &token).map(|(_, value)| value),
            Kind::Array(_) => self.element(at, array_index(&token)?),
            _ => None,
        })
    }

    /// `(key index, value index)` of member `key` of the object at `at`.
    fn member(&self, at: usize, key: &str) -> Option<(usize, usize)> {
        let tape = self.tape;
        match tape.entries[at].kind {
            Kind::Object(len) if len <= Self::WALKED => {
                tape.members(at).filter(|&(k, _)| same(tape.key(k).as_bytes(), key.as_bytes())).last()
            }
            Kind::Object(_) => self.remembered(at, |items| match items {
                Items::Object(members) => members.get(key).copied(),
                Items::Array(_) => None,
            }),
            _ => None,
        }
    }

    /// The index of element `index` of the array at `at`.
    fn element(&self, at: usize, index: usize) -> Option<usize> {
        match self.tape.entries[at].kind {
            Kind::Array(len) if len <= Self::WALKED => self.tape.elements(at).nth(index),
            Kind::Array(_) => self.remembered(at, |items| match items {
                Items::Array(elements) => elements.get(index).copied(),
                Items::Object(_) => None,
            }),
            _ => None,
        }
    }

    /// `f` of the items of the container at `at`, walked on first use.
    fn remembered<T>(&self, at: usize, f: impl FnOnce(&Items<'t>) -> Option<T>) -> Option<T> {
        let tape = self.tape;
        let mut items = self.items.borrow_mut();
        f(items.entry(at).or_insert_with(|| match tape.entries[at].kind {
            Kind::Object(_) => Items::Object(tape.members(at).map(|(k, v)| (tape.key(k), (k, v))).collect()),
            _ => Items::Array(tape.elements(at).collect()),
        }))
    }
}

/// The members of an object of a [`Tape`]: `(key index, value index)`.
#[derive(Clone, Debug)]
pub(crate) struct Members<'t, 'a> {
    tape: &'t Tape<'a>,
    next: usize,
    end: usize,
}

impl Iterator for Members<'_, '_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        (self.next < self.end).then(|| {
            let member = (self.next, self.next + 1);
            self.next = self.tape.entries[self.next + 1].end as usize;
            member
        })
    }
}

/// The elements of an array of a [`Tape`]: their indexes.
#[derive(Clone, Debug)]
pub(crate) struct Elements<'t, 'a> {
    tape: &'t Tape<'a>,
    next: usize,
    end: usize,
}

impl Iterator for Elements<'_, '_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        (self.next < self.end).then(|| {
            let element = self.next;
            self.next = self.tape.entries[self.next].end as usize;
            element
        })
    }
}

/// An array index token as `Value::pointer` reads it: digits, no sign, no
/// leading zero.
fn array_index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
        return None;
    }
    token.parse().ok()
}

/// The nesting serde_json allows: its recursion limit counts down from 128
/// at each array or object and fails at 0.
const NESTING_LIMIT: usize = 128;

/// Writes one JSON document onto a [`Tape`]: the grammar of RFC 8259,
/// serde_json's numbers (a number other than a small integer is read by
/// serde_json's own parser) and its nesting limit. It gives up (`None`) on
/// anything serde_json refuses, and on nothing it accepts: the tests
/// compare both on documents near valid ones.
struct Parser<'a> {
    text: &'a str,
    at: usize,
    tape: Tape<'a>,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// Skips white space and then `byte`, or gives up.
    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_space();
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// One value, inside `room` more levels of nesting.
    fn value(&mut self, room: usize) -> Option<()> {
        self.skip_space();
        let start = self.at;
        let kind = match self.peek()? {
            b'{' => return self.object(room - 1),
            b'[' => return self.array(room - 1),
            b'"' => Kind::String(self.string()?),
            b't' => self.literal("true", Kind::Bool(true))?,
            b'f' => self.literal("false", Kind::Bool(false))?,
            b'n' => self.literal("null", Kind::Null)?,
            b'-' | b'0'..=b'9' => Kind::Number(self.number()?),
            _ => return None,
        };
        self.tape.leaf(kind, start);
        Some(())
    }

    fn literal(&mut self, word: &str, kind: Kind<'a>) -> Option<Kind<'a>> {
        self.text[self.at..].starts_with(word).then(|| {
            self.at += word.len();
            kind
        })
    }

    fn object(&mut self, room: usize) -> Option<()> {
        if room == 0 {
            return None;
        }
        let at = self.tape.open(Kind::Object(0), self.at);
        // The key bits of the keys so far, and whether two of them had one.
        let (mut bits, mut bits_repeat) = (0, false);
        let len = self.items(b'}', |parser| {
            parser.skip_space();
            if parser.peek()? != b'"' {
                return None;
            }
            let start = parser.at;
            let key = parser.string()?;
            let bit = key_bit(&key);
            bits_repeat |= bits & bit != 0;
            bits |= bit;
            parser.tape.leaf(Kind::Key(key), start);
            parser.expect(b':')?;
            parser.value(room)
        })?;
        self.tape.close(at, Kind::Object(len));
        self.tape.key_bits |= bits;
        if self.tape.repeats_a_key(at, bits_repeat) {
            self.tape.duplicate_keys = true;
            self.tape.shadow_repeats(at);
        }
        Some(())
    }

    fn array(&mut self, room: usize) -> Option<()> {
        if room == 0 {
            return None;
        }
        let at = self.tape.open(Kind::Array(0), self.at);
        let len = self.items(b']', |parser| parser.value(room))?;
        self.tape.close(at, Kind::Array(len));
        Some(())
    }

    /// The items of the array or object whose opening bracket is at
    /// `self.at`, each read by `item`, up to its `close` bracket: how many.
    #[inline(always)]
    fn items(&mut self, close: u8, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<usize> {
        self.at += 1;
        self.skip_space();
        if self.peek() == Some(close) {
            self.at += 1;
            return Some(0);
        }
        let mut len = 0;
        loop {
            item(self)?;
            len += 1;
            self.skip_space();
            match self.peek()? {
                b',' => self.at += 1,
                byte if byte == close => break self.at += 1,
                _ => return None,
            }
        }
        Some(len)
    }

    /// The string whose opening quote is at `self.at`: borrowed from the
    /// line unless it has an escape.
    #[inline]
    fn string(&mut self) -> Option<Cow<'a, str>> {
        let bytes = self.text.as_bytes();
        let start = self.at + 1;
        let end = plain_run(bytes, start);
        if bytes.get(end) == Some(&b'"') {
            self.at = end + 1;
            return Some(Cow::Borrowed(self.text.get(start..end)?));
        }
        self.escaped_string(start, end)
    }

    /// The rest of a string from `start` whose first escape (or control
    /// character, or the end of the line) is at `end`.
    #[cold]
    fn escaped_string(&mut self, start: usize, mut end: usize) -> Option<Cow<'a, str>> {
        let bytes = self.text.as_bytes();
        let mut owned = String::new();
        let mut from = start;
        loop {
            // `end` is at an ASCII byte or the end: a character boundary.
            owned.push_str(self.text.get(from..end)?);
            match *bytes.get(end)? {
                b'"' => {
                    self.at = end + 1;
                    return Some(Cow::Owned(owned));
                }
                b'\\' => from = escape(bytes, end + 1, &mut owned)?,
                _ => return None,
            }
            end = plain_run(bytes, from);
        }
    }

    /// The number at `self.at`, as serde_json reads it.
    fn number(&mut self) -> Option<Number> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let negative = bytes[start] == b'-';
        let mut end = start + usize::from(negative);
        end += match bytes.get(end)? {
            b'0' => 1,
            b'1'..=b'9' => digits(&bytes[end..]),
            _ => return None,
        };
        let integer = end;
        if bytes.get(end) == Some(&b'.') {
            end += 1;
            end += Some(digits(&bytes[end..])).filter(|&n| n > 0)?;
        }
        if let Some(b'e' | b'E') = bytes.get(end) {
            end += 1;
            end += usize::from(matches!(bytes.get(end), Some(b'+' | b'-')));
            end += Some(digits(&bytes[end..])).filter(|&n| n > 0)?;
        }
        self.at = end;
        let text = &self.text[start..end];
        // Integers of at most 18 digits fit either type; serde_json reads
        // `-0` as a float.
        if end == integer && end - start <= 18 && text != "-0" {
            return if negative {
                text.parse::<i64>().ok().map(Number::from)
            } else {
                text.parse::<u64>().ok().map(Number::from)
            };
        }
        let number: Number = text.parse().ok()?;
        number.as_f64().is_some_and(f64::is_finite).then_some(number)
    }
}

/// The index of the first byte at or after `at` that may not stand
/// unescaped in a string (a quote, a backslash or a control character), or
/// the length of `bytes`.
///
/// Most strings (keys, roles, models) end within 16 bytes: those bytes are
/// tested eight at a time, past the string's end too (the first flagged
/// byte is what counts). A byte is flagged when subtracting from it borrows
/// (below `0x20`, or equal to the quote or the backslash once those are
/// xor-ed to zero) and its top bit was clear; only bytes above a flagged
/// one can be flagged wrongly. A longer string (a prompt) is searched with
/// `memchr` for its quote or backslash, and the bytes before that are then
/// checked for control characters in one vectorised pass. Kept out of line:
/// [`Parser::string`] stays small enough to be inlined where values are
/// parsed.
#[inline(never)]
fn plain_run(bytes: &[u8], mut at: usize) -> usize {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const TOPS: u64 = ONES << 7;
    for _ in 0..SHORT_WORDS {
        let Some(chunk) = bytes.get(at..at + 8) else {
            return at + bytes[at..].iter().take_while(|&&b| !needs_escape(b)).count();
        };
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        let flags =
            (word.wrapping_sub(ONES * 0x20) | quote.wrapping_sub(ONES) | backslash.wrapping_sub(ONES)) & !word & TOPS;
        if flags != 0 {
            return at + flags.trailing_zeros() as usize / 8;
        }
        at += 8;
    }
    long_run(bytes, at)
}

/// How many words of eight bytes [`plain_run`] tests before it searches.
const SHORT_WORDS: usize = 2;

/// [`plain_run`] past a string's first [`SHORT_WORDS`] words.
#[inline(never)]
fn long_run(bytes: &[u8], at: usize) -> usize {
    let end = memchr::memchr2(b'"', b'\\', &bytes[at..]).map_or(bytes.len(), |i| at + i);
    let run = &bytes[at..end];
    // The smallest byte, in one vectorised pass: below 0x20 is a control
    // character.
    if run.iter().fold(u8::MAX, |least, &b| least.min(b)) < 0x20 {
        return at + run.iter().take_while(|&&b| b >= 0x20).count();
    }
    end
}

/// Whether `b` may not stand unescaped in a JSON string.
fn needs_escape(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// How many ASCII digits `bytes` starts with.
fn digits(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_digit()).count()
}

/// Reads the escape after the backslash before `at` onto `out`; the index
/// after it, or `None` for an escape serde_json refuses (a surrogate of a
/// `\u` escape without its pair among them).
fn escape(bytes: &[u8], at: usize, out: &mut String) -> Option<usize> {
    let c = match *bytes.get(at)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let unit = hex4(bytes.get(at + 1..at + 5)?)?;
            let (c, len) = if (0xD800..0xDC00).contains(&unit) {
                if bytes.get(at + 5..at + 7)? != b"\\u" {
                    return None;
                }
                let low = hex4(bytes.get(at + 7..at + 11)?)?;
                if !(0xDC00..0xE000).contains(&low) {
                    return None;
                }
                (char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))?, 11)
            } else {
                (char::from_u32(unit)?, 5)
            };
            out.push(c);
            return Some(at + len);
        }
        _ => return None,
    };
    out.push(c);
    Some(at + 1)
}

/// Four hexadecimal digits as a number.
fn hex4(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0, |n, &b| Some(n * 16 + char::from(b).to_digit(16)?))
}

/// The tape as a JSON representation jsonschema validates.
#[derive(Debug)]
pub(crate) struct TapeJson;

impl Json for TapeJson {
    type Node<'a> = TapeNode<'a>;
    type PreparedKey = String;
    type StringBuffer = ();

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>((): &mut (), string: &str, f: impl FnOnce(TapeNode<'_>) -> T) -> T {
        f(TapeNode::Name(string))
    }
}

/// A value of a [`Tape`], or a lone string (a property name jsonschema
/// validates as a value).
#[derive(Clone, Copy, Debug)]
pub(crate) enum TapeNode<'a> {
    At(&'a Tape<'a>, usize),
    Name(&'a str),
}

impl<'a> TapeNode<'a> {
    /// Whether this is an object.
    pub(crate) fn is_object(&self) -> bool {
        matches!(self.kind(), Some(Kind::Object(_)))
    }

    /// Where the value is on its line (not for a lone name).
    pub(crate) fn span(&self) -> Option<Range<usize>> {
        match *self {
            TapeNode::At(tape, at) => Some(tape.span(at)),
            TapeNode::Name(_) => None,
        }
    }

    /// The value as a `serde_json::Value`.
    pub(crate) fn value(&self) -> Value {
        Node::to_value(self).into_owned()
    }

    fn kind(&self) -> Option<&'a Kind<'a>> {
        match *self {
            TapeNode::At(tape, at) => Some(&tape.entries[at].kind),
            TapeNode::Name(_) => None,
        }
    }

    /// The string, if this is one.
    pub(crate) fn string(&self) -> Option<&'a str> {
        match *self {
            TapeNode::At(tape, at) => match &tape.entries[at].kind {
                Kind::String(s) => Some(s),
                _ => None,
            },
            TapeNode::Name(s) => Some(s),
        }
    }
}

impl<'a> Node<'a, TapeJson> for TapeNode<'a> {
    type Object = TapeObject<'a>;
    type Array = TapeArray<'a>;
    type Number = &'a Number;

    fn as_object(&self) -> Option<TapeObject<'a>> {
        match *self {
            TapeNode::At(tape, at) if matches!(tape.entries[at].kind, Kind::Object(_)) => Some(TapeObject { tape, at }),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<TapeArray<'a>> {
        match *self {
            TapeNode::At(tape, at) if matches!(tape.entries[at].kind, Kind::Array(_)) => Some(TapeArray { tape, at }),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        self.string().map(Cow::Borrowed)
    }

    fn as_number(&self) -> Option<&'a Number> {
        match self.kind() {
            Some(Kind::Number(n)) => Some(n),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.kind() {
            Some(Kind::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self.kind(), Some(Kind::Null))
    }

    fn json_type(&self) -> JsonType {
        match self.kind() {
            Some(Kind::Null) => JsonType::Null,
            Some(Kind::Bool(_)) => JsonType::Boolean,
            Some(Kind::Number(_)) => JsonType::Number,
            Some(Kind::Array(_)) => JsonType::Array,
            Some(Kind::Object(_)) => JsonType::Object,
            Some(Kind::String(_) | Kind::Key(_)) | None => JsonType::String,
        }
    }

    fn equals_value(&self, expected: &Value) -> bool {
        match (self.kind(), expected) {
            (_, Value::String(e)) => self.string() == Some(e.as_str()),
            (None | Some(Kind::String(_)), _) => false,
            (Some(Kind::Null), e) => e.is_null(),
            (Some(Kind::Bool(b)), e) => e.as_bool() == Some(*b),
            _ => jsonschema::json::cmp::equal(&self.to_value(), expected),
        }
    }

    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(match *self {
            TapeNode::At(tape, at) => tape.to_value(at),
            TapeNode::Name(s) => Value::String(s.to_owned()),
        })
    }

    fn identity(&self) -> Option<NodeIdentity> {
        match *self {
            TapeNode::At(tape, at) => Some(NodeIdentity::tagged(std::ptr::from_ref(tape) as usize, at as u32)),
            TapeNode::Name(_) => None,
        }
    }
}

impl<'a> crate::rules::RecordNode<'a> for TapeNode<'a> {
    fn get(self, key: &str) -> Option<Self> {
        match self {
            TapeNode::At(tape, at) if matches!(tape.entries[at].kind, Kind::Object(_)) => {
                tape.member(at, key).map(|value| TapeNode::At(tape, value))
            }
            _ => None,
        }
    }

    fn elements(self) -> Option<impl Iterator<Item = Self>> {
        Node::as_array(&self).map(|array| array.elements())
    }

    fn as_str(self) -> Option<&'a str> {
        self.string()
    }

    fn as_f64(self) -> Option<f64> {
        self.as_number().and_then(Number::as_f64)
    }

    fn is_object(self) -> bool {
        TapeNode::is_object(&self)
    }

    fn is_array(self) -> bool {
        matches!(self.kind(), Some(Kind::Array(_)))
    }
}

/// An object of a [`Tape`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct TapeObject<'a> {
    tape: &'a Tape<'a>,
    at: usize,
}

impl<'a> Object<'a, TapeJson> for TapeObject<'a> {
    type Node = TapeNode<'a>;
    type MemberName = &'a str;
    type MembersIter = MemberNodes<'a>;

    #[inline]
    fn len(&self) -> usize {
        match self.tape.entries[self.at].kind {
            Kind::Object(len) if !self.tape.duplicate_keys => len,
            Kind::Object(_) => self.distinct_keys(),
            _ => 0,
        }
    }

    #[inline]
    fn is_empty(&self) -> bool {
        matches!(self.tape.entries[self.at].kind, Kind::Object(0))
    }

    fn get(&self, key: &String) -> Option<TapeNode<'a>> {
        self.tape.member(self.at, key).map(|value| TapeNode::At(self.tape, value))
    }

    fn members(&self) -> MemberNodes<'a> {
        MemberNodes(self.tape.members(self.at))
    }
}

impl TapeObject<'_> {
    /// How many different keys the object has (it repeats some).
    #[cold]
    #[inline(never)]
    fn distinct_keys(&self) -> usize {
        self.members().count()
    }
}

/// The members of a [`TapeObject`], as names and nodes.
#[derive(Clone, Debug)]
pub(crate) struct MemberNodes<'a>(Members<'a, 'a>);

impl<'a> Iterator for MemberNodes<'a> {
    type Item = (&'a str, TapeNode<'a>);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let tape = self.0.tape;
        let (key, value) = match tape.duplicate_keys {
            false => self.0.next()?,
            true => self.0.by_ref().find(|(key, _)| !tape.shadowed.contains(key))?,
        };
        Some((tape.key(key), TapeNode::At(tape, value)))
    }
}

/// An array of a [`Tape`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct TapeArray<'a> {
    tape: &'a Tape<'a>,
    at: usize,
}

impl<'a> Array<'a, TapeJson> for TapeArray<'a> {
    type Node = TapeNode<'a>;
    type ElementsIter = ElementNodes<'a>;

    fn len(&self) -> usize {
        match self.tape.entries[self.at].kind {
            Kind::Array(len) => len,
            _ => 0,
        }
    }

    fn elements(&self) -> ElementNodes<'a> {
        ElementNodes(self.tape.elements(self.at))
    }
}

/// The elements of a [`TapeArray`], as nodes.
#[derive(Clone, Debug)]
pub(crate) struct ElementNodes<'a>(Elements<'a, 'a>);

impl<'a> Iterator for ElementNodes<'a> {
    type Item = TapeNode<'a>;

    fn next(&mut self) -> Option<TapeNode<'a>> {
        let tape = self.0.tape;
        self.0.next().map(|at| TapeNode::At(tape, at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{"a": [1, -2, 2.5, "x\u0041", true, null, {}], "b": {"c~/d": "é"}, "": 0}"#;

    #[test]
    fn a_tape_reuses_the_room_of_the_last_one_on_its_thread() {
        let text = r#"{"a":[1,2,3],"b":{"c":"d"}}"#;
        let first = Tape::parse(text).unwrap();
        let room = first.entries.capacity();
        drop(first);
        let second = Tape::parse("{}").unwrap();
        assert!(second.entries.capacity() >= room, "{} < {room}", second.entries.capacity());
        assert_eq!(second.entries.len(), 1);
    }

    #[test]
    fn the_tape_turns_back_into_the_same_value() {
        let tape = Tape::parse(DOC).unwrap();
        let value: Value = serde_json::from_str(DOC).unwrap();
        assert_eq!(tape.to_value(0), value);
        for pointer in ["", "/a", "/a/0", "/a/3", "/a/6", "/a/7", "/a/01", "/a/+1", "/b/c~0~1d", "/", "/z", "a", "/a/x"]
        {
            assert_eq!(
                tape.pointer(pointer).map(|n| n.to_value().into_owned()),
                value.pointer(pointer).cloned(),
                "{pointer}"
            );
        }
        assert!(!tape.has_duplicate_keys());
    }

    #[test]
    fn repeated_keys_are_flagged_and_the_last_wins() {
        let tape = Tape::parse(r#"{"a": {"x": 1, "y": 2, "x": 3}}"#).unwrap();
        assert!(tape.has_duplicate_keys());
        assert_eq!(tape.pointer("/a/x").map(|n| n.to_value().into_owned()), Some(Value::from(3)));
        let many: Vec<String> = (0..40).map(|i| format!("\"k{}\": {i}", i % 39)).collect();
        assert!(Tape::parse(&format!("{{{}}}", many.join(","))).unwrap().has_duplicate_keys());
        // Keys of one bit (length, first and last byte) are compared in full.
        assert_eq!(key_bit("axb"), key_bit("ayb"));
        assert!(!Tape::parse(r#"{"axb": 1, "ayb": 2}"#).unwrap().has_duplicate_keys());
        assert!(Tape::parse(r#"{"axb": 1, "ayb": 2, "axb": 3}"#).unwrap().has_duplicate_keys());
    }

    /// A linter with the sync schema as a user schema (no cross-field
    /// rules: the tape path applies), the fast path on or off.
    fn linter(fast: bool) -> &'static crate::lint::Linter {
        use std::sync::OnceLock;
        static LINTERS: OnceLock<[crate::lint::Linter; 2]> = OnceLock::new();
        let make = |fast| {
            let text = crate::profile::Profile::builtin_schema_text("sync").unwrap();
            let schema = crate::schema::LineSchema::compile("sync", serde_json::from_str(text).unwrap(), None).unwrap();
            let mut profile = crate::profile::Profile::sync().unwrap().with_schema(schema);
            profile.limits.min_records = None;
            profile.uniform = vec!["/payload/model".to_owned()];
            profile.fast_path = fast;
            crate::lint::Linter::new(profile)
        };
        &LINTERS.get_or_init(|| [make(false), make(true)])[usize::from(fast)]
    }

    fn check(fast: bool, input: &str) -> (Vec<crate::Diagnostic>, crate::Summary) {
        let mut found = Vec::new();
        let summary = linter(fast).check_reader(input.as_bytes(), |d| found.push(d)).unwrap();
        (found, summary)
    }

    const VALID: &str = r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://v.example/a.mp4"},{"type":"audio","url":"https://a.example/a.wav"}],"options":{"sync_mode":"loop","temperature":0.4},"outputFileName":"a_1"}}"#;

    /// Pieces that turn a valid record into nearly valid ones.
    static PIECES: std::sync::LazyLock<Vec<&str>> =
        std::sync::LazyLock::new(|| crate::testing::value_pieces(&["\\u0041", " ", "\"r1\",", "1e2"]));

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Lines near a valid record, two per file (ids may repeat): the
        /// diagnostics and the summary are the same with the tape path on
        /// and off.
        #[test]
        fn the_tape_path_never_changes_what_is_reported(
            edits in proptest::collection::vec((0..VALID.len(), 0..4usize, 0..PIECES.len()), 0..4)
        ) {
            let line = crate::testing::apply_edits(VALID, &PIECES, &edits);
            let input = format!("{line}\n{VALID}\n");
            proptest::prop_assert_eq!(check(true, &input), check(false, &input), "{}", input);
        }
    }

    #[test]
    fn clean_records_are_decided_on_the_tape() {
        let model = VALID.replace("lipsync-2", "sync-3");
        let input = format!("{VALID}\n{}\n{model}\n{VALID}\n", VALID.replace("\"r1\"", "\"r\\u0032\""));
        let (found, summary) = check(true, &input);
        assert_eq!(found, check(false, &input).0);
        // Line 3 repeats line 1's id and changes its model; line 4 repeats the id.
        let codes: Vec<_> = found.iter().map(|d| d.code).collect();
        assert_eq!(codes, [crate::Code::DuplicateId, crate::Code::MixedValues, crate::Code::DuplicateId]);
        assert_eq!(summary.records, 4);
    }

    #[test]
    fn the_tape_meets_the_contract_jsonschema_relies_on() {
        let text = jsonschema::json::conformance::document().to_string();
        let tape = Tape::parse(&text).unwrap();
        jsonschema::json::conformance::assert_conformance::<TapeJson>(&tape.root());
    }

    /// The tape of `text`, as a `Value`, or `None` where it gives up.
    fn tape_value(text: &str) -> Option<Value> {
        Tape::parse(text).map(|tape| tape.to_value(0))
    }

    #[test]
    fn the_tape_accepts_what_serde_json_accepts_and_nothing_else() {
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let documents = [
            "",
            " ",
            "{",
            "}",
            "[1,]",
            "[,1]",
            "{\"a\" 1}",
            "{\"a\":1,}",
            "{,}",
            "{\"a\":1 \"b\":2}",
            "{1:2}",
            "1e400",
            "-1e400",
            "1e-400",
            "\"\\ud800x\"",
            "\"\\ud800\\u0041\"",
            "\"\\udc00\"",
            "\"\\ud83d\\ude00\"",
            "\"\\u00e9\\u0000\"",
            "\"\\uD83D\\uDE00\"",
            "\"\\u+041\"",
            "\"\\u004\"",
            "\"\\x\"",
            "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
            "\"a\tb\"",
            "\"a\u{7f}b\"",
            "\"a\u{1f}\"",
            "[1] x",
            "[1] ",
            " \t\r\n[1]\n",
            "\u{c}1",
            "0",
            "-0",
            "-0.0",
            "01",
            "-01",
            "1.",
            ".5",
            "1.5e",
            "1e+",
            "1E+2",
            "1e-2",
            "-",
            "+1",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "123456789012345678",
            "-123456789012345678",
            "1234567890123456789",
            "0.1",
            "2.5e3",
            "1e308",
            "tru",
            "true",
            "truex",
            "nul",
            "null",
            "false",
            "[true,false,null]",
            "{\"\":{\"\":[]}}",
            "\"é\\u00e9\"",
            "\"",
            "\"abc",
            "\"abcdefghijklmnop",
            "\"abcdefgh\\",
            &nested(127),
            &nested(128),
            &format!("{}1{}", "{\"a\":[".repeat(63), "]}".repeat(63)),
            &format!("{}1{}", "{\"a\":[".repeat(64), "]}".repeat(64)),
        ];
        for text in documents {
            assert_eq!(tape_value(text), serde_json::from_str::<Value>(text).ok(), "{text:?}");
        }
    }

    #[test]
    fn numbers_keep_serde_json_types() {
        for text in ["0", "-0", "7", "-7", "18446744073709551615", "-9223372036854775808", "1e2", "0.5", "-0.0"] {
            let (tape, serde) = (tape_value(text).unwrap(), serde_json::from_str::<Value>(text).unwrap());
            let types = |v: &Value| (v.is_u64(), v.is_i64(), v.is_f64(), v.as_f64().map(f64::to_bits));
            assert_eq!(types(&tape), types(&serde), "{text}");
        }
    }

    /// Pieces of JSON, whole and broken, to splice into a document.
    const SPLICES: [&str; 24] = [
        "\"",
        ",",
        ":",
        "{",
        "}",
        "[",
        "]",
        "null",
        "1",
        "-",
        "0.5e-3",
        "true",
        " ",
        "\\",
        "\\u",
        "d83d",
        "\\ude00",
        "\\n",
        "\u{1}",
        "é",
        "00",
        "1e999",
        "\"k\":",
        "\"a\\\"b\"",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]

        /// The scan for a string's end finds the first byte to escape, at
        /// any length and offset.
        #[test]
        fn the_first_byte_to_escape_is_found(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![40 => 0x20u8..=0xff, 1 => proptest::strategy::Just(b'"'), 1 => proptest::strategy::Just(b'\\'), 1 => 0u8..0x20],
                0..120,
            ),
            at in 0..121usize,
        ) {
            let at = at.min(bytes.len());
            let first = bytes[at..].iter().position(|&b| needs_escape(b)).map_or(bytes.len(), |i| at + i);
            proptest::prop_assert_eq!(plain_run(&bytes, at), first);
        }

        /// Documents near a valid one parse onto the tape exactly when
        /// serde_json parses them, into the same value.
        #[test]
        fn the_tape_parses_as_serde_json_does(
            edits in proptest::collection::vec((0..DOC.len() + 8, 0..3usize, 0..SPLICES.len()), 0..5)
        ) {
            let text = crate::testing::apply_edits(DOC, &SPLICES, &edits).replace("é", "a prompt of some length, é and \\\"quotes\\\"");
            proptest::prop_assert_eq!(tape_value(&text), serde_json::from_str::<Value>(&text).ok(), "{}", text);
        }

        /// On documents near a valid one, every value and key is where a
        /// scan of the text finds it.
        #[test]
        fn spans_are_where_a_scan_of_the_text_finds_them(
            edits in proptest::collection::vec((0..DOC.len() + 8, 0..3usize, 0..SPLICES.len()), 0..5)
        ) {
            let text = crate::testing::apply_edits(DOC, &SPLICES, &edits);
            if let Some(tape) = Tape::parse(&text) {
                assert_spans_match_a_scan(&tape, &text);
            }
        }
    }

    /// Every pointer of `value` (prefixed by `at`), and each object's keys.
    fn pointers(value: &Value, at: &str, out: &mut Vec<(String, Vec<String>)>) {
        let keys = value.as_object().map_or_else(Vec::new, |map| map.keys().cloned().collect());
        out.push((at.to_owned(), keys));
        match value {
            Value::Object(map) => {
                map.iter().for_each(|(key, value)| pointers(value, &format!("{at}/{}", escape_token(key)), out));
            }
            Value::Array(items) => {
                items.iter().enumerate().for_each(|(i, item)| pointers(item, &format!("{at}/{i}"), out))
            }
            _ => {}
        }
    }

    fn assert_spans_match_a_scan(tape: &Tape<'_>, text: &str) {
        let index = crate::locate::SpanIndex::default();
        let spans = TapeSpans::new(tape);
        let mut all = Vec::new();
        pointers(&tape.to_value(0), "", &mut all);
        for (pointer, keys) in all {
            assert_eq!(spans.value_span(&pointer), index.value_span(text.as_bytes(), &pointer), "{pointer} of {text}");
            for key in keys {
                let scanned = index.key_span(text.as_bytes(), &pointer, &key);
                assert_eq!(spans.key_span(&pointer, &key), scanned, "{pointer} {key} of {text}");
            }
        }
        assert_eq!(spans.value_span("/no such key"), None);
        assert_eq!(spans.key_span("", "no such key"), None);
    }

    #[test]
    fn spans_take_in_space_escapes_and_repeated_keys() {
        for text in [
            DOC,
            " { \"a\" : [ 1 , { } , [ ] , \"x\\\"y\" ] , \"b\\u0041\" : { \"c\" : -1.5e3 } } ",
            r#"{"a":1,"a":{"b":[true,false,null]},"c":"\u00e9"}"#,
            "[]",
            "\"\\n\"",
        ] {
            assert_spans_match_a_scan(&Tape::parse(text).unwrap(), text);
        }
        // Containers large enough for their items to be remembered.
        let items: Vec<String> = (0..40).map(|i| format!(r#"{{"k{}": [{i}, "v{i}"]}}"#, i % 7)).collect();
        let keys: Vec<String> = (0..40).map(|i| format!(r#""k{}" : {i}"#, i % 30)).collect();
        let text = format!(r#"{{"a": [{}], "b": {{ {} }}}}"#, items.join(", "), keys.join(" , "));
        assert_spans_match_a_scan(&Tape::parse(&text).unwrap(), &text);
    }

    #[test]
    fn the_schema_sees_each_key_once_with_its_last_value() {
        let tape = Tape::parse(r#"{"a":1,"b":{"x":1,"x":2,"y":0},"a":3}"#).unwrap();
        let root = Node::as_object(&tape.root()).unwrap();
        let names =
            |object: &TapeObject<'_>| object.members().map(|(k, v)| (k.to_owned(), v.value())).collect::<Vec<_>>();
        assert_eq!(names(&root).len(), 2);
        assert_eq!(root.len(), 2);
        assert!(names(&root).contains(&("a".to_owned(), Value::from(3))));
        let inner = Node::as_object(&root.get(&"b".to_owned()).unwrap()).unwrap();
        assert_eq!(names(&inner), [("x".to_owned(), Value::from(2)), ("y".to_owned(), Value::from(0))]);
        assert_eq!(inner.len(), 2);
        // Every occurrence is still found for BL103.
        assert_eq!(tape.duplicate_keys().len(), 2);
    }

    #[test]
    fn repeated_keys_are_found_with_both_places() {
        let doc = r#"{"a":1,"b":{"x":1,"x":2},"a":3,"c":[{"y":0,"y":1,"y":2}]}"#;
        let tape = Tape::parse(doc).unwrap();
        let found: Vec<_> = tape
            .duplicate_keys()
            .into_iter()
            .map(|d| (d.object, d.key, doc[d.first].to_owned(), d.repeat.start))
            .collect();
        let expected = [("/b", "x", 18), ("", "a", 25), ("/c/0", "y", 43), ("/c/0", "y", 49)];
        let expected: Vec<_> =
            expected.iter().map(|&(o, k, at)| (o.to_owned(), k.to_owned(), format!("\"{k}\""), at)).collect();
        assert_eq!(found, expected);
        assert_eq!(&doc[18..21], r#""x""#);
        assert!(Tape::parse(r#"{"a":{"b":1}}"#).unwrap().duplicate_keys().is_empty());
    }
}
