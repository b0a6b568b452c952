//! Integration tests of `batchlint split`, run against the real binary.
//!
//! Every input is generated in a temporary folder by [`record`] (unique ids,
//! optional padding inside a text input's `provider.script` to make records
//! large). Each successful split is verified end to end by [`verify`]: the
//! folder holds exactly the chunks and `manifest.json`, the chunks hold the
//! input's records byte for byte and in order, the manifest describes both
//! (hashes recomputed here), and every chunk passes `batchlint check`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime};

use crate::common::{Run, batchlint_in, run};
use assert_cmd::Command;
use serde_json::Value;
use sha2::{Digest, Sha256};
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_batchlint");
const MAX_BYTES: u64 = 5_000_000;

// ---------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------

/// A valid sync.so record with id `req-{i:06}`. With `script_len == 0` its
/// second input is an audio file; otherwise a text input whose script is
/// `script_len` bytes long (the padding that makes records large).
fn record(i: usize, script_len: usize) -> String {
    let second = if script_len == 0 {
        format!(r#"{{"type":"audio","url":"https://cdn.example.com/a/voice-{i:06}.wav"}}"#)
    } else {
        format!(
            r#"{{"type":"text","provider":{{"name":"elevenlabs","voiceId":"21m00Tcm4TlvDq8ikWAM","script":"{}"}}}}"#,
            "s".repeat(script_len)
        )
    };
    format!(
        r#"{{"request_id":"req-{i:06}","endpoint":"/v2/generate","payload":{{"model":"lipsync-2","input":[{{"type":"video","url":"https://cdn.example.com/v/clip-{i:06}.mp4"}},{second}],"outputFileName":"clip-{i:06}"}}}}"#
    )
}

/// A valid record of exactly `len` bytes (without its newline).
fn record_of_len(i: usize, len: usize) -> String {
    let base = record(i, 1).len();
    assert!(len >= base, "a record takes at least {base} bytes");
    let r = record(i, len - base + 1);
    assert_eq!(r.len(), len);
    r
}

/// `n` small valid records.
fn records(n: usize) -> Vec<String> {
    (1..=n).map(|i| record(i, 0)).collect()
}

/// The lines joined, each followed by `eol`.
fn join<S: AsRef<[u8]>>(lines: &[S], eol: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for l in lines {
        out.extend_from_slice(l.as_ref());
        out.extend_from_slice(eol.as_bytes());
    }
    out
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

// ---------------------------------------------------------------------------
// Running the binary
// ---------------------------------------------------------------------------

/// `batchlint` run in `cwd`, so that paths in its output are the relative paths given.
fn batchlint(cwd: &Path) -> Command {
    batchlint_in(cwd)
}

/// `batchlint split ARGS` in `cwd`.
fn split(cwd: &Path, args: &[&str]) -> Run {
    run(batchlint(cwd).arg("split").args(args))
}

/// `batchlint split ARGS`, which must succeed.
fn split_ok(cwd: &Path, args: &[&str]) -> Run {
    let r = split(cwd, args);
    assert_eq!(r.code, 0, "split {args:?} failed: {r:?}");
    r
}

/// A temporary working folder.
fn workdir() -> TempDir {
    tempfile::Builder::new().prefix("batchlint-split-").tempdir().unwrap()
}

/// The names of the entries of `dir` (empty when it does not exist).
fn entries(dir: &Path) -> BTreeSet<String> {
    match fs::read_dir(dir) {
        Ok(rd) => rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeSet::new(),
        Err(e) => panic!("{}: {e}", dir.display()),
    }
}

/// Asserts that nothing was written to `dir`: it is absent or empty.
fn assert_nothing_written(dir: &Path) {
    let found = entries(dir);
    assert!(found.is_empty(), "{} should be absent or empty, has {found:?}", dir.display());
}

/// Every file of `dir` with its bytes and modification time.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>, SystemTime)> {
    entries(dir)
        .into_iter()
        .map(|name| {
            let path = dir.join(&name);
            let meta = fs::symlink_metadata(&path).unwrap();
            (name, fs::read(&path).unwrap_or_default(), meta.modified().unwrap())
        })
        .collect()
}

/// The file names of a split into `count` chunks.
fn chunk_names(prefix: &str, count: usize) -> Vec<String> {
    (1..=count).map(|i| format!("{prefix}-{i:04}.jsonl")).collect()
}

fn read_manifest(out_dir: &Path) -> Value {
    let text = fs::read(out_dir.join("manifest.json")).expect("manifest.json exists");
    serde_json::from_slice(&text).expect("manifest.json is JSON")
}

/// `batchlint check` on every given file, which must all pass.
fn assert_check_passes(files: &[PathBuf]) {
    let r = run(Command::new(BIN).arg("check").args(files));
    assert_eq!(r.code, 0, "batchlint check rejects a chunk: {r:?}");
}

/// What a split must have produced.
struct Expected<'a> {
    /// The input's bytes.
    input: &'a [u8],
    /// The input path as given on the command line.
    input_label: &'a str,
    prefix: &'a str,
    /// The records each chunk must hold (without line terminators), in order.
    records: &'a [&'a [u8]],
    /// Input line number of each record.
    record_lines: &'a [u64],
    /// Records per chunk.
    counts: &'a [usize],
    /// Blank line numbers.
    blank_lines: &'a [u64],
    /// `(line, codes)` of the rejected lines, if `--rejects` was given.
    rejected: Option<&'a [(u64, Vec<&'a str>)]>,
    /// Extra files the folder may hold (e.g. a rejects file inside it).
    other_files: &'a [&'a str],
    limits: (u64, u64, u64),
}

impl<'a> Expected<'a> {
    /// A clean input whose every line is a record.
    fn clean(input: &'a [u8], records: &'a [&'a [u8]], record_lines: &'a [u64], counts: &'a [usize]) -> Self {
        Expected {
            input,
            input_label: "in.jsonl",
            prefix: "in",
            records,
            record_lines,
            counts,
            blank_lines: &[],
            rejected: None,
            other_files: &[],
            limits: (20, 500, MAX_BYTES),
        }
    }
}

/// The lines of `input` (split on `\n`, a trailing `\r` removed, no empty last line).
fn lines_of(input: &[u8]) -> Vec<&[u8]> {
    let mut lines: Vec<&[u8]> = input.split(|&b| b == b'\n').map(|l| l.strip_suffix(b"\r").unwrap_or(l)).collect();
    if input.ends_with(b"\n") {
        lines.pop();
    }
    lines
}

/// Verifies a finished split in `out_dir` against `e`; returns the manifest.
fn verify(out_dir: &Path, e: &Expected<'_>) -> Value {
    let names = chunk_names(e.prefix, e.counts.len());
    let mut want: BTreeSet<String> = names.iter().cloned().collect();
    want.insert("manifest.json".to_owned());
    want.extend(e.other_files.iter().map(|s| (*s).to_owned()));
    assert_eq!(entries(out_dir), want, "the files in {}", out_dir.display());
    assert_eq!(e.counts.iter().sum::<usize>(), e.records.len());

    let m = read_manifest(out_dir);
    assert_eq!(m["version"], 1);
    assert_eq!(m["tool"]["name"], "batchlint");
    assert_eq!(m["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(m["input"]["path"], e.input_label);
    assert_eq!(m["input"]["sha256"], sha256(e.input));
    assert_eq!(m["input"]["bytes"], e.input.len() as u64);
    let input_lines = lines_of(e.input).len() as u64;
    assert_eq!(m["input"]["lines"], input_lines);
    let rejected = e.rejected.unwrap_or(&[]);
    assert_eq!(m["input"]["records"], (e.records.len() + rejected.len()) as u64);
    assert_eq!(m["profile"], "sync");
    assert_eq!(m["limits"]["min_records"], e.limits.0);
    assert_eq!(m["limits"]["max_records"], e.limits.1);
    assert_eq!(m["limits"]["max_bytes"], e.limits.2);
    assert_eq!(m["skipped"]["blank_lines"], e.blank_lines.len() as u64);
    assert_eq!(m["skipped"]["blank_line_numbers"], serde_json::json!(e.blank_lines));
    match e.rejected {
        None => assert!(m["rejects"].is_null(), "no rejects expected: {}", m["rejects"]),
        Some(rejected) => {
            let listed: Vec<(u64, Vec<String>)> = m["rejects"]["lines"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| {
                    let codes = l["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned());
                    (l["line"].as_u64().unwrap(), codes.collect())
                })
                .collect();
            let want: Vec<(u64, Vec<String>)> =
                rejected.iter().map(|(l, c)| (*l, c.iter().map(|s| (*s).to_owned()).collect())).collect();
            assert_eq!(listed, want, "the rejected lines in the manifest");
        }
    }

    let chunks = m["chunks"].as_array().unwrap();
    assert_eq!(chunks.len(), e.counts.len(), "chunks in the manifest");
    let mut next = 0;
    let mut paths = Vec::new();
    for ((entry, name), &count) in chunks.iter().zip(&names).zip(e.counts) {
        let path = out_dir.join(name);
        let bytes = fs::read(&path).unwrap();
        assert!(bytes.ends_with(b"\n"), "{name} ends with a newline");
        let got: Vec<&[u8]> = bytes[..bytes.len() - 1].split(|&b| b == b'\n').collect();
        let want = &e.records[next..next + count];
        assert_eq!(got.len(), count, "records in {name}");
        assert!(got == want, "{name} holds records {}..{} of the input, byte for byte", next + 1, next + count);
        assert!(bytes.len() as u64 <= e.limits.2, "{name} takes {} bytes", bytes.len());
        assert_eq!(entry["file"], name.as_str());
        assert_eq!(entry["records"], count as u64);
        assert_eq!(entry["bytes"], bytes.len() as u64);
        assert_eq!(entry["sha256"], sha256(&bytes), "sha256 of {name}");
        assert_eq!(entry["first_line"], e.record_lines[next]);
        assert_eq!(entry["last_line"], e.record_lines[next + count - 1]);
        let id = |r: &[u8]| serde_json::from_slice::<Value>(r).unwrap()["request_id"].clone();
        assert_eq!(entry["first_id"], id(want[0]));
        assert_eq!(entry["last_id"], id(want[count - 1]));
        next += count;
        paths.push(path);
    }
    // Every input line is accounted for exactly once.
    assert_eq!((e.records.len() + rejected.len() + e.blank_lines.len()) as u64, input_lines);
    assert_check_passes(&paths);
    m
}

fn counts(m: &Value) -> Vec<usize> {
    m["chunks"].as_array().unwrap().iter().map(|c| c["records"].as_u64().unwrap() as usize).collect()
}

// ---------------------------------------------------------------------------
// Record counts
// ---------------------------------------------------------------------------

#[test]
fn fewer_records_than_the_minimum_is_an_error_and_writes_nothing() {
    let dir = workdir();
    fs::write(dir.path().join("in.jsonl"), join(&records(19), "\n")).unwrap();
    let r = split(dir.path(), &["in.jsonl", "--out-dir", "out"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("only 19 records, fewer than the minimum of 20"), "the message explains: {}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert_nothing_written(&dir.path().join("out"));
}

#[test]
fn records_are_split_into_the_fewest_balanced_chunks() {
    let cases: &[(usize, &[usize])] = &[
        (20, &[20]),
        (500, &[500]),
        (501, &[251, 250]),
        (510, &[255, 255]),
        (1_001, &[334, 334, 333]),
        (2_000, &[500, 500, 500, 500]),
    ];
    let dir = workdir();
    let lines = records(2_000);
    for &(n, want) in cases {
        let input = join(&lines[..n], "\n");
        let path = dir.path().join("in.jsonl");
        fs::write(&path, &input).unwrap();
        let out = format!("out-{n}");
        let r = split_ok(dir.path(), &["in.jsonl", "--out-dir", &out]);
        let recs: Vec<&[u8]> = lines[..n].iter().map(|l| l.as_bytes()).collect();
        let numbers: Vec<u64> = (1..=n as u64).collect();
        let m = verify(&dir.path().join(&out), &Expected::clean(&input, &recs, &numbers, want));
        assert_eq!(counts(&m), want, "{n} records");
        // The table names every chunk.
        for name in chunk_names("in", want.len()) {
            assert!(r.stdout.contains(&name), "{name} in the table: {}", r.stdout);
        }
        assert!(r.stdout.contains(&format!("Wrote {} file(s)", want.len())), "{}", r.stdout);
    }
}

#[test]
fn crlf_input_gives_lf_chunks() {
    let dir = workdir();
    let lines = records(1_001);
    // CRLF throughout, and the last line without a line terminator.
    let mut input = join(&lines, "\r\n");
    input.truncate(input.len() - 2);
    fs::write(dir.path().join("in.jsonl"), &input).unwrap();
    split_ok(dir.path(), &["in.jsonl", "--out-dir", "out"]);
    let recs: Vec<&[u8]> = lines.iter().map(|l| l.as_bytes()).collect();
    let numbers: Vec<u64> = (1..=1_001).collect();
    verify(&dir.path().join("out"), &Expected::clean(&input, &recs, &numbers, &[334, 334, 333]));
    for name in chunk_names("in", 3) {
        let bytes = fs::read(dir.path().join("out").join(name)).unwrap();
        assert!(!bytes.contains(&b'\r'), "chunks end their lines with LF only");
    }
}

#[test]
fn without_sync_the_same_chunks_are_written() {
    let dir = workdir();
    let lines = records(1_001);
    // LF, the last line without a line terminator: chunks are copied as
    // whole ranges of the input, and the last one gets its newline.
    let mut input = join(&lines, "\n");
    input.pop();
    fs::write(dir.path().join("in.jsonl"), &input).unwrap();
    split_ok(dir.path(), &["in.jsonl", "--out-dir", "out", "--no-sync"]);
    let recs: Vec<&[u8]> = lines.iter().map(|l| l.as_bytes()).collect();
    let numbers: Vec<u64> = (1..=1_001).collect();
    verify(&dir.path().join("out"), &Expected::clean(&input, &recs, &numbers, &[334, 334, 333]));
}

#[test]
fn a_byte_order_mark_does_not_reach_the_chunks() {
    let dir = workdir();
    let lines = records(20);
    let mut input = b"\xEF\xBB\xBF".to_vec();
    input.extend(join(&lines, "\n"));
    fs::write(dir.path().join("in.jsonl"), &input).unwrap();
    split_ok(dir.path(), &["in.jsonl", "--out-dir", "out"]);
    let chunk = fs::read(dir.path().join("out/in-0001.jsonl")).unwrap();
    assert_eq!(chunk, join(&lines, "\n"), "the chunk is the records without the BOM");
    assert_check_passes(&[dir.path().join("out/in-0001.jsonl")]);
}

// ---------------------------------------------------------------------------
// Byte limit
// ---------------------------------------------------------------------------

/// The optimum a compliant plan must reach: the fewest chunks and, among
/// those, the smallest largest chunk in records (a dynamic program over
/// `(chunks, largest)`, lexicographically).
fn optimum(sizes: &[u64], min: usize, max: usize, max_bytes: u64) -> Option<(usize, usize)> {
    let n = sizes.len();
    let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1];
    best[0] = Some((0, 0));
    for end in 1..=n {
        let mut bytes = 0;
        for len in 1..=max.min(end) {
            bytes += sizes[end - len];
            if bytes > max_bytes {
                break;
            }
            if len < min {
                continue;
            }
            if let Some((k, largest)) = best[end - len] {
                let candidate = (k + 1, largest.max(len));
                if best[end].is_none_or(|b| candidate < b) {
                    best[end] = Some(candidate);
                }
            }
        }
    }
    best[n]
}

#[test]
fn the_byte_limit_binds_before_500_records() {
    let dir = workdir();

    // 490 records of exactly 20,400 bytes with their newline: 9,996,000 bytes,
    // two chunks of 245 records and 4,998,000 bytes each.
    let uniform: Vec<String> = (1..=490).map(|i| record_of_len(i, 20_399)).collect();
    // 600 records of 18,000 to 22,999 bytes, in a scrambled order.
    let varied: Vec<String> = (1..=600).map(|i| record_of_len(i, 18_000 + (i * 7_919) % 5_000)).collect();

    for (name, lines) in [("uniform", &uniform), ("varied", &varied)] {
        let input = join(lines, "\n");
        fs::write(dir.path().join("in.jsonl"), &input).unwrap();
        let out = format!("out-{name}");
        split_ok(dir.path(), &["in.jsonl", "--out-dir", &out]);
        let m = read_manifest(&dir.path().join(&out));
        let got = counts(&m);

        let sizes: Vec<u64> = lines.iter().map(|l| l.len() as u64 + 1).collect();
        let total: u64 = sizes.iter().sum();
        let lower_bound = total.div_ceil(MAX_BYTES).max(lines.len().div_ceil(500) as u64) as usize;
        let (fewest, largest) = optimum(&sizes, 20, 500, MAX_BYTES).unwrap();
        assert_eq!(fewest, lower_bound, "{name}: the lower bound is reachable with these sizes");
        assert_eq!(got.len(), fewest, "{name}: fewest chunks, got {got:?}");
        assert_eq!(*got.iter().max().unwrap(), largest, "{name}: balanced, got {got:?}");
        assert!(got.iter().all(|&c| c < 500), "{name}: the byte limit binds first: {got:?}");
        if name == "uniform" {
            assert_eq!(got, [245, 245]);
        }

        let recs: Vec<&[u8]> = lines.iter().map(|l| l.as_bytes()).collect();
        let numbers: Vec<u64> = (1..=lines.len() as u64).collect();
        verify(&dir.path().join(&out), &Expected::clean(&input, &recs, &numbers, &got));
        for c in m["chunks"].as_array().unwrap() {
            assert!(c["bytes"].as_u64().unwrap() <= MAX_BYTES, "{c}");
        }
    }
}

#[test]
fn a_chunk_may_take_exactly_the_byte_limit() {
    let dir = workdir();
    // 40 records of 301 bytes with their newline: 12,040 bytes.
    let lines: Vec<String> = (1..=40).map(|i| record_of_len(i, 300)).collect();
    let input = join(&lines, "\n");
    fs::write(dir.path().join("in.jsonl"), &input).unwrap();
    let recs: Vec<&[u8]> = lines.iter().map(|l| l.as_bytes()).collect();
    let numbers: Vec<u64> = (1..=40).collect();
    for (max_bytes, want) in [("12040", &[40][..]), ("12039", &[20, 20][..])] {
        let out = format!("out-{max_bytes}");
        split_ok(dir.path(), &["in.jsonl", "--out-dir", &out, "--max-bytes", max_bytes]);
        let mut e = Expected::clean(&input, &recs, &numbers, want);
        e.limits.2 = max_bytes.parse().unwrap();
        verify(&dir.path().join(&out), &e);
    }
}

// ---------------------------------------------------------------------------
// Infeasible splits
// ---------------------------------------------------------------------------

#[test]
fn infeasible_splits_say_why_and_write_nothing() {
    let dir = workdir();
    let mut lines = records(30);
    lines[6] = record_of_len(7, 3_000);
    fs::write(dir.path().join("big.jsonl"), join(&lines, "\n")).unwrap();

    // A record over --max-bytes (the line limit raised so that the planner sees it).
    let r = split(
        dir.path(),
        &["big.jsonl", "--out-dir", "out", "--max-bytes", "2000", "--max-line-bytes", "10000", "--min-records", "1"],
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stderr.contains("record 7 takes 3,001 bytes, more than the limit of 2,000 bytes per chunk"),
        "names the record: {}",
        r.stderr
    );
    assert_nothing_written(&dir.path().join("out"));

    // The same with the default line limit (--max-bytes): the line itself is an error (BL004), named by its line.
    let r = split(dir.path(), &["big.jsonl", "--out-dir", "out", "--max-bytes", "2000", "--min-records", "1"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("big.jsonl:7:1: error[BL004]"), "names the line: {}", r.stderr);
    assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
    assert_nothing_written(&dir.path().join("out"));

    // Records so large that 20 of them never fit.
    let lines: Vec<String> = (1..=25).map(|i| record_of_len(i, 299)).collect();
    fs::write(dir.path().join("heavy.jsonl"), join(&lines, "\n")).unwrap();
    let r = split(dir.path(), &["heavy.jsonl", "--out-dir", "out", "--max-bytes", "5000"]);
    assert_eq!(r.code, 1, "{r:?}");
    for number in ["record 1 fits in no chunk", "every run of 20 consecutive records", "takes 6,000 bytes", "5,000"] {
        assert!(r.stderr.contains(number), "`{number}` in: {}", r.stderr);
    }
    assert_nothing_written(&dir.path().join("out"));

    // The same at the real limits: 25 records of 300,000 bytes (20 take 6,000,000 bytes).
    let lines: Vec<String> = (1..=25).map(|i| record_of_len(i, 299_999)).collect();
    fs::write(dir.path().join("huge.jsonl"), join(&lines, "\n")).unwrap();
    let r = split(dir.path(), &["huge.jsonl", "--out-dir", "out"]);
    assert_eq!(r.code, 1, "{r:?}");
    for number in ["every run of 20 consecutive records", "6,000,000 bytes", "5,000,000"] {
        assert!(r.stderr.contains(number), "`{number}` in: {}", r.stderr);
    }
    assert_nothing_written(&dir.path().join("out"));

    // Counts that cannot work out: 30 records in chunks of 20 to 25.
    fs::write(dir.path().join("thirty.jsonl"), join(&records(30), "\n")).unwrap();
    let r = split(dir.path(), &["thirty.jsonl", "--out-dir", "out", "--max-records", "25"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stderr.contains("30 records cannot be split into chunks of 20 to 25 records: 1 chunk holds at most 25"),
        "{}",
        r.stderr
    );
    assert_nothing_written(&dir.path().join("out"));
}

// ---------------------------------------------------------------------------
// Invalid input, rejects, blank lines
// ---------------------------------------------------------------------------

/// `(line, column, code)` of each concise diagnostic on stderr.
fn diagnostics(stderr: &str, path: &str) -> Vec<(u64, u64, String)> {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix(&format!("{path}:")))
        .map(|l| {
            let mut parts = l.splitn(3, ':');
            let line = parts.next().unwrap().parse().unwrap();
            let column = parts.next().unwrap().parse().unwrap();
            let rest = parts.next().unwrap();
            assert!(rest.starts_with(" error[") || rest.starts_with(" warning["), "concise format: {l}");
            let code = rest[rest.find('[').unwrap() + 1..rest.find(']').unwrap()].to_owned();
            (line, column, code)
        })
        .collect()
}

#[test]
fn invalid_input_without_rejects_is_reported_and_nothing_is_written() {
    let dir = workdir();
    let mut lines = records(30);
    lines[4] = lines[4].replace("lipsync-2", "lipsync2");
    lines[8] = lines[8][..40].to_owned();
    fs::write(dir.path().join("in.jsonl"), join(&lines, "\n")).unwrap();
    let r = split(dir.path(), &["in.jsonl", "--out-dir", "out"]);
    assert_eq!(r.code, 1, "{r:?}");
    let found: Vec<(u64, String)> = diagnostics(&r.stderr, "in.jsonl").into_iter().map(|(l, _, c)| (l, c)).collect();
    assert_eq!(found, [(5, "BL203".to_owned()), (9, "BL101".to_owned())], "{}", r.stderr);
    assert!(r.stderr.contains("2 of 30 records have errors; nothing was written"), "{}", r.stderr);
    assert!(r.stderr.contains("--rejects"), "says how to go on: {}", r.stderr);
    assert!(!r.stderr.contains('\x1b'), "no colours when stderr is not a terminal");
    assert_nothing_written(&dir.path().join("out"));
}

#[test]
fn rejects_are_set_aside_and_every_line_is_accounted_for() {
    let dir = workdir();
    // 1,000 records and 3 blank lines; each bad line is kept with its expected codes.
    let mut lines: Vec<Vec<u8>> = records(1_000).into_iter().map(String::into_bytes).collect();
    let mut bad: Vec<(usize, &str)> = Vec::new();
    lines[49] = String::from_utf8(lines[49].clone()).unwrap().replace("lipsync-2", "lipsync2").into_bytes();
    bad.push((49, "BL203"));
    lines[122] = b"{\"request_id\":\"req-\xff\"}".to_vec();
    bad.push((122, "BL001"));
    lines[299] = b"{\"request_id\": \"req-000300\",".to_vec();
    bad.push((299, "BL101"));
    // Record 600 repeats the id of record 10, which lands in another chunk.
    lines[599] = record(10, 0).into_bytes();
    bad.push((599, "BL404"));
    lines[799] = b"[1, 2, 3]  ".to_vec();
    bad.push((799, "BL102"));
    // Blank lines: empty and whitespace-only, one of them with CRLF.
    lines.insert(200, b"".to_vec());
    lines.insert(400, b"  \t".to_vec());
    lines.insert(700, b" \r".to_vec());
    let mut input = join(&lines, "\n");
    input.extend_from_slice(b"\n");
    let blank_lines = [201, 401, 701, lines.len() as u64 + 1];
    fs::write(dir.path().join("in.jsonl"), &input).unwrap();

    // Map the bad records to their line numbers after the insertions.
    let line_of = |record_index: usize| -> u64 {
        let mut line = record_index as u64 + 1;
        for b in [201, 401, 701] {
            if line >= b {
                line += 1;
            }
        }
        line
    };
    let rejected: Vec<(u64, Vec<&str>)> = bad.iter().map(|&(i, code)| (line_of(i), vec![code])).collect();
    let rejected_lines: BTreeSet<u64> = rejected.iter().map(|(l, _)| *l).collect();

    let all = lines_of(&input);
    let mut recs = Vec::new();
    let mut numbers = Vec::new();
    let mut want_rejects = Vec::new();
    for (i, l) in all.iter().enumerate() {
        let number = i as u64 + 1;
        if blank_lines.contains(&number) {
            continue;
        }
        if rejected_lines.contains(&number) {
            want_rejects.push(*l);
        } else {
            recs.push(*l);
            numbers.push(number);
        }
    }
    assert_eq!(recs.len(), 995);

    // The rejects file cannot be the input.
    let r = split(dir.path(), &["in.jsonl", "--out-dir", "out", "--rejects", "in.jsonl"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("it is the input"), "{}", r.stderr);
    assert_eq!(fs::read(dir.path().join("in.jsonl")).unwrap(), input);
    assert_nothing_written(&dir.path().join("out"));

    // Without --rejects: every error reported, nothing written.
    let r = split(dir.path(), &["in.jsonl", "--out-dir", "out"]);
    assert_eq!(r.code, 1, "{r:?}");
    let codes: Vec<(u64, String)> = diagnostics(&r.stderr, "in.jsonl")
        .into_iter()
        .filter(|(_, _, c)| c != "BL003")
        .map(|(l, _, c)| (l, c))
        .collect();
    let want: Vec<(u64, String)> = rejected.iter().map(|(l, c)| (*l, c[0].to_owned())).collect();
    assert_eq!(codes, want, "{}", r.stderr);
    assert_nothing_written(&dir.path().join("out"));

    // With --rejects.
    let r = split_ok(dir.path(), &["in.jsonl", "--out-dir", "out", "--rejects", "rejected.jsonl"]);
    assert!(r.stdout.contains("5 rejected (to rejected.jsonl)"), "{}", r.stdout);
    assert!(r.stdout.contains("4 blank line(s) skipped"), "{}", r.stdout);
    let m = verify(
        &dir.path().join("out"),
        &Expected {
            input: &input,
            input_label: "in.jsonl",
            prefix: "in",
            records: &recs,
            record_lines: &numbers,
            counts: &[498, 497],
            blank_lines: &blank_lines,
            rejected: Some(&rejected),
            other_files: &[],
            limits: (20, 500, MAX_BYTES),
        },
    );
    let rejects = fs::read(dir.path().join("rejected.jsonl")).unwrap();
    assert_eq!(rejects, join(&want_rejects, "\n"), "the rejected lines, exact bytes");
    assert_eq!(m["rejects"]["file"], "rejected.jsonl");
    assert_eq!(m["rejects"]["sha256"], sha256(&rejects));
    // The first occurrence of the duplicated id stays in the first chunk.
    let first = fs::read(dir.path().join("out/in-0001.jsonl")).unwrap();
    assert!(lines_of(&first).contains(&record(10, 0).as_bytes()));
}

#[test]
fn blank_lines_are_skipped_and_counted() {
    let dir = workdir();
    let recs = records(25);
    let mut lines: Vec<&str> = recs.iter().map(String::as_str).collect();
    lines.insert(0, "");
    lines.insert(10, "   ");
    lines.insert(11, "\t");
    lines.push("");
    let input = join(&lines, "\n");
    fs::write(dir.path().join("in.jsonl"), &input).unwrap();
    let r = split_ok(dir.path(), &["in.jsonl", "--out-dir", "out"]);
    assert!(r.stdout.contains("0 rejected, 4 blank line(s) skipped"), "{}", r.stdout);
    let record_bytes: Vec<&[u8]> = recs.iter().map(|l| l.as_bytes()).collect();
    let numbers: Vec<u64> = (1..=lines.len() as u64).filter(|n| ![1, 11, 12, 29].contains(n)).collect();
    let mut e = Expected::clean(&input, &record_bytes, &numbers, &[25]);
    e.blank_lines = &[1, 11, 12, 29];
    verify(&dir.path().join("out"), &e);
}

// ---------------------------------------------------------------------------
// Output formats
// ---------------------------------------------------------------------------

#[test]
fn plan_prints_the_partition_and_writes_nothing() {
    let dir = workdir();
    fs::write(dir.path().join("in.jsonl"), join(&records(1_001), "\n")).unwrap();

    let r = split_ok(dir.path(), &["in.jsonl", "--out-dir", "out", "--plan"]);
    let rows: Vec<&str> = r.stdout.lines().collect();
    assert!(rows[0].starts_with("file"), "a header: {}", r.stdout);
    for (row, (name, (records, lines))) in rows[1..4].iter().zip(chunk_names("in", 3).iter().zip([
        ("334", "1–334"),
        ("334", "335–668"),
        ("333", "669–1001"),
    ])) {
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cells[0], name, "{row}");
        assert_eq!(cells[1], records, "{row}");
        assert_eq!(cells[3], lines, "{row}");
    }
    assert!(r.stdout.contains("Would write 3 file(s)") && r.stdout.contains("Nothing was written"), "{}", r.stdout);
    assert_nothing_written(&dir.path().join("out"));

    let r = split_ok(dir.path(), &["in.jsonl", "--out-dir", "out", "--plan", "--format", "json"]);
    let plan: Value = serde_json::from_str(&r.stdout).expect("JSON on stdout");
    let planned: Vec<(String, u64)> = plan["plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["file"].as_str().unwrap().to_owned(), c["records"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        planned,
        [("in-0001.jsonl".to_owned(), 334), ("in-0002.jsonl".to_owned(), 334), ("in-0003.jsonl".to_owned(), 333)]
    );
    assert_nothing_written(&dir.path().join("out"));
}

#[test]
fn json_format_prints_the_manifest() {
    let dir = workdir();
    fs::write(dir.path().join("in.jsonl"), join(&records(600), "\n")).unwrap();
    let r = split_ok(dir.path(), &["in.jsonl", "--out-dir", "out", "--format", "json"]);
    let printed: Value = serde_json::from_str(&r.stdout).expect("stdout is JSON");
    assert_eq!(printed, read_manifest(&dir.path().join("out")));
    assert_eq!(counts(&printed), [300, 300]);
}

// ---------------------------------------------------------------------------
// Standard input
// ---------------------------------------------------------------------------

#[test]
fn standard_input_is_split_and_its_spool_removed() {
    let dir = workdir();
    let lines = records(501);
    let input = join(&lines, "\n");
    let r = run(batchlint(dir.path()).args(["split", "-", "--out-dir", "out"]).write_stdin(input.clone()));
    assert_eq!(r.code, 0, "{r:?}");
    let recs: Vec<&[u8]> = lines.iter().map(|l| l.as_bytes()).collect();
    let numbers: Vec<u64> = (1..=501).collect();
    let mut e = Expected::clean(&input, &recs, &numbers, &[251, 250]);
    e.input_label = "-";
    e.prefix = "stdin";
    // `verify` also checks that the folder holds nothing else (no spool).
    verify(&dir.path().join("out"), &e);

    // A failing split from standard input leaves no spool either.
    let r = run(batchlint(dir.path()).args(["split", "-", "--out-dir", "out19"]).write_stdin(join(&records(19), "\n")));
    assert_eq!(r.code, 1, "{r:?}");
    assert_nothing_written(&dir.path().join("out19"));
    let r = run(batchlint(dir.path()).args(["split", "-", "--out-dir", "plan", "--plan"]).write_stdin(input));
    assert_eq!(r.code, 0, "{r:?}");
    // A plan writes nothing, not even the folder (its spool goes to the system's temporary folder).
    assert!(!dir.path().join("plan").exists(), "--plan created the output folder");
}

// ---------------------------------------------------------------------------
// Existing output
// ---------------------------------------------------------------------------

#[test]
fn a_second_split_refuses_to_overwrite_the_first() {
    let dir = workdir();
    fs::write(dir.path().join("in.jsonl"), join(&records(600), "\n")).unwrap();
    split_ok(dir.path(), &["in.jsonl", "--out-dir", "out"]);
    let before = snapshot(&dir.path().join("out"));
    assert_eq!(before.len(), 3);
    std::thread::sleep(Duration::from_millis(20));

    let r = split(dir.path(), &["in.jsonl", "--out-dir", "out"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("refusing to overwrite"), "{}", r.stderr);
    assert!(r.stderr.contains("--force"), "says how: {}", r.stderr);
    assert_eq!(snapshot(&dir.path().join("out")), before, "the first split's files are unchanged");
}

#[test]
fn force_replaces_exactly_the_files_of_the_previous_split() {
    let dir = workdir();
    let out = dir.path().join("out");
    let lines = records(2_000);

    // A user's own file under a chunk name, without a manifest: never replaced.
    fs::create_dir(&out).unwrap();
    fs::write(out.join("in-0001.jsonl"), "mine\n").unwrap();
    fs::write(dir.path().join("in.jsonl"), join(&lines[..600], "\n")).unwrap();
    let before = snapshot(&out);
    for force in [false, true] {
        let args: &[&str] = if force { &["--force"] } else { &[] };
        let r = split(dir.path(), &[&["in.jsonl", "--out-dir", "out"], args].concat());
        assert_eq!(r.code, 2, "{r:?}");
        assert!(r.stderr.contains("refusing to overwrite") && r.stderr.contains("in-0001.jsonl"), "{}", r.stderr);
        assert_eq!(snapshot(&out), before, "force: {force}");
    }
    fs::remove_file(out.join("in-0001.jsonl")).unwrap();

    // 2,000 records: four chunks. A user's unrelated file stays.
    fs::write(out.join("notes.txt"), "my notes\n").unwrap();
    let input = join(&lines, "\n");
    fs::write(dir.path().join("in.jsonl"), &input).unwrap();
    split_ok(dir.path(), &["in.jsonl", "--out-dir", "out"]);
    assert_eq!(counts(&read_manifest(&out)).len(), 4);

    // 1,000 records with --force: two chunks; the two stale ones are removed.
    let input = join(&lines[..1_000], "\n");
    fs::write(dir.path().join("in.jsonl"), &input).unwrap();
    split_ok(dir.path(), &["in.jsonl", "--out-dir", "out", "--force"]);
    let recs: Vec<&[u8]> = lines[..1_000].iter().map(|l| l.as_bytes()).collect();
    let numbers: Vec<u64> = (1..=1_000).collect();
    let mut e = Expected::clean(&input, &recs, &numbers, &[500, 500]);
    e.other_files = &["notes.txt"];
    verify(&out, &e);
    assert_eq!(fs::read(out.join("notes.txt")).unwrap(), b"my notes\n");

    // A third chunk name taken by a user's file: --force refuses, and changes nothing.
    fs::write(out.join("in-0003.jsonl"), "mine\n").unwrap();
    let before = snapshot(&out);
    fs::write(dir.path().join("in.jsonl"), join(&lines[..1_500], "\n")).unwrap();
    let r = split(dir.path(), &["in.jsonl", "--out-dir", "out", "--force"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("in-0003.jsonl"), "{}", r.stderr);
    assert_eq!(snapshot(&out), before);
}

/// `--force` never replaces or removes a file outside the output folder, even
/// when the old manifest names one (here `../victim.jsonl`; an absolute path is
/// refused the same way): `previous_outputs` (src/split/write.rs) accepts only
/// chunk file names in the folder.
#[test]
fn force_never_touches_a_file_outside_the_folder() {
    let dir = workdir();
    fs::write(dir.path().join("victim.jsonl"), "precious\n").unwrap();
    fs::write(dir.path().join("in.jsonl"), join(&records(600), "\n")).unwrap();
    split_ok(dir.path(), &["in.jsonl", "--out-dir", "out"]);

    // A manifest that names a file outside the folder (edited, or copied from
    // elsewhere): no split ever writes such a name, so --force must not
    // replace or remove it.
    let manifest_path = dir.path().join("out/manifest.json");
    let mut m = read_manifest(&dir.path().join("out"));
    m["chunks"][1]["file"] = "../victim.jsonl".into();
    fs::write(&manifest_path, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
    fs::write(dir.path().join("in.jsonl"), join(&records(300), "\n")).unwrap();
    let r = split(dir.path(), &["in.jsonl", "--out-dir", "out", "--force"]);
    assert_eq!(
        fs::read(dir.path().join("victim.jsonl")).ok().as_deref(),
        Some(&b"precious\n"[..]),
        "a file outside the folder was removed by --force: {r:?}"
    );
}

/// `--force` run from another folder leaves alone a file there with the name
/// of the previous run's rejects file (kept in the manifest as given, relative
/// to the first run's folder): a previous rejects file is never deleted.
#[test]
fn force_does_not_remove_a_rejects_file_it_did_not_write() {
    let dir = workdir();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    fs::create_dir(&a).unwrap();
    fs::create_dir(&b).unwrap();
    let mut lines = records(30);
    lines[3] = lines[3].replace("lipsync-2", "lipsync2");
    fs::write(a.join("in.jsonl"), join(&lines, "\n")).unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    // First split, run in a/, writes a/rejected.jsonl.
    split_ok(&a, &["in.jsonl", "--out-dir", out, "--rejects", "rejected.jsonl"]);
    assert!(a.join("rejected.jsonl").exists());

    // Second split into the same folder, run in b/, where the user has an
    // unrelated rejected.jsonl of their own.
    fs::write(b.join("rejected.jsonl"), "mine\n").unwrap();
    fs::write(b.join("in.jsonl"), join(&records(30), "\n")).unwrap();
    let r = split(&b, &["in.jsonl", "--out-dir", out, "--force"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(
        fs::read(b.join("rejected.jsonl")).ok().as_deref(),
        Some(&b"mine\n"[..]),
        "--force removed b/rejected.jsonl, a file no split wrote"
    );
}

#[cfg(unix)]
#[test]
fn a_planted_symlink_is_never_followed() {
    let dir = workdir();
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    fs::write(dir.path().join("target.txt"), "outside\n").unwrap();
    fs::write(dir.path().join("in.jsonl"), join(&records(600), "\n")).unwrap();
    for name in ["in-0002.jsonl", "manifest.json"] {
        let link = out.join(name);
        std::os::unix::fs::symlink("../target.txt", &link).unwrap();
        for force in [false, true] {
            let args: &[&str] = if force { &["--force"] } else { &[] };
            let r = split(dir.path(), &[&["in.jsonl", "--out-dir", "out"], args].concat());
            assert_eq!(r.code, 2, "{name}, force {force}: {r:?}");
            // (With --force and a planted manifest.json, the refusal is that it is not a manifest.)
            assert!(
                r.stderr.contains("refusing to overwrite") || r.stderr.contains("is not a batchlint manifest"),
                "{}",
                r.stderr
            );
            assert_eq!(fs::read(dir.path().join("target.txt")).unwrap(), b"outside\n");
            assert_eq!(fs::read_link(&link).unwrap(), Path::new("../target.txt"), "the symlink is left alone");
            assert_eq!(entries(&out), BTreeSet::from([name.to_owned()]), "nothing else written");
        }
        fs::remove_file(&link).unwrap();
    }
}

#[test]
fn a_prefix_cannot_leave_the_folder() {
    let dir = workdir();
    let sub = dir.path().join("work");
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("in.jsonl"), join(&records(30), "\n")).unwrap();
    for prefix in ["../evil", "a/b", "..", ""] {
        let r = split(&sub, &["in.jsonl", "--out-dir", "out", "--prefix", prefix]);
        assert_eq!(r.code, 2, "--prefix {prefix:?}: {r:?}");
        assert!(r.stderr.contains("--prefix"), "{}", r.stderr);
    }
    assert_eq!(entries(dir.path()), BTreeSet::from(["work".to_owned()]), "nothing outside the folder");
    assert_eq!(entries(&sub), BTreeSet::from(["in.jsonl".to_owned()]), "no out dir");
}

// ---------------------------------------------------------------------------
// Failures while writing
// ---------------------------------------------------------------------------

/// Files under a final name (`*-NNNN.jsonl`, `manifest.json`) and temporaries in `dir`.
fn final_and_temporary(dir: &Path) -> (Vec<String>, Vec<String>) {
    let all = entries(dir);
    let temporary: Vec<String> = all.iter().filter(|n| n.starts_with(".batchlint-")).cloned().collect();
    let finals: Vec<String> = all.into_iter().filter(|n| !n.starts_with(".batchlint-")).collect();
    (finals, temporary)
}

#[cfg(unix)]
#[test]
fn a_write_that_fails_midway_leaves_nothing_behind() {
    let dir = workdir();
    // 1,001 records: two chunks of about 90 KB, then one of about 800 KB.
    let lines: Vec<String> =
        (1..=1_001).map(|i| if i <= 668 { record(i, 0) } else { record_of_len(i, 2_400) }).collect();
    fs::write(dir.path().join("in.jsonl"), join(&lines, "\n")).unwrap();

    // `ulimit -f 400` caps every file this process writes at 200 KB (dash,
    // 512-byte blocks) or 400 KB (bash, 1,024-byte blocks): either way the
    // first two chunks fit and the third fails partway with EFBIG (SIGXFSZ
    // ignored). Reading the 1 MB input is not affected.
    let mut cmd = Command::new("sh");
    cmd.current_dir(dir.path()).args([
        "-c",
        r#"ulimit -f 400; trap "" XFSZ; exec "$0" "$@""#,
        BIN,
        "split",
        "in.jsonl",
        "--out-dir",
        "out",
    ]);
    let r = run(&mut cmd);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.starts_with("batchlint: error:") && r.stderr.contains("File too large"), "{}", r.stderr);
    let (finals, temporary) = final_and_temporary(&dir.path().join("out"));
    assert!(finals.is_empty(), "files under a final name: {finals:?}");
    assert!(temporary.is_empty(), "temporaries left: {temporary:?}");

    // The same into a folder with a previous split, with --force: its files stay as they were.
    fs::write(dir.path().join("small.jsonl"), join(&records(600), "\n")).unwrap();
    split_ok(dir.path(), &["small.jsonl", "--out-dir", "prev", "--prefix", "in"]);
    let before = snapshot(&dir.path().join("prev"));
    let mut cmd = Command::new("sh");
    cmd.current_dir(dir.path()).args([
        "-c",
        r#"ulimit -f 400; trap "" XFSZ; exec "$0" "$@""#,
        BIN,
        "split",
        "in.jsonl",
        "--out-dir",
        "prev",
        "--force",
    ]);
    let r = run(&mut cmd);
    assert_eq!(r.code, 2, "{r:?}");
    assert_eq!(snapshot(&dir.path().join("prev")), before);
}

/// When to send SIGKILL to a running split.
#[derive(Clone, Copy, Debug)]
enum KillAt {
    /// This long after it started.
    After(Duration),
    /// As soon as this many temporaries are in the folder.
    Temporaries(usize),
    /// As soon as this many files are under a final name.
    Finals(usize),
}

#[cfg(unix)]
#[test]
fn kill_9_never_leaves_a_partial_file_under_a_final_name() {
    let dir = workdir();
    // 20,000 records, about 12 MB: 40 chunks of 500.
    let lines: Vec<String> = (1..=20_000).map(|i| record_of_len(i, 599)).collect();
    fs::write(dir.path().join("in.jsonl"), join(&lines, "\n")).unwrap();
    split_ok(dir.path(), &["in.jsonl", "--out-dir", "full"]);
    let full = dir.path().join("full");
    assert_eq!(entries(&full).len(), 41);

    // Kill during the scan, while temporaries are written, and while they are published.
    let moments = [
        KillAt::After(Duration::from_millis(0)),
        KillAt::After(Duration::from_millis(300)),
        KillAt::Temporaries(1),
        KillAt::Temporaries(25),
        KillAt::Finals(1),
        KillAt::Finals(20),
    ];
    for (i, moment) in moments.into_iter().enumerate() {
        let out = dir.path().join(format!("killed-{i}"));
        let mut child = std::process::Command::new(BIN)
            .current_dir(dir.path())
            .args(["split", "in.jsonl", "--out-dir"])
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        loop {
            let due = match moment {
                KillAt::After(delay) => started.elapsed() >= delay,
                KillAt::Temporaries(n) => final_and_temporary(&out).1.len() >= n,
                KillAt::Finals(n) => final_and_temporary(&out).0.len() >= n,
            };
            if due || child.try_wait().unwrap().is_some() || started.elapsed() > Duration::from_secs(60) {
                break;
            }
            if let KillAt::After(_) = moment {
                std::thread::sleep(Duration::from_millis(1));
            }
        }
        let _ = child.kill();
        child.wait().unwrap();
        let (finals, _temporaries_are_allowed) = final_and_temporary(&out);
        for name in finals {
            let got = fs::read(out.join(&name)).unwrap();
            let want = fs::read(full.join(&name)).unwrap_or_else(|e| panic!("{name} not in the full run: {e}"));
            assert!(got == want, "{}/{name} differs from the uninterrupted run's", out.display());
        }
    }
}

/// Re-splitting a chunk in place used to delete it: the stale-file clean-up
/// removed every file of the old manifest the new run did not write, the
/// input included.
#[test]
fn force_never_removes_its_own_input() {
    let dir = workdir();
    let out = dir.path().join("out");
    fs::write(dir.path().join("in.jsonl"), join(&records(1_000), "\n")).unwrap();
    split_ok(dir.path(), &["in.jsonl", "--out-dir", "out"]);
    let chunk = fs::read(out.join("in-0001.jsonl")).unwrap();
    split_ok(
        dir.path(),
        &["out/in-0001.jsonl", "--out-dir", "out", "--force", "--prefix", "re", "--max-records", "250"],
    );
    assert_eq!(fs::read(out.join("in-0001.jsonl")).unwrap(), chunk, "the input is kept");
    assert!(!out.join("in-0002.jsonl").exists(), "the other stale chunk, as the old split wrote it, is removed");
    assert!(out.join("re-0002.jsonl").exists());
}

#[test]
fn force_replaces_or_removes_only_files_still_as_the_previous_split_wrote_them() {
    let dir = workdir();
    let out = dir.path().join("out");
    let lines = records(2_000);
    fs::write(dir.path().join("in.jsonl"), join(&lines, "\n")).unwrap();
    split_ok(dir.path(), &["in.jsonl", "--out-dir", "out"]);
    // Someone edited a chunk after the split: --force must not replace it...
    let mut edited = fs::read(out.join("in-0001.jsonl")).unwrap();
    edited.extend_from_slice(b"{\"note\":\"mine\"}\n");
    fs::write(out.join("in-0001.jsonl"), &edited).unwrap();
    let before = snapshot(&out);
    let r = split(dir.path(), &["in.jsonl", "--out-dir", "out", "--force"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("in-0001.jsonl: it changed since the previous split wrote it"), "{}", r.stderr);
    assert_eq!(snapshot(&out), before, "nothing changed");
    // ...nor remove it as stale when the new split writes fewer chunks.
    fs::write(out.join("in-0004.jsonl"), b"{\"mine\":1}\n").unwrap();
    fs::write(dir.path().join("in.jsonl"), join(&lines[..1_500], "\n")).unwrap();
    fs::remove_file(out.join("in-0001.jsonl")).unwrap();
    let r = split(dir.path(), &["in.jsonl", "--out-dir", "out", "--force"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(fs::read(out.join("in-0004.jsonl")).unwrap(), b"{\"mine\":1}\n", "an edited stale chunk stays");
}

#[test]
fn two_outputs_of_one_run_never_share_a_path() {
    let dir = workdir();
    let mut lines = records(600);
    lines[10] = "{\"request_id\":\"bad\"}".to_owned();
    fs::write(dir.path().join("in.jsonl"), join(&lines, "\n")).unwrap();
    for rejects in ["out/manifest.json", "out/in-0001.jsonl", "out/../out/in-0002.jsonl"] {
        let r = split(dir.path(), &["in.jsonl", "--out-dir", "out", "--rejects", rejects]);
        assert_eq!(r.code, 2, "{rejects}: {r:?}");
        assert!(r.stderr.contains("would be written twice"), "{rejects}: {}", r.stderr);
        assert!(!dir.path().join("out").exists(), "{rejects}: nothing is written");
    }
}
