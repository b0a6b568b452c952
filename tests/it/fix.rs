//! `batchlint fix` through the binary: each repair, exit codes, --diff,
//! atomic replacement, and records kept byte for byte.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

fn fix(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_batchlint")).current_dir(dir).arg("fix").args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn check(dir: &Path, file: &str) -> i32 {
    Command::new(env!("CARGO_BIN_EXE_batchlint"))
        .current_dir(dir)
        .args(["check", "--format", "concise", file])
        .status()
        .unwrap()
        .code()
        .unwrap_or(-1)
}

/// The 20 valid records of the bundled example, each with its bytes.
fn records() -> Vec<String> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/valid/sync-20.jsonl")).unwrap();
    text.lines().map(str::to_owned).collect()
}

#[test]
fn line_repairs_make_a_file_pass_check_with_records_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let recs = records();
    let mut broken = b"\xEF\xBB\xBF".to_vec();
    for (i, r) in recs.iter().enumerate() {
        broken.extend_from_slice(r.as_bytes());
        if i == 5 {
            broken.extend_from_slice(b"\r\n   \r\n");
        } else if i + 1 < recs.len() {
            broken.extend_from_slice(b"\r\n");
        }
    }
    let path = dir.path().join("in.jsonl");
    std::fs::write(&path, &broken).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    assert_eq!(check(dir.path(), "in.jsonl"), 1);

    let (code, out, _) = fix(dir.path(), &["--diff", "in.jsonl"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("in.jsonl:1: would remove the byte order mark"), "{out}");
    assert!(out.contains("in.jsonl:7: would remove blank lines"), "{out}");
    assert!(out.contains("in.jsonl:21: would add the missing final newline"), "{out}");
    // Then the unified diff, a CR shown as `\r`.
    assert!(out.contains("\n--- in.jsonl\n+++ in.jsonl (fixed)\n@@ -1,"), "{out}");
    let removed = format!("-{}\\r\n", recs[1]);
    let added = format!("+{}\n", recs[1]);
    assert!(out.contains(&removed) && out.contains(&added), "{out}");
    assert!(out.ends_with("would change 1 of 1 file(s)\n"), "{out}");
    assert_eq!(std::fs::read(&path).unwrap(), broken, "--diff writes nothing");

    let (code, out, _) = fix(dir.path(), &["in.jsonl"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("in.jsonl:1-20: fixed: turn CRLF line endings into LF"), "{out}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), recs.join("\n") + "\n", "records byte-identical");
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640, "permissions kept");
    assert_eq!(check(dir.path(), "in.jsonl"), 0);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporaries left");

    let (code, out, _) = fix(dir.path(), &["in.jsonl"]);
    assert_eq!((code, out.trim()), (0, "changed 0 of 1 file(s)"));
}

#[test]
fn a_json_array_and_pretty_printed_objects_become_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let recs = records();
    // Spread each record over lines, keeping its key order (the records hold
    // no `,"` or `{` inside strings, so this only adds whitespace).
    let spread = |r: &String| r.replace(",\"", ",\n    \"").replace('{', "{\n    ").replace('}', "\n  }");
    let pretty: Vec<String> = recs.iter().map(spread).collect();
    std::fs::write(dir.path().join("array.json"), format!("[\n  {}\n]\n", pretty.join(",\n  "))).unwrap();
    std::fs::write(dir.path().join("pretty.jsonl"), pretty.join("\n") + "\n").unwrap();
    for name in ["array.json", "pretty.jsonl"] {
        assert_eq!(check(dir.path(), name), 1, "{name} is not JSON Lines yet");
        let (code, out, err) = fix(dir.path(), &[name]);
        assert_eq!(code, 1, "{out}{err}");
        assert!(out.contains("(20 records)"), "{out}");
        // Keys, values and escapes as they were: the compact lines are the
        // original records exactly.
        assert_eq!(std::fs::read_to_string(dir.path().join(name)).unwrap(), recs.join("\n") + "\n", "{name}");
        assert_eq!(check(dir.path(), name), 0, "{name}");
    }
}

#[test]
fn content_errors_are_reported_not_guessed_at() {
    let dir = tempfile::tempdir().unwrap();
    let recs = records();
    let mut text = recs.join("\n") + "\n";
    text = text.replacen("\"lipsync-2\"", "\"lipsync2\"", 1);
    std::fs::write(dir.path().join("typo.jsonl"), &text).unwrap();
    let (code, out, _) = fix(dir.path(), &["typo.jsonl"]);
    assert_eq!((code, out.trim()), (0, "changed 0 of 1 file(s)"));
    assert_eq!(std::fs::read_to_string(dir.path().join("typo.jsonl")).unwrap(), text);

    std::fs::write(dir.path().join("broken.json"), "[\n {\"a\": 1},\n {\"b\": \n]\n").unwrap();
    let (code, _, err) = fix(dir.path(), &["broken.json", "typo.jsonl"]);
    assert_eq!(code, 2);
    assert!(err.contains("broken.json: not fixed"), "{err}");
    assert_eq!(std::fs::read_to_string(dir.path().join("broken.json")).unwrap(), "[\n {\"a\": 1},\n {\"b\": \n]\n");

    let (code, _, err) = fix(dir.path(), &["missing.jsonl"]);
    assert_eq!(code, 2);
    assert!(err.contains("missing.jsonl"), "{err}");
}

#[test]
fn links_and_special_files_are_handled_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("real.jsonl"), "{\"a\":1}\r\n").unwrap();
    std::os::unix::fs::symlink("real.jsonl", dir.path().join("link.jsonl")).unwrap();
    std::fs::hard_link(dir.path().join("real.jsonl"), dir.path().join("other.jsonl")).unwrap();
    assert!(Command::new("mkfifo").arg(dir.path().join("fifo.jsonl")).status().unwrap().success());

    // The FIFO is refused without being opened (opening it would block).
    let (code, out, err) = fix(dir.path(), &["fifo.jsonl"]);
    assert_eq!((code, out.trim()), (2, "changed 0 of 1 file(s)"));
    assert_eq!(err.trim(), "batchlint: error: fifo.jsonl: not fixed: it is a FIFO, not a regular file");

    // Through the link, the target has a second name: refused, then forced.
    let (code, _, err) = fix(dir.path(), &["link.jsonl"]);
    assert_eq!(code, 2);
    assert!(err.contains("link.jsonl: not fixed: it has 1 other name(s) (hard links)"), "{err}");
    let (code, out, _) = fix(dir.path(), &["--force", "link.jsonl"]);
    assert_eq!((code, out.lines().next().unwrap()), (1, "link.jsonl:1: fixed: turn CRLF line endings into LF"));
    assert!(std::fs::symlink_metadata(dir.path().join("link.jsonl")).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read(dir.path().join("real.jsonl")).unwrap(), b"{\"a\":1}\n");
    assert_eq!(std::fs::read(dir.path().join("other.jsonl")).unwrap(), b"{\"a\":1}\r\n");
}

#[test]
fn a_folder_stands_for_its_json_lines_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data/sub")).unwrap();
    std::fs::write(dir.path().join("data/a.jsonl"), "{\"a\":1}\r\n").unwrap();
    std::fs::write(dir.path().join("data/sub/b.ndjson"), "{\"b\":1}").unwrap();
    std::fs::write(dir.path().join("data/notes.txt"), "not\r\njson\r\n").unwrap();
    let (code, out, _) = fix(dir.path(), &["data"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.ends_with("changed 2 of 2 file(s)\n"), "{out}");
    assert_eq!(std::fs::read(dir.path().join("data/a.jsonl")).unwrap(), b"{\"a\":1}\n");
    assert_eq!(std::fs::read(dir.path().join("data/sub/b.ndjson")).unwrap(), b"{\"b\":1}\n");
    assert_eq!(std::fs::read(dir.path().join("data/notes.txt")).unwrap(), b"not\r\njson\r\n", "not JSON Lines by name");
}

#[test]
fn fix_dash_repairs_standard_input_onto_standard_output() {
    let run = |input: &[u8], args: &[&str]| {
        let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_batchlint"))
            .arg("fix")
            .args(args)
            .write_stdin(input.to_vec())
            .output()
            .unwrap();
        (out.status.code().unwrap_or(-1), out.stdout, String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (code, stdout, stderr) = run(b"\xEF\xBB\xBF[{\"a\": 1},\r\n {\"b\": 2}]\r\n", &["-"]);
    assert_eq!((code, stdout.as_slice()), (1, &b"{\"a\":1}\n{\"b\":2}\n"[..]), "{stderr}");
    // The report goes to stderr, so that stdout is only the text.
    assert!(
        stderr.contains("<stdin>:1-2: fixed: rewrite the JSON array") && stderr.ends_with("changed 1 of 1 file(s)\n"),
        "{stderr}"
    );
    let (code, stdout, _) = run(b"{\"a\":1}\n", &["-"]);
    assert_eq!((code, stdout.as_slice()), (0, &b"{\"a\":1}\n"[..]), "a clean input comes out as it went in");
    let (code, stdout, stderr) = run(b"{\"a\":1}\r\n", &["--diff", "-"]);
    assert_eq!((code, stdout.as_slice()), (1, &b""[..]), "{stderr}");
}
