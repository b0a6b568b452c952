//! Integration and snapshot tests of `batchlint check`, run against the real
//! binary. Each code's own fixture is tested in `rules.rs`; the inputs here
//! are larger or derived (CRLF copies, megabyte lines, thousands of records),
//! generated in temporary folders.

use std::fmt::Write as _;
use std::path::Path;

use crate::common::{Run, batchlint_in, codes, folder, line_and_column, located, run, snapshot};
use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const VALID: &str = "testdata/valid/sync-20.jsonl";
const EXAMPLE: &str = "testdata/examples/requests.jsonl";

/// `batchlint` with the crate root as working directory, so that paths in
/// the output are the relative paths given.
fn batchlint() -> Command {
    batchlint_in(ROOT)
}

fn check(args: &[&str]) -> Run {
    run(batchlint().arg("check").args(args))
}

fn json(args: &[&str]) -> (i32, Value) {
    let r = check(&[&["--format", "json"], args].concat());
    let doc = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("stdout is JSON ({e}): {}", r.stdout));
    (r.code, doc)
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(Path::new(ROOT).join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn valid_lines() -> Vec<String> {
    String::from_utf8(read(VALID)).unwrap().lines().map(str::to_owned).collect()
}

fn jsonl(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

fn offsets(d: &Value) -> (usize, usize) {
    (d["offset"].as_u64().unwrap() as usize, d["end_offset"].as_u64().unwrap() as usize)
}

// ---------------------------------------------------------------------------
// Exit codes and operational errors
// ---------------------------------------------------------------------------

#[test]
fn a_clean_file_exits_0_with_one_summary_line() {
    let r = check(&["--format", "concise", VALID]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, "Checked 1 file (20 records, 6,391 bytes): no problems found\n");
    assert_eq!(r.stderr, "");
    let r = check(&["--format", "human", VALID]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "Checked 1 file (20 records, 6,391 bytes): no problems found\n"));
}

#[test]
fn concise_is_the_default_when_stdout_is_not_a_terminal() {
    let r = check(&["testdata/rules/BL203.jsonl"]);
    assert_eq!(r.code, 1);
    assert_eq!(codes(&r.stdout), ["BL203"]);
    assert!(r.stdout.starts_with("testdata/rules/BL203.jsonl:5:70: error[BL203]: "), "{}", r.stdout);
}

#[test]
fn a_missing_file_exits_2_and_the_other_files_are_still_checked() {
    let r = check(&["--format", "concise", "testdata/check/no-such-file.jsonl", "testdata/rules/BL203.jsonl", VALID]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("testdata/check/no-such-file.jsonl"), "{}", r.stderr);
    assert!(r.stderr.contains("No such file or directory"), "{}", r.stderr);
    assert_eq!(codes(&r.stdout), ["BL203"]);
    assert!(
        r.stdout.ends_with("Checked 2 files (40 records, 12,781 bytes): 1 error; 1 file could not be read\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_folder_stands_for_its_json_lines_files_as_ripgrep_finds_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(dir.path().join("batches/sub")).unwrap();
    std::fs::create_dir_all(dir.path().join("batches/.cache")).unwrap();
    let example = root.join(EXAMPLE);
    std::fs::copy(&example, dir.path().join("batches/b.jsonl")).unwrap();
    std::fs::copy(root.join(VALID), dir.path().join("batches/sub/a.ndjson")).unwrap();
    // Not JSON Lines by name, ignored by .gitignore, hidden: none is checked.
    std::fs::copy(&example, dir.path().join("batches/notes.txt")).unwrap();
    std::fs::copy(&example, dir.path().join("batches/old.jsonl")).unwrap();
    std::fs::write(dir.path().join("batches/.gitignore"), "old.jsonl\n").unwrap();
    std::fs::copy(&example, dir.path().join("batches/.cache/c.jsonl")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_batchlint"))
        .current_dir(dir.path())
        .args(["check", "--no-config", "--format", "json", "batches"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = doc["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["batches/b.jsonl", "batches/sub/a.ndjson"], "sorted, and nothing else");
    assert_eq!(doc["summary"]["errors"], 6);
}

#[test]
fn a_missing_schema_exits_2() {
    let r = check(&["--schema", "testdata/check/no-such.schema.json", VALID]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("testdata/check/no-such.schema.json"), "{}", r.stderr);
}

#[test]
fn an_invalid_schema_exits_2() {
    let r = check(&["--schema", "testdata/check/invalid.schema.json", VALID]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("testdata/check/invalid.schema.json"), "{}", r.stderr);
    assert!(r.stderr.contains("not a valid JSON Schema"), "{}", r.stderr);

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.json"), "{\"type\": ").unwrap();
    let r = run(batchlint().current_dir(dir.path()).args(["check", "--schema", "broken.json", "-"]).write_stdin(""));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("broken.json") && r.stderr.contains("not valid JSON"), "{}", r.stderr);
}

#[test]
fn a_schema_with_a_remote_ref_exits_2_and_says_batchlint_works_offline() {
    let r = check(&["--schema", "testdata/check/remote-ref.schema.json", VALID]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    // (miette wraps the message at 80 columns, so look for pieces.)
    assert!(r.stderr.contains("example.com/x.json"), "{}", r.stderr);
    assert!(r.stderr.contains("offline"), "{}", r.stderr);
}

#[test]
fn usage_errors_exit_2() {
    let r = check(&["--id-pointer", "foo", VALID]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("--id-pointer") && r.stderr.contains("must start with `/`"), "{}", r.stderr);

    let r = check(&["--frobnicate", VALID]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--frobnicate"), "{}", r.stderr);

    let r = check(&["--format", "xml", VALID]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("xml"), "{}", r.stderr);

    let r = check(&["--max-records", "lots", VALID]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("`lots` is not a whole number or `none`"), "{}", r.stderr);

    let r = check(&["--min-records", "30", "--max-records", "20", VALID]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("the minimum of 30 records is larger than the maximum of 20"), "{}", r.stderr);

    let r = check(&["--profile", "opnai", VALID]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown profile `opnai`") && r.stderr.contains("did you mean `openai`"), "{}", r.stderr);

    let r = check(&[]);
    assert_eq!(r.code, 2, "a path is required");
}

// ---------------------------------------------------------------------------
// Standard input, several files, options
// ---------------------------------------------------------------------------

#[test]
fn stdin_is_read_with_a_dash() {
    let r = run(batchlint().args(["check", "--format", "concise", "-"]).write_stdin(read(VALID)));
    assert_eq!((r.code, r.stdout.as_str()), (0, "Checked 1 file (20 records, 6,391 bytes): no problems found\n"));

    let r =
        run(batchlint().args(["check", "--format", "concise", "-"]).write_stdin(read("testdata/rules/BL203.jsonl")));
    assert_eq!(r.code, 1);
    assert!(r.stdout.starts_with("<stdin>:5:70: error[BL203]: `payload.model` is \"lipsync2\""), "{}", r.stdout);

    let (code, doc) = {
        let r =
            run(batchlint().args(["check", "--format", "json", "-"]).write_stdin(read("testdata/rules/BL404.jsonl")));
        (r.code, serde_json::from_str::<Value>(&r.stdout).unwrap())
    };
    assert_eq!(code, 1);
    assert_eq!(doc["files"][0]["path"], "<stdin>");
    assert_eq!(doc["files"][0]["diagnostics"][0]["path"], "<stdin>");
}

#[test]
fn several_files_report_in_argument_order_then_file_order() {
    let files = ["testdata/rules/BL404.jsonl", EXAMPLE, "testdata/rules/BL206.jsonl", "testdata/rules/BL203.jsonl"];
    let r = check(&[&["--format", "concise"], &files[..]].concat());
    assert_eq!(r.code, 1);
    let paths: Vec<&str> =
        r.stdout.lines().filter(|l| l.contains("]: ")).map(|l| l.split(':').next().unwrap()).collect();
    let expected: Vec<&str> = [vec![files[0]], vec![EXAMPLE; 7], vec![files[2]], vec![files[3]]].concat();
    assert_eq!(paths, expected, "{}", r.stdout);
    let example_lines: Vec<u64> = located(&r.stdout)[1..8].iter().map(|(l, _, _)| *l).collect();
    assert_eq!(example_lines, [5, 6, 7, 9, 11, 13, 14]);
    // 6 + 1 + 1 errors; 1 + 1 warnings; 20 records each.
    assert!(r.stdout.ends_with("Checked 4 files (80 records, 25,674 bytes): 8 errors, 2 warnings\n"), "{}", r.stdout);
    snapshot!("several_files_concise", &format!("batchlint check --format concise {}", files.join(" ")), &r.stdout);

    let (_, doc) = json(&files);
    let reported: Vec<&str> = doc["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(reported, files);
    let sum =
        |key: &str| doc["files"].as_array().unwrap().iter().map(|f| f["summary"][key].as_u64().unwrap()).sum::<u64>();
    for key in ["records", "bytes", "errors", "warnings"] {
        assert_eq!(doc["summary"][key].as_u64().unwrap(), sum(key), "{key}");
    }
    assert_eq!(doc["summary"]["files"], 4);
    let bytes: u64 = files.iter().map(|f| read(f).len() as u64).sum();
    assert_eq!(doc["summary"]["bytes"], bytes);
    assert_eq!((doc["summary"]["errors"].as_u64(), doc["summary"]["warnings"].as_u64()), (Some(8), Some(2)));
}

#[test]
fn max_diagnostics_prints_n_and_says_how_many_more() {
    let r = check(&["--format", "concise", "--max-diagnostics", "2", EXAMPLE]);
    assert_eq!(r.code, 1);
    assert_eq!(located(&r.stdout).iter().map(|(l, _, _)| *l).collect::<Vec<_>>(), [5, 6]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", r.stdout);
    assert_eq!(lines[2], "… 5 more diagnostics not shown (--max-diagnostics 2)");
    assert_eq!(lines[3], "Checked 1 file (20 records, 6,455 bytes): 6 errors, 1 warning");
    snapshot!(
        "max_diagnostics_concise",
        &format!("batchlint check --format concise --max-diagnostics 2 {EXAMPLE}"),
        &r.stdout,
    );

    // The limit is over all files, and also applies to the human format.
    let r = check(&[
        "--format",
        "human",
        "--color",
        "never",
        "--max-diagnostics",
        "1",
        EXAMPLE,
        "testdata/rules/BL404.jsonl",
    ]);
    assert_eq!(r.stdout.matches("╭─[").count(), 1, "{}", r.stdout);
    assert!(r.stdout.contains("… 7 more diagnostics not shown (--max-diagnostics 1)"), "{}", r.stdout);

    // 0 shows none; the exit code still reports the errors.
    let r = check(&["--format", "concise", "--max-diagnostics", "0", EXAMPLE]);
    assert_eq!(r.code, 1);
    assert_eq!(codes(&r.stdout), Vec::<String>::new());
    assert!(r.stdout.starts_with("… 7 more diagnostics not shown (--max-diagnostics 0)\n"), "{}", r.stdout);
}

#[test]
fn limit_flags_turn_checks_off_with_none() {
    let r = check(&["--format", "concise", "--min-records", "none", "testdata/rules/BL401.jsonl"]);
    assert_eq!((r.code, codes(&r.stdout)), (0, vec![]));
    let r =
        check(&["--format", "concise", "--max-records", "none", "--min-records", "1", "testdata/rules/BL402.jsonl"]);
    assert_eq!((r.code, codes(&r.stdout)), (0, vec![]));
    let r = check(&["--format", "concise", "--id-pointer", "none", "testdata/rules/BL404.jsonl"]);
    assert_eq!((r.code, codes(&r.stdout)), (0, vec![]));
    // Thousands separators are accepted in numbers.
    let r = check(&["--format", "concise", "--max-bytes", "6,000", "testdata/rules/BL403.jsonl"]);
    assert_eq!(codes(&r.stdout), ["BL403"]);
}

#[test]
fn id_pointer_picks_the_unique_field() {
    // Every record of the valid file has `endpoint` "/v2/generate".
    let r = check(&["--format", "concise", "--id-pointer", "/endpoint", VALID]);
    assert_eq!(r.code, 1);
    let found = located(&r.stdout);
    assert_eq!(found.len(), 19, "{}", r.stdout);
    assert!(found.iter().zip(2..).all(|((line, col, code), n)| (*line, *col, code.as_str()) == (n, 36, "BL404")));
    assert!(r.stdout.contains(":2:36: error[BL404]: duplicate endpoint `/v2/generate`: first used on line 1; "));
}

// ---------------------------------------------------------------------------
// JSON format
// ---------------------------------------------------------------------------

#[test]
fn json_has_the_documented_shape() {
    let (code, doc) = json(&[EXAMPLE, "testdata/rules/BL404.jsonl"]);
    assert_eq!(code, 1);
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&doc), ["excluded", "files", "profile", "summary", "tool", "version"]);
    assert_eq!(doc["excluded"], serde_json::json!([]));
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["tool"]["name"], "batchlint");
    assert_eq!(doc["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(doc["profile"], "sync");
    assert_eq!(keys(&doc["summary"]), ["bytes", "errors", "failed", "files", "records", "warnings"]);
    assert_eq!(doc["summary"]["files"], 2);
    assert_eq!(doc["summary"]["records"], 40);
    assert_eq!((doc["summary"]["errors"].as_u64(), doc["summary"]["warnings"].as_u64()), (Some(7), Some(1)));

    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    let diagnostic_keys = [
        "code",
        "column",
        "end_offset",
        "help",
        "instance_path",
        "label",
        "line",
        "message",
        "name",
        "offset",
        "path",
        "related",
        "severity",
    ];
    for file in files {
        for key in ["path", "diagnostics", "summary"] {
            assert!(file.get(key).is_some(), "{key}");
        }
        for key in ["records", "bytes", "errors", "warnings"] {
            assert!(file["summary"][key].is_u64(), "{key}");
        }
        for d in file["diagnostics"].as_array().unwrap() {
            assert_eq!(keys(d), diagnostic_keys);
            assert_eq!(d["path"], file["path"]);
            let code: batchlint::Code = d["code"].as_str().unwrap().parse().unwrap();
            assert_eq!(d["name"], code.name());
            assert!(["error", "warning"].contains(&d["severity"].as_str().unwrap()));
            assert!(d["message"].is_string() && d["label"].is_string());
        }
    }

    // Every diagnostic of the example: its span is the offending value.
    let bytes = read(EXAMPLE);
    let found: Vec<(String, u64, u64, String, Value)> = files[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let (start, end) = offsets(d);
            assert_eq!(line_and_column(&bytes, start), (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()));
            let text = String::from_utf8_lossy(&bytes[start..end]).into_owned();
            (
                d["code"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                text,
                d["instance_path"].clone(),
            )
        })
        .collect();
    let expected: Vec<(&str, u64, u64, &str, Value)> = vec![
        ("BL204", 5, 263, "1.7", "/payload/options/temperature".into()),
        ("BL203", 6, 70, r#""lipsync2-pro""#, "/payload/model".into()),
        ("BL203", 7, 36, r#""/v2/Generate""#, "/endpoint".into()),
        ("BL206", 9, 325, r#""webhook_url""#, "/payload/webhook_url".into()),
        ("BL101", 11, 298, ",", Value::Null),
        ("BL404", 13, 15, r#""req-004""#, "/request_id".into()),
        ("BL305", 14, 179, r#""assetId""#, "/payload/input/1/assetId".into()),
    ];
    let found_ref: Vec<(&str, u64, u64, &str, Value)> =
        found.iter().map(|(c, l, col, t, p)| (c.as_str(), *l, *col, t.as_str(), p.clone())).collect();
    assert_eq!(found_ref, expected);

    let typo = &files[0]["diagnostics"][1];
    assert_eq!(typo["name"], "invalid-value");
    assert_eq!(typo["severity"], "error");
    assert_eq!(typo["help"], "did you mean `lipsync-2-pro`?");
    assert_eq!(typo["related"], Value::Null);
    assert_eq!(files[0]["diagnostics"][3]["severity"], "warning");
}

#[test]
fn json_related_locations_point_at_their_text() {
    // (line, column, message, offset) of the related location, whose offset
    // must agree with its line and column.
    let related_text = |path: &str, flags: &[&str]| {
        let (_, doc) = json(&[flags, &[path]].concat());
        let r = doc["files"][0]["diagnostics"][0]["related"].clone();
        let offset = r["offset"].as_u64().unwrap() as usize;
        let (line, column) = (r["line"].as_u64().unwrap(), r["column"].as_u64().unwrap());
        assert_eq!(line_and_column(&read(path), offset), (line, column), "{path}: related {r}");
        (line, column, r["message"].as_str().unwrap().to_owned(), offset)
    };
    // BL103: the first occurrence of the key.
    let (line, column, message, offset) = related_text("testdata/rules/BL103.jsonl", &[]);
    assert_eq!((line, column, message.as_str()), (4, 258, "first occurrence"));
    assert!(read("testdata/rules/BL103.jsonl")[offset..].starts_with(br#""temperature":0.5,"#));
    // BL404: the first use of the id.
    let (line, column, message, offset) = related_text("testdata/rules/BL404.jsonl", &[]);
    assert_eq!((line, column, message.as_str()), (3, 15, "first used here"));
    assert!(read("testdata/rules/BL404.jsonl")[offset..].starts_with(br#""req-003""#));
    // BL402 and BL403 name a line: their offset is that line's start.
    let (line, column, message, _) = related_text("testdata/rules/BL402.jsonl", &["--max-records", "20"]);
    assert_eq!((line, column, message.as_str()), (21, 1, "record 21 starts here"));
    let (line, column, message, _) = related_text("testdata/rules/BL403.jsonl", &["--max-bytes", "6000"]);
    // Line 19 ends at byte 6,095: the first line past 6,000 bytes.
    assert_eq!((line, column, message.as_str()), (19, 1, "the file passes the limit on this line"));
}

#[test]
fn json_snapshot_of_one_file() {
    let r = check(&["--format", "json", "testdata/rules/BL203.jsonl"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.ends_with("}\n") && r.stdout.lines().count() == 1, "one line of JSON");
    let stable = r.stdout.replace(env!("CARGO_PKG_VERSION"), "[VERSION]");
    snapshot!("BL203_json", "batchlint check --format json testdata/rules/BL203.jsonl", &stable);
}

#[test]
fn json_for_a_clean_file_and_for_no_readable_file() {
    let (code, doc) = json(&[VALID]);
    assert_eq!(code, 0);
    assert_eq!(doc["files"][0]["diagnostics"], serde_json::json!([]));
    assert_eq!(
        doc["summary"],
        serde_json::json!({"files": 1, "failed": 0, "records": 20, "bytes": 6391, "errors": 0, "warnings": 0})
    );

    let r = check(&["--format", "json", "testdata/check/no-such-file.jsonl"]);
    assert_eq!(r.code, 2);
    let doc: Value = serde_json::from_str(&r.stdout).expect("still one JSON document");
    assert!(doc["summary"].is_object());
    assert_eq!(doc["summary"]["failed"], 1);
    assert!(doc["files"][0]["error"].as_str().is_some_and(|e| e.contains("No such file")), "{doc}");
}

// ---------------------------------------------------------------------------
// --schema
// ---------------------------------------------------------------------------

#[test]
fn a_user_schema_checks_valid_data() {
    let r = check(&["--format", "concise", "--schema", "testdata/check/batch-line.schema.json", VALID]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "Checked 1 file (20 records, 6,391 bytes): no problems found\n"));
    // A local `$ref` to a file next to the schema resolves.
    let r = check(&["--format", "concise", "--schema", "testdata/check/unique-inputs.schema.json", VALID]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn a_user_schema_replaces_the_profile_rules_but_keeps_its_limits() {
    // The benchmark schema knows the model enum: same diagnostic as the profile.
    let r = check(&[
        "--format",
        "concise",
        "--schema",
        "testdata/check/batch-line.schema.json",
        "testdata/rules/BL203.jsonl",
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(located(&r.stdout), [(5, 70, "BL203".to_owned())]);
    // The cross-field rules are off: a react-1 option on another model passes.
    let r = check(&[
        "--format",
        "concise",
        "--schema",
        "testdata/check/batch-line.schema.json",
        "testdata/rules/BL304.jsonl",
    ]);
    assert_eq!((r.code, codes(&r.stdout)), (0, vec![]));
    // Batch limits and unique ids stay.
    let r = check(&[
        "--format",
        "concise",
        "--schema",
        "testdata/check/batch-line.schema.json",
        "testdata/rules/BL401.jsonl",
    ]);
    assert_eq!(codes(&r.stdout), ["BL401"]);
    let r = check(&[
        "--format",
        "concise",
        "--schema",
        "testdata/check/batch-line.schema.json",
        "testdata/rules/BL404.jsonl",
    ]);
    assert_eq!(codes(&r.stdout), ["BL404"]);
    // Unknown keys are errors with --schema.
    let r = check(&["--format", "concise", "--schema", "schemas/sync.schema.json", "testdata/rules/BL206.jsonl"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.starts_with("testdata/rules/BL206.jsonl:9:325: error[BL206]: unknown key `webhook_url`"),
        "{}",
        r.stdout
    );
}

// ---------------------------------------------------------------------------
// Input edge cases
// ---------------------------------------------------------------------------

fn check_in(dir: &Path, args: &[&str]) -> Run {
    run(batchlint().current_dir(dir).arg("check").args(args))
}

fn concise_in(dir: &Path, args: &[&str]) -> Run {
    check_in(dir, &[&["--format", "concise"], args].concat())
}

#[test]
fn crlf_line_endings_are_valid() {
    let crlf: String = valid_lines().iter().map(|l| format!("{l}\r\n")).collect();
    let bad = String::from_utf8(read("testdata/rules/BL203.jsonl")).unwrap().replace('\n', "\r\n");
    let dir = folder(&[("crlf.jsonl", crlf.as_bytes()), ("bad.jsonl", bad.as_bytes())]);
    let r = concise_in(dir.path(), &["crlf.jsonl"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "Checked 1 file (20 records, 6,411 bytes): no problems found\n"));
    // Columns and offsets are unaffected by the `\r`s of earlier lines.
    let r = check_in(dir.path(), &["--format", "json", "bad.jsonl"]);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    let d = &doc["files"][0]["diagnostics"][0];
    assert_eq!((d["code"].as_str(), d["line"].as_u64(), d["column"].as_u64()), (Some("BL203"), Some(5), Some(70)));
    let (start, end) = offsets(d);
    assert_eq!(&bad.as_bytes()[start..end], br#""lipsync2""#);
    assert_eq!(doc["files"][0]["diagnostics"].as_array().unwrap().len(), 1);
}

#[test]
fn a_last_line_without_newline_is_valid() {
    let mut text = jsonl(&valid_lines());
    text.pop();
    let dir = folder(&[("no-newline.jsonl", text.as_bytes())]);
    let r = concise_in(dir.path(), &["no-newline.jsonl"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "Checked 1 file (20 records, 6,390 bytes): no problems found\n"));
}

#[test]
fn blank_lines_are_reported_where_they_are() {
    let mut lines = valid_lines();
    lines.insert(0, String::new());
    lines.insert(8, " \t ".to_owned());
    lines.push(String::new());
    let dir = folder(&[("blanks.jsonl", jsonl(&lines).as_bytes())]);
    let r = concise_in(dir.path(), &["blanks.jsonl"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "blanks.jsonl:1:1: error[BL003]: blank line\n\
         blanks.jsonl:9:1: error[BL003]: line holds only whitespace\n\
         blanks.jsonl:23:1: error[BL003]: blank line\n\
         Checked 1 file (20 records, 6,397 bytes): 3 errors\n"
    );
}

#[test]
fn many_leading_blank_lines_are_reported_in_file_order() {
    let mut lines = vec![String::new(); 1100];
    lines.extend(valid_lines());
    let dir = folder(&[("leading.jsonl", jsonl(&lines).as_bytes())]);
    let r = concise_in(dir.path(), &["leading.jsonl"]);
    assert_eq!(r.code, 1);
    let found: Vec<u64> = located(&r.stdout).iter().map(|(l, _, _)| *l).collect();
    // The first 1,024 blank lines one by one, then the rest of the run as one.
    assert_eq!(found.len(), 1025);
    assert_eq!(found[1024], 1025);
    assert!(
        r.stdout.contains("leading.jsonl:1025:1: error[BL003]: lines 1,025 to 1,100 are blank too\n"),
        "{}",
        r.stdout
    );
    if let Some(i) = found.windows(2).position(|w| w[0] >= w[1]) {
        panic!("BL003 out of file order: line {} is reported after line {}", found[i + 1], found[i]);
    }
}

#[test]
fn an_empty_or_whitespace_only_file_gets_one_bl006() {
    let many_blank_lines = " \n".repeat(2000);
    let dir = folder(&[
        ("empty.jsonl", b""),
        ("spaces.jsonl", b"   \n\t\n\n  \r\n"),
        ("many.jsonl", many_blank_lines.as_bytes()),
    ]);
    let r = concise_in(dir.path(), &["empty.jsonl"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "empty.jsonl:1:1: error[BL006]: the file is empty; a batch file holds one JSON object per line\nChecked 1 \
         file (0 records, 0 bytes): 1 error\n"
    );
    let r = concise_in(dir.path(), &["spaces.jsonl"]);
    assert_eq!(
        r.stdout,
        "spaces.jsonl:1:1: error[BL006]: the file holds only whitespace; a batch file holds one JSON object per \
         line\nChecked 1 file (0 records, 11 bytes): 1 error\n"
    );
    let r = concise_in(dir.path(), &["many.jsonl"]);
    assert_eq!(
        r.stdout,
        "many.jsonl:1:1: error[BL006]: the file holds only whitespace; a batch file holds one JSON object per \
         line\nChecked 1 file (0 records, 4,000 bytes): 1 error\n",
        "one BL006, no flood of BL003"
    );
}

#[test]
fn a_json_array_file_gets_one_bl005() {
    let lines = valid_lines();
    let one_per_line = format!("[\n{}\n]\n", lines.join(",\n"));
    let glued = format!("[{}]\n", lines.join(",\n"));
    let pretty: String = lines[..3]
        .iter()
        .map(|l| serde_json::to_string_pretty(&serde_json::from_str::<Value>(l).unwrap()).unwrap() + "\n")
        .collect();
    let dir = folder(&[
        ("one-per-line.json", one_per_line.as_bytes()),
        ("glued.json", glued.as_bytes()),
        ("pretty.jsonl", pretty.as_bytes()),
    ]);
    for name in ["one-per-line.json", "glued.json"] {
        let r = concise_in(dir.path(), &[name]);
        assert_eq!(r.code, 1);
        let lines: Vec<&str> = r.stdout.lines().collect();
        assert_eq!(
            lines[0],
            format!(
                "{name}:1:1: error[BL005]: this is not JSON Lines: the file holds a JSON array spread over several lines"
            )
        );
        assert_eq!(lines.len(), 2, "nothing else: {}", r.stdout);
    }
    let r = concise_in(dir.path(), &["pretty.jsonl"]);
    assert_eq!(codes(&r.stdout), ["BL005"], "pretty-printed objects: {}", r.stdout);
    assert!(r.stdout.contains("pretty-printed JSON"), "{}", r.stdout);
    // The pretty-printed fixture: the human format gives the jq hint.
    let r = check(&["--format", "human", "--color", "never", "testdata/rules/BL005.jsonl"]);
    assert!(r.stdout.contains("jq -c '.[]'"), "{}", r.stdout);
}

#[test]
fn a_file_that_is_one_json_array_on_one_line_is_not_json_lines() {
    let lines = valid_lines();
    let array = format!("[{},{}]\n", lines[0], lines[1]);
    let dir = folder(&[("array.jsonl", array.as_bytes())]);
    let r = concise_in(dir.path(), &["array.jsonl"]);
    assert_eq!(r.code, 1);
    assert_eq!(located(&r.stdout), [(1, 1, "BL005".to_owned())], "no misleading \"1 record\"");
    assert!(r.stdout.starts_with(
        "array.jsonl:1:1: error[BL005]: this is not JSON Lines: the file holds one JSON array of 2 objects on a \
         single line\n"
    ));
    let r = check_in(dir.path(), &["--format", "human", "--color", "never", "array.jsonl"]);
    assert!(r.stdout.contains("run `batchlint fix`") && r.stdout.contains("jq -c '.[]'"), "{}", r.stdout);
    // `fix` does what the help says, and the result is the two records.
    let fixed = batchlint_in(dir.path()).args(["fix", "array.jsonl"]).output().unwrap();
    assert_eq!(fixed.status.code(), Some(1), "{}", String::from_utf8_lossy(&fixed.stderr));
    assert_eq!(std::fs::read_to_string(dir.path().join("array.jsonl")).unwrap(), jsonl(&lines[..2]));
}

#[test]
fn an_array_on_one_line_among_records_is_not_an_object() {
    let lines = valid_lines();
    let text = format!("{}\n[{},{}]\n", lines[0], lines[1], lines[2]);
    let dir = folder(&[("mixed.jsonl", text.as_bytes())]);
    let r = concise_in(dir.path(), &["--min-records", "1", "mixed.jsonl"]);
    assert_eq!(located(&r.stdout), [(2, 1, "BL102".to_owned())], "{}", r.stdout);
    let r = check_in(dir.path(), &["--format", "human", "--color", "never", "mixed.jsonl"]);
    assert!(r.stdout.contains("run `batchlint fix` to put each object on its own line"), "{}", r.stdout);
    let fixed = batchlint_in(dir.path()).args(["fix", "mixed.jsonl"]).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&fixed.stdout),
        "mixed.jsonl:2: fixed: rewrite the JSON array as one object per line (2 records)\nchanged 1 of 1 file(s)\n"
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("mixed.jsonl")).unwrap(), jsonl(&lines[..3]));
}

#[test]
fn duplicate_keys_point_at_the_second_key() {
    let mut lines = valid_lines();
    lines[1] =
        lines[1].replacen(r#"{"request_id":"req-002","#, r#"{"request_id":"req-002","request_id":"req-02b","#, 1);
    let dir = folder(&[("dup.jsonl", jsonl(&lines).as_bytes())]);
    let r = check_in(dir.path(), &["--format", "json", "dup.jsonl"]);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    let ds = doc["files"][0]["diagnostics"].as_array().unwrap();
    assert_eq!(ds.len(), 1, "{ds:#?}");
    let d = &ds[0];
    assert_eq!((d["code"].as_str(), d["line"].as_u64(), d["column"].as_u64()), (Some("BL103"), Some(2), Some(25)));
    assert_eq!(d["message"], "key `request_id` appears twice");
    assert_eq!(d["instance_path"], "/request_id");
    let text = jsonl(&lines);
    let (start, end) = offsets(d);
    assert_eq!(&text[start..end], r#""request_id""#);
    assert_eq!((d["related"]["line"].as_u64(), d["related"]["column"].as_u64()), (Some(2), Some(2)));
}

#[test]
fn numbers_too_large_for_a_float() {
    let mut lines = valid_lines();
    lines[0] = lines[0].replacen(r#""temperature":0.5"#, r#""temperature":1e400"#, 1);
    lines[1] = lines[1].replacen(r#""temperature":0.5"#, r#""temperature":-1E+999"#, 1);
    let dir = folder(&[("big.jsonl", jsonl(&lines).as_bytes())]);
    let r = check_in(dir.path(), &["--format", "json", "big.jsonl"]);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    let text = jsonl(&lines);
    let found: Vec<(u64, u64, &str)> = doc["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let (start, end) = offsets(d);
            assert_eq!(d["code"], "BL104");
            (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap(), &text[start..end])
        })
        .collect();
    let column = |line: &str, value: &str| line.find(value).unwrap() as u64 + 1;
    assert_eq!(found, [(1, column(&lines[0], "1e400"), "1e400"), (2, column(&lines[1], "-1E+999"), "-1E+999")]);
}

#[test]
fn nesting_deeper_than_127_levels() {
    let nest = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let dir = folder(&[
        ("d127.jsonl", format!("{}\n", nest(127)).as_bytes()),
        ("d200.jsonl", format!("{}\n", nest(200)).as_bytes()),
    ]);
    // 127 levels are allowed: the line is merely not an object.
    let r = concise_in(dir.path(), &["--min-records", "none", "d127.jsonl"]);
    assert_eq!(codes(&r.stdout), ["BL102"], "{}", r.stdout);
    // At 200 levels, the bracket that opens level 128 is reported, once.
    let r = concise_in(dir.path(), &["--min-records", "none", "d200.jsonl"]);
    assert_eq!(located(&r.stdout), [(1, 128, "BL105".to_owned())], "{}", r.stdout);
    assert!(r.stdout.contains("error[BL105]: arrays and objects are nested more than 127 levels deep"));
}

#[test]
fn invalid_utf8_is_reported_and_the_next_line_still_checked() {
    let lines = valid_lines();
    let mut bytes = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        match i {
            2 => bytes.extend_from_slice(line.replacen("clip-03", "clip-\u{FFFF}03", 1).as_bytes()),
            3 => bytes.extend_from_slice(line.replacen(r#""temperature":0.5"#, r#""temperature":7"#, 1).as_bytes()),
            _ => bytes.extend_from_slice(line.as_bytes()),
        }
        bytes.push(b'\n');
    }
    // Replace U+FFFF (EF BF BF) by a lone continuation byte and an 0xFF.
    let at = bytes.windows(3).position(|w| w == "\u{FFFF}".as_bytes()).unwrap();
    bytes.splice(at..at + 3, [0x80, 0xFF]);
    let dir = folder(&[("latin.jsonl", &bytes)]);
    let r = concise_in(dir.path(), &["latin.jsonl"]);
    assert_eq!(r.code, 1);
    let line3 = &bytes[bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(1).unwrap().0 + 1..];
    let column = line3.iter().position(|&b| b == 0x80).unwrap() as u64 + 1;
    let temperature = lines[3].find(r#""temperature":0.5"#).unwrap() as u64 + 15;
    assert_eq!(
        located(&r.stdout),
        [(3, column, "BL001".to_owned()), (4, temperature, "BL204".to_owned())],
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("invalid UTF-8"));
    // The human rendering stays valid UTF-8 (checked by `run`) and shows the line.
    let r = check_in(dir.path(), &["--format", "human", "--color", "never", "latin.jsonl"]);
    assert!(r.stdout.contains("clip-\u{FFFD}"), "{}", r.stdout);
}

#[test]
fn a_huge_line_is_skipped_and_the_next_line_still_checked() {
    let mut lines = valid_lines();
    let filler = "x".repeat(2 << 20);
    lines[1] = lines[1].replacen(r#""outputFileName":"clip-02""#, &format!(r#""outputFileName":"{filler}""#), 1);
    lines[2] = lines[2].replacen(r#""temperature":0.5"#, r#""temperature":1.7"#, 1);
    let text = jsonl(&lines);
    let dir = folder(&[("huge.jsonl", text.as_bytes())]);
    let r = concise_in(dir.path(), &["--max-line-bytes", "1000", "huge.jsonl"]);
    assert_eq!(r.code, 1);
    let long = lines[1].len();
    let temperature = lines[2].find("1.7").unwrap() + 1;
    assert_eq!(
        r.stdout,
        format!(
            "huge.jsonl:2:1: error[BL004]: line is {} bytes long; the limit is 1,000 bytes\n\
             huge.jsonl:3:{temperature}: error[BL204]: `payload.options.temperature` is 1.7, above the maximum of 1\n\
             Checked 1 file (20 records, {} bytes): 2 errors\n",
            thousands(long),
            thousands(text.len())
        )
    );
    // Offsets after the skipped line are still exact.
    let r = check_in(dir.path(), &["--format", "json", "--max-line-bytes", "1000", "huge.jsonl"]);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    let (start, end) = offsets(&doc["files"][0]["diagnostics"][1]);
    assert_eq!(&text[start..end], "1.7");

    // Without --max-line-bytes the line limit is --max-bytes (5,000,000): the line is checked.
    let r = concise_in(dir.path(), &["huge.jsonl"]);
    assert_eq!(codes(&r.stdout), ["BL205", "BL204"], "{}", r.stdout);
}

/// `n` with a comma between groups of three digits, as batchlint prints
/// counts (written apart from its own code: an oracle).
fn thousands(n: usize) -> String {
    let digits = n.to_string().into_bytes();
    let groups: Vec<&str> = digits.rchunks(3).rev().map(|g| std::str::from_utf8(g).unwrap()).collect();
    groups.join(",")
}

// ---------------------------------------------------------------------------
// Determinism across threads
// ---------------------------------------------------------------------------

/// A batch of `n` records (about 300 bytes each) with problems scattered
/// over it, and the number of diagnostics of each code it must give.
fn scattered(n: usize) -> (String, Vec<(&'static str, usize)>) {
    let mut text = String::new();
    let (mut typos, mut temps, mut commas, mut dups, mut unknown, mut blanks) = (0, 0, 0, 0, 0, 0);
    for i in 0..n {
        if i % 401 == 5 {
            text.push('\n');
            blanks += 1;
        }
        let mut id = format!("req-{i:05}");
        let mut model = "lipsync-2";
        let mut temperature = "0.5";
        let mut extra = "";
        let mut end = "}}";
        if i % 97 == 13 {
            model = "lipsync2";
            typos += 1;
        } else if i % 131 == 7 {
            temperature = "1.7";
            temps += 1;
        } else if i % 307 == 11 {
            end = ",}}";
            commas += 1;
        } else if i % 211 == 3 {
            id = "req-again".to_owned();
            dups += 1;
        } else if i % 503 == 17 {
            extra = r#","webhook_url":"https://hooks.example.com/x""#;
            unknown += 1;
        }
        let _ = writeln!(
            text,
            r#"{{"request_id":"{id}","endpoint":"/v2/generate","payload":{{"model":"{model}","input":[{{"type":"video","url":"https://cdn.example.com/v/clip-{i:05}.mp4"}},{{"type":"audio","url":"https://cdn.example.com/a/voice-{i:05}.wav"}}],"options":{{"sync_mode":"loop","temperature":{temperature}}}{extra},"outputFileName":"clip-{i:05}"{end}"#
        );
    }
    let expected = vec![
        ("BL003", blanks),
        ("BL101", commas),
        ("BL203", typos),
        ("BL204", temps),
        ("BL206", unknown),
        ("BL402", 1),
        ("BL404", dups - 1),
    ];
    (text, expected)
}

#[test]
fn output_is_the_same_on_one_thread_and_on_two() {
    // 15,000 records: about 4.6 MB, several 2 MiB blocks and far over the
    // 256 KiB under which a block is checked without the thread pool.
    let (text, expected) = scattered(15_000);
    assert!(text.len() > 4 << 20 && text.len() < 5_000_000, "{}", text.len());
    let dir = folder(&[("many.jsonl", text.as_bytes())]);
    let with_threads = |threads: &str, format: &str| {
        let r = run(batchlint().current_dir(dir.path()).env("RAYON_NUM_THREADS", threads).args([
            "check",
            "--format",
            format,
            "many.jsonl",
        ]));
        assert_eq!(r.code, 1, "{}", r.stderr);
        r.stdout
    };
    let one = with_threads("1", "concise");
    let two = with_threads("2", "concise");
    assert!(one == two, "RAYON_NUM_THREADS=1 and =2 differ");
    assert_eq!(with_threads("1", "json"), with_threads("2", "json"));

    // In file order, and exactly the planted problems.
    let found = located(&one);
    let lines: Vec<u64> = found.iter().filter(|(_, _, c)| c != "BL402").map(|(l, _, _)| *l).collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "diagnostics in file order");
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for (code, _) in &expected {
        counts.push((code, found.iter().filter(|(_, _, c)| c == code).count()));
    }
    assert_eq!(counts, expected);
    assert_eq!(found.len(), expected.iter().map(|(_, n)| n).sum::<usize>());
    let warnings = expected.iter().find(|(c, _)| *c == "BL206").unwrap().1;
    let errors = found.len() - warnings;
    assert_eq!(
        one.lines().last().unwrap(),
        format!(
            "Checked 1 file (15,000 records, {} bytes): {} errors, {warnings} warnings",
            thousands(text.len()),
            thousands(errors)
        )
    );
}

#[test]
fn a_lone_missing_file_exits_2() {
    batchlint()
        .args(["check", "--format", "concise", "testdata/check/no-such-file.jsonl"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("testdata/check/no-such-file.jsonl"))
        .stdout(predicate::str::contains("[BL").not());
}

// ---------------------------------------------------------------------------
// Formats for CI and tools: github, sarif, jsonl, junit (docs/formats.md)
// ---------------------------------------------------------------------------

/// `stdout` with the crate version replaced by `[VERSION]`.
fn redact_version(stdout: &str) -> String {
    stdout.replace(env!("CARGO_PKG_VERSION"), "[VERSION]")
}

#[test]
fn machine_formats_snapshots() {
    for format in ["github", "sarif", "jsonl", "junit"] {
        let r = check(&["--format", format, EXAMPLE]);
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        assert_eq!(r.stderr, "", "{format}");
        snapshot!(
            &format!("example_{format}"),
            &format!("batchlint check --format {format} {EXAMPLE}"),
            &redact_version(&r.stdout),
        );
    }
}

/// Undoes GitHub's workflow-command escaping.
fn github_unescape(s: &str) -> String {
    s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
}

/// `(command, properties, data)` of a workflow command line.
fn github_command(line: &str) -> (&str, Vec<(&str, String)>, String) {
    let rest = line.strip_prefix("::").unwrap_or_else(|| panic!("not a command: {line}"));
    let (head, data) = rest.split_once("::").unwrap();
    let (command, properties) = head.split_once(' ').unwrap();
    let properties = properties
        .split(',')
        .map(|p| {
            let (key, value) = p.split_once('=').unwrap();
            (key, github_unescape(value))
        })
        .collect();
    (command, properties, github_unescape(data))
}

#[test]
fn github_commands_escape_properties_and_data() {
    let mut lines = valid_lines();
    lines[0] = lines[0].replacen(r#""payload":{"#, r#""payload":{"a,b:c%d\n":1,"#, 1);
    let name = "odd,name:50%.jsonl";
    let dir = folder(&[(name, jsonl(&lines).as_bytes())]);
    let json_run = check_in(dir.path(), &["--format", "json", name]);
    let doc: Value = serde_json::from_str(&json_run.stdout).unwrap();
    let d = &doc["files"][0]["diagnostics"][0];
    assert_eq!(d["code"], "BL206", "{d:#?}");

    let r = check_in(dir.path(), &["--format", "github", name]);
    assert_eq!(r.code, 0, "a warning does not fail: {}", r.stderr);
    let out: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(out.len(), 2, "one command and the summary, nothing split over lines: {}", r.stdout);
    let line = out[0];
    assert!(
        line.starts_with("::warning file=odd%2Cname%3A50%25.jsonl,line=1,col="),
        "the file property escapes `,`, `:` and `%`: {line}"
    );
    assert!(line.contains(",title=BL206 unknown-key::"), "{line}");
    let (command, properties, data) = github_command(line);
    assert_eq!(command, "warning");
    let keys: Vec<&str> = properties.iter().map(|(k, _)| *k).collect();
    assert_eq!(keys, ["file", "line", "col", "endLine", "endColumn", "title"]);
    assert_eq!(properties[0].1, name);
    assert_eq!(properties[1].1, "1");
    assert_eq!(properties[2].1, d["column"].as_u64().unwrap().to_string());
    // The data keeps `:` and `,` but escapes `%` and line breaks; unescaped, it is the message and its help.
    let (_, raw_data) = line.split_once("title=BL206 unknown-key::").unwrap();
    assert!(raw_data.contains("a,b:c%25d"), "{raw_data}");
    assert!(!raw_data.contains("c%d"), "{raw_data}");
    let mut expected = d["message"].as_str().unwrap().to_owned();
    if let Some(help) = d["help"].as_str() {
        expected = format!("{expected}\nhelp: {help}");
        assert!(raw_data.contains("%0Ahelp: "), "{raw_data}");
    }
    assert_eq!(data, expected);
    assert_eq!(out[1], "batchlint: 1 warning in 1 file");
}

#[test]
fn github_summary_counts_what_github_does_not_annotate() {
    // 12 errors (BL204) and 11 warnings (BL206): GitHub shows 10 of each per step.
    let mut lines = valid_lines();
    for (i, line) in lines.iter_mut().enumerate() {
        if i < 12 {
            *line = line.replacen(r#""temperature":0.5"#, r#""temperature":1.7"#, 1);
        }
        if i >= 9 {
            *line = line.replacen(r#""payload":{"#, r#""payload":{"webhook_url":"https://hooks.example.com/x","#, 1);
        }
    }
    let dir = folder(&[("many.jsonl", jsonl(&lines).as_bytes())]);
    let r = check_in(dir.path(), &["--format", "github", "--max-diagnostics", "1", "many.jsonl"]);
    assert_eq!(r.code, 1);
    // Every diagnostic is written (--max-diagnostics is for the text formats); the log keeps them all.
    assert_eq!(r.stdout.lines().filter(|l| l.starts_with("::error ")).count(), 12, "{}", r.stdout);
    assert_eq!(r.stdout.lines().filter(|l| l.starts_with("::warning ")).count(), 11, "{}", r.stdout);
    assert_eq!(
        r.stdout.lines().last().unwrap(),
        "batchlint: 12 errors, 11 warnings in 1 file; GitHub shows at most 10 errors and 10 warnings per step: \
         2 errors and 1 warning were not annotated"
    );

    // Errors only over the limit; and within it, the plain summary.
    let r = check_in(dir.path(), &["--format", "github", "many.jsonl", "many.jsonl"]);
    assert!(
        r.stdout.ends_with(
            "batchlint: 24 errors, 22 warnings in 2 files; GitHub shows at most 10 errors and 10 warnings per step: \
             14 errors and 12 warnings were not annotated\n"
        ),
        "{}",
        r.stdout
    );
    let r = check(&["--format", "github", EXAMPLE, "testdata/check/no-such-file.jsonl"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stdout.contains("::error file=testdata/check/no-such-file.jsonl,title=batchlint%3A file not checked::"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.ends_with("batchlint: 6 errors, 1 warning in 1 file; 1 file could not be read\n"), "{}", r.stdout);
}

#[test]
fn jsonl_streams_the_json_diagnostics_then_a_summary() {
    let files = [EXAMPLE, "testdata/rules/BL404.jsonl", "testdata/check/no-such-file.jsonl"];
    let (code, doc) = json(&files);
    assert_eq!(code, 2);
    // --max-diagnostics does not apply: machine formats carry everything.
    let r = check(&[&["--format", "jsonl", "--max-diagnostics", "1"], &files[..]].concat());
    assert_eq!(r.code, 2);
    let lines: Vec<Value> =
        r.stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    let mut expected: Vec<Value> = Vec::new();
    for file in doc["files"].as_array().unwrap() {
        for d in file["diagnostics"].as_array().unwrap() {
            let mut d = d.clone();
            d.as_object_mut().unwrap().insert("type".to_owned(), "diagnostic".into());
            expected.push(d);
        }
        if let Some(error) = file.get("error") {
            expected.push(serde_json::json!({"type": "error", "path": file["path"], "message": error}));
        }
    }
    let mut summary = doc["summary"].clone();
    summary.as_object_mut().unwrap().insert("type".to_owned(), "summary".into());
    expected.push(summary);
    assert_eq!(lines, expected);
    assert_eq!(lines.len(), 7 + 1 + 1 + 1);
    // `type` comes first, so a reader can dispatch on a prefix.
    assert!(r.stdout.lines().all(|l| l.starts_with(r#"{"type":""#)), "{}", r.stdout);
}

/// An element's attributes, unescaped: `(name, value)`.
type Attributes = Vec<(String, String)>;

/// One `<testcase>` as parsed back: its attributes, and its children's names, attributes and text.
#[derive(Debug, Default)]
struct TestCase {
    attributes: Attributes,
    children: Vec<(String, Attributes, String)>,
}

/// The attributes of `<testsuites>`, of `<testsuite>`, and its test cases.
fn parse_junit(xml: &str) -> (Attributes, Attributes, Vec<TestCase>) {
    use quick_xml::events::{BytesStart, Event};
    let attributes = |e: &BytesStart<'_>| -> Attributes {
        e.attributes()
            .map(|a| {
                let a = a.unwrap();
                let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap();
                (String::from_utf8_lossy(a.key.as_ref().as_bytes()).into_owned(), value.into_owned())
            })
            .collect()
    };
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut suites, mut suite, mut cases) = (Vec::new(), Vec::new(), Vec::<TestCase>::new());
    let mut stack: Vec<String> = Vec::new();
    loop {
        let event = reader.read_event().unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{xml}"));
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = String::from_utf8_lossy(e.name().as_ref().as_bytes()).into_owned();
                match (stack.len(), name.as_str()) {
                    (0, "testsuites") => suites = attributes(e),
                    (1, "testsuite") => suite = attributes(e),
                    (2, "testcase") => cases.push(TestCase { attributes: attributes(e), ..TestCase::default() }),
                    (3, _) => cases.last_mut().unwrap().children.push((name.clone(), attributes(e), String::new())),
                    (depth, _) => panic!("unexpected <{name}> at depth {depth}"),
                }
                if matches!(event, Event::Start(_)) {
                    stack.push(name);
                }
            }
            Event::End(_) => {
                stack.pop();
            }
            Event::Text(t) if stack.len() == 4 => {
                cases.last_mut().unwrap().children.last_mut().unwrap().2.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if stack.len() == 4 => {
                let resolved = quick_xml::escape::unescape(&format!("&{};", &*r)).unwrap().into_owned();
                cases.last_mut().unwrap().children.last_mut().unwrap().2.push_str(&resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (suites, suite, cases)
}

fn attribute<'a>(attributes: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attributes.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

#[test]
fn junit_has_one_testcase_per_file_and_fails_only_files_with_errors() {
    // A file name full of XML's special characters, with errors.
    let odd = "a&b<c>\"d'.jsonl";
    let mut lines = valid_lines();
    lines[2] = lines[2].replacen(r#""temperature":0.5"#, r#""temperature":1.7"#, 1);
    let dir = folder(&[(odd, jsonl(&lines).as_bytes())]);
    for (name, source) in [(VALID, VALID), ("BL206.jsonl", "testdata/rules/BL206.jsonl"), ("requests.jsonl", EXAMPLE)] {
        std::fs::write(dir.path().join(Path::new(name).file_name().unwrap()), read(source)).unwrap();
    }
    let files = ["sync-20.jsonl", "BL206.jsonl", "requests.jsonl", odd, "missing.jsonl"];
    let r = check_in(dir.path(), &[&["--format", "junit", "--max-diagnostics", "1"], &files[..]].concat());
    assert_eq!(r.code, 2);
    assert!(r.stdout.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"), "{}", r.stdout);
    let (suites, suite, cases) = parse_junit(&r.stdout);
    for attrs in [&suites, &suite] {
        assert_eq!(attribute(attrs, "name"), Some("batchlint"));
        assert_eq!(attribute(attrs, "tests"), Some("5"));
        assert_eq!(attribute(attrs, "failures"), Some("2"));
        assert_eq!(attribute(attrs, "errors"), Some("1"));
    }
    let names: Vec<&str> = cases.iter().map(|c| attribute(&c.attributes, "name").unwrap()).collect();
    assert_eq!(names, files, "one testcase per file, in order, names unescaped exactly");
    assert!(cases.iter().all(|c| attribute(&c.attributes, "classname") == Some("batchlint.check")));
    let children = |i: usize| cases[i].children.iter().map(|(n, _, _)| n.as_str()).collect::<Vec<_>>();

    // Clean: passes, nothing inside.
    assert_eq!(children(0), Vec::<&str>::new());
    // Warnings only: passes, the warning in <system-out>.
    assert_eq!(children(1), ["system-out"]);
    assert!(cases[1].children[0].2.contains("BL206.jsonl:9:325: warning[BL206]: unknown key `webhook_url`"));
    // Errors: one <failure> listing every diagnostic (all 7, whatever --max-diagnostics says) as concise does.
    assert_eq!(children(2), ["failure"]);
    let (_, attrs, body) = &cases[2].children[0];
    assert_eq!(attribute(attrs, "message"), Some("6 errors, 1 warning"));
    let concise = check_in(dir.path(), &["--format", "concise", "requests.jsonl"]);
    let concise_lines: String =
        concise.stdout.lines().filter(|l| l.contains("]: ")).map(|l| format!("{l}\n")).collect();
    assert_eq!(body, &concise_lines, "quotes and backticks survive the escaping");
    assert_eq!(children(3), ["failure"]);
    assert_eq!(attribute(&cases[3].children[0].1, "message"), Some("1 error"));
    assert!(cases[3].children[0].2.starts_with(&format!("{odd}:3:")), "{:?}", cases[3].children[0].2);
    // Unreadable: an <error>.
    assert_eq!(children(4), ["error"]);
    assert!(cases[4].children[0].2.contains("missing.jsonl"), "{:?}", cases[4].children[0]);
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_slice(&read("testdata/sarif/sarif-schema-2.1.0.json")).unwrap();
    jsonschema::options().build(&schema).expect("the SARIF schema compiles")
}

fn assert_valid_sarif(validator: &jsonschema::Validator, log: &Value) {
    let errors: Vec<String> = validator.iter_errors(log).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "not valid SARIF 2.1.0:\n{}\n{log:#}", errors.join("\n"));
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let validator = sarif_validator();
    // The schema really is checked: a log without `version` is refused.
    assert!(!validator.is_valid(&serde_json::json!({"runs": []})));

    let sarif = |args: &[&str]| -> (i32, Value) {
        let r = check(&[&["--format", "sarif"], args].concat());
        (r.code, serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout)))
    };
    let (code, log) = sarif(&[EXAMPLE]);
    assert_eq!(code, 1);
    assert_valid_sarif(&validator, &log);
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["tool"]["driver"]["name"], "batchlint");
    assert_eq!(run["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), batchlint::Code::ALL.len(), "every rule, once");
    for (rule, code) in rules.iter().zip(batchlint::Code::ALL) {
        assert_eq!(rule["id"], code.as_str());
        assert_eq!(rule["name"], code.name());
        assert_eq!(rule["shortDescription"]["text"], code.summary());
        assert_eq!(rule["defaultConfiguration"]["level"], code.default_severity().to_string());
    }
    // Results: the same places as the JSON format's diagnostics.
    let (_, doc) = json(&[EXAMPLE]);
    let diagnostics = doc["files"][0]["diagnostics"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), diagnostics.len());
    for (result, d) in results.iter().zip(diagnostics) {
        assert_eq!(result["ruleId"], d["code"]);
        assert_eq!(rules[result["ruleIndex"].as_u64().unwrap() as usize]["id"], d["code"]);
        assert_eq!(result["level"], d["severity"]);
        assert_eq!(result["message"]["text"], d["message"]);
        assert_eq!(result["properties"]["help"], d["help"]);
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], EXAMPLE);
        let region = &location["region"];
        assert_eq!(region["startLine"], d["line"]);
        assert_eq!(region["startColumn"], d["column"]);
        assert_eq!(region["byteOffset"], d["offset"]);
        let (start, end) = offsets(d);
        assert_eq!(region["byteLength"].as_u64().unwrap() as usize, end - start);
        // The example's spans are ASCII: one column per byte.
        assert_eq!(region["endColumn"].as_u64().unwrap(), d["column"].as_u64().unwrap() + (end - start) as u64);
    }
    let duplicate = results.iter().find(|r| r["ruleId"] == "BL404").unwrap();
    assert_eq!(duplicate["relatedLocations"][0]["physicalLocation"]["region"]["startLine"], 4);
    // The whole log is checked, down to the regions.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0.into();
    assert!(!validator.is_valid(&broken));

    // A clean file: no results, still a valid log.
    let (code, log) = sarif(&[VALID]);
    assert_eq!(code, 0);
    assert_valid_sarif(&validator, &log);
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(log["runs"][0]["invocations"][0]["executionSuccessful"], true);

    // A missing file: a notification; every column counts characters, not bytes.
    let (code, log) = sarif(&["testdata/rules/BL204.jsonl", "testdata/check/no-such-file.jsonl"]);
    assert_eq!(code, 2);
    assert_valid_sarif(&validator, &log);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert_eq!(
        notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "testdata/check/no-such-file.jsonl"
    );
    let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(6), Some(314)));
    assert_eq!(region["endColumn"], 317, "`1.7`");
}

#[test]
fn sarif_uris_are_encoded_and_stay_valid() {
    let validator = sarif_validator();
    let name = "my batch #1: 50%.jsonl";
    let dir = folder(&[(name, &read("testdata/rules/BL203.jsonl"))]);
    let r = check_in(dir.path(), &["--format", "sarif", name]);
    let log: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_valid_sarif(&validator, &log);
    let uri = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "my%20batch%20%231%3A%2050%25.jsonl");
}

// ---------------------------------------------------------------------------
// Pointing at the fix: the wrong profile, commas, files that are not text
// ---------------------------------------------------------------------------

/// `n` OpenAI Batch API records.
fn openai_records(n: usize) -> String {
    (1..=n)
        .map(|i| {
            format!(
                "{{\"custom_id\":\"r{i}\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{{\"model\":\
                 \"gpt-4o-mini\",\"messages\":[{{\"role\":\"user\",\"content\":\"Hi\"}}]}}}}\n"
            )
        })
        .collect()
}

#[test]
fn records_for_another_api_get_one_hint_naming_the_profile() {
    let dir = folder(&[("openai.jsonl", openai_records(25).as_bytes())]);
    let r = concise_in(dir.path(), &["openai.jsonl"]);
    assert_eq!(r.code, 1, "the records are still errors for sync");
    assert_eq!(located(&r.stdout), [(1, 2, "BL208".to_owned())], "one hint, not 7 diagnostics a line\n{}", r.stdout);
    assert!(r.stdout.contains("use `--profile openai`"), "{}", r.stdout);
    // The profile it names finds the file clean.
    let r = concise_in(dir.path(), &["--profile", "openai", "openai.jsonl"]);
    assert_eq!((r.code, codes(&r.stdout)), (0, Vec::<String>::new()), "{}", r.stdout);
    // Turned off, the records' own diagnostics stand.
    std::fs::write(dir.path().join("batchlint.toml"), "[severity]\nother-profile = \"off\"\n").unwrap();
    let r = concise_in(dir.path(), &["openai.jsonl"]);
    assert_eq!(r.code, 1);
    assert_eq!(codes(&r.stdout).iter().filter(|c| *c == "BL201").count(), 25 * 3, "{}", r.stdout);
    // `split` rejects every such record, not only the reported one.
    std::fs::remove_file(dir.path().join("batchlint.toml")).unwrap();
    let mixed = jsonl(&valid_lines()) + &openai_records(5);
    std::fs::write(dir.path().join("mixed.jsonl"), mixed).unwrap();
    let split = run(batchlint().current_dir(dir.path()).args([
        "split",
        "-o",
        "out",
        "--rejects",
        "rejects.jsonl",
        "mixed.jsonl",
    ]));
    assert_eq!(split.code, 0, "rejects set aside as asked\n{}{}", split.stdout, split.stderr);
    assert_eq!(std::fs::read_to_string(dir.path().join("rejects.jsonl")).unwrap(), openai_records(5));
}

#[test]
fn a_sync_record_with_mistakes_is_not_taken_for_another_api() {
    // Unknown keys beside the sync ones, or missing keys only: the usual diagnostics.
    let mut lines = valid_lines();
    lines[0] = lines[0].replacen("{\"request_id\"", "{\"custom_id\":\"x\",\"request_id\"", 1);
    lines[1] = r#"{"request_id":"r2"}"#.to_owned();
    let dir = folder(&[("mixed.jsonl", jsonl(&lines).as_bytes())]);
    let r = concise_in(dir.path(), &["mixed.jsonl"]);
    assert_eq!(codes(&r.stdout), ["BL206", "BL201", "BL201"], "{}", r.stdout);
}

#[test]
fn lines_that_end_with_a_comma_say_so_and_are_still_checked() {
    let mut lines = valid_lines();
    lines[4] = lines[4].replace("\"lipsync-2\"", "\"lipsync2\"");
    let commas: String = lines.iter().map(|l| format!("{l},\n")).collect();
    let dir = folder(&[("commas.jsonl", commas.as_bytes())]);
    let r = concise_in(dir.path(), &["commas.jsonl"]);
    assert_eq!(r.code, 1);
    let found = located(&r.stdout);
    assert_eq!(found.len(), 21, "a comma per line and the typo on line 5\n{}", r.stdout);
    assert!(found.iter().any(|(line, _, code)| (*line, code.as_str()) == (5, "BL203")), "{}", r.stdout);
    let first =
        format!("commas.jsonl:1:{}: error[BL101]: the line ends with a comma after its value", lines[0].len() + 1);
    assert!(r.stdout.starts_with(&first), "{}", r.stdout);
    let r = check_in(dir.path(), &["--format", "human", "--color", "never", "commas.jsonl"]);
    assert!(r.stdout.contains("run `batchlint fix` to remove it"), "{}", r.stdout);
    // `fix` removes the commas; then only the typo is left.
    let fixed = run(batchlint().current_dir(dir.path()).args(["fix", "commas.jsonl"]));
    assert_eq!(fixed.code, 1, "{}", fixed.stderr);
    assert_eq!(
        fixed.stdout,
        "commas.jsonl:1-20: fixed: remove the comma after each line's object\nchanged 1 of 1 file(s)\n"
    );
    assert_eq!(codes(&concise_in(dir.path(), &["commas.jsonl"]).stdout), ["BL203"]);
}

#[test]
fn binary_and_compressed_files_get_one_diagnostic() {
    let mut elf = b"\x7fELF\x02\x01\x01\0".to_vec();
    elf.extend((0..100_000u32).map(|i| (i % 7) as u8 * 3 + u8::from(i % 13 == 0) * 10));
    let dir = folder(&[("binary.jsonl", &elf)]);
    let r = concise_in(dir.path(), &["binary.jsonl"]);
    assert_eq!(r.code, 1);
    assert_eq!(located(&r.stdout), [(1, 1, "BL007".to_owned())], "{}", r.stdout);
    assert!(r.stdout.contains("this is binary data, not a text file (a NUL byte at offset 7)"), "{}", r.stdout);
    // Standard input too.
    let r =
        run(batchlint().args(["check", "--format", "concise", "-"]).write_stdin(read("testdata/rules/BL007.jsonl")));
    assert_eq!(codes(&r.stdout), ["BL007"], "{}", r.stdout);
    // A UTF-16 file without a byte order mark is named for what it is.
    let utf16: Vec<u8> = jsonl(&valid_lines()).encode_utf16().flat_map(u16::to_be_bytes).collect();
    let dir = folder(&[("utf16.jsonl", &utf16)]);
    let r = concise_in(dir.path(), &["utf16.jsonl"]);
    assert!(
        r.stdout.starts_with("utf16.jsonl:1:1: error[BL008]: the file is UTF-16 BE text, not UTF-8"),
        "{}",
        r.stdout
    );
}

#[test]
fn lines_that_only_start_like_a_document_are_each_reported() {
    // Starts like pretty-printed JSON, but the following lines break each in their own way.
    let text = "{\n  \"request_id\": \"a\",,\n  'endpoint': 1\n  \"payload\" {}\n}\n";
    let dir = folder(&[("broken.jsonl", text.as_bytes())]);
    let r = concise_in(dir.path(), &["--min-records", "none", "broken.jsonl"]);
    assert_eq!(r.code, 1);
    let lines: Vec<u64> =
        located(&r.stdout).iter().map(|(line, _, code)| if code == "BL005" { 0 } else { *line }).collect();
    assert_eq!(lines, [1, 2, 3, 4, 5], "every line, no BL005\n{}", r.stdout);
}

#[test]
fn a_large_json_array_is_one_bl005_even_past_the_first_block() {
    // About 3 MB: more than the reader's first block, which cuts the array.
    let record = valid_lines()[0].clone();
    let items: Vec<String> = (0..10_000).map(|_| format!("  {record}")).collect();
    let text = format!("[\n{}\n]\n", items.join(",\n"));
    assert!(text.len() > 3_000_000);
    let dir = folder(&[("big.json.jsonl", text.as_bytes())]);
    let r = concise_in(dir.path(), &["--max-bytes", "none", "big.json.jsonl"]);
    assert_eq!(located(&r.stdout), [(1, 1, "BL005".to_owned())], "{}", r.stdout);
    assert!(
        r.stdout.contains(&format!("(0 records, {} bytes)", thousands(text.len()))),
        "the whole size\n{}",
        r.stdout
    );
}

#[test]
fn the_file_name_rule_skips_standard_input_and_a_gzip_suffix() {
    let text = read("testdata/rules/BL407.ndjson");
    let r =
        run(batchlint().args(["check", "--format", "concise", "--profile", "openai", "-"]).write_stdin(text.clone()));
    assert_eq!((r.code, codes(&r.stdout)), (0, Vec::<String>::new()), "{}", r.stdout);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &text).unwrap();
    let dir = folder(&[("batch.jsonl.gz", &gz.finish().unwrap()), ("batch.json", &text)]);
    let r = concise_in(dir.path(), &["--profile", "openai", "batch.jsonl.gz", "batch.json"]);
    assert_eq!(located(&r.stdout), [(1, 1, "BL407".to_owned())], "only batch.json\n{}", r.stdout);
    assert!(r.stdout.starts_with("batch.json:1:1: warning[BL407]"), "{}", r.stdout);
    // Profiles whose API documents no such rule say nothing.
    let r = concise_in(dir.path(), &["--profile", "mistral", "batch.json"]);
    assert!(!r.stdout.contains("BL407"), "{}", r.stdout);
}

#[test]
fn an_id_over_a_documented_limit_is_that_error_only() {
    // Together documents 64 characters: the schema's error, no BL406 besides.
    let long = "x".repeat(300);
    let line = format!(
        "{{\"custom_id\":\"{long}\",\"body\":{{\"model\":\"m\",\"messages\":[{{\"role\":\"user\",\"content\":\"Hi\"}}]}}}}\n"
    );
    let dir = folder(&[("together.jsonl", line.as_bytes())]);
    let r = concise_in(dir.path(), &["--profile", "together", "together.jsonl"]);
    assert!(!codes(&r.stdout).contains(&"BL406".to_owned()), "{}", r.stdout);
    assert_eq!(r.code, 1, "{}", r.stdout);
}

#[test]
fn a_line_lists_at_most_max_per_line_diagnostics_and_counts_the_rest() {
    let mut lines = valid_lines();
    let extra: String = (0..150).map(|i| format!(",\"ключ{i:03}\":{i}")).collect();
    lines[0] = format!("{}{extra}}}}}", lines[0].strip_suffix("}}").unwrap());
    let dir = folder(&[("many.jsonl", jsonl(&lines).as_bytes())]);
    let count = |stdout: &str, code: &str| located(stdout).iter().filter(|(_, _, c)| c == code).count();
    // The default: 100 listed, then one BL009, a warning since all 150 are.
    let r = concise_in(dir.path(), &["many.jsonl"]);
    assert_eq!((r.code, count(&r.stdout, "BL206"), count(&r.stdout, "BL009")), (0, 100, 1), "{}", r.stdout);
    assert!(
        r.stdout.contains("warning[BL009]: 50 more problems on this line (the first 100 are listed)"),
        "{}",
        r.stdout
    );
    // The flag and the config key.
    let r = concise_in(dir.path(), &["--max-per-line", "10", "many.jsonl"]);
    assert_eq!((count(&r.stdout, "BL206"), count(&r.stdout, "BL009")), (10, 1), "{}", r.stdout);
    std::fs::write(dir.path().join("batchlint.toml"), "max-per-line = 3\n").unwrap();
    let r = concise_in(dir.path(), &["many.jsonl"]);
    assert_eq!((count(&r.stdout, "BL206"), count(&r.stdout, "BL009")), (3, 1), "{}", r.stdout);
    assert!(r.stdout.contains("147 more problems"), "{}", r.stdout);
    // Zero lists nothing: refused, from the flag or the file.
    assert_eq!(concise_in(dir.path(), &["--max-per-line", "0", "many.jsonl"]).code, 2);
    std::fs::write(dir.path().join("batchlint.toml"), "max-per-line = 0\n").unwrap();
    let r = concise_in(dir.path(), &["many.jsonl"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("max-per-line must be at least 1"), "{}", r.stderr);
}

#[test]
fn hidden_errors_make_the_count_an_error() {
    let mut lines = valid_lines();
    let inputs: String = (0..120).map(|_| "1").collect::<Vec<_>>().join(",");
    lines[0] = format!(
        "{{\"request_id\":\"req-001\",\"endpoint\":\"/v2/generate\",\"payload\":{{\"model\":\"lipsync-2\",\"input\":[{inputs}]}}}}"
    );
    let dir = folder(&[("bad.jsonl", jsonl(&lines).as_bytes())]);
    let r = concise_in(dir.path(), &["--max-per-line", "5", "bad.jsonl"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("error[BL009]"), "{}", r.stdout);
}

/// Small files are checked several at a time, yet reported in the order
/// named, each whole; one with more diagnostics than are held for a file
/// checked ahead of its turn is checked again at its turn, and loses none.
#[test]
fn many_files_are_reported_in_order_whole_whatever_they_hold() {
    let dir = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for i in 1..=40 {
        let name = format!("f{i:02}.jsonl");
        let lines = if i == 7 { 10_050 } else { i };
        let mut text = "[1]\n".repeat(lines);
        // Each file larger than a block examined on the calling thread:
        // examined on the thread pool, from a task of that pool.
        text.push_str(&format!("{{\"a\":\"{}\"}}\n", "x".repeat(550)).repeat(500));
        std::fs::write(dir.path().join(&name), text).unwrap();
        names.push(name);
    }
    // A file that cannot be read, between them: its error at its place.
    names.insert(20, "missing.jsonl".to_owned());
    // A deadlock of the thread pool (files checked side by side, each
    // examined on the pool) fails the test instead of hanging it.
    let out = batchlint_in(dir.path())
        .args(["check", "--no-config", "--profile", "generic", "--format", "concise"])
        .args(&names)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a file could not be read, and no timeout: {out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let mut files: Vec<(String, usize)> = Vec::new();
    for line in stdout.lines().filter(|l| l.contains("error[BL102]")) {
        let (file, rest) = line.split_once(':').unwrap();
        let number: usize = rest.split(':').next().unwrap().parse().unwrap();
        match files.last_mut() {
            Some((last, count)) if last == file => {
                *count += 1;
                assert_eq!(number, *count, "{file}: lines in order");
            }
            _ => files.push((file.to_owned(), 1)),
        }
    }
    let expected: Vec<(String, usize)> =
        (1..=40).map(|i| (format!("f{i:02}.jsonl"), if i == 7 { 10_050 } else { i })).collect();
    assert_eq!(files, expected);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("missing.jsonl"), "{stderr}");
}
