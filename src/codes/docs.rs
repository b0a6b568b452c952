//! The long explanation of every code: why it matters and an example of bad
//! and fixed input. `batchlint rule CODE` prints it.
//!
//! The `match` below is exhaustive, so a new [`Code`] does not compile without
//! its docs; the tests check that every entry is filled in and that the
//! literal examples really trigger (and, fixed, no longer trigger) their code.

use super::Code;

/// The long explanation of a [`Code`], from [`Code::docs`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CodeDocs {
    /// Why the problem matters: what the API or other tools do with such
    /// input, and the usual cause. One paragraph.
    pub why: &'static str,
    /// Input that triggers the code. Usually literal JSON Lines; for problems
    /// that cannot be shown as text (bytes, whole files) a description in
    /// angle brackets or parentheses stands for the part that cannot.
    pub example_bad: &'static str,
    /// The same input, fixed.
    pub example_fixed: &'static str,
}

const fn docs(why: &'static str, example_bad: &'static str, example_fixed: &'static str) -> CodeDocs {
    CodeDocs { why, example_bad, example_fixed }
}

/// A clean sync.so record of the examples: `request_id` `r{id}`, the media
/// `v{n}.mp4` and `a{n}.wav`.
macro_rules! clean {
    ($id:literal, $n:literal) => {
        concat!(
            r#"{"request_id":"r"#,
            $id,
            r#"","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v"#,
            $n,
            r#".mp4"},{"type":"audio","url":"https://example.com/a"#,
            $n,
            r#".wav"}]}}"#
        )
    };
}

impl Code {
    /// Why the code matters, with an example of bad and fixed input.
    #[must_use]
    #[allow(clippy::too_many_lines)]
    pub const fn docs(self) -> CodeDocs {
        match self {
            Code::InvalidUtf8 => docs(
                "The API reads the file as UTF-8. A byte that is not UTF-8, typically from an export in Latin-1 or \
                 Windows-1252, makes the line unreadable: the request fails, or a lenient tool replaces the byte \
                 with U+FFFD and the script is sent garbled. batchlint reports the first bad byte of each line and \
                 goes on with the next line. Re-encode the file, e.g. `iconv -f windows-1252 -t utf-8`.",
                r#"{"request_id":"r1",…,"script":"Caf<E9>"}   (<E9> is the byte 0xE9: "é" in Latin-1)"#,
                r#"{"request_id":"r1",…,"script":"Café"}   ("é" in UTF-8 is the two bytes 0xC3 0xA9)"#,
            ),
            Code::Bom => docs(
                "A byte order mark is three invisible bytes (EF BB BF) before the first `{`. Many JSON parsers \
                 reject them, so the first request of the batch is likely to fail; editors add them when saving \
                 as \"UTF-8 with BOM\". batchlint still checks the rest of line 1.",
                r#"<EF BB BF>{"request_id":"r1","endpoint":"/v2/generate","payload":{…}}"#,
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{…}}   (saved as UTF-8 without BOM)"#,
            ),
            Code::BlankLine => docs(
                "In JSON Lines every line is one record, and an empty line is not valid JSON: the API may refuse \
                 the whole batch because of it. Blank lines are usually left over from concatenating files or \
                 from an editor; the last line may end with a newline, but no empty line may follow it.",
                concat!(clean!(1, 1), "\n\n", clean!(2, 2)),
                concat!(clean!(1, 1), "\n", clean!(2, 2)),
            ),
            Code::LineTooLong => docs(
                "A line that is longer than the file may be can never be uploaded. batchlint skips such a line \
                 without reading it into memory, so a runaway line cannot exhaust it. The usual cause is media \
                 inlined as base64 or a data URL: point to it with a URL or an asset id instead.",
                r#"{"request_id":"r1",…,"input":[{"type":"video","url":"data:video/mp4;base64,AAAAIGZ0eXBpc29t…"},…]}   (6 MB on one line)"#,
                r#"{"request_id":"r1",…,"input":[{"type":"video","url":"https://example.com/v1.mp4"},…]}"#,
            ),
            Code::NotJsonLines => docs(
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
            Code::EmptyFile => docs(
                "An empty file holds no request, so there is nothing to upload; the API refuses it. It usually \
                 means that the step that wrote the file failed or filtered out everything.",
                "(a file of 0 bytes, or of blank lines only)",
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{…}}   (one request per line)"#,
            ),
            Code::NotText => docs(
                "Batch APIs take JSON Lines text. A compressed file (zstd, bzip2, xz, zip or 7z, known by its first \
                 bytes; gzip is decompressed as it is read) or binary data (NUL and other control bytes among its \
                 first 8 KiB) is not text: usually the wrong file was named, or an archive was not unpacked. \
                 batchlint reports this once and skips the file instead of reporting every line.",
                "<28 B5 2F FD …>   (requests.jsonl.zst, compressed with zstd)",
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{…}}   (after `zstd -d requests.jsonl.zst`)"#,
            ),
            Code::WrongEncoding => docs(
                "Batch APIs read the file as UTF-8; a file in UTF-16 or UTF-32 is unreadable to them (OpenAI answers \
                 \"Must be utf-8 encoded\"). Windows PowerShell 5 writes UTF-16 by default (`>` and `Out-File`). \
                 batchlint knows the encoding by its byte order mark, or by the zero bytes of the first characters, \
                 reports it once and skips the file instead of reporting every line. Convert the file, e.g. \
                 `iconv -f UTF-16LE -t UTF-8`, or write it with `Out-File -Encoding utf8`.",
                "<FF FE 7B 00 22 00 72 00 …>   (UTF-16 LE with its byte order mark: each character takes two bytes)",
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{…}}   (the same text in UTF-8)"#,
            ),
            Code::MoreProblems => docs(
                "A line with thousands of problems (a generated record gone wrong, a whole table pasted into one \
                 line) would bury every other line's diagnostics and cost time to report in full. batchlint lists \
                 the first 100 problems of a line (`--max-per-line`, or `max-per-line` in `batchlint.toml`) and \
                 counts the rest in this one diagnostic, an error if any of them is. The line is rejected as a \
                 whole either way.",
                "{\"request_id\":\"r1\",…,\"options\":{\"k1\":1,\"k2\":2,…,\"k100000\":100000}}   (100,000 unknown keys)",
                r#"{"request_id":"r1",…,"options":{"temperature":0.5}}"#,
            ),
            Code::InvalidJson => docs(
                "The line cannot be parsed, so the request cannot be read; the API answers a batch with such a \
                 line with one vague error for the whole file. Common causes are trailing commas, single quotes, \
                 unquoted keys, comments, `NaN`, and a record cut off by a truncated write.",
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"},]}}"#,
                clean!(1, 1),
            ),
            Code::NotAnObject => docs(
                "Each line must be one request object. An array, a string or a number on a line is valid JSON \
                 but not a request: typically a record encoded twice (a JSON string holding the record), or records \
                 wrapped in `[…]` on one line among others (`batchlint fix` puts each object of such an array on \
                 its own line; a file that is a single array is BL005).",
                r#""{\"request_id\":\"r1\",\"endpoint\":\"/v2/generate\",\"payload\":{\"model\":\"lipsync-2\",\"input\":[{\"type\":\"video\",\"url\":\"https://example.com/v1.mp4\"},{\"type\":\"audio\",\"url\":\"https://example.com/a1.wav\"}]}}""#,
                clean!(1, 1),
            ),
            Code::DuplicateKey => docs(
                "JSON parsers disagree about a key that appears twice: most keep the last value, some the first, \
                 some refuse the document. Which value the API uses is not specified, so the request may not do \
                 what you meant. Keep one of them.",
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"options":{"temperature":0.5,"temperature":0.8}}}"#,
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"options":{"temperature":0.8}}}"#,
            ),
            Code::NumberOutOfRange => docs(
                "A number beyond about 1.8e308 does not fit a 64-bit float: parsers turn it into infinity, into \
                 null, or refuse the line, so what the API receives is not what the file says. It is almost \
                 always a bug in the program that wrote the file.",
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"options":{"temperature":1e400}}}"#,
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"options":{"temperature":1}}}"#,
            ),
            Code::NestingTooDeep => docs(
                "Parsers limit how deeply arrays and objects may nest (serde_json stops at 128 levels) to protect \
                 their stack, so such a line is likely to be refused. No request needs that depth: the value was \
                 almost certainly produced by a bug, such as a value wrapped in itself in a loop.",
                r#"{"request_id":"r1",…,"payload":{…,"dubParams":{"a":[[[[[[…]]]]]]}}}   (more than 127 levels)"#,
                r#"{"request_id":"r1",…,"payload":{…,"dubParams":{"a":[]}}}"#,
            ),
            Code::MissingField => docs(
                "The API refuses a request without one of its required keys, and for a batch it does so after \
                 the upload. The message names the key and the object it is missing from.",
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}]}}"#,
                clean!(1, 1),
            ),
            Code::WrongType => docs(
                "The API does not convert types: `\"0.5\"` is a string, not a number, and a request with it is \
                 refused. Values quoted by a CSV-to-JSON conversion or built by string concatenation are the \
                 usual cause.",
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"options":{"temperature":"0.5"}}}"#,
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"options":{"temperature":0.5}}}"#,
            ),
            Code::InvalidValue => docs(
                "The API accepts only the listed values for keys such as `model`, `input[].type` and \
                 `options.sync_mode`. A typo is refused after the upload, often as one vague error for the whole \
                 batch. batchlint lists the allowed values and suggests the closest one.",
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}]}}"#,
                clean!(1, 1),
            ),
            Code::OutOfRange => docs(
                "The API refuses values outside their documented range or size: a `temperature` above 1, an \
                 empty `request_id`, an `input` list without items. The message says which bound was passed.",
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"options":{"temperature":1.7}}}"#,
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"options":{"temperature":0.7}}}"#,
            ),
            Code::BadFormat => docs(
                "Some strings must have a given shape: media URLs start with `http://` or `https://`, and \
                 `outputFileName` is a name without extension made of letters, digits, `_` and `-`. The API \
                 refuses other strings, or a file name may be mangled on output.",
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"outputFileName":"clip-01.mp4"}}"#,
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"outputFileName":"clip-01"}}"#,
            ),
            Code::UnknownKey => docs(
                "Most APIs do not document whether they ignore or refuse keys they do not know. Either way a \
                 misspelt key does not do what you meant: a `webhook_url` is no `webhookUrl`, and no webhook is \
                 called. The help names the key meant, or where the key belongs when the schema defines it at \
                 another level (a `max_tokens` inside a message belongs in the request body). With a profile's \
                 schema this is a warning, except where the API documents that it refuses unknown keys \
                 (`mistral`); with `--schema` your schema is the whole contract of a line and an unknown key is \
                 an error.",
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"webhook_url":"https://example.com/done"}}"#,
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"webhookUrl":"https://example.com/done"}}"#,
            ),
            Code::SchemaViolation => docs(
                "The line breaks a rule of the line schema that has no code of its own, such as `uniqueItems`, \
                 `not` or `multipleOf`; the message names the keyword that failed. The sync profile's schema has \
                 no such rule: this comes from your own `--schema`. The example assumes a schema that requires \
                 the items of `payload.input` to be unique.",
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"},{"type":"audio","url":"https://example.com/a1.wav"}]}}"#,
                clean!(1, 1),
            ),
            Code::OtherProfile => docs(
                "Each batch API has its own record layout: sync.so's `request_id`, `endpoint` and `payload`, \
                 OpenAI's `custom_id`, `method`, `url` and `body`, Anthropic's `custom_id` and `params`, Gemini's \
                 `key` and `request`. A record with exactly another API's keys is not a broken record but the \
                 wrong profile (or a file meant for another API): batchlint says so once, naming the profile to use, \
                 instead of a missing and an unknown key for every key of every line. Records of that shape after \
                 the first are still errors, not reported one by one. Turn the code off to see their diagnostics.",
                r#"{"custom_id":"r1","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}}"#,
                clean!(1, 1),
            ),
            Code::NonAsciiUrl => docs(
                "A URL with non-ASCII characters (an IRI, such as a file named `vidéo.mp4`) is not a valid URI as \
                 written, but every HTTP client sends it percent-encoded (`vid%C3%A9o.mp4`), so the API most likely \
                 fetches the right file: a warning, whose help shows the encoded URL to be sure. Spaces, control \
                 characters, a missing scheme or host stay errors (BL205). Only the built-in profiles' URLs; a \
                 `--schema` of your own keeps JSON Schema's `format` as it is.",
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/vidéo.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}]}}"#,
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/vid%C3%A9o.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}]}}"#,
            ),
            Code::ConflictingKeys => docs(
                "Google's APIs read JSON field names in lowerCamelCase or in snake_case (`generationConfig` or \
                 `generation_config`), but one object may not give the same field both ways: the request is \
                 refused, or one of the two values is silently dropped. It happens when a request built by one \
                 library is amended by code written for another. Keep one spelling. A schema of your own says \
                 the same of any two keys with `dependentSchemas` (`{\"a\": {\"properties\": {\"b\": false}}}`).",
                r#"{"key":"r1","request":{"contents":[{"role":"user","parts":[{"text":"Hi"}]}],"generationConfig":{"temperature":0.2},"generation_config":{"maxOutputTokens":64}}}"#,
                r#"{"key":"r1","request":{"contents":[{"role":"user","parts":[{"text":"Hi"}]}],"generationConfig":{"temperature":0.2,"maxOutputTokens":64}}}"#,
            ),
            Code::DeprecatedField => docs(
                "Providers keep accepting a parameter for a while after they replace it, then drop it: a batch \
                 built today on a deprecated key may fail when it is sent months later, or quietly lose what the \
                 key asked for (OpenAI's `max_tokens` gave way to `max_completion_tokens`, `functions` to \
                 `tools`). The schema marks such keys `\"deprecated\": true`, where the provider says so, and the \
                 help quotes what replaces them. A warning: the request is still accepted. Reported on records \
                 without errors.",
                r#"{"custom_id":"r1","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}],"max_tokens":100}}"#,
                r#"{"custom_id":"r1","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}],"max_completion_tokens":100}}"#,
            ),
            Code::VisualInputCount => docs(
                "A generation lip-syncs exactly one video or one image. The API refuses a request with none, or \
                 with several: make one request per video.",
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"video","url":"https://example.com/v2.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}]}}"#,
                clean!(1, 1),
            ),
            Code::MissingAudio => docs(
                "Without an audio input, or a text input to be spoken, there is nothing to lip-sync to, and the \
                 API refuses the request. Only `dubParams` (which dubs the video's own audio) and `dialogueEdit` \
                 do without one.",
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"}]}}"#,
                clean!(1, 1),
            ),
            Code::ImageNeedsSync3 => docs(
                "Only the `sync-3` model animates a still image; the other models need a video and refuse an \
                 image input. Use `sync-3`, or give a video.",
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"image","url":"https://example.com/face.png"},{"type":"audio","url":"https://example.com/a1.wav"}]}}"#,
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"sync-3","input":[{"type":"image","url":"https://example.com/face.png"},{"type":"audio","url":"https://example.com/a1.wav"}]}}"#,
            ),
            Code::ReactOnlyOption => docs(
                "`options.model_mode` and `options.prompt` steer the `react-1` model; other models refuse them or \
                 ignore them, so the output is not what was asked for. Use `react-1`, or remove the option.",
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"options":{"model_mode":"face"}}}"#,
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"react-1","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"options":{"model_mode":"face"}}}"#,
            ),
            Code::MediaSource => docs(
                "The API fetches each media input either from a `url` or from an uploaded asset (`assetId`). \
                 With neither it has nothing to fetch; with both it is unspecified which one wins.",
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio"}]}}"#,
                clean!(1, 1),
            ),
            Code::UnresolvedRefId => docs(
                "A segment plays the audio or text input whose `refId` it names. When no input has that `refId`, \
                 the segment has no audio and the API refuses the request; usually one of the two ids is \
                 misspelt.",
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav","refId":"voice-1"}],"segments":[{"startTime":0,"endTime":4,"audioInput":{"refId":"voice-2"}}]}}"#,
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav","refId":"voice-1"}],"segments":[{"startTime":0,"endTime":4,"audioInput":{"refId":"voice-1"}}]}}"#,
            ),
            Code::SegmentTimes => docs(
                "A segment must start before it ends; an empty or reversed time range is refused. Times are in \
                 seconds: a segment written in milliseconds, or with its two times swapped, is the usual cause.",
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav","refId":"voice"}],"segments":[{"startTime":5,"endTime":2.5,"audioInput":{"refId":"voice"}}]}}"#,
                r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav","refId":"voice"}],"segments":[{"startTime":2.5,"endTime":5,"audioInput":{"refId":"voice"}}]}}"#,
            ),
            Code::TooFewRecords => docs(
                "A batch API takes a minimum number of requests per file (the sync.so API: 20) and refuses a \
                 smaller file as a whole. Merge small batches, or send a few requests one by one to the regular \
                 endpoint. `--min-records` changes the limit.",
                "(a file of 19 records; the sync profile needs 20 to 500)",
                "(a file of 20 records or more: merge it with another batch)",
            ),
            Code::TooManyRecords => docs(
                "A batch API takes a maximum number of requests per file (the sync.so API: 500) and refuses a \
                 larger file as a whole. `batchlint split` cuts it into the fewest, most balanced files that \
                 each pass `check`. `--max-records` changes the limit.",
                "(requests.jsonl: 1,001 records; the sync profile allows 500)",
                "(batchlint split requests.jsonl --out-dir batches/: three files of 334, 334 and 333 records)",
            ),
            Code::FileTooLarge => docs(
                "A batch API caps the size of an upload (the sync.so API: 5 MB, which batchlint reads as \
                 5,000,000 bytes, safe under either meaning of MB); every byte counts, newlines included. A \
                 larger file is refused as a whole. `batchlint split` cuts it into files under the cap. \
                 `--max-bytes` changes the limit.",
                "(requests.jsonl: 7,200,000 bytes; the sync profile allows 5,000,000)",
                "(batchlint split requests.jsonl --out-dir batches/: two files under 5,000,000 bytes each)",
            ),
            Code::MixedValues => docs(
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
            Code::DuplicateId => docs(
                "Results are matched to requests by their id (`request_id` for sync.so). With two requests under \
                 one id you cannot tell which result belongs to which, and the API may refuse the batch. Ids are \
                 compared after JSON unescaping, so `\"r\\u0031\"` and `\"r1\"` are the same id. \
                 `--id-pointer` changes which key is the id.",
                concat!(clean!(1, 1), "\n", clean!(1, 2)),
                concat!(clean!(1, 1), "\n", clean!(2, 2)),
            ),
            Code::LongId => docs(
                "An id matches each result to its request, so it is short in practice: a request number, a row key, \
                 a hash. An id of hundreds of characters is almost always a mistake, such as a prompt or a whole \
                 record pasted into it; where the API documents no limit, it may still refuse or truncate it. Where \
                 a limit is documented (sync.so's `request_id`, Anthropic's and Together's `custom_id`), going over \
                 it is an error of the schema instead.",
                "{\"custom_id\":\"Summarise the following article in three sentences: … (300 characters)\",…}",
                r#"{"custom_id":"article-0042",…}"#,
            ),
            Code::FileName => docs(
                "OpenAI, Azure OpenAI, Groq and Together take a batch input file only if its name ends in `.jsonl`: \
                 another name (`requests.json`, `batch.txt`, `data.ndjson`) is refused at upload with \"Invalid file \
                 format for Batch API. Must be .jsonl\", after the file was built and checked. batchlint warns \
                 when it checks a file by name; not on standard input, whose name it does not know.",
                "(a file named requests.ndjson, checked with --profile openai)",
                "(the same file, named requests.jsonl)",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Code, LineSchema, Linter, Profile};

    /// Codes whose examples describe what text cannot show (bytes, whole
    /// files, sizes) instead of being literal input.
    const DESCRIBED: &[Code] = &[
        Code::InvalidUtf8,
        Code::Bom,
        Code::LineTooLong,
        Code::EmptyFile,
        Code::NotText,
        Code::WrongEncoding,
        Code::MoreProblems,
        Code::NestingTooDeep,
        Code::TooFewRecords,
        Code::TooManyRecords,
        Code::FileTooLarge,
        Code::LongId,
        Code::FileName,
    ];

    fn codes_found(code: Code, input: &str) -> Vec<Code> {
        let name = match code {
            Code::MixedValues | Code::DeprecatedField => "openai",
            Code::ConflictingKeys => "gemini",
            _ => "sync",
        };
        let mut profile = Profile::by_name(name).unwrap();
        if code == Code::SchemaViolation {
            // Its example needs a schema with a rule the sync schema lacks.
            let schema = "testdata/check/unique-inputs.schema.json";
            profile = profile.with_schema(LineSchema::from_path(schema.as_ref()).unwrap());
        }
        profile.limits.min_records = None;
        profile.limits.max_records = None;
        let linter = Linter::new(profile);
        let mut found = Vec::new();
        linter.check_reader(input.as_bytes(), |d| found.push(d.code)).unwrap();
        found
    }

    #[test]
    fn every_code_has_docs() {
        for code in Code::ALL {
            let docs = code.docs();
            for (what, text) in
                [("why", docs.why), ("example_bad", docs.example_bad), ("example_fixed", docs.example_fixed)]
            {
                assert!(text.trim().len() > 10, "{code} has no `{what}`");
                assert_eq!(text, text.trim(), "{code}: `{what}` has leading or trailing whitespace");
            }
            assert_ne!(docs.example_bad, docs.example_fixed, "{code}: the fixed example is the bad one");
            assert!(!docs.why.contains("  "), "{code}: `why` has a double space (a broken line continuation?)");
        }
    }

    #[test]
    fn literal_examples_trigger_their_code_and_the_fixes_are_clean() {
        for &code in Code::ALL {
            if DESCRIBED.contains(&code) {
                continue;
            }
            let docs = code.docs();
            let bad = codes_found(code, docs.example_bad);
            assert!(bad.contains(&code), "{code}: the bad example gives {bad:?}");
            let fixed = codes_found(code, docs.example_fixed);
            assert!(fixed.is_empty(), "{code}: the fixed example gives {fixed:?}");
        }
    }
}
