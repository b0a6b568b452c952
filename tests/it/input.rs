//! Input as people really make it: gzip-compressed files and streams, and
//! text in UTF-16 or UTF-32, through `check`, `split` and `fix`.

use std::io::Write as _;
use std::path::Path;

use crate::common::{Run, batchlint_in, folder, run};
use assert_cmd::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn valid() -> Vec<u8> {
    std::fs::read(Path::new(ROOT).join("testdata/valid/sync-20.jsonl")).unwrap()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

fn batchlint(dir: &Path) -> Command {
    batchlint_in(dir)
}

fn check(dir: &Path, args: &[&str]) -> Run {
    run(batchlint(dir).args(["check", "--format", "concise"]).args(args))
}

#[test]
fn gzip_files_and_streams_are_checked_as_their_text() {
    // Line 5's model is a typo: it must be found at its place in the text.
    let mut lines: Vec<String> = String::from_utf8(valid()).unwrap().lines().map(str::to_owned).collect();
    assert!(lines[4].contains("\"lipsync-2\""));
    lines[4] = lines[4].replacen("\"lipsync-2\"", "\"lipsync2\"", 1);
    let text: Vec<u8> = lines.iter().flat_map(|l| format!("{l}\n").into_bytes()).collect();
    let dir = folder(&[("requests.jsonl.gz", &gzip(&text)), ("requests.jsonl", &text)]);
    let plain = check(dir.path(), &["requests.jsonl"]);
    let gz = check(dir.path(), &["requests.jsonl.gz"]);
    assert_eq!(gz.code, 1);
    assert_eq!(
        gz.stdout.replace("requests.jsonl.gz:", "requests.jsonl:").replace(" after decompression", ""),
        plain.stdout,
        "the same diagnostics at the same lines and columns"
    );
    assert!(gz.stdout.ends_with("(20 records, 6,390 bytes after decompression): 1 error\n"), "{}", gz.stdout);
    // Standard input, known by its magic bytes.
    let stdin = run(batchlint(dir.path()).args(["check", "--format", "json", "-"]).write_stdin(gzip(&text)));
    let doc: serde_json::Value = serde_json::from_str(&stdin.stdout).unwrap();
    assert_eq!(doc["files"][0]["summary"]["compression"], "gzip");
    assert_eq!(doc["files"][0]["diagnostics"][0]["code"], "BL203");
    // A folder stands for the .gz files too; limits apply to the text.
    let r = check(dir.path(), &["--max-bytes", "6000", "."]);
    assert_eq!(r.stdout.matches("BL403").count(), 2, "{}", r.stdout);
    assert!(r.stdout.contains("; 1 file decompressed)"), "{}", r.stdout);
}

#[test]
fn a_truncated_or_corrupt_gzip_stream_is_an_error_after_the_lines_before_it() {
    let text = valid().repeat(50);
    let whole = gzip(&text);
    let dir = folder(&[("cut.jsonl.gz", &whole[..whole.len() / 2])]);
    let r = check(dir.path(), &["--max-records", "none", "--id-pointer", "none", "cut.jsonl.gz"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("cut.jsonl.gz: the gzip data is corrupt or cut short after line "), "{}", r.stderr);
    // With the id check on, the lines read before the break are reported.
    let r = check(dir.path(), &["--max-records", "none", "cut.jsonl.gz"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("cut.jsonl.gz:21:15: error[BL404]"), "{}", r.stdout);
    // `split` stops too and writes nothing.
    let split = run(batchlint(dir.path()).args(["split", "--max-records", "none", "-o", "out", "cut.jsonl.gz"]));
    assert_eq!(split.code, 2, "{}", split.stderr);
    assert!(!dir.path().join("out").exists() || std::fs::read_dir(dir.path().join("out")).unwrap().next().is_none());
}

#[test]
fn split_writes_plain_chunks_of_a_gzip_input_and_says_so() {
    let text = valid().repeat(3).into_iter().collect::<Vec<u8>>();
    let text = String::from_utf8(text).unwrap();
    // Unique ids: number the copies.
    let text: String =
        text.lines().enumerate().map(|(i, l)| l.replacen("req-0", &format!("c{i}-"), 1) + "\n").collect();
    let dir = folder(&[("batch.jsonl.gz", &gzip(text.as_bytes()))]);
    let r = run(batchlint(dir.path()).args(["split", "--max-records", "25", "-o", "out", "batch.jsonl.gz"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("; the input was gzip-decompressed."), "{}", r.stdout);
    let chunks: String =
        (1..=3).map(|i| std::fs::read_to_string(dir.path().join(format!("out/batch-000{i}.jsonl"))).unwrap()).collect();
    assert_eq!(chunks, text, "plain chunks, named without .gz, holding the text");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["input"]["compression"], "gzip");
    assert_eq!(manifest["input"]["bytes"], text.len());
    let names: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "the decompressed copy is removed: {names:?}");
    // A plan decompresses elsewhere and creates nothing.
    let r = run(batchlint(dir.path()).args(["split", "--plan", "--max-records", "25", "-o", "plan", "batch.jsonl.gz"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!dir.path().join("plan").exists());
}

#[test]
fn fix_refuses_compressed_and_binary_files_and_changes_nothing() {
    let gz = gzip(&valid());
    let dir =
        folder(&[("a.jsonl.gz", &gz), ("b.jsonl", b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0\x3e\0\x01\0\0\0")]);
    let r = run(batchlint(dir.path()).args(["fix", "a.jsonl.gz", "b.jsonl"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("a.jsonl.gz: not fixed: this is gzip-compressed data, not a text file"), "{}", r.stderr);
    assert!(r.stderr.contains("b.jsonl: not fixed: this is binary data"), "{}", r.stderr);
    assert_eq!(std::fs::read(dir.path().join("a.jsonl.gz")).unwrap(), gz);
}

#[test]
fn utf16_and_utf32_files_get_one_diagnostic_and_fix_converts_them() {
    let text = String::from_utf8(valid()).unwrap().replace('\n', "\r\n");
    let utf16le: Vec<u8> =
        "\u{feff}".chars().chain(text.chars()).collect::<String>().encode_utf16().flat_map(u16::to_le_bytes).collect();
    let utf32be: Vec<u8> = text.chars().flat_map(|c| u32::from(c).to_be_bytes()).collect();
    let dir = folder(&[("a.jsonl", &utf16le), ("b.jsonl", &utf32be)]);
    let r = check(dir.path(), &["a.jsonl", "b.jsonl"]);
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "one diagnostic per file\n{}", r.stdout);
    assert!(
        lines[0]
            .starts_with("a.jsonl:1:1: error[BL008]: the file is UTF-16 LE text (it starts with a byte order mark)")
    );
    assert!(lines[1].starts_with("b.jsonl:1:1: error[BL008]: the file is UTF-32 BE text, not UTF-8"));
    let r = run(batchlint(dir.path()).args(["fix", "a.jsonl", "b.jsonl"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "a.jsonl:1-20: fixed: convert the UTF-16 text to UTF-8\na.jsonl:1-20: fixed: turn CRLF line endings into LF\n\
         b.jsonl:1-20: fixed: convert the UTF-32 text to UTF-8\nb.jsonl:1-20: fixed: turn CRLF line endings into LF\n\
         changed 2 of 2 file(s)\n"
    );
    for name in ["a.jsonl", "b.jsonl"] {
        assert_eq!(std::fs::read(dir.path().join(name)).unwrap(), valid(), "{name}");
    }
    assert_eq!(check(dir.path(), &["a.jsonl", "b.jsonl"]).code, 0);
}

#[test]
fn invalid_utf16_is_refused_with_its_offset() {
    let mut bytes: Vec<u8> = "{\"a\":\"".encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.extend_from_slice(&[0x3d, 0xd8, b'"', 0, b'}', 0, b'\n', 0]);
    let dir = folder(&[("bad.jsonl", &bytes)]);
    let r = run(batchlint(dir.path()).args(["fix", "bad.jsonl"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("not valid UTF-16 LE text at byte 12: a high surrogate without its low surrogate"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(dir.path().join("bad.jsonl")).unwrap(), bytes);
}

#[test]
fn statistics_of_a_gzip_file_count_its_records() {
    let dir = folder(&[("batch.jsonl.gz", &gzip(&valid()))]);
    let r = check(dir.path(), &["--statistics", "batch.jsonl.gz"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\"lipsync-2\""), "values counted from the text\n{}", r.stdout);
}

#[test]
fn a_users_schema_keeps_json_schema_s_uri_format() {
    // The built-in profile takes a URL with non-ASCII characters with a warning;
    // a schema of the user's own keeps `format: uri` as JSON Schema defines it.
    let line = "{\"url\":\"https://cdn.example.com/vidéo.mp4\"}\n";
    let schema = r#"{"type":"object","properties":{"url":{"type":"string","format":"uri"}}}"#;
    let dir = folder(&[("a.jsonl", line.as_bytes()), ("s.json", schema.as_bytes())]);
    let r = check(dir.path(), &["--profile", "generic", "--schema", "s.json", "a.jsonl"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains("error[BL205]"), "{}", r.stdout);
}

#[test]
fn a_refused_split_of_a_gzip_input_leaves_no_folder_behind() {
    let text = String::from_utf8(valid()).unwrap().replacen("\"lipsync-2\"", "\"lipsync2\"", 1);
    let dir = folder(&[("bad.jsonl.gz", &gzip(text.as_bytes()))]);
    let r = run(batchlint(dir.path()).args(["split", "-o", "out", "bad.jsonl.gz"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!dir.path().join("out").exists(), "the folder the decompressed copy needed is gone");
}
