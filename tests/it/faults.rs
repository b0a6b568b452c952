//! Fault injection for `split`'s writer: every filesystem operation of a small
//! split (folders, temporaries, writes, flushes, syncs, renames) is made to
//! fail in turn, through `batchlint::split::write::write_with` and an [`Fs`]
//! that fails at its N-th call. After each failure:
//!
//! - the error names the operation and the file;
//! - every final name (chunks, rejects file, `manifest.json`) is absent or
//!   byte-identical to what the successful run wrote (or, with `--force`, to
//!   what the previous split had there): never a partial file;
//! - no temporary (`.batchlint-*.tmp`) is left, and a folder the run created
//!   is gone again.
//!
//! A fault that does not go away (every operation from the N-th on fails, as
//! on a full disk or a vanished device) can leave temporaries and published
//! files, since cleaning up fails too, but still never a partial file under a
//! final name.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use batchlint::Profile;
use batchlint::split::plan::ChunkLimits;
use batchlint::split::write::{Fs, RealFs, WriteOptions, chunk_names, write_with};
use batchlint::split::{Scan, scan};

/// Fails the `fail_at`-th call (0-based), or every call from it on when
/// `sticky`, with "No space left on device"; delegates to the real
/// filesystem otherwise. Logs every call.
struct Faulty {
    fail_at: Option<usize>,
    sticky: bool,
    calls: AtomicUsize,
    log: Mutex<Vec<(&'static str, Option<PathBuf>)>>,
    /// The operations that failed, in order.
    failed: Mutex<Vec<&'static str>>,
    /// Called with each operation and its index, before it runs.
    hook: Option<Box<dyn Fn(&'static str, usize) + Send + Sync>>,
}

impl Faulty {
    fn new(fail_at: Option<usize>, sticky: bool) -> Self {
        Faulty {
            fail_at,
            sticky,
            calls: AtomicUsize::new(0),
            log: Mutex::new(Vec::new()),
            failed: Mutex::new(Vec::new()),
            hook: None,
        }
    }

    fn step(&self, op: &'static str, path: Option<&Path>) -> io::Result<()> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst);
        if let Some(hook) = &self.hook {
            hook(op, n);
        }
        self.log.lock().unwrap().push((op, path.map(Path::to_path_buf)));
        let fail = match self.fail_at {
            Some(at) if self.sticky => n >= at,
            Some(at) => n == at,
            None => false,
        };
        if fail {
            self.failed.lock().unwrap().push(op);
            return Err(io::Error::from_raw_os_error(28)); // ENOSPC
        }
        Ok(())
    }
}

impl Faulty {
    /// The first operation that failed.
    fn first_failed(&self) -> Option<&'static str> {
        self.failed.lock().unwrap().first().copied()
    }
}

impl Fs for Faulty {
    fn create_dir_all(&self, dir: &Path) -> io::Result<()> {
        self.step("create_dir_all", Some(dir))?;
        RealFs.create_dir_all(dir)
    }

    fn create_temp(&self, dir: &Path) -> io::Result<(fs::File, PathBuf)> {
        self.step("create_temp", Some(dir))?;
        RealFs.create_temp(dir)
    }

    fn write(&self, file: &mut fs::File, buf: &[u8]) -> io::Result<usize> {
        self.step("write", None)?;
        RealFs.write(file, buf)
    }

    fn flush(&self, file: &mut fs::File) -> io::Result<()> {
        self.step("flush", None)?;
        RealFs.flush(file)
    }

    fn sync(&self, file: &fs::File) -> io::Result<()> {
        self.step("sync", None)?;
        RealFs.sync(file)
    }

    fn rename(&self, from: &Path, to: &Path, replace: bool) -> io::Result<()> {
        self.step("rename", Some(to))?;
        RealFs.rename(from, to, replace)
    }

    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        self.step("sync_dir", Some(dir))?;
        RealFs.sync_dir(dir)
    }

    fn remove(&self, path: &Path) -> io::Result<()> {
        self.step("remove", Some(path))?;
        RealFs.remove(path)
    }

    fn remove_dir(&self, dir: &Path) -> io::Result<()> {
        self.step("remove_dir", Some(dir))?;
        RealFs.remove_dir(dir)
    }
}

/// What the error says when `op` fails.
fn phrases(op: &str) -> &'static [&'static str] {
    match op {
        "create_dir_all" => &["could not create the folder"],
        "create_temp" => &["could not create a temporary file in"],
        "write" => &["could not write to the temporary file"],
        "flush" => &["could not flush the temporary file"],
        "sync" => &["could not sync the temporary file"],
        // Publishing, or (with --force) moving the old file aside first.
        "rename" => &["could not rename the temporary file", "could not rename it to the temporary file"],
        "sync_dir" => &["could not sync the folder"],
        other => panic!("the writer should not fail on `{other}`"),
    }
}

fn record(i: usize) -> String {
    format!(
        r#"{{"request_id":"req-{i:04}","endpoint":"/v2/generate","payload":{{"model":"lipsync-2","input":[{{"type":"video","url":"https://cdn.example.com/v/{i}.mp4"}},{{"type":"audio","url":"https://cdn.example.com/a/{i}.wav"}}]}}}}"#
    )
}

/// A folder with `input.jsonl`: `n` valid records, two with errors, one blank line.
struct Setup {
    dir: tempfile::TempDir,
    scan: Scan,
}

impl Setup {
    fn new(n: usize) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::new();
        for i in 1..=n {
            text.push_str(&record(i));
            text.push_str(if i % 3 == 0 { "\r\n" } else { "\n" });
            if i == 5 {
                text.push_str("{\"request_id\":\"bad\"}\n\n");
            }
        }
        text.push_str("not json");
        let input = dir.path().join("input.jsonl");
        fs::write(&input, text).unwrap();
        let scan = scan(&Profile::sync().unwrap(), &input, &mut |_| {}).unwrap();
        assert_eq!((scan.records.len(), scan.rejected.len(), scan.blank_lines.len()), (n, 2, 1));
        Setup { dir, scan }
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    fn rejects(&self) -> PathBuf {
        self.dir.path().join("rejects.jsonl")
    }

    fn options(&self, max_records: u64, force: bool) -> WriteOptions {
        let mut options = WriteOptions::new(&Profile::sync().unwrap(), "input.jsonl", self.out(), "input");
        options.rejects = Some(self.rejects());
        options.force = force;
        options.limits = limits(max_records);
        options
    }

    fn write(&self, max_records: u64, force: bool, fs: &dyn Fs) -> Result<(), batchlint::Error> {
        let plan = self.scan.plan(&limits(max_records)).unwrap();
        write_with(&self.scan, &plan, &self.options(max_records, force), &mut |_| {}, fs).map(|_| ())
    }

    /// The final names a split may write: chunks (up to 4), manifest, rejects.
    fn finals(&self) -> Vec<PathBuf> {
        let mut names: Vec<PathBuf> = chunk_names("input", 4).iter().map(|n| self.out().join(n)).collect();
        names.push(self.out().join("manifest.json"));
        names.push(self.rejects());
        names
    }

    /// Every final name and what it holds (`None`: absent).
    fn state(&self) -> Vec<(PathBuf, Option<Vec<u8>>)> {
        self.finals().into_iter().map(|p| (p.clone(), fs::read(&p).ok())).collect()
    }

    /// The temporaries left in the output folder and next to the rejects file.
    fn temporaries(&self) -> Vec<PathBuf> {
        let mut found = Vec::new();
        for dir in [self.out(), self.dir.path().to_path_buf()] {
            for entry in fs::read_dir(&dir).into_iter().flatten() {
                let path = entry.unwrap().path();
                if path.file_name().unwrap().to_string_lossy().starts_with(".batchlint-") {
                    found.push(path);
                }
            }
        }
        found
    }

    /// Removes what a split wrote or left.
    fn reset(&self) {
        let _ = fs::remove_dir_all(self.out());
        let _ = fs::remove_file(self.rejects());
        for t in self.temporaries() {
            fs::remove_file(t).unwrap();
        }
    }

    /// Puts `state` back.
    fn restore(&self, state: &[(PathBuf, Option<Vec<u8>>)]) {
        self.reset();
        fs::create_dir_all(self.out()).unwrap();
        for (path, bytes) in state {
            if let Some(bytes) = bytes {
                fs::write(path, bytes).unwrap();
            }
        }
    }
}

fn limits(max_records: u64) -> ChunkLimits {
    ChunkLimits::new(2, Some(max_records), Some(5_000))
}

/// The successful run: its operations and what it wrote.
fn golden(setup: &Setup, max_records: u64, force: bool) -> (Vec<(&'static str, Option<PathBuf>)>, usize) {
    let counting = Faulty::new(None, false);
    setup.write(max_records, force, &counting).unwrap();
    let calls = counting.calls.load(Ordering::SeqCst);
    (counting.log.into_inner().unwrap(), calls)
}

/// Checks an error's text: the operation that failed and a file it concerns.
/// Chunks are written side by side, so that when several operations fail
/// the error may be any of theirs.
fn check_error(setup: &Setup, err: &batchlint::Error, faulty: &Faulty) {
    let text = err.to_string();
    let failed = faulty.failed.lock().unwrap().clone();
    // (Cleaning up after the first failure may fail too, unreported.)
    let mut reported = failed.iter().copied().filter(|op| !op.starts_with("remove"));
    let op = reported.find(|op| phrases(op).iter().any(|p| text.contains(p)));
    let Some(op) = op else { panic!("failing {failed:?} gave: {text}") };
    assert!(text.contains("No space left on device"), "{text}");
    let names_a_file = setup.finals().iter().any(|p| text.contains(&p.display().to_string()))
        || text.starts_with(&setup.out().display().to_string())
        || text.starts_with(&setup.dir.path().display().to_string());
    assert!(names_a_file, "failing `{op}` gave: {text}");
    if matches!(op, "write" | "flush" | "sync" | "rename") {
        assert!(text.contains(".batchlint-") && text.contains(".tmp"), "names the temporary: {text}");
    }
}

#[test]
fn every_single_fault_leaves_nothing_behind() {
    let setup = Setup::new(11);
    let (log, total) = golden(&setup, 5, false);
    let good = setup.state();
    // 11 records, 2 to 5 per chunk: 3 chunks, the rejects file, the manifest.
    assert_eq!(good.iter().filter(|(_, b)| b.is_some()).count(), 5, "{good:?}");
    let ops: Vec<&str> = log.iter().map(|(op, _)| *op).collect();
    assert_eq!(ops.iter().filter(|op| **op == "create_temp").count(), 5, "{ops:?}");
    assert_eq!(ops.iter().filter(|op| **op == "sync").count(), 5, "{ops:?}");
    // The folder; per file a temporary, one write, a flush, a sync; 5 renames;
    // the two folders synced before the manifest's rename, the output folder after.
    assert_eq!(total, 1 + 5 * 4 + 5 + 3, "{ops:?}");
    // The manifest is renamed last, after the other files' folders are synced.
    let renames: Vec<usize> = (0..log.len()).filter(|&i| log[i].0 == "rename").collect();
    let manifest = *renames.last().unwrap();
    assert!(log[manifest].1.as_ref().unwrap().ends_with("manifest.json"));
    assert!(log[..manifest].iter().filter(|(op, _)| *op == "sync_dir").count() >= 2, "{log:?}");
    assert_eq!(log.last().unwrap().0, "sync_dir");
    setup.reset();

    for n in 0..total {
        let faulty = Faulty::new(Some(n), false);
        let err = setup.write(5, false, &faulty).expect_err("every operation's failure is an error");
        check_error(&setup, &err, &faulty);
        let op = faulty.first_failed().unwrap();
        for (path, bytes) in setup.state() {
            assert_eq!(bytes, None, "after a failed `{op}` (call {n}), {} was left", path.display());
        }
        assert!(!setup.out().exists(), "the folder this run created is removed (failed `{op}`, call {n})");
        assert_eq!(setup.temporaries(), Vec::<PathBuf>::new(), "failed `{op}` (call {n})");
        setup.reset();
    }
}

#[test]
fn a_lasting_fault_never_leaves_a_partial_file() {
    let setup = Setup::new(11);
    let (_, total) = golden(&setup, 5, false);
    let good = setup.state();
    setup.reset();
    for n in 0..total {
        let faulty = Faulty::new(Some(n), true);
        let err = setup.write(5, false, &faulty).expect_err("a failure is an error");
        check_error(&setup, &err, &faulty);
        for ((path, bytes), (_, want)) in setup.state().iter().zip(&good) {
            assert!(bytes.is_none() || bytes == want, "call {n}: {} is not the successful run's", path.display());
        }
        setup.reset();
    }
}

#[test]
fn a_fault_during_force_restores_the_previous_split() {
    let setup = Setup::new(11);
    // The previous split: 3 chunks of at most 4 records.
    setup.write(4, false, &RealFs).unwrap();
    let old = setup.state();
    // The new one: 2 chunks of at most 6; it deletes the old third chunk.
    let (_, total) = golden(&setup, 6, true);
    let new = setup.state();
    assert!(old[2].1.is_some() && new[2].1.is_none(), "the stale third chunk is deleted");
    assert_ne!(old[4].1, new[4].1, "the manifests differ");
    for n in 0..total {
        setup.restore(&old);
        let faulty = Faulty::new(Some(n), false);
        let mut leftovers = 0;
        match setup.write(6, true, &faulty) {
            Err(err) => {
                check_error(&setup, &err, &faulty);
                // What it replaced is back: the folder is the previous split's.
                assert_eq!(setup.state(), old, "call {n}: the previous split's files are not restored");
            }
            // Only the clean-up after success may fail without failing the
            // split: removing a stale chunk, or an old file moved aside
            // (which then stays as a temporary).
            Ok(()) => {
                assert_eq!(faulty.first_failed(), Some("remove"), "call {n}");
                leftovers = 1;
            }
        }
        for (((path, now), (_, before)), (_, after)) in setup.state().iter().zip(&old).zip(&new) {
            assert!(now == before || now == after, "call {n}: {} is neither the old nor the new file", path.display());
        }
        assert!(setup.temporaries().len() <= leftovers, "call {n}: {:?}", setup.temporaries());
    }
}

#[test]
fn without_sync_the_same_files_are_published_and_nothing_is_synced() {
    let setup = Setup::new(11);
    golden(&setup, 5, false);
    let synced = setup.state();
    setup.reset();
    let counting = Faulty::new(None, false);
    let mut options = setup.options(5, false);
    options.sync = false;
    let plan = setup.scan.plan(&limits(5)).unwrap();
    write_with(&setup.scan, &plan, &options, &mut |_| {}, &counting).unwrap();
    let log = counting.log.into_inner().unwrap();
    assert!(!log.iter().any(|(op, _)| op.starts_with("sync")), "{log:?}");
    assert_eq!(setup.state(), synced);
}

/// The writer reads the input a second time: if it changed since the scan
/// (same size, other bytes), no record that was never checked may reach a
/// chunk.
#[test]
fn an_input_changed_after_the_scan_is_not_split() {
    let setup = Setup::new(11);
    let input = setup.dir.path().join("input.jsonl");
    let original = fs::read(&input).unwrap();
    let changed = String::from_utf8(original.clone()).unwrap().replacen("lipsync-2", "lipsync-9", 1);
    assert_eq!(changed.len(), original.len());
    fs::write(&input, changed).unwrap();
    let err = setup.write(5, false, &RealFs).unwrap_err().to_string();
    assert!(err.contains("the input changed while it was being split; nothing was written"), "{err}");
    assert!(!setup.out().exists(), "the folder the run created is gone");
    assert_eq!(setup.temporaries(), Vec::<PathBuf>::new());
    // The same change in the bytes between records (the blank line) too.
    fs::write(&input, &original).unwrap();
    let blank = original.windows(2).position(|w| w == b"\n\n").unwrap() + 1;
    let mut spaced = original.clone();
    spaced[blank] = b' ';
    spaced.insert(blank + 1, b'\n');
    spaced.remove(spaced.len() - 1);
    fs::write(&input, &spaced).unwrap();
    assert!(setup.write(5, false, &RealFs).is_err());
}

/// An edit while the writer works (after it read the input once, before it
/// reads the rejects again) is caught too: the input's stamp changed.
#[test]
fn an_input_edited_while_it_is_split_is_not_published() {
    let setup = Setup::new(11);
    let input = setup.dir.path().join("input.jsonl");
    let original = fs::read(&input).unwrap();
    let path = input.clone();
    let mut editing = Faulty::new(None, false);
    // The same bytes written again: only the file's times show it.
    editing.hook = Some(Box::new(move |op, _| {
        if op == "create_temp" {
            fs::write(&path, &original).unwrap();
        }
    }));
    let err = setup.write(5, false, &editing).unwrap_err().to_string();
    assert!(err.contains("the input changed while it was being split; nothing was written"), "{err}");
    assert!(!setup.out().exists(), "the folder the run created is gone");
    assert_eq!(setup.temporaries(), Vec::<PathBuf>::new());
}
