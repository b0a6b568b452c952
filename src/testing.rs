//! Helpers shared by the unit tests.

/// Pieces that turn a valid record into nearly valid ones, whatever its
/// schema: a stray quote or comma, and values of every type.
pub(crate) const VALUE_PIECES: [&str; 12] =
    ["\"", ",", "null", "1", "-1", "0.5", "2", "true", "{}", "[]", "\"\"", "\"x\""];

/// [`VALUE_PIECES`] and then `extra`, for [`apply_edits`].
pub(crate) fn value_pieces(extra: &[&'static str]) -> Vec<&'static str> {
    VALUE_PIECES.iter().chain(extra).copied().collect()
}

/// `base` with each edit `(at, len, piece)` applied in turn: the bytes
/// `at..at + len` (clamped to the text) replaced by `pieces[piece]`; edits
/// that would split a character are skipped.
pub(crate) fn apply_edits(base: &str, pieces: &[&str], edits: &[(usize, usize, usize)]) -> String {
    let mut line = base.to_owned();
    for &(at, len, piece) in edits {
        let at = at.min(line.len());
        let end = (at + len).min(line.len());
        if line.is_char_boundary(at) && line.is_char_boundary(end) {
            line.replace_range(at..end, pieces[piece]);
        }
    }
    line
}
