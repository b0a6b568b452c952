//! The read stage's first step: input that starts with gzip's magic bytes is
//! decompressed as it is read, so that lines, columns and limits refer to the
//! bytes the API receives, with memory bounded as for plain input.

use std::io::{self, Chain, Cursor, Read};

use flate2::read::MultiGzDecoder;
use serde::{Deserialize, Serialize};

/// A compression batchlint reads through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Compression {
    /// gzip (RFC 1952), one member or several.
    Gzip,
}

impl Compression {
    /// The format's name: `"gzip"`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Compression::Gzip => "gzip",
        }
    }
}

/// gzip's magic bytes.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The first bytes, read ahead to recognise a compression, then the rest.
type Peeked<R> = Chain<Cursor<Vec<u8>>, R>;

/// Input, decompressed when it is compressed.
pub(crate) enum Decoded<R: Read> {
    /// Plain input, read as it is.
    Plain(Peeked<R>),
    /// gzip input, decompressed (every member, as `gunzip` does).
    Gzip(Box<MultiGzDecoder<Peeked<R>>>),
}

impl<R: Read> Decoded<R> {
    /// Reads the first bytes of `inner` and decides how to read the rest.
    ///
    /// # Errors
    /// The read's I/O error.
    pub(crate) fn new(mut inner: R) -> io::Result<Self> {
        let mut head = Vec::with_capacity(GZIP_MAGIC.len());
        while head.len() < GZIP_MAGIC.len() {
            let mut byte = [0];
            match inner.read(&mut byte) {
                Ok(0) => break,
                Ok(_) => head.push(byte[0]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
            if head[..] != GZIP_MAGIC[..head.len()] {
                break;
            }
        }
        let gzip = head == GZIP_MAGIC;
        let peeked = Cursor::new(head).chain(inner);
        Ok(if gzip { Decoded::Gzip(Box::new(MultiGzDecoder::new(peeked))) } else { Decoded::Plain(peeked) })
    }

    /// The compression read through, if any.
    pub(crate) fn compression(&self) -> Option<Compression> {
        match self {
            Decoded::Plain(_) => None,
            Decoded::Gzip(_) => Some(Compression::Gzip),
        }
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Decoded::Plain(r) => r.read(buf),
            Decoded::Gzip(r) => r.read(buf),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    fn read_all(input: &[u8]) -> (io::Result<Vec<u8>>, Option<Compression>) {
        let mut decoded = Decoded::new(input).unwrap();
        let mut out = Vec::new();
        let result = decoded.read_to_end(&mut out).map(|_| out);
        (result, decoded.compression())
    }

    #[test]
    fn plain_input_is_passed_through_whole() {
        for input in [&b""[..], b"{", b"\x1f", b"\x1f{\"a\":1}\n", b"{\"a\":1}\n"] {
            let (out, compression) = read_all(input);
            assert_eq!((out.unwrap(), compression), (input.to_vec(), None));
        }
    }

    #[test]
    fn gzip_members_are_decompressed_one_after_another() {
        let both = [gzip(b"{\"a\":1}\n"), gzip(b"{\"b\":2}\n")].concat();
        let (out, compression) = read_all(&both);
        assert_eq!((out.unwrap(), compression), (b"{\"a\":1}\n{\"b\":2}\n".to_vec(), Some(Compression::Gzip)));
    }

    #[test]
    fn a_truncated_or_corrupt_stream_is_an_error_not_a_panic() {
        let whole = gzip(&b"{\"a\":1}\n".repeat(1000));
        let (out, _) = read_all(&whole[..whole.len() / 2]);
        assert!(out.is_err());
        let mut corrupt = whole.clone();
        corrupt[20] ^= 0xff;
        let (out, _) = read_all(&corrupt);
        assert!(out.is_err());
    }
}
