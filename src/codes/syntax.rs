//! `BL1xx`, syntax: the JSON of one line.

use super::{Severity, Unit, docs};

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
