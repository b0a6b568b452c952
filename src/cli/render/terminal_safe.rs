//! JSON output that cannot steer a terminal: serde_json escapes the C0
//! controls itself, and this writer escapes the C1 controls (such as U+009B
//! CSI) and the bidirectional controls as `\uXXXX`. (DEL, which terminals
//! ignore, stays as it is.) The JSON means the same; only its spelling
//! changes.

use std::io::{self, Write};

/// Wraps the writer serde_json writes to. Such characters occur only inside
/// JSON strings (everything outside is ASCII), and serde_json never splits
/// a character across writes, so each write is rewritten on its own.
pub(crate) struct EscapingWriter<W>(pub(crate) W);

/// The length of the UTF-8 sequence at the start of `bytes` if it encodes a
/// character to escape: a C1 control (`C2 80`–`C2 9F`) or a bidirectional
/// control (`E2 80 8E`–`8F`, `E2 80 AA`–`AE`, `E2 81 A6`–`A9`).
fn escaped_len(bytes: &[u8]) -> Option<usize> {
    match bytes {
        [0xC2, 0x80..=0x9F, ..] => Some(2),
        [0xE2, 0x80, 0x8E | 0x8F | 0xAA..=0xAE, ..] | [0xE2, 0x81, 0xA6..=0xA9, ..] => Some(3),
        _ => None,
    }
}

impl<W: Write> Write for EscapingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut start = 0;
        let mut i = 0;
        while let Some(found) = memchr::memchr2(0xC2, 0xE2, &buf[i..]) {
            i += found;
            match escaped_len(&buf[i..]) {
                Some(len) => {
                    self.0.write_all(&buf[start..i])?;
                    let c = std::str::from_utf8(&buf[i..i + len]).ok().and_then(|s| s.chars().next());
                    write!(self.0, "\\u{:04x}", c.map_or(0xFFFD, u32::from))?;
                    i += len;
                    start = i;
                }
                None => i += 1,
            }
        }
        self.0.write_all(&buf[start..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c1_and_bidi_controls_are_escaped_and_the_json_means_the_same() {
        let value = serde_json::json!({"path": "a\u{9b}2J\u{202e}b\u{2066}c", "é": "ü€\u{a0}\u{2067}"});
        let mut out = Vec::new();
        serde_json::to_writer(EscapingWriter(&mut out), &value).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "{\"path\":\"a\\u009b2J\\u202eb\\u2066c\",\"é\":\"ü€\u{a0}\\u2067\"}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), value);
    }
}
