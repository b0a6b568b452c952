//! Profiles: what a batch API accepts. A profile bundles a line schema, the
//! cross-field rules, the file limits and where each record keeps its id.

use std::collections::BTreeMap;

use crate::codes::Code;
use crate::diagnostic::Severity;
use crate::error::Error;
use crate::rules::RuleSet;
use crate::schema::LineSchema;

/// The built-in sync.so line schema.
const SYNC_SCHEMA: &str = include_str!("../schemas/sync.schema.json");

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
    /// Whether clean records may be recognised by the profile's fast path
    /// (typed parsing instead of a full JSON value and schema run). Only
    /// built-in profiles with their own schema have one; [`Profile::with_schema`]
    /// turns it off. Diagnostics are the same either way.
    pub fast_path: bool,
    /// Per-code severities that replace the codes' defaults; `None` turns a
    /// code off (its diagnostics are dropped and not counted).
    pub severities: BTreeMap<Code, Option<Severity>>,
}

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
        let document = serde_json::from_str(SYNC_SCHEMA).map_err(|e| Error::Schema {
            path: "built-in sync schema".to_owned(),
            message: e.to_string(),
            help: None,
        })?;
        Ok(Profile {
            name: "sync".to_owned(),
            schema: Some(LineSchema::compile("built-in sync schema", document, None)?),
            rules: RuleSet::Sync,
            limits: Limits {
                min_records: Some(20),
                max_records: Some(500),
                max_bytes: Some(5_000_000),
                max_line_bytes: None,
            },
            id_pointer: Some("/request_id".to_owned()),
            unknown_key_severity: Severity::Warning,
            fast_path: true,
            severities: BTreeMap::new(),
        })
    }

    /// The built-in profile called `name`.
    ///
    /// # Errors
    /// [`Error::Usage`] for an unknown name.
    pub fn by_name(name: &str) -> Result<Self, Error> {
        match name {
            "sync" => Self::sync(),
            other => Err(Error::Usage(format!("unknown profile `{other}` (known: sync)"))),
        }
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
        (name == "sync").then_some(SYNC_SCHEMA)
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
}
