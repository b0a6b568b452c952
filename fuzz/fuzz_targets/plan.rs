//! The split planner on arbitrary record sizes and limits. Every `Ok` plan is
//! valid: contiguous chunks, in order, covering every record once, each within
//! the limits, with its byte total. Up to 300 records, an `Err` must mean no
//! valid partition exists (a dynamic program decides). Up to 10 records, the
//! plan must be the one the planner promises, found by trying every partition:
//! the fewest chunks, then the smallest largest chunk, then front-loaded.
#![no_main]

use arbitrary::Arbitrary;
use batchlint::split::plan::{ChunkLimits, Plan, plan};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    /// Small sizes (0 to 255 bytes) or any `u64`.
    small: bool,
    min_records: u8,
    max_records: Option<u8>,
    max_bytes: Option<u16>,
    huge: Option<u64>,
    sizes: Vec<u64>,
}

fn valid(prefix: &[u128], limits: &ChunkLimits, q: usize, p: usize) -> bool {
    let records = (p - q) as u64;
    records >= 1
        && records >= limits.min_records
        && limits.max_records.is_none_or(|m| records <= m)
        && limits.max_bytes.is_none_or(|m| prefix[p] - prefix[q] <= u128::from(m))
}

fn check_plan(sizes: &[u64], prefix: &[u128], limits: &ChunkLimits, plan: &Plan) {
    let mut start = 0;
    for c in &plan.chunks {
        assert_eq!(c.start, start, "contiguous, in order: {plan:?}");
        assert!(c.end > c.start && c.end <= sizes.len(), "{c:?}");
        assert!(valid(prefix, limits, c.start, c.end), "{c:?} breaks {limits:?}");
        let bytes = prefix[c.end] - prefix[c.start];
        assert_eq!(c.bytes, u64::try_from(bytes).unwrap_or(u64::MAX), "{c:?}");
        start = c.end;
    }
    assert_eq!(start, sizes.len(), "every record in a chunk: {plan:?}");
}

/// Whether some partition exists (of at least one record): O(n²).
fn feasible(n: usize, prefix: &[u128], limits: &ChunkLimits) -> bool {
    if n == 0 {
        return false;
    }
    let mut reach = vec![false; n + 1];
    reach[0] = true;
    for p in 1..=n {
        reach[p] = (0..p).any(|q| reach[q] && valid(prefix, limits, q, p));
    }
    reach[n]
}

/// The best partition by brute force, as chunk record counts.
fn best(n: usize, prefix: &[u128], limits: &ChunkLimits) -> Option<Vec<usize>> {
    let mut best: Option<(usize, usize, Vec<usize>)> = None;
    for cuts in 0u32..1 << (n - 1) {
        let mut counts = Vec::new();
        let (mut q, mut ok) = (0, true);
        for p in 1..=n {
            if p == n || cuts & (1 << (p - 1)) != 0 {
                ok &= valid(prefix, limits, q, p);
                counts.push(p - q);
                q = p;
            }
        }
        if !ok {
            continue;
        }
        let key = (counts.len(), *counts.iter().max().unwrap());
        // Fewest chunks, then smallest largest; then front-loaded: the counts
        // are lexicographically greatest.
        let better = match &best {
            None => true,
            Some((k, largest, c)) => key < (*k, *largest) || (key == (*k, *largest) && counts > *c),
        };
        if better {
            best = Some((key.0, key.1, counts));
        }
    }
    best.map(|b| b.2)
}

fuzz_target!(|input: Input| {
    let mut sizes: Vec<u64> = input.sizes.iter().take(2000).map(|&s| if input.small { s % 256 } else { s }).collect();
    if let (Some(huge), false) = (input.huge, sizes.is_empty()) {
        let at = (huge as usize) % sizes.len();
        sizes[at] = huge;
    }
    let limits = ChunkLimits::new(
        u64::from(input.min_records % 16),
        input.max_records.map(|m| u64::from(m % 32)),
        input.max_bytes.map(u64::from),
    );
    let n = sizes.len();
    let mut prefix = vec![0u128; n + 1];
    for (i, &s) in sizes.iter().enumerate() {
        prefix[i + 1] = prefix[i] + u128::from(s);
    }
    let result = plan(&sizes, &limits);
    match &result {
        Ok(p) => check_plan(&sizes, &prefix, &limits, p),
        Err(e) => assert!(!e.to_string().is_empty()),
    }
    if n <= 300 {
        assert_eq!(result.is_ok(), feasible(n, &prefix, &limits), "{limits:?} {sizes:?}: {result:?}");
    }
    if (1..=10).contains(&n) {
        let counts = result.as_ref().ok().map(|p| p.chunks.iter().map(|c| c.records()).collect::<Vec<_>>());
        assert_eq!(counts, best(n, &prefix, &limits), "{limits:?} {sizes:?}");
    }
});
