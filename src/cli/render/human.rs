//! The graphical report: miette's renderer over a window of the offending
//! line (never the whole line, which can be megabytes long).

use std::fmt;
use std::io::{self, Write};

use crate::{Code, Diagnostic, Severity};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan,
    SpanContents,
};

use super::TextStyle;

pub(crate) struct Human {
    handler: GraphicalReportHandler,
}

impl Human {
    pub(crate) fn new(color: bool) -> Self {
        let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
        let handler = GraphicalReportHandler::new_themed(theme).with_width(120).with_links(false).with_context_lines(0);
        Human { handler }
    }
}

impl TextStyle for Human {
    fn write(&self, out: &mut dyn Write, path: &str, d: &Diagnostic) -> io::Result<()> {
        let report = Report::new(path, d);
        let mut text = String::new();
        self.handler.render_report(&mut text, &report).map_err(io::Error::other)?;
        writeln!(out, "{text}")
    }

    fn names_config(&self) -> bool {
        true
    }
}

/// One line's window, presented to miette as a source that knows the real
/// line number and column of its text.
struct Window {
    name: String,
    text: String,
    /// 0-based line number.
    line: usize,
    /// The highlighted bytes of `text`; the real 0-based column of their start.
    highlight: std::ops::Range<usize>,
    column: usize,
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        _: usize,
        _: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let column = if span.offset() == self.highlight.start { self.column } else { 0 };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            self.text.as_bytes(),
            SourceSpan::from(0..self.text.len()),
            self.line,
            column,
            1,
        )))
    }
}

/// A [`Diagnostic`] dressed for miette.
struct Report<'a> {
    d: &'a Diagnostic,
    window: Window,
    help: Option<String>,
}

impl<'a> Report<'a> {
    fn new(path: &str, d: &'a Diagnostic) -> Self {
        let (text, highlight) = match &d.snippet {
            Some(s) if !s.text.trim().is_empty() => (s.text.clone(), s.highlight.clone()),
            _ => {
                // Nothing to show on the line: a marker says what is there.
                let marker = match d.code {
                    Code::BlankLine => "(blank line)",
                    Code::EmptyFile => "(empty file)",
                    Code::FileName => "(the file's name)",
                    _ => "(end of file)",
                };
                (marker.to_owned(), 0..marker.len())
            }
        };
        let window = Window {
            name: path.to_owned(),
            text,
            line: usize::try_from(d.line.saturating_sub(1)).unwrap_or(usize::MAX),
            highlight,
            column: usize::try_from(d.column.saturating_sub(1)).unwrap_or(usize::MAX),
        };
        let related = d.related.as_ref().map(|r| format!("{}: line {}, column {}", r.message, r.line, r.column));
        let help = match (&d.help, related) {
            (Some(h), Some(r)) => Some(format!("{h}\n{r}")),
            (h, r) => h.clone().or(r),
        };
        Report { d, window, help }
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!("{}({})", self.d.code, self.d.code.name())))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.window)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let range = self.window.highlight.clone();
        Some(Box::new(std::iter::once(LabeledSpan::new_primary_with_span(self.d.label.clone(), range))))
    }
}
