//! A whole split in memory, for a front end without a filesystem (the
//! WebAssembly build behind the browser playground): the same scan,
//! refusals and plan as [`run`](super::run::run), with the chunks' bytes and
//! the manifest returned instead of written.

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::manifest::{ChunkEntry, MANIFEST_NAME, Manifest, RejectEntry, Rejects};
use super::plan::ChunkLimits;
use super::reread::id_in;
use super::run::{PlannedChunk, Refusal, plan_or_refuse, planned_chunks};
use super::write::{check_prefix, is_plain_name, manifest_of};
use super::{RecordSpan, hex, scan_reader};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::input::Decoded;
use crate::profile::Profile;

/// What [`split`] made: the files a split would write, in memory.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Split {
    /// The chunks as planned, in order (what `split --plan` reports).
    pub plan: Vec<PlannedChunk>,
    /// Each chunk's bytes, in the order of [`Split::plan`].
    pub chunks: Vec<Vec<u8>>,
    /// The rejects file's bytes, when one was asked for.
    pub rejects: Option<Vec<u8>>,
    /// The manifest, as `split` writes it to `manifest.json`.
    pub manifest: Manifest,
}

/// Splits `input`, the content of a file named `name` (decompressed first
/// when it is gzip), into chunks that each meet `profile`'s limits, named
/// `{prefix}-0001.jsonl`, …. With `rejects` (the rejects file's name),
/// records with errors are set aside there; without it, any error refuses
/// the split, as `split` without `--rejects` does. Every diagnostic of the
/// scan goes to `sink` in file order.
///
/// # Errors
/// The outer [`Error`] for a prefix that is not a plain file name start or
/// input that cannot be decompressed; the inner [`Refusal`] when the input
/// was read but cannot be split.
pub fn split(
    profile: &Profile,
    input: &[u8],
    name: &str,
    prefix: &str,
    rejects: Option<&str>,
    sink: &mut dyn FnMut(Diagnostic),
) -> Result<Result<Split, Refusal>, Error> {
    check_prefix(prefix)?;
    let path = Path::new(name);
    let mut decoded = Decoded::new(input).map_err(|e| Error::io(path, e))?;
    let compression = decoded.compression();
    let decompressed;
    let input = match compression {
        Some(_) => {
            let mut all = Vec::new();
            decoded.read_to_end(&mut all).map_err(|e| Error::io(path, e))?;
            decompressed = all;
            &decompressed[..]
        }
        None => input,
    };
    let scanned = scan_reader(profile, input, path, sink)?;
    let planned = match plan_or_refuse(profile, &scanned, name, rejects.is_some()) {
        Ok(planned) => planned,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let bytes_of = |start: u64, len: u64| &input[start as usize..(start + len) as usize];
    let id_of = |r: &RecordSpan| id_in(bytes_of(r.start, r.len.into()), profile.id_pointer.as_deref()?);
    let lines = |spans: &mut dyn Iterator<Item = (u64, u64)>| {
        let mut out = Vec::new();
        for (start, len) in spans {
            out.extend_from_slice(bytes_of(start, len));
            out.push(b'\n');
        }
        out
    };
    let plan = planned_chunks(&scanned, &planned, prefix).map_err(|e| Error::io(path, e))?;
    if let Some(rejects) = rejects {
        // The files go into one folder (a zip): the rejects file is a plain
        // name, and none of the others.
        if !is_plain_name(rejects) || rejects == MANIFEST_NAME || plan.iter().any(|c| c.file == rejects) {
            return Err(Error::OutputName {
                what: "the rejects file",
                name: rejects.to_owned(),
                rule: format!("a plain file name, other than `{MANIFEST_NAME}` and the chunks' names"),
            });
        }
    }
    let (mut chunks, mut entries) = (Vec::new(), Vec::new());
    for (chunk, planned) in planned.chunks.iter().zip(&plan) {
        let records = || scanned.records.range(chunk.start..chunk.end);
        let data = lines(&mut records().map(|r| (r.start, r.len.into())));
        entries.push(ChunkEntry {
            file: planned.file.clone(),
            records: chunk.records() as u64,
            bytes: data.len() as u64,
            sha256: hex(&Sha256::digest(&data)),
            first_line: planned.first_line,
            last_line: planned.last_line,
            first_id: records().next().and_then(|r| id_of(&r)),
            last_id: records().last().and_then(|r| id_of(&r)),
        });
        chunks.push(data);
    }
    // In memory (`scan_reader` does not spill them): reading them cannot fail.
    let rejected_lines =
        scanned.rejected.iter().collect::<std::io::Result<Vec<_>>>().map_err(|e| Error::io(path, e))?;
    let rejected = rejects.map(|file| {
        let data = lines(&mut rejected_lines.iter().map(|r| (r.start, r.len)));
        let entry = Rejects {
            file: file.to_owned(),
            sha256: hex(&Sha256::digest(&data)),
            lines: rejected_lines.iter().map(|r| RejectEntry::new(r.line, &r.codes)).collect(),
        };
        (data, entry)
    });
    let (rejects, rejects_entry) = rejected.map_or((None, None), |(data, entry)| (Some(data), Some(entry)));
    let limits = ChunkLimits::from(&profile.limits);
    let manifest = manifest_of(&scanned, (name, compression), &profile.name, &limits, entries, rejects_entry);
    Ok(Ok(Split { plan, chunks, rejects, manifest }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same files as `split` writes, byte for byte.
    #[test]
    fn matches_the_files_split_writes() {
        let dir = tempfile::tempdir().unwrap();
        let input = std::fs::read("testdata/examples/requests.jsonl").unwrap();
        let mut fixed: Vec<u8> = Vec::new();
        // Only the clean records: split refuses a file with errors.
        let profile = Profile::sync().unwrap();
        let mut bad = std::collections::BTreeSet::new();
        crate::Linter::new(profile.clone())
            .check_reader(&input[..], |d| {
                if d.severity == crate::Severity::Error {
                    bad.insert(d.line);
                }
            })
            .unwrap();
        for (i, line) in input.split_inclusive(|&b| b == b'\n').enumerate() {
            if !bad.contains(&(i as u64 + 1)) {
                fixed.extend_from_slice(line);
            }
        }
        let path = dir.path().join("clean.jsonl");
        std::fs::write(&path, &fixed).unwrap();
        let mut profile = profile;
        profile.limits.min_records = None;
        profile.limits.max_records = Some(5);
        let request = super::super::run::Request {
            input: path.clone(),
            input_label: "clean.jsonl".to_owned(),
            out_dir: dir.path().join("out"),
            prefix: "clean".to_owned(),
            rejects: None,
            force: false,
            sync: false,
            plan_only: false,
            compression: None,
        };
        let written = match super::super::run::run(&profile, &request, &mut |_| {}, &mut |_, _| {}).unwrap().unwrap() {
            super::super::run::Outcome::Written(m) => *m,
            other => panic!("{other:?}"),
        };
        let made = split(&profile, &fixed, "clean.jsonl", "clean", None, &mut |_| {}).unwrap().unwrap();
        assert_eq!(made.manifest, written);
        assert_eq!(made.chunks.len(), 3);
        for (entry, data) in written.chunks.iter().zip(&made.chunks) {
            assert_eq!(&std::fs::read(dir.path().join("out").join(&entry.file)).unwrap(), data);
        }
        let plan: Vec<_> = made.plan.iter().map(|c| (c.file.clone(), c.records, c.first_line, c.last_line)).collect();
        let listed: Vec<_> =
            written.chunks.iter().map(|c| (c.file.clone(), c.records, c.first_line, c.last_line)).collect();
        assert_eq!(plan, listed);
    }

    #[test]
    fn refuses_records_with_errors_unless_set_aside() {
        let input = std::fs::read("testdata/examples/requests.jsonl").unwrap();
        let mut profile = Profile::sync().unwrap();
        profile.limits.min_records = None;
        let refused = split(&profile, &input, "requests.jsonl", "r", None, &mut |_| {}).unwrap().unwrap_err();
        assert_eq!(refused, Refusal::Rejected { rejected: 6, records: 20 });
        let made = split(&profile, &input, "requests.jsonl", "r", Some("rejects.jsonl"), &mut |_| {}).unwrap().unwrap();
        let rejects = made.manifest.rejects.unwrap();
        assert_eq!(rejects.lines.iter().map(|l| l.unwrap().line).collect::<Vec<_>>(), [5, 6, 7, 11, 13, 14]);
        assert_eq!(made.rejects.unwrap().iter().filter(|&&b| b == b'\n').count(), 6);
        assert_eq!(made.manifest.chunks.iter().map(|c| c.records).sum::<u64>(), 14);
        // The rejects file shares the zip's folder: a plain name, no other file's.
        for name in ["manifest.json", "r-0001.jsonl", "../rejects.jsonl", "a/b.jsonl", ""] {
            let err = split(&profile, &input, "requests.jsonl", "r", Some(name), &mut |_| {}).unwrap_err();
            assert!(err.to_string().contains("must be a plain file name"), "{name}: {err}");
        }
    }

    #[test]
    fn a_gzip_input_is_split_decompressed() {
        use std::io::Write as _;
        let plain = std::fs::read("testdata/valid/sync-20.jsonl").unwrap();
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(&plain).unwrap();
        let gzip = encoder.finish().unwrap();
        let profile = Profile::sync().unwrap();
        let made = split(&profile, &gzip, "sync-20.jsonl.gz", "s", None, &mut |_| {}).unwrap().unwrap();
        assert_eq!(made.chunks, std::slice::from_ref(&plain));
        assert_eq!(made.manifest.input.compression, Some(crate::input::Compression::Gzip));
        assert_eq!(made.manifest.input.bytes, plain.len() as u64);
    }
}
