//! `batchlint rule [CODE]`: explains one diagnostic code, or lists them all.
//! Everything printed comes from the code table ([`crate::Code`] and
//! [`crate::Code::docs`]).

use super::Exit;
use std::fmt::Write as _;

use crate::Code;
use clap::Args;

use super::schema::write_stdout;

/// Width the explanation's paragraphs are wrapped to.
const WIDTH: usize = 100;

#[derive(Debug, Args)]
pub(crate) struct RuleCommand {
    /// A code (`BL203`) or its name (`invalid-value`); without one, every code is listed.
    #[arg(value_name = "CODE")]
    code: Option<String>,
}

/// Prints the explanation, or the list; exit code 2 for an unknown code.
pub(crate) fn run(args: &RuleCommand) -> Exit {
    let Some(wanted) = &args.code else {
        return write_stdout(list().as_bytes());
    };
    match wanted.trim().parse::<Code>() {
        Ok(code) => write_stdout(explain(code).as_bytes()),
        Err(_) => {
            eprintln!("batchlint: error: unknown code `{}`", crate::text::printable(wanted));
            match Code::closest(wanted) {
                Some(code) => eprintln!("  help: did you mean `{code}` ({})?", code.name()),
                None => eprintln!("  help: `batchlint rule` lists every code"),
            }
            Exit::from(2)
        }
    }
}

/// The table of every code: code, name, severity, summary.
pub(crate) fn list() -> String {
    let name_width = Code::ALL.iter().map(|c| c.name().len()).max().unwrap_or(0);
    let mut out = String::new();
    let _ = writeln!(out, "{:<5}  {:<name_width$}  {:<8}  summary", "code", "name", "severity");
    for code in Code::ALL {
        let _ = writeln!(
            out,
            "{:<5}  {:<name_width$}  {:<8}  {}",
            code.as_str(),
            code.name(),
            code.default_severity().to_string(),
            code.summary()
        );
    }
    out
}

/// Everything about one code.
pub(crate) fn explain(code: Code) -> String {
    let docs = code.docs();
    let mut out = String::new();
    let _ = writeln!(out, "{code} {}: {}", code.name(), code.summary());
    let _ = writeln!(out, "severity: {}, family: {}", code.default_severity(), family(code));
    let _ = writeln!(out, "\nWhy it matters:");
    for line in wrap(docs.why, WIDTH - 2) {
        let _ = writeln!(out, "  {line}");
    }
    for (title, example) in [("Example:", docs.example_bad), ("Fixed:", docs.example_fixed)] {
        let _ = writeln!(out, "\n{title}");
        for line in example.lines() {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

fn family(code: Code) -> &'static str {
    match code.family() {
        crate::Family::Framing => "framing",
        crate::Family::Syntax => "syntax",
        crate::Family::Schema => "schema",
        crate::Family::CrossField => "cross-field",
        crate::Family::Batch => "batch",
    }
}

/// Splits a paragraph into lines of at most `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("a-very-long-word x", 4), ["a-very-long-word", "x"]);
        assert!(wrap("", 10).is_empty());
    }
}
