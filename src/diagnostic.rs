//! Diagnostics as data: what is wrong, where (absolute byte offsets plus the
//! 1-based line and column they convert to), and how to fix it.

use std::cell::OnceCell;
use std::ops::Range;

use serde::Serialize;

pub use crate::codes::Severity;
use crate::codes::{Code, Message};
use crate::locate::SpanIndex;
use crate::tape::{Tape, TapeSpans};
use crate::text::steers_terminal;

/// A half-open range of absolute byte offsets into the input file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Span {
    /// Offset of the first byte.
    pub start: u64,
    /// Offset one past the last byte.
    pub end: u64,
}

impl Span {
    /// The span's length in bytes.
    #[must_use]
    pub fn len(&self) -> u64 {
        self.end - self.start
    }

    /// Whether the span covers no bytes (it then marks a position).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A short window of the offending line, kept so that a diagnostic can be
/// rendered without the file: lines can be megabytes long, a window is not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Snippet {
    /// The window's text; `…` marks where the line was cut.
    pub text: String,
    /// Byte range of the offending value inside [`Snippet::text`].
    pub highlight: Range<usize>,
}

/// Another place a diagnostic refers to, such as the first occurrence of a
/// duplicated id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Related {
    /// 1-based line number.
    pub line: u64,
    /// 1-based column, in characters.
    pub column: u64,
    /// Absolute byte span.
    pub span: Span,
    /// What is there.
    pub message: String,
}

/// One problem found in a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// How serious it is.
    pub severity: Severity,
    /// 1-based line number.
    pub line: u64,
    /// 1-based column of the span's start, counted in characters (Unicode
    /// scalar values) from the start of the line.
    pub column: u64,
    /// Absolute byte offsets of the offending bytes in the file.
    pub span: Span,
    /// What is wrong, for a person.
    pub message: String,
    /// A short label for the offending value, shown under it.
    pub label: Option<String>,
    /// How to fix it, where there is something useful to say.
    pub help: Option<String>,
    /// JSON Pointer of the offending value inside the record, if it is inside one.
    pub instance_path: Option<String>,
    /// Another place the diagnostic refers to.
    pub related: Option<Related>,
    /// A window of the line around the span, for rendering.
    #[serde(skip)]
    pub snippet: Option<Snippet>,
}

impl Diagnostic {
    /// `message` about the file rather than one value: at line `line`,
    /// column 1, over `span`, without a snippet.
    pub(crate) fn placed(message: Message, line: u64, span: Span) -> Self {
        let Message { code, text, label, help } = message;
        Diagnostic {
            code,
            severity: code.default_severity(),
            line,
            column: 1,
            span,
            message: text,
            label,
            help,
            instance_path: None,
            related: None,
            snippet: None,
        }
    }

    /// Whether a help text is short enough for one-line formats (the concise
    /// format, a Python diagnostic's `str`): a did-you-mean or a one-line
    /// fix is (at most 60 characters), a paragraph is not.
    #[must_use]
    pub fn is_short_help(help: &str) -> bool {
        help.chars().count() <= 60
    }

    /// The help, when it is short enough for one-line formats.
    #[must_use]
    pub fn short_help(&self) -> Option<&str> {
        self.help.as_deref().filter(|help| Self::is_short_help(help))
    }

    /// Sets the help text.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the help text when there is one.
    #[must_use]
    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// Sets the label shown under the offending value.
    #[must_use]
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Sets the JSON Pointer of the offending value.
    #[must_use]
    pub fn with_instance_path(mut self, path: impl Into<String>) -> Self {
        self.instance_path = Some(path.into());
        self
    }

    /// Sets the related location.
    #[must_use]
    pub fn with_related(mut self, related: Related) -> Self {
        self.related = Some(related);
        self
    }
}

/// Characters of context kept before the offending value.
const BEFORE: usize = 40;
/// Characters of the offending value kept, at most.
const HIGHLIGHT: usize = 40;
/// Characters of context kept after the offending value.
const AFTER: usize = 20;

/// One physical line of the input, as the stages that make diagnostics see it.
#[derive(Debug)]
pub(crate) struct LineRef<'a> {
    /// 1-based line number.
    pub(crate) number: u64,
    /// Absolute offset of `text[0]`.
    pub(crate) start: u64,
    /// The line's bytes without its terminator (and without a BOM).
    pub(crate) text: &'a [u8],
    /// Character counts at every [`CHECKPOINT`] bytes, built on the first
    /// column asked for far into the line.
    checkpoints: OnceCell<Vec<u64>>,
    /// Where spans are found.
    spans: Spans<'a>,
}

/// Where a [`LineRef`] finds the span of a value or key.
#[derive(Debug)]
enum Spans<'a> {
    /// On the line's parse, which keeps where each value is.
    Tape(TapeSpans<'a>),
    /// On the text, scanned again: for a line whose value was not read onto
    /// a tape (a whole file read as one document, and the tests).
    Text(SpanIndex),
}

/// Bytes between two column checkpoints: a column costs at most this much
/// counting, however long the line and however many diagnostics it has.
const CHECKPOINT: usize = 4096;

impl<'a> LineRef<'a> {
    /// Line `number`, whose bytes `text` start at absolute offset `start`.
    pub(crate) fn new(number: u64, start: u64, text: &'a [u8]) -> Self {
        LineRef { number, start, text, checkpoints: OnceCell::new(), spans: Spans::Text(SpanIndex::default()) }
    }

    /// This line, parsed onto `tape` (whose text is the line's): spans are
    /// then read from the tape.
    pub(crate) fn on_tape<'t>(&self, tape: &'t Tape<'t>) -> LineRef<'t>
    where
        'a: 't,
    {
        LineRef {
            number: self.number,
            start: self.start,
            text: self.text,
            checkpoints: OnceCell::new(),
            spans: Spans::Tape(TapeSpans::new(tape)),
        }
    }

    /// Span of the value at JSON Pointer `pointer` in the line (the line has parsed).
    pub(crate) fn value_span(&self, pointer: &str) -> Option<Range<usize>> {
        match &self.spans {
            Spans::Tape(spans) => spans.value_span(pointer),
            Spans::Text(index) => index.value_span(self.text, pointer),
        }
    }

    /// Span of the quoted key `key` of the object at `pointer`.
    pub(crate) fn key_span(&self, pointer: &str, key: &str) -> Option<Range<usize>> {
        match &self.spans {
            Spans::Tape(spans) => spans.key_span(pointer, key),
            Spans::Text(index) => index.key_span(self.text, pointer, key),
        }
    }

    /// 1-based character column of byte `index` of the line.
    pub(crate) fn column(&self, index: usize) -> u64 {
        let index = index.min(self.text.len());
        if index < CHECKPOINT {
            return char_column(self.text, index);
        }
        let checkpoints = self.checkpoints.get_or_init(|| {
            let mut chars = 0;
            let mut counts = vec![0];
            for chunk in self.text.chunks_exact(CHECKPOINT) {
                chars += count_chars(chunk);
                counts.push(chars);
            }
            counts
        });
        let k = index / CHECKPOINT;
        1 + checkpoints[k] + count_chars(&self.text[k * CHECKPOINT..index])
    }

    /// The diagnostic `message` makes at `range` (relative to the line), with
    /// the code's default severity.
    pub(crate) fn report(&self, range: Range<usize>, message: Message) -> Diagnostic {
        let range = range.start.min(self.text.len())..range.end.min(self.text.len());
        let Message { code, text, label, help } = message;
        Diagnostic {
            code,
            severity: code.default_severity(),
            line: self.number,
            column: self.column(range.start),
            span: Span { start: self.start + range.start as u64, end: self.start + range.end as u64 },
            message: text,
            label,
            help,
            instance_path: None,
            related: None,
            snippet: Some(snippet(self.text, range)),
        }
    }

    /// A [`Related`] location at `range` of this line.
    pub(crate) fn related(&self, range: Range<usize>, message: impl Into<String>) -> Related {
        Related {
            line: self.number,
            column: self.column(range.start),
            span: Span { start: self.start + range.start as u64, end: self.start + range.end as u64 },
            message: message.into(),
        }
    }
}

/// 1-based character column of byte `index` in `text`: every byte that does
/// not continue a UTF-8 sequence starts a character.
pub(crate) fn char_column(text: &[u8], index: usize) -> u64 {
    1 + count_chars(&text[..index.min(text.len())])
}

/// Characters in `bytes` (taken as UTF-8).
fn count_chars(bytes: &[u8]) -> u64 {
    // Most lines are ASCII, where characters are bytes: `is_ascii` checks
    // many bytes at a time, far faster than counting characters.
    if bytes.is_ascii() {
        return bytes.len() as u64;
    }
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count() as u64
}

/// Moves `index` back to the start of the character it falls in.
fn floor_char(text: &[u8], mut index: usize) -> usize {
    while index > 0 && index < text.len() && text[index] & 0xC0 == 0x80 {
        index -= 1;
    }
    index
}

/// Moves `index` forward to the next character start (or the end).
fn ceil_char(text: &[u8], mut index: usize) -> usize {
    while index < text.len() && text[index] & 0xC0 == 0x80 {
        index += 1;
    }
    index.min(text.len())
}

/// Byte index `n` characters before `index` (or 0).
fn back_chars(text: &[u8], index: usize, n: usize) -> usize {
    let mut i = index;
    let mut left = n;
    while i > 0 && left > 0 {
        i = floor_char(text, i - 1);
        left -= 1;
    }
    i
}

/// Byte index `n` characters after `index` (or the end).
fn forward_chars(text: &[u8], index: usize, n: usize) -> usize {
    let mut i = index;
    let mut left = n;
    while i < text.len() && left > 0 {
        i += 1;
        while i < text.len() && text[i] & 0xC0 == 0x80 {
            i += 1;
        }
        left -= 1;
    }
    i
}

/// Cuts a window of `text` around `range`, marking cuts with `…`.
pub(crate) fn snippet(text: &[u8], range: Range<usize>) -> Snippet {
    let start = floor_char(text, range.start);
    let end = ceil_char(text, range.end.max(start));
    let shown_end = forward_chars(text, start, HIGHLIGHT).min(end.max(start));
    let from = back_chars(text, start, BEFORE);
    let to = forward_chars(text, shown_end, AFTER);
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.push_str(&String::from_utf8_lossy(&text[from..start]));
    let hl_start = out.len();
    out.push_str(&String::from_utf8_lossy(&text[start..shown_end]));
    let hl_end = out.len();
    out.push_str(&String::from_utf8_lossy(&text[shown_end..to]));
    if to < text.len() {
        out.push('…');
    }
    // What would steer a terminal is shown as one stand-in character of the
    // same byte length, so the highlight and its columns stay put: a space
    // for a C0 control or DEL, a middle dot for a C1 control (2 bytes),
    // U+FFFD for a bidirectional control (3 bytes).
    let out: String = out
        .chars()
        .map(|c| match c {
            c if c.is_control() && c.len_utf8() == 2 => '\u{00B7}',
            c if c.is_control() => ' ',
            c if steers_terminal(c) => '\u{FFFD}',
            c => c,
        })
        .collect();
    Snippet { text: out, highlight: hl_start..hl_end }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_show_stand_ins_of_the_same_length_for_what_steers_a_terminal() {
        let line = "{\"m\":\"a\u{9b}b\u{202e}c\tz\"}";
        let s = snippet(line.as_bytes(), 6..15);
        assert_eq!(s.text, "{\"m\":\"a\u{b7}b\u{fffd}c z\"}");
        assert_eq!(s.text.len(), line.len());
        assert_eq!(&s.text[s.highlight.clone()], "a\u{b7}b\u{fffd}c ");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "{\"é\":1}".as_bytes();
        assert_eq!(char_column(text, 0), 1);
        assert_eq!(char_column(text, 5), 5); // after {"é"
    }

    #[test]
    fn columns_far_into_a_long_line_match_counting_from_the_start() {
        // Mixed one-, two- and three-byte characters over many checkpoints.
        let text = "aé€".repeat(5000);
        let line = LineRef::new(1, 0, text.as_bytes());
        let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        for &i in starts.iter().rev().step_by(997).chain([0, CHECKPOINT, text.len()].iter()) {
            assert_eq!(line.column(i), char_column(text.as_bytes(), i), "byte {i}");
        }
        assert_eq!(line.column(text.len()), 1 + 15000);
    }

    #[test]
    fn short_lines_are_kept_whole() {
        let s = snippet(br#"{"a":1}"#, 5..6);
        assert_eq!(s.text, r#"{"a":1}"#);
        assert_eq!(&s.text[s.highlight.clone()], "1");
    }

    #[test]
    fn long_lines_are_windowed_around_the_span() {
        let mut line = vec![b'x'; 10_000];
        line[5000..5003].copy_from_slice(b"BAD");
        let s = snippet(&line, 5000..5003);
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        assert!(s.text.chars().count() < 200);
        assert_eq!(&s.text[s.highlight.clone()], "BAD");
    }

    #[test]
    fn windows_never_cut_a_character() {
        let line = "é".repeat(500);
        let s = snippet(line.as_bytes(), 501..503);
        assert_eq!(&s.text[s.highlight.clone()], "éé");
    }
}

/// The diagnostics of one line, at most `max` of them built and kept; past
/// that they are only counted, never built (locating a value costs time in
/// the line's length, so a line with 100,000 problems would otherwise cost
/// time in its length squared), and one `BL009` says how many more there are.
#[derive(Debug)]
pub(crate) struct LineDiagnostics {
    list: Vec<Diagnostic>,
    max: usize,
    hidden: u64,
    hidden_errors: bool,
}

impl LineDiagnostics {
    /// An empty list keeping at most `max` diagnostics.
    pub(crate) fn new(max: usize) -> Self {
        LineDiagnostics { list: Vec::new(), max, hidden: 0, hidden_errors: false }
    }

    /// Whether another diagnostic would be kept.
    pub(crate) fn has_room(&self) -> bool {
        self.list.len() < self.max
    }

    /// Adds the diagnostic `make` builds, or, past the maximum, counts one
    /// of `severity` without building it.
    pub(crate) fn add(&mut self, severity: Severity, make: impl FnOnce() -> Diagnostic) {
        if self.has_room() {
            self.list.push(make());
        } else {
            self.skip(severity);
        }
    }

    /// Adds a diagnostic already built (or counts it, past the maximum).
    pub(crate) fn push(&mut self, d: Diagnostic) {
        let severity = d.severity;
        self.add(severity, || d);
    }

    /// Counts a diagnostic of `severity` that is not built.
    pub(crate) fn skip(&mut self, severity: Severity) {
        self.hidden += 1;
        self.hidden_errors |= severity == Severity::Error;
    }

    /// Whether nothing was added, kept or counted.
    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty() && self.hidden == 0
    }

    /// How many diagnostics were kept.
    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }

    /// Where the list is now, to go back to with [`LineDiagnostics::reset`].
    pub(crate) fn mark(&self) -> (usize, u64, bool) {
        (self.list.len(), self.hidden, self.hidden_errors)
    }

    /// Forgets what was added after `mark`.
    pub(crate) fn reset(&mut self, (len, hidden, hidden_errors): (usize, u64, bool)) {
        self.list.truncate(len);
        self.hidden = hidden;
        self.hidden_errors = hidden_errors;
    }

    /// Keeps, from index `start` on, the diagnostics `keep` accepts.
    pub(crate) fn retain_from(&mut self, start: usize, mut keep: impl FnMut(&Diagnostic) -> bool) {
        let mut index = 0;
        self.list.retain(|d| {
            index += 1;
            index <= start || keep(d)
        });
    }

    /// The diagnostics, and `BL009` at the end of `line` when some were
    /// only counted.
    pub(crate) fn into_vec(mut self, line: &LineRef<'_>) -> Vec<Diagnostic> {
        if self.hidden > 0 {
            let end = line.text.len();
            let mut d = line.report(end..end, crate::codes::framing::more_problems(self.hidden, self.max));
            if !self.hidden_errors {
                d.severity = Severity::Warning;
            }
            self.list.push(d);
        }
        self.list
    }
}
