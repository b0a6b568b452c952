//! `BL4xx`, the batch: rules over the whole file (record count, size, unique
//! ids, values that must be the same on every line, the file's name).

use super::{Code, Message, Severity, Unit, docs};
use crate::text::{count, printable, thousands};

/// The label of the file-level diagnostics, shown at the last line.
const LAST_LINE: &str = "the last line of the file";
/// The help of a file over a limit.
const SPLIT_HINT: &str = "split it into compliant files with `batchlint split`";

pub(super) const TOO_FEW_RECORDS: Unit = Unit {
    code: "BL401",
    name: "too-few-records",
    severity: Severity::Error,
    summary: "the file has fewer records than the API accepts",
    docs: docs(
        "A batch API takes a minimum number of requests per file (the sync.so API: 20) and refuses a \
         smaller file as a whole. Merge small batches, or send a few requests one by one to the regular \
         endpoint. `--min-records` changes the limit.",
        "(a file of 19 records; the sync profile needs 20 to 500)",
        "(a file of 20 records or more: merge it with another batch)",
    ),
};

/// A file of `records`, fewer than the `min` the API needs.
pub(crate) fn too_few_records(records: u64, min: u64) -> Message {
    Message::new(
        Code::TooFewRecords,
        format!("the file has {}; the API needs at least {}", count(records, "record", "records"), thousands(min)),
    )
    .label(LAST_LINE)
    .help(format!("add {}, or merge this file with another", count(min - records, "more record", "more records")))
}

pub(super) const TOO_MANY_RECORDS: Unit = Unit {
    code: "BL402",
    name: "too-many-records",
    severity: Severity::Error,
    summary: "the file has more records than the API accepts",
    docs: docs(
        "A batch API takes a maximum number of requests per file (the sync.so API: 500) and refuses a \
         larger file as a whole. `batchlint split` cuts it into the fewest, most balanced files that \
         each pass `check`. `--max-records` changes the limit.",
        "(requests.jsonl: 1,001 records; the sync profile allows 500)",
        "(batchlint split requests.jsonl --out-dir batches/: three files of 334, 334 and 333 records)",
    ),
};

/// A file of `records`, more than the `max` the API accepts.
pub(crate) fn too_many_records(records: u64, max: u64) -> Message {
    Message::new(
        Code::TooManyRecords,
        format!("the file has {} records; the API accepts at most {}", thousands(records), thousands(max)),
    )
    .label(LAST_LINE)
    .help(SPLIT_HINT)
}

pub(super) const FILE_TOO_LARGE: Unit = Unit {
    code: "BL403",
    name: "file-too-large",
    severity: Severity::Error,
    summary: "the file is larger than the API accepts",
    docs: docs(
        "A batch API caps the size of an upload (the sync.so API: 5 MB, which batchlint reads as \
         5,000,000 bytes, safe under either meaning of MB); every byte counts, newlines included. A \
         larger file is refused as a whole. `batchlint split` cuts it into files under the cap. \
         `--max-bytes` changes the limit.",
        "(requests.jsonl: 7,200,000 bytes; the sync profile allows 5,000,000)",
        "(batchlint split requests.jsonl --out-dir batches/: two files under 5,000,000 bytes each)",
    ),
};

/// A file of `bytes`, over the `max` the API accepts.
pub(crate) fn file_too_large(bytes: u64, max: u64) -> Message {
    Message::new(
        Code::FileTooLarge,
        format!("the file is {} bytes; the limit is {} bytes", thousands(bytes), thousands(max)),
    )
    .label(LAST_LINE)
    .help(format!("{SPLIT_HINT} (every byte counts, newlines included)"))
}

pub(super) const DUPLICATE_ID: Unit = Unit {
    code: "BL404",
    name: "duplicate-id",
    severity: Severity::Error,
    summary: "two records share an id",
    docs: docs(
        "Results are matched to requests by their id (`request_id` for sync.so). With two requests under \
         one id you cannot tell which result belongs to which, and the API may refuse the batch. Ids are \
         compared after JSON unescaping, so `\"r\\u0031\"` and `\"r1\"` are the same id. \
         `--id-pointer` changes which key is the id.",
        concat!(clean!(1, 1), "\n", clean!(1, 2)),
        concat!(clean!(1, 1), "\n", clean!(2, 2)),
    ),
};

/// The id `shown` (JSON) of key `name`, first used on line `first`.
pub(crate) fn duplicate_id(name: &str, shown: &str, first: u64) -> Message {
    Message::new(Code::DuplicateId, format!("duplicate {name} {shown}: first used on line {first}"))
        .label("used before")
        .help("every record of a batch needs its own id")
}

pub(super) const MIXED_VALUES: Unit = Unit {
    code: "BL405",
    name: "mixed-values",
    severity: Severity::Error,
    summary: "a value that must be the same on every line of a file differs",
    docs: docs(
        "Some batch APIs take one endpoint and one model per file: OpenAI's batch names a single \
         `endpoint`, every line's `url` must equal it, and all lines must use the same `body.model`. \
         A file that mixes them is refused as a whole. The openai profile checks `url` and `body.model`; \
         split the file by endpoint or model before uploading.",
        concat!(
            r#"{"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}}"#,
            "\n",
            r#"{"custom_id":"b","method":"POST","url":"/v1/embeddings","body":{"model":"gpt-4o-mini","input":"Hi"}}"#,
        ),
        concat!(
            r#"{"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}}"#,
            "\n",
            r#"{"custom_id":"b","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}}"#,
        ),
    ),
};

/// The value at `path`, `here` (shown), where line `first_line` has `first`.
pub(crate) fn mixed_values(path: &str, here: &str, first: &str, first_line: u64) -> Message {
    Message::new(
        Code::MixedValues,
        format!("{path} is {here} here but {first} on line {first_line}; it must be the same on every line of a file"),
    )
    .label("differs from the first line")
    .help("put records with different values in separate files")
}

pub(super) const LONG_ID: Unit = Unit {
    code: "BL406",
    name: "long-id",
    severity: Severity::Warning,
    summary: "an id is over 255 characters long, where the API documents no limit",
    docs: docs(
        "An id matches each result to its request, so it is short in practice: a request number, a row key, \
         a hash. An id of hundreds of characters is almost always a mistake, such as a prompt or a whole \
         record pasted into it; where the API documents no limit, it may still refuse or truncate it. Where \
         a limit is documented (sync.so's `request_id`, Anthropic's and Together's `custom_id`), going over \
         it is an error of the schema instead.",
        "{\"custom_id\":\"Summarise the following article in three sentences: … (300 characters)\",…}",
        r#"{"custom_id":"article-0042",…}"#,
    ),
};

/// An id of `chars` characters, over `limit`.
pub(crate) fn long_id(chars: u64, limit: usize) -> Message {
    Message::new(Code::LongId, format!("the id is unusually long: {} characters", thousands(chars)))
        .label("this id")
        .help(format!(
            "an id identifies a result; over {limit} characters it is likely a whole value pasted by mistake"
        ))
}

pub(super) const FILE_NAME: Unit = Unit {
    code: "BL407",
    name: "file-name",
    severity: Severity::Warning,
    summary: "the file's name does not have the extension the API requires",
    docs: docs(
        "OpenAI, Azure OpenAI, Groq and Together take a batch input file only if its name ends in `.jsonl`: \
         another name (`requests.json`, `batch.txt`, `data.ndjson`) is refused at upload with \"Invalid file \
         format for Batch API. Must be .jsonl\", after the file was built and checked. batchlint warns \
         when it checks a file by name; not on standard input, whose name it does not know.",
        "(a file named requests.ndjson, checked with --profile openai)",
        "(the same file, named requests.jsonl)",
    ),
};

/// A file named `name`, checked with `profile`, whose API takes
/// only names ending in `.{wanted}`; `stem` is the name without its extension.
pub(crate) fn file_name(name: &str, profile: &str, wanted: &str, stem: &str) -> Message {
    let name = printable(name);
    Message::new(
        Code::FileName,
        format!("the file is named `{name}`: the {} API takes only files named `*.{wanted}`", printable(profile)),
    )
    .label(format!("`{name}`"))
    .help(format!("upload it as `{}.{wanted}`", printable(stem)))
}
