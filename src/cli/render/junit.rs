//! JUnit XML, for CI systems that show test reports: one `<testcase>` per
//! file, failed when the file has errors. The suite's counts come first in
//! the document, so the test cases are held until the end (one entry per
//! file). Documented in `docs/formats.md`.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

use crate::text::count;
use crate::text::{printable, steers_terminal};
use crate::{Diagnostic, Severity, Summary};

use super::concise::Concise;
use super::{Render, TextStyle, Totals, printable_diagnostic};

const CLASSNAME: &str = "batchlint.check";

#[derive(Default)]
pub(crate) struct Junit {
    /// The `<testcase>` elements written so far.
    cases: String,
    tests: u64,
    failures: u64,
    errors: u64,
    /// The current file's diagnostics as the concise format prints them.
    lines: String,
    file_errors: u64,
    file_warnings: u64,
}

/// Escapes text for XML 1.0 element content (`attribute == false`) or a
/// double- or single-quoted attribute value: `& < > " '` become entities;
/// in attributes, tab and line breaks become character references so that
/// parsers do not normalise them to spaces; a carriage return always does.
/// Characters XML 1.0 forbids even as references (most C0 controls,
/// U+FFFE, U+FFFF) are written as `\u{…}`; C1 and bidirectional controls,
/// which would steer a terminal showing the file, as character references.
fn escape(s: &str, attribute: bool) -> Cow<'_, str> {
    let forbidden = |c: char| matches!(c, '\0'..='\x08' | '\x0B' | '\x0C' | '\x0E'..='\x1F' | '\u{FFFE}' | '\u{FFFF}');
    let steering = |c: char| !c.is_ascii() && steers_terminal(c);
    let special = |c: char| {
        matches!(c, '&' | '<' | '>' | '"' | '\'' | '\r')
            || (attribute && matches!(c, '\t' | '\n'))
            || forbidden(c)
            || steering(c)
    };
    if !s.contains(special) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            c if forbidden(c) => out.extend(c.escape_unicode()),
            c if steering(c) => {
                let _ = write!(out, "&#x{:x};", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn text(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

fn attr(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

impl Junit {
    fn open_case(&mut self, path: &str) {
        self.tests += 1;
        let _ = write!(self.cases, "    <testcase name=\"{}\" classname=\"{CLASSNAME}\"", attr(path));
    }

    fn system_out(&mut self) {
        if !self.lines.is_empty() {
            let _ = writeln!(self.cases, "      <system-out>{}</system-out>", text(&self.lines));
        }
    }
}

impl Render for Junit {
    fn begin_file(&mut self, _: &mut dyn Write, _: &str) -> io::Result<()> {
        self.lines.clear();
        self.file_errors = 0;
        self.file_warnings = 0;
        Ok(())
    }

    fn diagnostic(&mut self, _: &mut dyn Write, path: &str, d: &Diagnostic) -> io::Result<()> {
        match d.severity {
            Severity::Error => self.file_errors += 1,
            Severity::Warning => self.file_warnings += 1,
        }
        // The body lines are the concise format's: one line per diagnostic,
        // whatever the file name holds.
        let mut line = Vec::new();
        Concise.write(&mut line, &printable(path), &printable_diagnostic(d))?;
        self.lines.push_str(&String::from_utf8_lossy(&line));
        Ok(())
    }

    fn end_file(&mut self, _: &mut dyn Write, path: &str, _: &Summary) -> io::Result<()> {
        self.open_case(path);
        if self.file_errors > 0 {
            self.failures += 1;
            let mut message = count(self.file_errors, "error", "errors");
            if self.file_warnings > 0 {
                message = format!("{message}, {}", count(self.file_warnings, "warning", "warnings"));
            }
            let _ = writeln!(
                self.cases,
                ">\n      <failure message=\"{}\" type=\"batchlint\">{}</failure>\n    </testcase>",
                attr(&message),
                text(&self.lines)
            );
        } else if self.file_warnings > 0 {
            self.cases.push_str(">\n");
            self.system_out();
            self.cases.push_str("    </testcase>\n");
        } else {
            self.cases.push_str("/>\n");
        }
        Ok(())
    }

    fn file_error(&mut self, _: &mut dyn Write, path: &str, message: &str) -> io::Result<()> {
        self.open_case(path);
        self.errors += 1;
        let _ = writeln!(
            self.cases,
            ">\n      <error message=\"the file could not be read\" type=\"io\">{}</error>",
            text(message)
        );
        self.system_out();
        self.cases.push_str("    </testcase>\n");
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _: &Totals) -> io::Result<()> {
        let counts = format!("tests=\"{}\" failures=\"{}\" errors=\"{}\"", self.tests, self.failures, self.errors);
        writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(out, "<testsuites name=\"batchlint\" {counts}>")?;
        writeln!(out, "  <testsuite name=\"batchlint\" {counts} skipped=\"0\">")?;
        out.write_all(self.cases.as_bytes())?;
        writeln!(out, "  </testsuite>")?;
        writeln!(out, "</testsuites>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_become_entities() {
        assert_eq!(text(r#"a & b < c > d "e" 'f'"#), "a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;");
        assert_eq!(attr(r#"<x a="1">"#), "&lt;x a=&quot;1&quot;&gt;");
        assert!(matches!(text("plain text: fine"), Cow::Borrowed(_)));
    }

    #[test]
    fn line_breaks_survive_in_attributes_and_forbidden_characters_are_shown() {
        assert_eq!(text("a\nb\tc\r\n"), "a\nb\tc&#13;\n");
        assert_eq!(attr("a\nb\tc"), "a&#10;b&#9;c");
        assert_eq!(text("x\u{9b}2J\u{202e}y"), "x&#x9b;2J&#x202e;y");
        assert_eq!(text("nul\0 esc\x1b"), "nul\\u{0} esc\\u{1b}");
    }
}
