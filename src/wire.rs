//! The JSON shape of a diagnostic, as batchlint's machine formats write it
//! (`check --format json` and `jsonl`, documented in `docs/json-format.md`)
//! and as the browser playground reads it.

use serde::Serialize;

use crate::{Diagnostic, Severity};

/// A diagnostic in its JSON shape, borrowed from a [`Diagnostic`]: its
/// position (line, column, byte offsets), code and name, severity, texts
/// and related place, with the file's path and the line's window where they
/// are asked for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct WireDiagnostic<'a> {
    /// The file, as it was named ([`WireDiagnostic::with_path`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<&'a str>,
    /// 1-based line.
    pub line: u64,
    /// 1-based column, in characters.
    pub column: u64,
    /// Byte offset of the span's start in the file.
    pub offset: u64,
    /// Byte offset just past the span.
    pub end_offset: u64,
    /// The stable code (`BL203`).
    pub code: &'static str,
    /// The code's name (`invalid-value`).
    pub name: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong.
    pub message: &'a str,
    /// The short label under the offending value.
    pub label: Option<&'a str>,
    /// How to fix it.
    pub help: Option<&'a str>,
    /// JSON Pointer of the offending value in the record.
    pub instance_path: Option<&'a str>,
    /// Another place the diagnostic refers to.
    pub related: Option<WireRelated<'a>>,
    /// The line's window around the span, cut in three: the text before
    /// it, the span, the text after ([`WireDiagnostic::with_snippet`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<[&'a str; 3]>,
    /// The diagnostic this is the shape of.
    #[serde(skip)]
    diagnostic: &'a Diagnostic,
}

/// Where a diagnostic's related place is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct WireRelated<'a> {
    /// 1-based line.
    pub line: u64,
    /// 1-based column, in characters.
    pub column: u64,
    /// Byte offset of its start in the file.
    pub offset: u64,
    /// What is there.
    pub message: &'a str,
}

impl<'a> WireDiagnostic<'a> {
    /// The shape of `d`, without a path or a window.
    #[must_use]
    pub fn new(d: &'a Diagnostic) -> Self {
        WireDiagnostic {
            path: None,
            line: d.line,
            column: d.column,
            offset: d.span.start,
            end_offset: d.span.end,
            code: d.code.as_str(),
            name: d.code.name(),
            severity: d.severity,
            message: &d.message,
            label: d.label.as_deref(),
            help: d.help.as_deref(),
            instance_path: d.instance_path.as_deref(),
            related: d.related.as_ref().map(|r| WireRelated {
                line: r.line,
                column: r.column,
                offset: r.span.start,
                message: &r.message,
            }),
            snippet: None,
            diagnostic: d,
        }
    }

    /// With the file's `path`.
    #[must_use]
    pub fn with_path(mut self, path: &'a str) -> Self {
        self.path = Some(path);
        self
    }

    /// With the window of the line that the diagnostic keeps, cut at the
    /// span's ends (moved back to character boundaries).
    #[must_use]
    pub fn with_snippet(mut self) -> Self {
        self.snippet = self.diagnostic.snippet.as_ref().map(|s| {
            let cut = |at: usize| {
                let mut at = at.min(s.text.len());
                while !s.text.is_char_boundary(at) {
                    at -= 1;
                }
                at
            };
            let start = cut(s.highlight.start);
            let end = cut(s.highlight.end).max(start);
            [&s.text[..start], &s.text[start..end], &s.text[end..]]
        });
        self
    }
}
