//! Ctrl-C (SIGINT) or SIGTERM during `split` or `fix`: the run stops, removes
//! every temporary file it made, leaves no file under a final name, changes
//! nothing it was fixing, and exits with 128 + the signal's number. A later
//! split names the temporaries a killed run (SIGKILL) could not remove.
//! (Unix: the signals are sent with `kill`.)
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// `n` valid records, about 300 bytes each, with `eol` line endings.
fn write_records(path: &Path, n: usize, eol: &str) {
    let valid =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/valid/sync-20.jsonl")).unwrap();
    let lines: Vec<&str> = valid.lines().collect();
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&lines[i % lines.len()].replacen("\"request_id\":\"", &format!("\"request_id\":\"{i}-"), 1));
        text.push_str(eol);
    }
    std::fs::write(path, text).unwrap();
}

/// The temporaries `.batchlint-*.tmp` in `dir`.
fn temporaries(dir: &Path) -> Vec<PathBuf> {
    batchlint::split::write::stale_temporaries(dir)
}

/// Waits (up to a minute) until a temporary file appears in `dir`: the run is
/// then writing. Panics if the child ended first.
fn wait_for_a_temporary(child: &mut Child, dir: &Path) {
    let start = Instant::now();
    while temporaries(dir).is_empty() {
        assert!(child.try_wait().unwrap().is_none(), "the run ended before it wrote anything");
        assert!(start.elapsed() < Duration::from_secs(60), "no temporary file appeared");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn signal(child: &Child, name: &str) {
    assert!(Command::new("kill").args([name, &child.id().to_string()]).status().unwrap().success());
}

#[test]
fn an_interrupted_split_removes_its_temporaries_and_exits_130() {
    let dir = tempfile::tempdir().unwrap();
    write_records(&dir.path().join("in.jsonl"), 300_000, "\n");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_batchlint"))
        .current_dir(dir.path())
        .args(["split", "--no-config", "in.jsonl", "--out-dir", "out"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_a_temporary(&mut child, &out);
    signal(&child, "-INT");
    let done = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted; the temporary files of this run were removed"), "{stderr}");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0, "left in the folder: {:?}", temporaries(&out));
}

#[test]
fn an_interrupted_fix_changes_nothing_and_exits_143() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crlf.jsonl");
    write_records(&path, 400_000, "\r\n");
    let before = std::fs::read(&path).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_batchlint"))
        .current_dir(dir.path())
        .args(["fix", "crlf.jsonl"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    // fix's temporary is `.batchlint-fix-*.tmp`, made after a first pass.
    while std::fs::read_dir(dir.path()).unwrap().count() < 2 {
        assert!(child.try_wait().unwrap().is_none(), "fix ended before it wrote anything");
        assert!(start.elapsed() < Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(5));
    }
    signal(&child, "-TERM");
    let done = child.wait_with_output().unwrap();
    assert_eq!(done.status.code(), Some(143), "{}", String::from_utf8_lossy(&done.stderr));
    assert_eq!(std::fs::read(&path).unwrap(), before, "the file is unchanged");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary left");
}

#[test]
fn a_split_names_the_temporaries_a_killed_run_left() {
    let dir = tempfile::tempdir().unwrap();
    write_records(&dir.path().join("in.jsonl"), 40, "\n");
    std::fs::create_dir(dir.path().join("out")).unwrap();
    std::fs::write(dir.path().join("out/.batchlint-Ab12Cd.tmp"), "half a chunk").unwrap();
    let done = Command::new(env!("CARGO_BIN_EXE_batchlint"))
        .current_dir(dir.path())
        .args(["split", "--no-config", "in.jsonl", "--out-dir", "out"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning: out/.batchlint-Ab12Cd.tmp: a temporary file of a split that did not finish"),
        "{stderr}"
    );
}
