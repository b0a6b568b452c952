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
//! Total time O(n log n), memory O(n): two tables of n + 1 entries (`fewest`, then
//! the positions grouped by it); `far(p)` is a window slid along as `p` moves, never
//! a table.

use std::collections::VecDeque;
use std::fmt;

use crate::text::count;
use crate::thousands;

/// Limits one chunk must meet (in the manifest: the limits applied).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct ChunkLimits {
    /// The fewest records a chunk may hold (0 and 1 both mean "no minimum": a
    /// chunk always holds at least one record).
    pub min_records: u64,
    /// The most records a chunk may hold (`None`: no limit).
    pub max_records: Option<u64>,
    /// The most bytes a chunk may take, newlines included (`None`: no limit).
    pub max_bytes: Option<u64>,
}

impl ChunkLimits {
    /// Limits of at least `min_records` records, at most `max_records` and
    /// at most `max_bytes` bytes per chunk.
    #[must_use]
    pub const fn new(min_records: u64, max_records: Option<u64>, max_bytes: Option<u64>) -> Self {
        ChunkLimits { min_records, max_records, max_bytes }
    }
}

/// A chunk must be a file the profile accepts: its record and byte limits.
impl From<&crate::profile::Limits> for ChunkLimits {
    fn from(limits: &crate::profile::Limits) -> Self {
        ChunkLimits::new(limits.min_records.unwrap_or(0), limits.max_records, limits.max_bytes)
    }
}

/// One chunk: records `start..end` (0-based indices into the sizes slice) and their total bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
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
#[non_exhaustive]
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
        count(*.min_records, "record", "records"),
        count(*.max_records, "record", "records")
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
        count(*.records as u64, "record", "records"),
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
        count(*.records as u64, "record", "records"),
        thousands(*.min_records),
        thousands(*.max_records),
        count(full_chunks(*.records, *.min_records), "chunk", "chunks"),
        if full_chunks(*.records, *.min_records) == 1 { "holds" } else { "hold" },
        count(full_chunks(*.records, *.min_records).saturating_mul(*.max_records), "record", "records"),
        count(full_chunks(*.records, *.min_records) + 1, "chunk", "chunks"),
        count((full_chunks(*.records, *.min_records) + 1).saturating_mul(*.min_records), "record", "records")
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
        count(*.fit as u64, "consecutive record", "consecutive records"),
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
        count(*.records as u64, "record", "records"),
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

fn describe_limits(min_records: u64, max_records: Option<u64>, max_bytes: Option<u64>) -> String {
    let mut out = match max_records {
        Some(max) => format!("{} to {} records", thousands(min_records), thousands(max)),
        None => format!("at least {}", count(min_records, "record", "records")),
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

/// A position (`0..=n`) or a chunk count in the planner's tables: `u32` when
/// the records allow, which halves the tables (4 MB each per million
/// records), else `usize`.
trait Entry: Copy + Ord {
    /// Marks a position that no sequence of valid chunks reaches.
    const UNREACHABLE: Self;
    /// `n` as an entry; `n` is at most the number of records, which fits.
    fn new(n: usize) -> Self;
    /// The entry as a `usize`.
    fn get(self) -> usize;
}

impl Entry for u32 {
    const UNREACHABLE: u32 = u32::MAX;

    fn new(n: usize) -> u32 {
        debug_assert!(n < u32::MAX as usize, "the planner uses u32 entries only below u32::MAX records");
        n as u32
    }

    fn get(self) -> usize {
        self as usize
    }
}

impl Entry for usize {
    const UNREACHABLE: usize = usize::MAX;

    fn new(n: usize) -> usize {
        n
    }

    fn get(self) -> usize {
        self
    }
}

/// Plans the split of records of the given sizes (bytes as written, newline
/// included) into the fewest chunks that each meet `limits`, balanced so the
/// largest chunk is as small as possible, front-loaded on ties.
///
/// Runs in O(n log n) time for n records; besides the plan it holds two
/// tables of n + 1 entries (4 bytes each below 2³² records).
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
/// let limits = ChunkLimits::new(20, Some(500), Some(5_000_000));
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
    plan_sizes(sizes.len(), |i| sizes[i], limits)
}

/// [`plan`] for `records` records whose sizes `size(i)` gives (for `i` in
/// `0..records`), so that a caller that keeps its records in another shape
/// need not build a slice of sizes beside them.
///
/// # Errors
///
/// As [`plan`].
///
/// # Examples
///
/// ```
/// use batchlint::split::plan::{ChunkLimits, plan_sizes};
///
/// let lines = ["{\"a\":1}", "{\"b\":22}", "{\"c\":333}"];
/// let limits = ChunkLimits::new(1, None, Some(20));
/// // Each line is written with its newline.
/// let split = plan_sizes(lines.len(), |i| lines[i].len() as u64 + 1, &limits)?;
/// assert_eq!(split.chunks.len(), 2);
/// # Ok::<(), batchlint::split::plan::Infeasible>(())
/// ```
pub fn plan_sizes(
    records: usize,
    size: impl Fn(usize) -> u64 + Copy,
    limits: &ChunkLimits,
) -> Result<Plan, Infeasible> {
    if records < u32::MAX as usize {
        plan_with::<u32>(records, size, limits)
    } else {
        plan_with::<usize>(records, size, limits)
    }
}

/// [`plan_sizes`] with tables of `E`, which must hold every position `0..=n`
/// and [`Entry::UNREACHABLE`] apart from them.
fn plan_with<E: Entry>(n: usize, size: impl Fn(usize) -> u64 + Copy, limits: &ChunkLimits) -> Result<Plan, Infeasible> {
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
        && let Some(index) = (0..n).find(|&i| size(i) > max_bytes)
    {
        return Err(Infeasible::RecordTooLarge { index, bytes: size(index), max_bytes });
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
        && let Some(err) = unplaceable_record(n, size, min, max_bytes)
    {
        return Err(err);
    }

    // The suffix problem, mirrored so it reads as a prefix problem: mirrored
    // position m is position n - m, and mirrored record i is record n - 1 - i.
    let mirrored = move |i: usize| size(n - 1 - i);
    let mut fewest: Vec<E> = Vec::with_capacity(n + 1);
    let mut window = VecDeque::new();
    let mut count = |cap: usize, fewest: &mut Vec<E>| {
        let mut earliest = EarliestStart::new(mirrored, limits.max_bytes);
        fewest_chunks(n, |p| earliest.to(p), min, cap, fewest, &mut window);
        fewest[n].get()
    };

    let k = count(cap, &mut fewest);
    if k == E::UNREACHABLE.get() {
        return Err(no_partition::<E>(n, size, limits, min, cap));
    }

    // The smallest cap that still allows k chunks.
    let (mut lo, mut hi) = (n.div_ceil(k).max(min), cap);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if count(mid, &mut fewest) <= k {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    let cap = lo;
    count(cap, &mut fewest);

    // Group the positions by how many chunks cover the rest from there:
    // ends[offsets[v]..offsets[v + 1]] lists, in increasing order, the
    // positions e with fewest(e) = v, for each v < k.
    let mut offsets = vec![0usize; k + 1];
    for e in 0..=n {
        let v = fewest[n - e].get();
        if v < k {
            offsets[v + 1] += 1;
        }
    }
    for v in 0..k {
        offsets[v + 1] += offsets[v];
    }
    let mut ends = vec![E::new(0); offsets[k]];
    let mut next = offsets.clone();
    for e in 0..=n {
        let v = fewest[n - e].get();
        if v < k {
            ends[next[v]] = E::new(e);
            next[v] += 1;
        }
    }
    drop(fewest);

    let mut furthest = FurthestEnd::new(size, n, limits.max_bytes);
    let mut chunks = Vec::with_capacity(k);
    let mut start = 0;
    for left in (0..k).rev() {
        // From `start`, k - chunks.len() chunks cover the rest; the next chunk
        // must end where exactly `left` chunks cover the rest.
        let candidates = &ends[offsets[left]..offsets[left + 1]];
        let last = (start + cap).min(furthest.from(start));
        let at = candidates.partition_point(|&e| e.get() <= last);
        let end =
            at.checked_sub(1).map(|i| candidates[i].get()).filter(|&e| e >= start + min).expect(
                "a position from which `r` chunks cover the rest has a valid chunk to a position where `r - 1` do",
            );
        let bytes: u128 = (start..end).map(|i| u128::from(size(i))).sum();
        chunks.push(Chunk { start, end, bytes: u64::try_from(bytes).unwrap_or(u64::MAX) });
        start = end;
    }
    debug_assert_eq!(start, n);
    Ok(Plan { chunks })
}

/// For starts `p` visited in increasing order, the largest `e ≥ p` with
/// records `p..e` within the byte limit, in O(1) amortised per step. Every
/// single record must fit (checked before).
struct FurthestEnd<S> {
    size: S,
    records: usize,
    max_bytes: Option<u128>,
    start: usize,
    end: usize,
    /// The bytes of records `start..end`.
    bytes: u128,
}

impl<S: Fn(usize) -> u64> FurthestEnd<S> {
    fn new(size: S, records: usize, max_bytes: Option<u64>) -> Self {
        FurthestEnd { size, records, max_bytes: max_bytes.map(u128::from), start: 0, end: 0, bytes: 0 }
    }

    /// The furthest end from `start`, which must not be below the last one asked.
    fn from(&mut self, start: usize) -> usize {
        let Some(max_bytes) = self.max_bytes else {
            return self.records;
        };
        while self.start < start {
            if self.end == self.start {
                self.end += 1;
            } else {
                self.bytes -= u128::from((self.size)(self.start));
            }
            self.start += 1;
        }
        while self.end < self.records && self.bytes + u128::from((self.size)(self.end)) <= max_bytes {
            self.bytes += u128::from((self.size)(self.end));
            self.end += 1;
        }
        self.end
    }
}

/// For ends `p` visited in increasing order, the smallest `q ≤ p` with
/// records `q..p` within the byte limit, in O(1) amortised per step.
struct EarliestStart<S> {
    size: S,
    max_bytes: Option<u128>,
    start: usize,
    end: usize,
    /// The bytes of records `start..end`.
    bytes: u128,
}

impl<S: Fn(usize) -> u64> EarliestStart<S> {
    fn new(size: S, max_bytes: Option<u64>) -> Self {
        EarliestStart { size, max_bytes: max_bytes.map(u128::from), start: 0, end: 0, bytes: 0 }
    }

    /// The earliest start for `end`, which must not be below the last one asked.
    fn to(&mut self, end: usize) -> usize {
        let Some(max_bytes) = self.max_bytes else {
            return 0;
        };
        while self.end < end {
            self.bytes += u128::from((self.size)(self.end));
            self.end += 1;
            while self.bytes > max_bytes {
                self.bytes -= u128::from((self.size)(self.start));
                self.start += 1;
            }
        }
        self.start
    }
}

/// `out[p]` = the fewest chunks that split the first `p` of `n` items, where
/// a chunk `q..p` is valid when `min ≤ p - q ≤ cap` and `q ≥ reach(p)`
/// (`reach` is nondecreasing and asked for increasing `p`);
/// [`Entry::UNREACHABLE`] when there is no such split.
///
/// The valid starts for `p` form the window `max(reach(p), p - cap) ..= p - min`,
/// whose ends never move backwards, so a deque of candidate starts with
/// increasing counts gives each minimum in amortised O(1).
fn fewest_chunks<E: Entry>(
    n: usize,
    mut reach: impl FnMut(usize) -> usize,
    min: usize,
    cap: usize,
    out: &mut Vec<E>,
    window: &mut VecDeque<E>,
) {
    out.clear();
    out.resize(n + 1, E::UNREACHABLE);
    out[0] = E::new(0);
    window.clear();
    for p in min..=n {
        let q = p - min;
        if out[q] != E::UNREACHABLE {
            while window.back().is_some_and(|&b| out[b.get()] >= out[q]) {
                window.pop_back();
            }
            window.push_back(E::new(q));
        }
        let lo = reach(p).max(p.saturating_sub(cap));
        while window.front().is_some_and(|&f| f.get() < lo) {
            window.pop_front();
        }
        if let Some(&f) = window.front() {
            out[p] = E::new(out[f.get()].get() + 1);
        }
    }
}

/// Finds the first record that no run of `min` consecutive records within
/// `max_bytes` includes (such a record fits in no chunk). Needs `min ≤ n`.
fn unplaceable_record(n: usize, size: impl Fn(usize) -> u64, min: usize, max_bytes: u64) -> Option<Infeasible> {
    let limit = u128::from(max_bytes);
    let size = |i: usize| u128::from(size(i));
    // fits[q]: the run q..q+min is within the limit.
    let mut fits = Vec::with_capacity(n - min + 1);
    let mut sum: u128 = (0..min).map(size).sum();
    fits.push(sum <= limit);
    for q in 1..=n - min {
        sum = sum + size(q + min - 1) - size(q - 1);
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
    let mut sum: u128 = (first..first + min).map(size).sum();
    let (mut lightest_start, mut lightest) = (first, sum);
    for q in first + 1..=last {
        sum = sum + size(q + min - 1) - size(q - 1);
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
        while end < bound && sum + size(end) <= limit {
            sum += size(end);
            end += 1;
        }
        if end > record {
            fit = fit.max(end - q);
        }
        if end > q {
            sum -= size(q);
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
fn no_partition<E: Entry>(
    n: usize,
    size: impl Fn(usize) -> u64 + Copy,
    limits: &ChunkLimits,
    min: usize,
    cap: usize,
) -> Infeasible {
    let mut earliest = EarliestStart::new(size, limits.max_bytes);
    let mut fewest: Vec<E> = Vec::new();
    fewest_chunks(n, |p| earliest.to(p), min, cap, &mut fewest, &mut VecDeque::new());
    let splittable = fewest.iter().rposition(|&k| k != E::UNREACHABLE).unwrap_or(0);
    let bytes: u128 = (0..n).map(|i| u128::from(size(i))).sum();
    Infeasible::NoPartition {
        records: n,
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

    /// Pseudo-random numbers for the table tests (xorshift).
    fn numbers(seed: u64) -> impl FnMut() -> u64 {
        let mut x = seed;
        move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        }
    }

    #[test]
    fn narrow_and_wide_tables_plan_alike() {
        let mut next = numbers(0x9e37_79b9_7f4a_7c15);
        for round in 0..400u64 {
            let n = 1 + (round % 50) as usize;
            let sizes: Vec<u64> = (0..n).map(|_| 1 + next() % 12).collect();
            let limits = ChunkLimits {
                min_records: next() % 5,
                max_records: Some(1 + next() % 9).filter(|_| round % 4 != 0),
                max_bytes: Some(12 + next() % 30).filter(|_| round % 3 != 0),
            };
            let narrow = plan_with::<u32>(n, |i| sizes[i], &limits);
            let wide = plan_with::<usize>(n, |i| sizes[i], &limits);
            assert_eq!(narrow, wide, "sizes {sizes:?}, {limits:?}");
        }
    }

    #[test]
    fn sweeps_match_brute_force() {
        let mut next = numbers(0x2545_f491_4f6c_dd1d);
        for _ in 0..200 {
            let n = 1 + (next() % 40) as usize;
            let sizes: Vec<u64> = (0..n).map(|_| 1 + next() % 10).collect();
            let max_bytes = 10 + next() % 25;
            let within = |q: usize, e: usize| sizes[q..e].iter().sum::<u64>() <= max_bytes;
            let mut furthest = FurthestEnd::new(|i| sizes[i], n, Some(max_bytes));
            let mut earliest = EarliestStart::new(|i| sizes[i], Some(max_bytes));
            // Ask for increasing positions, skipping some, as the planner does.
            let mut p = 0;
            while p <= n {
                let far = (p..=n).rev().find(|&e| within(p, e)).unwrap();
                assert_eq!(furthest.from(p), far, "from {p} in {sizes:?}, {max_bytes}");
                let early = (0..=p).find(|&q| within(q, p)).unwrap();
                assert_eq!(earliest.to(p), early, "to {p} in {sizes:?}, {max_bytes}");
                p += 1 + (next() % 3) as usize;
            }
        }
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
