//! `BL1xx`, syntax: the JSON of one line.

use super::{Code, Message, Severity, Unit, docs};
use crate::text::printable;

pub(super) const INVALID_JSON: Unit = Unit {
    code: "BL101",
    name: "invalid-json",
    severity: Severity::Error,
    summary: "a line is not valid JSON",
    docs: docs(
        "The line cannot be parsed, so the request cannot be read; the API answers a batch with such a \
         line with one vague error for the whole file. Common causes are trailing commas, single quotes, \
         unquoted keys, comments, `NaN`, and a record cut off by a truncated write.",
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"},]}}"#,
        clean!(1, 1),
    ),
};

/// What the JSON parser said of a line (`said`, without its position):
/// `BL101`, or `BL104` and `BL105` for the two limits it names.
pub(crate) fn from_parser(said: &str) -> Message {
    match said {
        "number out of range" => number_out_of_range(),
        "recursion limit exceeded" => nesting_too_deep(),
        _ => Message::new(Code::InvalidJson, said).label(syntax_label(said)).help_opt(syntax_help(said)),
    }
}

/// A line serde_json reads but the record parser (`crate::tape`) does not:
/// they accept the same documents (the tests and the fuzz targets compare
/// them), so this would be a bug of batchlint's, reported rather than
/// hidden.
pub(crate) fn unread_json() -> Message {
    Message::new(Code::InvalidJson, "batchlint's record parser could not read this line, although it is JSON")
        .label("not read")
        .help("this is a bug in batchlint: please report the line")
}

/// A line that is valid JSON but for a comma after the value.
pub(crate) fn comma_after_value() -> Message {
    Message::new(Code::InvalidJson, "the line ends with a comma after its value").label("comma").help(
        "run `batchlint fix` to remove it (lines that each end with a comma are a JSON array without its brackets), \
         or delete the comma",
    )
}

fn syntax_label(said: &str) -> &'static str {
    if said.starts_with("EOF") {
        "the line ends here"
    } else if said == "trailing comma" {
        "trailing comma"
    } else {
        "parser stopped here"
    }
}

fn syntax_help(said: &str) -> Option<String> {
    let help = if said == "trailing comma" {
        "remove the comma: JSON allows none before a closing bracket"
    } else if said == "trailing characters" {
        "each line of a JSONL file holds exactly one JSON value"
    } else if said.starts_with("EOF") {
        "the record is cut short: each record must be complete on one line"
    } else if said == "key must be a string" {
        "object keys must be double-quoted strings"
    } else if said.starts_with("expected value") || said.starts_with("expected ident") {
        "strings need double quotes; true, false and null are lowercase; NaN and Infinity are not JSON"
    } else if said.starts_with("control character") {
        "escape control characters in strings, e.g. \\n for a newline"
    } else {
        return None;
    };
    Some(help.to_owned())
}

pub(super) const NOT_AN_OBJECT: Unit = Unit {
    code: "BL102",
    name: "not-an-object",
    severity: Severity::Error,
    summary: "a line is valid JSON but not an object",
    docs: docs(
        "Each line must be one request object. An array, a string or a number on a line is valid JSON \
         but not a request: typically a record encoded twice (a JSON string holding the record), or records \
         wrapped in `[…]` on one line among others (`batchlint fix` puts each object of such an array on \
         its own line; a file that is a single array is BL005).",
        r#""{\"request_id\":\"r1\",\"endpoint\":\"/v2/generate\",\"payload\":{\"model\":\"lipsync-2\",\"input\":[{\"type\":\"video\",\"url\":\"https://example.com/v1.mp4\"},{\"type\":\"audio\",\"url\":\"https://example.com/a1.wav\"}]}}""#,
        clean!(1, 1),
    ),
};

/// A line whose value is `what` (`an array`, `a string`); `objects` when it
/// is an array of objects, which `fix` puts one per line.
pub(crate) fn not_an_object(what: &str, objects: bool) -> Message {
    let help = if objects {
        "run `batchlint fix` to put each object on its own line (or `jq -c '.[]' in.json > out.jsonl`)"
    } else {
        "each line must be one JSON object"
    };
    Message::new(Code::NotAnObject, format!("line is {what}, not a JSON object")).label("not an object").help(help)
}

pub(super) const DUPLICATE_KEY: Unit = Unit {
    code: "BL103",
    name: "duplicate-key",
    severity: Severity::Error,
    summary: "an object has the same key twice",
    docs: docs(
        "JSON parsers disagree about a key that appears twice: most keep the last value, some the first, \
         some refuse the document. Which value the API uses is not specified, so the request may not do \
         what you meant. Keep one of them.",
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"options":{"temperature":0.5,"temperature":0.8}}}"#,
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"options":{"temperature":0.8}}}"#,
    ),
};

/// `key` given twice in the object at `path` (`None`: the record itself).
pub(crate) fn duplicate_key(key: &str, path: Option<&str>) -> Message {
    let place = path.map_or(String::new(), |path| format!(" in {path}"));
    Message::new(Code::DuplicateKey, format!("key `{}` appears twice{place}", printable(key)))
        .label("repeated key")
        .help("JSON parsers disagree on which value wins (most keep the last): keep one")
}

pub(super) const NUMBER_OUT_OF_RANGE: Unit = Unit {
    code: "BL104",
    name: "number-out-of-range",
    severity: Severity::Error,
    summary: "a number is too large to represent as a 64-bit float",
    docs: docs(
        "A number beyond about 1.8e308 does not fit a 64-bit float: parsers turn it into infinity, into \
         null, or refuse the line, so what the API receives is not what the file says. It is almost \
         always a bug in the program that wrote the file.",
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"options":{"temperature":1e400}}}"#,
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"options":{"temperature":1}}}"#,
    ),
};

/// A number too large for a 64-bit float.
fn number_out_of_range() -> Message {
    Message::new(Code::NumberOutOfRange, "number out of range: it does not fit a 64-bit float")
        .label("too large")
        .help("write the number as a string if it must be this large")
}

pub(super) const NESTING_TOO_DEEP: Unit = Unit {
    code: "BL105",
    name: "nesting-too-deep",
    severity: Severity::Error,
    summary: "arrays and objects are nested more than 127 levels deep",
    docs: docs(
        "Parsers limit how deeply arrays and objects may nest (serde_json stops at 128 levels) to protect \
         their stack, so such a line is likely to be refused. No request needs that depth: the value was \
         almost certainly produced by a bug, such as a value wrapped in itself in a loop.",
        r#"{"request_id":"r1",…,"payload":{…,"dubParams":{"a":[[[[[[…]]]]]]}}}   (more than 127 levels)"#,
        r#"{"request_id":"r1",…,"payload":{…,"dubParams":{"a":[]}}}"#,
    ),
};

/// Arrays and objects nested past the parser's limit.
fn nesting_too_deep() -> Message {
    Message::new(Code::NestingTooDeep, "arrays and objects are nested more than 127 levels deep").label("too deep")
}
