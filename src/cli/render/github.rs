//! GitHub Actions workflow commands, one per diagnostic, so that a workflow
//! step shows them as annotations:
//!
//! ```text
//! ::error file={path},line={line},col={column},endLine={line},endColumn={end},title={CODE} {name}::{message}
//! ```
//!
//! then one plain summary line. GitHub annotates at most 10 errors and 10
//! warnings per step; the summary says how many were left out. Documented in
//! `docs/formats.md`.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::text::count;
use crate::text::printable;
use crate::{Diagnostic, Severity, Summary};

use super::{Render, Totals, end_column, printable_diagnostic};

/// Error annotations GitHub shows per step (and as many warnings).
const PER_STEP: u64 = 10;

#[derive(Default)]
pub(crate) struct Github {
    /// Error commands written (diagnostics and unreadable files).
    errors: u64,
    /// Warning commands written.
    warnings: u64,
}

/// Escapes a command's data (the message): `%`, CR and LF.
fn escape_data(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// Escapes a command property's value: as data, plus `:` and `,`.
fn escape_property(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

fn escape(s: &str, property: bool) -> Cow<'_, str> {
    let special = |c: char| matches!(c, '%' | '\r' | '\n') || (property && matches!(c, ':' | ','));
    if !s.contains(special) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

impl Render for Github {
    fn begin_file(&mut self, _: &mut dyn Write, _: &str) -> io::Result<()> {
        Ok(())
    }

    fn diagnostic(&mut self, out: &mut dyn Write, path: &str, d: &Diagnostic) -> io::Result<()> {
        let command = match d.severity {
            Severity::Error => {
                self.errors += 1;
                "error"
            }
            Severity::Warning => {
                self.warnings += 1;
                "warning"
            }
        };
        let d = printable_diagnostic(d);
        let title = format!("{} {}", d.code, d.code.name());
        let message = match &d.help {
            Some(help) => Cow::Owned(format!("{}\nhelp: {help}", d.message)),
            None => Cow::Borrowed(d.message.as_str()),
        };
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&printable(path)),
            d.line,
            d.column,
            d.line,
            end_column(&d),
            escape_property(&title),
            escape_data(&message)
        )
    }

    fn end_file(&mut self, _: &mut dyn Write, _: &str, _: &Summary) -> io::Result<()> {
        Ok(())
    }

    fn file_error(&mut self, out: &mut dyn Write, path: &str, message: &str) -> io::Result<()> {
        self.errors += 1;
        writeln!(
            out,
            "::error file={},title={}::{}",
            escape_property(&printable(path)),
            escape_property("batchlint: file not checked"),
            escape_data(&printable(message))
        )
    }

    fn finish(&mut self, out: &mut dyn Write, t: &Totals) -> io::Result<()> {
        let failed = t.unread();
        let hidden_errors = self.errors.saturating_sub(PER_STEP);
        let hidden_warnings = self.warnings.saturating_sub(PER_STEP);
        let limit = match (hidden_errors, hidden_warnings) {
            (0, 0) => String::new(),
            (e, 0) => format!("{} not annotated", were(e, count(e, "error", "errors"))),
            (0, w) => format!("{} not annotated", were(w, count(w, "warning", "warnings"))),
            (e, w) => {
                format!("{} and {} were not annotated", count(e, "error", "errors"), count(w, "warning", "warnings"))
            }
        };
        let limit = if limit.is_empty() {
            limit
        } else {
            format!("; GitHub shows at most {PER_STEP} errors and {PER_STEP} warnings per step: {limit}")
        };
        writeln!(out, "batchlint: {} in {}{failed}{limit}", t.found(), count(t.files, "file", "files"))
    }
}

/// `3 errors were` / `1 error was`.
fn were(n: u64, counted: String) -> String {
    format!("{counted} {}", if n == 1 { "was" } else { "were" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_and_line_breaks_only() {
        assert_eq!(escape_data("50% done:\r\nnext, then"), "50%25 done:%0D%0Anext, then");
        assert!(matches!(escape_data("plain: text, yes"), Cow::Borrowed(_)));
    }

    #[test]
    fn properties_also_escape_colons_and_commas() {
        assert_eq!(escape_property("a,b:c%d\n"), "a%2Cb%3Ac%25d%0A");
        // `%` first: an escape already in the text is not decoded by GitHub.
        assert_eq!(escape_property("%3A"), "%253A");
    }
}
