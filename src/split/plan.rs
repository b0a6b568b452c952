//! The split planner: decides where to cut a sequence of records into chunks
//! (batch files) that each meet the [`ChunkLimits`].
//!
//! The plan uses the fewest chunks possible; among plans with that many
//! chunks, the one whose largest chunk (in records) is smallest; among those,
//! the front-loaded one (each chunk takes as many records as the rest allows).
//! So 1,001 records with at most 500 per chunk become chunks of 334, 334 and 333
//! records, never 500, 500 and 1.
//!
//! # Algorithm
//!
//! A chunk `start..end` is valid when `min ≤ end - start ≤ cap` and its bytes
//! are at most `max_bytes`. For a fixed record cap `cap`, the fewest chunks
//! that cover the records from position `p` to the end obey
//! `fewest(p) = 1 + min { fewest(e) : e in p+min ..= min(p+cap, far(p)) }`,
//! where `far(p)` is the furthest end whose bytes still fit. Both ends of that
//! window only move one way as `p` moves, so a monotone deque computes every
//! `fewest(p)` in O(n). Note that the set of positions reachable with exactly
//! `j` chunks is *not* an interval in general once `min > 1` and a byte limit
//! interact (sizes `[1, 1, 1, 9, 9, 1]`, 2 to 4 records, 12 bytes: two chunks
//! end after record 4 or record 6, never after record 5), so the planner never
//! relies on it; it only uses the minimum count, which is exact.
//!
//! 1. `k` = `fewest(0)` with the largest allowed cap is the fewest chunks.
//! 2. With `k` chunks, a cap `c` is achievable iff `fewest(0) ≤ k` under cap `c`
//!    (fewer than `k` is impossible), which is monotone in `c`: binary search
//!    for the smallest such `c`.
//! 3. Walk from the front: with `r` chunks left at position `p`, take the
//!    largest end `e` of a valid chunk with `fewest(e) = r - 1`.
//!
//! Total time O(n log n), memory O(n).

use std::collections::VecDeque;
use std::fmt;

use crate::thousands;

/// Limits one chunk must meet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkLimits {
    /// The fewest records a chunk may hold (0 and 1 both mean "no minimum": a
    /// chunk always holds at least one record).
    pub min_records: u64,
    /// The most records a chunk may hold (`None`: no limit).
    pub max_records: Option<u64>,
    /// The most bytes a chunk may take, newlines included (`None`: no limit).
    pub max_bytes: Option<u64>,
}

/// One chunk: records `start..end` (0-based indices into the sizes slice) and their total bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Chunk {
    /// Index of the chunk's first record (0-based).
    pub start: usize,
    /// Index one past the chunk's last record.
    pub end: usize,
    /// The sum of the sizes of the chunk's records.
    pub bytes: u64,
}

impl Chunk {
    /// The number of records in the chunk.
    pub fn records(&self) -> usize {
        self.end - self.start
    }
}

/// A partition of the records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The chunks, contiguous and in input order; together they hold every record exactly once.
    pub chunks: Vec<Chunk>,
}

/// Why no partition exists.
///
/// Record indices in the fields are 0-based, like the sizes slice; the
/// [`Display`](fmt::Display) text speaks of 1-based record numbers ("record 1"
/// is index 0), as a person reading a file counts them.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Infeasible {
    /// There are no records at all.
    #[error("there are no records to split")]
    NoRecords,

    /// The limits contradict each other: the minimum is above the maximum (a
    /// maximum of 0 records can never be met, since a chunk holds at least one).
    #[error(
        "the limits contradict each other: a chunk needs at least {} but may hold at most {}",
        count(*.min_records, "record"),
        count(*.max_records, "record")
    )]
    ContradictoryLimits {
        /// The effective minimum records per chunk (at least 1).
        min_records: u64,
        /// The maximum records per chunk.
        max_records: u64,
    },

    /// There are fewer records in total than one chunk needs.
    #[error(
        "there {} only {}, fewer than the minimum of {} per chunk",
        if *.records == 1 { "is" } else { "are" },
        count(*.records as u64, "record"),
        thousands(*.min_records)
    )]
    TooFewRecords {
        /// The number of records.
        records: usize,
        /// The minimum records per chunk.
        min_records: u64,
    },

    /// A single record is larger than a whole chunk may be.
    #[error(
        "record {} takes {} bytes, more than the limit of {} bytes per chunk",
        thousands(*.index as u64 + 1),
        thousands(*.bytes),
        thousands(*.max_bytes)
    )]
    RecordTooLarge {
        /// The record's index (0-based; the first such record).
        index: usize,
        /// The record's size.
        bytes: u64,
        /// The byte limit per chunk.
        max_bytes: u64,
    },

    /// The record counts alone cannot work out, whatever the sizes: no number
    /// of chunks `k` has `k × min_records ≤ records ≤ k × max_records`.
    #[error(
        "{} cannot be split into chunks of {} to {} records: {} {} at most {}, and {} need at least {}",
        count(*.records as u64, "record"),
        thousands(*.min_records),
        thousands(*.max_records),
        count(full_chunks(*.records, *.min_records), "chunk"),
        if full_chunks(*.records, *.min_records) == 1 { "holds" } else { "hold" },
        count(full_chunks(*.records, *.min_records).saturating_mul(*.max_records), "record"),
        count(full_chunks(*.records, *.min_records) + 1, "chunk"),
        count((full_chunks(*.records, *.min_records) + 1).saturating_mul(*.min_records), "record")
    )]
    CountsDoNotFit {
        /// The number of records.
        records: usize,
        /// The minimum records per chunk.
        min_records: u64,
        /// The maximum records per chunk.
        max_records: u64,
    },

    /// A record can be in no chunk: every run of `min_records` consecutive
    /// records that includes it takes more than `max_bytes`.
    #[error(
        "record {} fits in no chunk: every run of {} consecutive records that includes it takes more than {} bytes \
         (the lightest, records {} to {}, takes {} bytes); at most {} including it fit in {} bytes, fewer than the \
         minimum of {}",
        thousands(*.record as u64 + 1),
        thousands(*.min_records),
        thousands(*.max_bytes),
        thousands(*.lightest_start as u64 + 1),
        thousands(*.lightest_end as u64),
        thousands(*.lightest_bytes),
        count(*.fit as u64, "consecutive record"),
        thousands(*.max_bytes),
        thousands(*.min_records)
    )]
    MinRecordsTooLarge {
        /// The record that fits in no chunk (0-based; the first such record).
        record: usize,
        /// Start (0-based) of the run of `min_records` records around it that takes the fewest bytes.
        lightest_start: usize,
        /// End (exclusive) of that run.
        lightest_end: usize,
        /// The bytes that run takes (more than `max_bytes`).
        lightest_bytes: u64,
        /// The most consecutive records including `record` that fit in `max_bytes` (fewer than `min_records`).
        fit: usize,
        /// The minimum records per chunk.
        min_records: u64,
        /// The byte limit per chunk.
        max_bytes: u64,
    },

    /// No partition exists for another reason: every record fits in some
    /// valid chunk on its own, but the chunks cannot be lined up to cover all
    /// records.
    #[error(
        "no split of the {} ({} bytes) into chunks of {} exists; the longest run from the start that splits into \
         valid chunks is {}",
        count(*.records as u64, "record"),
        thousands(*.bytes),
        describe_limits(*.min_records, *.max_records, *.max_bytes),
        describe_prefix(*.splittable)
    )]
    NoPartition {
        /// The number of records.
        records: usize,
        /// Their total bytes.
        bytes: u64,
        /// The effective minimum records per chunk (at least 1).
        min_records: u64,
        /// The maximum records per chunk, if any.
        max_records: Option<u64>,
        /// The byte limit per chunk, if any.
        max_bytes: Option<u64>,
        /// The largest `p` such that records `0..p` can be split into valid
        /// chunks (`p < records`).
        splittable: usize,
    },
}

/// The most chunks that can each get `min_records` of `records`.
fn full_chunks(records: usize, min_records: u64) -> u64 {
    records as u64 / min_records.max(1)
}

/// `1 record`, `2 records`, `1,000 records`.
fn count(n: u64, noun: &str) -> String {
    format!("{} {noun}{}", thousands(n), if n == 1 { "" } else { "s" })
}

fn describe_limits(min_records: u64, max_records: Option<u64>, max_bytes: Option<u64>) -> String {
    let mut out = match max_records {
        Some(max) => format!("{} to {} records", thousands(min_records), thousands(max)),
        None => format!("at least {}", count(min_records, "record")),
    };
    if let Some(max_bytes) = max_bytes {
        out.push_str(&format!(" and at most {} bytes", thousands(max_bytes)));
    }
    out
}

fn describe_prefix(splittable: usize) -> String {
    match splittable {
        0 => "empty: not even a first chunk is valid".to_owned(),
        1 => "record 1".to_owned(),
        p => format!("records 1 to {}", thousands(p as u64)),
    }
}

impl fmt::Display for Chunk {
    /// `records 1 to 500 (1,234,567 bytes)`, with 1-based record numbers.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "records {} to {} ({} bytes)",
            thousands(self.start as u64 + 1),
            thousands(self.end as u64),
            thousands(self.bytes)
        )
    }
}

/// Marks a position no sequence of valid chunks reaches.
const UNREACHABLE: usize = usize::MAX;

/// Plans the split of records of the given sizes (bytes as written, newline
/// included) into the fewest chunks that each meet `limits`, balanced so the
/// largest chunk is as small as possible, front-loaded on ties.
///
/// Runs in O(n log n) time and O(n) memory for n records.
///
/// # Errors
///
/// [`Infeasible`], saying why with the numbers, when no partition exists
/// (including when there are no records).
///
/// # Examples
///
/// ```
/// use batchlint::split::plan::{ChunkLimits, Infeasible, plan};
///
/// let limits = ChunkLimits { min_records: 20, max_records: Some(500), max_bytes: Some(5_000_000) };
///
/// // 1,001 small records: three balanced chunks, the larger ones first.
/// let sizes = vec![1_000; 1_001];
/// let split = plan(&sizes, &limits)?;
/// let counts: Vec<usize> = split.chunks.iter().map(|c| c.records()).collect();
/// assert_eq!(counts, [334, 334, 333]);
/// assert_eq!(split.chunks[1].start, 334);
/// assert_eq!(split.chunks[1].bytes, 334_000);
///
/// // Records of 20,000 bytes: the byte limit binds first (250 records per file).
/// let sizes = vec![20_000; 600];
/// let counts: Vec<usize> = plan(&sizes, &limits)?.chunks.iter().map(|c| c.records()).collect();
/// assert_eq!(counts, [200, 200, 200]);
///
/// // Too few records.
/// let err = plan(&vec![1_000; 19], &limits).unwrap_err();
/// assert_eq!(err, Infeasible::TooFewRecords { records: 19, min_records: 20 });
/// assert_eq!(err.to_string(), "there are only 19 records, fewer than the minimum of 20 per chunk");
/// # Ok::<(), Infeasible>(())
/// ```
pub fn plan(sizes: &[u64], limits: &ChunkLimits) -> Result<Plan, Infeasible> {
    let n = sizes.len();
    if n == 0 {
        return Err(Infeasible::NoRecords);
    }
    let min = limits.min_records.max(1);
    if let Some(max) = limits.max_records
        && max < min
    {
        return Err(Infeasible::ContradictoryLimits { min_records: min, max_records: max });
    }
    if (n as u64) < min {
        return Err(Infeasible::TooFewRecords { records: n, min_records: limits.min_records });
    }
    if let Some(max_bytes) = limits.max_bytes
        && let Some((index, &bytes)) = sizes.iter().enumerate().find(|&(_, &s)| s > max_bytes)
    {
        return Err(Infeasible::RecordTooLarge { index, bytes, max_bytes });
    }
    // Both fit in usize now: min ≤ n, and the cap is clamped to n.
    let min = min as usize;
    let cap = limits.max_records.map_or(n, |max| max.min(n as u64) as usize);
    let most_chunks = n / min;
    if (most_chunks as u128) * (cap as u128) < n as u128 {
        return Err(Infeasible::CountsDoNotFit { records: n, min_records: min as u64, max_records: cap as u64 });
    }
    if let Some(max_bytes) = limits.max_bytes
        && min > 1
        && let Some(err) = unplaceable_record(sizes, min, max_bytes)
    {
        return Err(err);
    }

    // far[p]: the furthest end e ≥ p with sizes[p..e] within the byte limit.
    let far = furthest_ends(sizes, limits.max_bytes);
    // The suffix problem, mirrored so it reads as a prefix problem: a chunk
    // ending at mirrored position m = n - p may start no earlier than reach[m].
    let reach: Vec<usize> = (0..=n).map(|m| n - far[n - m]).collect();
    let mut fewest = Vec::with_capacity(n + 1);
    let mut window = VecDeque::new();

    fewest_chunks(&reach, min, cap, &mut fewest, &mut window);
    let k = fewest[n];
    if k == UNREACHABLE {
        return Err(no_partition(sizes, limits, min, cap));
    }

    // The smallest cap that still allows k chunks.
    let (mut lo, mut hi) = (n.div_ceil(k).max(min), cap);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        fewest_chunks(&reach, min, mid, &mut fewest, &mut window);
        if fewest[n] <= k {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    let cap = lo;
    fewest_chunks(&reach, min, cap, &mut fewest, &mut window);
    drop(window);
    drop(reach);

    // Group the positions by how many chunks cover the rest from there:
    // ends[offsets[v]..offsets[v + 1]] lists, in increasing order, the
    // positions e with fewest(e) = v, for each v < k.
    let mut offsets = vec![0usize; k + 1];
    for e in 0..=n {
        let v = fewest[n - e];
        if v < k {
            offsets[v + 1] += 1;
        }
    }
    for v in 0..k {
        offsets[v + 1] += offsets[v];
    }
    let mut ends = vec![0usize; offsets[k]];
    let mut next = offsets.clone();
    for e in 0..=n {
        let v = fewest[n - e];
        if v < k {
            ends[next[v]] = e;
            next[v] += 1;
        }
    }

    let mut chunks = Vec::with_capacity(k);
    let mut start = 0;
    for left in (0..k).rev() {
        // From `start`, k - chunks.len() chunks cover the rest; the next chunk
        // must end where exactly `left` chunks cover the rest.
        let candidates = &ends[offsets[left]..offsets[left + 1]];
        let last = (start + cap).min(far[start]);
        let at = candidates.partition_point(|&e| e <= last);
        let end =
            at.checked_sub(1).map(|i| candidates[i]).filter(|&e| e >= start + min).expect(
                "a position from which `r` chunks cover the rest has a valid chunk to a position where `r - 1` do",
            );
        let bytes: u128 = sizes[start..end].iter().map(|&s| u128::from(s)).sum();
        chunks.push(Chunk { start, end, bytes: u64::try_from(bytes).unwrap_or(u64::MAX) });
        start = end;
    }
    debug_assert_eq!(start, n);
    Ok(Plan { chunks })
}

/// For each `p` in `0..=n`, the largest `e ≥ p` with `sizes[p..e]` within `max_bytes`.
/// Every single record must fit (checked before).
fn furthest_ends(sizes: &[u64], max_bytes: Option<u64>) -> Vec<usize> {
    let n = sizes.len();
    let Some(max_bytes) = max_bytes else {
        return vec![n; n + 1];
    };
    let max_bytes = u128::from(max_bytes);
    let mut far = Vec::with_capacity(n + 1);
    let (mut end, mut sum) = (0usize, 0u128);
    for p in 0..n {
        if end < p {
            end = p;
            sum = 0;
        }
        while end < n && sum + u128::from(sizes[end]) <= max_bytes {
            sum += u128::from(sizes[end]);
            end += 1;
        }
        far.push(end);
        if end > p {
            sum -= u128::from(sizes[p]);
        }
    }
    far.push(n);
    far
}

/// For each `p` in `0..=n`, the smallest `q ≤ p` with `sizes[q..p]` within `max_bytes`.
fn earliest_starts(sizes: &[u64], max_bytes: Option<u64>) -> Vec<usize> {
    let n = sizes.len();
    let Some(max_bytes) = max_bytes else {
        return vec![0; n + 1];
    };
    let max_bytes = u128::from(max_bytes);
    let mut reach = Vec::with_capacity(n + 1);
    reach.push(0);
    let (mut start, mut sum) = (0usize, 0u128);
    for p in 1..=n {
        sum += u128::from(sizes[p - 1]);
        while sum > max_bytes {
            sum -= u128::from(sizes[start]);
            start += 1;
        }
        reach.push(start);
    }
    reach
}

/// `out[p]` = the fewest chunks that split the first `p` items, where a chunk
/// `q..p` is valid when `min ≤ p - q ≤ cap` and `q ≥ reach[p]` (`reach` must be
/// nondecreasing); [`UNREACHABLE`] when there is no such split.
///
/// The valid starts for `p` form the window `max(reach[p], p - cap) ..= p - min`,
/// whose ends never move backwards, so a deque of candidate starts with
/// increasing counts gives each minimum in amortised O(1).
fn fewest_chunks(reach: &[usize], min: usize, cap: usize, out: &mut Vec<usize>, window: &mut VecDeque<usize>) {
    let n = reach.len() - 1;
    out.clear();
    out.resize(n + 1, UNREACHABLE);
    out[0] = 0;
    window.clear();
    for p in min..=n {
        let q = p - min;
        if out[q] != UNREACHABLE {
            while window.back().is_some_and(|&b| out[b] >= out[q]) {
                window.pop_back();
            }
            window.push_back(q);
        }
        let lo = reach[p].max(p.saturating_sub(cap));
        while window.front().is_some_and(|&f| f < lo) {
            window.pop_front();
        }
        if let Some(&f) = window.front() {
            out[p] = out[f] + 1;
        }
    }
}

/// Finds the first record that no run of `min` consecutive records within
/// `max_bytes` includes (such a record fits in no chunk). Needs `min ≤ n`.
fn unplaceable_record(sizes: &[u64], min: usize, max_bytes: u64) -> Option<Infeasible> {
    let n = sizes.len();
    let limit = u128::from(max_bytes);
    // fits[q]: the run q..q+min is within the limit.
    let mut fits = Vec::with_capacity(n - min + 1);
    let mut sum: u128 = sizes[..min].iter().map(|&s| u128::from(s)).sum();
    fits.push(sum <= limit);
    for q in 1..=n - min {
        sum = sum + u128::from(sizes[q + min - 1]) - u128::from(sizes[q - 1]);
        fits.push(sum <= limit);
    }
    // Record i is in the runs starting at i+1-min ..= i (within 0..=n-min).
    let mut last_fit: Option<usize> = None;
    let record = (0..n).find(|&i| {
        if i <= n - min && fits[i] {
            last_fit = Some(i);
        }
        last_fit.is_none_or(|q| q + min <= i)
    })?;

    // The lightest run of `min` records that includes it.
    let first = (record + 1).saturating_sub(min);
    let last = record.min(n - min);
    let mut sum: u128 = sizes[first..first + min].iter().map(|&s| u128::from(s)).sum();
    let (mut lightest_start, mut lightest) = (first, sum);
    for q in first + 1..=last {
        sum = sum + u128::from(sizes[q + min - 1]) - u128::from(sizes[q - 1]);
        if sum < lightest {
            (lightest_start, lightest) = (q, sum);
        }
    }

    // The longest run including it that fits (shorter than `min`, so it lies
    // within first..record+min).
    let bound = (record + min).min(n);
    let (mut fit, mut end, mut sum) = (0usize, first, 0u128);
    for q in first..=record {
        if end < q {
            end = q;
            sum = 0;
        }
        while end < bound && sum + u128::from(sizes[end]) <= limit {
            sum += u128::from(sizes[end]);
            end += 1;
        }
        if end > record {
            fit = fit.max(end - q);
        }
        if end > q {
            sum -= u128::from(sizes[q]);
        }
    }

    Some(Infeasible::MinRecordsTooLarge {
        record,
        lightest_start,
        lightest_end: lightest_start + min,
        lightest_bytes: u64::try_from(lightest).unwrap_or(u64::MAX),
        fit,
        min_records: min as u64,
        max_bytes,
    })
}

/// The general infeasibility, with the longest prefix that can be split.
fn no_partition(sizes: &[u64], limits: &ChunkLimits, min: usize, cap: usize) -> Infeasible {
    let reach = earliest_starts(sizes, limits.max_bytes);
    let mut fewest = Vec::new();
    fewest_chunks(&reach, min, cap, &mut fewest, &mut VecDeque::new());
    let splittable = fewest.iter().rposition(|&k| k != UNREACHABLE).unwrap_or(0);
    let bytes: u128 = sizes.iter().map(|&s| u128::from(s)).sum();
    Infeasible::NoPartition {
        records: sizes.len(),
        bytes: u64::try_from(bytes).unwrap_or(u64::MAX),
        min_records: min as u64,
        max_records: limits.max_records,
        max_bytes: limits.max_bytes,
        splittable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SYNC: ChunkLimits = ChunkLimits { min_records: 20, max_records: Some(500), max_bytes: Some(5_000_000) };

    fn counts(sizes: &[u64], limits: &ChunkLimits) -> Vec<usize> {
        plan(sizes, limits).expect("feasible").chunks.iter().map(Chunk::records).collect()
    }

    fn check_valid(sizes: &[u64], limits: &ChunkLimits, plan: &Plan) {
        let mut start = 0;
        for chunk in &plan.chunks {
            assert_eq!(chunk.start, start);
            assert!(chunk.records() as u64 >= limits.min_records.max(1));
            assert!(limits.max_records.is_none_or(|m| chunk.records() as u64 <= m));
            assert_eq!(chunk.bytes, sizes[chunk.start..chunk.end].iter().sum::<u64>());
            assert!(limits.max_bytes.is_none_or(|m| chunk.bytes <= m));
            start = chunk.end;
        }
        assert_eq!(start, sizes.len());
    }

    #[test]
    fn worked_examples() {
        let small = |n| vec![1_000u64; n];
        assert_eq!(counts(&small(20), &SYNC), [20]);
        assert_eq!(counts(&small(500), &SYNC), [500]);
        assert_eq!(counts(&small(501), &SYNC), [251, 250]);
        assert_eq!(counts(&small(510), &SYNC), [255, 255]);
        assert_eq!(counts(&small(1_001), &SYNC), [334, 334, 333]);
        assert_eq!(counts(&small(2_000), &SYNC), [500; 4]);
        // Front-loaded: earlier chunks take as many records as the rest allows.
        assert_eq!(counts(&small(2_001), &SYNC), [401, 401, 401, 401, 397]);
        let p = plan(&small(1_001), &SYNC).unwrap();
        check_valid(&small(1_001), &SYNC, &p);
        assert_eq!(p.chunks[2], Chunk { start: 668, end: 1_001, bytes: 333_000 });
    }

    #[test]
    fn byte_limit_binds_before_the_record_limit() {
        // 20,000 bytes each: at most 250 records per chunk.
        assert_eq!(counts(&[20_000; 600], &SYNC), [200, 200, 200]);
        assert_eq!(counts(&[20_000; 501], &SYNC), [167, 167, 167]);
        // 10,000 bytes each: exactly 500 fit.
        assert_eq!(counts(&[10_000; 1_000], &SYNC), [500, 500]);
        // 500 light records, then 500 of 40,000 bytes: the heavy ones need 4 full chunks of 125 records (exactly
        // 5,000,000 bytes each), so no light record can join them and the light ones stay in one chunk.
        let mut sizes = vec![1_000u64; 500];
        sizes.extend(std::iter::repeat_n(40_000, 500));
        assert_eq!(counts(&sizes, &SYNC), [500, 125, 125, 125, 125]);
        // With heavy records of 39,000 bytes (128 fit), light records fill the heavy chunks and the sizes even out.
        sizes[500..].fill(39_000);
        let p = plan(&sizes, &SYNC).unwrap();
        check_valid(&sizes, &SYNC, &p);
        assert_eq!(p.chunks.len(), 5);
        assert!(p.chunks.iter().all(|c| c.records() < 500), "{p:?}");
    }

    #[test]
    fn reachable_positions_need_not_be_an_interval() {
        // Two chunks of 2 to 4 records within 12 bytes end after record 4 or
        // record 6, never after record 5.
        let limits = ChunkLimits { min_records: 2, max_records: Some(4), max_bytes: Some(12) };
        assert_eq!(counts(&[1, 1, 1, 9, 9, 1], &limits), [4, 2]);
        assert_eq!(counts(&[1, 1, 1, 9, 9, 1, 1, 1], &limits), [4, 4]);
    }

    #[test]
    fn no_limits_and_min_zero() {
        let none = ChunkLimits { min_records: 0, max_records: None, max_bytes: None };
        assert_eq!(counts(&[5, 5, 5], &none), [3]);
        let one = ChunkLimits { min_records: 0, max_records: Some(1), max_bytes: None };
        assert_eq!(counts(&[5, 5, 5], &one), [1, 1, 1]);
        let bytes = ChunkLimits { min_records: 1, max_records: None, max_bytes: Some(10) };
        assert_eq!(counts(&[5, 5, 5, 1], &bytes), [2, 2]);
        assert_eq!(counts(&[u64::MAX, u64::MAX], &none), [2]);
        assert_eq!(plan(&[u64::MAX, u64::MAX], &none).unwrap().chunks[0].bytes, u64::MAX);
    }

    #[test]
    fn no_records() {
        let err = plan(&[], &SYNC).unwrap_err();
        assert_eq!(err, Infeasible::NoRecords);
        assert_eq!(err.to_string(), "there are no records to split");
    }

    #[test]
    fn too_few_records() {
        let err = plan(&[1_000; 19], &SYNC).unwrap_err();
        assert_eq!(err, Infeasible::TooFewRecords { records: 19, min_records: 20 });
        assert_eq!(err.to_string(), "there are only 19 records, fewer than the minimum of 20 per chunk");
        let one = plan(&[1], &SYNC).unwrap_err();
        assert_eq!(one.to_string(), "there is only 1 record, fewer than the minimum of 20 per chunk");
    }

    #[test]
    fn contradictory_limits() {
        let limits = ChunkLimits { min_records: 20, max_records: Some(10), max_bytes: None };
        let err = plan(&[1; 100], &limits).unwrap_err();
        assert_eq!(err, Infeasible::ContradictoryLimits { min_records: 20, max_records: 10 });
        assert_eq!(
            err.to_string(),
            "the limits contradict each other: a chunk needs at least 20 records but may hold at most 10 records"
        );
        let zero = ChunkLimits { min_records: 0, max_records: Some(0), max_bytes: None };
        assert_eq!(
            plan(&[1], &zero).unwrap_err().to_string(),
            "the limits contradict each other: a chunk needs at least 1 record but may hold at most 0 records"
        );
    }

    #[test]
    fn record_too_large() {
        let mut sizes = vec![1_000u64; 100];
        sizes[41] = 6_000_000;
        sizes[70] = 7_000_000;
        let err = plan(&sizes, &SYNC).unwrap_err();
        assert_eq!(err, Infeasible::RecordTooLarge { index: 41, bytes: 6_000_000, max_bytes: 5_000_000 });
        assert_eq!(
            err.to_string(),
            "record 42 takes 6,000,000 bytes, more than the limit of 5,000,000 bytes per chunk"
        );
    }

    #[test]
    fn counts_do_not_fit() {
        let limits = ChunkLimits { min_records: 4, max_records: Some(5), max_bytes: None };
        let err = plan(&[1; 7], &limits).unwrap_err();
        assert_eq!(err, Infeasible::CountsDoNotFit { records: 7, min_records: 4, max_records: 5 });
        assert_eq!(
            err.to_string(),
            "7 records cannot be split into chunks of 4 to 5 records: 1 chunk holds at most 5 records, and 2 chunks \
             need at least 8 records"
        );
        assert_eq!(counts(&[1; 8], &limits), [4, 4]);
        assert_eq!(counts(&[1; 9], &limits), [5, 4]);
        let err = plan(&[1; 11], &limits).unwrap_err();
        assert!(err.to_string().contains("2 chunks hold at most 10 records, and 3 chunks need at least 12"), "{err}");
        assert_eq!(counts(&[1; 19], &ChunkLimits { max_records: Some(6), ..limits }), [5, 5, 5, 4]);
    }

    #[test]
    fn min_records_too_large() {
        // The whole file is heavy: 20 records take 5,400,000 bytes, 18 fit.
        let err = plan(&[270_000; 100], &SYNC).unwrap_err();
        assert_eq!(
            err,
            Infeasible::MinRecordsTooLarge {
                record: 0,
                lightest_start: 0,
                lightest_end: 20,
                lightest_bytes: 5_400_000,
                fit: 18,
                min_records: 20,
                max_bytes: 5_000_000,
            }
        );
        assert_eq!(
            err.to_string(),
            "record 1 fits in no chunk: every run of 20 consecutive records that includes it takes more than \
             5,000,000 bytes (the lightest, records 1 to 20, takes 5,400,000 bytes); at most 18 consecutive records \
             including it fit in 5,000,000 bytes, fewer than the minimum of 20"
        );

        // A heavy block of 20 among light records can be cut in two, but one of 40 cannot: every run of 20
        // that includes record 49 (1-based) holds at least 19 heavy records.
        let mut sizes = vec![1_000u64; 100];
        sizes[40..60].fill(270_000);
        assert_eq!(plan(&sizes, &SYNC).unwrap().chunks.len(), 2);
        sizes[30..70].fill(270_000);
        let err = plan(&sizes, &SYNC).unwrap_err();
        assert_eq!(
            err,
            Infeasible::MinRecordsTooLarge {
                record: 48,
                lightest_start: 29,
                lightest_end: 49,
                lightest_bytes: 19 * 270_000 + 1_000,
                fit: 18,
                min_records: 20,
                max_bytes: 5_000_000,
            }
        );
        assert!(err.to_string().starts_with("record 49 fits in no chunk"), "{err}");
        assert!(err.to_string().contains("(the lightest, records 30 to 49, takes 5,131,000 bytes)"), "{err}");
    }

    #[test]
    fn no_partition_message() {
        let limits = ChunkLimits { min_records: 2, max_records: None, max_bytes: Some(10) };
        let err = plan(&[5, 5, 5], &limits).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no split of the 3 records (15 bytes) into chunks of at least 2 records and at most 10 bytes exists; the \
             longest run from the start that splits into valid chunks is records 1 to 2"
        );
    }

    #[test]
    fn large_input_is_fast_and_valid() {
        // Pseudo-random sizes of 1 to 40,000 bytes (about 4,000 chunks).
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let sizes: Vec<u64> = (0..1_000_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                1 + x % 40_000
            })
            .collect();
        let p = plan(&sizes, &SYNC).unwrap();
        check_valid(&sizes, &SYNC, &p);
        let total: u64 = sizes.iter().sum();
        assert!(p.chunks.len() as u64 >= total.div_ceil(5_000_000));
    }
}
