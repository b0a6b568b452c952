//! What a file's first bytes say it is, when it is not UTF-8 text: a
//! compressed archive, binary data, or text in UTF-16 or UTF-32. Such a file
//! gets one diagnostic instead of one per line.

use crate::codes::{Message, framing};

/// How many leading bytes the sniffer looks at.
pub(crate) const HEAD: usize = 8192;

/// What the start of a file is, when it is not UTF-8 text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sniffed {
    /// Compressed: the format's name and the command that unpacks it.
    Compressed(&'static str, &'static str),
    /// Binary: control bytes where text has none (the offset of the first NUL).
    Binary(usize),
    /// Text in another Unicode encoding, with or without its byte order mark.
    Encoding { encoding: Unicode, bom: bool },
}

/// The Unicode encodings other than UTF-8 that text files come in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unicode {
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

impl Unicode {
    /// The encoding's name, e.g. `UTF-16 LE`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Unicode::Utf16Le => "UTF-16 LE",
            Unicode::Utf16Be => "UTF-16 BE",
            Unicode::Utf32Le => "UTF-32 LE",
            Unicode::Utf32Be => "UTF-32 BE",
        }
    }

    /// Bytes per code unit: 2 or 4.
    pub(crate) fn unit(self) -> usize {
        match self {
            Unicode::Utf16Le | Unicode::Utf16Be => 2,
            Unicode::Utf32Le | Unicode::Utf32Be => 4,
        }
    }

    /// Whether code units are big-endian.
    pub(crate) fn big_endian(self) -> bool {
        matches!(self, Unicode::Utf16Be | Unicode::Utf32Be)
    }
}

impl Sniffed {
    /// What the diagnostic says.
    pub(crate) fn message(self) -> Message {
        match self {
            Sniffed::Compressed(format, command) => framing::compressed(format, command),
            Sniffed::Binary(at) => framing::binary(at),
            Sniffed::Encoding { encoding, bom } => framing::wrong_encoding(encoding.name(), bom),
        }
    }
}

/// Magic numbers of the compressed formats people keep JSON Lines in, with
/// the command that unpacks each.
const COMPRESSED: &[(&[u8], &str, &str)] = &[
    (b"\x1f\x8b", "gzip", "gunzip -k FILE"),
    (b"\x28\xb5\x2f\xfd", "zstd", "zstd -d FILE"),
    (b"BZh", "bzip2", "bunzip2 -k FILE"),
    (b"\xfd7zXZ\x00", "xz", "unxz -k FILE"),
    (b"PK\x03\x04", "zip", "unzip FILE"),
    (b"7z\xbc\xaf\x27\x1c", "7z", "7z x FILE"),
];

/// Judges a file by its first bytes (up to [`HEAD`] of them); `None` for
/// anything that may be UTF-8 text, which the line checks then judge.
pub(crate) fn sniff(head: &[u8]) -> Option<Sniffed> {
    let head = &head[..head.len().min(HEAD)];
    if let Some(&(_, format, command)) = COMPRESSED.iter().find(|(magic, ..)| head.starts_with(magic)) {
        return Some(Sniffed::Compressed(format, command));
    }
    let boms: [(&[u8], Unicode); 4] = [
        (b"\xff\xfe\x00\x00", Unicode::Utf32Le),
        (b"\x00\x00\xfe\xff", Unicode::Utf32Be),
        (b"\xff\xfe", Unicode::Utf16Le),
        (b"\xfe\xff", Unicode::Utf16Be),
    ];
    if let Some(&(_, encoding)) = boms.iter().find(|(bom, _)| head.starts_with(bom)) {
        return Some(Sniffed::Encoding { encoding, bom: true });
    }
    // Without a byte order mark, JSON text starts with an ASCII character,
    // whose zero bytes give the encoding away (as RFC 4627 once described).
    let zero = |i: usize| head.get(i) == Some(&0);
    let nonzero = |i: usize| head.get(i).is_some_and(|&b| b != 0);
    let encoding = match () {
        () if nonzero(0) && zero(1) && zero(2) && zero(3) => Some(Unicode::Utf32Le),
        () if zero(0) && zero(1) && zero(2) && nonzero(3) => Some(Unicode::Utf32Be),
        () if nonzero(0) && zero(1) && nonzero(2) && zero(3) => Some(Unicode::Utf16Le),
        () if zero(0) && nonzero(1) && zero(2) && nonzero(3) => Some(Unicode::Utf16Be),
        () => None,
    };
    if let Some(encoding) = encoding {
        return Some(Sniffed::Encoding { encoding, bom: false });
    }
    // Binary as git judges it (a NUL among the first 8,000 or so bytes),
    // with one more condition so that one stray NUL in a text file is
    // reported where it is instead: at least 1 in 32 of the bytes are
    // control bytes that text does not use.
    let nul = memchr::memchr(0, head)?;
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | b'\x0c')).count();
    (controls * 32 >= head.len()).then_some(Sniffed::Binary(nul))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    #[test]
    fn compressed_formats_by_their_magic() {
        assert_eq!(sniff(b"\x1f\x8b\x08\x00rest"), Some(Sniffed::Compressed("gzip", "gunzip -k FILE")));
        assert_eq!(sniff(b"\x28\xb5\x2f\xfd..."), Some(Sniffed::Compressed("zstd", "zstd -d FILE")));
        assert_eq!(sniff(b"PK\x03\x04...."), Some(Sniffed::Compressed("zip", "unzip FILE")));
    }

    #[test]
    fn other_unicode_encodings_with_and_without_a_bom() {
        let text = utf16le("{\"a\":1}\n");
        assert_eq!(sniff(&text), Some(Sniffed::Encoding { encoding: Unicode::Utf16Le, bom: false }));
        let with_bom = [&b"\xff\xfe"[..], &text].concat();
        assert_eq!(sniff(&with_bom), Some(Sniffed::Encoding { encoding: Unicode::Utf16Le, bom: true }));
        let be: Vec<u8> = "{\"a\":1}".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(sniff(&be), Some(Sniffed::Encoding { encoding: Unicode::Utf16Be, bom: false }));
        assert_eq!(sniff(b"{\0\0\0\"\0\0\0"), Some(Sniffed::Encoding { encoding: Unicode::Utf32Le, bom: false }));
        assert_eq!(sniff(b"\0\0\0{\0\0\0\""), Some(Sniffed::Encoding { encoding: Unicode::Utf32Be, bom: false }));
        assert_eq!(
            sniff(b"\x00\x00\xfe\xff\0\0\0{"),
            Some(Sniffed::Encoding { encoding: Unicode::Utf32Be, bom: true })
        );
    }

    #[test]
    fn binary_data_but_not_a_stray_nul_in_text() {
        let mut elf = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00".to_vec();
        elf.extend_from_slice(&[0; 64]);
        assert_eq!(sniff(&elf), Some(Sniffed::Binary(7)));
        let mut text = b"{\"request_id\":\"r1\"}\n".repeat(10);
        text[25] = 0;
        assert_eq!(sniff(&text), None, "one NUL in text is reported on its line");
        assert_eq!(sniff(b"{\"a\":1}\n"), None);
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff("{\"a\":\"Köln\"}".as_bytes()), None);
    }
}
