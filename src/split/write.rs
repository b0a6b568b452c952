//! The writer: copies byte ranges of the input into chunk files and writes
//! the manifest, without ever leaving an incomplete file under a final name.
//!
//! Every file is first written to a temporary file in its destination folder
//! (created exclusively, so a planted symlink is never followed), flushed and
//! synced; only when all of them are complete are they published under their
//! final names, each by a rename that refuses to replace an existing file.
//! If anything fails, the temporaries and the files this run already
//! published are removed: a failed split leaves the folder as it found it.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tempfile::TempPath;

use super::manifest::{
    ChunkEntry, Input, MANIFEST_NAME, MANIFEST_VERSION, Manifest, ManifestLimits, RejectEntry, Rejects, Skipped, Tool,
};
use super::plan::{ChunkLimits, Plan};
use super::{RecordSpan, Scan, hex};
use crate::error::Error;

/// Where and how to write.
#[derive(Clone, Debug)]
pub struct WriteOptions {
    /// The output folder (created if missing).
    pub out_dir: PathBuf,
    /// Chunk files are named `{prefix}-{index}.jsonl`, the index zero-padded
    /// to at least four digits.
    pub prefix: String,
    /// Where records with errors go, if anywhere.
    pub rejects: Option<PathBuf>,
    /// Replace the files a previous split listed in the folder's manifest.
    pub force: bool,
    /// The input as the user named it, for the manifest.
    pub input_label: String,
    /// The profile's name, for the manifest.
    pub profile: String,
    /// The chunk limits, for the manifest.
    pub limits: ChunkLimits,
    /// JSON Pointer of each record's id, for the manifest's first/last ids.
    pub id_pointer: Option<String>,
}

/// The names of `count` chunk files: `{prefix}-0001.jsonl`, … (wider when
/// there are more than 9,999).
#[must_use]
pub fn chunk_names(prefix: &str, count: usize) -> Vec<String> {
    let width = count.to_string().len().max(4);
    (1..=count).map(|i| format!("{prefix}-{i:0width$}.jsonl")).collect()
}

/// Checks that a prefix names a file inside the output folder.
///
/// # Errors
/// [`Error::Usage`] for an empty prefix or one with a path separator.
pub fn check_prefix(prefix: &str) -> Result<(), Error> {
    if prefix.is_empty() || prefix.contains(['/', '\\', '\0']) || prefix == "." || prefix == ".." {
        return Err(Error::Usage(format!(
            "--prefix `{prefix}` must be a plain file name start, without `/`, so that chunks stay in the output folder"
        )));
    }
    Ok(())
}

/// A file written to a temporary name, waiting to be published.
struct Pending {
    temp: TempPath,
    target: PathBuf,
    /// The target may be replaced (it is listed in the previous manifest).
    replace: bool,
}

/// Publishes pending files, and on drop removes those of a run that failed.
#[derive(Default)]
struct Publisher {
    published: Vec<PathBuf>,
    done: bool,
}

impl Publisher {
    fn publish(&mut self, pending: Pending) -> Result<(), Error> {
        let Pending { temp, target, replace } = pending;
        let result = if replace {
            temp.persist(&target).map_err(|e| e.error)
        } else {
            temp.persist_noclobber(&target).map_err(|e| e.error)
        };
        result.map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists { exists_error(&target) } else { Error::io(&target, e) }
        })?;
        if !replace {
            self.published.push(target);
        }
        Ok(())
    }
}

impl Drop for Publisher {
    fn drop(&mut self) {
        if !self.done {
            for path in &self.published {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

fn exists_error(path: &Path) -> Error {
    Error::Usage(format!(
        "refusing to overwrite {}: it already exists (--force replaces only the files a previous split listed in its {MANIFEST_NAME})",
        path.display()
    ))
}

/// The files a previous split in `out_dir` wrote, by path.
fn previous_outputs(out_dir: &Path) -> Result<Previous, Error> {
    let path = out_dir.join(MANIFEST_NAME);
    let text = match std::fs::read(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Previous::default()),
        Err(e) => return Err(Error::io(&path, e)),
    };
    let manifest: Manifest = serde_json::from_slice(&text).map_err(|e| {
        Error::Usage(format!("{} is not a batchlint manifest ({e}); not replacing anything", path.display()))
    })?;
    let mut files = HashSet::new();
    for chunk in &manifest.chunks {
        // A manifest edited by hand must not make --force touch anything
        // outside the folder.
        if check_prefix(&chunk.file).is_err() {
            return Err(Error::Usage(format!(
                "{} lists `{}`, which is not a plain file name in the folder; not replacing anything",
                path.display(),
                chunk.file
            )));
        }
        files.insert(out_dir.join(&chunk.file));
    }
    Ok(Previous { chunks: files, manifest: path, rejects: manifest.rejects.map(|r| PathBuf::from(r.file)) })
}

/// What a previous split in the folder wrote, as its manifest says.
#[derive(Default)]
struct Previous {
    chunks: HashSet<PathBuf>,
    manifest: PathBuf,
    /// The rejects file as the previous run named it (relative to where it ran).
    rejects: Option<PathBuf>,
}

impl Previous {
    /// Whether `path` may be replaced: a chunk or the manifest of the previous
    /// split, or its rejects file when this run names the same file.
    fn owns(&self, path: &Path, rejects: Option<&Path>) -> bool {
        let same = |a: &Path, b: &Path| {
            a == b || a.canonicalize().ok().zip(b.canonicalize().ok()).is_some_and(|(x, y)| x == y)
        };
        self.chunks.contains(path)
            || path == self.manifest
            || (rejects.is_some_and(|r| same(r, path)) && self.rejects.as_deref().is_some_and(|p| same(p, path)))
    }
}

/// Copies records out of the input, in order, skipping the bytes between them.
struct RecordReader {
    input: BufReader<File>,
    position: u64,
    path: PathBuf,
}

impl RecordReader {
    fn copy(&mut self, record: &RecordSpan, out: &mut dyn Write) -> Result<(), Error> {
        let path = self.path.clone();
        let io = |e| Error::io(&path, e);
        if record.start != self.position {
            let gap = i64::try_from(record.start).unwrap_or(i64::MAX) - i64::try_from(self.position).unwrap_or(0);
            self.input.seek_relative(gap).map_err(io)?;
        }
        let copied = io::copy(&mut (&mut self.input).take(record.len), out).map_err(io)?;
        if copied != record.len {
            return Err(Error::io(
                &self.path,
                io::Error::new(io::ErrorKind::UnexpectedEof, "the input changed while it was being split"),
            ));
        }
        self.position = record.start + record.len;
        Ok(())
    }
}

/// Writes through to a SHA-256 hasher and counts bytes.
struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A temporary file in `dir`, written by `fill`, flushed and synced.
fn write_temp(
    dir: &Path,
    fill: &mut dyn FnMut(&mut dyn Write) -> Result<(), Error>,
) -> Result<(TempPath, String, u64), Error> {
    let io = |e| Error::io(dir, e);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".batchlint-").suffix(".tmp");
    // Chunks are ordinary files for the user to read and upload, not secrets.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let temp = builder.tempfile_in(dir).map_err(io)?;
    let (file, path) = temp.into_parts();
    let mut out = HashingWriter { inner: BufWriter::with_capacity(1 << 20, file), hasher: Sha256::new(), bytes: 0 };
    fill(&mut out)?;
    out.flush().map_err(io)?;
    let file = out.inner.into_inner().map_err(|e| io(e.into_error()))?;
    file.sync_all().map_err(io)?;
    Ok((path, hex(&out.hasher.finalize()), out.bytes))
}

/// Reads the id at `pointer` from a record's bytes.
fn record_id(reader: &mut RecordReader, record: &RecordSpan, pointer: Option<&str>) -> Option<serde_json::Value> {
    let pointer = pointer?;
    let mut bytes = Vec::new();
    let saved = reader.position;
    reader.copy(record, &mut bytes).ok()?;
    let back = i64::try_from(saved).ok()? - i64::try_from(reader.position).ok()?;
    reader.input.seek_relative(back).ok()?;
    reader.position = saved;
    serde_json::from_slice::<serde_json::Value>(&bytes).ok()?.pointer(pointer).cloned()
}

/// Writes the chunks of `plan`, the rejects file (if asked for) and the
/// manifest. `progress` is told how many input bytes each chunk consumed.
///
/// # Errors
/// [`Error::Usage`] when a file would be overwritten (or the input itself
/// would be written to), [`Error::Io`] on any I/O failure. In both cases
/// nothing is left under a final name by this run.
pub fn write(
    scan: &Scan,
    plan: &Plan,
    options: &WriteOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<Manifest, Error> {
    check_prefix(&options.prefix)?;
    let out_dir = &options.out_dir;
    let created = !out_dir.exists();
    std::fs::create_dir_all(out_dir).map_err(|e| Error::io(out_dir, e))?;
    let result = write_into(scan, plan, options, progress);
    if result.is_err() && created {
        // Only succeeds if the folder is empty: nothing of the user's is lost.
        let _ = std::fs::remove_dir(out_dir);
    }
    result
}

fn write_into(
    scan: &Scan,
    plan: &Plan,
    options: &WriteOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<Manifest, Error> {
    let out_dir = &options.out_dir;
    let previous = if options.force { previous_outputs(out_dir)? } else { Previous::default() };
    let input_real = scan.path.canonicalize().map_err(|e| Error::io(&scan.path, e))?;
    let target = |path: PathBuf| -> Result<(PathBuf, bool), Error> {
        match std::fs::symlink_metadata(&path) {
            Ok(_) if path.canonicalize().is_ok_and(|p| p == input_real) => {
                Err(Error::Usage(format!("refusing to write {}: it is the input", path.display())))
            }
            Ok(_) if previous.owns(&path, options.rejects.as_deref()) => Ok((path, true)),
            Ok(_) => Err(exists_error(&path)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok((path, false)),
            Err(e) => Err(Error::io(&path, e)),
        }
    };
    let names = chunk_names(&options.prefix, plan.chunks.len());
    let mut targets = Vec::new();
    for name in &names {
        targets.push(target(out_dir.join(name))?);
    }
    let manifest_target = target(out_dir.join(MANIFEST_NAME))?;
    let rejects_target = match &options.rejects {
        Some(path) => Some(target(path.clone())?),
        None => None,
    };

    let file = File::open(&scan.path).map_err(|e| Error::io(&scan.path, e))?;
    let mut reader =
        RecordReader { input: BufReader::with_capacity(1 << 20, file), position: 0, path: scan.path.clone() };
    let mut pending = Vec::new();
    let mut entries = Vec::new();
    for ((chunk, name), (path, replace)) in plan.chunks.iter().zip(&names).zip(targets) {
        let records = &scan.records[chunk.start..chunk.end];
        let (first, last) = (records[0], records[records.len() - 1]);
        let first_id = record_id(&mut reader, &first, options.id_pointer.as_deref());
        let last_id = record_id(&mut reader, &last, options.id_pointer.as_deref());
        let (temp, sha256, bytes) = write_temp(out_dir, &mut |out| {
            for record in records {
                reader.copy(record, out)?;
                out.write_all(b"\n").map_err(|e| Error::io(out_dir, e))?;
            }
            Ok(())
        })?;
        progress(records.iter().map(|r| r.len + 1).sum());
        entries.push(ChunkEntry {
            file: name.clone(),
            records: records.len() as u64,
            bytes,
            sha256,
            first_line: first.line,
            last_line: last.line,
            first_id,
            last_id,
        });
        pending.push(Pending { temp, target: path, replace });
    }

    let rejects = match (&options.rejects, rejects_target) {
        (Some(label), Some((path, replace))) => {
            let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let (temp, sha256, _) = write_temp(dir, &mut |out| {
                for r in &scan.rejected {
                    reader.copy(&RecordSpan { start: r.start, len: r.len, line: r.line }, out)?;
                    out.write_all(b"\n").map_err(|e| Error::io(dir, e))?;
                }
                Ok(())
            })?;
            pending.push(Pending { temp, target: path, replace });
            Some(Rejects {
                file: label.display().to_string(),
                sha256,
                lines: scan.rejected.iter().map(|r| RejectEntry::new(r.line, &r.codes)).collect(),
            })
        }
        _ => None,
    };

    let manifest = Manifest {
        version: MANIFEST_VERSION,
        tool: Tool { name: "batchlint".to_owned(), version: env!("CARGO_PKG_VERSION").to_owned() },
        input: Input {
            path: options.input_label.clone(),
            sha256: scan.sha256.clone(),
            bytes: scan.bytes,
            lines: scan.lines,
            records: (scan.records.len() + scan.rejected.len()) as u64,
        },
        profile: options.profile.clone(),
        limits: ManifestLimits {
            min_records: options.limits.min_records,
            max_records: options.limits.max_records,
            max_bytes: options.limits.max_bytes,
        },
        chunks: entries,
        rejects,
        skipped: Skipped {
            blank_lines: scan.blank_lines.len() as u64,
            blank_line_numbers: scan.blank_lines.iter().take(1000).copied().collect(),
        },
    };
    let (path, replace) = manifest_target;
    let (temp, _, _) = write_temp(out_dir, &mut |out| {
        serde_json::to_writer_pretty(&mut *out, &manifest).map_err(|e| Error::io(out_dir, e.into()))?;
        out.write_all(b"\n").map_err(|e| Error::io(out_dir, e))
    })?;
    pending.push(Pending { temp, target: path, replace });

    let mut publisher = Publisher::default();
    let written: HashSet<PathBuf> = pending.iter().map(|p| p.target.clone()).collect();
    for p in pending {
        publisher.publish(p)?;
    }
    publisher.done = true;
    // Files of the previous split that this one did not replace are stale.
    for stale in previous.chunks.difference(&written) {
        let _ = std::fs::remove_file(stale);
    }
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_padded_to_four_digits_or_more() {
        assert_eq!(chunk_names("req", 2), vec!["req-0001.jsonl", "req-0002.jsonl"]);
        assert_eq!(chunk_names("x", 12_345)[12_344], "x-12345.jsonl");
        assert_eq!(chunk_names("x", 12_345)[0], "x-00001.jsonl");
    }

    #[test]
    fn prefixes_stay_inside_the_folder() {
        assert!(check_prefix("requests").is_ok());
        for bad in ["", "../x", "a/b", "..", "."] {
            assert!(check_prefix(bad).is_err(), "{bad}");
        }
    }
}
