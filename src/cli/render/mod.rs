//! Output formats. Each renderer writes to any `io::Write`, diagnostics as
//! they arrive (in file order), so memory does not grow with their number.

use std::io::{self, Write};

use batchlint::{Diagnostic, Profile, Summary, thousands};

use super::Format;

mod concise;
mod human;
mod json;

/// Counts over all files.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Totals {
    pub(crate) files: u64,
    pub(crate) records: u64,
    pub(crate) bytes: u64,
    pub(crate) errors: u64,
    pub(crate) warnings: u64,
    /// Files that could not be checked.
    pub(crate) failed: u64,
}

impl Totals {
    pub(crate) fn add(&mut self, s: &Summary) {
        self.files += 1;
        self.records += s.records;
        self.bytes += s.bytes;
        self.errors += s.errors;
        self.warnings += s.warnings;
    }
}

/// One output format.
pub(crate) trait Render {
    fn begin_file(&mut self, out: &mut dyn Write, path: &str) -> io::Result<()>;
    fn diagnostic(&mut self, out: &mut dyn Write, path: &str, d: &Diagnostic) -> io::Result<()>;
    fn end_file(&mut self, out: &mut dyn Write, path: &str, summary: &Summary) -> io::Result<()>;
    /// Ends a file that could not be checked (the error is on stderr already).
    fn file_error(&mut self, out: &mut dyn Write, path: &str, message: &str) -> io::Result<()>;
    fn finish(&mut self, out: &mut dyn Write, totals: &Totals) -> io::Result<()>;
}

/// The renderer for `format`.
pub(crate) fn new(format: Format, color: bool, max: Option<u64>, profile: &Profile) -> Box<dyn Render> {
    match format {
        Format::Human => Box::new(Text::new(human::Human::new(color), max)),
        Format::Concise => Box::new(Text::new(concise::Concise, max)),
        Format::Json => Box::new(json::Json::new(profile)),
    }
}

/// How one diagnostic looks in a text format.
pub(crate) trait TextStyle {
    fn write(&self, out: &mut dyn Write, path: &str, d: &Diagnostic) -> io::Result<()>;
}

/// A text format: diagnostics up to `--max-diagnostics`, then a summary line.
struct Text<S> {
    style: S,
    max: Option<u64>,
    shown: u64,
    hidden: u64,
}

impl<S: TextStyle> Text<S> {
    fn new(style: S, max: Option<u64>) -> Self {
        Text { style, max, shown: 0, hidden: 0 }
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

impl<S: TextStyle> Render for Text<S> {
    fn begin_file(&mut self, _: &mut dyn Write, _: &str) -> io::Result<()> {
        Ok(())
    }

    fn diagnostic(&mut self, out: &mut dyn Write, path: &str, d: &Diagnostic) -> io::Result<()> {
        if self.max.is_some_and(|m| self.shown >= m) {
            self.hidden += 1;
            return Ok(());
        }
        self.shown += 1;
        self.style.write(out, path, d)
    }

    fn end_file(&mut self, _: &mut dyn Write, _: &str, _: &Summary) -> io::Result<()> {
        Ok(())
    }

    fn file_error(&mut self, _: &mut dyn Write, _: &str, _: &str) -> io::Result<()> {
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, t: &Totals) -> io::Result<()> {
        if self.hidden > 0 {
            writeln!(
                out,
                "… {} not shown (--max-diagnostics {})",
                plural(self.hidden, "more diagnostic", "more diagnostics"),
                self.max.unwrap_or(0)
            )?;
        }
        let found = match (t.errors, t.warnings) {
            (0, 0) => "no problems found".to_owned(),
            (e, 0) => plural(e, "error", "errors"),
            (0, w) => plural(w, "warning", "warnings"),
            (e, w) => format!("{}, {}", plural(e, "error", "errors"), plural(w, "warning", "warnings")),
        };
        let failed = match t.failed {
            0 => String::new(),
            n => format!("; {} could not be read", plural(n, "file", "files")),
        };
        writeln!(
            out,
            "Checked {} ({}, {}): {found}{failed}",
            plural(t.files, "file", "files"),
            plural(t.records, "record", "records"),
            plural(t.bytes, "byte", "bytes"),
        )
    }
}
