//! The valid records of a scan, in input order, kept in about 5 bytes each:
//! a million records take 5 MB beside the check's own memory, where a list
//! of `(start, length)` pairs took 16.

use super::RecordSpan;

/// Records between two starts written down in full.
const STRIDE: usize = 1024;
/// A gap this large or larger is written down in full.
const FAR: u8 = u8::MAX;

/// Where each valid record of an input is, in input order.
///
/// Each record is its length and its distance from the end of the record
/// before it (usually the 1 or 2 bytes of a line terminator); the start of
/// every 1,024th record and of any record further away is kept in
/// full, so that any record is found from the nearest of them.
#[derive(Clone, Debug, Default)]
pub struct Records {
    lens: Vec<u32>,
    /// The distance from the end of the record before (from the input's
    /// start for the first), or [`FAR`] when it is in `far`.
    gaps: Vec<u8>,
    /// `(index, start)` of each record whose gap is [`FAR`], by index.
    far: Vec<(usize, u64)>,
    /// The start of records 0, `STRIDE`, `2 * STRIDE`, ….
    marks: Vec<u64>,
    /// Where the last record ends.
    end: u64,
}

impl Records {
    /// Appends a record: it starts at or after the end of the last one.
    pub(crate) fn push(&mut self, record: RecordSpan) {
        let index = self.lens.len();
        match u8::try_from(record.start - self.end) {
            Ok(gap) if gap < FAR => self.gaps.push(gap),
            _ => {
                self.gaps.push(FAR);
                self.far.push((index, record.start));
            }
        }
        if index.is_multiple_of(STRIDE) {
            self.marks.push(record.start);
        }
        self.lens.push(record.len);
        self.end = record.start + u64::from(record.len);
    }

    /// How many records there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.lens.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.lens.is_empty()
    }

    /// The length of record `index` (without its line terminator).
    ///
    /// # Panics
    /// When `index` is out of bounds.
    #[must_use]
    pub fn len_of(&self, index: usize) -> u32 {
        self.lens[index]
    }

    /// Record `index`, if there is one.
    #[must_use]
    pub fn get(&self, index: usize) -> Option<RecordSpan> {
        self.range(index..index + 1).next()
    }

    /// Every record, in order.
    pub fn iter(&self) -> Iter<'_> {
        self.range(0..self.len())
    }

    /// Records `range.start` to `range.end` (exclusive), in order; cut to
    /// the records there are.
    pub fn range(&self, range: std::ops::Range<usize>) -> Iter<'_> {
        let end = range.end.min(self.len());
        let mark = range.start / STRIDE;
        let mut iter =
            Iter { records: self, next: mark * STRIDE, end, start: self.marks.get(mark).copied().unwrap_or(0) };
        while iter.next < range.start.min(end) {
            iter.advance();
        }
        iter
    }

    /// The start of record `index`, the record before it ending at `after`.
    fn start_after(&self, index: usize, after: u64) -> u64 {
        match self.gaps[index] {
            FAR => self.far[self.far.partition_point(|&(i, _)| i < index)].1,
            gap => after + u64::from(gap),
        }
    }
}

/// The records of [`Records::range`], in order.
#[derive(Clone, Debug)]
pub struct Iter<'a> {
    records: &'a Records,
    next: usize,
    end: usize,
    /// The start of record `next`.
    start: u64,
}

impl Iter<'_> {
    /// Moves past record `next`.
    fn advance(&mut self) {
        let after = self.start + u64::from(self.records.lens[self.next]);
        self.next += 1;
        if self.next < self.records.len() {
            self.start = self.records.start_after(self.next, after);
        }
    }
}

impl Iterator for Iter<'_> {
    type Item = RecordSpan;

    fn next(&mut self) -> Option<RecordSpan> {
        (self.next < self.end).then(|| {
            let record = RecordSpan { start: self.start, len: self.records.lens[self.next] };
            self.advance();
            record
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.end.saturating_sub(self.next);
        (left, Some(left))
    }
}

impl ExactSizeIterator for Iter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the gaps (terminators, skipped lines, far jumps) and
        /// lengths, every record reads back as it was pushed, alone, in a
        /// range and in order.
        #[test]
        fn records_read_back_as_pushed(
            steps in proptest::collection::vec((prop_oneof![0..4u64, 250..260u64, 1u64 << 33..1u64 << 34], 0..3000u32), 0..3000),
            from in 0..3100usize,
            to in 0..3100usize,
        ) {
            let mut records = Records::default();
            let mut expected = Vec::new();
            let mut end = 0;
            for (gap, len) in steps {
                let record = RecordSpan { start: end + gap, len };
                records.push(record);
                expected.push(record);
                end = record.start + u64::from(len);
            }
            prop_assert_eq!(records.len(), expected.len());
            prop_assert_eq!(records.iter().collect::<Vec<_>>(), expected.clone());
            for (i, record) in expected.iter().enumerate().step_by(97) {
                prop_assert_eq!(records.get(i), Some(*record));
            }
            prop_assert_eq!(records.get(expected.len()), None);
            let (from, to) = (from.min(expected.len()), to.min(expected.len()));
            let range: Vec<_> = records.range(from..to).collect();
            prop_assert_eq!(range, expected.get(from..to).unwrap_or_default().to_vec());
        }
    }
}
