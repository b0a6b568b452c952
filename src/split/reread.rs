//! Reading the input a second time, to copy its records into chunk files:
//! the writer's reader, which checks what it reads against the scan's
//! [fingerprints](super::fingerprint) segment by segment, so that no byte
//! the scan did not validate reaches a chunk.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::RecordSpan;
use super::fingerprint::{SEGMENT, SegmentHasher};
use crate::error::Error;
use crate::interrupt::Interruptible;

/// Why copying a record failed: reading the input, or writing the output.
pub(super) enum CopyError {
    Read(Error),
    Write(io::Error),
}

/// What a checking reader compares its bytes with.
struct Check<'s> {
    /// Hashes every byte from where the reader started, up to `at()`.
    segments: SegmentHasher,
    /// The scan's fingerprints of the whole input.
    fingerprints: &'s [u128],
    /// The input's size at the scan.
    bytes: u64,
}

impl Check<'_> {
    /// Hashes `bytes`, the next ones; `false` when a segment they complete
    /// is not the scan's.
    fn update(&mut self, bytes: &[u8]) -> bool {
        let fingerprints = self.fingerprints;
        self.segments.update(bytes, &mut |i, f| fingerprints.get(i) == Some(&f))
    }
}

/// Copies byte ranges of the input, in order. A checking reader
/// ([`RecordReader::checking`]) hashes every byte from where it starts, the
/// bytes between records too (it reads them rather than seeking past them),
/// and refuses a segment that is not the one the scan validated.
pub(super) struct RecordReader<'s> {
    input: BufReader<Interruptible<File>>,
    position: u64,
    path: PathBuf,
    check: Option<Check<'s>>,
}

impl<'s> RecordReader<'s> {
    /// A reader that checks what it reads from `start`, a segment boundary,
    /// against `fingerprints`, those of an input of `bytes` bytes.
    pub(super) fn checking(
        mut file: File,
        path: &Path,
        start: u64,
        fingerprints: &'s [u128],
        bytes: u64,
    ) -> Result<Self, Error> {
        file.seek(SeekFrom::Start(start)).map_err(|e| Error::io(path, e))?;
        let segments = SegmentHasher::new(start);
        let mut reader = Self::plain(file, path);
        reader.position = start;
        reader.check = Some(Check { segments, fingerprints, bytes });
        Ok(reader)
    }

    /// A reader that does not check: for bytes that checking readers read
    /// in full during the same run.
    pub(super) fn plain(file: File, path: &Path) -> Self {
        RecordReader {
            input: BufReader::with_capacity(1 << 20, Interruptible::new(file)),
            position: 0,
            path: path.to_path_buf(),
            check: None,
        }
    }

    /// The error of an input that is not the one the scan validated.
    pub(super) fn changed(path: &Path) -> Error {
        Error::io(path, io::Error::other("the input changed while it was being split; nothing was written"))
    }

    /// Moves to `target` without reading.
    fn seek(&mut self, target: u64) -> Result<(), CopyError> {
        let gap = i64::try_from(target).unwrap_or(i64::MAX) - i64::try_from(self.position).unwrap_or(0);
        self.input.seek_relative(gap).map_err(|e| CopyError::Read(Error::io(&self.path, e)))?;
        self.position = target;
        Ok(())
    }

    /// Reads the next `len` bytes, checking those not checked yet and
    /// handing them to `out`.
    fn read(&mut self, mut len: u64, out: &mut dyn FnMut(&[u8]) -> Result<(), CopyError>) -> Result<(), CopyError> {
        while len > 0 {
            let buf = match self.input.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(CopyError::Read(Error::io(&self.path, e))),
            };
            if buf.is_empty() {
                return Err(CopyError::Read(Self::changed(&self.path)));
            }
            let n = buf.len().min(usize::try_from(len).unwrap_or(usize::MAX));
            let chunk = &buf[..n];
            let end = self.position + n as u64;
            if let Some(check) = &mut self.check
                && end > check.segments.at()
            {
                let new = usize::try_from(check.segments.at().saturating_sub(self.position)).unwrap_or(0);
                if !check.update(&chunk[new..]) {
                    return Err(CopyError::Read(Self::changed(&self.path)));
                }
            }
            out(chunk)?;
            self.input.consume(n);
            self.position = end;
            len -= n as u64;
        }
        Ok(())
    }

    /// Copies the input's bytes `range` to `out`. A checking reader never
    /// seeks past bytes it has not checked: it reads them.
    pub(super) fn copy(&mut self, range: Range<u64>, out: &mut dyn io::Write) -> Result<(), CopyError> {
        let checked = self.check.as_ref().map_or(u64::MAX, |c| c.segments.at());
        let target = range.start.min(checked);
        if target != self.position {
            self.seek(target)?;
        }
        if range.start > self.position {
            self.read(range.start - self.position, &mut |_| Ok(()))?;
        }
        self.read(range.end - range.start, &mut |bytes| out.write_all(bytes).map_err(CopyError::Write))
    }

    /// Reads the bytes of `record` aside (the position and the checking are
    /// left as they were), for its id.
    pub(super) fn record_bytes(&mut self, record: &RecordSpan) -> Option<Vec<u8>> {
        let saved = self.position;
        let to = |from: u64, target: u64| i64::try_from(target).ok()?.checked_sub(i64::try_from(from).ok()?);
        self.input.seek_relative(to(saved, record.start)?).ok()?;
        let mut bytes = vec![0; usize::try_from(record.len).ok()?];
        let read = self.input.read_exact(&mut bytes);
        self.input.seek_relative(to(record.start + u64::from(record.len), saved)?).ok()?;
        read.ok()?;
        Some(bytes)
    }

    /// Reads and checks on to `until` (at least to the end of the segment
    /// being read), and, when that is the end of the input, checks that the
    /// input ends there. A reader that does not check has nothing to do.
    ///
    /// # Errors
    /// A read error, or an input that is not the scan's.
    pub(super) fn finish(mut self, until: u64) -> Result<(), Error> {
        let Some(check) = &self.check else { return Ok(()) };
        let (at, bytes) = (check.segments.at(), check.bytes);
        let end = until.max(at.next_multiple_of(SEGMENT)).min(bytes).max(at);
        let read = |reader: &mut Self| -> Result<(), CopyError> {
            reader.seek(at)?;
            reader.read(end - at, &mut |_| Ok(()))
        };
        read(&mut self).map_err(|e| match e {
            CopyError::Read(e) => e,
            CopyError::Write(e) => Error::io(&self.path, e),
        })?;
        if end < bytes {
            return Ok(());
        }
        let more = loop {
            match self.input.fill_buf() {
                Ok(buf) => break !buf.is_empty(),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::io(&self.path, e)),
            }
        };
        let check = self.check.take().map(|c| (c.segments, c.fingerprints));
        let whole = check.is_some_and(|(segments, fingerprints)| {
            segments.end(&mut |i, f| fingerprints.get(i) == Some(&f) && i + 1 == fingerprints.len())
        });
        if more || !whole {
            return Err(Self::changed(&self.path));
        }
        Ok(())
    }
}

/// The records as maximal runs that are one range of the input: records
/// separated by exactly one byte (a `\n`), copied in one go with the
/// newlines between them. Each run still needs its final `\n` written.
pub(super) fn contiguous_runs(records: impl Iterator<Item = RecordSpan>) -> impl Iterator<Item = Range<u64>> {
    let mut records = records.peekable();
    std::iter::from_fn(move || {
        let first = records.next()?;
        let mut end = first.start + u64::from(first.len);
        while let Some(next) = records.next_if(|r| r.start == end + 1) {
            end = next.start + u64::from(next.len);
        }
        Some(first.start..end)
    })
}

/// Reads the id at `pointer` of `record` (aside: the reader's position and
/// checking are left as they were). The scan sees every id, but which
/// records open and close a chunk is known only once the plan has all their
/// sizes; keeping every id until then would cost more memory than the rest
/// of a split (some 16 MB a million records), so the two ids of each chunk
/// are read again here, 2 records in a chunk of up to 500.
pub(super) fn record_id(
    reader: &mut RecordReader<'_>,
    record: &RecordSpan,
    pointer: Option<&str>,
) -> Option<serde_json::Value> {
    let pointer = pointer?;
    id_in(&reader.record_bytes(record)?, pointer)
}

/// The id at `pointer` in a record's bytes, for the manifest.
pub(super) fn id_in(record: &[u8], pointer: &str) -> Option<serde_json::Value> {
    serde_json::from_slice::<serde_json::Value>(record).ok()?.pointer(pointer).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_one_byte_apart_are_copied_as_one_run() {
        let span = |start, len| RecordSpan { start, len };
        // Lines 1 and 2 are adjacent (LF), line 3 follows a CRLF, line 5 a
        // skipped line.
        let records = [span(0, 4), span(5, 3), span(10, 2), span(20, 1), span(22, 0)];
        let runs: Vec<_> = contiguous_runs(records.into_iter()).collect();
        assert_eq!(runs, vec![0..8, 10..12, 20..22]);
        assert_eq!(contiguous_runs(std::iter::empty()).count(), 0);
    }
}
