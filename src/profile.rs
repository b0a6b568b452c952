//! Profiles: what a batch API accepts. A profile bundles a line schema, the
//! cross-field rules, the file limits and where each record keeps its id.

use std::collections::BTreeMap;

use crate::codes::Code;
use crate::diagnostic::Severity;
use crate::error::Error;
use crate::rules::RuleSet;
use crate::schema::LineSchema;

/// Limits on a whole batch file. `None` means no limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Fewest records a file may hold.
    pub min_records: Option<u64>,
    /// Most records a file may hold.
    pub max_records: Option<u64>,
    /// Largest file size in bytes, newlines included.
    pub max_bytes: Option<u64>,
    /// Longest line in bytes (without its newline); a longer line is reported
    /// and skipped without being held in memory. Defaults to one less than
    /// `max_bytes` (a longer line plus its newline can never fit in a file),
    /// or 64 MiB without one.
    pub max_line_bytes: Option<u64>,
}

impl Limits {
    /// The line length over which a line is skipped.
    #[must_use]
    pub fn line_limit(&self) -> u64 {
        self.max_line_bytes.or(self.max_bytes.map(|m| m.saturating_sub(1))).unwrap_or(64 << 20)
    }
}

/// Everything batchlint checks for one batch API.
#[derive(Clone, Debug)]
pub struct Profile {
    /// The profile's name, e.g. `sync`.
    pub name: String,
    /// The schema every line must satisfy, if any.
    pub schema: Option<LineSchema>,
    /// Cross-field rules applied to each record.
    pub rules: RuleSet,
    /// File limits.
    pub limits: Limits,
    /// JSON Pointer of each record's id, which must be unique in the file;
    /// `None` turns the uniqueness check off. Records without the field are
    /// left out of the check.
    pub id_pointer: Option<String>,
    /// Severity of a key the schema does not define (`BL206`).
    pub unknown_key_severity: Severity,
    /// JSON Pointers of values that must be the same on every line of a
    /// file (`BL405`), such as OpenAI's `url` and `body.model`.
    pub uniform: Vec<String>,
    /// Whether clean records may be recognised by the profile's fast path
    /// (typed parsing instead of a full JSON value and schema run). Only
    /// built-in profiles with their own schema have one; [`Profile::with_schema`]
    /// turns it off. Diagnostics are the same either way.
    pub fast_path: bool,
    /// Per-code severities that replace the codes' defaults; `None` turns a
    /// code off (its diagnostics are dropped and not counted).
    pub severities: BTreeMap<Code, Option<Severity>>,
}

/// The definition of a built-in profile.
#[derive(Debug)]
#[non_exhaustive]
pub struct BuiltinProfile {
    /// The name `--profile` takes.
    pub name: &'static str,
    /// The API it is for.
    pub title: &'static str,
    /// The line schema's source text, if the profile has one.
    pub schema: Option<&'static str>,
    /// Cross-field rules.
    pub rules: RuleSet,
    /// File limits.
    pub limits: Limits,
    /// JSON Pointer of the unique id.
    pub id_pointer: Option<&'static str>,
    /// JSON Pointers of values that must be the same on every line.
    pub uniform: &'static [&'static str],
    /// Whether the profile has a fast path for clean records.
    pub fast_path: bool,
    /// What is unconfirmed or chosen on the safe side, for the documentation.
    pub notes: &'static str,
    /// Where the rules come from.
    pub sources: &'static [&'static str],
}

/// No limit.
const NONE: Limits = Limits { min_records: None, max_records: None, max_bytes: None, max_line_bytes: None };

/// Every built-in profile.
pub const BUILTINS: &[BuiltinProfile] = &[
    BuiltinProfile {
        name: "sync",
        title: "sync.so Batch API (POST /v2/batch)",
        schema: Some(include_str!("../schemas/sync.schema.json")),
        rules: RuleSet::Sync,
        limits: Limits {
            min_records: Some(20),
            max_records: Some(500),
            max_bytes: Some(5_000_000),
            max_line_bytes: None,
        },
        id_pointer: Some("/request_id"),
        uniform: &[],
        fast_path: true,
        notes: "\"5 MB\" is read as 5,000,000 bytes, safe under either meaning; older docs allowed 1,000 records, \
                current ones 500.",
        sources: &[
            "https://sync.so/docs/api-reference/guides/batch-processing",
            "https://sync.so/docs/api-reference/api/batch-api/create",
        ],
    },
    BuiltinProfile {
        name: "openai",
        title: "OpenAI Batch API (POST /v1/batches)",
        schema: Some(include_str!("../schemas/openai.schema.json")),
        rules: RuleSet::None,
        limits: Limits {
            min_records: None,
            max_records: Some(50_000),
            max_bytes: Some(200_000_000),
            max_line_bytes: None,
        },
        id_pointer: Some("/custom_id"),
        uniform: &["/url", "/body/model"],
        fast_path: false,
        notes: "\"200 MB\" is read as 200,000,000 bytes; the one-model-per-file rule is from the batch guide.",
        sources: &["https://developers.openai.com/api/docs/guides/batch"],
    },
    BuiltinProfile {
        name: "generic",
        title: "Any JSON Lines file: syntax and encoding only",
        schema: None,
        rules: RuleSet::None,
        limits: NONE,
        id_pointer: None,
        uniform: &[],
        fast_path: false,
        notes: "No schema and no limits; set them with --schema, --max-records, --max-bytes, --id-pointer.",
        sources: &[],
    },
];

impl Profile {
    /// The sync.so Batch API (`POST /v2/batch`): 20 to 500 records, at most
    /// 5,000,000 bytes, `request_id` unique, every line a `/v2/generate` request.
    ///
    /// "5 MB" is not defined by the API documentation; 5,000,000 bytes is
    /// under both 5,000,000 and 5,242,880, so a file that passes is safe either way.
    ///
    /// # Errors
    /// Only if the built-in schema failed to compile, which a test rules out.
    pub fn sync() -> Result<Self, Error> {
        Self::by_name("sync")
    }

    /// The built-in profile called `name`.
    ///
    /// # Errors
    /// [`Error::Usage`] for an unknown name.
    pub fn by_name(name: &str) -> Result<Self, Error> {
        let Some(builtin) = BUILTINS.iter().find(|b| b.name == name) else {
            let names: Vec<&str> = BUILTINS.iter().map(|b| b.name).collect();
            let hint = crate::suggest::did_you_mean(name, names.iter().copied())
                .map_or(String::new(), |n| format!("; did you mean `{n}`?"));
            return Err(Error::Usage(format!("unknown profile `{name}` (known: {}){hint}", names.join(", "))));
        };
        Self::from_builtin(builtin)
    }

    /// A profile from its definition.
    ///
    /// # Errors
    /// Only if the built-in schema failed to compile, which a test rules out.
    pub fn from_builtin(builtin: &BuiltinProfile) -> Result<Self, Error> {
        let origin = format!("built-in {} schema", builtin.name);
        let schema = match builtin.schema {
            Some(text) => {
                let document = serde_json::from_str(text).map_err(|e| Error::Schema {
                    path: origin.clone(),
                    message: e.to_string(),
                    help: None,
                })?;
                Some(LineSchema::compile(&origin, document, None)?)
            }
            None => None,
        };
        Ok(Profile {
            name: builtin.name.to_owned(),
            schema,
            rules: builtin.rules,
            limits: builtin.limits,
            id_pointer: builtin.id_pointer.map(str::to_owned),
            uniform: builtin.uniform.iter().map(|p| (*p).to_owned()).collect(),
            unknown_key_severity: Severity::Warning,
            fast_path: builtin.fast_path,
            severities: BTreeMap::new(),
        })
    }

    /// Replaces the line schema with a user's own. The user's schema is then
    /// the whole contract of a line: the profile's cross-field rules are
    /// turned off and keys the schema forbids are errors.
    #[must_use]
    pub fn with_schema(mut self, schema: LineSchema) -> Self {
        self.schema = Some(schema);
        self.rules = RuleSet::None;
        self.unknown_key_severity = Severity::Error;
        self.fast_path = false;
        self
    }

    /// The source text of a built-in profile's line schema.
    #[must_use]
    pub fn builtin_schema_text(name: &str) -> Option<&'static str> {
        BUILTINS.iter().find(|b| b.name == name).and_then(|b| b.schema)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sync_profile_compiles() {
        let p = Profile::sync().unwrap();
        assert_eq!(p.limits.line_limit(), 4_999_999);
        assert!(Profile::by_name("nope").is_err());
    }

    #[test]
    fn every_builtin_profile_compiles_and_is_documented() {
        let mut names = std::collections::HashSet::new();
        for b in BUILTINS {
            assert!(names.insert(b.name), "{} twice", b.name);
            let p = Profile::from_builtin(b).unwrap_or_else(|e| panic!("{}: {e}", b.name));
            assert_eq!(p.name, b.name);
            assert!(!b.title.is_empty() && !b.notes.is_empty(), "{}", b.name);
            assert!(b.fast_path == (b.rules == RuleSet::Sync), "{}: only sync has a fast path", b.name);
        }
        let err = Profile::by_name("opnai").unwrap_err().to_string();
        assert!(err.contains("did you mean `openai`"), "{err}");
    }
}
