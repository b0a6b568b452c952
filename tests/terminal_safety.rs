//! Nothing batchlint prints can steer a terminal or a CI log: a file name
//! with a newline cannot start a line of its own (a GitHub `::error`
//! command), and C1 controls (U+009B CSI) and bidirectional overrides in
//! names and values come out escaped, in every format and command.

use std::path::Path;
use std::process::Command;

/// A file name that would inject a workflow command if printed raw.
const NAME: &str = "x\n::error file=a::pwned\u{9b}2J\u{202e}.jsonl";

fn batchlint(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_batchlint")).current_dir(dir).args(args).output().unwrap();
    String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap()
}

/// Whether `output` is safe: no C1 or bidirectional control, no escape
/// character, and no line that starts the injected command.
fn assert_safe(output: &str, what: &str) {
    let bad = output.chars().find(|&c| {
        matches!(c, '\u{80}'..='\u{9f}' | '\u{1b}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    });
    assert_eq!(bad, None, "{what} printed {bad:?}:\n{output}");
    assert!(!output.lines().any(|l| l.starts_with("::error file=a::")), "{what} let the name start a line:\n{output}");
}

/// The valid example, with a CSI and a right-to-left override in a value
/// and a CRLF (for `fix`), under [`NAME`].
fn hostile_file(dir: &Path) {
    let valid =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/valid/sync-20.jsonl")).unwrap();
    let text = valid.replacen("\"lipsync-2\"", "\"lip\u{9b}31m\u{202e}sync\"", 1).replacen('\n', "\r\n", 1);
    assert_ne!(text, valid);
    std::fs::write(dir.join(NAME), text).unwrap();
}

#[test]
fn check_prints_names_and_values_escaped_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    hostile_file(dir.path());
    for format in ["concise", "human", "github", "json", "jsonl", "sarif", "junit"] {
        let output = batchlint(dir.path(), &["check", "--no-config", "--format", format, "--statistics", NAME]);
        assert!(output.contains("lip"), "{format}: the value is shown:\n{output}");
        assert_safe(&output, format);
    }
    let missing = format!("{NAME}.missing");
    assert_safe(&batchlint(dir.path(), &["check", "--no-config", &missing]), "a missing file's error");
}

#[test]
fn fix_and_split_print_names_escaped() {
    let dir = tempfile::tempdir().unwrap();
    hostile_file(dir.path());
    assert_safe(&batchlint(dir.path(), &["fix", "--diff", NAME]), "fix --diff");
    assert_safe(&batchlint(dir.path(), &["split", "--no-config", NAME, "out", "--plan"]), "split --plan");
    let output = batchlint(dir.path(), &["fix", NAME]);
    assert!(output.contains("fixed: turn CRLF"), "{output}");
    assert_safe(&output, "fix");
    let output = batchlint(dir.path(), &["split", "--no-config", "--min-records", "1", NAME, "out"]);
    assert_safe(&output, "split");
    let output = batchlint(dir.path(), &["split", "--no-config", "--format", "json", NAME, "out2"]);
    assert_safe(&output, "split --format json");
}
