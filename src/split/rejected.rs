//! The rejected lines of a scan, in a compact encoding that a [`scan`] spills
//! to an unnamed temporary file once it passes [`SPILL_AT`] bytes, so that
//! the memory of a split does not grow with the number of rejected lines.
//!
//! The file is created in the system's temporary folder (`TMPDIR`) without a
//! name (or removed as soon as it is created): the operating system frees it
//! when the last handle closes, however the process ends (an error, Ctrl-C,
//! a kill), and it never appears in the output folder.
//!
//! [`scan`]: super::scan

use std::fs::File;
use std::io;
use std::sync::Arc;

use super::RejectedLine;
use crate::codes::Code;

/// Encoded bytes kept in memory before they are spilled (with spilling on).
pub const SPILL_AT: usize = 1 << 20;

/// Entries per block: each block starts afresh (absolute values, not
/// deltas), and its first line and offset are kept in memory, so that
/// [`RejectedLines::count_up_to`] decodes one block.
const BLOCK: u64 = 256;

/// The rejected lines of a scan, in input order: appended with
/// [`RejectedLines::push`], read back with [`RejectedLines::iter`].
///
/// Each entry takes a few bytes (deltas of the line number and offset, the
/// length, and the codes, as variable-length integers). Without spilling
/// (the default, and [`scan_reader`](super::scan_reader)) they stay in
/// memory; with spilling ([`RejectedLines::spilling`], what
/// [`scan`](super::scan) uses) all but the last [`SPILL_AT`] bytes go to an
/// unnamed temporary file, and memory holds 16 bytes per 256 entries.
///
/// Clones share the spilled part, which is never changed: a clone that is
/// appended to first copies it to a file of its own.
#[derive(Clone, Debug, Default)]
pub struct RejectedLines {
    len: u64,
    /// Per block of [`BLOCK`] entries: its first line and its offset in the stream.
    blocks: Vec<(u64, u64)>,
    /// The encoded entries from stream offset `spilled` on.
    buffer: Vec<u8>,
    /// The stream's bytes `0..spilled`.
    spill: Option<Arc<File>>,
    spilled: u64,
    /// Spill when the buffer reaches this many bytes; never when `None`.
    spill_at: Option<usize>,
    /// The previous entry's line and start (zero at a block's start).
    previous: (u64, u64),
}

impl RejectedLines {
    /// Rejected lines kept in memory (compactly).
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Rejected lines spilled to an unnamed temporary file past [`SPILL_AT`]
    /// bytes (on Unix and Windows; elsewhere they stay in memory).
    #[must_use]
    pub fn spilling() -> Self {
        Self::spilling_at(SPILL_AT)
    }

    /// As [`RejectedLines::spilling`], past `bytes` (for tests).
    #[doc(hidden)]
    #[must_use]
    pub fn spilling_at(bytes: usize) -> Self {
        let spill_at = cfg!(any(unix, windows)).then_some(bytes);
        RejectedLines { spill_at, ..Self::default() }
    }

    /// How many lines there are.
    #[must_use]
    pub fn len(&self) -> usize {
        usize::try_from(self.len).unwrap_or(usize::MAX)
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether some of them are in a temporary file.
    #[must_use]
    pub fn is_spilled(&self) -> bool {
        self.spill.is_some()
    }

    /// Appends a line (after those already there: lines are kept in the
    /// order they are pushed).
    ///
    /// # Errors
    /// The I/O error of creating or writing the temporary file.
    pub fn push(&mut self, line: &RejectedLine) -> io::Result<()> {
        if self.len.is_multiple_of(BLOCK) {
            self.blocks.push((line.line, self.spilled + self.buffer.len() as u64));
            self.previous = (0, 0);
        }
        let (last_line, last_start) = self.previous;
        put(&mut self.buffer, line.line.wrapping_sub(last_line));
        put(&mut self.buffer, line.start.wrapping_sub(last_start));
        put(&mut self.buffer, line.len);
        put(&mut self.buffer, line.codes.len() as u64);
        for &code in &line.codes {
            put(&mut self.buffer, code as u64);
        }
        self.previous = (line.line, line.start);
        self.len += 1;
        if self.spill_at.is_some_and(|at| self.buffer.len() >= at) {
            self.spill_buffer().map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!(
                        "could not write the rejected lines to a temporary file in {}: {e}",
                        std::env::temp_dir().display()
                    ),
                )
            })?;
        }
        Ok(())
    }

    /// Moves the buffer to the end of the temporary file.
    fn spill_buffer(&mut self) -> io::Result<()> {
        let file = match &mut self.spill {
            Some(file) => file,
            None => self.spill.insert(Arc::new(tempfile::tempfile()?)),
        };
        if Arc::get_mut(file).is_none() {
            // Shared with a clone: copy the spilled part to a file of our own.
            let own = tempfile::tempfile()?;
            let mut chunk = vec![0; 1 << 16];
            let mut at = 0;
            while at < self.spilled {
                let n = usize::try_from(self.spilled - at).map_or(chunk.len(), |left| left.min(chunk.len()));
                read_at(file, &mut chunk[..n], at)?;
                write_at(&own, &chunk[..n], at)?;
                at += n as u64;
            }
            *file = Arc::new(own);
        }
        write_at(file, &self.buffer, self.spilled)?;
        self.spilled += self.buffer.len() as u64;
        self.buffer.clear();
        Ok(())
    }

    /// The stream's bytes from `offset`, at most `max` of them, appended to `out`.
    fn read_stream(&self, offset: u64, mut max: usize, out: &mut Vec<u8>) -> io::Result<()> {
        if offset < self.spilled {
            let n = usize::try_from(self.spilled - offset).map_or(max, |left| left.min(max));
            let old = out.len();
            out.resize(old + n, 0);
            let file = self.spill.as_ref().ok_or_else(|| io::Error::other("the temporary file is missing"))?;
            read_at(file, &mut out[old..], offset).map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!("could not read the rejected lines back from their temporary file: {e}"),
                )
            })?;
            max -= n;
        }
        let from = usize::try_from(offset.saturating_sub(self.spilled)).unwrap_or(usize::MAX).min(self.buffer.len());
        out.extend_from_slice(&self.buffer[from..(from.saturating_add(max)).min(self.buffer.len())]);
        Ok(())
    }

    /// The stream's length in bytes.
    fn stream_len(&self) -> u64 {
        self.spilled + self.buffer.len() as u64
    }

    /// The lines, in order. Each is an `Err` only when the temporary file
    /// cannot be read back (then the iteration ends).
    pub fn iter(&self) -> Iter<'_> {
        Iter { lines: self, offset: 0, window: Vec::new(), at: 0, index: 0, previous: (0, 0), failed: false }
    }

    /// How many of the lines have a line number at most `line`.
    ///
    /// # Errors
    /// When the temporary file cannot be read back.
    pub fn count_up_to(&self, line: u64) -> io::Result<u64> {
        let block = self.blocks.partition_point(|&(first, _)| first <= line);
        if block == 0 {
            return Ok(0);
        }
        let (_, start) = self.blocks[block - 1];
        let end = self.blocks.get(block).map_or(self.stream_len(), |&(_, offset)| offset);
        let mut bytes = Vec::new();
        self.read_stream(start, usize::try_from(end - start).unwrap_or(usize::MAX), &mut bytes)?;
        let (mut at, mut previous, mut count) = (0, (0, 0), (block as u64 - 1) * BLOCK);
        while at < bytes.len() {
            let (entry, used) = decode(&bytes[at..], previous)?.ok_or_else(truncated)?;
            if entry.line > line {
                break;
            }
            count += 1;
            at += used;
            previous = (entry.line, entry.start);
        }
        Ok(count)
    }
}

/// The lines of a [`RejectedLines`], in order: see [`RejectedLines::iter`].
#[derive(Debug)]
pub struct Iter<'a> {
    lines: &'a RejectedLines,
    /// Stream offset of `window[0]`.
    offset: u64,
    window: Vec<u8>,
    /// The next entry's position in `window`.
    at: usize,
    index: u64,
    previous: (u64, u64),
    failed: bool,
}

impl Iterator for Iter<'_> {
    type Item = io::Result<RejectedLine>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.index >= self.lines.len {
            return None;
        }
        if self.index.is_multiple_of(BLOCK) {
            self.previous = (0, 0);
        }
        loop {
            match decode(&self.window[self.at..], self.previous) {
                Ok(Some((entry, used))) => {
                    self.at += used;
                    self.index += 1;
                    self.previous = (entry.line, entry.start);
                    return Some(Ok(entry));
                }
                Ok(None) => {
                    // Read more: drop what was decoded, keep the rest.
                    let end = self.offset + self.window.len() as u64;
                    if end >= self.lines.stream_len() {
                        self.failed = true;
                        return Some(Err(truncated()));
                    }
                    self.offset += self.at as u64;
                    self.window.drain(..self.at);
                    self.at = 0;
                    if let Err(e) = self.lines.read_stream(end, 1 << 16, &mut self.window) {
                        self.failed = true;
                        return Some(Err(e));
                    }
                }
                Err(e) => {
                    self.failed = true;
                    return Some(Err(e));
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = usize::try_from(self.lines.len - self.index).unwrap_or(usize::MAX);
        if self.failed { (0, Some(0)) } else { (left, Some(left)) }
    }
}

fn truncated() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "the rejected lines' encoding is truncated")
}

/// Appends `value` as a LEB128 variable-length integer.
fn put(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Reads a LEB128 integer at `*at`; `None` when `bytes` ends first.
fn get(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(value);
        }
    }
    Some(value)
}

/// Decodes one entry that follows `previous` (line, start); `None` when
/// `bytes` ends inside it.
fn decode(bytes: &[u8], previous: (u64, u64)) -> io::Result<Option<(RejectedLine, usize)>> {
    let mut at = 0;
    let Some(line) = get(bytes, &mut at) else { return Ok(None) };
    let Some(start) = get(bytes, &mut at) else { return Ok(None) };
    let Some(len) = get(bytes, &mut at) else { return Ok(None) };
    let Some(count) = get(bytes, &mut at) else { return Ok(None) };
    let mut codes = Vec::with_capacity(usize::try_from(count).unwrap_or(0).min(bytes.len()));
    for _ in 0..count {
        let Some(index) = get(bytes, &mut at) else { return Ok(None) };
        let code = usize::try_from(index).ok().and_then(|i| Code::ALL.get(i)).ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidData, format!("no diagnostic code has the number {index}"))
        })?;
        codes.push(*code);
    }
    let entry = RejectedLine { line: previous.0.wrapping_add(line), start: previous.1.wrapping_add(start), len, codes };
    Ok(Some((entry, at)))
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(unix)]
fn write_at(file: &File, buf: &[u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(windows)]
fn write_at(file: &File, mut buf: &[u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_write(buf, offset) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => {
                buf = &buf[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(not(any(unix, windows)))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(not(any(unix, windows)))]
fn write_at(_: &File, _: &[u8], _: u64) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines with growing gaps, offsets and up to five codes each.
    fn sample(n: u64) -> Vec<RejectedLine> {
        let mut line = 0;
        (0..n)
            .map(|i| {
                line += 1 + i % 7 * 1000;
                RejectedLine {
                    line,
                    start: line * 300 + i,
                    len: i * 13 % 100_000,
                    codes: Code::ALL.iter().copied().cycle().skip(i as usize).take((i % 6) as usize).collect(),
                }
            })
            .collect()
    }

    fn filled(lines: &[RejectedLine], mut into: RejectedLines) -> RejectedLines {
        for line in lines {
            into.push(line).unwrap();
        }
        into
    }

    #[test]
    fn codes_round_trip_through_their_number() {
        for (i, &code) in Code::ALL.iter().enumerate() {
            assert_eq!(code as usize, i, "{code}");
        }
    }

    #[test]
    fn lines_come_back_as_pushed_in_memory_and_spilled() {
        let lines = sample(3000);
        for store in [RejectedLines::new(), RejectedLines::spilling_at(1), RejectedLines::spilling_at(1000)] {
            let store = filled(&lines, store);
            assert_eq!(store.len(), lines.len());
            let back: Vec<RejectedLine> = store.iter().map(Result::unwrap).collect();
            assert_eq!(back, lines);
        }
        let spilled = filled(&lines, RejectedLines::spilling_at(1000));
        assert!(spilled.is_spilled());
        assert!(spilled.buffer.len() < 1000 + 100, "the buffer stays small");
        assert!(!filled(&lines, RejectedLines::new()).is_spilled());
        assert_eq!(RejectedLines::spilling().iter().count(), 0);
    }

    #[test]
    fn counts_up_to_a_line_like_a_search_of_the_list() {
        let lines = sample(1000);
        for store in [filled(&lines, RejectedLines::new()), filled(&lines, RejectedLines::spilling_at(100))] {
            for probe in (0..lines.last().unwrap().line + 3).step_by(97).chain([0, 1, 2, u64::MAX]) {
                let want = lines.partition_point(|l| l.line <= probe) as u64;
                assert_eq!(store.count_up_to(probe).unwrap(), want, "{probe}");
            }
        }
    }

    #[test]
    fn a_clone_appended_to_keeps_the_original_intact() {
        let lines = sample(600);
        let original = filled(&lines[..500], RejectedLines::spilling_at(50));
        let mut copy = original.clone();
        for line in &lines[500..] {
            copy.push(line).unwrap();
        }
        assert_eq!(original.iter().map(Result::unwrap).collect::<Vec<_>>(), lines[..500]);
        assert_eq!(copy.iter().map(Result::unwrap).collect::<Vec<_>>(), lines);
    }

    /// The spill never has a name: nothing to remove on any exit.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_spill_has_no_name() {
        use std::os::fd::AsRawFd as _;
        let store = filled(&sample(100), RejectedLines::spilling_at(10));
        let fd = store.spill.as_ref().unwrap().as_raw_fd();
        let target = std::fs::read_link(format!("/proc/self/fd/{fd}")).unwrap();
        assert!(target.to_string_lossy().ends_with(" (deleted)"), "{}", target.display());
    }

    #[test]
    fn a_corrupt_stream_is_an_error_not_a_panic() {
        let mut store = filled(&sample(10), RejectedLines::new());
        store.buffer.truncate(store.buffer.len() - 1);
        let results: Vec<_> = store.iter().collect();
        assert!(results.last().unwrap().is_err());
        assert!(results.len() <= 10);
        store.buffer[0] = 0xff;
        store.buffer.push(0x7f);
        store.buffer.extend([0, 0, 0, 1, 0x7f]);
        assert!(store.iter().any(|r| r.is_err()));
    }
}
