//! `BL2xx`, the line schema: what a profile's JSON Schema says of one record.

use super::{Severity, Unit, docs};

pub(super) const MISSING_FIELD: Unit = Unit {
    code: "BL201",
    name: "missing-field",
    severity: Severity::Error,
    summary: "a required key is missing",
    docs: docs(
        "The API refuses a request without one of its required keys, and for a batch it does so after \
         the upload. The message names the key and the object it is missing from.",
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}]}}"#,
        clean!(1, 1),
    ),
};

pub(super) const WRONG_TYPE: Unit = Unit {
    code: "BL202",
    name: "wrong-type",
    severity: Severity::Error,
    summary: "a value has the wrong JSON type",
    docs: docs(
        "The API does not convert types: `\"0.5\"` is a string, not a number, and a request with it is \
         refused. Values quoted by a CSV-to-JSON conversion or built by string concatenation are the \
         usual cause.",
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"options":{"temperature":"0.5"}}}"#,
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"options":{"temperature":0.5}}}"#,
    ),
};

pub(super) const INVALID_VALUE: Unit = Unit {
    code: "BL203",
    name: "invalid-value",
    severity: Severity::Error,
    summary: "a value is not one of the allowed values",
    docs: docs(
        "The API accepts only the listed values for keys such as `model`, `input[].type` and \
         `options.sync_mode`. A typo is refused after the upload, often as one vague error for the whole \
         batch. batchlint lists the allowed values and suggests the closest one.",
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}]}}"#,
        clean!(1, 1),
    ),
};

pub(super) const OUT_OF_RANGE: Unit = Unit {
    code: "BL204",
    name: "out-of-range",
    severity: Severity::Error,
    summary: "a number, string, array or object is outside its allowed range or size",
    docs: docs(
        "The API refuses values outside their documented range or size: a `temperature` above 1, an \
         empty `request_id`, an `input` list without items. The message says which bound was passed.",
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"options":{"temperature":1.7}}}"#,
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"options":{"temperature":0.7}}}"#,
    ),
};

pub(super) const BAD_FORMAT: Unit = Unit {
    code: "BL205",
    name: "bad-format",
    severity: Severity::Error,
    summary: "a string does not match its pattern or format",
    docs: docs(
        "Some strings must have a given shape: media URLs start with `http://` or `https://`, and \
         `outputFileName` is a name without extension made of letters, digits, `_` and `-`. The API \
         refuses other strings, or a file name may be mangled on output.",
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"outputFileName":"clip-01.mp4"}}"#,
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"outputFileName":"clip-01"}}"#,
    ),
};

pub(super) const UNKNOWN_KEY: Unit = Unit {
    code: "BL206",
    name: "unknown-key",
    severity: Severity::Warning,
    summary: "a key the profile's schema does not define",
    docs: docs(
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
};

pub(super) const SCHEMA_VIOLATION: Unit = Unit {
    code: "BL207",
    name: "schema-violation",
    severity: Severity::Error,
    summary: "a value violates another rule of the line schema",
    docs: docs(
        "The line breaks a rule of the line schema that has no code of its own, such as `uniqueItems`, \
         `not` or `multipleOf`; the message names the keyword that failed. The sync profile's schema has \
         no such rule: this comes from your own `--schema`. The example assumes a schema that requires \
         the items of `payload.input` to be unique.",
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"},{"type":"audio","url":"https://example.com/a1.wav"}]}}"#,
        clean!(1, 1),
    ),
};

pub(super) const OTHER_PROFILE: Unit = Unit {
    code: "BL208",
    name: "other-profile",
    severity: Severity::Error,
    summary: "a record has the keys of another batch API's records: the wrong profile",
    docs: docs(
        "Each batch API has its own record layout: sync.so's `request_id`, `endpoint` and `payload`, \
         OpenAI's `custom_id`, `method`, `url` and `body`, Anthropic's `custom_id` and `params`, Gemini's \
         `key` and `request`. A record with exactly another API's keys is not a broken record but the \
         wrong profile (or a file meant for another API): batchlint says so once, naming the profile to use, \
         instead of a missing and an unknown key for every key of every line. Records of that shape after \
         the first are still errors, not reported one by one. Turn the code off to see their diagnostics.",
        r#"{"custom_id":"r1","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}}"#,
        clean!(1, 1),
    ),
};

pub(super) const NON_ASCII_URL: Unit = Unit {
    code: "BL209",
    name: "non-ascii-url",
    severity: Severity::Warning,
    summary: "a URL has non-ASCII characters, which HTTP clients send percent-encoded",
    docs: docs(
        "A URL with non-ASCII characters (an IRI, such as a file named `vidéo.mp4`) is not a valid URI as \
         written, but every HTTP client sends it percent-encoded (`vid%C3%A9o.mp4`), so the API most likely \
         fetches the right file: a warning, whose help shows the encoded URL to be sure. Spaces, control \
         characters, a missing scheme or host stay errors (BL205). Only the built-in profiles' URLs; a \
         `--schema` of your own keeps JSON Schema's `format` as it is.",
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/vidéo.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}]}}"#,
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/vid%C3%A9o.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}]}}"#,
    ),
};

pub(super) const CONFLICTING_KEYS: Unit = Unit {
    code: "BL210",
    name: "conflicting-keys",
    severity: Severity::Error,
    summary: "an object has two keys that may not be given together, such as one field spelt in camelCase and in snake_case",
    docs: docs(
        "Google's APIs read JSON field names in lowerCamelCase or in snake_case (`generationConfig` or \
         `generation_config`), but one object may not give the same field both ways: the request is \
         refused, or one of the two values is silently dropped. It happens when a request built by one \
         library is amended by code written for another. Keep one spelling. A schema of your own says \
         the same of any two keys with `dependentSchemas` (`{\"a\": {\"properties\": {\"b\": false}}}`).",
        r#"{"key":"r1","request":{"contents":[{"role":"user","parts":[{"text":"Hi"}]}],"generationConfig":{"temperature":0.2},"generation_config":{"maxOutputTokens":64}}}"#,
        r#"{"key":"r1","request":{"contents":[{"role":"user","parts":[{"text":"Hi"}]}],"generationConfig":{"temperature":0.2,"maxOutputTokens":64}}}"#,
    ),
};

pub(super) const DEPRECATED_FIELD: Unit = Unit {
    code: "BL211",
    name: "deprecated-field",
    severity: Severity::Warning,
    summary: "a key the API still accepts but has deprecated, such as OpenAI's max_tokens",
    docs: docs(
        "Providers keep accepting a parameter for a while after they replace it, then drop it: a batch \
         built today on a deprecated key may fail when it is sent months later, or quietly lose what the \
         key asked for (OpenAI's `max_tokens` gave way to `max_completion_tokens`, `functions` to \
         `tools`). The schema marks such keys `\"deprecated\": true`, where the provider says so, and the \
         help quotes what replaces them. A warning: the request is still accepted. Reported on records \
         without errors.",
        r#"{"custom_id":"r1","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}],"max_tokens":100}}"#,
        r#"{"custom_id":"r1","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}],"max_completion_tokens":100}}"#,
    ),
};
