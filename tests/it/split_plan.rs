//! Property tests of the split planner against plain oracles: a dynamic
//! program over (records split, chunks used) for inputs of up to 40 records,
//! and the enumeration of every partition for inputs of up to 12.

use batchlint::split::plan::{Chunk, ChunkLimits, Infeasible, Plan, plan};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

/// Sizes of 0 to 39 records of 1 to 50 bytes.
fn sizes(max_len: usize) -> impl Strategy<Value = Vec<u64>> {
    proptest::collection::vec(1u64..=50, 0..max_len)
}

/// Minimum 0 to 5 records, maximum 1 to 10 records or none, 1 to 200 bytes or none.
fn limits() -> impl Strategy<Value = ChunkLimits> {
    (0u64..=5, proptest::option::of(1u64..=10), proptest::option::of(1u64..=200))
        .prop_map(|(min_records, max_records, max_bytes)| ChunkLimits::new(min_records, max_records, max_bytes))
}

fn sum(sizes: &[u64]) -> u64 {
    sizes.iter().sum()
}

/// Whether records `q..p` make a valid chunk.
fn valid(sizes: &[u64], limits: &ChunkLimits, q: usize, p: usize) -> bool {
    let records = (p - q) as u64;
    records >= 1
        && records >= limits.min_records
        && limits.max_records.is_none_or(|max| records <= max)
        && limits.max_bytes.is_none_or(|max| sum(&sizes[q..p]) <= max)
}

/// The optimum: the fewest chunks, and the smallest largest chunk (in records) with that many.
#[derive(Debug, PartialEq, Eq)]
struct Optimum {
    chunks: usize,
    largest: usize,
}

/// `best[j][p]`: the smallest largest chunk over the splits of the first `p`
/// records into exactly `j` valid chunks (`None`: no such split).
fn table(sizes: &[u64], limits: &ChunkLimits) -> Vec<Vec<Option<usize>>> {
    let n = sizes.len();
    let mut best = vec![vec![None; n + 1]; n + 1];
    best[0][0] = Some(0);
    for j in 1..=n {
        for p in 1..=n {
            for q in 0..p {
                if let Some(largest) = best[j - 1][q]
                    && valid(sizes, limits, q, p)
                {
                    let candidate = largest.max(p - q);
                    if best[j][p].is_none_or(|b| candidate < b) {
                        best[j][p] = Some(candidate);
                    }
                }
            }
        }
    }
    best
}

fn oracle(sizes: &[u64], limits: &ChunkLimits) -> Option<Optimum> {
    let n = sizes.len();
    let best = table(sizes, limits);
    (1..=n).find_map(|chunks| best[chunks][n].map(|largest| Optimum { chunks, largest }))
}

/// The largest `p` such that the first `p` records split into valid chunks.
fn splittable_prefix(sizes: &[u64], limits: &ChunkLimits) -> usize {
    let best = table(sizes, limits);
    (0..=sizes.len()).rev().find(|&p| best.iter().any(|row| row[p].is_some())).unwrap_or(0)
}

/// Every partition of up to ~16 records, as chunk record counts.
fn all_partitions(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return Vec::new();
    }
    (0u32..1 << (n - 1))
        .map(|cuts| {
            let mut counts = vec![1];
            for gap in 0..n - 1 {
                if cuts & (1 << gap) != 0 {
                    counts.push(1);
                } else {
                    *counts.last_mut().unwrap() += 1;
                }
            }
            counts
        })
        .collect()
}

fn check_plan(sizes: &[u64], limits: &ChunkLimits, plan: &Plan) {
    let mut start = 0;
    for chunk in &plan.chunks {
        assert_eq!(chunk.start, start, "chunks are contiguous and in order: {plan:?}");
        assert!(chunk.end > chunk.start, "{chunk:?}");
        assert!(valid(sizes, limits, chunk.start, chunk.end), "{chunk:?} breaks {limits:?}");
        assert_eq!(chunk.bytes, sum(&sizes[chunk.start..chunk.end]));
        start = chunk.end;
    }
    assert_eq!(start, sizes.len(), "the chunks cover every record");
}

/// Checks that the error's claims are true.
fn check_error(sizes: &[u64], limits: &ChunkLimits, err: &Infeasible) {
    let n = sizes.len();
    let min = limits.min_records.max(1);
    assert!(!err.to_string().is_empty());
    match *err {
        Infeasible::NoRecords => assert_eq!(n, 0),
        Infeasible::ContradictoryLimits { min_records, max_records } => {
            assert_eq!(min_records, min);
            assert_eq!(Some(max_records), limits.max_records);
            assert!(max_records < min_records);
        }
        Infeasible::TooFewRecords { records, min_records } => {
            assert_eq!((records, min_records), (n, limits.min_records));
            assert!((n as u64) < min_records);
        }
        Infeasible::RecordTooLarge { index, bytes, max_bytes } => {
            assert_eq!(Some(max_bytes), limits.max_bytes);
            assert_eq!(sizes[index], bytes);
            assert!(bytes > max_bytes);
            assert!(sizes[..index].iter().all(|&s| s <= max_bytes), "the first such record");
        }
        Infeasible::CountsDoNotFit { records, min_records, max_records } => {
            assert_eq!((records, min_records, Some(max_records)), (n, min, limits.max_records));
            let n = n as u64;
            assert!((1..=n).all(|k| !(k * min_records <= n && n <= k * max_records)));
        }
        Infeasible::MinRecordsTooLarge {
            record,
            lightest_start,
            lightest_end,
            lightest_bytes,
            fit,
            min_records,
            max_bytes,
        } => {
            assert_eq!((min_records, Some(max_bytes)), (min, limits.max_bytes));
            let min = min as usize;
            // All runs of at least `min` records including `record` are too heavy; the longest that fits is `fit`.
            let mut longest = 0;
            for q in 0..=record {
                for e in record + 1..=n {
                    if sum(&sizes[q..e]) <= max_bytes {
                        longest = longest.max(e - q);
                    }
                }
            }
            assert_eq!(fit, longest);
            assert!(fit < min);
            // The lightest run of exactly `min` records including it.
            assert_eq!(lightest_end - lightest_start, min);
            assert!(lightest_start <= record && record < lightest_end && lightest_end <= n);
            assert_eq!(lightest_bytes, sum(&sizes[lightest_start..lightest_end]));
            let runs = (record + 1).saturating_sub(min)..=record.min(n - min);
            assert!(runs.clone().all(|q| sum(&sizes[q..q + min]) >= lightest_bytes));
            // It is the first such record.
            for earlier in 0..record {
                let runs = (earlier + 1).saturating_sub(min)..=earlier.min(n - min);
                assert!(runs.into_iter().any(|q| sum(&sizes[q..q + min]) <= max_bytes));
            }
        }
        Infeasible::NoPartition { records, bytes, min_records, max_records, max_bytes, splittable } => {
            assert_eq!((records, bytes, min_records), (n, sum(sizes), min));
            assert_eq!((max_records, max_bytes), (limits.max_records, limits.max_bytes));
            assert_eq!(splittable, splittable_prefix(sizes, limits));
            assert!(splittable < n);
        }
        _ => panic!("a new variant: {err:?}"),
    }
}

/// Same feasibility, same fewest chunks and same smallest largest chunk as the
/// dynamic program; the plan is valid, or the error's claims are true.
fn check_against_the_dynamic_program(sizes: &[u64], limits: &ChunkLimits) -> Result<(), TestCaseError> {
    let expected = oracle(sizes, limits);
    match plan(sizes, limits) {
        Ok(plan) => {
            check_plan(sizes, limits, &plan);
            let largest = plan.chunks.iter().map(Chunk::records).max().unwrap_or(0);
            prop_assert_eq!(Some(Optimum { chunks: plan.chunks.len(), largest }), expected);
        }
        Err(err) => {
            prop_assert_eq!(expected, None, "planner says {}", err);
            check_error(sizes, limits, &err);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Against the dynamic program: same feasibility, same fewest chunks,
    /// same smallest largest chunk; every plan valid; every error true.
    #[test]
    fn matches_the_dynamic_program(sizes in sizes(40), limits in limits()) {
        check_against_the_dynamic_program(&sizes, &limits)?;
    }

    /// The same where the byte limit binds often: many feasible inputs whose
    /// byte limit shapes the chunks, and many that cannot be lined up.
    #[test]
    fn matches_the_dynamic_program_when_bytes_bind(
        sizes in sizes(40),
        min_records in 1u64..=5,
        max_records in proptest::option::of(2u64..=10),
        max_bytes in 50u64..=150,
    ) {
        let limits = ChunkLimits::new(min_records, max_records, Some(max_bytes));
        check_against_the_dynamic_program(&sizes, &limits)?;
    }

    /// Against the enumeration of every partition: exactly the optimal plan,
    /// front-loaded (the largest record counts earliest) among the optimal ones.
    #[test]
    fn matches_the_enumeration(sizes in sizes(13), limits in limits()) {
        let best = all_partitions(sizes.len())
            .into_iter()
            .filter(|counts| {
                let mut start = 0;
                counts.iter().all(|&c| {
                    start += c;
                    valid(&sizes, &limits, start - c, start)
                })
            })
            .min_by(|a, b| {
                let key = |c: &Vec<usize>| (c.len(), c.iter().copied().max());
                key(a).cmp(&key(b)).then_with(|| b.cmp(a))
            });
        let got = plan(&sizes, &limits).ok().map(|p| p.chunks.iter().map(Chunk::records).collect::<Vec<_>>());
        prop_assert_eq!(got, best);
    }
}

/// The generator reaches every outcome, so the properties above test them all.
#[test]
fn the_generator_reaches_every_outcome() {
    let mut runner = TestRunner::deterministic();
    let strategy = (sizes(40), limits());
    let mut seen = [0usize; 8];
    for _ in 0..2000 {
        let (sizes, limits) = strategy.new_tree(&mut runner).unwrap().current();
        let slot = match plan(&sizes, &limits) {
            Ok(_) => 0,
            Err(Infeasible::NoRecords) => 1,
            Err(Infeasible::ContradictoryLimits { .. }) => 2,
            Err(Infeasible::TooFewRecords { .. }) => 3,
            Err(Infeasible::RecordTooLarge { .. }) => 4,
            Err(Infeasible::CountsDoNotFit { .. }) => 5,
            Err(Infeasible::MinRecordsTooLarge { .. }) => 6,
            Err(Infeasible::NoPartition { .. }) => 7,
            Err(err) => panic!("a new variant: {err:?}"),
        };
        seen[slot] += 1;
    }
    assert!(seen.iter().all(|&count| count >= 5), "outcomes: {seen:?}");
    assert!(seen[0] >= 500, "outcomes: {seen:?}");
}
