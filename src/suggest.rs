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
    let wanted_len = wanted.chars().count();
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == input {
            continue;
        }
        let norm = normalise(candidate);
        if norm == wanted {
            return Some(candidate);
        }
        let norm_len = norm.chars().count();
        let limit = (wanted_len.max(norm_len) / 3).max(1);
        // An edit distance is at least the difference in length: a candidate
        // too long or too short to be close enough (or closer than the best
        // so far) is not measured.
        let floor = wanted_len.abs_diff(norm_len);
        if floor > limit || best.is_some_and(|(d, _)| floor >= d) {
            continue;
        }
        let distance = strsim::damerau_levenshtein(&wanted, &norm);
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

    proptest::proptest! {
        /// Skipping the candidates whose length rules them out changes no
        /// answer: the same as measuring every candidate.
        #[test]
        fn the_closest_candidate_is_found_without_measuring_all(
            input in "[abcAB_-]{0,9}",
            candidates in proptest::collection::vec("[abcAB_-]{0,12}", 0..12),
        ) {
            let candidates: Vec<&str> = candidates.iter().map(String::as_str).collect();
            let wanted = super::normalise(&input);
            let others = || candidates.iter().copied().filter(|c| *c != input);
            let measured = others().find(|c| super::normalise(c) == wanted).or_else(|| {
                others()
                    .map(|c| (strsim::damerau_levenshtein(&wanted, &super::normalise(c)), c))
                    .filter(|(d, c)| *d <= (wanted.chars().count().max(super::normalise(c).chars().count()) / 3).max(1))
                    .min_by_key(|(d, _)| *d)
                    .map(|(_, c)| c)
            });
            proptest::prop_assert_eq!(did_you_mean(&input, candidates.iter().copied()), measured);
        }
    }

    #[test]
    fn stays_quiet_when_nothing_is_close() {
        assert_eq!(did_you_mean("banana", models()), None);
        assert_eq!(did_you_mean("", models()), None);
    }
}
