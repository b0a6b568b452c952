//! Nothing batchlint prints can steer a terminal or a CI log: a file name
//! with a newline cannot start a line of its own (a GitHub `::error`
//! command), and C1 controls (U+009B CSI) and bidirectional overrides in
//! names and values come out escaped, in every format and command.
//! (Unix: such file names cannot exist on Windows.)
#![cfg(unix)]

use std::path::Path;
use std::process::Command;

/// A file name that would inject a workflow command if printed raw.
const NAME: &str = "x\n::error file=a::pwned\u{9b}2J\u{202e}.jsonl";

/// The exit code and everything printed (stdout, then stderr).
fn batchlint(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_batchlint")).current_dir(dir).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap())
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
        let (_, output) = batchlint(dir.path(), &["check", "--no-config", "--format", format, "--statistics", NAME]);
        assert!(output.contains("lip"), "{format}: the value is shown:\n{output}");
        assert_safe(&output, format);
    }
    let missing = format!("{NAME}.missing");
    assert_safe(&batchlint(dir.path(), &["check", "--no-config", &missing]).1, "a missing file's error");
}

#[test]
fn fix_and_split_print_names_escaped() {
    let dir = tempfile::tempdir().unwrap();
    hostile_file(dir.path());
    assert_safe(&batchlint(dir.path(), &["fix", "--diff", NAME]).1, "fix --diff");
    // The value's error is reported (exit 1), the name and value escaped.
    let (code, output) = batchlint(dir.path(), &["split", "--no-config", NAME, "--out-dir", "out", "--plan"]);
    assert!(code == 1 && output.contains("error[BL203]"), "{output}");
    assert_safe(&output, "split --plan");
    let (code, output) = batchlint(dir.path(), &["fix", NAME]);
    assert!(code == 1 && output.contains("fixed: turn CRLF"), "{output}");
    assert_safe(&output, "fix");
    // With the bad record set aside, the chunk table and the summary name
    // the input's chunks (their prefix is the input's name) and the rejects.
    let args = ["split", "--no-config", "--min-records", "1", "--rejects", "rej\u{9b}.jsonl", NAME, "--out-dir", "out"];
    let (code, output) = batchlint(dir.path(), &args);
    assert!(code == 0 && output.contains("-0001.jsonl"), "{output}");
    assert_safe(&output, "split");
    let (code, output) = batchlint(
        dir.path(),
        &[
            "split",
            "--no-config",
            "--min-records",
            "1",
            "--format",
            "json",
            NAME,
            "--out-dir",
            "out2",
            "--rejects",
            "r2.jsonl",
        ],
    );
    assert!(code == 0 && output.contains("\"chunks\""), "{output}");
    assert_safe(&output, "split --format json");
}
