//! `BL0xx`, framing: the bytes and lines of a file before any JSON is read
//! (encoding, byte order mark, blank and overlong lines, files that are not
//! JSON Lines).

use super::{Code, Message, Severity, Unit, docs};
use crate::text::thousands;

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

/// A line that is not UTF-8; `error_len` is the length of the bad sequence,
/// `None` when the line ends inside a character.
pub(crate) fn invalid_utf8(error_len: Option<usize>) -> Message {
    let text = match error_len {
        Some(n) => format!("invalid UTF-8: {n} byte(s) that do not form a character"),
        None => "invalid UTF-8: the line ends inside a multi-byte character".to_owned(),
    };
    Message::new(Code::InvalidUtf8, text).label("not UTF-8").help("save the file as UTF-8")
}

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

/// A byte order mark at the start of the file.
pub(crate) fn bom() -> Message {
    Message::new(Code::Bom, "the file starts with a UTF-8 byte order mark")
        .label("byte order mark")
        .help("run `batchlint fix` to remove it (or save the file as UTF-8 without BOM); many JSON parsers reject it")
}

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

const BLANK_HELP: &str = "run `batchlint fix` to remove blank lines: every line of a batch file must be a record";

/// An empty line, or one of whitespace.
pub(crate) fn blank_line(whitespace: bool) -> Message {
    Message::new(Code::BlankLine, if whitespace { "line holds only whitespace" } else { "blank line" })
        .label("blank")
        .help(BLANK_HELP)
}

/// Lines `first` to `last`, blank too, at the start of a file after those listed one by one.
pub(crate) fn blank_run(first: u64, last: u64) -> Message {
    Message::new(Code::BlankLine, format!("lines {} to {} are blank too", thousands(first), thousands(last)))
        .label("blank")
        .help(BLANK_HELP)
}

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

/// A line of `len` bytes, over the `limit`.
pub(crate) fn line_too_long(len: u64, limit: u64) -> Message {
    Message::new(
        Code::LineTooLong,
        format!("line is {} bytes long; the limit is {} bytes", thousands(len), thousands(limit)),
    )
    .label("the line starts here")
    .help("the line was skipped without being read into memory; a record this large can never be sent")
}

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

/// A file that holds `what` (`a JSON array spread over several lines`), not
/// JSON Lines; `array` when the document is an array.
pub(crate) fn not_json_lines(what: &str, array: bool) -> Message {
    let or = if array { "jq -c '.[]' in.json > out.jsonl" } else { "jq -c . in.json > out.jsonl" };
    Message::new(Code::NotJsonLines, format!("this is not JSON Lines: the file holds {what}"))
        .label("the document starts here")
        .help(format!(
            "run `batchlint fix` to write one compact object per line (or `{or}`); batchlint stopped checking this \
             file"
        ))
}

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

/// A file of no bytes, or (`whitespace`) of whitespace only.
pub(crate) fn empty_file(whitespace: bool) -> Message {
    Message::new(Code::EmptyFile, if whitespace { "the file holds only whitespace" } else { "the file is empty" })
        .label("nothing to check")
        .help("a batch file holds one JSON object per line")
}

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

/// A file of `format`-compressed data, which `command` unpacks.
pub(crate) fn compressed(format: &str, command: &str) -> Message {
    Message::new(Code::NotText, format!("this is {format}-compressed data, not a text file"))
        .label("compressed data starts here")
        .help(format!("decompress it first (`{command}`) and check the result; batchlint stopped checking this file"))
}

/// A file of binary data, with a NUL byte at offset `at`.
pub(crate) fn binary(at: usize) -> Message {
    Message::new(Code::NotText, format!("this is binary data, not a text file (a NUL byte at offset {at})"))
        .label("binary data starts here")
        .help("batch files are JSON Lines text: was the wrong file named? batchlint stopped checking this file")
}

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

/// A file in `encoding` (`UTF-16 LE`), with a byte order mark or not.
pub(crate) fn wrong_encoding(encoding: &str, bom: bool) -> Message {
    let marked = if bom { " (it starts with a byte order mark)" } else { "" };
    Message::new(Code::WrongEncoding, format!("the file is {encoding} text{marked}, not UTF-8"))
        .label("not UTF-8")
        .help(format!(
            "batch APIs read UTF-8 only: convert it, e.g. `iconv -f {} -t UTF-8`; batchlint stopped checking this file",
            encoding.replace(' ', "")
        ))
}

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

/// `hidden` problems of a line not listed, past the first `listed`.
pub(crate) fn more_problems(hidden: u64, listed: usize) -> Message {
    Message::new(
        Code::MoreProblems,
        format!(
            "{} more {} on this line (the first {listed} are listed)",
            thousands(hidden),
            if hidden == 1 { "problem" } else { "problems" }
        ),
    )
    .label("more problems")
    .help("fix the ones listed and check again, or raise --max-per-line")
}
