//! The table of diagnostic codes: the single source of truth for every code's
//! number, name, family, default severity and one-line summary.
//!
//! Codes are grouped in families by hundreds and are never reused: a retired
//! code stays reserved.

use std::fmt;

use serde::Serialize;

use crate::diagnostic::Severity;

mod docs;

pub use docs::CodeDocs;

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

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = ($code:literal, $name:literal, $family:ident, $sev:ident, $summary:literal); )*) => {
        /// A stable diagnostic code such as `BL101`.
        ///
        /// `Display` prints the code; [`Code::name`] gives its kebab-case name.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as printed, e.g. `"BL101"`.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// The kebab-case name, e.g. `"invalid-json"`.
            #[must_use]
            pub const fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The family the code belongs to.
            #[must_use]
            pub const fn family(self) -> Family {
                match self { $(Code::$variant => Family::$family,)* }
            }

            /// The severity a diagnostic with this code has unless configured otherwise.
            #[must_use]
            pub const fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)* }
            }

            /// One line saying what the code means.
            #[must_use]
            pub const fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }
        }
    };
}

codes! {
    /// A line is not valid UTF-8.
    InvalidUtf8 = ("BL001", "invalid-utf8", Framing, Error, "a line is not valid UTF-8");
    /// The file starts with a UTF-8 byte order mark.
    Bom = ("BL002", "byte-order-mark", Framing, Error, "the file starts with a UTF-8 byte order mark");
    /// A line is empty or holds only whitespace.
    BlankLine = ("BL003", "blank-line", Framing, Error, "a line is empty or holds only whitespace");
    /// A line is longer than the line limit.
    LineTooLong = ("BL004", "line-too-long", Framing, Error, "a line is longer than the byte limit");
    /// The file is one JSON document spread over lines, not JSON Lines.
    NotJsonLines = ("BL005", "not-json-lines", Framing, Error, "the file is a JSON array or pretty-printed JSON, not JSON Lines");
    /// The file is empty or holds only whitespace.
    EmptyFile = ("BL006", "empty-file", Framing, Error, "the file is empty or holds only whitespace");
    /// The file is binary or compressed data, not text.
    NotText = ("BL007", "not-text", Framing, Error, "the file is binary or compressed data, not text");
    /// The file is text in UTF-16 or UTF-32, not UTF-8.
    WrongEncoding = ("BL008", "wrong-encoding", Framing, Error, "the file is text in UTF-16 or UTF-32, not UTF-8");
    /// A line has more problems than are listed.
    MoreProblems = ("BL009", "more-problems", Framing, Error, "a line has more problems than --max-per-line lists; the rest are counted");
    /// A line is not valid JSON.
    InvalidJson = ("BL101", "invalid-json", Syntax, Error, "a line is not valid JSON");
    /// A line is valid JSON but not an object.
    NotAnObject = ("BL102", "not-an-object", Syntax, Error, "a line is valid JSON but not an object");
    /// An object has the same key twice.
    DuplicateKey = ("BL103", "duplicate-key", Syntax, Error, "an object has the same key twice");
    /// A number is too large to represent.
    NumberOutOfRange = ("BL104", "number-out-of-range", Syntax, Error, "a number is too large to represent as a 64-bit float");
    /// Arrays and objects are nested too deeply.
    NestingTooDeep = ("BL105", "nesting-too-deep", Syntax, Error, "arrays and objects are nested more than 127 levels deep");
    /// A required key is missing.
    MissingField = ("BL201", "missing-field", Schema, Error, "a required key is missing");
    /// A value has the wrong JSON type.
    WrongType = ("BL202", "wrong-type", Schema, Error, "a value has the wrong JSON type");
    /// A value is not one of the allowed values.
    InvalidValue = ("BL203", "invalid-value", Schema, Error, "a value is not one of the allowed values");
    /// A number, string, array or object is outside its allowed range or size.
    OutOfRange = ("BL204", "out-of-range", Schema, Error, "a number, string, array or object is outside its allowed range or size");
    /// A string does not match its pattern or format.
    BadFormat = ("BL205", "bad-format", Schema, Error, "a string does not match its pattern or format");
    /// A key the profile does not know.
    UnknownKey = ("BL206", "unknown-key", Schema, Warning, "a key the profile's schema does not define");
    /// Any other line-schema violation.
    SchemaViolation = ("BL207", "schema-violation", Schema, Error, "a value violates another rule of the line schema");
    /// A record has the keys of another profile's records.
    OtherProfile = ("BL208", "other-profile", Schema, Error, "a record has the keys of another batch API's records: the wrong profile");
    /// A URL with non-ASCII characters, which clients send percent-encoded.
    NonAsciiUrl = ("BL209", "non-ascii-url", Schema, Warning, "a URL has non-ASCII characters, which HTTP clients send percent-encoded");
    /// Two keys that may not be given together.
    ConflictingKeys = ("BL210", "conflicting-keys", Schema, Error, "an object has two keys that may not be given together, such as one field spelt in camelCase and in snake_case");
    /// A key the API has deprecated.
    DeprecatedField = ("BL211", "deprecated-field", Schema, Warning, "a key the API still accepts but has deprecated, such as OpenAI's max_tokens");
    /// A generation needs exactly one visual input.
    VisualInputCount = ("BL301", "visual-input-count", CrossField, Error, "a generation needs exactly one video or image input");
    /// A generation needs an audio or text input.
    MissingAudio = ("BL302", "missing-audio", CrossField, Error, "a generation needs at least one audio or text input");
    /// Image inputs need the `sync-3` model.
    ImageNeedsSync3 = ("BL303", "image-needs-sync-3", CrossField, Error, "image inputs are only supported by the sync-3 model");
    /// An option that only `react-1` accepts.
    ReactOnlyOption = ("BL304", "react-only-option", CrossField, Error, "model_mode and prompt apply only to the react-1 model");
    /// A media input needs exactly one of `url` and `assetId`.
    MediaSource = ("BL305", "media-source", CrossField, Error, "a media input needs exactly one of url and assetId");
    /// A segment names a `refId` no input has.
    UnresolvedRefId = ("BL306", "unresolved-ref-id", CrossField, Error, "a segment's refId matches no audio or text input");
    /// A segment ends before it starts.
    SegmentTimes = ("BL307", "segment-times", CrossField, Error, "a segment's startTime is not before its endTime");
    /// Fewer records than the API accepts.
    TooFewRecords = ("BL401", "too-few-records", Batch, Error, "the file has fewer records than the API accepts");
    /// More records than the API accepts.
    TooManyRecords = ("BL402", "too-many-records", Batch, Error, "the file has more records than the API accepts");
    /// The file is larger than the API accepts.
    FileTooLarge = ("BL403", "file-too-large", Batch, Error, "the file is larger than the API accepts");
    /// Two records share an id.
    DuplicateId = ("BL404", "duplicate-id", Batch, Error, "two records share an id");
    /// A value that must be the same on every line differs.
    MixedValues = ("BL405", "mixed-values", Batch, Error, "a value that must be the same on every line of a file differs");
    /// An id far longer than anyone means.
    LongId = ("BL406", "long-id", Batch, Warning, "an id is over 255 characters long, where the API documents no limit");
    /// The file's name lacks the extension the API requires.
    FileName = ("BL407", "file-name", Batch, Warning, "the file's name does not have the extension the API requires");
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
    fn codes_are_unique_sorted_and_match_their_family() {
        let mut seen = std::collections::HashSet::new();
        for pair in Code::ALL.windows(2) {
            assert!(pair[0].as_str() < pair[1].as_str(), "{} before {}", pair[0], pair[1]);
        }
        for code in Code::ALL {
            assert!(seen.insert(code.name()), "name {} twice", code.name());
            let hundreds = &code.as_str()[2..3];
            let family = match hundreds {
                "0" => Family::Framing,
                "1" => Family::Syntax,
                "2" => Family::Schema,
                "3" => Family::CrossField,
                "4" => Family::Batch,
                _ => panic!("{code} has no family"),
            };
            assert_eq!(code.family(), family, "{code}");
        }
    }

    #[test]
    fn codes_parse_by_number_or_name() {
        assert_eq!("bl101".parse::<Code>(), Ok(Code::InvalidJson));
        assert_eq!("duplicate-id".parse::<Code>(), Ok(Code::DuplicateId));
        assert!("BL999".parse::<Code>().is_err());
    }
}
