//! Fast paths: each decides that a record is clean — it would get no
//! diagnostic at all, not even a warning — without the full pipeline. This
//! file holds the sync profile's, which needs no `serde_json::Value` and no
//! tape; [`SchemaChecks`] (`schema.rs`) compiles any line schema into checks
//! of a record's tape.
//!
//! The record is deserialised into borrowed, typed structs that name the
//! fields most records use, and nothing else: what each value must satisfy
//! (types, enumerations, lengths, ranges, patterns, which fields are required)
//! is read from the profile's schema document when the linter is built
//! ([`Checks::of`], [`leaf`]), and the cross-field rules are those of
//! [`crate::rules::sync`]. A schema the derivation does not fully understand
//! turns the fast path off. Anything the structs do not cover (an unknown or
//! repeated key, an escaped string where a borrowed one is expected, a rarely
//! used field such as `segments` or `dubParams`) makes it give up, and the
//! record goes through the full pipeline, which then reports exactly what is
//! wrong. So the fast path can only be wrong by giving up too often; the
//! differential tests below, `diagnostics_are_the_same_with_and_without_the_fast_path`
//! in `src/lint/mod.rs` and the `file` fuzz target (`fuzz/fuzz_targets/file.rs`)
//! check that whenever it says "clean", the full pipeline agrees.

mod fields;
mod leaf;
mod schema;

pub(crate) use self::schema::SchemaChecks;

use serde::de::{Deserialize, Deserializer, Visitor};
use serde_json::Value;

use self::fields::Fields;
use self::leaf::{ARRAY, BOOLEAN, NULL, NUMBER, OBJECT, STRING, Scalar};
use crate::rules::sync as rules;

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
    /// `Some(None)` for `null`.
    #[serde(default)]
    temperature: Present<Option<f64>>,
    #[serde(default)]
    occlusion_detection_enabled: Present<bool>,
    #[serde(default, borrow)]
    model_mode: Present<Str<'a>>,
    #[serde(default, borrow)]
    prompt: Present<Str<'a>>,
    #[serde(default)]
    reasoning_enabled: Present<bool>,
    #[serde(default)]
    active_speaker: Present<bool>,
}

/// A typed object whose fields the derived [`Fields`] check.
trait Typed<const N: usize> {
    /// The JSON name of each field and the types its values have (bits of
    /// `leaf`), in the order of [`Typed::values`].
    const FIELDS: [(&'static str, u8); N];
    /// The value of each field, `None` where it is absent.
    fn values(&self) -> [Option<Scalar<'_>>; N];
}

fn string<'a>(s: &'a Present<Str<'_>>) -> Option<Scalar<'a>> {
    s.0.as_ref().map(|s| Scalar::Str(s.as_str()))
}

impl Typed<3> for Line<'_> {
    const FIELDS: [(&'static str, u8); 3] = [("request_id", STRING), ("endpoint", STRING), ("payload", OBJECT)];
    fn values(&self) -> [Option<Scalar<'_>>; 3] {
        [Some(Scalar::Str(self.request_id.as_str())), Some(Scalar::Str(self.endpoint.as_str())), Some(Scalar::Object)]
    }
}

impl Typed<6> for Payload<'_> {
    const FIELDS: [(&'static str, u8); 6] = [
        ("model", STRING),
        ("input", ARRAY),
        ("options", OBJECT),
        ("webhookUrl", STRING),
        ("outputFileName", STRING),
        ("projectId", STRING),
    ];
    fn values(&self) -> [Option<Scalar<'_>>; 6] {
        [
            Some(Scalar::Str(self.model.as_str())),
            Some(Scalar::Array(self.input.len())),
            self.options.0.as_ref().map(|_| Scalar::Object),
            string(&self.webhook_url),
            string(&self.output_file_name),
            string(&self.project_id),
        ]
    }
}

impl Typed<5> for Input<'_> {
    const FIELDS: [(&'static str, u8); 5] =
        [("type", STRING), ("url", STRING), ("assetId", STRING), ("refId", STRING), ("provider", OBJECT)];
    fn values(&self) -> [Option<Scalar<'_>>; 5] {
        [
            Some(Scalar::Str(self.kind.as_str())),
            string(&self.url),
            string(&self.asset_id),
            string(&self.ref_id),
            self.provider.0.as_ref().map(|_| Scalar::Object),
        ]
    }
}

impl Typed<5> for Provider<'_> {
    const FIELDS: [(&'static str, u8); 5] =
        [("name", STRING), ("voiceId", STRING), ("script", STRING), ("stability", NUMBER), ("similarityBoost", NUMBER)];
    fn values(&self) -> [Option<Scalar<'_>>; 5] {
        [
            Some(Scalar::Str(self.name.as_str())),
            Some(Scalar::Str(self.voice_id.as_str())),
            Some(Scalar::Str(self.script.as_str())),
            self.stability.0.map(Scalar::Num),
            self.similarity_boost.0.map(Scalar::Num),
        ]
    }
}

impl Typed<7> for Options<'_> {
    const FIELDS: [(&'static str, u8); 7] = [
        ("sync_mode", STRING),
        ("temperature", NUMBER | NULL),
        ("occlusion_detection_enabled", BOOLEAN),
        ("model_mode", STRING),
        ("prompt", STRING),
        ("reasoning_enabled", BOOLEAN),
        ("active_speaker", BOOLEAN),
    ];
    fn values(&self) -> [Option<Scalar<'_>>; 7] {
        let flag = |b: &Present<bool>| b.0.map(Scalar::Bool);
        [
            string(&self.sync_mode),
            self.temperature.0.map(|t| t.map_or(Scalar::Null, Scalar::Num)),
            flag(&self.occlusion_detection_enabled),
            string(&self.model_mode),
            string(&self.prompt),
            flag(&self.reasoning_enabled),
            flag(&self.active_speaker),
        ]
    }
}

/// What the fast path checks of each object it reads, derived from a sync
/// schema document.
#[derive(Debug)]
pub(crate) struct Checks {
    line: Fields,
    payload: Fields,
    input: Fields,
    provider: Fields,
    options: Fields,
}

impl Checks {
    /// The checks `document` (a sync line schema) asks for, or `None` if it
    /// has a keyword or a shape the derivation does not understand, where the
    /// fast path stays off.
    pub(crate) fn of(document: &Value) -> Option<Checks> {
        let (line, at) = Fields::of(document, document, &Line::FIELDS, &["payload"])?;
        let (payload, at) = Fields::of(document, at("payload")?, &Payload::FIELDS, &["input", "options"])?;
        let items = leaf::resolve(document, at("input")?.get("items")?)?;
        let options = Fields::of(document, at("options")?, &Options::FIELDS, &[])?.0;
        let (input, at) = Fields::of(document, items, &Input::FIELDS, &["provider"])?;
        let provider = Fields::of(document, at("provider")?, &Provider::FIELDS, &[])?.0;
        Some(Checks { line, payload, input, provider, options })
    }

    /// Whether the record meets every schema rule and cross-field rule.
    fn clean(&self, line: &Line<'_>) -> bool {
        let p = &line.payload;
        if !self.line.accept(&line.values()) || !self.payload.accept(&p.values()) {
            return false;
        }
        let model = p.model.as_str();
        let (mut visual, mut voiced) = (0, 0);
        for item in &p.input {
            let kind = item.kind.as_str();
            let source = item.url.0.is_some() != item.asset_id.0.is_some();
            if !self.input.accept(&item.values())
                || item.provider.0.as_ref().is_some_and(|p| !self.provider.accept(&p.values()))
                || (rules::needs_media_source(kind) && !source)
                || (rules::is_image(kind) && !rules::takes_images(model))
            {
                return false;
            }
            visual += usize::from(rules::is_visual(kind));
            voiced += usize::from(rules::is_voiced(kind));
        }
        if visual != 1 || voiced == 0 {
            return false;
        }
        p.options.0.as_ref().is_none_or(|o| {
            let values = o.values();
            let react_option = Options::FIELDS
                .iter()
                .zip(&values)
                .any(|((name, _), value)| value.is_some() && rules::REACT_OPTIONS.contains(name));
            self.options.accept(&values) && (rules::takes_react_options(model) || !react_option)
        })
    }
}

/// A table of the 256 bytes, `true` for each byte `c` that `$accepts`.
macro_rules! byte_table {
    (|$c:ident| $accepts:expr) => {{
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            let $c = b as u8;
            table[b] = $accepts;
            b += 1;
        }
        table
    }};
}

/// The bytes a URI's path, query and fragment hold as they are: RFC 3986
/// `unreserved`, `sub-delims`, `:`, `@`, `/` and `?`.
static URI_CHARS: [bool; 256] = byte_table!(|c| crate::iri::is_unreserved(c)
    || crate::iri::is_sub_delim(c)
    || matches!(c, b':' | b'@' | b'/' | b'?'));

/// The bytes of the plain hosts [`uri_ok`] accepts: letters, digits, `.`, `-`.
static HOST_CHARS: [bool; 256] = byte_table!(|c| c.is_ascii_alphanumeric() || c == b'.' || c == b'-');

/// The bytes of a URI's scheme (RFC 3986: letters, digits, `+`, `-`, `.`).
static SCHEME_CHARS: [bool; 256] = byte_table!(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'));

/// How many of the first bytes of `bytes` the `table` accepts. Eight bytes
/// are looked up at a time with no branch between them: the URI and pattern
/// checks run this over most bytes of most strings of a record.
pub(super) fn accepted_run(bytes: &[u8], table: &[bool; 256]) -> usize {
    let all = |piece: &[u8]| piece.iter().fold(true, |all, &b| all & table[usize::from(b)]);
    let walk = |piece: &[u8]| piece.iter().take_while(|&&b| table[usize::from(b)]).count();
    let mut chunks = bytes.chunks_exact(8);
    let mut run = 0;
    for chunk in &mut chunks {
        if !all(chunk) {
            return run + walk(chunk);
        }
        run += 8;
    }
    let rest = chunks.remainder();
    run + if all(rest) { rest.len() } else { walk(rest) }
}

/// Whether `uri` is an absolute URI of the plain shape nearly every record
/// uses: a scheme, `://`, a host of letters, digits, dots and hyphens, an
/// optional port, then RFC 3986 path, query and fragment characters
/// (percent-encodings included). Every such URI meets `format: uri`; any
/// other shape is left to the full validator, which decides. No schema is
/// compiled for it: a small clean file stays cheap.
fn uri_ok(uri: &str) -> bool {
    let bytes = uri.as_bytes();
    let scheme = accepted_run(bytes, &SCHEME_CHARS);
    if scheme == 0 || !bytes[0].is_ascii_alphabetic() {
        return false;
    }
    let Some(rest) = bytes[scheme..].strip_prefix(b"://") else { return false };
    let host = accepted_run(rest, &HOST_CHARS);
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
    // Runs of plain characters are skipped a table lookup a byte; only `%`
    // and `#` need a second look.
    let mut fragment = false;
    loop {
        at += accepted_run(&rest[at..], &URI_CHARS);
        match rest.get(at) {
            None => return true,
            Some(b'%') if rest.get(at + 1..at + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) => at += 3,
            Some(b'#') if !fragment => {
                fragment = true;
                at += 1;
            }
            Some(_) => return false,
        }
    }
}

/// The `request_id` of a clean record (borrowed from the line when it is
/// written without escapes), or `None` when the record needs the full
/// pipeline (it may well be clean too).
pub(crate) fn clean_sync_record<'t>(checks: &Checks, text: &'t [u8]) -> Option<std::borrow::Cow<'t, str>> {
    let text = std::str::from_utf8(text).ok()?;
    let mut de = serde_json::Deserializer::from_str(text);
    let line = Line::deserialize(&mut de).ok()?;
    de.end().ok()?;
    checks.clean(&line).then_some(match line.request_id {
        Str::Borrowed(id) => id.into(),
        Str::Owned(id) => id.into(),
    })
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::*;
    use crate::lint::Linter;
    use crate::profile::Profile;
    use crate::rules::RuleSet;
    use crate::schema::{LineSchema, builtin_document};

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
    static PIECES: std::sync::LazyLock<Vec<&str>> = std::sync::LazyLock::new(|| {
        crate::testing::value_pieces(&[
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
        ])
    });

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

    /// The checks derived from the built-in sync schema.
    fn checks() -> &'static Checks {
        static CHECKS: OnceLock<Checks> = OnceLock::new();
        CHECKS.get_or_init(|| Checks::of(crate::schema::builtin_document("sync").unwrap()).unwrap())
    }

    /// The fast path's verdict on `line` with the built-in schema.
    fn fast(line: &str) -> Option<String> {
        clean_sync_record(checks(), line.as_bytes()).map(std::borrow::Cow::into_owned)
    }

    /// A plain URI the fast path accepts is one the schema's `format: uri` accepts.
    #[test]
    fn plain_uris_meet_the_schema() {
        let schema = serde_json::json!({"type": "string", "format": "uri"});
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
            "s3+x.y-z://a/x",
            "1http://a",
            "+://a",
            "://a",
            "https://a/'!$&()*+,;=:@~_.-",
            "https://a?",
            "https://a#",
            "https://a\"b",
            "https://a/x\u{0}",
        ];
        for url in urls {
            if uri_ok(url) {
                assert!(full.is_valid(&serde_json::Value::String(url.to_owned())), "{url}");
            }
        }
        assert!(uri_ok("https://a.b-c.d/p/a%20b?q=1&r=x/y?z#frag/x?y"));
        assert!(uri_ok("http://a:8080"));
        assert!(uri_ok("ftp://a/x"));
        assert!(!uri_ok("https://a/x y"));
    }

    proptest::proptest! {
        /// Any string of URI-ish characters: accepted by the fast path only
        /// if the schema accepts it.
        #[test]
        fn no_uri_the_fast_path_accepts_is_refused_by_the_schema(
            url in "(https?://|[a-z0-9+.-]{1,4}://)?[a-zA-Z0-9.:@/?#%\\[\\]_~!$&'()*+,;= \"-]{0,24}"
        ) {
            static FULL: OnceLock<jsonschema::Validator> = OnceLock::new();
            let full = FULL.get_or_init(|| {
                let schema = serde_json::json!({"type": "string", "format": "uri"});
                jsonschema::options().should_validate_formats(true).build(&schema).unwrap()
            });
            if uri_ok(&url) {
                proptest::prop_assert!(full.is_valid(&serde_json::Value::String(url.clone())), "{}", url);
            }
        }

        /// `accepted_run` counts what a walk byte by byte counts, wherever
        /// the first refused byte falls (inside a chunk of eight or in the
        /// rest).
        #[test]
        fn accepted_run_is_the_walks_count(text in "[a-z0-9/?=&.-]{0,30}[ %#\u{e9}]?[a-z/ ]{0,12}") {
            let bytes = text.as_bytes();
            let walked = bytes.iter().take_while(|&&b| URI_CHARS[usize::from(b)]).count();
            proptest::prop_assert_eq!(accepted_run(bytes, &URI_CHARS), walked);
        }
    }

    fn agree(line: &str) {
        if fast(line).is_some() {
            assert_eq!(full(line), 0, "fast path says clean, full pipeline disagrees: {line}");
        }
    }

    #[test]
    fn a_valid_record_is_clean_and_agrees() {
        assert_eq!(fast(VALID).as_deref(), Some("r1"));
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
        assert!(fast(&VALID.replace("0.4", "null")).is_some());
        assert!(fast(&VALID.replace("\"r1\"", "\"r\\u0031\"")).is_some());
    }

    /// A linter with `document` as its line schema, with the sync rules or
    /// none, its fast paths on or off.
    fn linter(document: &Value, rules: bool, fast: bool) -> Linter {
        let mut profile = Profile::sync().unwrap();
        profile.schema = Some(LineSchema::compile("edited sync schema", document.clone(), None).unwrap());
        if !rules {
            profile.rules = RuleSet::None;
        }
        profile.fast_path = fast;
        profile.limits.min_records = None;
        Linter::new(profile)
    }

    /// The codes and columns of the diagnostics of `line`.
    fn verdict(linter: &Linter, line: &str) -> Vec<(String, u64)> {
        let mut found = Vec::new();
        linter.check_reader(line.as_bytes(), |d| found.push((d.code.as_str().to_owned(), d.column))).unwrap();
        found
    }

    /// An edit of the sync schema: what it does, the edit, a line whose
    /// verdict it changes, whether that line is clean after it, and whether
    /// the fast path is still derived from the edited schema.
    type Edit = (&'static str, fn(&mut Value), String, bool, bool);

    #[test]
    fn an_edit_of_the_schema_changes_every_path_at_once() {
        fn defs<'d>(d: &'d mut Value, pointer: &str) -> &'d mut Value {
            d.pointer_mut(&format!("/$defs/{pointer}")).unwrap()
        }
        let text_input = r#"{"type":"text"}"#;
        let edits: [Edit; 9] = [
            (
                "a new model",
                |d| defs(d, "payload/properties/model/enum").as_array_mut().unwrap().push("lipsync-3".into()),
                VALID.replace("lipsync-2", "lipsync-3"),
                true,
                true,
            ),
            (
                "a model withdrawn",
                |d| defs(d, "payload/properties/model/enum").as_array_mut().unwrap().retain(|m| m != "lipsync-2"),
                VALID.to_owned(),
                false,
                true,
            ),
            (
                "shorter file names",
                |d| *defs(d, "payload/properties/outputFileName/pattern") = "^[A-Za-z0-9_-]{1,2}$".into(),
                VALID.to_owned(),
                false,
                true,
            ),
            (
                "a lower temperature",
                |d| *defs(d, "options/properties/temperature/maximum") = 0.3.into(),
                VALID.to_owned(),
                false,
                true,
            ),
            (
                "a project required",
                |d| defs(d, "payload/required").as_array_mut().unwrap().push("projectId".into()),
                VALID.to_owned(),
                false,
                true,
            ),
            (
                "another endpoint",
                |d| *d.pointer_mut("/properties/endpoint/const").unwrap() = "/v3/generate".into(),
                VALID.replace("/v2/generate", "/v3/generate"),
                true,
                true,
            ),
            (
                "text without a voice",
                |d| {
                    let item = defs(d, "inputItem").as_object_mut().unwrap();
                    item.remove("if");
                    item.remove("then");
                },
                VALID.replace(r#"{"type":"audio","url":"https://a.example/a.wav"}"#, text_input),
                true,
                true,
            ),
            (
                "an option withdrawn",
                |d| _ = defs(d, "options/properties").as_object_mut().unwrap().remove("sync_mode"),
                VALID.to_owned(),
                false,
                false,
            ),
            (
                "a keyword the fast path does not read",
                |d| d["properties"]["request_id"]["not"] = serde_json::json!({"const": "r1"}),
                VALID.to_owned(),
                false,
                false,
            ),
        ];
        let base = builtin_document("sync").unwrap();
        for (what, edit, line, clean, derived) in edits {
            let mut document = base.clone();
            edit(&mut document);
            let before = verdict(&linter(base, true, true), &line);
            let after = verdict(&linter(&document, true, true), &line);
            assert_eq!(before.is_empty(), !clean, "{what}: the edit should change the verdict ({before:?})");
            assert_eq!(after.is_empty(), clean, "{what}: {after:?}");
            // Every path agrees: the sync fast path and the full path, and
            // with the schema alone, the tape path and the full path.
            for rules in [true, false] {
                assert_eq!(
                    verdict(&linter(&document, rules, true), &line),
                    verdict(&linter(&document, rules, false), &line),
                    "{what}"
                );
            }
            let checks = Checks::of(&document);
            assert_eq!(checks.is_some(), derived, "{what}");
            if let Some(checks) = checks {
                assert_eq!(clean_sync_record(&checks, line.as_bytes()).is_some(), clean, "{what}");
            }
        }
    }
}
