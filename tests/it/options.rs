//! The command-line flags of `check` and `split`, each shown to change what
//! the real binary reports or writes (not only to be accepted): `--color`,
//! `--max-bytes none`, `--max-line-bytes none`, `--profile generic`, and
//! `split`'s `-o`/`--out-dir`, `--prefix`, `--schema`, `--id-pointer` and
//! `--config`.

use std::fs;
use std::path::Path;

use crate::common::{Run, batchlint_in, codes, run};
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const VALID: &str = "testdata/valid/sync-20.jsonl";
const EXAMPLE: &str = "testdata/examples/requests.jsonl";
/// The sync profile's byte limit.
const SYNC_MAX_BYTES: usize = 5_000_000;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// A temporary folder with an empty `.git`, so that no `batchlint.toml` above
/// it is ever found.
fn workdir() -> tempfile::TempDir {
    let dir = tempfile::Builder::new().prefix("batchlint-options-").tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

/// `batchlint check ARGS` in `cwd`.
fn check_in(cwd: &Path, args: &[&str]) -> Run {
    run(batchlint_in(cwd).arg("check").args(args))
}

/// `batchlint check --format concise ARGS` in the crate root.
fn check(args: &[&str]) -> Run {
    check_in(Path::new(ROOT), &[&["--format", "concise"], args].concat())
}

/// Whether `text` holds an ANSI escape sequence (CSI).
fn has_ansi(text: &str) -> bool {
    text.contains("\x1b[")
}

/// A valid sync.so record with id `req-{i:06}`, the given model and output
/// file name, and a text input whose script is `script_len` bytes long (the
/// padding that makes records large).
fn sync_record(i: usize, model: &str, output: &str, script_len: usize) -> String {
    format!(
        r#"{{"request_id":"req-{i:06}","endpoint":"/v2/generate","payload":{{"model":"{model}","input":[{{"type":"video","url":"https://cdn.example.com/v/clip-{i:06}.mp4"}},{{"type":"text","provider":{{"name":"elevenlabs","voiceId":"21m00Tcm4TlvDq8ikWAM","script":"{}"}}}}],"outputFileName":"{output}"}}}}"#,
        "s".repeat(script_len.max(1))
    )
}

/// `n` small valid sync.so records, one per line.
fn sync_file(n: usize) -> String {
    (1..=n).map(|i| sync_record(i, "lipsync-2", &format!("clip-{i:06}"), 1) + "\n").collect()
}

/// 20 valid sync.so records that together are just over the sync profile's
/// 5,000,000-byte limit (each line well under it).
fn over_sync_byte_limit() -> String {
    let base = sync_record(1, "lipsync-2", "clip-000001", 1).len() + 1;
    let per_record = SYNC_MAX_BYTES / 20 + 1 - base;
    let text: String =
        (1..=20).map(|i| sync_record(i, "lipsync-2", &format!("clip-{i:06}"), per_record + 1) + "\n").collect();
    assert!(text.len() > SYNC_MAX_BYTES && text.len() < SYNC_MAX_BYTES + 100, "{}", text.len());
    text
}

/// `batchlint split ARGS` in `cwd`.
fn split(cwd: &Path, args: &[&str]) -> Run {
    run(batchlint_in(cwd).arg("split").args(args))
}

/// `batchlint split ARGS`, which must succeed.
fn split_ok(cwd: &Path, args: &[&str]) -> Run {
    let r = split(cwd, args);
    assert_eq!(r.code, 0, "split {args:?} failed: {r:?}");
    r
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

fn manifest(out_dir: &Path) -> Value {
    serde_json::from_slice(&fs::read(out_dir.join("manifest.json")).expect("manifest.json exists")).unwrap()
}

/// `chunks[].file` of a manifest.
fn chunk_files(m: &Value) -> Vec<String> {
    m["chunks"].as_array().unwrap().iter().map(|c| c["file"].as_str().unwrap().to_owned()).collect()
}

/// `(line, codes)` of each line of a manifest's rejects.
fn rejected(m: &Value) -> Vec<(u64, Vec<String>)> {
    m["rejects"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let codes = l["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
            (l["line"].as_u64().unwrap(), codes)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// --color
// ---------------------------------------------------------------------------

/// `batchlint check --format human ARGS EXAMPLE` run with its standard output
/// on a pseudo-terminal (util-linux `script`), with `NO_COLOR` set or not;
/// returns what it printed.
#[cfg(target_os = "linux")]
fn on_a_terminal(args: &[&str], no_color: bool) -> String {
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let mut command = vec![quote(env!("CARGO_BIN_EXE_batchlint")), "check".into(), "--format".into(), "human".into()];
    command.extend(args.iter().map(|a| quote(a)));
    command.push(quote(EXAMPLE));
    let mut cmd = std::process::Command::new("script");
    cmd.current_dir(ROOT).args(["--quiet", "--return", "--command"]).arg(command.join(" ")).arg("/dev/null");
    cmd.stdin(std::process::Stdio::null()).env_remove("NO_COLOR");
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    let out = cmd.output().expect("`script` (util-linux) runs: it gives batchlint a terminal");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("BL203"), "the report is missing: {text}");
    text
}

/// `--color always` colours the human format even when it goes to a pipe.
#[test]
fn color_always_colours_the_human_format_on_a_pipe() {
    let r = check_in(Path::new(ROOT), &["--format", "human", "--color", "always", EXAMPLE]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(has_ansi(&r.stdout), "no ANSI escape with --color always:\n{}", r.stdout);
    // The same with NO_COLOR: `always` means always.
    let r =
        run(batchlint_in(ROOT).env("NO_COLOR", "1").args(["check", "--format", "human", "--color", "always", EXAMPLE]));
    assert!(has_ansi(&r.stdout), "NO_COLOR turned off --color always:\n{}", r.stdout);
}

/// `--color auto` (the default) writes no ANSI escape to a pipe, with or without `NO_COLOR`.
#[test]
fn color_auto_is_plain_on_a_pipe() {
    for args in [&["--color", "auto"][..], &[]] {
        let r = check_in(Path::new(ROOT), &[&["--format", "human"], args, &[EXAMPLE]].concat());
        assert_eq!(r.code, 1, "{r:?}");
        assert!(r.stdout.contains("BL203") && !has_ansi(&r.stdout), "{args:?}:\n{}", r.stdout);
        let r = run(batchlint_in(ROOT)
            .env("NO_COLOR", "1")
            .arg("check")
            .args(["--format", "human"])
            .args(args)
            .arg(EXAMPLE));
        assert!(r.stdout.contains("BL203") && !has_ansi(&r.stdout), "{args:?} with NO_COLOR:\n{}", r.stdout);
    }
}

/// On a terminal, `--color auto` colours the human format unless `NO_COLOR` is set.
#[cfg(target_os = "linux")]
#[test]
fn color_auto_on_a_terminal_honours_no_color() {
    let coloured = on_a_terminal(&["--color", "auto"], false);
    assert!(has_ansi(&coloured), "no colour on a terminal with --color auto:\n{coloured}");
    let plain = on_a_terminal(&["--color", "auto"], true);
    assert!(!has_ansi(&plain), "NO_COLOR=1 ignored by --color auto:\n{plain}");
}

/// `--color never` keeps the human format plain even on a terminal.
#[cfg(target_os = "linux")]
#[test]
fn color_never_is_plain_even_on_a_terminal() {
    let plain = on_a_terminal(&["--color", "never"], false);
    assert!(!has_ansi(&plain), "ANSI escapes with --color never:\n{plain}");
    let r = check_in(Path::new(ROOT), &["--format", "human", "--color", "never", EXAMPLE]);
    assert!(r.stdout.contains("BL203") && !has_ansi(&r.stdout), "{}", r.stdout);
}

// ---------------------------------------------------------------------------
// --max-bytes, --max-line-bytes
// ---------------------------------------------------------------------------

/// `--max-bytes N` replaces the profile's byte limit (BL403 past it).
#[test]
fn max_bytes_sets_the_file_byte_limit() {
    let r = check(&[VALID]);
    assert_eq!(r.code, 0, "{r:?}");
    let r = check(&["--max-bytes", "1000", VALID]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(codes(&r.stdout), ["BL403"], "{}", r.stdout);
}

/// `--max-bytes none` lifts the sync profile's 5,000,000-byte limit.
#[test]
fn max_bytes_none_lifts_the_profile_s_byte_limit() {
    let dir = workdir();
    fs::write(dir.path().join("big.jsonl"), over_sync_byte_limit()).unwrap();
    let r = check_in(dir.path(), &["--format", "concise", "big.jsonl"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(codes(&r.stdout), ["BL403"], "{}", r.stdout);
    let r = check_in(dir.path(), &["--format", "concise", "--max-bytes", "none", "big.jsonl"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(codes(&r.stdout).is_empty(), "{}", r.stdout);
}

/// `--max-line-bytes N` sets the line limit (BL004 on every longer line).
#[test]
fn max_line_bytes_sets_the_line_limit() {
    let r = check(&["--max-line-bytes", "200", VALID]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(codes(&r.stdout), vec!["BL004"; 20], "{}", r.stdout);
}

/// `--max-line-bytes none` lifts the line limit that `--max-bytes` implies
/// (one byte less): a long line is read and checked instead of BL004.
#[test]
fn max_line_bytes_none_lifts_the_line_limit() {
    let dir = workdir();
    fs::write(dir.path().join("long.jsonl"), sync_record(1, "lipsync-2", "clip", 1_500) + "\n").unwrap();
    let limits = ["--format", "concise", "--min-records", "none", "--max-bytes", "1000"];
    let r = check_in(dir.path(), &[&limits[..], &["long.jsonl"]].concat());
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(codes(&r.stdout), ["BL004", "BL403"], "{}", r.stdout);
    let r = check_in(dir.path(), &[&limits[..], &["--max-line-bytes", "none", "long.jsonl"]].concat());
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(codes(&r.stdout), ["BL403"], "the line is still too long: {}", r.stdout);
}

// ---------------------------------------------------------------------------
// --profile
// ---------------------------------------------------------------------------

/// `--profile generic` accepts any JSON objects, which the default sync profile rejects.
#[test]
fn profile_generic_accepts_arbitrary_json_objects() {
    let dir = workdir();
    fs::write(dir.path().join("objects.jsonl"), "{\"a\":1}\n{\"b\":[2,3]}\n{\"c\":{\"d\":null},\"e\":\"x\"}\n")
        .unwrap();
    let r = check_in(dir.path(), &["--format", "concise", "objects.jsonl"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(codes(&r.stdout).contains(&"BL201".to_owned()), "{}", r.stdout);
    let r = check_in(dir.path(), &["--format", "concise", "--profile", "generic", "objects.jsonl"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(codes(&r.stdout).is_empty(), "{}", r.stdout);
    assert!(r.stdout.contains("3 records"), "{}", r.stdout);
}

// ---------------------------------------------------------------------------
// split
// ---------------------------------------------------------------------------

/// `-o DIR` and `--out-dir DIR` put the chunks and the manifest in DIR (created if missing).
#[test]
fn split_out_dir_short_and_long_write_there() {
    let dir = workdir();
    let input = sync_file(30);
    fs::write(dir.path().join("in.jsonl"), &input).unwrap();
    for (flag, out) in [("-o", "short/nested"), ("--out-dir", "long")] {
        split_ok(dir.path(), &["in.jsonl", flag, out, "--no-sync"]);
        let out = dir.path().join(out);
        assert_eq!(names(&out), ["in-0001.jsonl", "manifest.json"], "{flag}");
        assert_eq!(fs::read_to_string(out.join("in-0001.jsonl")).unwrap(), input, "{flag}");
        assert_eq!(chunk_files(&manifest(&out)), ["in-0001.jsonl"], "{flag}");
    }
    assert_eq!(names(dir.path()), [".git", "in.jsonl", "long", "short"]);
}

/// `--prefix P` names the chunks `P-0001.jsonl`, … on disk and in the manifest.
#[test]
fn split_prefix_names_the_chunks() {
    let dir = workdir();
    fs::write(dir.path().join("in.jsonl"), sync_file(600)).unwrap();
    split_ok(dir.path(), &["in.jsonl", "-o", "out", "--prefix", "upload", "--no-sync"]);
    let out = dir.path().join("out");
    assert_eq!(names(&out), ["manifest.json", "upload-0001.jsonl", "upload-0002.jsonl"]);
    assert_eq!(chunk_files(&manifest(&out)), ["upload-0001.jsonl", "upload-0002.jsonl"]);
}

/// `split --schema FILE` checks records against FILE: what it forbids is rejected.
#[test]
fn split_schema_decides_which_records_are_rejected() {
    let dir = workdir();
    // Every third record uses sync-3, which the sync profile accepts and this schema does not.
    let input: String = (1..=30)
        .map(|i| sync_record(i, if i % 3 == 0 { "sync-3" } else { "lipsync-2" }, &format!("clip-{i}"), 1) + "\n")
        .collect();
    fs::write(dir.path().join("in.jsonl"), input).unwrap();
    fs::write(
        dir.path().join("line.schema.json"),
        r#"{"type": "object", "properties": {"payload": {"properties": {"model": {"const": "lipsync-2"}}}}}"#,
    )
    .unwrap();
    let common = ["in.jsonl", "--min-records", "1", "--no-sync"];
    split_ok(dir.path(), &[&common[..], &["-o", "sync", "--rejects", "sync-rejects.jsonl"]].concat());
    assert!(rejected(&manifest(&dir.path().join("sync"))).is_empty());

    let schema = ["-o", "schema", "--rejects", "rejected.jsonl", "--schema", "line.schema.json"];
    let r = split_ok(dir.path(), &[&common[..], &schema[..]].concat());
    assert!(r.stderr.contains("in.jsonl:3:73: error[BL203]: `payload.model` must be \"lipsync-2\""), "{}", r.stderr);
    let m = manifest(&dir.path().join("schema"));
    let lines: Vec<u64> = rejected(&m).iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, (1..=10).map(|i| i * 3).collect::<Vec<u64>>(), "{m:#}");
    assert!(rejected(&m).iter().all(|(_, codes)| codes == &["BL203"]), "{m:#}");
    assert_eq!(m["chunks"][0]["records"], 20, "{m:#}");
    let rejects = fs::read_to_string(dir.path().join("rejected.jsonl")).unwrap();
    assert_eq!(rejects.lines().count(), 10);
    assert!(rejects.lines().all(|l| l.contains(r#""model":"sync-3""#)), "{rejects}");
}

/// `split --id-pointer P` makes the value at P the unique id: duplicates are
/// rejected, and the manifest names chunks by it.
#[test]
fn split_id_pointer_decides_the_unique_id() {
    let dir = workdir();
    // Unique request ids; output file names repeat on every other record.
    let input: String =
        (1..=30).map(|i| sync_record(i, "lipsync-2", &format!("out-{}", i.div_ceil(2)), 1) + "\n").collect();
    fs::write(dir.path().join("in.jsonl"), input).unwrap();
    let common = ["in.jsonl", "--min-records", "1", "--no-sync"];
    split_ok(dir.path(), &[&common[..], &["-o", "default", "--rejects", "default-rejects.jsonl"]].concat());
    let m = manifest(&dir.path().join("default"));
    assert!(rejected(&m).is_empty(), "{m:#}");
    assert_eq!((&m["chunks"][0]["first_id"], &m["chunks"][0]["last_id"]), (&"req-000001".into(), &"req-000030".into()));

    split_ok(
        dir.path(),
        &[
            &common[..],
            &["-o", "custom", "--rejects", "custom-rejects.jsonl", "--id-pointer", "/payload/outputFileName"],
        ]
        .concat(),
    );
    let m = manifest(&dir.path().join("custom"));
    let expected: Vec<(u64, Vec<String>)> = (1..=15).map(|i| (i * 2, vec!["BL404".to_owned()])).collect();
    assert_eq!(rejected(&m), expected, "{m:#}");
    assert_eq!((&m["chunks"][0]["first_id"], &m["chunks"][0]["last_id"]), (&"out-1".into(), &"out-15".into()));
}

/// `split --config FILE` takes its limits and severities from FILE.
#[test]
fn split_config_sets_the_chunk_limits_and_severities() {
    let dir = workdir();
    let mut lines: Vec<String> = sync_file(30).lines().map(str::to_owned).collect();
    // Record 30 repeats record 1's id: BL404, an error unless the config says otherwise.
    lines[29] = lines[29].replace("req-000030", "req-000001");
    fs::write(dir.path().join("in.jsonl"), lines.join("\n") + "\n").unwrap();
    fs::write(
        dir.path().join("small.toml"),
        "[limits]\nmin-records = 1\nmax-records = 10\n[severity]\nBL404 = \"warning\"\n",
    )
    .unwrap();

    let r = split(dir.path(), &["in.jsonl", "-o", "plain", "--no-sync"]);
    assert_eq!(r.code, 1, "the duplicate id stops a split without the config: {r:?}");
    assert!(!dir.path().join("plain").exists());

    split_ok(dir.path(), &["in.jsonl", "-o", "out", "--config", "small.toml", "--no-sync"]);
    let m = manifest(&dir.path().join("out"));
    assert_eq!(m["limits"]["max_records"], 10, "{m:#}");
    assert_eq!(m["limits"]["min_records"], 1, "{m:#}");
    let records: Vec<u64> = m["chunks"].as_array().unwrap().iter().map(|c| c["records"].as_u64().unwrap()).collect();
    assert_eq!(records, [10, 10, 10], "{m:#}");
}
