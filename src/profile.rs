//! Profiles: what a batch API accepts. A profile bundles a line schema, the
//! cross-field rules, the file limits and where each record keeps its id.

use std::collections::BTreeMap;

use crate::codes::Code;
use crate::diagnostic::Severity;
use crate::error::Error;
use crate::rules::RuleSet;
use crate::schema::LineSchema;

/// Limits on a whole batch file. `None` means no limit (the default).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
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
    /// or 64 MiB without one; never more than [`MAX_LINE_LIMIT`].
    pub max_line_bytes: Option<u64>,
}

/// The longest line any limit allows: 4 GiB less one byte, so that a
/// record's length fits 32 bits ([`crate::split::RecordSpan`]). No batch API
/// takes a record near this size.
pub const MAX_LINE_LIMIT: u64 = u32::MAX as u64;

impl Limits {
    /// The line length over which a line is skipped.
    #[must_use]
    pub fn line_limit(&self) -> u64 {
        self.max_line_bytes.or(self.max_bytes.map(|m| m.saturating_sub(1))).unwrap_or(64 << 20).min(MAX_LINE_LIMIT)
    }
}

/// Everything batchlint checks for one batch API. Made from a built-in
/// profile ([`Profile::by_name`]) and changed with the `with_*` methods, so
/// that its parts always agree: the fast paths that find a record clean
/// without building a JSON value are chosen from the schema and rules the
/// profile has, never set apart from them.
#[derive(Clone, Debug)]
pub struct Profile {
    /// The profile's name, e.g. `sync`.
    pub(crate) name: String,
    /// The schema every line must satisfy, if any.
    pub(crate) schema: Option<LineSchema>,
    /// Cross-field rules applied to each record.
    pub(crate) rules: RuleSet,
    /// File limits.
    pub(crate) limits: Limits,
    /// JSON Pointer of each record's id, which must be unique in the file;
    /// `None` turns the uniqueness check off. Records without the field are
    /// left out of the check.
    pub(crate) id_pointer: Option<String>,
    /// Severity of a key the schema does not define (`BL206`).
    pub(crate) unknown_key_severity: Severity,
    /// JSON Pointers of values that must be the same on every line of a
    /// file (`BL405`), such as OpenAI's `url` and `body.model`.
    pub(crate) uniform: Vec<String>,
    /// JSON Pointers of the key fields `check --statistics` counts values of.
    pub(crate) statistics: Vec<String>,
    /// Whether clean records may be recognised without listing diagnostics:
    /// by typed parsing with the sync rules, by validating the record's tape
    /// with the schema and the cross-field rules. A record a fast path does
    /// not find clean goes through the full path, so the diagnostics are the
    /// same either way.
    pub(crate) fast_path: bool,
    /// Per-code severities that replace the codes' defaults; `None` turns a
    /// code off (its diagnostics are dropped and not counted).
    pub(crate) severities: BTreeMap<Code, Option<Severity>>,
    /// The extension the API requires of the uploaded file's name (`jsonl`),
    /// if it documents one: another name is a warning (`BL407`).
    pub(crate) file_extension: Option<String>,
    /// The most diagnostics listed for one line (at least 1); `BL009` counts
    /// the rest, which are not built, so that a line with a hundred thousand
    /// problems costs time linear in its length.
    pub(crate) max_per_line: usize,
}

impl Profile {
    /// How many diagnostics a line lists unless told otherwise.
    pub const DEFAULT_MAX_PER_LINE: usize = 100;

    /// The profile's name, e.g. `sync`.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The schema every line must satisfy, if any.
    #[must_use]
    pub fn schema(&self) -> Option<&LineSchema> {
        self.schema.as_ref()
    }

    /// The cross-field rules applied to each record.
    #[must_use]
    pub fn rules(&self) -> RuleSet {
        self.rules
    }

    /// The file limits.
    #[must_use]
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The file limits, to change.
    pub fn limits_mut(&mut self) -> &mut Limits {
        &mut self.limits
    }

    /// JSON Pointer of each record's id, which must be unique in the file;
    /// records without the field are left out of the check.
    #[must_use]
    pub fn id_pointer(&self) -> Option<&str> {
        self.id_pointer.as_deref()
    }

    /// Checks the records' ids at `pointer` (a JSON Pointer) for uniqueness,
    /// or no ids with `None`.
    #[must_use]
    pub fn with_id_pointer(mut self, pointer: Option<String>) -> Self {
        self.id_pointer = pointer;
        self
    }

    /// Severity of a key the schema does not define (`BL206`).
    #[must_use]
    pub fn unknown_key_severity(&self) -> Severity {
        self.unknown_key_severity
    }

    /// JSON Pointers of values that must be the same on every line of a
    /// file (`BL405`), such as OpenAI's `url` and `body.model`.
    #[must_use]
    pub fn uniform(&self) -> &[String] {
        &self.uniform
    }

    /// JSON Pointers of the key fields `check --statistics` counts values of.
    #[must_use]
    pub fn statistics(&self) -> &[String] {
        &self.statistics
    }

    /// The severity a diagnostic of `code` reported as `reported` gets in
    /// this profile: the profile's override for the code if it has one, else
    /// `reported`; `None` when the code is turned off. The one place where
    /// overrides are resolved.
    #[must_use]
    pub fn severity(&self, code: Code, reported: Severity) -> Option<Severity> {
        self.severities.get(&code).copied().unwrap_or(Some(reported))
    }

    /// Gives `code`'s diagnostics `severity` instead of their default;
    /// `None` turns the code off (its diagnostics are dropped, not counted).
    #[must_use]
    pub fn with_severity(mut self, code: Code, severity: Option<Severity>) -> Self {
        self.severities.insert(code, severity);
        self
    }

    /// The extension the API requires of the uploaded file's name (`jsonl`),
    /// if it documents one: another name is a warning (`BL407`).
    #[must_use]
    pub fn file_extension(&self) -> Option<&str> {
        self.file_extension.as_deref()
    }

    /// The most diagnostics listed for one line; `BL009` counts the rest.
    #[must_use]
    pub fn max_per_line(&self) -> usize {
        self.max_per_line
    }

    /// Lists at most `max` diagnostics for one line; the rest are counted
    /// (`BL009`) but not built, so that a line with a hundred thousand
    /// problems costs time linear in its length.
    #[must_use]
    pub fn with_max_per_line(mut self, max: std::num::NonZeroUsize) -> Self {
        self.max_per_line = max.get();
        self
    }

    /// Turns the fast paths off (`false`): every record goes through the
    /// full path. For the tests that compare the two (feature `testing`).
    #[cfg(any(test, feature = "testing"))]
    #[must_use]
    pub fn with_fast_paths(mut self, on: bool) -> Self {
        self.fast_path = on;
        self
    }
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
    /// JSON Pointers of the key fields `check --statistics` counts values of.
    pub statistics: &'static [&'static str],
    /// The extension the API requires of the file's name, if it documents one.
    pub file_extension: Option<&'static str>,
    /// Severity of a key the schema does not define (`BL206`): an error
    /// where the provider documents that it refuses unknown keys, otherwise
    /// a warning.
    pub unknown_key_severity: Severity,
    /// What is unconfirmed or chosen on the safe side, for the documentation.
    pub notes: &'static str,
    /// Where the rules come from.
    pub sources: &'static [&'static str],
}

/// The built-in profiles' names, comma-separated, for messages.
pub(crate) fn builtin_names() -> String {
    BUILTINS.iter().map(|b| b.name).collect::<Vec<_>>().join(", ")
}

/// At most `records` records and `bytes` bytes, no minimum.
const fn at_most(records: u64, bytes: u64) -> Limits {
    Limits { min_records: None, max_records: Some(records), max_bytes: Some(bytes), max_line_bytes: None }
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
        statistics: &["/endpoint", "/payload/model"],
        file_extension: None,
        unknown_key_severity: Severity::Warning,
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
        limits: at_most(50_000, 200_000_000),
        id_pointer: Some("/custom_id"),
        uniform: &["/url", "/body/model"],
        statistics: &["/url", "/body/model"],
        file_extension: Some("jsonl"),
        unknown_key_severity: Severity::Warning,
        notes: "\"200 MB\" is read as 200,000,000 bytes; the one-model-per-file rule is from the batch guide. The \
                bodies of /v1/responses, /v1/chat/completions, /v1/embeddings, /v1/completions and /v1/moderations \
                follow OpenAI's OpenAPI document (CreateResponse, CreateChatCompletionRequest, \
                CreateEmbeddingRequest, CreateCompletionRequest, CreateModerationRequest), which \
                tools/schemas/openai.py compares them with; image and video bodies need only a model.",
        sources: &["https://developers.openai.com/api/docs/guides/batch", "https://github.com/openai/openai-openapi"],
    },
    BuiltinProfile {
        name: "azure-openai",
        title: "Azure OpenAI Batch API, global and data-zone batch (POST /openai/v1/batches)",
        schema: Some(include_str!("../schemas/azure-openai.schema.json")),
        rules: RuleSet::None,
        limits: at_most(100_000, 200_000_000),
        id_pointer: Some("/custom_id"),
        uniform: &["/url", "/body/model"],
        statistics: &["/url", "/body/model"],
        file_extension: Some("jsonl"),
        unknown_key_severity: Severity::Warning,
        notes: "body.model is the batch deployment's name, the same on every line. \"200 MB\" is read as 200,000,000 \
                bytes, safe under either meaning. url may be written with or without /v1 (/chat/completions, \
                /v1/chat/completions; likewise /responses and /embeddings); which endpoints a deployment takes \
                depends on the API version and model, and is not checked. The limit of 500 input files per \
                resource and the enqueued-token quota are beyond one file. Bodies are checked with the openai \
                profile's definitions (chat completions, responses, embeddings), model excepted.",
        sources: &[
            "https://learn.microsoft.com/en-us/azure/ai-foundry/openai/how-to/batch",
            "https://learn.microsoft.com/azure/ai-services/openai/quotas-limits",
            "https://learn.microsoft.com/en-us/azure/foundry/reference/rest/batches-create-batch",
        ],
    },
    BuiltinProfile {
        name: "anthropic",
        title: "Anthropic Message Batches API (POST /v1/messages/batches)",
        schema: Some(include_str!("../schemas/anthropic.schema.json")),
        rules: RuleSet::None,
        limits: at_most(100_000, 256_000_000),
        id_pointer: Some("/custom_id"),
        uniform: &[],
        statistics: &["/params/model"],
        file_extension: None,
        unknown_key_severity: Severity::Warning,
        notes: "The API takes a JSON body ({\"requests\": [...]}), not a JSONL file: this profile lints the JSONL you \
                build that body from, one request per line. \"256 MB\" is read as 256,000,000 bytes, safe under \
                either meaning; it applies to the JSON body, which is 14 bytes larger than the JSONL file (plus \
                any whitespace your serializer adds). The minimum of one request is BL006 (empty file). \
                No documented rule makes a value the same on every line, so none is checked. params is checked \
                as a Messages API request (content blocks, tools, thinking, …) from the Messages reference and \
                the types of Anthropic's Python SDK; beta keys are accepted, since the beta header is not in the \
                file.",
        sources: &[
            "https://platform.claude.com/docs/en/api/go/messages/batches/create",
            "https://platform.claude.com/docs/en/build-with-claude/batch-processing",
            "https://platform.claude.com/docs/en/api/messages",
            "https://github.com/anthropics/anthropic-sdk-python (src/anthropic/types)",
        ],
    },
    BuiltinProfile {
        name: "mistral",
        title: "Mistral Batch API (POST /v1/batch/jobs)",
        schema: Some(include_str!("../schemas/mistral.schema.json")),
        rules: RuleSet::None,
        limits: at_most(100_000, 512_000_000),
        id_pointer: Some("/custom_id"),
        uniform: &[],
        statistics: &["/body/model"],
        file_extension: None,
        unknown_key_severity: Severity::Error,
        notes: "Sources disagree on the record limit: the batch guide says up to 1,000,000 requests, the known \
                limitations page 100,000 per batch; 100,000 is used, the safe value. \"512 MB\" is read as \
                512,000,000 bytes. body.model is optional (the job may name the model). The endpoint is named on \
                the job, not on the lines, so a body is checked as the request its keys show (messages: chat \
                completion; prompt: FIM; document: OCR; input: embeddings, classification or moderation), from \
                Mistral's OpenAPI document. Mistral refuses keys its API does not define (HTTP 422 \
                extra_forbidden), so an unknown key is an error here (BL206), not a warning.",
        sources: &[
            "https://docs.mistral.ai/capabilities/batch",
            "https://docs.mistral.ai/inference/batch-processing.md",
            "https://docs.mistral.ai/resources/known-limitations",
            "https://github.com/mistralai/platform-docs-public (openapi.yaml)",
        ],
    },
    BuiltinProfile {
        name: "together",
        title: "Together AI Batch API (POST /v1/batches)",
        schema: Some(include_str!("../schemas/together.schema.json")),
        rules: RuleSet::None,
        limits: at_most(50_000, 100_000_000),
        id_pointer: Some("/custom_id"),
        uniform: &[],
        statistics: &["/body/model"],
        file_extension: Some("jsonl"),
        unknown_key_severity: Severity::Warning,
        notes: "\"100 MB\" is read as 100,000,000 bytes, safe under either meaning. Lines are chat completions \
                requests (/v1/chat/completions), checked key by key from Together's OpenAPI document. Whether one file may mix models is \
                not documented, so it is not checked; the per-model enqueued-token limit is beyond one file.",
        sources: &[
            "https://docs.together.ai/docs/inference/batch/overview",
            "https://www.together.ai/blog/batch-api",
            "https://github.com/togethercomputer/openapi (openapi.yaml)",
        ],
    },
    BuiltinProfile {
        name: "groq",
        title: "Groq Batch API (POST /openai/v1/batches)",
        schema: Some(include_str!("../schemas/groq.schema.json")),
        rules: RuleSet::None,
        limits: at_most(50_000, 100_000_000),
        id_pointer: Some("/custom_id"),
        uniform: &["/url", "/body/model"],
        statistics: &["/url", "/body/model"],
        file_extension: Some("jsonl"),
        unknown_key_severity: Severity::Warning,
        notes: "The limits were not captured from Groq's documentation: 50,000 lines is a recollection, and the \
                file cap is recalled as 200 MB while a third-party page says 100 MB; 100,000,000 bytes is used, the \
                safe value. url is /v1/chat/completions, the only one the batch guide shows; \
                /v1/audio/transcriptions and /v1/audio/translations are accepted because the guide lists \
                transcription and translation models for batches. One url and one model per file follow the \
                OpenAI rules Groq is compatible with; Groq does not state them. Bodies are checked from Groq's API \
                reference and the types of its Python SDK.",
        sources: &[
            "https://console.groq.com/docs/batch",
            "https://console.groq.com/docs/api-reference",
            "https://github.com/groq/groq-python (src/groq/types)",
        ],
    },
    BuiltinProfile {
        name: "gemini",
        title: "Gemini API Batch Mode, JSONL input file (models.batchGenerateContent)",
        schema: Some(include_str!("../schemas/gemini.schema.json")),
        rules: RuleSet::None,
        limits: Limits { min_records: None, max_records: None, max_bytes: Some(2_000_000_000), max_line_bytes: None },
        id_pointer: None,
        uniform: &[],
        statistics: &[],
        file_extension: None,
        unknown_key_severity: Severity::Warning,
        notes: "Each line is {key, request}; the documentation does not say that key must be unique, so ids are \
                not checked (--id-pointer /key checks them). No record limit is documented. The file cap is the \
                File API's 2 GB, not re-checked, read as 2,000,000,000 bytes. Inline requests (under 20 MB in \
                total) are a JSON body, not a file, and are not what this profile checks. request is checked as a \
                GenerateContentRequest, whose fields may be spelt in camelCase or snake_case but not both ways in \
                one object (BL210); the schema is generated by tools/schemas/gemini.py.",
        sources: &[
            "https://ai.google.dev/gemini-api/docs/batch-api",
            "https://ai.google.dev/api/generate-content",
            "https://github.com/googleapis/googleapis (google/ai/generativelanguage/v1beta)",
        ],
    },
    BuiltinProfile {
        name: "vertex",
        title: "Vertex AI batch inference for Gemini, JSONL input in Cloud Storage",
        schema: Some(include_str!("../schemas/vertex.schema.json")),
        rules: RuleSet::None,
        limits: at_most(200_000, 1_000_000_000),
        id_pointer: None,
        uniform: &[],
        statistics: &[],
        file_extension: None,
        unknown_key_severity: Severity::Warning,
        notes: "Each line is {request}; lines have no id. The limits are unconfirmed: 200,000 requests and 1 GB \
                (read as 1,000,000,000 bytes) are recalled for Gemini batch jobs, not captured from the \
                documentation (the embeddings batch documents 1,000,000 rows and 1 GB). BigQuery input is not a \
                file and is not checked. request is checked as Vertex AI's GenerateContentRequest (labels, \
                Vertex-only tools), in camelCase or snake_case as for gemini.",
        sources: &[
            "https://docs.cloud.google.com/vertex-ai/generative-ai/docs/multimodal/batch-prediction-from-cloud-storage",
            "https://docs.cloud.google.com/gemini-enterprise-agent-platform/models/embeddings/batch-prediction-genai-embeddings",
            "https://github.com/googleapis/googleapis (google/cloud/aiplatform/v1)",
        ],
    },
    BuiltinProfile {
        name: "generic",
        title: "Any JSON Lines file: syntax and encoding only",
        schema: None,
        rules: RuleSet::None,
        limits: NONE,
        id_pointer: None,
        uniform: &[],
        statistics: &[],
        file_extension: None,
        unknown_key_severity: Severity::Warning,
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
    /// [`Error::UnknownProfile`] for an unknown name.
    pub fn by_name(name: &str) -> Result<Self, Error> {
        let Some(builtin) = BUILTINS.iter().find(|b| b.name == name) else {
            let suggestion = crate::suggest::did_you_mean(name, BUILTINS.iter().map(|b| b.name));
            return Err(Error::UnknownProfile { name: name.to_owned(), suggestion });
        };
        Ok(Self::from_builtin(builtin))
    }

    /// A profile from its definition (its schema is parsed and compiled on
    /// first use).
    #[must_use]
    pub fn from_builtin(builtin: &BuiltinProfile) -> Self {
        let origin = format!("built-in {} schema", builtin.name);
        let schema = builtin.schema.map(|_| LineSchema::builtin(&origin, builtin.name));
        Profile {
            name: builtin.name.to_owned(),
            schema,
            rules: builtin.rules,
            limits: builtin.limits,
            id_pointer: builtin.id_pointer.map(str::to_owned),
            uniform: builtin.uniform.iter().map(|p| (*p).to_owned()).collect(),
            statistics: builtin.statistics.iter().map(|p| (*p).to_owned()).collect(),
            unknown_key_severity: builtin.unknown_key_severity,
            fast_path: true,
            severities: BTreeMap::new(),
            file_extension: builtin.file_extension.map(str::to_owned),
            max_per_line: Self::DEFAULT_MAX_PER_LINE,
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
            let p = Profile::from_builtin(b);
            if let (Some(text), Some(schema)) = (b.schema, &p.schema) {
                // Compiled lazily in use; here eagerly, meta-validated too.
                let document = serde_json::from_str(text).unwrap();
                LineSchema::compile(b.name, document, None).unwrap_or_else(|e| panic!("{}: {e}", b.name));
                let _ = schema.tape_validator();
            }
            assert_eq!(p.name, b.name);
            assert!(!b.title.is_empty() && !b.notes.is_empty(), "{}", b.name);
        }
        let err = Profile::by_name("opnai").unwrap_err().to_string();
        assert!(err.contains("did you mean `openai`"), "{err}");
    }

    /// `batchlint schema` prints these texts: every file of this repository
    /// they name (`docs/….md`) must exist.
    #[test]
    fn the_files_a_builtin_schema_names_exist() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for b in BUILTINS {
            let Some(text) = b.schema else { continue };
            // Paths of this repository, not the `…/docs/…` of a web address.
            for (at, _) in text.match_indices("docs/").filter(|(at, _)| !text[..*at].ends_with('/')) {
                let name: String =
                    text[at..].chars().take_while(|c| c.is_ascii_alphanumeric() || "/-_.".contains(*c)).collect();
                let name = name.trim_end_matches('.');
                assert!(root.join(name).is_file(), "{}: names {name}, which does not exist", b.name);
            }
        }
    }
}
