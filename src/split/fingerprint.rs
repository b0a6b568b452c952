//! The input's fingerprints: the XXH3 hash (128 bits) of each segment of
//! [`SEGMENT`] bytes. The scan takes them as it validates; the writer takes
//! them again as it copies records, segment by segment, so that each of
//! several writers reading its own part of the input can tell that the bytes
//! it copies are the ones the scan validated (a file edited meanwhile; not a
//! defence against a forger, which the manifest's SHA-256 is for).
//!
//! A million records of about 560 bytes make 537 segments: 8.6 KB of
//! fingerprints.

use xxhash_rust::xxh3::Xxh3;

/// The bytes of one segment (the last one of an input may be shorter).
pub(crate) const SEGMENT: u64 = 1 << 20;

/// Hashes a stream of bytes that starts at a segment boundary, segment by
/// segment.
#[derive(Clone)]
pub(crate) struct SegmentHasher {
    hasher: Xxh3,
    /// The offset in the input of the next byte to hash.
    at: u64,
}

impl SegmentHasher {
    /// A hasher of the input from `start`, a multiple of [`SEGMENT`].
    pub(crate) fn new(start: u64) -> Self {
        debug_assert!(start.is_multiple_of(SEGMENT), "a segment starts at {start}");
        SegmentHasher { hasher: Xxh3::new(), at: start }
    }

    /// The offset in the input of the next byte to hash.
    pub(crate) fn at(&self) -> u64 {
        self.at
    }

    /// Hashes `bytes`, the input's next ones, and hands `done` the index and
    /// fingerprint of each segment they complete; stops at the first segment
    /// `done` refuses (returns `false` then).
    pub(crate) fn update(&mut self, mut bytes: &[u8], done: &mut impl FnMut(usize, u128) -> bool) -> bool {
        while !bytes.is_empty() {
            let room = SEGMENT - self.at % SEGMENT;
            let take = usize::try_from(room).map_or(bytes.len(), |room| room.min(bytes.len()));
            self.hasher.update(&bytes[..take]);
            self.at += take as u64;
            bytes = &bytes[take..];
            if self.at.is_multiple_of(SEGMENT) && !self.finish_segment(done) {
                return false;
            }
        }
        true
    }

    /// Ends the input: hands `done` the last segment if it is a partial one.
    pub(crate) fn end(mut self, done: &mut impl FnMut(usize, u128) -> bool) -> bool {
        self.at.is_multiple_of(SEGMENT) || self.finish_segment(done)
    }

    /// Hands `done` the segment that ends at `at` (or holds its last bytes)
    /// and starts the next.
    fn finish_segment(&mut self, done: &mut impl FnMut(usize, u128) -> bool) -> bool {
        let index = usize::try_from((self.at - 1) / SEGMENT).unwrap_or(usize::MAX);
        let fingerprint = self.hasher.digest128();
        self.hasher.reset();
        done(index, fingerprint)
    }
}

/// The fingerprints of all of `bytes`, for tests.
#[cfg(test)]
pub(crate) fn of(bytes: &[u8]) -> Vec<u128> {
    let mut found = Vec::new();
    let mut keep = |_: usize, f: u128| {
        found.push(f);
        true
    };
    let mut hasher = SegmentHasher::new(0);
    hasher.update(bytes, &mut keep);
    hasher.end(&mut keep);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_segment_is_hashed_on_its_own_however_the_bytes_arrive() {
        let bytes: Vec<u8> = (0..(2 * SEGMENT + 5)).map(|i| (i % 251) as u8).collect();
        let whole = of(&bytes);
        assert_eq!(whole.len(), 3);
        let segment = |i: usize| &bytes[i * SEGMENT as usize..((i + 1) * SEGMENT as usize).min(bytes.len())];
        for (i, fingerprint) in whole.iter().enumerate() {
            assert_eq!(*fingerprint, xxhash_rust::xxh3::xxh3_128(segment(i)));
        }
        // In pieces of any size, and from the second segment on.
        for piece in [1, 7, 4096, SEGMENT as usize + 3] {
            let mut found = Vec::new();
            let mut hasher = SegmentHasher::new(SEGMENT);
            for part in bytes[SEGMENT as usize..].chunks(piece) {
                assert!(hasher.update(part, &mut |i, f| {
                    found.push((i, f));
                    true
                }));
            }
            hasher.end(&mut |i, f| {
                found.push((i, f));
                true
            });
            assert_eq!(found, vec![(1, whole[1]), (2, whole[2])], "pieces of {piece}");
        }
    }

    #[test]
    fn a_refused_segment_stops_the_hashing() {
        let bytes = vec![b'x'; 3 * SEGMENT as usize];
        let mut seen = Vec::new();
        let mut hasher = SegmentHasher::new(0);
        let accepted = hasher.update(&bytes, &mut |i, _| {
            seen.push(i);
            i == 0
        });
        assert!(!accepted);
        assert_eq!(seen, [0, 1]);
    }

    #[test]
    fn an_input_of_whole_segments_has_no_partial_one() {
        assert_eq!(of(&vec![0; SEGMENT as usize]).len(), 1);
        assert!(of(b"").is_empty());
        assert_eq!(of(b"x").len(), 1);
    }
}
