//! Rules over the whole file: unique ids, record count and file size.
//!
//! These need every line in order, so they run on the ordered stream after
//! the parallel per-line stages.

use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};

use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Related, Span};
use crate::profile::Limits;

/// The id of one record, as found by the per-line stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct IdFact {
    /// The id, tagged so that `"1"` and `1` differ: `s` + the unescaped
    /// string, or `j` + the JSON text of any other value.
    pub(crate) key: Vec<u8>,
    /// Where the id's value is.
    pub(crate) span: Span,
    /// 1-based column of the value.
    pub(crate) column: u64,
}

impl IdFact {
    /// The id as shown in messages.
    pub(crate) fn display(key: &[u8]) -> String {
        let text = String::from_utf8_lossy(&key[1..]);
        let short: String = text.chars().take(60).collect();
        let cut = if short.len() < text.len() { "…" } else { "" };
        if key[0] == b's' { format!("`{short}{cut}`") } else { format!("{short}{cut}") }
    }
}

#[derive(Clone, Copy)]
struct Entry {
    arena_start: u64,
    len: u32,
    column: u32,
    line: u64,
    span_start: u64,
}

/// The ids seen so far, stored compactly: every id's bytes live in one arena,
/// the table holds offsets. Comparison is exact (no hashing shortcuts).
#[derive(Default)]
pub(crate) struct IdSet {
    arena: Vec<u8>,
    table: HashTable<Entry>,
    hasher: DefaultHashBuilder,
}

impl std::fmt::Debug for IdSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdSet").field("len", &self.table.len()).finish()
    }
}

impl IdSet {
    /// Records `id` seen on `line`; returns where it was first seen if it is a repeat.
    pub(crate) fn insert(&mut self, id: &IdFact, line: u64) -> Option<Related> {
        let hash = self.hasher.hash_one(&id.key);
        let arena = &self.arena;
        let get = |e: &Entry| &arena[e.arena_start as usize..e.arena_start as usize + e.len as usize];
        if let Some(e) = self.table.find(hash, |e| get(e) == id.key.as_slice()) {
            return Some(Related {
                line: e.line,
                column: u64::from(e.column),
                span: Span { start: e.span_start, end: e.span_start + id.span.len() },
                message: "first used here".to_owned(),
            });
        }
        let entry = Entry {
            arena_start: self.arena.len() as u64,
            len: u32::try_from(id.key.len()).unwrap_or(u32::MAX),
            column: u32::try_from(id.column).unwrap_or(u32::MAX),
            line,
            span_start: id.span.start,
        };
        self.arena.extend_from_slice(&id.key[..entry.len as usize]);
        let (arena, hasher) = (&self.arena, &self.hasher);
        self.table.insert_unique(hash, entry, |e| {
            hasher.hash_one(&arena[e.arena_start as usize..e.arena_start as usize + e.len as usize])
        });
        None
    }
}

/// Counts of a finished file that the batch limits are checked against.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Totals {
    pub(crate) records: u64,
    pub(crate) bytes: u64,
    /// Line of the first record past `max_records`.
    pub(crate) first_record_over: Option<u64>,
    /// Line on which the file passes `max_bytes`.
    pub(crate) first_line_over: Option<u64>,
    /// The last line: where file-level diagnostics are reported.
    pub(crate) last_line: u64,
    pub(crate) last_line_start: u64,
}

/// Formats a count with thousands separators: `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn at_end(code: Code, totals: &Totals, message: String) -> Diagnostic {
    Diagnostic {
        code,
        severity: code.default_severity(),
        line: totals.last_line,
        column: 1,
        span: Span { start: totals.last_line_start, end: totals.last_line_start },
        message,
        label: None,
        help: None,
        instance_path: None,
        related: None,
        snippet: None,
    }
}

fn related_line(line: u64, message: String) -> Related {
    Related { line, column: 1, span: Span::default(), message }
}

/// The file-level diagnostics, reported at the file's last line.
pub(crate) fn limit_diagnostics(limits: &Limits, totals: &Totals) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let split_hint = "split it into compliant files with `batchlint split`";
    if let Some(min) = limits.min_records.filter(|&m| totals.records < m) {
        out.push(
            at_end(
                Code::TooFewRecords,
                totals,
                format!(
                    "the file has {} record(s); the API needs at least {}",
                    thousands(totals.records),
                    thousands(min)
                ),
            )
            .with_help(format!(
                "add {} more record(s), or merge this file with another",
                thousands(min - totals.records)
            )),
        );
    }
    if let Some(max) = limits.max_records.filter(|&m| totals.records > m) {
        let mut d = at_end(
            Code::TooManyRecords,
            totals,
            format!("the file has {} records; the API accepts at most {}", thousands(totals.records), thousands(max)),
        )
        .with_help(split_hint);
        if let Some(line) = totals.first_record_over {
            d = d.with_related(related_line(line, format!("record {} starts here", thousands(max + 1))));
        }
        out.push(d);
    }
    if let Some(max) = limits.max_bytes.filter(|&m| totals.bytes > m) {
        let mut d = at_end(
            Code::FileTooLarge,
            totals,
            format!("the file is {} bytes; the limit is {} bytes", thousands(totals.bytes), thousands(max)),
        )
        .with_help(format!("{split_hint} (every byte counts, newlines included)"));
        if let Some(line) = totals.first_line_over {
            d = d.with_related(related_line(line, "the file passes the limit on this line".to_owned()));
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(key: &str, start: u64) -> IdFact {
        IdFact {
            key: format!("s{key}").into_bytes(),
            span: Span { start, end: start + key.len() as u64 + 2 },
            column: 15,
        }
    }

    #[test]
    fn repeats_name_the_first_line() {
        let mut set = IdSet::default();
        assert!(set.insert(&fact("a", 10), 1).is_none());
        assert!(set.insert(&fact("b", 50), 2).is_none());
        let r = set.insert(&fact("a", 90), 3).unwrap();
        assert_eq!((r.line, r.column, r.span.start), (1, 15, 10));
        for i in 0..10_000 {
            assert!(set.insert(&fact(&format!("id-{i}"), 100), 4 + i).is_none());
        }
        assert!(set.insert(&fact("id-9999", 0), 1).is_some());
    }

    #[test]
    fn strings_and_numbers_do_not_collide() {
        let mut set = IdSet::default();
        let s = IdFact { key: b"s1".to_vec(), span: Span::default(), column: 1 };
        let n = IdFact { key: b"j1".to_vec(), span: Span::default(), column: 1 };
        assert!(set.insert(&s, 1).is_none());
        assert!(set.insert(&n, 2).is_none());
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(5_000_000), "5,000,000");
        assert_eq!(thousands(123_456), "123,456");
    }
}
