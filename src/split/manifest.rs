//! `manifest.json`: what a split wrote, so that every input line can be
//! accounted for and every chunk verified. Documented in `docs/split.md`.

use serde::{Deserialize, Serialize};

use crate::codes::Code;
use crate::input::Compression;

/// Version of the manifest's shape; bumped on any incompatible change.
pub const MANIFEST_VERSION: u32 = 1;

/// The file name of the manifest inside the output folder.
pub const MANIFEST_NAME: &str = "manifest.json";

/// Everything a split wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    pub limits: ManifestLimits,
    /// The chunks, in input order.
    pub chunks: Vec<ChunkEntry>,
    /// Lines with errors, written to the rejects file.
    pub rejects: Option<Rejects>,
    /// Lines written nowhere, and why.
    pub skipped: Skipped,
}

/// Name and version of the writer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    /// `batchlint`.
    pub name: String,
    /// The crate version.
    pub version: String,
}

/// The input file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

/// Chunk limits as applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestLimits {
    /// Fewest records per chunk.
    pub min_records: u64,
    /// Most records per chunk, if limited.
    pub max_records: Option<u64>,
    /// Most bytes per chunk, if limited.
    pub max_bytes: Option<u64>,
}

/// One chunk file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct Rejects {
    /// Its path, as given.
    pub file: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// The rejected lines with their error codes.
    pub lines: Vec<RejectEntry>,
}

/// One rejected line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectEntry {
    /// 1-based input line.
    pub line: u64,
    /// Codes of its errors, e.g. `["BL203"]`.
    pub codes: Vec<String>,
}

/// Lines not written anywhere.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
