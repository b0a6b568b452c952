//! The blank lines a scan skipped, kept as runs of consecutive lines: ten
//! million blank lines in a row take one run, not eighty megabytes.

/// A run of consecutive blank lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Run {
    /// Its first line (1-based).
    first: u64,
    /// How many lines it has.
    count: u64,
    /// How many blank lines the runs before it have.
    before: u64,
}

/// The line numbers of blank lines, in increasing order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BlankLines {
    runs: Vec<Run>,
}

impl BlankLines {
    /// Adds `line`, which comes after every line added before.
    pub fn push(&mut self, line: u64) {
        match self.runs.last_mut() {
            Some(run) if run.first + run.count == line => run.count += 1,
            last => {
                let before = last.map_or(0, |run| run.before + run.count);
                self.runs.push(Run { first: line, count: 1, before });
            }
        }
    }

    /// How many blank lines there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.runs.last().map_or(0, |run| (run.before + run.count) as usize)
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// How many blank lines are at or before `line`.
    #[must_use]
    pub fn count_up_to(&self, line: u64) -> u64 {
        let after = self.runs.partition_point(|run| run.first <= line);
        match after.checked_sub(1).map(|i| self.runs[i]) {
            Some(run) => run.before + run.count.min(line - run.first + 1),
            None => 0,
        }
    }

    /// The line numbers, in order.
    pub fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        self.runs.iter().flat_map(|run| run.first..run.first + run.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_answer_as_a_list_of_lines_would() {
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for round in 0..200 {
            let mut blanks = BlankLines::default();
            let mut list = Vec::new();
            for line in 1..=(round % 60) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                if !x.is_multiple_of(3) {
                    blanks.push(line);
                    list.push(line);
                }
            }
            assert_eq!(blanks.len(), list.len());
            assert_eq!(blanks.is_empty(), list.is_empty());
            assert_eq!(blanks.iter().collect::<Vec<_>>(), list);
            for line in 0..=(round % 60) + 1 {
                assert_eq!(blanks.count_up_to(line), list.iter().filter(|&&b| b <= line).count() as u64, "{line}");
            }
        }
    }

    #[test]
    fn consecutive_lines_take_one_run() {
        let mut blanks = BlankLines::default();
        (5..10_005).for_each(|line| blanks.push(line));
        blanks.push(20_000);
        assert_eq!((blanks.runs.len(), blanks.len(), blanks.count_up_to(10_004)), (2, 10_001, 10_000));
    }
}
