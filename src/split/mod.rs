//! `split`: turns an input of any size into batch files that each pass the
//! profile's limits.
//!
//! Three steps, each usable alone: [`scan`] checks the input once (the same
//! pipeline as `check`) and keeps only each record's offset and size;
//! [`plan::plan`] partitions the record sizes; [`write::write`] copies byte
//! ranges of the input into chunk files, atomically, and writes a manifest.
//! [`memory::split`] does all three in memory, for a front end without a
//! filesystem (the WebAssembly build).

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use self::fingerprint::SegmentHasher;
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
use crate::lint::{LineOutcome, Linter, Sink};
use crate::profile::Profile;

pub mod blank;
mod fingerprint;
pub mod manifest;
pub mod memory;
pub mod plan;
pub mod records;
pub mod rejected;
mod reread;
pub mod run;
pub mod spool;
pub mod write;

pub use records::Records;

/// A record that goes into a chunk: where its bytes are in the input (its
/// line number is [`Scan::line_of`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordSpan {
    /// Absolute offset of the record's first byte.
    pub start: u64,
    /// Length without the line terminator: a line is never longer than
    /// [`MAX_LINE_LIMIT`](crate::MAX_LINE_LIMIT).
    pub len: u32,
}

/// A line left out of the chunks because it has errors.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
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
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Scan {
    /// The input file.
    pub path: PathBuf,
    /// SHA-256 of the input's bytes, lowercase hex.
    pub sha256: String,
    /// The input's size in bytes.
    pub bytes: u64,
    /// The [`fingerprint`] of each segment of the input: the writer takes
    /// them again as it copies, to tell that the input did not change since
    /// the scan.
    pub(crate) fingerprints: Vec<u128>,
    /// Physical lines.
    pub lines: u64,
    /// The valid records, in order.
    pub records: Records,
    /// Records with errors, in order: spilled to a temporary file by
    /// [`scan`], so that they take little memory however many there are.
    pub rejected: rejected::RejectedLines,
    /// Line numbers of blank lines (skipped), as runs.
    pub blank_lines: blank::BlankLines,
    /// Set when the input cannot be split at all (e.g. it is not JSON Lines).
    pub fatal: Option<Code>,
    /// Diagnostics with severity error, blank lines and a BOM excepted.
    pub errors: u64,
    /// Diagnostics with severity warning.
    pub warnings: u64,
}

/// The input's hashes: its SHA-256, for the manifest, and its
/// [`Scan::fingerprints`].
struct Hashes {
    sha256: Sha256,
    segments: SegmentHasher,
    fingerprints: Vec<u128>,
}

impl Hashes {
    fn new() -> Self {
        Hashes { sha256: Sha256::new(), segments: SegmentHasher::new(0), fingerprints: Vec::new() }
    }

    /// Hashes the input's next bytes.
    fn update(&mut self, bytes: &[u8]) {
        self.sha256.update(bytes);
        let fingerprints = &mut self.fingerprints;
        self.segments.update(bytes, &mut |_, f| {
            fingerprints.push(f);
            true
        });
    }

    /// Sets the scan's SHA-256, size and fingerprints.
    fn finish(self, scan: &mut Scan) {
        scan.sha256 = hex(&self.sha256.finalize());
        scan.bytes = self.segments.at();
        let mut fingerprints = self.fingerprints;
        self.segments.end(&mut |_, f| {
            fingerprints.push(f);
            true
        });
        scan.fingerprints = fingerprints;
    }
}

/// Reads through to the input's [`Hashes`].
struct Hashing<R> {
    inner: R,
    hashes: Hashes,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hashes.update(&buf[..n]);
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
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    scan_into(profile, crate::interrupt::Interruptible::new(file), path, rejected::RejectedLines::spilling(), sink)
}

/// [`scan`] of what `input` yields, the content of the file at `path`
/// (which is not opened: it names the input in errors and in the scan).
/// Its rejected lines stay in memory (compactly), where [`scan`] spills them.
///
/// # Errors
/// [`Error::Io`] when the input cannot be read.
pub fn scan_reader(
    profile: &Profile,
    input: impl Read + Send,
    path: &Path,
    sink: &mut dyn FnMut(Diagnostic),
) -> Result<Scan, Error> {
    scan_into(profile, input, path, rejected::RejectedLines::new(), sink)
}

/// [`scan_reader`], keeping the rejected lines in `rejected`.
fn scan_into(
    profile: &Profile,
    input: impl Read + Send,
    path: &Path,
    rejected: rejected::RejectedLines,
    sink: &mut dyn FnMut(Diagnostic),
) -> Result<Scan, Error> {
    let mut input_profile = profile.clone();
    input_profile.limits.min_records = None;
    input_profile.limits.max_records = None;
    input_profile.limits.max_bytes = None;
    input_profile.limits.max_line_bytes = Some(profile.limits.line_limit());
    let linter = Linter::new(input_profile);
    let mut reader = Hashing { inner: input, hashes: Hashes::new() };
    let scan = Scan { path: path.to_path_buf(), rejected, ..Scan::default() };
    let mut scanning = Scanning { scan, codes: Vec::new(), spill_error: None, sink };
    let summary = linter.check_into(&mut reader, None, &mut scanning).map_err(|e| Error::io(path, e))?;
    if let Some(e) = scanning.spill_error {
        return Err(Error::io(path, e));
    }
    let mut scan = scanning.scan;
    // Read what the linter left unread (it stops early on a file that is
    // not JSON Lines) so that the hash covers the whole input.
    io::copy(&mut reader, &mut io::sink()).map_err(|e| Error::io(path, e))?;
    reader.hashes.finish(&mut scan);
    scan.lines = summary.lines;
    // What `Scan::line_of` relies on.
    debug_assert!(
        scan.fatal.is_some()
            || (scan.records.len() + scan.rejected.len() + scan.blank_lines.len()) as u64 == scan.lines,
        "every line is a record, rejected or blank"
    );
    Ok(scan)
}

/// The sink of a scan: sorts each line into a record, a rejected line or a
/// blank one, and passes the diagnostics on.
struct Scanning<'a> {
    scan: Scan,
    /// The error codes of the current line, for its [`RejectedLine`].
    codes: Vec<Code>,
    /// The first error of spilling the rejected lines.
    spill_error: Option<io::Error>,
    sink: &'a mut dyn FnMut(Diagnostic),
}

impl Sink for Scanning<'_> {
    fn diagnostic(&mut self, d: Diagnostic) {
        match (d.severity, d.code) {
            (Severity::Warning, _) => self.scan.warnings += 1,
            (_, Code::BlankLine | Code::Bom) => {}
            (_, code) => {
                self.scan.errors += 1;
                if matches!(code, Code::NotJsonLines | Code::EmptyFile | Code::NotText | Code::WrongEncoding) {
                    self.scan.fatal = Some(code);
                }
                self.codes.push(code);
            }
        }
        (self.sink)(d);
    }

    fn line(&mut self, line: &LineOutcome) {
        let scan = &mut self.scan;
        if line.blank {
            scan.blank_lines.push(line.number);
        } else if let (false, Ok(len)) = (line.has_error, u32::try_from(line.len)) {
            scan.records.push(RecordSpan { start: line.start, len });
        } else {
            let rejected = RejectedLine {
                line: line.number,
                start: line.start,
                len: line.len,
                codes: std::mem::take(&mut self.codes),
            };
            if let Err(e) = scan.rejected.push(&rejected) {
                self.spill_error.get_or_insert(e);
            }
            self.codes = rejected.codes;
        }
        self.codes.clear();
    }
}

impl Scan {
    /// Plans the chunks of the valid records (each written with a `\n`),
    /// reading their sizes from the scan: see [`plan::plan`].
    ///
    /// # Errors
    /// [`Infeasible`](plan::Infeasible) when no partition meets `limits`.
    pub fn plan(&self, limits: &plan::ChunkLimits) -> Result<plan::Plan, plan::Infeasible> {
        plan::plan_sizes(self.records.len(), |i| u64::from(self.records.len_of(i)) + 1, limits)
    }

    /// The 1-based input line of the valid record `records[index]`: every
    /// line is a valid record, a rejected line or a blank line, so it is the
    /// first line with `index + 1` valid records up to it (found by binary
    /// search over the other two lists).
    ///
    /// # Panics
    /// When `index` is out of bounds, or when the rejected lines were
    /// spilled and cannot be read back ([`Scan::try_line_of`] returns that
    /// error).
    #[must_use]
    pub fn line_of(&self, index: usize) -> u64 {
        self.try_line_of(index).unwrap_or_else(|e| panic!("{e}"))
    }

    /// [`Scan::line_of`], with the error of reading back spilled rejected lines.
    ///
    /// # Errors
    /// When the rejected lines' temporary file cannot be read.
    ///
    /// # Panics
    /// When `index` is out of bounds.
    pub fn try_line_of(&self, index: usize) -> io::Result<u64> {
        assert!(index < self.records.len(), "record {index} of {}", self.records.len());
        let valid_up_to = |line: u64| -> io::Result<u64> {
            let rejected = self.rejected.count_up_to(line)?;
            Ok(line - rejected - self.blank_lines.count_up_to(line))
        };
        let wanted = index as u64 + 1;
        let (mut lo, mut hi) = (wanted, wanted + (self.rejected.len() + self.blank_lines.len()) as u64);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if valid_up_to(mid)? < wanted {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        Ok(lo)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scan whose lines are valid records (`v`), rejected (`r`) or blank (`b`).
    fn scan_of(kinds: &str) -> Scan {
        scan_into_store(kinds, rejected::RejectedLines::new())
    }

    /// [`scan_of`], its rejected lines in `store`.
    fn scan_into_store(kinds: &str, store: rejected::RejectedLines) -> Scan {
        let mut scan = Scan { lines: kinds.len() as u64, rejected: store, ..Scan::default() };
        for (i, kind) in kinds.bytes().enumerate() {
            let line = i as u64 + 1;
            match kind {
                b'v' => scan.records.push(RecordSpan { start: line * 10, len: 5 }),
                b'r' => {
                    scan.rejected.push(&RejectedLine { line, start: line * 10, len: 5, codes: Vec::new() }).unwrap()
                }
                _ => scan.blank_lines.push(line),
            }
        }
        scan
    }

    #[test]
    fn line_of_counts_past_rejected_and_blank_lines() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for round in 0..300 {
            let kinds: String = (0..1 + round % 40)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    ['v', 'v', 'r', 'b'][(x % 4) as usize]
                })
                .collect();
            let scan = scan_of(&kinds);
            let expected: Vec<u64> = kinds.bytes().zip(1..).filter(|&(k, _)| k == b'v').map(|(_, line)| line).collect();
            let got: Vec<u64> = (0..scan.records.len()).map(|i| scan.line_of(i)).collect();
            assert_eq!(got, expected, "{kinds}");
            let spilled = scan_into_store(&kinds, rejected::RejectedLines::spilling_at(3));
            let got: Vec<u64> = (0..spilled.records.len()).map(|i| spilled.try_line_of(i).unwrap()).collect();
            assert_eq!(got, expected, "{kinds}, spilled");
        }
        assert_eq!(scan_of("bbrvrbv").line_of(1), 7);
    }
}
