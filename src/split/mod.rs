//! `split`: turns an input of any size into batch files that each pass the
//! profile's limits.
//!
//! Three steps, each usable alone: [`scan`] checks the input once (the same
//! pipeline as `check`) and keeps only each record's offset and size;
//! [`plan::plan`] partitions the record sizes; [`write::write`] copies byte
//! ranges of the input into chunk files, atomically, and writes a manifest.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
use crate::lint::Linter;
use crate::profile::Profile;

pub mod manifest;
pub mod plan;
pub mod write;

/// A record that goes into a chunk: where its bytes are in the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordSpan {
    /// Absolute offset of the record's first byte.
    pub start: u64,
    /// Length without the line terminator.
    pub len: u64,
    /// 1-based line number in the input.
    pub line: u64,
}

/// A line left out of the chunks because it has errors.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RejectedLine {
    /// 1-based line number.
    pub line: u64,
    /// Absolute offset of the line's first byte.
    #[serde(skip)]
    pub start: u64,
    /// Length without the line terminator.
    #[serde(skip)]
    pub len: u64,
    /// The codes of its errors, in order.
    pub codes: Vec<Code>,
}

/// What the first pass learnt about an input.
#[derive(Clone, Debug)]
pub struct Scan {
    /// The input file.
    pub path: PathBuf,
    /// SHA-256 of the input's bytes, lowercase hex.
    pub sha256: String,
    /// The input's size in bytes.
    pub bytes: u64,
    /// Physical lines.
    pub lines: u64,
    /// The valid records, in order.
    pub records: Vec<RecordSpan>,
    /// Records with errors, in order.
    pub rejected: Vec<RejectedLine>,
    /// Line numbers of blank lines (skipped).
    pub blank_lines: Vec<u64>,
    /// Set when the input cannot be split at all (e.g. it is not JSON Lines).
    pub fatal: Option<Code>,
    /// Diagnostics with severity error, blank lines and a BOM excepted.
    pub errors: u64,
    /// Diagnostics with severity warning.
    pub warnings: u64,
}

/// Reads through to a SHA-256 hasher.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// Lowercase hex of bytes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks `path` with `profile` (its file limits aside: they apply to the
/// chunks, not to the input) and keeps what splitting needs. Every diagnostic
/// goes to `sink`, in file order.
///
/// Blank lines and a byte order mark do not stop a split: blank lines are
/// skipped and counted, and chunks never start with a BOM.
///
/// # Errors
/// [`Error::Io`] when the input cannot be read.
pub fn scan(profile: &Profile, path: &Path, sink: &mut dyn FnMut(Diagnostic)) -> Result<Scan, Error> {
    let mut input_profile = profile.clone();
    input_profile.limits.min_records = None;
    input_profile.limits.max_records = None;
    input_profile.limits.max_bytes = None;
    input_profile.limits.max_line_bytes = Some(profile.limits.line_limit());
    let linter = Linter::new(input_profile);
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = Hashing { inner: file, hasher: Sha256::new(), bytes: 0 };
    let scan = Scan {
        path: path.to_path_buf(),
        sha256: String::new(),
        bytes: 0,
        lines: 0,
        records: Vec::new(),
        rejected: Vec::new(),
        blank_lines: Vec::new(),
        fatal: None,
        errors: 0,
        warnings: 0,
    };
    // Both callbacks update the scan; they never run at the same time.
    let state = std::cell::RefCell::new((scan, Vec::<Code>::new()));
    let summary = {
        let mut on_diagnostic = |d: Diagnostic| {
            let (scan, codes) = &mut *state.borrow_mut();
            match (d.severity, d.code) {
                (Severity::Warning, _) => scan.warnings += 1,
                (_, Code::BlankLine | Code::Bom) => {}
                (_, code) => {
                    scan.errors += 1;
                    if matches!(code, Code::NotJsonLines | Code::EmptyFile) {
                        scan.fatal = Some(code);
                    }
                    codes.push(code);
                }
            }
            sink(d);
        };
        linter
            .run(&mut reader, &mut on_diagnostic, |line| {
                let (scan, codes) = &mut *state.borrow_mut();
                if line.blank {
                    scan.blank_lines.push(line.number);
                } else if line.has_error {
                    scan.rejected.push(RejectedLine {
                        line: line.number,
                        start: line.start,
                        len: line.len,
                        codes: std::mem::take(codes),
                    });
                } else {
                    scan.records.push(RecordSpan { start: line.start, len: line.len, line: line.number });
                }
                codes.clear();
            })
            .map_err(|e| Error::io(path, e))?
    };
    let (mut scan, _) = state.into_inner();
    // Read what the linter left unread (it stops early on a file that is
    // not JSON Lines) so that the hash covers the whole input.
    io::copy(&mut reader, &mut io::sink()).map_err(|e| Error::io(path, e))?;
    scan.sha256 = hex(&reader.hasher.finalize());
    scan.bytes = reader.bytes;
    scan.lines = summary.lines;
    Ok(scan)
}

impl Scan {
    /// The sizes of the valid records as written into a chunk (with `\n`).
    #[must_use]
    pub fn written_sizes(&self) -> Vec<u64> {
        self.records.iter().map(|r| r.len + 1).collect()
    }
}
