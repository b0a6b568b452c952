//! `BL0xx`, framing: the bytes and lines of a file before any JSON is read
//! (encoding, byte order mark, blank and overlong lines, files that are not
//! JSON Lines).

use super::{Severity, Unit, docs};

pub(super) const INVALID_UTF8: Unit = Unit {
    code: "BL001",
    name: "invalid-utf8",
    severity: Severity::Error,
    summary: "a line is not valid UTF-8",
    docs: docs(
        "The API reads the file as UTF-8. A byte that is not UTF-8, typically from an export in Latin-1 or \
         Windows-1252, makes the line unreadable: the request fails, or a lenient tool replaces the byte \
         with U+FFFD and the script is sent garbled. batchlint reports the first bad byte of each line and \
         goes on with the next line. Re-encode the file, e.g. `iconv -f windows-1252 -t utf-8`.",
        r#"{"request_id":"r1",…,"script":"Caf<E9>"}   (<E9> is the byte 0xE9: "é" in Latin-1)"#,
        r#"{"request_id":"r1",…,"script":"Café"}   ("é" in UTF-8 is the two bytes 0xC3 0xA9)"#,
    ),
};

pub(super) const BOM: Unit = Unit {
    code: "BL002",
    name: "byte-order-mark",
    severity: Severity::Error,
    summary: "the file starts with a UTF-8 byte order mark",
    docs: docs(
        "A byte order mark is three invisible bytes (EF BB BF) before the first `{`. Many JSON parsers \
         reject them, so the first request of the batch is likely to fail; editors add them when saving \
         as \"UTF-8 with BOM\". batchlint still checks the rest of line 1.",
        r#"<EF BB BF>{"request_id":"r1","endpoint":"/v2/generate","payload":{…}}"#,
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{…}}   (saved as UTF-8 without BOM)"#,
    ),
};

pub(super) const BLANK_LINE: Unit = Unit {
    code: "BL003",
    name: "blank-line",
    severity: Severity::Error,
    summary: "a line is empty or holds only whitespace",
    docs: docs(
        "In JSON Lines every line is one record, and an empty line is not valid JSON: the API may refuse \
         the whole batch because of it. Blank lines are usually left over from concatenating files or \
         from an editor; the last line may end with a newline, but no empty line may follow it.",
        concat!(clean!(1, 1), "\n\n", clean!(2, 2)),
        concat!(clean!(1, 1), "\n", clean!(2, 2)),
    ),
};

pub(super) const LINE_TOO_LONG: Unit = Unit {
    code: "BL004",
    name: "line-too-long",
    severity: Severity::Error,
    summary: "a line is longer than the byte limit",
    docs: docs(
        "A line that is longer than the file may be can never be uploaded. batchlint skips such a line \
         without reading it into memory, so a runaway line cannot exhaust it. The usual cause is media \
         inlined as base64 or a data URL: point to it with a URL or an asset id instead.",
        r#"{"request_id":"r1",…,"input":[{"type":"video","url":"data:video/mp4;base64,AAAAIGZ0eXBpc29t…"},…]}   (6 MB on one line)"#,
        r#"{"request_id":"r1",…,"input":[{"type":"video","url":"https://example.com/v1.mp4"},…]}"#,
    ),
};

pub(super) const NOT_JSON_LINES: Unit = Unit {
    code: "BL005",
    name: "not-json-lines",
    severity: Severity::Error,
    summary: "the file is a JSON array or pretty-printed JSON, not JSON Lines",
    docs: docs(
        "The batch API reads one request per line. A JSON array, or JSON pretty-printed over several \
         lines, is one document spread over many lines, none of which is a request. batchlint reports \
         this once and skips the file instead of reporting every line. Convert it with \
         `jq -c '.[]' requests.json > requests.jsonl`.",
        r#"[
  {
    "request_id": "r1",
    "endpoint": "/v2/generate",
    "payload": {
      "model": "lipsync-2",
      "input": [
{ "type": "video", "url": "https://example.com/v1.mp4" },
{ "type": "audio", "url": "https://example.com/a1.wav" }
      ]
    }
  }
]"#,
        clean!(1, 1),
    ),
};

pub(super) const EMPTY_FILE: Unit = Unit {
    code: "BL006",
    name: "empty-file",
    severity: Severity::Error,
    summary: "the file is empty or holds only whitespace",
    docs: docs(
        "An empty file holds no request, so there is nothing to upload; the API refuses it. It usually \
         means that the step that wrote the file failed or filtered out everything.",
        "(a file of 0 bytes, or of blank lines only)",
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{…}}   (one request per line)"#,
    ),
};

pub(super) const NOT_TEXT: Unit = Unit {
    code: "BL007",
    name: "not-text",
    severity: Severity::Error,
    summary: "the file is binary or compressed data, not text",
    docs: docs(
        "Batch APIs take JSON Lines text. A compressed file (zstd, bzip2, xz, zip or 7z, known by its first \
         bytes; gzip is decompressed as it is read) or binary data (NUL and other control bytes among its \
         first 8 KiB) is not text: usually the wrong file was named, or an archive was not unpacked. \
         batchlint reports this once and skips the file instead of reporting every line.",
        "<28 B5 2F FD …>   (requests.jsonl.zst, compressed with zstd)",
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{…}}   (after `zstd -d requests.jsonl.zst`)"#,
    ),
};

pub(super) const WRONG_ENCODING: Unit = Unit {
    code: "BL008",
    name: "wrong-encoding",
    severity: Severity::Error,
    summary: "the file is text in UTF-16 or UTF-32, not UTF-8",
    docs: docs(
        "Batch APIs read the file as UTF-8; a file in UTF-16 or UTF-32 is unreadable to them (OpenAI answers \
         \"Must be utf-8 encoded\"). Windows PowerShell 5 writes UTF-16 by default (`>` and `Out-File`). \
         batchlint knows the encoding by its byte order mark, or by the zero bytes of the first characters, \
         reports it once and skips the file instead of reporting every line. Convert the file, e.g. \
         `iconv -f UTF-16LE -t UTF-8`, or write it with `Out-File -Encoding utf8`.",
        "<FF FE 7B 00 22 00 72 00 …>   (UTF-16 LE with its byte order mark: each character takes two bytes)",
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{…}}   (the same text in UTF-8)"#,
    ),
};

pub(super) const MORE_PROBLEMS: Unit = Unit {
    code: "BL009",
    name: "more-problems",
    severity: Severity::Error,
    summary: "a line has more problems than --max-per-line lists; the rest are counted",
    docs: docs(
        "A line with thousands of problems (a generated record gone wrong, a whole table pasted into one \
         line) would bury every other line's diagnostics and cost time to report in full. batchlint lists \
         the first 100 problems of a line (`--max-per-line`, or `max-per-line` in `batchlint.toml`) and \
         counts the rest in this one diagnostic, an error if any of them is. The line is rejected as a \
         whole either way.",
        "{\"request_id\":\"r1\",…,\"options\":{\"k1\":1,\"k2\":2,…,\"k100000\":100000}}   (100,000 unknown keys)",
        r#"{"request_id":"r1",…,"options":{"temperature":0.5}}"#,
    ),
};
