//! The graphical report: miette's renderer over a window of the offending
//! line (never the whole line, which can be megabytes long).

use std::fmt;
use std::io::{self, Write};

use batchlint::{Diagnostic, Severity};
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
        let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false).with_context_lines(0);
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
}

/// One line's window, presented to miette as a source that knows the real
/// line number and column of its text.
struct Window {
    name: String,
    text: String,
    /// 0-based line number.
    line: usize,
    /// Where the highlight starts in `text`, and its real 0-based column.
    highlight_start: usize,
    column: usize,
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        _: usize,
        _: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let column = if span.offset() == self.highlight_start { self.column } else { 0 };
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
            Some(s) => (s.text.clone(), s.highlight.clone()),
            None => (String::new(), 0..0),
        };
        let window = Window {
            name: path.to_owned(),
            text,
            line: usize::try_from(d.line.saturating_sub(1)).unwrap_or(usize::MAX),
            highlight_start: highlight.start,
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
        let range = self.d.snippet.as_ref().map_or(0..0, |s| s.highlight.clone());
        let label = if self.d.snippet.is_some() { self.d.label.clone() } else { Some("end of file".to_owned()) };
        Some(Box::new(std::iter::once(LabeledSpan::new_primary_with_span(label, range))))
    }
}
