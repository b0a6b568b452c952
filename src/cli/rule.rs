//! `batchlint rule [CODE]`: explains one diagnostic code, or lists them all.
//! Everything printed comes from the code table ([`batchlint::Code`] and
//! [`batchlint::Code::docs`]).

use std::fmt::Write as _;
use std::process::ExitCode;

use batchlint::Code;
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
pub(crate) fn run(args: &RuleCommand) -> ExitCode {
    let Some(wanted) = &args.code else {
        return write_stdout(list().as_bytes());
    };
    match wanted.trim().parse::<Code>() {
        Ok(code) => write_stdout(explain(code).as_bytes()),
        Err(_) => {
            eprintln!("batchlint: error: unknown code `{wanted}`");
            match closest(wanted) {
                Some(code) => eprintln!("  help: did you mean `{code}` ({})?", code.name()),
                None => eprintln!("  help: `batchlint rule` lists every code"),
            }
            ExitCode::from(2)
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
        batchlint::Family::Framing => "framing",
        batchlint::Family::Syntax => "syntax",
        batchlint::Family::Schema => "schema",
        batchlint::Family::CrossField => "cross-field",
        batchlint::Family::Batch => "batch",
    }
}

/// The code whose number or name is closest to `input`, if one is a likely typo.
fn closest(input: &str) -> Option<Code> {
    let input = input.trim();
    let upper = input.to_ascii_uppercase();
    let lower = input.to_ascii_lowercase();
    let mut best: Option<(usize, Code)> = None;
    for &code in Code::ALL {
        // A code is five characters: one wrong, missing or extra character,
        // or two swapped, is a typo; a name may be off by about a third.
        let by_code = strsim::damerau_levenshtein(&upper, code.as_str());
        let by_name = strsim::damerau_levenshtein(&lower, code.name());
        let name_limit = (code.name().len() / 3).max(1);
        let distance = if by_code <= 1 {
            by_code
        } else if by_name <= name_limit {
            by_name
        } else {
            continue;
        };
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, code));
        }
    }
    best.map(|(_, code)| code)
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
    fn suggests_codes_and_names_that_are_close() {
        assert_eq!(closest("BL2O3"), Some(Code::InvalidValue));
        assert_eq!(closest("bl23"), Some(Code::InvalidValue));
        assert_eq!(closest("invalid-valu"), Some(Code::InvalidValue));
        assert_eq!(closest("duplicate_ids"), Some(Code::DuplicateId));
        assert_eq!(closest("BL999"), None);
        assert_eq!(closest("banana"), None);
    }

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("a-very-long-word x", 4), ["a-very-long-word", "x"]);
        assert!(wrap("", 10).is_empty());
    }
}
