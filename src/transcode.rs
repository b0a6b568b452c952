//! UTF-16 and UTF-32 text turned into UTF-8 as it is read, for `fix`: a
//! leading byte order mark is dropped, and an invalid code unit (an unpaired
//! surrogate, a value past U+10FFFF, a cut-off unit) is an error that names
//! its offset, never a replacement character.

use std::io::{self, Read};

use crate::sniff::Unicode;

/// Reads `R` as text in `encoding` and yields it as UTF-8.
pub(crate) struct ToUtf8<R> {
    inner: R,
    encoding: Unicode,
    /// Bytes read but not yet decoded (less than a code unit, or a high
    /// surrogate waiting for its pair).
    raw: Vec<u8>,
    /// UTF-8 decoded but not yet handed out.
    ready: Vec<u8>,
    /// How much of `ready` was handed out.
    given: usize,
    /// Input bytes decoded so far, for error messages.
    offset: u64,
    /// Whether the input is used up.
    eof: bool,
    /// Whether the first character (a byte order mark, if any) was seen.
    started: bool,
    /// Newlines written, and the last character: the line count of the text.
    newlines: u64,
    last: Option<char>,
}

impl<R: Read> ToUtf8<R> {
    /// A reader of `inner`'s text in `encoding`.
    pub(crate) fn new(inner: R, encoding: Unicode) -> Self {
        ToUtf8 {
            inner,
            encoding,
            raw: Vec::new(),
            ready: Vec::new(),
            given: 0,
            offset: 0,
            eof: false,
            started: false,
            newlines: 0,
            last: None,
        }
    }

    /// The lines of the text decoded so far (all of it, at the end).
    pub(crate) fn lines(&self) -> u64 {
        self.newlines + u64::from(self.last.is_some_and(|c| c != '\n'))
    }

    fn unit(&self, bytes: &[u8]) -> u32 {
        let mut value = 0u32;
        for i in 0..bytes.len() {
            let b = if self.encoding.big_endian() { bytes[i] } else { bytes[bytes.len() - 1 - i] };
            value = (value << 8) | u32::from(b);
        }
        value
    }

    fn invalid(&self, what: &str) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not valid {} text at byte {}: {what}", self.encoding.name(), self.offset),
        )
    }

    /// Decodes the whole code units of `raw` into `ready`.
    fn decode(&mut self) -> io::Result<()> {
        let size = self.encoding.unit();
        let mut at = 0;
        while at + size <= self.raw.len() {
            let unit = self.unit(&self.raw[at..at + size]);
            let (c, used) = if size == 4 {
                (char::from_u32(unit).ok_or_else(|| self.invalid("not a Unicode scalar value"))?, 4)
            } else if (0xD800..0xDC00).contains(&unit) {
                if at + 4 > self.raw.len() {
                    if self.eof {
                        return Err(self.invalid("a high surrogate at the end of the text"));
                    }
                    break;
                }
                let low = self.unit(&self.raw[at + 2..at + 4]);
                if !(0xDC00..0xE000).contains(&low) {
                    return Err(self.invalid("a high surrogate without its low surrogate"));
                }
                let scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                (char::from_u32(scalar).ok_or_else(|| self.invalid("a bad surrogate pair"))?, 4)
            } else {
                (char::from_u32(unit).ok_or_else(|| self.invalid("a low surrogate without its high surrogate"))?, 2)
            };
            at += used;
            self.offset += used as u64;
            if !std::mem::replace(&mut self.started, true) && c == '\u{feff}' {
                continue;
            }
            if c == '\n' {
                self.newlines += 1;
            }
            self.last = Some(c);
            let mut utf8 = [0; 4];
            self.ready.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
        }
        self.raw.drain(..at);
        if self.eof && !self.raw.is_empty() {
            return Err(self.invalid("the text ends inside a character"));
        }
        Ok(())
    }
}

impl<R: Read> Read for ToUtf8<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.given == self.ready.len() {
            self.ready.clear();
            self.given = 0;
            if self.eof {
                return Ok(0);
            }
            let mut chunk = [0; 64 * 1024];
            let n = self.inner.read(&mut chunk)?;
            self.eof = n == 0;
            self.raw.extend_from_slice(&chunk[..n]);
            self.decode()?;
        }
        let n = buf.len().min(self.ready.len() - self.given);
        buf[..n].copy_from_slice(&self.ready[self.given..self.given + n]);
        self.given += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], encoding: Unicode) -> io::Result<(String, u64)> {
        let mut reader = ToUtf8::new(bytes, encoding);
        let mut out = String::new();
        reader.read_to_string(&mut out)?;
        Ok((out, reader.lines()))
    }

    #[test]
    fn every_encoding_with_and_without_a_bom() {
        let text = "{\"a\":\"Köln 👋\"}\r\n{\"b\":2}";
        let cases: [(Unicode, Vec<u8>); 4] = [
            (Unicode::Utf16Le, text.encode_utf16().flat_map(u16::to_le_bytes).collect()),
            (Unicode::Utf16Be, text.encode_utf16().flat_map(u16::to_be_bytes).collect()),
            (Unicode::Utf32Le, text.chars().flat_map(|c| u32::from(c).to_le_bytes()).collect()),
            (Unicode::Utf32Be, text.chars().flat_map(|c| u32::from(c).to_be_bytes()).collect()),
        ];
        for (encoding, bytes) in cases {
            assert_eq!(decode(&bytes, encoding).unwrap(), (text.to_owned(), 2), "{encoding:?}");
            let bom: Vec<u8> = "\u{feff}".encode_utf16().flat_map(u16::to_le_bytes).collect();
            if encoding == Unicode::Utf16Le {
                let with_bom = [bom, bytes].concat();
                assert_eq!(decode(&with_bom, encoding).unwrap().0, text, "the BOM is dropped");
            }
        }
    }

    #[test]
    fn a_surrogate_pair_split_across_reads_is_decoded() {
        let bytes: Vec<u8> = "👋".repeat(40_000).encode_utf16().flat_map(u16::to_le_bytes).collect();
        // 64 KiB reads end in the middle of a pair more than once.
        assert_eq!(decode(&bytes, Unicode::Utf16Le).unwrap().0, "👋".repeat(40_000));
    }

    #[test]
    fn invalid_text_is_an_error_with_its_offset() {
        let lone_high = [b'{', 0, 0x3d, 0xd8, b'}', 0];
        let error = decode(&lone_high, Unicode::Utf16Le).unwrap_err();
        assert_eq!(error.to_string(), "not valid UTF-16 LE text at byte 2: a high surrogate without its low surrogate");
        assert!(decode(&[b'{', 0, b'}'], Unicode::Utf16Le).is_err(), "a cut-off unit");
        assert!(decode(&[0, 0, 0x11, 0], Unicode::Utf32Le).is_err(), "past U+10FFFF");
    }
}
