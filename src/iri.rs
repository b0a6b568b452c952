//! URLs with non-ASCII characters (IRIs, RFC 3987), such as
//! `https://cdn.example.com/vidéo/日本語.mp4`: not valid URIs as written, but
//! what every HTTP client sends percent-encoded. The built-in profiles take
//! them with a warning (`BL209`) that shows the encoded form.

use std::fmt::Write as _;
use std::sync::OnceLock;

use serde_json::Value;

/// Whether `b` is an RFC 3986 `unreserved` character: a letter, a digit,
/// `-`, `.`, `_` or `~`.
pub(crate) const fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Whether `b` is an RFC 3986 `sub-delims` character: `!$&'()*+,;=`.
pub(crate) const fn is_sub_delim(b: u8) -> bool {
    matches!(b, b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=')
}

/// The URI an HTTP client sends for `iri`: its non-ASCII characters
/// percent-encoded as UTF-8 bytes. `None` unless `iri` has non-ASCII
/// characters, no whitespace or control characters, and is a valid URI once
/// encoded.
pub(crate) fn percent_encoded(iri: &str) -> Option<String> {
    if iri.is_ascii() || iri.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let mut encoded = String::with_capacity(iri.len() * 3);
    for c in iri.chars() {
        if c.is_ascii() {
            encoded.push(c);
        } else {
            for byte in c.encode_utf8(&mut [0; 4]).bytes() {
                let _ = write!(encoded, "%{byte:02X}");
            }
        }
    }
    uri_validator().is_valid(&Value::String(encoded.clone())).then_some(encoded)
}

/// Whether the host of `url` (between `//` and the next `/`, `?` or `#`)
/// has non-ASCII characters, which clients send in punycode instead.
pub(crate) fn host_is_international(url: &str) -> bool {
    let Some((_, rest)) = url.split_once("//") else { return false };
    rest.split(['/', '?', '#']).next().is_some_and(|host| !host.is_ascii())
}

/// JSON Schema's `format: uri`, as the line schemas check it.
fn uri_validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        jsonschema::options()
            .should_validate_formats(true)
            .build(&serde_json::json!({"type": "string", "format": "uri"}))
            .unwrap_or_else(|e| unreachable!("a fixed, valid schema: {e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_characters_are_percent_encoded_as_utf8() {
        assert_eq!(
            percent_encoded("https://cdn.example.com/vidéo/日本語.mp4").as_deref(),
            Some("https://cdn.example.com/vid%C3%A9o/%E6%97%A5%E6%9C%AC%E8%AA%9E.mp4")
        );
        assert_eq!(
            percent_encoded("https://a.example/x?q=ü#ß").as_deref(),
            Some("https://a.example/x?q=%C3%BC#%C3%9F")
        );
        assert!(host_is_international("https://bücher.example/a"));
        assert!(!host_is_international("https://a.example/bücher"));
    }

    #[test]
    fn what_encoding_does_not_make_valid_stays_invalid() {
        assert_eq!(percent_encoded("https://a.example/plain"), None, "ASCII: not an IRI");
        assert_eq!(percent_encoded("https://a.example/vidéo 1.mp4"), None, "a space");
        assert_eq!(percent_encoded("https://a.example/vidéo\u{85}.mp4"), None, "a control character");
        assert_eq!(percent_encoded("https://a.example/vidéo\u{a0}.mp4"), None, "a no-break space");
        assert_eq!(percent_encoded("vidéo.mp4"), None, "no scheme");
    }
}
