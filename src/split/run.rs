//! A whole split in one call: scan, refuse what cannot be split, plan, and
//! write (or only plan). The command line and the Python package both call
//! [`run`], so they refuse and report the same way.

use std::fmt;
use std::path::{Path, PathBuf};

use super::manifest::Manifest;
use super::plan::{ChunkLimits, Infeasible, Plan};
use super::spool::spool;
use super::write::{WriteOptions, check_prefix, chunk_names, write};
use super::{Scan, scan};
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::input::Decoded;
use crate::profile::Profile;
use crate::thousands;

/// A split to make.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Request {
    /// The JSONL file to split.
    pub input: PathBuf,
    /// The input as the user named it, for messages and the manifest (`-`
    /// for standard input).
    pub input_label: String,
    /// The folder the chunks and `manifest.json` are written to.
    pub out_dir: PathBuf,
    /// Chunk files are named `{prefix}-0001.jsonl`, …
    pub prefix: String,
    /// Where records with errors go; without it, any error refuses the split.
    pub rejects: Option<PathBuf>,
    /// Replace the files a previous split listed in the folder's manifest.
    pub force: bool,
    /// Sync the files to disk before the manifest is published.
    pub sync: bool,
    /// Only plan: write nothing.
    pub plan_only: bool,
    /// The compression `input` was read through when it is already a
    /// decompressed copy (a [`spool`] of standard input).
    pub compression: Option<crate::input::Compression>,
}

impl Request {
    /// A split of `input` into `out_dir`, as the command line makes it by
    /// default: chunks named after the input ([`Request::default_prefix`]),
    /// no rejects file (any error refuses the split), nothing replaced,
    /// files synced to disk. Change the fields for the rest.
    #[must_use]
    pub fn new(input: impl Into<PathBuf>, out_dir: impl Into<PathBuf>) -> Self {
        let input = input.into();
        Request {
            input_label: input.display().to_string(),
            prefix: Self::default_prefix(&input),
            input,
            out_dir: out_dir.into(),
            rejects: None,
            force: false,
            sync: true,
            plan_only: false,
            compression: None,
        }
    }

    /// The chunk names' default prefix for `input`: its file name without
    /// its extension (and without `.gz` before it: `a.jsonl.gz` gives `a`).
    #[must_use]
    pub fn default_prefix(input: &Path) -> String {
        let plain = input.extension().is_some_and(|e| e == "gz").then(|| input.with_extension(""));
        plain.as_deref().unwrap_or(input).file_stem().map_or("batch".into(), |s| s.to_string_lossy().into_owned())
    }
}

/// One chunk as planned: what `--plan` reports.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct PlannedChunk {
    /// File name inside the output folder.
    pub file: String,
    /// Records in it.
    pub records: u64,
    /// Its size in bytes.
    pub bytes: u64,
    /// Input line of its first record.
    pub first_line: u64,
    /// Input line of its last record.
    pub last_line: u64,
}

/// A chunk as written, without what only writing it tells (its hash, ids).
impl From<&super::manifest::ChunkEntry> for PlannedChunk {
    fn from(c: &super::manifest::ChunkEntry) -> Self {
        PlannedChunk {
            file: c.file.clone(),
            records: c.records,
            bytes: c.bytes,
            first_line: c.first_line,
            last_line: c.last_line,
        }
    }
}

/// What a split did.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Outcome {
    /// Only planned ([`Request::plan_only`]): nothing was written.
    Planned {
        /// The chunks it would write.
        chunks: Vec<PlannedChunk>,
        /// Records that would go into chunks.
        records: u64,
        /// Input lines of the records that would go to the rejects file.
        rejected_lines: Vec<u64>,
        /// Blank lines that would be skipped.
        blank_lines: u64,
    },
    /// The chunks and the manifest were written.
    Written(Box<Manifest>),
}

/// Why a readable input was not split: a finding about the input, not an
/// operational failure.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// The input cannot be split at all (e.g. it is not JSON Lines).
    NotSplittable {
        /// The input as named.
        input: String,
        /// The diagnostic code that says why.
        code: Code,
    },
    /// Records have errors and no rejects file was asked for.
    Rejected {
        /// Records with errors.
        rejected: u64,
        /// All records.
        records: u64,
    },
    /// No partition meets the limits.
    Infeasible {
        /// The input as named.
        input: String,
        /// Why.
        why: Infeasible,
        /// Which input lines the records the reason names are.
        note: Option<String>,
    },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::NotSplittable { input, code } => write!(f, "cannot split {input}: {} ({code})", code.summary()),
            Refusal::Rejected { rejected, records } => write!(
                f,
                "{} of {} records have errors; nothing was written. Fix them, or pass --rejects FILE to set them aside and split the rest.",
                thousands(*rejected),
                thousands(*records)
            ),
            Refusal::Infeasible { input, why, note } => {
                write!(f, "no compliant split of {input} exists: {why}")?;
                match note {
                    Some(note) => write!(f, "\n  note: {note}"),
                    None => Ok(()),
                }
            }
        }
    }
}

/// Splits `request.input` into chunks that each meet `profile`'s limits.
/// Every diagnostic of the scan goes to `sink` in file order; `progress` is
/// told how many input bytes each written chunk consumed, and of how many.
///
/// # Errors
/// The outer [`Error`] when a file cannot be read or written or an option
/// cannot work (nothing is left under a final name); the inner [`Refusal`]
/// when the input was read but cannot be split.
pub fn run(
    profile: &Profile,
    request: &Request,
    sink: &mut dyn FnMut(Diagnostic),
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Result<Outcome, Refusal>, Error> {
    check_prefix(&request.prefix)?;
    let shown = if request.input_label == "-" { "<stdin>" } else { request.input_label.as_str() };
    // Compressed input is split from a decompressed copy: the writer copies
    // records out of the input by their offsets.
    let opened = std::fs::File::open(&request.input).map_err(|e| Error::io(&request.input, e))?;
    let spooled = match Decoded::new(opened).map_err(|e| Error::io(&request.input, e))?.compression() {
        Some(_) => {
            let dir = (!request.plan_only).then_some(request.out_dir.as_path());
            let file = std::fs::File::open(&request.input).map_err(|e| Error::io(&request.input, e))?;
            Some(spool(file, dir).map_err(|e| Error::io(&request.input, e))?)
        }
        None => None,
    };
    let input = spooled.as_ref().map_or(request.input.as_path(), |s| &*s.path);
    let compression = request.compression.or(spooled.as_ref().and_then(|s| s.compression));
    let scanned = scan(profile, input, sink)?;
    let planned = match plan_or_refuse(profile, &scanned, shown, request.rejects.is_some()) {
        Ok(planned) => planned,
        Err(refusal) => return Ok(Err(refusal)),
    };
    if request.plan_only {
        let chunks = planned_chunks(&scanned, &planned, &request.prefix).map_err(|e| Error::io(input, e))?;
        return Ok(Ok(Outcome::Planned {
            chunks,
            records: scanned.records.len() as u64,
            rejected_lines: scanned
                .rejected
                .iter()
                .map(|r| r.map(|r| r.line))
                .collect::<std::io::Result<_>>()
                .map_err(|e| Error::io(input, e))?,
            blank_lines: scanned.blank_lines.len() as u64,
        }));
    }
    let mut options = WriteOptions::new(profile, &request.input_label, &request.out_dir, &request.prefix);
    options.rejects.clone_from(&request.rejects);
    options.force = request.force;
    options.compression = compression;
    options.sync = request.sync;
    let total: u64 = scanned.records.iter().map(|r| u64::from(r.len) + 1).sum();
    write(&scanned, &planned, &options, &mut |n| progress(n, total)).map(|m| Ok(Outcome::Written(Box::new(m))))
}

/// The plan of `scanned` under the chunk limits of `profile`, or why the
/// input `shown` cannot be split: it is not JSON Lines, it has records with
/// errors and no rejects file takes them (`rejects`), or no partition meets
/// the limits. The same for a split to files and one in memory.
pub(super) fn plan_or_refuse(profile: &Profile, scanned: &Scan, shown: &str, rejects: bool) -> Result<Plan, Refusal> {
    if let Some(code) = scanned.fatal {
        return Err(Refusal::NotSplittable { input: shown.to_owned(), code });
    }
    if !scanned.rejected.is_empty() && !rejects {
        return Err(Refusal::Rejected {
            rejected: scanned.rejected.len() as u64,
            records: (scanned.records.len() + scanned.rejected.len()) as u64,
        });
    }
    match scanned.plan(&ChunkLimits::from(&profile.limits)) {
        Ok(planned) => Ok(planned),
        Err(why) => {
            let note = record_lines(&why, scanned);
            Err(Refusal::Infeasible { input: shown.to_owned(), why, note })
        }
    }
}

/// The chunks of `planned` as `--plan` reports them: their names (from
/// `prefix`), sizes and first and last input lines.
pub(super) fn planned_chunks(scanned: &Scan, planned: &Plan, prefix: &str) -> std::io::Result<Vec<PlannedChunk>> {
    let names = chunk_names(prefix, planned.chunks.len());
    planned
        .chunks
        .iter()
        .zip(names)
        .map(|(c, file)| {
            Ok(PlannedChunk {
                file,
                records: c.records() as u64,
                bytes: c.bytes,
                first_line: scanned.try_line_of(c.start)?,
                last_line: scanned.try_line_of(c.end - 1)?,
            })
        })
        .collect()
}

/// Record numbers in a planner message count the records that go into
/// chunks; this says which input lines they are.
fn record_lines(why: &Infeasible, scan: &Scan) -> Option<String> {
    // 0 where a line cannot be told (out of range, or the rejected lines'
    // temporary file unreadable): the message is a hint, not worth failing for.
    let line = |i: usize| if i < scan.records.len() { scan.try_line_of(i).unwrap_or(0) } else { 0 };
    match *why {
        Infeasible::RecordTooLarge { index, .. } => Some(format!("record {} is line {}", index + 1, line(index))),
        Infeasible::MinRecordsTooLarge { record, lightest_start, lightest_end, .. } => Some(format!(
            "record {} is line {}; records {} to {} are lines {} to {}",
            record + 1,
            line(record),
            lightest_start + 1,
            lightest_end,
            line(lightest_start),
            line(lightest_end.saturating_sub(1))
        )),
        _ => None,
    }
}
