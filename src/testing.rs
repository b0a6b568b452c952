//! Helpers shared by the unit tests.

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
