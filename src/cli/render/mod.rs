//! Output formats. Each renderer writes to any `io::Write`, diagnostics as
//! they arrive (in file order), so memory does not grow with their number;
//! only `sarif` and `junit`, whose documents start with counts or end with
//! them in one structure, hold their results until the end.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::text::count;
use crate::text::printable;
use crate::{Diagnostic, Profile, Statistics, Summary, thousands};

use super::Format;

mod concise;
mod github;
mod human;
mod json;
mod jsonl;
mod junit;
mod sarif;
mod terminal_safe;
mod wire;

pub(crate) use terminal_safe::EscapingWriter;

pub(crate) use crate::Totals;

/// One output format.
pub(crate) trait Render {
    fn begin_file(&mut self, out: &mut dyn Write, path: &str) -> io::Result<()>;
    fn diagnostic(&mut self, out: &mut dyn Write, path: &str, d: &Diagnostic) -> io::Result<()>;
    fn end_file(&mut self, out: &mut dyn Write, path: &str, summary: &Summary) -> io::Result<()>;
    /// Statistics of the file just checked (with `--statistics`), before `end_file`.
    fn statistics(&mut self, out: &mut dyn Write, path: &str, stats: &Statistics) -> io::Result<()> {
        let _ = (out, path, stats);
        Ok(())
    }
    /// Ends a file that could not be checked (the error is on stderr already).
    fn file_error(&mut self, out: &mut dyn Write, path: &str, message: &str) -> io::Result<()>;
    /// A file named on the command line that the config excludes: not
    /// checked. Only the formats people read, and `json`, say so.
    fn excluded(&mut self, out: &mut dyn Write, path: &str, config: &str) -> io::Result<()> {
        let _ = (out, path, config);
        Ok(())
    }
    fn finish(&mut self, out: &mut dyn Write, totals: &Totals) -> io::Result<()>;
}

/// The renderer for `format`.
pub(crate) fn new(
    format: Format,
    color: bool,
    max: Option<u64>,
    profile: &Profile,
    config: Option<String>,
) -> Box<dyn Render> {
    match format {
        Format::Human => Box::new(Text::new(human::Human::new(color), max, config)),
        Format::Concise => Box::new(Text::new(concise::Concise, max, config)),
        // Machine formats always carry every diagnostic: `--max-diagnostics` is for people.
        Format::Json => Box::new(json::Json::new(profile)),
        Format::Github => Box::new(github::Github::default()),
        Format::Sarif => Box::new(sarif::Sarif::default()),
        Format::Jsonl => Box::new(jsonl::Jsonl),
        Format::Junit => Box::new(junit::Junit::default()),
    }
}

/// The 1-based character column one past the diagnostic's last character (its
/// `column` for an empty span). Spans never cross a line.
///
/// Diagnostics carry byte offsets and the start column, not the end column, so
/// the span's characters are counted in its snippet's highlight. A highlight is
/// cut after 40 characters; past the cut, each remaining byte counts as one
/// character (exact for ASCII, which JSON's structure is).
pub(crate) fn end_column(d: &Diagnostic) -> u64 {
    let len = d.span.len();
    if len == 0 {
        return d.column;
    }
    if d.code == crate::Code::Bom {
        // The byte order mark is one character, U+FEFF, before column 1's text.
        return d.column + 1;
    }
    let chars = match &d.snippet {
        Some(s) => {
            let shown = s.text.get(s.highlight.clone()).unwrap_or("");
            let shown_bytes = shown.len() as u64;
            // Invalid UTF-8 is shown as U+FFFD (3 bytes for 1 to 3), so a
            // highlight may be longer than the span: it still shows all of it.
            let counted = shown.chars().count() as u64;
            if shown_bytes >= len { counted } else { counted + (len - shown_bytes) }
        }
        None => len,
    };
    d.column + chars
}

/// `d` with its texts made [`printable`] (a copy only when one needs it):
/// a message quotes values from the input, which may hold what steers a
/// terminal.
pub(crate) fn printable_diagnostic(d: &Diagnostic) -> Cow<'_, Diagnostic> {
    let texts = [Some(&d.message), d.label.as_ref(), d.help.as_ref()];
    if texts.iter().flatten().all(|t| matches!(printable(t), Cow::Borrowed(_))) {
        return Cow::Borrowed(d);
    }
    let mut safe = d.clone();
    safe.message = printable(&d.message).into_owned();
    safe.label = d.label.as_deref().map(|t| printable(t).into_owned());
    safe.help = d.help.as_deref().map(|t| printable(t).into_owned());
    Cow::Owned(safe)
}

/// How one diagnostic looks in a text format.
pub(crate) trait TextStyle {
    fn write(&self, out: &mut dyn Write, path: &str, d: &Diagnostic) -> io::Result<()>;

    /// Whether the summary names the config file in use.
    fn names_config(&self) -> bool {
        false
    }
}

/// A text format: diagnostics up to `--max-diagnostics`, then a summary line.
struct Text<S> {
    style: S,
    max: Option<u64>,
    shown: u64,
    hidden: u64,
    /// The config file in use, if any (the human format names it).
    config: Option<String>,
}

impl<S: TextStyle> Text<S> {
    fn new(style: S, max: Option<u64>, config: Option<String>) -> Self {
        Text { style, max, shown: 0, hidden: 0, config }
    }
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
        self.style.write(out, &printable(path), &printable_diagnostic(d))
    }

    fn end_file(&mut self, _: &mut dyn Write, _: &str, _: &Summary) -> io::Result<()> {
        Ok(())
    }

    fn file_error(&mut self, _: &mut dyn Write, _: &str, _: &str) -> io::Result<()> {
        Ok(())
    }

    fn excluded(&mut self, out: &mut dyn Write, path: &str, config: &str) -> io::Result<()> {
        writeln!(out, "{}: not checked: excluded by {}", printable(path), printable(config))
    }

    fn statistics(&mut self, out: &mut dyn Write, path: &str, stats: &Statistics) -> io::Result<()> {
        writeln!(out, "Statistics for {}:", printable(path))?;
        if stats.codes.is_empty() {
            writeln!(out, "  no diagnostics")?;
        }
        for (code, n) in &stats.codes {
            writeln!(out, "  {code} {:<22} {:>9}", code.name(), thousands(*n))?;
        }
        for (pointer, values) in &stats.values {
            writeln!(out, "  {}:", printable(pointer))?;
            let mut sorted: Vec<(&String, &u64)> = values.iter().collect();
            sorted.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            for (value, n) in sorted {
                writeln!(out, "    {:<40} {:>9}", printable(value), thousands(*n))?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, t: &Totals) -> io::Result<()> {
        if self.hidden > 0 {
            writeln!(
                out,
                "… {} not shown (--max-diagnostics {})",
                count(self.hidden, "more diagnostic", "more diagnostics"),
                self.max.unwrap_or(0)
            )?;
        }
        if let Some(config) = self.config.as_deref().filter(|_| self.style.names_config()) {
            writeln!(out, "Settings from {}", printable(config))?;
        }
        writeln!(out, "{}", t.summary_line())
    }
}

#[cfg(test)]
mod tests {
    use crate::{Code, Severity, Snippet, Span};

    use super::*;

    fn diagnostic(
        column: u64,
        span: std::ops::Range<u64>,
        snippet: Option<(&str, std::ops::Range<usize>)>,
    ) -> Diagnostic {
        Diagnostic {
            code: Code::InvalidValue,
            severity: Severity::Error,
            line: 1,
            column,
            span: Span { start: span.start, end: span.end },
            message: String::new(),
            label: None,
            help: None,
            instance_path: None,
            related: None,
            snippet: snippet.map(|(text, highlight)| Snippet { text: text.to_owned(), highlight }),
        }
    }

    #[test]
    fn end_columns_count_the_span_in_characters() {
        // Empty span: a position.
        assert_eq!(end_column(&diagnostic(7, 10..10, None)), 7);
        // `"x"` at column 5.
        assert_eq!(end_column(&diagnostic(5, 4..7, Some((r#"{"a":"x"}"#, 4..7)))), 8);
        // `"日本"`: 8 bytes, 4 characters.
        assert_eq!(end_column(&diagnostic(6, 5..13, Some((r#"{"a":"日本"}"#, 5..13)))), 10);
        // One invalid byte, shown as U+FFFD (3 bytes): one character.
        assert_eq!(end_column(&diagnostic(3, 2..3, Some(("ab\u{FFFD}c", 2..5)))), 4);
        // A highlight cut after 40 characters: the rest counts one column per byte.
        let shown = format!("\"{}…", "é".repeat(39));
        let end = shown.len() - '…'.len_utf8();
        assert_eq!(end_column(&diagnostic(1, 0..100, Some((&shown, 0..end)))), 1 + 40 + (100 - end as u64));
    }
}
