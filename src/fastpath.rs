//! A fast path for the built-in sync profile: decides that a record is
//! clean — it would get no diagnostic at all, not even a warning — without
//! building a `serde_json::Value`.
//!
//! The record is deserialised into borrowed, typed structs that mirror
//! `schemas/sync.schema.json`, and the cross-field rules are checked on them.
//! Anything the fast path does not fully understand (an unknown or repeated
//! key, a `null` where the schema wants a value, an escaped string where a
//! borrowed one is expected, a rarely used field such as `segments` or
//! `dubParams`, which the structs leave out on purpose) makes it give up, and the
//! record goes through the full pipeline, which then reports exactly what is
//! wrong. So the fast path can only be wrong by giving up too often; the
//! differential tests below, `diagnostics_are_the_same_with_and_without_the_fast_path`
//! in `src/lint/mod.rs` and the `file` fuzz target (`fuzz/fuzz_targets/file.rs`)
//! check that whenever it says "clean", the full pipeline agrees.

use serde::de::{Deserialize, Deserializer, Visitor};

/// A string, borrowed from the line when it has no escapes.
#[derive(Debug)]
enum Str<'a> {
    Borrowed(&'a str),
    Owned(String),
}

impl Str<'_> {
    fn as_str(&self) -> &str {
        match self {
            Str::Borrowed(s) => s,
            Str::Owned(s) => s,
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Str<'de>, E> {
                Ok(Str::Borrowed(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Str<'de>, E> {
                Ok(Str::Owned(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Str<'de>, E> {
                Ok(Str::Owned(v))
            }
        }
        d.deserialize_str(V)
    }
}

/// An optional field that, when present, must not be `null` (`Option`
/// would accept `null`, which the schema refuses).
#[derive(Debug)]
struct Present<T>(Option<T>);

impl<T> Default for Present<T> {
    fn default() -> Self {
        Present(None)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Present<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(d).map(|v| Present(Some(v)))
    }
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Line<'a> {
    #[serde(borrow)]
    request_id: Str<'a>,
    #[serde(borrow)]
    endpoint: Str<'a>,
    #[serde(borrow)]
    payload: Payload<'a>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Payload<'a> {
    #[serde(borrow)]
    model: Str<'a>,
    #[serde(borrow)]
    input: Vec<Input<'a>>,
    #[serde(default, borrow)]
    options: Present<Options<'a>>,
    #[serde(default, borrow, rename = "webhookUrl")]
    webhook_url: Present<Str<'a>>,
    #[serde(default, borrow, rename = "outputFileName")]
    output_file_name: Present<Str<'a>>,
    #[serde(default, borrow, rename = "projectId")]
    project_id: Present<Str<'a>>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Input<'a> {
    #[serde(borrow, rename = "type")]
    kind: Str<'a>,
    #[serde(default, borrow)]
    url: Present<Str<'a>>,
    #[serde(default, borrow, rename = "assetId")]
    asset_id: Present<Str<'a>>,
    #[serde(default, borrow, rename = "refId")]
    ref_id: Present<Str<'a>>,
    #[serde(default, borrow)]
    provider: Present<Provider<'a>>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Provider<'a> {
    #[serde(borrow)]
    name: Str<'a>,
    #[serde(borrow, rename = "voiceId")]
    voice_id: Str<'a>,
    #[serde(borrow)]
    script: Str<'a>,
    #[serde(default)]
    stability: Present<f64>,
    #[serde(default, rename = "similarityBoost")]
    similarity_boost: Present<f64>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Options<'a> {
    #[serde(default, borrow)]
    sync_mode: Present<Str<'a>>,
    /// `null` is allowed here by the schema.
    #[serde(default)]
    temperature: Option<f64>,
    /// Read for its type only.
    #[serde(default, rename = "occlusion_detection_enabled")]
    _occlusion_detection_enabled: Present<bool>,
    #[serde(default, borrow)]
    model_mode: Present<Str<'a>>,
    #[serde(default, borrow)]
    prompt: Present<Str<'a>>,
    /// Read for its type only.
    #[serde(default, rename = "reasoning_enabled")]
    _reasoning_enabled: Present<bool>,
    /// Read for its type only.
    #[serde(default, rename = "active_speaker")]
    _active_speaker: Present<bool>,
}

/// The bytes a URL's path, query and fragment hold as they are: RFC 3986
/// `unreserved`, `sub-delims`, `:`, `@`, `/` and `?`.
const URL_CHARS: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] =
            crate::iri::is_unreserved(c) || crate::iri::is_sub_delim(c) || matches!(c, b':' | b'@' | b'/' | b'?');
        b += 1;
    }
    table
};

/// Whether `url` is an `http(s)` URL of the plain shape nearly every record
/// uses: a host of letters, digits, dots and hyphens, an optional port, then
/// RFC 3986 path, query and fragment characters (percent-encodings included).
/// Every such URL meets the schema's `httpUrl` (`format: uri` and
/// `^https?://`); any other shape is left to the full validator, which
/// decides. No schema is compiled for it: a small clean file stays cheap.
fn url_ok(url: &str) -> bool {
    let bytes = url.as_bytes();
    let Some(rest) = bytes.strip_prefix(b"https://").or_else(|| bytes.strip_prefix(b"http://")) else {
        return false;
    };
    let host = rest.iter().take_while(|&&b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-').count();
    if host == 0 {
        return false;
    }
    let mut at = host;
    if rest.get(at) == Some(&b':') {
        let digits = rest[at + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        at += 1 + digits;
    }
    if !matches!(rest.get(at), None | Some(b'/' | b'?' | b'#')) {
        return false;
    }
    let mut fragment = false;
    while let Some(&b) = rest.get(at) {
        at += match b {
            b'%' if rest.get(at + 1..at + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) => 3,
            b'#' if !fragment => {
                fragment = true;
                1
            }
            b if URL_CHARS[usize::from(b)] => 1,
            _ => return false,
        };
    }
    true
}

fn in_unit(x: Option<f64>) -> bool {
    x.is_none_or(|x| (0.0..=1.0).contains(&x))
}

fn non_empty(s: &Present<Str<'_>>) -> bool {
    s.0.as_ref().is_none_or(|s| !s.as_str().is_empty())
}

impl Line<'_> {
    /// Whether the record meets every schema rule and cross-field rule.
    fn is_clean(&self) -> bool {
        let p = &self.payload;
        let model = p.model.as_str();
        if self.request_id.as_str().is_empty()
            || self.endpoint.as_str() != "/v2/generate"
            || !crate::rules::sync::models().iter().any(|m| m == model)
        {
            return false;
        }
        if p.input.is_empty() || !non_empty(&p.project_id) {
            return false;
        }
        if p.webhook_url.0.as_ref().is_some_and(|u| !url_ok(u.as_str())) {
            return false;
        }
        if let Some(name) = &p.output_file_name.0 {
            let name = name.as_str();
            let allowed = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
            if name.is_empty() || name.len() > 255 || !name.bytes().all(allowed) {
                return false;
            }
        }
        let (mut visual, mut voiced) = (0, 0);
        for item in &p.input {
            if !item.is_clean(model) {
                return false;
            }
            match item.kind.as_str() {
                "video" | "image" => visual += 1,
                _ => voiced += 1,
            }
        }
        if visual != 1 || voiced == 0 {
            return false;
        }
        match &p.options.0 {
            Some(o) => o.is_clean(model),
            None => true,
        }
    }
}

impl Input<'_> {
    fn is_clean(&self, model: &str) -> bool {
        if self.url.0.as_ref().is_some_and(|u| !url_ok(u.as_str()))
            || !non_empty(&self.asset_id)
            || !non_empty(&self.ref_id)
        {
            return false;
        }
        if let Some(p) = &self.provider.0
            && (p.name.as_str() != "elevenlabs"
                || p.voice_id.as_str().is_empty()
                || p.script.as_str().is_empty()
                || !in_unit(p.stability.0)
                || !in_unit(p.similarity_boost.0))
        {
            return false;
        }
        let one_source = self.url.0.is_some() != self.asset_id.0.is_some();
        match self.kind.as_str() {
            "video" | "audio" => one_source,
            "image" => one_source && model == "sync-3",
            "text" => self.provider.0.is_some(),
            _ => false,
        }
    }
}

impl Options<'_> {
    fn is_clean(&self, model: &str) -> bool {
        let member =
            |s: &Present<Str<'_>>, set: &[String]| s.0.as_ref().is_none_or(|v| set.iter().any(|x| x == v.as_str()));
        let react_only = self.model_mode.0.is_some() || self.prompt.0.is_some();
        let enums = crate::rules::sync::enums();
        member(&self.sync_mode, &enums.sync_modes)
            && member(&self.model_mode, &enums.model_modes)
            && member(&self.prompt, &enums.prompts)
            && in_unit(self.temperature)
            && (!react_only || model == "react-1")
    }
}

/// The `request_id` of a clean record, or `None` when the record needs the
/// full pipeline (it may well be clean too).
pub(crate) fn clean_sync_record(text: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(text).ok()?;
    let mut de = serde_json::Deserializer::from_str(text);
    let line = Line::deserialize(&mut de).ok()?;
    de.end().ok()?;
    line.is_clean().then(|| line.request_id.as_str().to_owned())
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::*;
    use crate::lint::Linter;
    use crate::profile::Profile;

    const VALID: &str = r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://v.example/a.mp4"},{"type":"audio","url":"https://a.example/a.wav"}],"options":{"sync_mode":"loop","temperature":0.4},"outputFileName":"a_1","webhookUrl":"https://h.example/x?y=1"}}"#;

    /// Every diagnostic the full pipeline gives one line (without the fast path).
    fn full(line: &str) -> usize {
        static LINTER: OnceLock<Linter> = OnceLock::new();
        let linter = LINTER.get_or_init(|| {
            let mut profile = Profile::sync().unwrap();
            profile.fast_path = false;
            profile.limits.min_records = None;
            Linter::new(profile)
        });
        let mut n = 0;
        linter.check_reader(line.as_bytes(), |_| n += 1).unwrap();
        n
    }

    /// Pieces that turn a valid record into nearly valid ones.
    const PIECES: [&str; 24] = [
        "\"",
        ",",
        "null",
        "1",
        "-1",
        "0.5",
        "2",
        "true",
        "{}",
        "[]",
        "\"\"",
        "\"x\"",
        "\"image\"",
        "\"text\"",
        "\"react-1\"",
        "\"sync-3\"",
        "\"face\"",
        "\"assetId\":\"a\",",
        "\"refId\":\"r\",",
        "\\u0041",
        " ",
        "\"https://x\"",
        "\"prompt\":\"sad\",",
        "\"model_mode\":\"lips\",",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// Whatever the record, a "clean" verdict of the fast path is never
        /// contradicted by the full pipeline.
        #[test]
        fn the_fast_path_never_contradicts_the_full_pipeline(
            edits in proptest::collection::vec((0..VALID.len(), 0..4usize, 0..PIECES.len()), 1..4)
        ) {
            let line = crate::testing::apply_edits(VALID, &PIECES, &edits);
            agree(&line);
        }
    }

    /// A plain URL the fast path accepts is one the schema's `httpUrl` accepts.
    #[test]
    fn plain_urls_meet_the_schema() {
        let schema = serde_json::json!({"type": "string", "format": "uri", "pattern": "^https?://"});
        let full = jsonschema::options().should_validate_formats(true).build(&schema).unwrap();
        let urls = [
            "https://v.example/a.mp4",
            "http://a",
            "http://a:8080",
            "http://a:/x",
            "http://a:99999999/x",
            "https://a.b-c.d/p/a%20b?q=1&r=x/y?z#frag/x?y",
            "https://a/%2",
            "https://a/%zz",
            "https://a/#x#y",
            "https://a/x y",
            "https://a/é",
            "https://a/\\",
            "https://a/[x]",
            "https://[::1]/x",
            "https://user@a/x",
            "https://user:pw@a/x",
            "https://a@b",
            "https:///x",
            "https://",
            "HTTP://a/x",
            "ftp://a/x",
            "https://a/'!$&()*+,;=:@~_.-",
            "https://a?",
            "https://a#",
            "https://a\"b",
            "https://a/x\u{0}",
        ];
        for url in urls {
            if url_ok(url) {
                assert!(full.is_valid(&serde_json::Value::String(url.to_owned())), "{url}");
            }
        }
        assert!(url_ok("https://a.b-c.d/p/a%20b?q=1&r=x/y?z#frag/x?y"));
        assert!(url_ok("http://a:8080"));
        assert!(!url_ok("https://a/x y"));
    }

    proptest::proptest! {
        /// Any string of URL-ish characters: accepted by the fast path only
        /// if the schema accepts it.
        #[test]
        fn no_url_the_fast_path_accepts_is_refused_by_the_schema(
            url in "(https?://)?[a-zA-Z0-9.:@/?#%\\[\\]_~!$&'()*+,;= \"-]{0,24}"
        ) {
            static FULL: OnceLock<jsonschema::Validator> = OnceLock::new();
            let full = FULL.get_or_init(|| {
                let schema = serde_json::json!({"type": "string", "format": "uri", "pattern": "^https?://"});
                jsonschema::options().should_validate_formats(true).build(&schema).unwrap()
            });
            if url_ok(&url) {
                proptest::prop_assert!(full.is_valid(&serde_json::Value::String(url.clone())), "{}", url);
            }
        }
    }

    fn agree(line: &str) {
        if clean_sync_record(line.as_bytes()).is_some() {
            assert_eq!(full(line), 0, "fast path says clean, full pipeline disagrees: {line}");
        }
    }

    #[test]
    fn a_valid_record_is_clean_and_agrees() {
        assert_eq!(clean_sync_record(VALID.as_bytes()).as_deref(), Some("r1"));
        assert_eq!(full(VALID), 0);
    }

    #[test]
    fn variants_either_give_up_or_agree() {
        let variants = [
            VALID.replace("lipsync-2", "lipsync2"),
            VALID.replace("\"r1\"", "\"\""),
            VALID.replace("\"r1\"", "1"),
            VALID.replace("0.4", "1.5"),
            VALID.replace("0.4", "null"),
            VALID.replace("\"loop\"", "null"),
            VALID.replace("https://v.example/a.mp4", "v.example/a.mp4"),
            VALID.replace("https://v.example/a.mp4", "https://v.example/a b.mp4"),
            VALID.replace("a_1", "a 1"),
            VALID.replace("\"options\"", "\"option\""),
            VALID.replace("{\"type\":\"audio\",\"url\":\"https://a.example/a.wav\"}", "{\"type\":\"audio\",\"url\":\"https://a.example/a.wav\",\"assetId\":\"x\"}"),
            VALID.replace("\"video\"", "\"image\""),
            VALID.replace("\"audio\"", "\"video\""),
            VALID.replace("\"sync_mode\":\"loop\"", "\"sync_mode\":\"loop\",\"prompt\":\"happy\""),
            VALID.replace("\"r1\",", "\"r1\",\"request_id\":\"r2\","),
            VALID.replace("\"sync_mode\":\"loop\"", "\"sync_mode\":\"loop\",\"sync_mode\":\"bounce\""),
            VALID.replace("\"r1\"", "\"r\\u0031\""),
            VALID.replace("https://h.example/x?y=1", "https:\\/\\/h.example\\/x"),
            format!("{VALID} x"),
            format!("[{VALID}]"),
            VALID.replace("\"input\":[", "\"input\":[{\"type\":\"text\",\"provider\":{\"name\":\"elevenlabs\",\"voiceId\":\"v\",\"script\":\"\"}},"),
        ];
        for v in &variants {
            agree(v);
        }
        // A few of them are clean, and the fast path must see that.
        assert!(clean_sync_record(VALID.replace("0.4", "null").as_bytes()).is_some());
        assert!(clean_sync_record(VALID.replace("\"r1\"", "\"r\\u0031\"").as_bytes()).is_some());
    }
}
