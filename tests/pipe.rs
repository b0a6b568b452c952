//! `batchlint check big.jsonl | head`: a closed output pipe ends the run
//! quietly, with exit code 0 and nothing on stderr.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

#[test]
fn a_closed_pipe_exits_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.jsonl");
    let mut file = std::fs::File::create(&path).unwrap();
    // 50,000 broken lines: far more output than a pipe buffer holds.
    for i in 0..50_000 {
        writeln!(file, "{{\"request_id\": \"r{i}\",}}").unwrap();
    }
    drop(file);
    let mut child = Command::new(env!("CARGO_BIN_EXE_batchlint"))
        .args(["check", "--format", "concise"])
        .arg(&path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.contains("error[BL101]"), "{first}");
    // The reader is dropped here: the pipe is closed.
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
