//! The registry of diagnostic codes. Each code is a unit in the file of its
//! family (`codes/framing.rs`, `syntax.rs`, `schema.rs`, `cross_field.rs`,
//! `batch.rs`): its number, kebab-case name, default severity, one-line
//! summary and long documentation with a bad and a fixed example, and beside
//! them the functions that build what its diagnostics say ([`Message`]). The
//! stage that finds a problem only places the message. The registry below
//! lists the units; everything a front end shows about a code (`batchlint
//! rule`, the SARIF rules, Python's `batchlint.rules()`, the table of
//! `docs/codes.md`, checked by a test) is read from it.
//!
//! Codes are grouped in families by hundreds and are never reused: a retired
//! code stays reserved.

use std::fmt;

use serde::Serialize;

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

pub(crate) mod batch;
pub(crate) mod cross_field;
pub(crate) mod framing;
pub(crate) mod schema;
pub(crate) mod syntax;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; does not fail the check.
    Warning,
    /// The API would refuse the file; fails the check.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// The kind of problem a [`Code`] belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Family {
    /// `BL0xx`: bytes and line framing (encoding, BOM, blank lines, overlong lines).
    Framing,
    /// `BL1xx`: JSON syntax of one line.
    Syntax,
    /// `BL2xx`: the line schema.
    Schema,
    /// `BL3xx`: rules across fields of one record that a schema expresses badly.
    CrossField,
    /// `BL4xx`: rules over the whole file (record count, size, unique ids).
    Batch,
}

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

/// What a diagnostic says, built by the unit of its code: the code, the
/// message, the label under the span and the help. The stage that found
/// the problem places it (`LineRef::report`).
#[derive(Debug)]
pub(crate) struct Message {
    pub(crate) code: Code,
    pub(crate) text: String,
    pub(crate) label: Option<String>,
    pub(crate) help: Option<String>,
}

impl Message {
    fn new(code: Code, text: impl Into<String>) -> Self {
        Message { code, text: text.into(), label: None, help: None }
    }

    fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The help, if `help` gives one.
    fn help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
}

/// One code's unit: everything about it but its variant.
struct Unit {
    /// The code as printed, `BL` and three digits: the hundreds name the family.
    code: &'static str,
    name: &'static str,
    severity: Severity,
    summary: &'static str,
    docs: CodeDocs,
}

macro_rules! registry {
    ($( $variant:ident => $family:ident::$unit:ident, )*) => {
        /// A stable diagnostic code such as `BL101`: [`Code::summary`] says
        /// what it means, [`Code::docs`] why it matters.
        ///
        /// `Display` prints the code; [`Code::name`] gives its kebab-case name.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $(
                #[doc = concat!(
                    "The code of the unit `", stringify!($unit), "` (`src/codes/", stringify!($family),
                    ".rs`): [`Code::summary`] says what it means, [`Code::docs`] why it matters."
                )]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            const fn unit(self) -> &'static Unit {
                match self { $(Code::$variant => &$family::$unit,)* }
            }
        }

        /// The file of each code's unit, in the order of [`Code::ALL`].
        #[cfg(test)]
        const FILES: &[&str] = &[$(stringify!($family)),*];
    };
}

registry! {
    InvalidUtf8 => framing::INVALID_UTF8,
    Bom => framing::BOM,
    BlankLine => framing::BLANK_LINE,
    LineTooLong => framing::LINE_TOO_LONG,
    NotJsonLines => framing::NOT_JSON_LINES,
    EmptyFile => framing::EMPTY_FILE,
    NotText => framing::NOT_TEXT,
    WrongEncoding => framing::WRONG_ENCODING,
    MoreProblems => framing::MORE_PROBLEMS,
    InvalidJson => syntax::INVALID_JSON,
    NotAnObject => syntax::NOT_AN_OBJECT,
    DuplicateKey => syntax::DUPLICATE_KEY,
    NumberOutOfRange => syntax::NUMBER_OUT_OF_RANGE,
    NestingTooDeep => syntax::NESTING_TOO_DEEP,
    MissingField => schema::MISSING_FIELD,
    WrongType => schema::WRONG_TYPE,
    InvalidValue => schema::INVALID_VALUE,
    OutOfRange => schema::OUT_OF_RANGE,
    BadFormat => schema::BAD_FORMAT,
    UnknownKey => schema::UNKNOWN_KEY,
    SchemaViolation => schema::SCHEMA_VIOLATION,
    OtherProfile => schema::OTHER_PROFILE,
    NonAsciiUrl => schema::NON_ASCII_URL,
    ConflictingKeys => schema::CONFLICTING_KEYS,
    DeprecatedField => schema::DEPRECATED_FIELD,
    VisualInputCount => cross_field::VISUAL_INPUT_COUNT,
    MissingAudio => cross_field::MISSING_AUDIO,
    ImageNeedsSync3 => cross_field::IMAGE_NEEDS_SYNC_3,
    ReactOnlyOption => cross_field::REACT_ONLY_OPTION,
    MediaSource => cross_field::MEDIA_SOURCE,
    UnresolvedRefId => cross_field::UNRESOLVED_REF_ID,
    SegmentTimes => cross_field::SEGMENT_TIMES,
    TooFewRecords => batch::TOO_FEW_RECORDS,
    TooManyRecords => batch::TOO_MANY_RECORDS,
    FileTooLarge => batch::FILE_TOO_LARGE,
    DuplicateId => batch::DUPLICATE_ID,
    MixedValues => batch::MIXED_VALUES,
    LongId => batch::LONG_ID,
    FileName => batch::FILE_NAME,
}

impl Code {
    /// The code as printed, e.g. `"BL101"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        self.unit().code
    }

    /// The kebab-case name, e.g. `"invalid-json"`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        self.unit().name
    }

    /// The family the code belongs to, by its hundreds.
    #[must_use]
    pub const fn family(self) -> Family {
        match self.as_str().as_bytes()[2] {
            b'0' => Family::Framing,
            b'1' => Family::Syntax,
            b'2' => Family::Schema,
            b'3' => Family::CrossField,
            _ => Family::Batch,
        }
    }

    /// The severity a diagnostic with this code has unless configured otherwise.
    #[must_use]
    pub const fn default_severity(self) -> Severity {
        self.unit().severity
    }

    /// One line saying what the code means.
    #[must_use]
    pub const fn summary(self) -> &'static str {
        self.unit().summary
    }

    /// Why the code matters, with an example of bad and fixed input.
    #[must_use]
    pub const fn docs(self) -> CodeDocs {
        self.unit().docs
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Code {
    /// The code whose number or name is closest to `input`, if one is a likely typo.
    pub fn closest(input: &str) -> Option<Code> {
        let input = input.trim();
        let upper = input.to_ascii_uppercase();
        let lower = input.to_ascii_lowercase();
        let mut best: Option<(usize, Code)> = None;
        for &code in Code::ALL {
            // A code is five characters: one wrong, missing or extra character,
            // or two swapped, is a typo; a name may be off by about a third.
            let by_code = strsim::damerau_levenshtein(&upper, code.as_str());
            let by_name = strsim::damerau_levenshtein(&lower, code.name());
            let name_limit = (code.name().len() / 3).max(1);
            let distance = if by_code <= 1 {
                by_code
            } else if by_name <= name_limit {
                by_name
            } else {
                continue;
            };
            if best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, code));
            }
        }
        best.map(|(_, code)| code)
    }
}

impl std::str::FromStr for Code {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(s) || c.name() == s)
            .ok_or_else(|| format!("unknown code `{s}`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LineSchema, Linter, Profile};

    #[test]
    fn suggests_codes_and_names_that_are_close() {
        assert_eq!(Code::closest("BL2O3"), Some(Code::InvalidValue));
        assert_eq!(Code::closest("bl23"), Some(Code::InvalidValue));
        assert_eq!(Code::closest("invalid-valu"), Some(Code::InvalidValue));
        assert_eq!(Code::closest("duplicate_ids"), Some(Code::DuplicateId));
        assert_eq!(Code::closest("BL999"), None);
        assert_eq!(Code::closest("banana"), None);
    }

    #[test]
    fn codes_are_unique_sorted_and_each_in_its_familys_file() {
        let mut seen = std::collections::HashSet::new();
        for pair in Code::ALL.windows(2) {
            assert!(pair[0].as_str() < pair[1].as_str(), "{} before {}", pair[0], pair[1]);
        }
        for (code, file) in Code::ALL.iter().zip(FILES) {
            let digits = code.as_str().strip_prefix("BL").unwrap_or_default();
            assert!(digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit()), "{code}: BL and three digits");
            assert!(seen.insert(code.name()), "name {} twice", code.name());
            let family_file = match code.family() {
                Family::Framing => "framing",
                Family::Syntax => "syntax",
                Family::Schema => "schema",
                Family::CrossField => "cross_field",
                Family::Batch => "batch",
            };
            assert_eq!(*file, family_file, "{code}: its unit belongs in codes/{family_file}.rs");
        }
    }

    #[test]
    fn codes_parse_by_number_or_name() {
        assert_eq!("bl101".parse::<Code>(), Ok(Code::InvalidJson));
        assert_eq!("duplicate-id".parse::<Code>(), Ok(Code::DuplicateId));
        assert!("BL999".parse::<Code>().is_err());
    }

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
