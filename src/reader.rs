//! Framing: turns a byte stream into blocks of physical lines, with bounded
//! memory whatever the input.
//!
//! A block holds whole lines only (a partial line is carried into the next
//! block). A line longer than the line limit is never held: its first bytes are
//! kept for the diagnostic and the rest is skipped up to the next newline.

use std::io::{self, Read};
use std::ops::Range;

/// The UTF-8 byte order mark.
pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Bytes of an overlong line kept for its diagnostic.
const OVERLONG_PREFIX: usize = 256;

/// The most lines in one block. The stages keep some state per line of a
/// block, so a block is cut at this many lines even when it is under its
/// byte size: millions of one-byte lines must not make a block of millions
/// of lines (typical records, a few hundred bytes each, fill the byte size
/// first).
pub(crate) const MAX_BLOCK_LINES: usize = 16_384;

/// How a line ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Terminator {
    /// End of file, no newline.
    None,
    /// `\n`.
    Lf,
    /// `\r\n`.
    CrLf,
}

impl Terminator {
    /// The terminator's length in bytes.
    pub(crate) fn len(self) -> u64 {
        match self {
            Terminator::None => 0,
            Terminator::Lf => 1,
            Terminator::CrLf => 2,
        }
    }
}

/// One physical line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawLine {
    /// 1-based line number.
    pub(crate) number: u64,
    /// Absolute offset of the content's first byte (after a BOM on line 1).
    pub(crate) start: u64,
    /// The content inside [`Block::data`], without terminator. For an
    /// overlong line, only its first bytes.
    pub(crate) content: Range<usize>,
    /// How the line ended.
    pub(crate) terminator: Terminator,
    /// For a line over the limit: its full content length in bytes.
    pub(crate) overlong: Option<u64>,
}

impl RawLine {
    /// The content's full length in bytes, without terminator.
    pub(crate) fn len(&self) -> u64 {
        self.overlong.unwrap_or((self.content.end - self.content.start) as u64)
    }
}

/// Lines and the bytes they point into.
#[derive(Debug, Default)]
pub(crate) struct Block {
    /// The bytes the lines' `content` ranges index.
    pub(crate) data: Vec<u8>,
    /// The lines, in file order.
    pub(crate) lines: Vec<RawLine>,
}

/// Reads blocks of whole lines from any [`Read`].
#[derive(Debug)]
pub(crate) struct LineReader<R> {
    inner: R,
    /// `buf[..filled]`: bytes read but not yet handed out; `buf[0]` is at
    /// absolute `offset`. The rest of `buf` is room already written (a
    /// recycled block's bytes), which reads overwrite without zeroing it
    /// first.
    buf: Vec<u8>,
    filled: usize,
    offset: u64,
    next_line: u64,
    eof: bool,
    started: bool,
    bom: bool,
    /// The input's first bytes (up to [`crate::sniff::HEAD`]), BOM included.
    head: Vec<u8>,
    /// A read error held back until the whole lines read before it are
    /// handed out (a corrupt compressed stream is then reported after them).
    error: Option<io::Error>,
    block_size: usize,
    max_line: usize,
    /// Buffers of finished blocks, reused so that each block does not fault
    /// in (and the kernel zero) fresh pages.
    spare: Vec<Vec<u8>>,
    /// The line list of a finished block, emptied, for the next block's.
    spare_lines: Vec<RawLine>,
}

impl<R: Read> LineReader<R> {
    /// A reader handing out blocks of about `block_size` bytes; lines longer
    /// than `max_line` bytes are reported as overlong and skipped.
    pub(crate) fn new(inner: R, block_size: usize, max_line: usize) -> Self {
        LineReader {
            inner,
            buf: Vec::new(),
            filled: 0,
            offset: 0,
            next_line: 1,
            eof: false,
            started: false,
            bom: false,
            head: Vec::new(),
            error: None,
            block_size: block_size.max(1),
            max_line: max_line.max(1),
            spare: Vec::new(),
            spare_lines: Vec::new(),
        }
    }

    /// Hands back a finished block's buffer and line list for reuse.
    pub(crate) fn recycle(&mut self, block: Block) {
        if self.spare.len() < 2 {
            self.spare.push(block.data);
        }
        self.spare_lines = block.lines;
    }

    /// Whether the input started with a UTF-8 BOM (known after the first block).
    pub(crate) fn had_bom(&self) -> bool {
        self.bom
    }

    /// The input's first bytes, byte order mark included (known after the
    /// first block).
    pub(crate) fn head(&self) -> &[u8] {
        &self.head
    }

    /// Reads the rest of the input without framing it into lines (the
    /// bytes count in [`LineReader::position`]).
    ///
    /// # Errors
    /// A read error, held back or new.
    pub(crate) fn skip_rest(&mut self) -> io::Result<()> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        let skipped = io::copy(&mut self.inner, &mut io::sink())?;
        self.offset += skipped;
        self.eof = true;
        Ok(())
    }

    /// Lines handed out so far.
    pub(crate) fn lines_read(&self) -> u64 {
        self.next_line - 1
    }

    /// Whether the input is used up: the last block has been handed out.
    pub(crate) fn finished(&self) -> bool {
        self.eof && self.filled == 0 && self.error.is_none()
    }

    /// Bytes consumed so far: after the last block, the input's size.
    pub(crate) fn position(&self) -> u64 {
        self.offset + self.filled as u64
    }

    /// The bytes read but not yet handed out.
    fn data(&self) -> &[u8] {
        &self.buf[..self.filled]
    }

    /// Drops the first `n` bytes read.
    fn consume(&mut self, n: usize) {
        self.buf.copy_within(n..self.filled, 0);
        self.filled -= n;
    }

    /// Reads until at least `want` bytes are held or the input ends.
    fn fill(&mut self, want: usize) -> io::Result<()> {
        while !self.eof && self.filled < want {
            let old = self.filled;
            // Read into the room the buffer already has (a recycled block's
            // pages); past it, grow step by step, so that a small input
            // zeroes and faults in only about its own size.
            let room = (self.buf.capacity() - old).max(old).max(64 * 1024);
            let chunk = (want - old).max(64 * 1024).min(room);
            if self.buf.len() < old + chunk {
                self.buf.resize(old + chunk, 0);
            }
            let n = loop {
                match self.inner.read(&mut self.buf[old..old + chunk]) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    other => break other,
                }
            };
            match n {
                Ok(n) => {
                    self.filled += n;
                    if n == 0 {
                        self.eof = true;
                    }
                }
                Err(e) => {
                    self.error = Some(e);
                    self.eof = true;
                }
            }
        }
        Ok(())
    }

    /// The next block of lines, or `None` at the end of the input.
    pub(crate) fn next_block(&mut self) -> io::Result<Option<Block>> {
        // The first block holds the input's head whole (or all of a shorter
        // input), so that a BOM and what is sniffed do not depend on how
        // small the block or the first reads are.
        let want = if self.started { self.block_size } else { self.block_size.max(crate::sniff::HEAD) };
        self.fill(want)?;
        if !self.started {
            self.started = true;
            self.head = self.buf[..self.filled.min(crate::sniff::HEAD)].to_vec();
            if self.data().starts_with(BOM) {
                self.bom = true;
                self.consume(BOM.len());
                self.offset = BOM.len() as u64;
            }
        }
        // Look for the end of the last whole line, reading on while the first
        // line is still incomplete and not yet over the limit.
        let mut searched = 0;
        let cut = loop {
            if let Some(i) = memchr::memrchr(b'\n', &self.data()[searched..]) {
                break Some(searched + i + 1);
            }
            searched = self.filled;
            if self.eof {
                break None;
            }
            // One byte of slack: the line may end in `\r\n`, and the `\r`
            // does not count against the limit.
            if self.filled > self.max_line.saturating_add(1) {
                return self.overlong_block().map(Some);
            }
            let want = self.filled + self.block_size;
            self.fill(want)?;
        };
        let end = match cut {
            Some(cut) => cut,
            // After a read error, a line without its end is not a line.
            None if let Some(e) = self.error.take() => {
                self.filled = 0;
                return Err(e);
            }
            None if self.filled == 0 => return Ok(None),
            None => self.filled,
        };
        // At most MAX_BLOCK_LINES lines: the rest waits for the next block.
        let mut lines = std::mem::take(&mut self.spare_lines);
        let used = split_lines(&self.buf[..end], self.offset, self.next_line, self.max_line, &mut lines);
        self.next_line += lines.len() as u64;
        // The bytes past the block's lines move to the front of a recycled
        // buffer, which becomes the one read into next.
        let tail = self.filled - used;
        let mut rest = self.spare.pop().unwrap_or_default();
        if rest.len() < tail {
            rest.resize(tail, 0);
        }
        rest[..tail].copy_from_slice(&self.buf[used..self.filled]);
        self.filled = tail;
        let mut data = std::mem::replace(&mut self.buf, rest);
        data.truncate(used);
        self.offset += data.len() as u64;
        Ok(Some(Block { data, lines }))
    }

    /// `buf` holds the start of a line longer than the limit and no newline:
    /// keep its first bytes, skip the rest up to and including the newline.
    fn overlong_block(&mut self) -> io::Result<Block> {
        let start = self.offset;
        let mut data = self.data()[..OVERLONG_PREFIX.min(self.filled)].to_vec();
        let mut len = self.filled as u64;
        let mut last = self.data().last().copied();
        self.filled = 0;
        let terminator = loop {
            self.fill(self.block_size)?;
            if self.filled == 0 {
                break Terminator::None;
            }
            if let Some(i) = memchr::memchr(b'\n', self.data()) {
                let before = if i > 0 { Some(self.buf[i - 1]) } else { last };
                len += i as u64;
                self.consume(i + 1);
                if before == Some(b'\r') {
                    len -= 1;
                    break Terminator::CrLf;
                }
                break Terminator::Lf;
            }
            len += self.filled as u64;
            last = self.data().last().copied();
            self.filled = 0;
        };
        data.truncate(len.min(data.len() as u64) as usize);
        let line = RawLine { number: self.next_line, start, content: 0..data.len(), terminator, overlong: Some(len) };
        self.next_line += 1;
        self.offset = start + len + terminator.len();
        Ok(Block { data, lines: vec![line] })
    }
}

/// Splits `data` into lines, the first numbered `first_line` and starting at
/// absolute offset `offset`, up to [`MAX_BLOCK_LINES`] of them (the last may
/// lack a newline only at the end of the input), into `lines` (emptied
/// first). Returns the bytes of `data` they cover.
fn split_lines(data: &[u8], offset: u64, first_line: u64, max_line: usize, lines: &mut Vec<RawLine>) -> usize {
    lines.clear();
    lines.reserve((data.len() / 256 + 1).min(MAX_BLOCK_LINES));
    let mut pos = 0;
    while pos < data.len() && lines.len() < MAX_BLOCK_LINES {
        let (end, next) = match memchr::memchr(b'\n', &data[pos..]) {
            Some(i) => (pos + i, pos + i + 1),
            None => (data.len(), data.len()),
        };
        let (content_end, terminator) = if next == end {
            (end, Terminator::None)
        } else if end > pos && data[end - 1] == b'\r' {
            (end - 1, Terminator::CrLf)
        } else {
            (end, Terminator::Lf)
        };
        let len = content_end - pos;
        let overlong = (len > max_line).then_some(len as u64);
        let kept = if overlong.is_some() { pos + OVERLONG_PREFIX.min(len) } else { content_end };
        lines.push(RawLine {
            number: first_line + lines.len() as u64,
            start: offset + pos as u64,
            content: pos..kept,
            terminator,
            overlong,
        });
        pos = next;
    }
    pos
}

/// Reads a small file that must be a regular one (never a FIFO or a device
/// such as `/dev/zero`) of at most `max_bytes`; `what` names it in the
/// errors ("a schema").
pub(crate) fn read_regular_file(path: &std::path::Path, max_bytes: u64, what: &str) -> io::Result<Vec<u8>> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("{what} must be a regular file")));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(max_bytes + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_bytes {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{what} may hold at most {} bytes", crate::thousands(max_bytes)),
        ));
    }
    Ok(bytes)
}

/// What identifies a file and its content's version: a rename over it, a
/// write to it or a change of its size shows as a different stamp (the
/// status-change time moves on every write, even one that restores the
/// modification time).
#[derive(PartialEq, Eq)]
pub(crate) struct Stamp {
    id: (u64, u64),
    len: u64,
    modified: Option<std::time::SystemTime>,
    changed: (i64, i64),
}

impl Stamp {
    /// The stamp of a file's metadata.
    #[cfg(unix)]
    pub(crate) fn of(m: &std::fs::Metadata) -> Self {
        use std::os::unix::fs::MetadataExt;
        Stamp {
            id: (m.dev(), m.ino()),
            len: m.len(),
            modified: m.modified().ok(),
            changed: (m.ctime(), m.ctime_nsec()),
        }
    }

    /// The stamp of a file's metadata.
    #[cfg(not(unix))]
    pub(crate) fn of(m: &std::fs::Metadata) -> Self {
        Stamp { id: (0, 0), len: m.len(), modified: m.modified().ok(), changed: (0, 0) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Seen = (u64, u64, Vec<u8>, Terminator, Option<u64>);

    fn read_all(input: &[u8], block: usize, max_line: usize) -> (Vec<Seen>, bool) {
        let mut r = LineReader::new(input, block, max_line);
        let mut out = Vec::new();
        while let Some(b) = r.next_block().unwrap() {
            for l in b.lines {
                out.push((l.number, l.start, b.data[l.content].to_vec(), l.terminator, l.overlong));
            }
        }
        (out, r.had_bom())
    }

    #[test]
    fn a_block_holds_at_most_max_block_lines_lines() {
        // 40,000 one-byte lines and one without a newline: 80,001 bytes, far
        // under one block's byte size.
        let mut input = "x\n".repeat(40_000).into_bytes();
        input.push(b'y');
        let mut r = LineReader::new(&input[..], 1 << 20, 1000);
        let mut sizes = Vec::new();
        let mut next = (1, 0);
        while let Some(b) = r.next_block().unwrap() {
            sizes.push(b.lines.len());
            for l in &b.lines {
                assert_eq!((l.number, l.start), next);
                next = (l.number + 1, l.start + 2);
            }
        }
        // (The line without a newline comes in a block of its own.)
        assert_eq!(sizes, [MAX_BLOCK_LINES, MAX_BLOCK_LINES, 40_000 - 2 * MAX_BLOCK_LINES, 1]);
    }

    #[test]
    fn splits_lines_with_offsets_and_terminators() {
        let (lines, bom) = read_all(b"a\r\nbb\n\nccc", 2, 100);
        assert!(!bom);
        assert_eq!(
            lines,
            vec![
                (1, 0, b"a".to_vec(), Terminator::CrLf, None),
                (2, 3, b"bb".to_vec(), Terminator::Lf, None),
                (3, 6, b"".to_vec(), Terminator::Lf, None),
                (4, 7, b"ccc".to_vec(), Terminator::None, None),
            ]
        );
    }

    #[test]
    fn strips_a_bom_but_keeps_offsets_absolute() {
        let (lines, bom) = read_all(b"\xEF\xBB\xBF{}\n{}\n", 1024, 100);
        assert!(bom);
        assert_eq!(lines[0].1, 3);
        assert_eq!(lines[1].1, 6);
    }

    #[test]
    fn empty_input_has_no_lines() {
        assert!(read_all(b"", 8, 8).0.is_empty());
    }

    #[test]
    fn overlong_lines_are_skipped_without_being_held() {
        let mut input = b"{}\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', 10_000));
        input.extend_from_slice(b"\r\n{}\n");
        for block in [1, 7, 64, 4096, 100_000] {
            let (lines, _) = read_all(&input, block, 1000);
            assert_eq!(lines.len(), 3, "block {block}");
            assert_eq!(lines[1].4, Some(10_000), "block {block}");
            assert_eq!(lines[1].3, Terminator::CrLf, "block {block}");
            assert!(lines[1].2.len() <= OVERLONG_PREFIX);
            assert_eq!(lines[2].1, 3 + 10_002, "block {block}");
            assert_eq!(lines[2].0, 3);
        }
    }

    /// Hands out at most `step` bytes a read, so that reads end anywhere.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(self.step).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    proptest::proptest! {
        /// Blocks handed back for reuse, whose old bytes the next reads
        /// overwrite, change nothing: every line comes out as the input
        /// holds it, however the reads and blocks fall.
        #[test]
        fn recycled_buffers_give_the_lines_of_the_input(
            lines in proptest::collection::vec("[ab\r]{0,40}", 0..120),
            block in 1usize..300,
            step in 1usize..100,
            bom: bool,
        ) {
            let mut input = if bom { BOM.to_vec() } else { Vec::new() };
            input.extend(lines.join("\n").bytes());
            let mut reader = LineReader::new(Trickle { data: &input, step }, block, 1000);
            let mut seen = Vec::new();
            while let Some(b) = reader.next_block().unwrap() {
                for l in &b.lines {
                    seen.push((l.start, b.data[l.content.clone()].to_vec(), l.terminator));
                }
                reader.recycle(b);
            }
            let mut expected = Vec::new();
            let mut start = if bom { BOM.len() } else { 0 };
            let pieces: Vec<&[u8]> = input[start..].split(|&b| b == b'\n').collect();
            for (i, piece) in pieces.iter().enumerate() {
                let last = i + 1 == pieces.len();
                if last && piece.is_empty() {
                    break;
                }
                let (content, terminator) = match piece.strip_suffix(b"\r") {
                    _ if last => (*piece, Terminator::None),
                    Some(content) => (content, Terminator::CrLf),
                    None => (*piece, Terminator::Lf),
                };
                expected.push((start as u64, content.to_vec(), terminator));
                start += piece.len() + 1;
            }
            proptest::prop_assert_eq!(seen, expected);
        }
    }

    #[test]
    fn overlong_last_line_without_newline() {
        let input = vec![b'y'; 5000];
        let (lines, _) = read_all(&input, 16, 100);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].4, Some(5000));
        assert_eq!(lines[0].3, Terminator::None);
    }
}
