//! Loading and compiling line schemas, offline.
//!
//! Built-in schemas are compiled into the binary, and may `$ref` each other
//! (`openai.schema.json#/$defs/message`). A user's schema is read from disk;
//! its `$ref`s may point only to files in its own folder (or below), or to a
//! built-in schema by its address (`https://batchlint.dev/schemas/NAME.schema.json`,
//! served from the binary). Nothing is ever fetched over the network.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use jsonschema::json::Json;
use jsonschema::{PatternOptions, Retrieve, Uri, ValidationOptions, Validator};
use serde_json::Value;

use crate::error::Error;
use crate::fastpath::SchemaChecks;
use crate::tape::TapeJson;

/// A compiled line schema, with the document it came from (kept to look up
/// the keys an object may have, for "did you mean" hints).
#[derive(Debug, Clone)]
pub struct LineSchema {
    /// Where it came from, for messages.
    pub(crate) origin: String,
    /// The document of a user's schema (a built-in one's is
    /// [`builtin_document`]).
    document: Option<Arc<Value>>,
    /// The name of the built-in profile whose schema this is, if it is one.
    builtin: Option<&'static str>,
    /// For records parsed onto a [`Tape`](crate::tape::Tape), which is how
    /// every record is validated and its problems reported: compiled at once
    /// for a user's schema (so that its errors show before any checking), on
    /// first use for a built-in one (a small clean sync file never needs it).
    tape_validator: Arc<OnceLock<Validator<TapeJson>>>,
    /// The schema file (absolute), whose folder `$ref`s may reach.
    base: Option<PathBuf>,
    /// The documents `$ref`s brought in, kept so that both compilations see
    /// the same ones.
    retrieved: Retrieved,
    /// The names of the keys the schema marks `"deprecated": true`, found
    /// on first use.
    deprecated: Arc<OnceLock<DeprecatedNames>>,
    /// The schema with each deprecated key's schema made `false`: a record
    /// valid under the schema fails it exactly where it has a deprecated
    /// key (`BL211`). Compiled on first use.
    strict_validator: Arc<OnceLock<Option<Validator>>>,
    /// The schema's checks compiled for the tape, where it compiles
    /// ([`SchemaChecks`]); compiled on first use.
    compiled: Arc<OnceLock<Option<SchemaChecks>>>,
    /// Where the schema defines each key, found on first use by
    /// [`crate::keys::homes_of`].
    key_places: Arc<OnceLock<KeyPlaces>>,
}

/// Where a schema defines each key: what [`crate::keys::homes_of`] answers
/// from.
#[derive(Debug)]
pub(crate) struct KeyPlaces {
    /// By key, the paths in a record (tokens, `[]` for "each item of") of the
    /// objects whose `properties` name it, shortest first, in the order of
    /// the schema's walk.
    pub(crate) paths: HashMap<String, Vec<Arc<[String]>>>,
    /// Where the walk was cut short, if it was: the length of the path it had
    /// reached (every shorter path was visited).
    pub(crate) cut_at: Option<usize>,
}

/// Documents read for `$ref`s, by URI.
type Retrieved = Arc<Mutex<HashMap<String, Arc<Value>>>>;

/// The most backtracking steps one evaluation of a `pattern` may take. The
/// regex engine runs patterns without lookarounds or backreferences in
/// linear time; the others backtrack, and a pattern such as `(?=(a*)*$)\1b`
/// would take seconds per value. Past the bound the value gets a diagnostic.
pub(crate) const BACKTRACK_LIMIT: usize = 10_000;
/// The largest schema or `$ref`ed file read.
const MAX_SCHEMA_BYTES: u64 = 64 << 20;
/// The most `$ref`s one schema document may hold (compiling long chains of
/// them costs time quadratic in their number).
const MAX_REFS: usize = 10_000;
/// The most files a schema's `$ref`s may read.
const MAX_REF_FILES: usize = 1_000;

/// Reads a schema or `$ref`ed file: a regular file of at most
/// [`MAX_SCHEMA_BYTES`].
fn read_schema_file(path: &Path) -> io::Result<Vec<u8>> {
    crate::reader::read_regular_file(path, MAX_SCHEMA_BYTES, "a schema")
}

/// The number of `$ref`s and `$dynamicRef`s in a document.
fn count_refs(value: &Value) -> usize {
    match value {
        Value::Object(map) => {
            map.iter().map(|(key, value)| usize::from(key == "$ref" || key == "$dynamicRef") + count_refs(value)).sum()
        }
        Value::Array(items) => items.iter().map(count_refs).sum(),
        _ => 0,
    }
}

/// Refuses a document with more than [`MAX_REFS`] references.
fn check_refs(document: &Value) -> Result<(), String> {
    let refs = count_refs(document);
    if refs > MAX_REFS {
        return Err(format!(
            "it holds {} `$ref`s; batchlint takes at most {}",
            crate::thousands(refs as u64),
            crate::thousands(MAX_REFS as u64)
        ));
    }
    Ok(())
}

/// The options every line schema is compiled with: formats asserted, `$ref`s
/// only to files in the folder of `base` (the schema file), never remote.
fn options_for<'i, F: Json>(base: Option<&Path>, retrieved: &Retrieved) -> ValidationOptions<'i, Arc<dyn Retrieve>, F> {
    options_with(base, retrieved, false)
}

/// [`options_for`], where `strict` serves every referenced document
/// [`without_deprecated`] keys.
fn options_with<'i, F: Json>(
    base: Option<&Path>,
    retrieved: &Retrieved,
    strict: bool,
) -> ValidationOptions<'i, Arc<dyn Retrieve>, F> {
    let root = base.and_then(|p| p.parent()).map(Path::to_path_buf);
    let retriever = LocalRetriever { root, retrieved: Arc::clone(retrieved), strict };
    let options = jsonschema::options_for::<F>()
        .should_validate_formats(true)
        .with_pattern_options(PatternOptions::fancy_regex().backtrack_limit(BACKTRACK_LIMIT))
        .with_retriever(retriever);
    match base {
        Some(path) => options.with_base_uri(file_uri(path)),
        None => options,
    }
}

impl LineSchema {
    /// Compiles a schema document. `base` is the file it came from (for
    /// resolving relative `$ref`s), if any.
    ///
    /// # Errors
    /// [`Error::Schema`] when the document is not a valid schema or names a
    /// reference that cannot be resolved offline.
    pub fn compile(origin: &str, document: Value, base: Option<&Path>) -> Result<Self, Error> {
        let schema_error = |message: String, help: Option<&str>| Error::Schema {
            path: origin.to_owned(),
            message,
            help: help.map(str::to_owned),
        };
        // Compiling checks the document against its meta-schema first; the
        // meta-schema is asked again only for a document that fails, to say
        // where (one walk of the meta-schema less on every start).
        let not_a_schema = |document: &Value| {
            jsonschema::meta::validate(document).err().map(|e| {
                schema_error(
                    format!("not a valid JSON Schema: {} at {}", e, e.instance_path()),
                    Some("check the schema against its draft's meta-schema"),
                )
            })
        };
        if let Err(message) = check_refs(&document) {
            return Err(not_a_schema(&document)
                .unwrap_or_else(|| schema_error(message, Some("split the schema, or inline the references"))));
        }
        let retrieved = Retrieved::default();
        let tape_validator = options_for::<TapeJson>(base, &retrieved).build(&document).map_err(|e| {
            if let Some(error) = not_a_schema(&document) {
                return error;
            }
            let text = e.to_string();
            let help = if text.contains("http") {
                Some("batchlint never fetches schemas over the network: download the referenced schema next to yours and `$ref` it by relative path")
            } else {
                None
            };
            schema_error(text, help)
        })?;
        Ok(LineSchema {
            origin: origin.to_owned(),
            document: Some(Arc::new(document)),
            builtin: None,
            tape_validator: Arc::new(OnceLock::from(tape_validator)),
            base: base.map(Path::to_path_buf),
            retrieved,
            deprecated: Arc::default(),
            strict_validator: Arc::default(),
            compiled: Arc::default(),
            key_places: Arc::default(),
        })
    }

    /// The schema of the built-in profile `name`, parsed and compiled on
    /// first use. Built-in schemas are valid and refer to no files, only to
    /// each other: `profile::tests` compiles every one.
    pub(crate) fn builtin(origin: &str, name: &'static str) -> Self {
        LineSchema {
            origin: origin.to_owned(),
            document: None,
            builtin: Some(name),
            tape_validator: Arc::new(OnceLock::new()),
            base: None,
            retrieved: Retrieved::default(),
            deprecated: Arc::default(),
            strict_validator: Arc::default(),
            compiled: Arc::default(),
            key_places: Arc::default(),
        }
    }

    /// Whether this is a built-in profile's schema.
    pub(crate) fn is_builtin(&self) -> bool {
        self.builtin.is_some()
    }

    /// The validator of the schema without its deprecated keys (each one's
    /// schema made to fail): a valid record fails it at each deprecated key
    /// it has. `None` if it does not compile (it always does, but a user's
    /// schema is not worth a panic over a warning).
    pub(crate) fn strict_validator(&self) -> Option<&Validator> {
        self.strict_validator
            .get_or_init(|| {
                options_with(self.base.as_deref(), &self.retrieved, true)
                    .build(&without_deprecated(self.document()))
                    .ok()
            })
            .as_ref()
    }

    /// The schema's checks compiled for a record's tape, tried before
    /// [`LineSchema::tape_validator`]; `None` for a schema they do not cover.
    pub(crate) fn compiled_checks(&self) -> Option<&SchemaChecks> {
        self.compiled.get_or_init(|| SchemaChecks::of(self.document())).as_ref()
    }

    /// The validator for records parsed onto a [`Tape`](crate::tape::Tape).
    pub(crate) fn tape_validator(&self) -> &Validator<TapeJson> {
        self.tape_validator.get_or_init(|| self.build())
    }

    /// Compiles the schema for instances of `F`. A built-in schema is valid
    /// and refers only to built-in schemas (`profile::tests` compiles each); a user's
    /// schema compiled once already, in [`LineSchema::compile`], from the
    /// very documents kept in `retrieved`, so compiling it again succeeds.
    fn build<F: Json>(&self) -> Validator<F> {
        #[allow(clippy::expect_used)]
        options_for::<F>(self.base.as_deref(), &self.retrieved)
            .build(self.document())
            .expect("a schema that compiled once compiles again")
    }

    /// Reads and compiles a schema file.
    ///
    /// # Errors
    /// [`Error::Io`] when it cannot be read, [`Error::Schema`] when it is not
    /// JSON or not a valid schema.
    pub fn from_path(path: &Path) -> Result<Self, Error> {
        let text = read_schema_file(path).map_err(|e| Error::io(path, e))?;
        let origin = path.display().to_string();
        let document: Value = serde_json::from_slice(&text).map_err(|e| Error::Schema {
            path: origin.clone(),
            message: format!("not valid JSON: {e}"),
            help: None,
        })?;
        let absolute = std::path::absolute(path).map_err(|e| Error::io(path, e))?;
        Self::compile(&origin, document, Some(&absolute))
    }

    /// Where the schema came from.
    #[must_use]
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The schema document.
    #[must_use]
    pub fn document(&self) -> &Value {
        match (&self.document, self.builtin.and_then(builtin_document)) {
            (Some(document), _) => document,
            (None, Some(document)) => document,
            (None, None) => &Value::Null,
        }
    }

    /// The document a `$ref` found in `from` (a document of this schema)
    /// points to, and the JSON Pointer inside it: `#/$defs/x` is in `from`
    /// itself, `openai.schema.json#/$defs/x` (or the full
    /// `https://batchlint.dev/schemas/…` address) in a built-in schema, and
    /// `other.json#…` in a file a user's schema brought in.
    pub(crate) fn resolve_ref(&self, from: &Document, reference: &str) -> Option<(Document, String)> {
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let fragment = percent_decode(fragment);
        if file.is_empty() {
            return Some((from.clone(), fragment));
        }
        let name = file.rsplit('/').next().unwrap_or(file);
        if let Some(document) = name.strip_suffix(BUILTIN_SUFFIX).and_then(builtin_document)
            && (matches!(from, Document::Builtin(_)) || file.starts_with(BUILTIN_BASE))
        {
            return Some((Document::Builtin(document), fragment));
        }
        // A file a user's schema read: found by the end of its address.
        let kept = self.retrieved.lock().ok()?;
        let wanted = format!("/{}", file.trim_start_matches("./"));
        let (_, document) = kept.iter().find(|(uri, _)| uri.ends_with(&wanted))?;
        Some((Document::Read(Arc::clone(document)), fragment))
    }

    /// Whether one of `keys` (the keys of a record, at any depth) is a name
    /// the schema marks deprecated somewhere. Most records have none, and
    /// need no search for where one is deprecated (`BL211`).
    pub(crate) fn has_deprecated_key<'k>(&self, mut keys: impl Iterator<Item = &'k str>) -> bool {
        let names = self.deprecated_names();
        !names.names.is_empty() && keys.any(|key| names.contains(key))
    }

    /// Whether keys of [`key_bit`](crate::tape::key_bit)s `bits` (those of a
    /// record's keys, or-ed) may hold a deprecated name: `false` rules them
    /// all out.
    pub(crate) fn may_have_deprecated_key(&self, bits: u128) -> bool {
        self.deprecated_names().bits & bits != 0
    }

    /// Whether the schema marks a property named `key` deprecated somewhere.
    pub(crate) fn is_deprecated_name(&self, key: &str) -> bool {
        self.deprecated_names().contains(key)
    }

    /// The names [`deprecated_names`] finds, found once.
    fn deprecated_names(&self) -> &DeprecatedNames {
        self.deprecated.get_or_init(|| DeprecatedNames::new(deprecated_names(self)))
    }

    /// Where this schema defines each key, once [`crate::keys::homes_of`]
    /// has walked it.
    pub(crate) fn key_places(&self) -> &OnceLock<KeyPlaces> {
        &self.key_places
    }

    /// The root document, as [`LineSchema::resolve_ref`] takes it.
    pub(crate) fn root(&self) -> Document {
        match (&self.document, self.builtin.and_then(builtin_document)) {
            (Some(document), _) => Document::Read(Arc::clone(document)),
            (None, Some(document)) => Document::Builtin(document),
            (None, None) => Document::Builtin(&Value::Null),
        }
    }
}

/// The names of the keys a schema marks deprecated, with their
/// [`key_bit`](crate::tape::key_bit)s, so that most records and keys are
/// ruled out without comparing names.
#[derive(Debug)]
struct DeprecatedNames {
    names: Vec<String>,
    bits: u128,
}

impl DeprecatedNames {
    fn new(names: Vec<String>) -> Self {
        let bits = names.iter().fold(0, |bits, name| bits | crate::tape::key_bit(name));
        DeprecatedNames { names, bits }
    }

    fn contains(&self, key: &str) -> bool {
        self.bits & crate::tape::key_bit(key) != 0 && self.names.iter().any(|name| name == key)
    }
}

/// Whether a property's schema is marked `"deprecated": true`.
fn is_deprecated(property: &Value) -> bool {
    property.get("deprecated") == Some(&Value::Bool(true))
}

/// `schema` where the schema of each property marked `"deprecated": true`
/// also holds `false` (in its `allOf`), so that any value there fails. The
/// rest of the property's schema stays where it was, for `$ref`s into it.
fn without_deprecated(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => {
            let mut out = serde_json::Map::with_capacity(map.len());
            for (key, value) in map {
                let value = match value.as_object() {
                    Some(properties) if key == "properties" => Value::Object(
                        properties
                            .iter()
                            .map(|(name, property)| {
                                let mut property = without_deprecated(property);
                                if is_deprecated(&property)
                                    && let Value::Object(fields) = &mut property
                                {
                                    let all_of = fields.entry("allOf").or_insert_with(|| Value::Array(Vec::new()));
                                    if let Value::Array(items) = all_of {
                                        items.push(Value::Bool(false));
                                    }
                                }
                                (name.clone(), property)
                            })
                            .collect(),
                    ),
                    _ => without_deprecated(value),
                };
                out.insert(key.clone(), value);
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(without_deprecated).collect()),
        other => other.clone(),
    }
}

/// The names of the properties a schema marks `"deprecated": true`,
/// in its root document and the documents its `$ref`s reach.
fn deprecated_names(schema: &LineSchema) -> Vec<String> {
    fn walk(schema: &LineSchema, document: &Document, node: &Value, names: &mut Vec<String>, seen: &mut Vec<String>) {
        match node {
            Value::Object(map) => {
                for (key, value) in map {
                    if key == "properties" {
                        let deprecated = value
                            .as_object()
                            .into_iter()
                            .flatten()
                            .filter(|(_, property)| property.get("deprecated") == Some(&Value::Bool(true)));
                        for (name, _) in deprecated {
                            if !names.contains(name) {
                                names.push(name.clone());
                            }
                        }
                    }
                    if key == "$ref"
                        && let Some(target) = value.as_str()
                        && let Some(file) = target.split('#').next().filter(|f| !f.is_empty())
                        && !seen.iter().any(|s| s == file)
                    {
                        seen.push(file.to_owned());
                        if let Some((other, _)) = schema.resolve_ref(document, target) {
                            let root: &Value = &other;
                            walk(schema, &other, root, names, seen);
                        }
                    }
                    walk(schema, document, value, names, seen);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| walk(schema, document, item, names, seen)),
            _ => {}
        }
    }
    let root = schema.root();
    let mut names = Vec::new();
    walk(schema, &root, &root, &mut names, &mut Vec::new());
    names
}

/// One document of a schema: the root or a file its `$ref`s name.
#[derive(Clone, Debug)]
pub(crate) enum Document {
    /// A built-in schema.
    Builtin(&'static Value),
    /// A user's schema or a file it brought in.
    Read(Arc<Value>),
}

impl std::ops::Deref for Document {
    type Target = Value;
    fn deref(&self) -> &Value {
        match self {
            Document::Builtin(document) => document,
            Document::Read(document) => document,
        }
    }
}

/// The address built-in schemas have (their `$id` is this plus
/// `NAME.schema.json`): `$ref`s to it are served from the binary, never
/// fetched, so a user's schema may build on a built-in one's `$defs`.
const BUILTIN_BASE: &str = "https://batchlint.dev/schemas/";
/// The end of a built-in schema's file name.
const BUILTIN_SUFFIX: &str = ".schema.json";

/// The parsed schema of the built-in profile `name`, parsed on first use
/// (each on its own: a run that needs one schema parses only that one).
pub(crate) fn builtin_document(name: &str) -> Option<&'static Value> {
    static DOCUMENTS: [OnceLock<Value>; crate::profile::BUILTINS.len()] =
        [const { OnceLock::new() }; crate::profile::BUILTINS.len()];
    let (index, builtin) = crate::profile::BUILTINS.iter().enumerate().find(|(_, b)| b.name == name)?;
    let text = builtin.schema?;
    #[allow(clippy::expect_used)]
    Some(DOCUMENTS[index].get_or_init(|| serde_json::from_str(text).expect("built-in schemas parse (profile::tests)")))
}

/// `file://` URI of an absolute path, percent-encoding what a URI cannot hold.
fn file_uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Serves `$ref`s to files inside the schema's own folder; refuses the rest.
/// Each file is read once per schema: a later compilation gets the same
/// document from `retrieved`.
struct LocalRetriever {
    root: Option<PathBuf>,
    retrieved: Retrieved,
    /// Serve documents [`without_deprecated`] keys.
    strict: bool,
}

impl Retrieve for LocalRetriever {
    fn retrieve(&self, uri: &Uri<String>) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let document = self.retrieve_as_written(uri)?;
        Ok(if self.strict { without_deprecated(&document) } else { document })
    }
}

impl LocalRetriever {
    fn retrieve_as_written(&self, uri: &Uri<String>) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let key = uri.as_str().to_owned();
        if let Some(document) = self.retrieved.lock().ok().and_then(|kept| kept.get(&key).cloned()) {
            return Ok(Value::clone(&document));
        }
        let document = self.read(uri)?;
        if let Ok(mut kept) = self.retrieved.lock() {
            kept.insert(key, Arc::new(document.clone()));
        }
        Ok(document)
    }

    fn read(&self, uri: &Uri<String>) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let scheme = uri.scheme().as_str();
        let builtin = uri.as_str().strip_prefix(BUILTIN_BASE).and_then(|name| name.strip_suffix(BUILTIN_SUFFIX));
        if let Some(document) = builtin.and_then(builtin_document) {
            return Ok(document.clone());
        }
        if scheme != "file" {
            return Err(format!("refusing to fetch remote reference {uri}: batchlint works offline").into());
        }
        let Some(root) = &self.root else {
            return Err(format!("reference {uri}: a built-in schema cannot refer to files").into());
        };
        let path = PathBuf::from(percent_decode(uri.path().as_str()));
        let canonical_root = root.canonicalize()?;
        let canonical = path.canonicalize().map_err(|e| format!("reference {uri}: {e}"))?;
        if !canonical.starts_with(&canonical_root) {
            return Err(format!(
                "refusing reference {uri}: it is outside the schema's folder {}",
                canonical_root.display()
            )
            .into());
        }
        if self.retrieved.lock().map_or(0, |kept| kept.len()) >= MAX_REF_FILES {
            return Err(format!("reference {uri}: a schema may read at most {MAX_REF_FILES} files").into());
        }
        let text = read_schema_file(&canonical).map_err(|e| format!("reference {uri}: {e}"))?;
        let document: Value = serde_json::from_slice(&text)?;
        check_refs(&document).map_err(|e| format!("reference {uri}: {e}"))?;
        Ok(document)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn remote_refs_are_refused() {
        let err = LineSchema::compile("t", json!({"$ref": "https://example.com/s.json"}), None).unwrap_err();
        assert!(err.to_string().contains("offline") || err.to_string().contains("remote"), "{err}");
    }

    #[test]
    fn local_refs_resolve_inside_the_folder_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("id.json"), r#"{"type":"string"}"#).unwrap();
        std::fs::write(dir.path().join("line.json"), r#"{"type":"object","properties":{"id":{"$ref":"id.json"}}}"#)
            .unwrap();
        let s = LineSchema::from_path(&dir.path().join("line.json")).unwrap();
        let valid = |text: &str| s.tape_validator().is_valid(crate::tape::Tape::parse(text).unwrap().root());
        assert!(!valid(r#"{"id": 1}"#));
        assert!(valid(r#"{"id": "x"}"#));

        let inner = dir.path().join("inner");
        std::fs::create_dir(&inner).unwrap();
        std::fs::write(inner.join("line.json"), r#"{"$ref":"../id.json"}"#).unwrap();
        let err = LineSchema::from_path(&inner.join("line.json")).unwrap_err();
        assert!(err.to_string().contains("outside"), "{err}");
    }

    #[test]
    fn invalid_schemas_are_reported() {
        let err = LineSchema::compile("t", json!({"type": 12}), None).unwrap_err();
        assert!(matches!(err, Error::Schema { .. }));
    }

    #[test]
    fn file_uris_round_trip() {
        let uri = file_uri(Path::new("/tmp/a b/c.json"));
        assert_eq!(uri, "file:///tmp/a%20b/c.json");
        assert_eq!(percent_decode("/tmp/a%20b/c.json"), "/tmp/a b/c.json");
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_read_as_schemas() {
        let err = LineSchema::from_path(Path::new("/dev/zero")).unwrap_err().to_string();
        assert!(err.ends_with("/dev/zero: a schema must be a regular file"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        assert!(std::process::Command::new("mkfifo").arg(dir.path().join("fifo.json")).status().unwrap().success());
        std::fs::write(dir.path().join("line.json"), r#"{"$ref":"fifo.json"}"#).unwrap();
        let err = LineSchema::from_path(&dir.path().join("line.json")).unwrap_err().to_string();
        assert!(err.contains("a schema must be a regular file"), "{err}");
    }

    #[test]
    fn a_schema_with_too_many_refs_is_refused_before_compiling() {
        let defs: serde_json::Map<String, Value> =
            (0..=MAX_REFS).map(|i| (format!("d{i}"), json!({"$ref": format!("#/$defs/d{}", i + 1)}))).collect();
        let err = LineSchema::compile("t", json!({"$defs": defs}), None).unwrap_err().to_string();
        assert!(err.contains("it holds 10,001 `$ref`s; batchlint takes at most 10,000"), "{err}");
    }

    #[test]
    fn a_backtracking_pattern_is_stopped_at_the_bound() {
        let schema = json!({"type": "string", "pattern": "(?=(a*)*$)\\1b"});
        let s = LineSchema::compile("t", schema, None).unwrap();
        // 14: past 10,000 steps, within the engine's default bound of 1,000,000.
        let text = format!("\"{}c\"", "a".repeat(14));
        let tape = crate::tape::Tape::parse(&text).unwrap();
        let errors: Vec<_> = s.tape_validator().iter_errors(tape.root()).collect();
        assert!(
            errors
                .iter()
                .any(|e| matches!(e.kind(), jsonschema::error::ValidationErrorKind::BacktrackLimitExceeded { .. })),
            "{errors:?}"
        );
    }
}
