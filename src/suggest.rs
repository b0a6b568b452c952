//! "Did you mean …?" hints for misspelt keys and values.

/// Lowercase with `_`, `-`, `.` and spaces removed: `webhook_url` and
/// `webhookUrl` normalise to the same text.
fn normalise(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '_' | '-' | '.' | ' ')).flat_map(char::to_lowercase).collect()
}

/// The candidate closest to `input`, if one is close enough to be a likely
/// typo: the same word in another case or separator style, or a small edit
/// distance relative to the length.
pub(crate) fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let wanted = normalise(input);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == input {
            continue;
        }
        let norm = normalise(candidate);
        if norm == wanted {
            return Some(candidate);
        }
        let distance = strsim::damerau_levenshtein(&wanted, &norm);
        let limit = (wanted.chars().count().max(norm.chars().count()) / 3).max(1);
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    /// The sync models, a realistic list of close values.
    fn models() -> Vec<&'static str> {
        crate::rules::sync::models(crate::schema::builtin_document("sync").unwrap()).collect()
    }

    #[test]
    fn suggests_close_values() {
        assert_eq!(did_you_mean("lipsync2", models()), Some("lipsync-2"));
        assert_eq!(did_you_mean("LipSync-2", models()), Some("lipsync-2"));
        assert_eq!(did_you_mean("lipsync-3", models()), Some("lipsync-2"));
        assert_eq!(did_you_mean("react-2", models()), Some("react-1"));
        assert_eq!(did_you_mean("webhook_url", ["webhookUrl", "model"]), Some("webhookUrl"));
    }

    #[test]
    fn stays_quiet_when_nothing_is_close() {
        assert_eq!(did_you_mean("banana", models()), None);
        assert_eq!(did_you_mean("", models()), None);
    }
}
