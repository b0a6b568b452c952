//! Text for messages: what comes from the input (values, keys, file names)
//! made safe to print in a terminal or a CI log, and counts made readable.

/// Whether `c` could steer a terminal or a log when printed: a control
/// character (C0, DEL, C1 such as U+009B CSI; a newline starts a line that
/// CI reads as a command) or a bidirectional override, embedding, isolate
/// or mark (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F), which reorder
/// what is shown. All the bidirectional ones are 3 bytes in UTF-8.
pub(crate) fn steers_terminal(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text from the input (a value, a key, a file name) made safe to print:
/// every character that [`steers_terminal`] is shown escaped (`\n`,
/// `\u{9b}`, `\u{202e}`).
pub(crate) fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(steers_terminal) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| if steers_terminal(c) { c.escape_default().to_string() } else { c.to_string() })
        .collect::<String>()
        .into()
}

/// Formats a count with thousands separators: `1234567` → `1,234,567`.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `a == b`, compared inline: the strings compared on every record are short
/// (a model, a type, an object's key), where a call to `memcmp` costs more
/// than the comparison.
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// `1 record`, `2 records`.
pub(crate) fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_in_messages() {
        assert_eq!(printable("a\nb\u{1b}[31m"), "a\\nb\\u{1b}[31m");
        assert_eq!(printable("plain"), "plain");
        assert_eq!(printable("x\u{9b}2J\u{202e}y\u{2067}é"), "x\\u{9b}2J\\u{202e}y\\u{2067}é");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(5_000_000), "5,000,000");
        assert_eq!(thousands(123_456), "123,456");
    }
}
