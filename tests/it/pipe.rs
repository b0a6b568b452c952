//! `batchlint check big.jsonl | head -c 1`: a closed output pipe ends the
//! report quietly (nothing on stderr), and the exit code still says what was
//! found, in every format: 1 for a file with errors (a CI step with
//! `pipefail` must fail), 0 for a clean one.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

const FORMATS: [&str; 7] = ["concise", "human", "json", "jsonl", "github", "sarif", "junit"];

/// Runs `batchlint ARGS`, closes its output pipe after the first byte, and
/// returns its exit code and stderr.
fn closed_after_one_byte(args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_batchlint"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout); // The pipe is closed here.
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Runs `check` on `path` and closes the pipe after the first byte.
fn check_closed_after_one_byte(path: &std::path::Path, format: &str) -> (Option<i32>, String) {
    let args = ["check", "--no-config", "--format", format];
    closed_after_one_byte(&[&args.map(std::ffi::OsStr::new)[..], &[path.as_os_str()]].concat())
}

#[test]
fn a_closed_pipe_ends_the_report_quietly_and_the_exit_code_still_tells() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.jsonl");
    let mut file = std::fs::File::create(&path).unwrap();
    // 50,000 broken lines: far more output than a pipe buffer holds (the
    // formats that write at the end write megabytes then too).
    for i in 0..50_000 {
        writeln!(file, "{{\"request_id\": \"r{i}\",}}").unwrap();
    }
    drop(file);
    for format in FORMATS {
        assert_eq!(check_closed_after_one_byte(&path, format), (Some(1), String::new()), "{format}");
    }
}

#[test]
fn a_clean_file_stays_clean_when_the_pipe_closes() {
    let valid = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/valid/sync-20.jsonl");
    for format in FORMATS {
        assert_eq!(check_closed_after_one_byte(&valid, format), (Some(0), String::new()), "{format}");
    }
}

/// `batchlint fix --diff big.jsonl | head -c 1`: no panic, the exit code says
/// that the file would change.
#[test]
fn fix_diff_into_a_closed_pipe_exits_1_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crlf.jsonl");
    std::fs::write(&path, "{\"a\":1}\r\n".repeat(100_000)).unwrap();
    let args = [std::ffi::OsStr::new("fix"), std::ffi::OsStr::new("--diff"), path.as_os_str()];
    assert_eq!(closed_after_one_byte(&args), (Some(1), String::new()));
}
