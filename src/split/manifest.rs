//! `manifest.json`: what a split wrote, so that every input line can be
//! accounted for and every chunk verified. Documented in `docs/split.md`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::plan::ChunkLimits;
use super::rejected::RejectedLines;
use crate::codes::Code;
use crate::input::Compression;

/// Version of the manifest's shape; bumped on any incompatible change.
pub const MANIFEST_VERSION: u32 = 1;

/// The file name of the manifest inside the output folder.
pub const MANIFEST_NAME: &str = "manifest.json";

/// Everything a split wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Manifest {
    /// [`MANIFEST_VERSION`].
    pub version: u32,
    /// The tool that wrote it.
    pub tool: Tool,
    /// The input.
    pub input: Input,
    /// The profile's name.
    pub profile: String,
    /// The limits every chunk meets.
    pub limits: ChunkLimits,
    /// The chunks, in input order.
    pub chunks: Vec<ChunkEntry>,
    /// Lines with errors, written to the rejects file.
    pub rejects: Option<Rejects>,
    /// Lines written nowhere, and why.
    pub skipped: Skipped,
}

/// Name and version of the writer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Tool {
    /// `batchlint`.
    pub name: String,
    /// The crate version.
    pub version: String,
}

/// The input file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Input {
    /// The path as given (`-` for standard input).
    pub path: String,
    /// SHA-256 of its bytes (decompressed, with `compression`), lowercase hex.
    pub sha256: String,
    /// Its size in bytes (decompressed, with `compression`).
    pub bytes: u64,
    /// Its physical lines.
    pub lines: u64,
    /// Its records (non-blank lines).
    pub records: u64,
    /// The compression it was read through; absent for plain input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compression: Option<Compression>,
}

/// One chunk file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChunkEntry {
    /// File name inside the output folder.
    pub file: String,
    /// Records in it.
    pub records: u64,
    /// Its size in bytes.
    pub bytes: u64,
    /// SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
    /// Input line of its first record.
    pub first_line: u64,
    /// Input line of its last record.
    pub last_line: u64,
    /// Id of its first record, when the profile has ids and the record has one.
    pub first_id: Option<serde_json::Value>,
    /// Id of its last record.
    pub last_id: Option<serde_json::Value>,
}

/// The rejects file and what went into it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Rejects {
    /// Its path, as given.
    pub file: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// The rejected lines with their error codes.
    pub lines: RejectList,
}

/// The rejected lines of [`Rejects::lines`], in input order: a list read
/// from a manifest (or built), or the rejected lines of the scan a split
/// wrote, read from its temporary file as they are serialized or iterated,
/// so that a manifest listing millions of them takes little memory.
///
/// It serializes and deserializes as the JSON array of its entries.
#[derive(Clone, Debug)]
pub struct RejectList(Repr);

#[derive(Clone, Debug)]
enum Repr {
    Entries(Vec<RejectEntry>),
    Scanned(RejectedLines),
}

impl RejectList {
    /// How many lines there are.
    #[must_use]
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Entries(entries) => entries.len(),
            Repr::Scanned(lines) => lines.len(),
        }
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entries, in order. An item is an `Err` only when the lines of a
    /// scan cannot be read back from their temporary file (the iteration
    /// then ends).
    pub fn iter(&self) -> impl Iterator<Item = std::io::Result<RejectEntry>> + '_ {
        let (entries, lines) = match &self.0 {
            Repr::Entries(entries) => (Some(entries.iter().cloned().map(Ok)), None),
            Repr::Scanned(lines) => (None, Some(lines.iter().map(|r| r.map(|r| RejectEntry::new(r.line, &r.codes))))),
        };
        entries.into_iter().flatten().chain(lines.into_iter().flatten())
    }

    /// The entries, all in memory.
    ///
    /// # Errors
    /// As [`RejectList::iter`].
    pub fn to_vec(&self) -> std::io::Result<Vec<RejectEntry>> {
        self.iter().collect()
    }
}

impl From<Vec<RejectEntry>> for RejectList {
    fn from(entries: Vec<RejectEntry>) -> Self {
        RejectList(Repr::Entries(entries))
    }
}

impl From<RejectedLines> for RejectList {
    /// The entries of a scan's rejected lines, read when needed.
    fn from(lines: RejectedLines) -> Self {
        RejectList(Repr::Scanned(lines))
    }
}

impl FromIterator<RejectEntry> for RejectList {
    fn from_iter<I: IntoIterator<Item = RejectEntry>>(iter: I) -> Self {
        RejectList(Repr::Entries(iter.into_iter().collect()))
    }
}

impl PartialEq for RejectList {
    /// Equal entries (lists that cannot be read back are unequal).
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().zip(other.iter()).all(|pair| matches!(pair, (Ok(a), Ok(b)) if a == b))
    }
}

impl Eq for RejectList {}

impl Serialize for RejectList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq as _};
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for entry in self.iter() {
            seq.serialize_element(&entry.map_err(S::Error::custom)?)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for RejectList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<RejectEntry>::deserialize(deserializer).map(RejectList::from)
    }
}

/// One rejected line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RejectEntry {
    /// 1-based input line.
    pub line: u64,
    /// Codes of its errors, e.g. `["BL203"]`.
    pub codes: Vec<String>,
}

/// Lines not written anywhere.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Skipped {
    /// How many blank lines there were.
    pub blank_lines: u64,
    /// Their line numbers (at most the first 1,000).
    pub blank_line_numbers: Vec<u64>,
}

impl RejectEntry {
    /// An entry for `line` with `codes`.
    #[must_use]
    pub fn new(line: u64, codes: &[Code]) -> Self {
        RejectEntry { line, codes: codes.iter().map(|c| c.as_str().to_owned()).collect() }
    }
}
