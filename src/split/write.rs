//! The writer: copies byte ranges of the input into chunk files and writes
//! the manifest, without ever leaving an incomplete file under a final name.
//!
//! Every file is first written to a temporary file in its destination folder
//! (created exclusively, so a planted symlink is never followed), flushed and
//! synced; only when all of them are complete are they published under their
//! final names, each by a rename that refuses to replace an existing file.
//! If anything fails, the temporaries and the files this run already
//! published are removed: a failed split leaves the folder as it found it.
//!
//! Every filesystem operation of the writer goes through an `Fs` trait, the
//! real filesystem unless the fault-injection tests give another (feature
//! `testing`), so that they can make any one operation fail and check what is
//! left behind.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufReader, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use sha2::{Digest, Sha256};
use tempfile::TempPath;

use super::fingerprint::SEGMENT;
use super::manifest::{ChunkEntry, Input, MANIFEST_NAME, MANIFEST_VERSION, Manifest, Rejects, Skipped, Tool};
use super::plan::{Chunk, ChunkLimits, Plan};
use super::reread::{CopyError, RecordReader, contiguous_runs, record_id};
use super::{Scan, hex};
use crate::error::{Error, RefusedWrite};
use crate::reader::Stamp;

/// Where and how to write.
#[derive(Clone, Debug)]
#[non_exhaustive]
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
    /// The compression the input was read through (the manifest says so).
    pub compression: Option<crate::input::Compression>,
    /// The profile's name, for the manifest.
    pub profile: String,
    /// The chunk limits, for the manifest.
    pub limits: ChunkLimits,
    /// JSON Pointer of each record's id, for the manifest's first/last ids.
    pub id_pointer: Option<String>,
    /// Sync every file and folder to disk before the manifest is published
    /// (the default), so that a power loss leaves no file under a final name
    /// that is incomplete. Without it, the files are still published whole
    /// or not at all should the process stop, but the disk may keep them
    /// only later; the manifest's SHA-256s tell a damaged file.
    pub sync: bool,
}

impl WriteOptions {
    /// Options to write `profile`'s chunks of the input called `input_label`
    /// into `out_dir` as `{prefix}-0001.jsonl`, …: chunk limits from the
    /// profile's file limits, its id pointer, no rejects file, nothing
    /// replaced, files synced to disk. Change the fields for the rest.
    #[must_use]
    pub fn new(
        profile: &crate::profile::Profile,
        input_label: impl Into<String>,
        out_dir: impl Into<PathBuf>,
        prefix: impl Into<String>,
    ) -> Self {
        WriteOptions {
            out_dir: out_dir.into(),
            prefix: prefix.into(),
            rejects: None,
            force: false,
            input_label: input_label.into(),
            compression: None,
            profile: profile.name.clone(),
            limits: ChunkLimits::from(&profile.limits),
            id_pointer: profile.id_pointer.clone(),
            sync: true,
        }
    }
}

/// The names of `count` chunk files: `{prefix}-0001.jsonl`, … (wider when
/// there are more than 9,999).
#[must_use]
pub fn chunk_names(prefix: &str, count: usize) -> Vec<String> {
    let width = count.to_string().len().max(4);
    (1..=count).map(|i| format!("{prefix}-{i:0width$}.jsonl")).collect()
}

/// Temporary files (`.batchlint-*.tmp`) in `dir`: a run that was killed
/// (SIGKILL, a power cut) could not remove them. They are never removed
/// without asking, since another run may be writing them now.
#[must_use]
pub fn stale_temporaries(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(".batchlint-") && n.ends_with(".tmp"))
        })
        .collect();
    found.sort();
    found
}

/// Checks that a prefix names a file inside the output folder.
///
/// # Errors
/// [`Error::OutputName`] for an empty prefix or one with a path separator.
pub fn check_prefix(prefix: &str) -> Result<(), Error> {
    if !is_plain_name(prefix) {
        return Err(Error::OutputName {
            what: "--prefix",
            name: prefix.to_owned(),
            rule: "a plain file name start, without `/`, so that chunks stay in the output folder".to_owned(),
        });
    }
    Ok(())
}

/// The manifest of a split of `scan` into `chunks` (and `rejects`), for the
/// input shown as `input.0`, read through the compression `input.1`.
pub(super) fn manifest_of(
    scan: &Scan,
    input: (&str, Option<crate::input::Compression>),
    profile: &str,
    limits: &ChunkLimits,
    chunks: Vec<ChunkEntry>,
    rejects: Option<Rejects>,
) -> Manifest {
    Manifest {
        version: MANIFEST_VERSION,
        tool: Tool { name: "batchlint".to_owned(), version: env!("CARGO_PKG_VERSION").to_owned() },
        input: Input {
            path: input.0.to_owned(),
            sha256: scan.sha256.clone(),
            bytes: scan.bytes,
            lines: scan.lines,
            records: (scan.records.len() + scan.rejected.len()) as u64,
            compression: input.1,
        },
        profile: profile.to_owned(),
        limits: *limits,
        chunks,
        rejects,
        skipped: Skipped {
            blank_lines: scan.blank_lines.len() as u64,
            blank_line_numbers: scan.blank_lines.iter().take(1000).collect(),
        },
    }
}

/// Whether `name` names a file inside a folder, not a path out of it (or
/// nothing): no `/` or `\\`, not `.` or `..`.
pub(super) fn is_plain_name(name: &str) -> bool {
    !(name.is_empty() || name.contains(['/', '\\', '\0']) || name == "." || name == "..")
}

/// The filesystem operations the writer makes. Each call is one operation;
/// the writer names the operation and the file in the error when one fails,
/// and cleans up (through the same `Fs`) what the failed run left. Public
/// with the `testing` feature, for the fault-injection tests.
#[cfg_attr(feature = "testing", visibility::make(pub))]
pub(crate) trait Fs: Sync {
    /// Creates a folder and its missing parents.
    fn create_dir_all(&self, dir: &Path) -> io::Result<()>;
    /// Creates a new, empty file with a fresh name `.batchlint-*.tmp` in
    /// `dir`, exclusively (an existing file or a planted symlink is never
    /// opened), readable by all (mode 0644 on Unix); returns it and its path.
    fn create_temp(&self, dir: &Path) -> io::Result<(File, PathBuf)>;
    /// Writes some of `buf` to `file`, like [`Write::write`].
    fn write(&self, file: &mut File, buf: &[u8]) -> io::Result<usize>;
    /// Flushes `file`, like [`Write::flush`].
    fn flush(&self, file: &mut File) -> io::Result<()>;
    /// Syncs `file`'s data and metadata to disk.
    fn sync(&self, file: &File) -> io::Result<()>;
    /// Renames `from` to `to`, atomically. Unless `replace`, fails with
    /// [`io::ErrorKind::AlreadyExists`] when `to` exists, and never replaces it.
    fn rename(&self, from: &Path, to: &Path, replace: bool) -> io::Result<()>;
    /// Syncs a folder to disk, so that the renames in it last.
    fn sync_dir(&self, dir: &Path) -> io::Result<()>;
    /// Removes a file.
    fn remove(&self, path: &Path) -> io::Result<()>;
    /// Removes an empty folder.
    fn remove_dir(&self, dir: &Path) -> io::Result<()>;
}

/// The real filesystem.
#[derive(Clone, Copy, Debug, Default)]
#[cfg_attr(feature = "testing", visibility::make(pub))]
pub(crate) struct RealFs;

impl Fs for RealFs {
    fn create_dir_all(&self, dir: &Path) -> io::Result<()> {
        std::fs::create_dir_all(dir)
    }

    fn create_temp(&self, dir: &Path) -> io::Result<(File, PathBuf)> {
        let mut builder = tempfile::Builder::new();
        builder.prefix(".batchlint-").suffix(".tmp");
        // Chunks are ordinary files for the user to read and upload, not secrets.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
        let (file, path) = builder.tempfile_in(dir)?.into_parts();
        // The writer removes it if needed, through its `Fs`.
        let path = path.keep().map_err(|e| e.error)?;
        Ok((file, path))
    }

    fn write(&self, file: &mut File, buf: &[u8]) -> io::Result<usize> {
        file.write(buf)
    }

    fn flush(&self, file: &mut File) -> io::Result<()> {
        file.flush()
    }

    fn sync(&self, file: &File) -> io::Result<()> {
        file.sync_all()
    }

    fn rename(&self, from: &Path, to: &Path, replace: bool) -> io::Result<()> {
        if replace {
            return std::fs::rename(from, to);
        }
        // renameat2(RENAME_NOREPLACE), or link and unlink where the
        // filesystem lacks it: either way `to` is never replaced.
        TempPath::try_from_path(from)?.persist_noclobber(to).map_err(|e| {
            // Leave `from` in place for the caller to clean up.
            let _ = e.path.keep();
            e.error
        })
    }

    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        #[cfg(unix)]
        File::open(dir)?.sync_all()?;
        #[cfg(not(unix))]
        let _ = dir;
        Ok(())
    }

    fn remove(&self, path: &Path) -> io::Result<()> {
        std::fs::remove_file(path)
    }

    fn remove_dir(&self, dir: &Path) -> io::Result<()> {
        std::fs::remove_dir(dir)
    }
}

/// An error of operation `what` (e.g. "could not sync the temporary file
/// x.tmp") made for `target`: `target: what: cause`.
fn failed(target: &Path, what: String, e: &io::Error) -> Error {
    let cause = e.raw_os_error().map_or_else(|| io::Error::new(e.kind(), e.to_string()), io::Error::from_raw_os_error);
    Error::Io { path: target.to_path_buf(), source: io::Error::new(e.kind(), Failed { what, cause }) }
}

/// A failed operation: what was being done, and the system's error (kept as
/// the source, so that its OS error number stays readable).
#[derive(Debug)]
struct Failed {
    what: String,
    cause: io::Error,
}

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.what, self.cause)
    }
}

impl std::error::Error for Failed {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.cause)
    }
}

/// A temporary file, removed on drop unless it was published.
struct Temp<'a> {
    fs: &'a dyn Fs,
    path: PathBuf,
    published: bool,
}

impl Drop for Temp<'_> {
    fn drop(&mut self) {
        if !self.published {
            let _ = self.fs.remove(&self.path);
        }
    }
}

/// A file written to a temporary name, waiting to be published.
struct Pending<'a> {
    temp: Temp<'a>,
    target: PathBuf,
    /// The target may be replaced (it is listed in the previous manifest).
    replace: bool,
}

/// Publishes pending files. A file it replaces is first moved aside to a
/// temporary name; on drop, a run that failed removes the files it
/// published and moves the replaced ones back, and a run that succeeded
/// removes what it moved aside.
struct Publisher<'a> {
    fs: &'a dyn Fs,
    published: Vec<PathBuf>,
    /// Replaced files: (final name, where the old file was moved).
    replaced: Vec<(PathBuf, PathBuf)>,
    done: bool,
}

impl Publisher<'_> {
    fn publish(&mut self, pending: Pending<'_>) -> Result<(), Error> {
        let Pending { mut temp, target, replace } = pending;
        if replace {
            let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let (file, aside) = self.fs.create_temp(dir).map_err(|e| {
                failed(&target, format!("could not create a temporary file in {} to keep it in", dir.display()), &e)
            })?;
            drop(file);
            match self.fs.rename(&target, &aside, true) {
                Ok(()) => self.replaced.push((target.clone(), aside)),
                // Gone meanwhile: nothing to keep.
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    let _ = self.fs.remove(&aside);
                }
                Err(e) => {
                    let _ = self.fs.remove(&aside);
                    return Err(failed(
                        &target,
                        format!(
                            "could not rename it to the temporary file {}, to keep it until the new one is in place",
                            aside.display()
                        ),
                        &e,
                    ));
                }
            }
        }
        self.fs.rename(&temp.path, &target, false).map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists {
                exists_error(&target)
            } else {
                failed(&target, format!("could not rename the temporary file {} to it", temp.path.display()), &e)
            }
        })?;
        temp.published = true;
        self.published.push(target);
        Ok(())
    }

    /// Syncs a folder that files were renamed into.
    fn sync_dir(&self, dir: &Path) -> Result<(), Error> {
        self.fs.sync_dir(dir).map_err(|e| failed(dir, "could not sync the folder to disk".to_owned(), &e))
    }
}

impl Drop for Publisher<'_> {
    fn drop(&mut self) {
        if self.done {
            for (_, aside) in &self.replaced {
                let _ = self.fs.remove(aside);
            }
            return;
        }
        for path in &self.published {
            let _ = self.fs.remove(path);
        }
        for (target, aside) in self.replaced.iter().rev() {
            let _ = self.fs.rename(aside, target, true);
        }
    }
}

fn exists_error(path: &Path) -> Error {
    Error::RefusedWrite { path: path.to_path_buf(), reason: RefusedWrite::Exists }
}

/// The files a previous split in `out_dir` wrote, by path, with the
/// SHA-256 its manifest records for each.
fn previous_outputs(out_dir: &Path) -> Result<Previous, Error> {
    let path = out_dir.join(MANIFEST_NAME);
    let file = match File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Previous::default()),
        Err(e) => return Err(Error::io(&path, e)),
    };
    // Read as it streams in, the rejected lines skipped: a manifest can
    // list millions of them.
    let manifest: PreviousManifest = serde_json::from_reader(BufReader::new(file)).map_err(|e| {
        if e.is_io() {
            return Error::io(&path, e.into());
        }
        Error::UntrustedManifest { path: path.clone(), problem: format!("is not a batchlint manifest ({e})") }
    })?;
    let mut chunks = HashMap::new();
    for chunk in &manifest.chunks {
        // A manifest edited by hand must not make --force touch anything
        // outside the folder, or anything but a chunk.
        if check_prefix(&chunk.file).is_err() || !is_chunk_name(&chunk.file) {
            return Err(Error::UntrustedManifest {
                path,
                problem: format!("lists `{}`, which is not a chunk file name in the folder", chunk.file),
            });
        }
        chunks.insert(out_dir.join(&chunk.file), chunk.sha256.clone());
    }
    Ok(Previous { chunks, manifest: path, rejects: manifest.rejects.map(|r| (PathBuf::from(r.file), r.sha256)) })
}

/// A [`Manifest`] as [`previous_outputs`] reads it: checked field by field
/// as [`Manifest`] is, the rejected lines skipped without being kept.
#[derive(serde::Deserialize)]
#[allow(dead_code, reason = "the fields are read to check the manifest's shape")]
struct PreviousManifest {
    version: u32,
    tool: Tool,
    input: Input,
    profile: String,
    limits: ChunkLimits,
    chunks: Vec<ChunkEntry>,
    rejects: Option<PreviousRejects>,
    skipped: Skipped,
}

/// [`Rejects`] without its lines.
#[derive(serde::Deserialize)]
struct PreviousRejects {
    file: String,
    sha256: String,
    #[allow(dead_code, reason = "required, as in `Rejects`, but not kept")]
    lines: serde::de::IgnoredAny,
}

/// Whether `name` has the form of a chunk file: `{prefix}-{digits}.jsonl`
/// with at least four digits.
fn is_chunk_name(name: &str) -> bool {
    name.strip_suffix(".jsonl").and_then(|stem| stem.rsplit_once('-')).is_some_and(|(prefix, index)| {
        !prefix.is_empty() && index.len() >= 4 && index.bytes().all(|b| b.is_ascii_digit())
    })
}

/// The SHA-256 of a file's content, if it can be read.
fn file_sha256(path: &Path) -> Option<String> {
    let mut file = File::open(path).ok()?;
    let mut hasher = Sha256::new();
    io::copy(&mut file, &mut hasher).ok()?;
    Some(hex(&hasher.finalize()))
}

/// What a previous split in the folder wrote, as its manifest says.
#[derive(Default)]
struct Previous {
    /// Its chunks, with their SHA-256.
    chunks: HashMap<PathBuf, String>,
    manifest: PathBuf,
    /// The rejects file as the previous run named it (relative to where it
    /// ran), with its SHA-256.
    rejects: Option<(PathBuf, String)>,
}

/// Whether two paths name the same file.
fn same_file(a: &Path, b: &Path) -> bool {
    a == b || a.canonicalize().ok().zip(b.canonicalize().ok()).is_some_and(|(x, y)| x == y)
}

impl Previous {
    /// Whether `path` may be replaced: the previous split's manifest, or a
    /// file it wrote whose content is still what it wrote (a chunk, or its
    /// rejects file when this run names the same file). `Err` says why not,
    /// for a file the previous split wrote that has changed since.
    fn owns(&self, path: &Path, rejects: Option<&Path>) -> Result<bool, Error> {
        if path == self.manifest {
            return Ok(true);
        }
        let recorded = match (self.chunks.get(path), &self.rejects) {
            (Some(sha), _) => sha,
            (None, Some((previous, sha)))
                if rejects.is_some_and(|r| same_file(r, path)) && same_file(previous, path) =>
            {
                sha
            }
            _ => return Ok(false),
        };
        if file_sha256(path).as_ref() == Some(recorded) {
            Ok(true)
        } else {
            Err(Error::RefusedWrite { path: path.to_path_buf(), reason: RefusedWrite::Changed })
        }
    }

    /// The previous split's chunks that `written` does not replace and that
    /// may be removed: still as it wrote them, and not `input`.
    fn stale<'a>(&'a self, written: &'a HashSet<PathBuf>, input: &'a Path) -> impl Iterator<Item = &'a PathBuf> + 'a {
        self.chunks.iter().filter_map(move |(path, sha)| {
            let removable =
                !written.contains(path) && !same_file(path, input) && file_sha256(path).as_ref() == Some(sha);
            removable.then_some(path)
        })
    }
}

/// A temporary file's writes and flushes, through the [`Fs`]; errors say
/// which operation on which temporary file failed.
struct FsWriter<'a> {
    fs: &'a dyn Fs,
    file: File,
    path: PathBuf,
}

impl Write for FsWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.fs.write(&mut self.file, buf).map_err(|e| {
            io::Error::new(e.kind(), format!("could not write to the temporary file {}: {e}", self.path.display()))
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.fs.flush(&mut self.file).map_err(|e| {
            io::Error::new(e.kind(), format!("could not flush the temporary file {}: {e}", self.path.display()))
        })
    }
}

/// Bytes a [`HashingWriter`] gathers before it writes and hashes them.
const WRITE_BUFFER: usize = 1 << 20;

/// The shortest slice a [`HashingWriter`] writes and hashes where it is,
/// without gathering it first: a run of records straight from the reader's
/// buffer (a chunk is mostly one run), not a newline.
const DIRECT_WRITE: usize = 64 << 10;

/// Where a [`HashingWriter`] hashes.
#[derive(Clone, Copy)]
enum Hashing {
    /// On the pool, while this thread writes: for a file written while no
    /// other is.
    Beside,
    /// On this thread, before it writes: for files written side by side,
    /// which keep the cores busy already (a helper per write would only
    /// add wake-ups).
    Here,
}

/// Hands what is written to the file and to a SHA-256 hasher, counting
/// bytes. Short writes are gathered into a buffer first.
struct HashingWriter<W> {
    inner: W,
    buf: Vec<u8>,
    hasher: Sha256,
    hashing: Hashing,
    bytes: u64,
}

impl<W: Write> HashingWriter<W> {
    fn new(inner: W, hashing: Hashing) -> Self {
        HashingWriter { inner, buf: Vec::new(), hasher: Sha256::new(), hashing, bytes: 0 }
    }

    /// Writes and hashes the gathered bytes, and empties the buffer.
    fn spill(&mut self) -> io::Result<()> {
        let written = hash_and_write(&mut self.hasher, self.hashing, &mut self.inner, &self.buf);
        self.buf.clear();
        written
    }
}

/// Writes `data` to `out` and hashes it with `hasher`, where `hashing` says.
fn hash_and_write(hasher: &mut Sha256, hashing: Hashing, out: &mut impl Write, data: &[u8]) -> io::Result<()> {
    match hashing {
        #[cfg(feature = "parallel")]
        Hashing::Beside => rayon::in_place_scope(|scope| {
            scope.spawn(|_| hasher.update(data));
            out.write_all(data)
        }),
        _ => {
            hasher.update(data);
            out.write_all(data)
        }
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.bytes += data.len() as u64;
        if data.len() >= DIRECT_WRITE {
            if !self.buf.is_empty() {
                self.spill()?;
            }
            hash_and_write(&mut self.hasher, self.hashing, &mut self.inner, data)?;
        } else {
            self.buf.extend_from_slice(data);
            if self.buf.len() >= WRITE_BUFFER {
                self.spill()?;
            }
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            self.spill()?;
        }
        self.inner.flush()
    }
}

/// A temporary file in `dir` for `target`, written by `fill` (and hashed
/// where `hashing` says), flushed and (with `sync`) synced. `fill` returns
/// the input's read errors; its write errors are reported for `target`.
fn write_temp<'a>(
    fs: &'a dyn Fs,
    dir: &Path,
    target: &Path,
    sync: bool,
    hashing: Hashing,
    fill: &mut dyn FnMut(&mut dyn Write) -> Result<(), CopyError>,
) -> Result<(Temp<'a>, String, u64), Error> {
    let (file, path) = fs
        .create_temp(dir)
        .map_err(|e| failed(target, format!("could not create a temporary file in {}", dir.display()), &e))?;
    let temp = Temp { fs, path, published: false };
    let write_error = |e: io::Error| Error::Io { path: target.to_path_buf(), source: e };
    let writer = FsWriter { fs, file, path: temp.path.clone() };
    let mut out = HashingWriter::new(writer, hashing);
    fill(&mut out).map_err(|e| match e {
        CopyError::Read(e) => e,
        CopyError::Write(e) => write_error(e),
    })?;
    out.flush().map_err(write_error)?;
    let file = out.inner.file;
    if sync {
        fs.sync(&file).map_err(|e| {
            failed(target, format!("could not sync the temporary file {} to disk", temp.path.display()), &e)
        })?;
    }
    drop(file);
    Ok((temp, hex(&out.hasher.finalize()), out.bytes))
}

/// A chunk in its temporary file, with what the manifest says of it.
struct WrittenChunk<'a> {
    pending: Pending<'a>,
    sha256: String,
    bytes: u64,
    first_id: Option<serde_json::Value>,
    last_id: Option<serde_json::Value>,
}

/// A run of chunks written by one thread, and the bytes of the input its
/// reader checks (from a segment boundary).
struct Group {
    chunks: Range<usize>,
    checks: Range<u64>,
}

/// The chunks of a split and where they go: written side by side, in
/// [`Group`]s.
struct Chunks<'r, 'a> {
    scan: &'r Scan,
    plan: &'r Plan,
    /// Each chunk's final name, and whether it may replace a file there.
    targets: &'r [(PathBuf, bool)],
    options: &'r WriteOptions,
    fs: &'a dyn Fs,
}

/// How many threads write chunks side by side.
fn writers() -> usize {
    #[cfg(feature = "parallel")]
    return rayon::current_num_threads();
    #[cfg(not(feature = "parallel"))]
    1
}

impl<'a> Chunks<'_, 'a> {
    /// Cuts the chunks into at most `count` runs of about equal bytes. Each
    /// run's reader checks the input from the segment its first chunk
    /// starts in to the next run's (the first from the input's start, the
    /// last to its end): together they check every byte of it.
    fn groups(&self, count: usize) -> Vec<Group> {
        let chunks = &self.plan.chunks;
        let start_of = |chunk: &Chunk| self.scan.records.get(chunk.start).map_or(0, |r| r.start);
        let mut firsts = vec![0];
        for k in 1..count {
            let share = u64::try_from(u128::from(self.scan.bytes) * k as u128 / count as u128).unwrap_or(u64::MAX);
            let first = chunks.partition_point(|c| start_of(c) < share);
            if firsts.last().is_some_and(|&last| first > last) && first < chunks.len() {
                firsts.push(first);
            }
        }
        let bound = |g: usize| match firsts.get(g) {
            Some(0) => 0,
            Some(&first) => start_of(&chunks[first]) / SEGMENT * SEGMENT,
            None => self.scan.bytes,
        };
        (0..firsts.len())
            .map(|g| Group {
                chunks: firsts[g]..firsts.get(g + 1).copied().unwrap_or(chunks.len()),
                checks: bound(g)..bound(g + 1),
            })
            .collect()
    }

    /// Writes every chunk to a temporary file, the groups side by side;
    /// `file` is the input, opened, and `reopen` opens it again for each
    /// other group. `progress` is told how many input bytes each chunk
    /// consumed. When a group fails, the others stop at their next chunk,
    /// every temporary is removed, and the error is that of the first
    /// group, in input order, that failed.
    fn write(
        &self,
        file: File,
        reopen: &(dyn Fn() -> Result<File, Error> + Sync),
        progress: &mut dyn FnMut(u64),
    ) -> Result<Vec<WrittenChunk<'a>>, Error> {
        let groups = self.groups(writers());
        let hashing = if groups.len() == 1 { Hashing::Beside } else { Hashing::Here };
        let stop = AtomicBool::new(false);
        let run = |group: &Group, file: Result<File, Error>, progress: &mut dyn FnMut(u64)| {
            let written = file.and_then(|file| self.write_group(group, file, hashing, &stop, progress));
            if written.is_err() {
                stop.store(true, Ordering::Relaxed);
            }
            written
        };
        let results = match groups.as_slice() {
            [group] => vec![run(group, Ok(file), progress)],
            _ => std::thread::scope(|scope| {
                let (sender, received) = std::sync::mpsc::channel();
                let mut file = Some(file);
                let threads: Vec<_> = groups
                    .iter()
                    .map(|group| {
                        let sender = sender.clone();
                        let file = file.take().map_or_else(reopen, Ok);
                        let run = &run;
                        scope.spawn(move || {
                            run(group, file, &mut |bytes| {
                                let _ = sender.send(bytes);
                            })
                        })
                    })
                    .collect();
                drop(sender);
                received.iter().for_each(&mut *progress);
                threads.into_iter().map(|t| t.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
            }),
        };
        let mut written = Vec::new();
        for group in results {
            written.extend(group?);
        }
        Ok(written)
    }

    /// Writes the chunks of `group`, reading them from `file` and hashing
    /// them where `hashing` says, until `stop` says another group failed.
    fn write_group(
        &self,
        group: &Group,
        file: File,
        hashing: Hashing,
        stop: &AtomicBool,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Vec<WrittenChunk<'a>>, Error> {
        let (scan, options) = (self.scan, self.options);
        let mut reader = RecordReader::checking(file, &scan.path, group.checks.start, &scan.fingerprints, scan.bytes)?;
        let mut written = Vec::new();
        for index in group.chunks.clone() {
            if stop.load(Ordering::Relaxed) {
                return Ok(written);
            }
            let chunk = &self.plan.chunks[index];
            let (path, replace) = &self.targets[index];
            let records = || scan.records.range(chunk.start..chunk.end);
            let pointer = options.id_pointer.as_deref();
            let first_id = records().next().and_then(|first| record_id(&mut reader, &first, pointer));
            let last_id = records().last().and_then(|last| record_id(&mut reader, &last, pointer));
            let (temp, sha256, bytes) =
                write_temp(self.fs, &options.out_dir, path, options.sync, hashing, &mut |out| {
                    for run in contiguous_runs(records()) {
                        reader.copy(run, out)?;
                        out.write_all(b"\n").map_err(CopyError::Write)?;
                    }
                    Ok(())
                })?;
            progress(records().map(|r| u64::from(r.len) + 1).sum::<u64>());
            let pending = Pending { temp, target: path.clone(), replace: *replace };
            written.push(WrittenChunk { pending, sha256, bytes, first_id, last_id });
        }
        reader.finish(group.checks.end)?;
        Ok(written)
    }
}

/// Writes the chunks of `plan`, the rejects file (if asked for) and the
/// manifest. `progress` is told how many input bytes each chunk consumed.
///
/// # Errors
/// [`Error::RefusedWrite`] when a file would be overwritten (or the input itself
/// would be written to), [`Error::Io`] on any I/O failure. In both cases
/// nothing is left under a final name by this run.
pub fn write(
    scan: &Scan,
    plan: &Plan,
    options: &WriteOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<Manifest, Error> {
    write_with(scan, plan, options, progress, &RealFs)
}

/// [`write()`], with every filesystem operation of the output made through
/// `fs` (the input is read directly). A failed operation's error names the
/// operation and the file (`out/x-0001.jsonl: could not sync the temporary
/// file out/.batchlint-Ab3x.tmp to disk: …`).
///
/// The files are published in order: the chunks and the rejects file, then
/// their folders are synced, then the manifest, then its folder is synced. So
/// a folder holding this run's `manifest.json` holds all its files, even
/// after a crash.
///
/// Public with the `testing` feature, for the fault-injection tests.
///
/// # Errors
/// As [`write()`].
#[cfg_attr(feature = "testing", visibility::make(pub))]
pub(crate) fn write_with(
    scan: &Scan,
    plan: &Plan,
    options: &WriteOptions,
    progress: &mut dyn FnMut(u64),
    fs: &dyn Fs,
) -> Result<Manifest, Error> {
    check_prefix(&options.prefix)?;
    let out_dir = &options.out_dir;
    let absent = !out_dir.exists();
    fs.create_dir_all(out_dir).map_err(|e| failed(out_dir, "could not create the folder".to_owned(), &e))?;
    let created = CreatedFolder { fs, dir: absent.then_some(out_dir.as_path()) };
    let previous = if options.force { previous_outputs(out_dir)? } else { Previous::default() };
    let input_real = scan.path.canonicalize().map_err(|e| Error::io(&scan.path, e))?;
    let target = |path: PathBuf| -> Result<(PathBuf, bool), Error> {
        match std::fs::symlink_metadata(&path) {
            Ok(_) if path.canonicalize().is_ok_and(|p| p == input_real) => {
                Err(Error::RefusedWrite { path, reason: RefusedWrite::Input })
            }
            Ok(_) if previous.owns(&path, options.rejects.as_deref())? => Ok((path, true)),
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
    refuse_shared_paths(
        targets.iter().chain([&manifest_target]).chain(&rejects_target).map(|(path, _)| path.as_path()),
    )?;

    // The fingerprints show a change made since the scan; the input's stamp,
    // one made while this run reads it (the rejects are read once more).
    let stamp = |file: &File| file.metadata().map(|m| Stamp::of(&m)).map_err(|e| Error::io(&scan.path, e));
    let open = || -> Result<(File, Stamp), Error> {
        let file = File::open(&scan.path).map_err(|e| Error::io(&scan.path, e))?;
        let stamp = stamp(&file)?;
        Ok((file, stamp))
    };
    let (file, opened) = open()?;
    let chunks = Chunks { scan, plan, targets: &targets, options, fs };
    let reopen = || match open()? {
        (file, now) if now == opened => Ok(file),
        _ => Err(RecordReader::changed(&scan.path)),
    };
    let mut entries = Vec::new();
    let mut pending = Vec::new();
    for (index, chunk) in chunks.write(file, &reopen, progress)?.into_iter().enumerate() {
        let planned = &plan.chunks[index];
        let line = |record: usize| scan.try_line_of(record).map_err(|e| Error::io(&scan.path, e));
        entries.push(ChunkEntry {
            file: names[index].clone(),
            records: planned.records() as u64,
            bytes: chunk.bytes,
            sha256: chunk.sha256,
            first_line: line(planned.start)?,
            last_line: line(planned.end - 1)?,
            first_id: chunk.first_id,
            last_id: chunk.last_id,
        });
        pending.push(chunk.pending);
    }

    let rejects = match (&options.rejects, rejects_target) {
        (Some(label), Some((path, replace))) => {
            let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            // Every byte of the input was checked as the chunks were written.
            let mut reader = RecordReader::plain(reopen()?, &scan.path);
            let (temp, sha256, _) = write_temp(fs, dir, &path, options.sync, Hashing::Beside, &mut |out| {
                for r in scan.rejected.iter() {
                    let r = r.map_err(|e| CopyError::Read(Error::io(&scan.path, e)))?;
                    reader.copy(r.start..r.start + r.len, out)?;
                    out.write_all(b"\n").map_err(CopyError::Write)?;
                }
                Ok(())
            })?;
            pending.push(Pending { temp, target: path, replace });
            Some(Rejects {
                file: label.display().to_string(),
                sha256,
                // Streamed from the scan's spill as the manifest is written.
                lines: scan.rejected.clone().into(),
            })
        }
        _ => None,
    };

    let input = (options.input_label.as_str(), options.compression);
    let manifest = manifest_of(scan, input, &options.profile, &options.limits, entries, rejects);
    let (path, replace) = manifest_target;
    let (temp, _, _) = write_temp(fs, out_dir, &path, options.sync, Hashing::Beside, &mut |out| {
        serde_json::to_writer_pretty(&mut *out, &manifest).map_err(|e| match e.io_error_kind() {
            Some(_) => CopyError::Write(e.into()),
            // Reading the rejected lines back failed.
            None => CopyError::Read(Error::io(&scan.path, io::Error::other(e.to_string()))),
        })?;
        out.write_all(b"\n").map_err(CopyError::Write)
    })?;
    let manifest_pending = Pending { temp, target: path, replace };

    // Every byte copied must be one the scan validated: the input's
    // segments hashed as the scan's did, and nothing changed it since this
    // run opened it.
    reopen()?;

    // The chunks and the rejects file first, and their folders synced, so
    // that the manifest never lasts without them.
    let mut publisher = Publisher { fs, published: Vec::new(), replaced: Vec::new(), done: false };
    let mut written: HashSet<PathBuf> = HashSet::new();
    let mut folders: Vec<PathBuf> = Vec::new();
    for p in pending {
        let dir = p.temp.path.parent().map(Path::to_path_buf).unwrap_or_default();
        if !folders.contains(&dir) {
            folders.push(dir);
        }
        written.insert(p.target.clone());
        publisher.publish(p)?;
    }
    if options.sync {
        for dir in &folders {
            publisher.sync_dir(dir)?;
        }
    }
    written.insert(manifest_pending.target.clone());
    publisher.publish(manifest_pending)?;
    if options.sync {
        publisher.sync_dir(out_dir)?;
    }
    publisher.done = true;
    drop(publisher);
    // Chunks of the previous split that this one did not replace are stale.
    for stale in previous.stale(&written, &input_real) {
        let _ = fs.remove(stale);
    }
    created.keep();
    Ok(manifest)
}

/// The output folder when this run created it: removed again when the run
/// fails (after its temporaries, which are dropped first). The removal only
/// succeeds on an empty folder: nothing of the user's is lost.
struct CreatedFolder<'a> {
    fs: &'a dyn Fs,
    dir: Option<&'a Path>,
}

impl CreatedFolder<'_> {
    /// The run succeeded: the folder stays.
    fn keep(mut self) {
        self.dir = None;
    }
}

impl Drop for CreatedFolder<'_> {
    fn drop(&mut self) {
        if let Some(dir) = self.dir {
            let _ = self.fs.remove_dir(dir);
        }
    }
}

/// Refuses a run that would write two of its outputs (a chunk, the
/// manifest, the rejects file) to one path, before anything is written.
fn refuse_shared_paths<'a>(paths: impl Iterator<Item = &'a Path>) -> Result<(), Error> {
    let mut seen = HashSet::new();
    for path in paths {
        // The same file however it is spelt: its folder resolved, its name kept.
        let key = match (
            path.parent().map(|d| if d.as_os_str().is_empty() { Path::new(".") } else { d }),
            path.file_name(),
        ) {
            (Some(dir), Some(name)) => dir.canonicalize().map_or_else(|_| path.to_path_buf(), |d| d.join(name)),
            _ => path.to_path_buf(),
        };
        if !seen.insert(key) {
            return Err(Error::RefusedWrite { path: path.to_path_buf(), reason: RefusedWrite::Twice });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_writes_reach_the_file_and_the_hash_in_order() {
        let long = |byte: u8, len: usize| vec![byte; len];
        let pieces = [
            b"{\"a\":1}".to_vec(),
            long(b'x', DIRECT_WRITE),
            b"\n".to_vec(),
            long(b'y', DIRECT_WRITE + 3),
            long(b'z', WRITE_BUFFER - 1),
            long(b'w', 2),
        ];
        for hashing in [Hashing::Beside, Hashing::Here] {
            let mut out = HashingWriter::new(Vec::new(), hashing);
            for piece in &pieces {
                out.write_all(piece).unwrap();
            }
            out.flush().unwrap();
            let whole = pieces.concat();
            assert_eq!(out.inner, whole);
            assert_eq!(out.bytes, whole.len() as u64);
            assert_eq!(out.hasher.finalize(), Sha256::digest(&whole));
        }
    }

    #[test]
    fn names_are_padded_to_four_digits_or_more() {
        assert_eq!(chunk_names("req", 2), vec!["req-0001.jsonl", "req-0002.jsonl"]);
        assert_eq!(chunk_names("x", 12_345)[12_344], "x-12345.jsonl");
        assert_eq!(chunk_names("x", 12_345)[0], "x-00001.jsonl");
    }

    /// A valid sync record whose id is `r{i}`.
    fn record(i: usize) -> String {
        format!(
            r#"{{"request_id":"r{i}","endpoint":"/v2/generate","payload":{{"model":"lipsync-2","input":[{{"type":"video","url":"https://v.example.com/{i}.mp4"}},{{"type":"audio","url":"https://a.example.com/{i}.wav"}}]}}}}"#
        )
    }

    /// A folder with `in.jsonl`: valid records among `{}` lines (rejected),
    /// and its scan with the rejected lines in memory.
    fn mixed_input(rejected: usize) -> (tempfile::TempDir, Scan) {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::new();
        for i in 0..rejected {
            text.push_str(if i % 3 == 0 { "{\"request_id\":5}\n" } else { "{}\n" });
            if i % 100 == 0 {
                text.push_str(&record(i));
                text.push('\n');
            }
        }
        let path = dir.path().join("in.jsonl");
        std::fs::write(&path, text).unwrap();
        let profile = crate::profile::Profile::sync().unwrap();
        let scan = super::super::scan_reader(&profile, File::open(&path).unwrap(), &path, &mut |_| {}).unwrap();
        assert_eq!(scan.rejected.len(), rejected);
        assert!(!scan.rejected.is_spilled());
        (dir, scan)
    }

    /// An input of several segments: `records` valid records, then a run
    /// of blank lines (of spaces) over two segments long, then `records`
    /// more after a line with an error. Shared by two writers, the first
    /// writer's last chunk ends a whole segment before the second writer's
    /// part starts.
    fn segmented_input(records: usize) -> (tempfile::TempDir, Scan) {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::new();
        for i in 0..records {
            text.push_str(&record(i));
            text.push('\n');
        }
        let blank = format!("{}\n", " ".repeat(999));
        while text.len() < records * 200 + 5 * SEGMENT as usize / 2 {
            text.push_str(&blank);
        }
        text.push_str("{}\n");
        for i in records..2 * records {
            text.push_str(&record(i));
            text.push('\n');
        }
        let path = dir.path().join("in.jsonl");
        std::fs::write(&path, text).unwrap();
        let profile = crate::profile::Profile::sync().unwrap();
        let scan = super::super::scan(&profile, &path, &mut |_| {}).unwrap();
        assert!(scan.bytes > 3 * SEGMENT, "{} bytes", scan.bytes);
        (dir, scan)
    }

    fn segmented_options(dir: &Path, out: &str) -> WriteOptions {
        WriteOptions {
            limits: ChunkLimits { min_records: 1, max_records: Some(500), max_bytes: None },
            ..options(dir, out)
        }
    }

    /// The writers' groups take every chunk once, in order, and check every
    /// byte of the input, from segment boundaries.
    #[test]
    fn groups_take_every_chunk_once_and_check_every_byte() {
        let (dir, scan) = segmented_input(6000);
        let options = segmented_options(dir.path(), "out");
        let plan = scan.plan(&options.limits).unwrap();
        let targets: Vec<(PathBuf, bool)> = Vec::new();
        let chunks = Chunks { scan: &scan, plan: &plan, targets: &targets, options: &options, fs: &RealFs };
        for count in 1..=6 {
            let groups = chunks.groups(count);
            assert!(!groups.is_empty() && groups.len() <= count);
            assert_eq!(groups.len() > 1, count > 1, "{count} writers share {} chunks", plan.chunks.len());
            assert_eq!((groups[0].chunks.start, groups[0].checks.start), (0, 0));
            let last = groups.last().unwrap();
            assert_eq!((last.chunks.end, last.checks.end), (plan.chunks.len(), scan.bytes));
            for pair in groups.windows(2) {
                assert_eq!(pair[0].chunks.end, pair[1].chunks.start);
                assert_eq!(pair[0].checks.end, pair[1].checks.start);
            }
            for group in &groups {
                assert!(!group.chunks.is_empty() && group.checks.start.is_multiple_of(SEGMENT));
                let first = scan.records.get(plan.chunks[group.chunks.start].start).unwrap();
                assert!(group.checks.start <= first.start);
            }
        }
    }

    /// Written side by side or one at a time, the files are the same.
    #[test]
    fn chunks_written_side_by_side_are_those_written_one_at_a_time() {
        let (dir, scan) = segmented_input(6000);
        let mut outputs = Vec::new();
        for threads in [1, 2, 5] {
            let options = segmented_options(dir.path(), "out");
            let plan = scan.plan(&options.limits).unwrap();
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let mut progress = 0u64;
            pool.install(|| write(&scan, &plan, &options, &mut |bytes| progress += bytes)).unwrap();
            assert_eq!(progress, (0..scan.records.len()).map(|i| u64::from(scan.records.len_of(i)) + 1).sum::<u64>());
            let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&options.out_dir)
                .unwrap()
                .map(|e| e.unwrap())
                .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
                .collect();
            files.sort();
            let rejects = options.rejects.unwrap();
            files.push(("rejects".to_owned(), std::fs::read(&rejects).unwrap()));
            std::fs::remove_dir_all(&options.out_dir).unwrap();
            std::fs::remove_file(rejects).unwrap();
            outputs.push(files);
        }
        assert!(outputs[0].len() > 20, "{} files", outputs[0].len());
        for other in &outputs[1..] {
            let names = |files: &[(String, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
            assert_eq!(names(other), names(&outputs[0]));
            let differ: Vec<&str> =
                outputs[0].iter().zip(other).filter(|(a, b)| a.1 != b.1).map(|(a, _)| a.0.as_str()).collect();
            assert!(differ.is_empty(), "{differ:?} differ");
        }
    }

    /// A byte changed after the scan is found wherever it is: in a record,
    /// between records where no chunk reads, in the last segment; so is an
    /// input made longer or shorter.
    #[test]
    fn a_byte_changed_anywhere_after_the_scan_stops_the_split() {
        let (dir, scan) = segmented_input(6000);
        let input = std::fs::read(&scan.path).unwrap();
        let blank = input.windows(3).position(|w| w == b"}\n ").unwrap() + 2;
        let places = [100, blank + SEGMENT as usize, input.len() - 10];
        for (i, at) in places.into_iter().enumerate() {
            let mut changed = input.clone();
            changed[at] = if changed[at] == b' ' { b'\t' } else { b'7' };
            std::fs::write(&scan.path, &changed).unwrap();
            let options = segmented_options(dir.path(), &format!("changed{i}"));
            let plan = scan.plan(&options.limits).unwrap();
            let pool = rayon::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
            let err = pool.install(|| write(&scan, &plan, &options, &mut |_| {})).unwrap_err().to_string();
            assert!(err.contains("the input changed while it was being split"), "byte {at}: {err}");
            assert!(!options.out_dir.exists(), "byte {at}: the folder the run created is gone");
        }
        // Longer or shorter by a line, however many writers.
        let line = b"{}\n";
        let grown = [input.as_slice(), line].concat();
        for (i, changed) in [grown.as_slice(), &input[..input.len() - line.len()]].into_iter().enumerate() {
            std::fs::write(&scan.path, changed).unwrap();
            for threads in [1, 3] {
                let options = segmented_options(dir.path(), &format!("resized{i}-{threads}"));
                let plan = scan.plan(&options.limits).unwrap();
                let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
                let err = pool.install(|| write(&scan, &plan, &options, &mut |_| {})).unwrap_err().to_string();
                assert!(err.contains("the input changed while it was being split"), "{err}");
            }
        }
        std::fs::write(&scan.path, &input).unwrap();
        let options = segmented_options(dir.path(), "unchanged");
        write(&scan, &scan.plan(&options.limits).unwrap(), &options, &mut |_| {}).unwrap();
    }

    /// `scan` with its rejected lines spilled past `bytes`.
    fn spilled(scan: &Scan, bytes: usize) -> Scan {
        let mut copy = Scan { rejected: super::super::rejected::RejectedLines::spilling_at(bytes), ..scan.clone() };
        for line in scan.rejected.iter() {
            copy.rejected.push(&line.unwrap()).unwrap();
        }
        assert!(copy.rejected.is_spilled());
        copy
    }

    fn options(dir: &Path, out: &str) -> WriteOptions {
        WriteOptions {
            out_dir: dir.join(out),
            prefix: "in".to_owned(),
            rejects: Some(dir.join(format!("{out}-rejects.jsonl"))),
            force: false,
            input_label: "in.jsonl".to_owned(),
            compression: None,
            profile: "sync".to_owned(),
            limits: ChunkLimits { min_records: 0, max_records: Some(3), max_bytes: None },
            id_pointer: Some("/request_id".to_owned()),
            sync: false,
        }
    }

    /// The manifest streamed from a spill is byte for byte the one written
    /// from the rejected lines in memory, and the one a list of entries
    /// serializes to; so are the rejects file and the chunks' lines.
    #[test]
    fn a_spilled_manifest_is_the_in_memory_one_byte_for_byte() {
        let (dir, scan) = mixed_input(2000);
        let spilled = spilled(&scan, 100);
        let plan = scan.plan(&ChunkLimits { min_records: 0, max_records: Some(3), max_bytes: None }).unwrap();
        let read = |p: PathBuf| std::fs::read(p).unwrap();
        let (manifest, rejects) = (dir.path().join("out/manifest.json"), dir.path().join("out-rejects.jsonl"));
        let memory = write(&scan, &plan, &options(dir.path(), "out"), &mut |_| {}).unwrap();
        let (text, rejected) = (read(manifest.clone()), read(rejects.clone()));
        std::fs::remove_dir_all(dir.path().join("out")).unwrap();
        std::fs::remove_file(&rejects).unwrap();
        let streamed = write(&spilled, &plan, &options(dir.path(), "out"), &mut |_| {}).unwrap();
        assert!(read(manifest.clone()) == text, "the same manifest.json");
        assert!(read(rejects) == rejected, "the same rejects file");
        assert_eq!(memory, streamed);

        // As a `Vec` of entries (what this field was, and what a manifest
        // read back holds) it serializes the same.
        let mut listed = streamed.clone();
        let rejects = listed.rejects.as_mut().unwrap();
        let entries = rejects.lines.to_vec().unwrap();
        assert_eq!(entries.len(), 2000);
        assert_eq!(entries[1], super::super::manifest::RejectEntry { line: 3, codes: vec!["BL201".to_owned(); 3] });
        rejects.lines = entries.into();
        let mut json = serde_json::to_vec_pretty(&listed).unwrap();
        json.push(b'\n');
        assert!(json == text, "a list of entries serializes the same");
        let back: Manifest = serde_json::from_slice(&text).unwrap();
        assert_eq!(back, streamed);
        assert_eq!(
            spilled.try_line_of(7).unwrap(),
            scan.line_of(7),
            "line numbers are found past spilled rejected lines too"
        );
    }

    /// The filesystem, with every rename failing.
    struct NoRename;

    impl Fs for NoRename {
        fn create_dir_all(&self, dir: &Path) -> io::Result<()> {
            RealFs.create_dir_all(dir)
        }
        fn create_temp(&self, dir: &Path) -> io::Result<(File, PathBuf)> {
            RealFs.create_temp(dir)
        }
        fn write(&self, file: &mut File, buf: &[u8]) -> io::Result<usize> {
            RealFs.write(file, buf)
        }
        fn flush(&self, file: &mut File) -> io::Result<()> {
            RealFs.flush(file)
        }
        fn sync(&self, file: &File) -> io::Result<()> {
            RealFs.sync(file)
        }
        fn rename(&self, _: &Path, _: &Path, _: bool) -> io::Result<()> {
            Err(io::Error::from_raw_os_error(28))
        }
        fn sync_dir(&self, dir: &Path) -> io::Result<()> {
            RealFs.sync_dir(dir)
        }
        fn remove(&self, path: &Path) -> io::Result<()> {
            RealFs.remove(path)
        }
        fn remove_dir(&self, dir: &Path) -> io::Result<()> {
            RealFs.remove_dir(dir)
        }
    }

    /// A failed write of a spilled scan leaves nothing: the output folder
    /// it created is gone, no temporary is left beside the rejects file,
    /// and the spill (a file without a name) is still readable, then freed
    /// with the scan.
    #[test]
    fn a_failed_write_of_a_spilled_scan_leaves_nothing() {
        let (dir, scan) = mixed_input(500);
        let spilled = spilled(&scan, 10);
        let plan = spilled.plan(&ChunkLimits { min_records: 0, max_records: Some(3), max_bytes: None }).unwrap();
        let options = options(dir.path(), "out");
        let err = write_with(&spilled, &plan, &options, &mut |_| {}, &NoRename).unwrap_err();
        assert!(err.to_string().contains("could not rename"), "{err}");
        assert!(!dir.path().join("out").exists());
        let mut left: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
        left.sort();
        assert_eq!(left, ["in.jsonl"]);
        assert_eq!(spilled.rejected.iter().count(), 500);
    }

    /// `--force` reads the previous manifest without keeping its rejected
    /// lines, and still refuses a file that is not a manifest.
    #[test]
    fn the_previous_manifest_is_read_without_its_rejected_lines() {
        let (dir, scan) = mixed_input(300);
        let plan = scan.plan(&ChunkLimits { min_records: 0, max_records: Some(3), max_bytes: None }).unwrap();
        let mut options = options(dir.path(), "out");
        write(&scan, &plan, &options, &mut |_| {}).unwrap();
        let previous = previous_outputs(&options.out_dir).unwrap();
        assert_eq!(previous.chunks.len(), plan.chunks.len());
        assert!(previous.rejects.is_some());
        options.force = true;
        write(&scan, &plan, &options, &mut |_| {}).unwrap();
        std::fs::write(options.out_dir.join(MANIFEST_NAME), r#"{"chunks": []}"#).unwrap();
        assert!(
            matches!(previous_outputs(&options.out_dir), Err(Error::UntrustedManifest { problem, .. }) if problem.contains("not a batchlint manifest"))
        );
    }

    #[test]
    fn prefixes_stay_inside_the_folder() {
        assert!(check_prefix("requests").is_ok());
        for bad in ["", "../x", "a/b", "..", "."] {
            assert!(check_prefix(bad).is_err(), "{bad}");
        }
    }
}
