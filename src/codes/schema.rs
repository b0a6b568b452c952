//! `BL2xx`, the line schema: what a profile's JSON Schema says of one record.

use super::{Code, Message, Severity, Unit, docs};
use crate::text::printable;

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

/// Required `key` missing from the object at `path`; `present` is a key the
/// object has that is likely a typo of it.
pub(crate) fn missing_field(key: &str, path: &str, present: Option<&str>) -> Message {
    let message = Message::new(Code::MissingField, format!("missing required key `{key}` in {path}"))
        .label(format!("this object needs `{key}`"));
    match present {
        Some(found) => message.help(format!("the object has `{}`: did you mean `{key}`?", printable(found))),
        None => message,
    }
}

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

/// The value at `path` is of type `found` (`a string`), not `expected` (`number or null`).
pub(crate) fn wrong_type(path: &str, expected: &str, found: &str) -> Message {
    Message::new(Code::WrongType, format!("{path} must be {expected}, found {found}"))
        .label(format!("expected {expected}"))
}

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

/// The value at `path`, `shown`, is none of `allowed` (shown, comma-separated);
/// `hint` is the one it is likely a typo of.
pub(crate) fn not_in_enum(path: &str, shown: &str, allowed: &str, hint: Option<&str>) -> Message {
    let message = Message::new(Code::InvalidValue, format!("{path} is {shown}, which is not one of {allowed}"))
        .label("not an allowed value");
    match hint {
        Some(h) => message.help(format!("did you mean `{h}`?")),
        None => message,
    }
}

/// The value at `path`, `shown`, is not the one value `expected` (shown).
pub(crate) fn not_the_constant(path: &str, expected: &str, shown: &str) -> Message {
    Message::new(Code::InvalidValue, format!("{path} must be {expected}, found {shown}"))
        .label(format!("expected {expected}"))
        .help(format!("use exactly {expected}"))
}

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

/// The number at `path`, `shown`, is `what` (`above the maximum of 1`).
pub(crate) fn out_of_range(path: &str, shown: &str, what: &str) -> Message {
    Message::new(Code::OutOfRange, format!("{path} is {shown}, {what}")).label(what)
}

/// The string, array or object at `path` `what` (`has more than 3 item(s)`).
pub(crate) fn wrong_size(path: &str, what: &str) -> Message {
    Message::new(Code::OutOfRange, format!("{path} {what}")).label(what)
}

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

/// The string at `path`, `shown`, does not match `pattern`.
pub(crate) fn pattern_mismatch(path: &str, shown: &str, pattern: &str) -> Message {
    Message::new(Code::BadFormat, format!("{path} is {shown}, which does not match the pattern `{pattern}`"))
        .label("does not match")
}

/// The string at `path`, `shown`, is not of `format` (`uri`).
pub(crate) fn not_of_format(path: &str, shown: &str, format: &str) -> Message {
    Message::new(Code::BadFormat, format!("{path} is {shown}, which is not a valid {format}"))
        .label(format!("not a valid {format}"))
}

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

/// `key` in the object at `path`, which the schema does not define. The
/// help names, in this order: where the key belongs (`home`), the defined
/// key it is likely a typo of (`hint`), or, for a warning, what the API may
/// do with it.
pub(crate) fn unknown_key(key: &str, path: &str, home: Option<String>, hint: Option<&str>, warning: bool) -> Message {
    let message = Message::new(Code::UnknownKey, format!("unknown key `{}` in {path}", printable(key)))
        .label("not defined by the schema");
    match (home, hint) {
        (Some(home), _) => message.help(home),
        (None, Some(k)) => message.help(format!("did you mean `{k}`?")),
        (None, None) if warning => message.help("the API may ignore or refuse it; remove it if it is a mistake"),
        (None, None) => message,
    }
}

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

/// The value at `path` fails the schema's `keyword`, as jsonschema says (`says`).
pub(crate) fn schema_violation(path: &str, says: &str, keyword: &str) -> Message {
    Message::new(Code::SchemaViolation, format!("{path}: {says}")).label(format!("fails `{keyword}`"))
}

/// A `pattern` stopped after `limit` backtracking steps on the value at `path`.
pub(crate) fn pattern_too_costly(path: &str, limit: u64) -> Message {
    Message::new(
        Code::SchemaViolation,
        format!(
            "{path}: the schema's pattern needs more than {} backtracking steps on this value, so it was stopped \
             there",
            crate::thousands(limit)
        ),
    )
    .label("pattern too costly to evaluate")
    .help("a pattern with backreferences or lookarounds over repetitions backtracks; rewrite it without them")
}

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

/// A record with `keys` (shown), which are those of the `first` profile's
/// records (and of `others`'), checked with the `active` one.
pub(crate) fn other_profile(keys: &str, first: &str, others: &[&str], active: &str) -> Message {
    let also = if others.is_empty() { String::new() } else { format!(" ({} take the same keys)", others.join(", ")) };
    let active = printable(active);
    Message::new(
        Code::OtherProfile,
        format!(
            "the record has the keys of `{first}` records ({keys}), not of `{active}` ones: use `--profile {first}`"
        ),
    )
    .label(format!("not a `{active}` key"))
    .help(format!(
        "the file is for another batch API than `{active}`{also}; further records like this one are not reported \
         one by one"
    ))
}

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

/// The URL at `path` has non-ASCII characters; `encoded` is what clients
/// send, `international_host` whether its host is in punycode there.
pub(crate) fn non_ascii_url(path: &str, encoded: &str, international_host: bool) -> Message {
    let host = if international_host { " (and its host in punycode)" } else { "" };
    Message::new(Code::NonAsciiUrl, format!("{path} has non-ASCII characters"))
        .label("not ASCII")
        .help(format!("HTTP clients send it percent-encoded{host}: `{encoded}`"))
}

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

/// Key `given` beside `other` in the object at `object`, which may not be
/// given together; `same` when they are one field spelt two ways.
pub(crate) fn conflicting_keys(given: &str, other: &str, object: &str, same: bool) -> Message {
    let (given, other) = (printable(given), printable(other));
    let message = if same {
        Message::new(
            Code::ConflictingKeys,
            format!("`{given}` and `{other}` in {object} are the same field, spelt two ways"),
        )
        .help(format!("give it once: merge the two values under `{given}` or `{other}`"))
    } else {
        Message::new(Code::ConflictingKeys, format!("`{given}` may not be given together with `{other}` in {object}"))
            .help(format!("remove `{given}` or `{other}`"))
    };
    message.label(format!("also given as `{other}`"))
}

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

/// The key at `path` is deprecated; `description` is what the schema says of
/// it, when short enough to show.
pub(crate) fn deprecated_field(path: &str, description: Option<&str>) -> Message {
    let message = Message::new(Code::DeprecatedField, format!("{path} is deprecated")).label("deprecated");
    match description {
        Some(description) => message.help(format!("the schema says: {description}")),
        None => message.help("the API still accepts it, for now: use what replaces it"),
    }
}
