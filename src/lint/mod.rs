//! The check pipeline: read → parse → validate → cross-field rules → batch
//! rules, streaming over blocks of lines, the per-line stages on all cores
//! (feature `parallel`; without it, every block is examined on the calling
//! thread, as small blocks always are).
//!
//! This file holds the public types and the scheduling of blocks
//! ([`Linter::check_into`]); the stages have a file each: `file` (the file as
//! a whole, from its name and first block), `examine` (each line on its
//! own, in parallel) and `observe` (the lines in file order, and the end).

use std::io::Read;
use std::path::Path;

use serde::Serialize;

use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::input::{Compression, Decoded};
use crate::profile::Profile;
use crate::reader::{Block, LineReader};
use crate::shape::Shape;
use crate::thousands;

mod examine;
mod file;
mod observe;
mod sink;
mod totals;

use sink::Outbox;
pub use sink::{LineOutcome, Sink};
pub use totals::Totals;

use examine::{Examined, UniformValue};
use file::{bom_diagnostic, not_json_lines, sniffed_diagnostic};
use observe::State;

/// Bytes read per block: the unit of parallel work.
const BLOCK_SIZE: usize = 2 << 20;
/// Blocks smaller than this are checked on the calling thread: a small file
/// pays for no thread pool.
const PARALLEL_MIN: usize = 256 << 10;
/// Blank lines held back while no record has been seen (a file of nothing
/// but whitespace gets one `BL006` instead of a `BL003` per line).
const PENDING_BLANKS: usize = 1024;
/// Characters over which an id is unusually long (`BL406`).
const LONG_ID: usize = 255;

/// Counts for one checked file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Summary {
    /// Physical lines.
    pub lines: u64,
    /// Records: lines that are not blank.
    pub records: u64,
    /// Blank (empty or whitespace-only) lines.
    pub blank_lines: u64,
    /// Size in bytes.
    pub bytes: u64,
    /// Diagnostics with severity error.
    pub errors: u64,
    /// Diagnostics with severity warning.
    pub warnings: u64,
    /// The compression the input was read through, if any: then lines,
    /// columns, offsets and `bytes` refer to the decompressed text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compression: Option<Compression>,
}

/// Counts for `check --statistics`: diagnostics per code, and for the
/// profile's key fields (model, endpoint, url) how many records have each value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Statistics {
    /// Diagnostics per code (after severity overrides; codes turned off are not counted).
    pub codes: std::collections::BTreeMap<Code, u64>,
    /// Per key field (a JSON Pointer): records per value (compact JSON text).
    /// At most [`Statistics::MAX_VALUES`] distinct values are kept per field;
    /// the rest are counted under `"(other)"`.
    pub values: std::collections::BTreeMap<String, std::collections::BTreeMap<String, u64>>,
}

impl Statistics {
    /// Distinct values kept per field.
    pub const MAX_VALUES: usize = 1000;

    fn count_value(&mut self, pointer: &str, value: String) {
        let counts = self.values.entry(pointer.to_owned()).or_default();
        let key =
            if counts.len() >= Self::MAX_VALUES && !counts.contains_key(&value) { "(other)".to_owned() } else { value };
        *counts.entry(key).or_default() += 1;
    }
}

/// The diagnostics and summary of one file.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct FileReport {
    /// The file's path as given (`-` for standard input).
    pub path: String,
    /// Counts.
    pub summary: Summary,
    /// Every diagnostic, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks files against a [`Profile`].
///
/// # Examples
/// ```
/// use batchlint::{Linter, Profile, Code};
///
/// let linter = Linter::new(Profile::sync()?);
/// let input = "{\"request_id\": \"a\", \"endpoint\": \"/v2/generate\", \"payload\": {\"model\": \"lipsync2\", \"input\": []}}\n";
/// let mut found = Vec::new();
/// let summary = linter.check_reader(input.as_bytes(), |d| found.push(d))?;
/// assert_eq!(summary.records, 1);
/// let typo = found.iter().find(|d| d.code == Code::InvalidValue).unwrap();
/// assert_eq!((typo.line, typo.column), (1, 70));
/// assert_eq!(typo.help.as_deref(), Some("did you mean `lipsync-2`?"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Linter {
    profile: Profile,
    /// Whether values of the profile's key fields are counted.
    statistics: bool,
    /// The checks of the sync fast path, derived from the profile's schema,
    /// when it applies: the profile allows it and has the sync rules, its ids
    /// are the `request_id`s the fast path reads, it has no `uniform` values
    /// (which the fast path does not collect), and the derivation understood
    /// the schema.
    fast: Option<std::sync::Arc<crate::fastpath::Checks>>,
    /// When clean records are recognised on a tape (`crate::tape`): the
    /// profile allows fast paths and has a schema. The pointers read there,
    /// split once.
    tape: Option<TapePaths>,
    /// The keys the profile's schema requires and allows at the top of a
    /// record, read when a record first needs them (`BL208`).
    shape: std::sync::OnceLock<Option<Shape>>,
}

/// The pointers the tape path reads on every clean record, as reference
/// tokens (`None`: a pointer that finds nothing).
#[derive(Clone, Debug)]
struct TapePaths {
    id: Option<Vec<String>>,
    uniform: Vec<Option<Vec<String>>>,
}

impl TapePaths {
    fn of(profile: &Profile) -> Self {
        let split = |pointer: &str| {
            (pointer.is_empty() || pointer.starts_with('/'))
                .then(|| crate::locate::tokens(pointer).map(std::borrow::Cow::into_owned).collect())
        };
        TapePaths {
            id: profile.id_pointer.as_deref().and_then(split),
            uniform: profile.uniform.iter().map(|pointer| split(pointer)).collect(),
        }
    }
}

/// Opens an input file for reading, refusing a folder with a clear message.
///
/// # Errors
/// [`Error::Io`] when it cannot be opened or is a folder.
pub(crate) fn open_input(path: &Path) -> Result<(std::fs::File, std::fs::Metadata), Error> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let metadata = file.metadata().map_err(|e| Error::io(path, e))?;
    if metadata.is_dir() {
        return Err(Error::io(
            path,
            std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a directory, not a file"),
        ));
    }
    Ok((file, metadata))
}

impl Linter {
    /// A linter for `profile`.
    #[must_use]
    pub fn new(profile: Profile) -> Self {
        let fast = (profile.fast_path
            && profile.rules == crate::rules::RuleSet::Sync
            && profile.id_pointer.as_deref().is_none_or(|p| p == "/request_id")
            && profile.uniform.is_empty())
        .then(|| crate::fastpath::Checks::of(profile.schema.as_ref()?.document()))
        .flatten()
        .map(std::sync::Arc::new);
        let tape = (profile.fast_path && profile.schema.is_some()).then(|| TapePaths::of(&profile));
        Linter { profile, fast, tape, statistics: false, shape: std::sync::OnceLock::new() }
    }

    /// Also counts the values of the profile's key fields (see
    /// [`Linter::check_reader_with_statistics`]).
    #[must_use]
    pub fn with_statistics(mut self, on: bool) -> Self {
        self.statistics = on;
        self
    }

    /// [`Linter::check_reader`], also returning [`Statistics`]: diagnostics
    /// per code and, when [`Linter::with_statistics`] is on, records per value
    /// of the profile's key fields.
    ///
    /// # Errors
    /// The reader's I/O errors.
    pub fn check_reader_with_statistics<R: Read + Send>(
        &self,
        reader: R,
        sink: impl FnMut(Diagnostic),
    ) -> std::io::Result<(Summary, Statistics)> {
        let mut sink = KeepStatistics { sink, statistics: Statistics::default() };
        let summary = self.check_into(reader, None, &mut sink)?;
        Ok((summary, sink.statistics))
    }

    /// The profile in use.
    #[must_use]
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// Checks a file, collecting its diagnostics.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be opened or read.
    pub fn check_path(&self, path: &Path) -> Result<FileReport, Error> {
        let (file, _) = open_input(path)?;
        let mut diagnostics = Vec::new();
        let summary =
            self.check_into(file, Some(path), &mut |d| diagnostics.push(d)).map_err(|e| Error::io(path, e))?;
        Ok(FileReport { path: path.display().to_string(), summary, diagnostics })
    }

    /// [`Linter::check_reader_with_statistics`] for the content of the file
    /// at `path`, whose name the profile may also rule on (`BL407`).
    ///
    /// # Errors
    /// The reader's I/O errors.
    pub fn check_file_reader_with_statistics<R: Read + Send>(
        &self,
        reader: R,
        path: &Path,
        sink: impl FnMut(Diagnostic),
    ) -> std::io::Result<(Summary, Statistics)> {
        let mut sink = KeepStatistics { sink, statistics: Statistics::default() };
        let summary = self.check_into(reader, Some(path), &mut sink)?;
        Ok((summary, sink.statistics))
    }

    /// Checks everything `reader` yields, handing each diagnostic to `sink` in
    /// file order as soon as it is known. Memory stays bounded whatever the
    /// input's size, apart from the set of ids seen.
    ///
    /// # Errors
    /// The reader's I/O errors.
    pub fn check_reader<R: Read + Send>(
        &self,
        reader: R,
        mut sink: impl FnMut(Diagnostic),
    ) -> std::io::Result<Summary> {
        self.check_into(reader, None, &mut sink)
    }

    /// The pipeline: checks everything `reader` yields, the content of the
    /// file at `name` if it is one (whose name the profile may rule on,
    /// `BL407`), and hands the results to `sink` in file order: every
    /// diagnostic, every line's outcome, then the end of the file. The
    /// other `check_*` methods are this with a sink of their own.
    ///
    /// # Errors
    /// The reader's I/O errors.
    pub fn check_into<R: Read + Send>(
        &self,
        reader: R,
        name: Option<&Path>,
        sink: &mut dyn Sink,
    ) -> std::io::Result<Summary> {
        let limits = self.profile.limits;
        let line_limit = usize::try_from(limits.line_limit()).unwrap_or(usize::MAX);
        let reader = Decoded::new(reader)?;
        let compression = reader.compression();
        let mut lines = LineReader::new(reader, BLOCK_SIZE, line_limit);
        let mut state = State::default();
        state.summary.compression = compression;
        if let Some(d) = name.and_then(|name| self.file_name_diagnostic(name, compression)) {
            state.emit(&self.profile, d, sink);
        }
        let mut next = lines.next_block().map_err(|e| read_error(e, lines.lines_read(), compression))?;
        let mut first = true;
        let mut waiting: Option<(Block, Vec<Examined>)> = None;
        // What the ordered stage found of the block before `waiting`, not
        // yet handed to `sink`.
        let mut outbox = Outbox::default();
        // The results and the outbox of the block observed last, emptied,
        // for the next block's: each block's results (and outbox, and line
        // list) go into one of two vectors that stay, not into a new one made
        // on one thread and dropped on another (the allocator would hold on
        // to them).
        let mut spare: Vec<Examined> = Vec::new();
        let mut spare_outbox = Outbox::default();
        while let Some(block) = next {
            if std::mem::take(&mut first) {
                if let Some(found) = crate::sniff::sniff(lines.head()) {
                    state.emit(&self.profile, sniffed_diagnostic(found, lines.head()), sink);
                    state.abandoned = true;
                    break;
                }
                if lines.had_bom() {
                    state.emit(&self.profile, bom_diagnostic(&block), sink);
                }
                if let Some(d) = not_json_lines(&block, lines.finished()) {
                    state.emit(&self.profile, d, sink);
                    state.abandoned = true;
                    break;
                }
            }
            // Small blocks are examined on this thread, and so are the blocks
            // of a check that runs as a task of the pool itself (files
            // checked side by side): a join would block a pool thread that
            // the examination needs (a deadlock on a small pool).
            let small = !cfg!(feature = "parallel") || block.data.len() < PARALLEL_MIN;
            let (examined, following) = if small || on_pool() {
                outbox.deliver(sink);
                if let Some((done, mut found)) = waiting.take() {
                    self.observe_block(&mut state, &done, &mut found, sink);
                    lines.recycle(done);
                    spare = found;
                }
                let mut examined = std::mem::take(&mut spare);
                if small {
                    examined.extend(block.lines.iter().map(|l| self.examine(l, &block.data)));
                } else {
                    self.examine_parallel(&block, &mut examined);
                }
                (examined, lines.next_block())
            } else {
                // One task of the pool examines this block while another
                // observes the one before and reads the next, so that the
                // pool's threads share both stages (the one done first helps
                // with the other); what the ordered stage hands on is kept
                // and delivered here, to a sink that stays on this thread,
                // while the pool works on.
                let mut examined = std::mem::take(&mut spare);
                let ((), (observed, following)) = std::thread::scope(|scope| {
                    let worker = scope.spawn(|| {
                        join(
                            || self.examine_parallel(&block, &mut examined),
                            || {
                                let mut observed = std::mem::take(&mut spare_outbox);
                                if let Some((done, mut found)) = waiting.take() {
                                    self.observe_block(&mut state, &done, &mut found, &mut observed);
                                    lines.recycle(done);
                                    spare = found;
                                }
                                (observed, lines.next_block())
                            },
                        )
                    });
                    outbox.deliver(sink);
                    worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                });
                spare_outbox = std::mem::replace(&mut outbox, observed);
                (examined, following)
            };
            waiting = Some((block, examined));
            next = match following {
                Ok(next) => next,
                Err(e) => {
                    // What was read before the error is reported first.
                    outbox.deliver(sink);
                    if let Some((done, mut found)) = waiting.take() {
                        self.observe_block(&mut state, &done, &mut found, sink);
                    }
                    return Err(read_error(e, lines.lines_read(), compression));
                }
            };
        }
        outbox.deliver(sink);
        if let Some((done, mut found)) = waiting.take() {
            self.observe_block(&mut state, &done, &mut found, sink);
        }
        if state.abandoned {
            // Read to the end, unchecked, so that `bytes` is the input's size.
            lines.skip_rest().map_err(|e| read_error(e, lines.lines_read(), compression))?;
        }
        state.summary.bytes = lines.position();
        self.finish(&mut state, sink);
        sink.end(&state.summary, std::mem::take(&mut state.statistics));
        Ok(state.summary)
    }
}

/// Whether this thread is one of the thread pool's.
fn on_pool() -> bool {
    #[cfg(feature = "parallel")]
    return rayon::current_thread_index().is_some();
    #[cfg(not(feature = "parallel"))]
    false
}

/// Runs `a` and `b`, side by side on the pool's threads when there is a pool.
fn join<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    #[cfg(feature = "parallel")]
    return rayon::join(a, b);
    #[cfg(not(feature = "parallel"))]
    (a(), b())
}

/// A sink that keeps the statistics of the end of the file.
struct KeepStatistics<F> {
    sink: F,
    statistics: Statistics,
}

impl<F: FnMut(Diagnostic)> Sink for KeepStatistics<F> {
    fn diagnostic(&mut self, diagnostic: Diagnostic) {
        (self.sink)(diagnostic);
    }

    fn end(&mut self, _summary: &Summary, statistics: Statistics) {
        self.statistics = statistics;
    }
}

/// A read error, saying after which line compressed data broke off (not
/// for a stop requested by Ctrl-C, which is not the data's fault).
fn read_error(e: std::io::Error, lines: u64, compression: Option<Compression>) -> std::io::Error {
    match compression {
        Some(c) if crate::interrupt::requested().is_none() => std::io::Error::new(
            e.kind(),
            match lines {
                0 => format!("the {} data is corrupt or cut short in its first line: {e}", c.name()),
                n => format!("the {} data is corrupt or cut short after line {}: {e}", c.name(), thousands(n)),
            },
        ),
        _ => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn codes(profile: Profile, input: &str) -> (Vec<(Code, Severity)>, Summary) {
        let mut found = Vec::new();
        let summary =
            Linter::new(profile).check_reader(input.as_bytes(), |d| found.push((d.code, d.severity))).unwrap();
        (found, summary)
    }

    const RECORD: &str = r#"{"request_id":"a","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://v/a"},{"type":"audio","url":"https://a/a"}],"extra":1}}"#;

    #[test]
    fn severities_can_be_changed_or_turned_off() {
        let mut profile = Profile::sync().unwrap();
        profile.limits.min_records = None;
        let input = format!("{RECORD}\n\n");
        let (found, _) = codes(profile.clone(), &input);
        assert_eq!(found, [(Code::UnknownKey, Severity::Warning), (Code::BlankLine, Severity::Error)]);
        profile.severities.insert(Code::UnknownKey, None);
        profile.severities.insert(Code::BlankLine, Some(Severity::Warning));
        let (found, summary) = codes(profile, &input);
        assert_eq!(found, [(Code::BlankLine, Severity::Warning)]);
        assert_eq!((summary.errors, summary.warnings), (0, 1));
    }

    /// Ten blocks of records, some broken, some repeating an id of an
    /// earlier block.
    fn many_blocks() -> String {
        let clean = |i: usize| RECORD.replace(r#""a""#, &format!(r#""id-{i}""#)).replace(r#","extra":1"#, "");
        let mut input = String::new();
        let mut i = 0;
        while input.len() < 10 * BLOCK_SIZE {
            let line = match i % 997 {
                5 => clean(i).replace("lipsync-2", "lipsync-9"),
                11 => clean(i / 2),
                17 => clean(i)[..40].to_owned(),
                _ => clean(i),
            };
            input.push_str(&line);
            input.push('\n');
            i += 1;
        }
        input
    }

    /// Each diagnostic's line, code and column, in the order given.
    fn found(linter: &Linter, input: &[u8]) -> Vec<(u64, Code, u64)> {
        let mut found = Vec::new();
        linter.check_reader(input, |d| found.push((d.line, d.code, d.column))).unwrap();
        found
    }

    #[test]
    fn blocks_examined_beside_the_ordered_stage_are_observed_in_file_order() {
        let linter = Linter::new(Profile::sync().unwrap());
        let input = many_blocks();
        let beside = found(&linter, input.as_bytes());
        assert!(beside.windows(2).all(|w| w[0].0 <= w[1].0), "not in file order");
        let codes: std::collections::HashSet<_> = beside.iter().map(|f| f.1).collect();
        assert!(codes.contains(&Code::DuplicateId) && codes.contains(&Code::InvalidJson), "{codes:?}");
        // On a pool thread, each block is examined before the next is read.
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
        let one_at_a_time = pool.install(|| found(&linter, input.as_bytes()));
        assert_eq!(beside, one_at_a_time);
    }

    /// Records what a sink is handed: a diagnostic's line, or a line's outcome.
    #[derive(Default)]
    struct Recorded(Vec<(bool, u64)>);

    impl Sink for Recorded {
        fn diagnostic(&mut self, d: Diagnostic) {
            self.0.push((false, d.line));
        }

        fn line(&mut self, line: &LineOutcome) {
            self.0.push((true, line.number));
        }
    }

    #[test]
    fn every_line_reaches_the_sink_once_in_order_after_its_diagnostics() {
        let linter = Linter::new(Profile::sync().unwrap());
        let input = many_blocks();
        // Whole lines, the last block large enough for the pool.
        let cut = &input.as_bytes()[..9 * BLOCK_SIZE + BLOCK_SIZE / 2];
        let input = &cut[..=cut.iter().rposition(|&b| b == b'\n').unwrap()];
        let mut sink = Recorded::default();
        let summary = linter.check_into(input, None, &mut sink).unwrap();
        let outcomes: Vec<u64> = sink.0.iter().filter(|e| e.0).map(|e| e.1).collect();
        assert_eq!(outcomes, (1..=summary.lines).collect::<Vec<_>>());
        // A line's diagnostics come right before its outcome; the file's
        // (line 1 or the last line, placed at the end) after every outcome.
        let mut next_line = 1;
        let mut diagnostics = 0;
        for &(outcome, line) in &sink.0 {
            if outcome {
                next_line = line + 1;
            } else if next_line <= summary.lines {
                assert_eq!(line, next_line, "a diagnostic of line {line} before line {next_line}'s outcome");
                diagnostics += 1;
            }
        }
        assert!(diagnostics > 20, "{diagnostics}");
    }

    /// Yields its input, then fails.
    struct FailsAfter<'a>(&'a [u8]);

    impl Read for FailsAfter<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0.is_empty() {
                return Err(std::io::Error::other("the disk went away"));
            }
            self.0.read(buf)
        }
    }

    #[test]
    fn a_read_error_comes_after_every_line_read_before_it() {
        let linter = Linter::new(Profile::sync().unwrap());
        let input = many_blocks();
        let cut = &input.as_bytes()[..7 * BLOCK_SIZE + 100];
        let whole_lines = &cut[..=cut.iter().rposition(|&b| b == b'\n').unwrap()];
        let mut seen = Vec::new();
        let error = linter.check_reader(FailsAfter(cut), |d| seen.push((d.line, d.code, d.column))).unwrap_err();
        assert!(error.to_string().contains("the disk went away"), "{error}");
        let mut expected = found(&linter, whole_lines);
        // The end of the file is never reached: no file-level diagnostics.
        expected.retain(|f| !matches!(f.1, Code::TooFewRecords | Code::TooManyRecords | Code::FileTooLarge));
        // The lines of every block made before the error, in order; those
        // of the block being read when it came may be left out.
        assert_eq!(seen[..], expected[..seen.len()]);
        let lines_before = 1 + input.as_bytes()[..5 * BLOCK_SIZE].iter().filter(|&&b| b == b'\n').count() as u64;
        assert!(expected.iter().filter(|f| f.0 < lines_before).count() <= seen.len());
        assert!(seen.len() > 20, "{}", seen.len());
    }

    #[test]
    fn diagnostics_are_the_same_with_and_without_the_fast_path() {
        let mut profile = Profile::sync().unwrap();
        profile.limits.min_records = None;
        let clean = RECORD.replace(r#","extra":1"#, "");
        let iri = clean.replace("https://v/a", "https://v/vidéo").replace(r#""a""#, r#""b""#);
        let input = format!("{clean}\n{RECORD}\n{}\n{iri}\n", clean.replace("lipsync-2", "lipsync2"));
        let fast = codes(profile.clone(), &input);
        profile.fast_path = false;
        assert_eq!(fast, codes(profile.clone(), &input));
        let expected = [Code::DuplicateId, Code::UnknownKey, Code::DuplicateId, Code::InvalidValue, Code::NonAsciiUrl];
        assert_eq!(fast.0.iter().map(|d| d.0).collect::<Vec<_>>(), expected);
        // The tape path with the cross-field rules (the typed path off) agrees.
        let mut on_tape = Linter::new(Profile { fast_path: true, ..profile.clone() });
        on_tape.fast = None;
        let mut found = Vec::new();
        let summary = on_tape.check_reader(input.as_bytes(), |d| found.push((d.code, d.severity))).unwrap();
        assert_eq!((found, summary), fast);
        // And without the rules.
        profile.rules = crate::rules::RuleSet::None;
        let full = codes(profile.clone(), &input);
        profile.fast_path = true;
        assert_eq!(codes(profile, &input), full);
    }

    #[test]
    fn a_deprecated_key_is_found_however_its_name_is_written() {
        let mut profile = Profile::by_name("openai").unwrap();
        profile.limits.min_records = None;
        let line = |id: &str, key: &str| {
            format!(
                r#"{{"custom_id":"{id}","method":"POST","url":"/v1/chat/completions","body":{{"model":"gpt-4o-mini","messages":[{{"role":"user","content":"hi"}}],"{key}":5}}}}"#
            )
        };
        // `max_tokens` plainly, with an escape in its name, and a key that is not deprecated.
        let input = format!(
            "{}\n{}\n{}\n",
            line("a", "max_tokens"),
            line("b", r"max\u005ftokens"),
            line("c", "max_completion_tokens")
        );
        let fast = codes(profile.clone(), &input);
        assert_eq!(fast.0, [(Code::DeprecatedField, Severity::Warning), (Code::DeprecatedField, Severity::Warning)]);
        profile.fast_path = false;
        assert_eq!(codes(profile, &input), fast);
    }

    #[test]
    fn a_line_over_its_maximum_lists_its_first_problems_in_line_order() {
        let mut profile = Profile::sync().unwrap();
        profile.limits.min_records = None;
        profile.max_per_line = 2;
        let record = RECORD.replace(r#""extra":1"#, r#""zz":1,"aa":2,"mm":3"#);
        let linter = Linter::new(profile);
        let (found, _) = reported(&linter, &format!("{record}\n"));
        let keys: Vec<&str> = found.iter().map(|d| &record[d.span.start as usize..d.span.end as usize]).collect();
        // The first two keys on the line, not the first two by name; then the count of the rest.
        assert_eq!(keys[..2], [r#""zz""#, r#""aa""#]);
        assert_eq!(
            found.iter().map(|d| d.code).collect::<Vec<_>>(),
            [Code::UnknownKey, Code::UnknownKey, Code::MoreProblems]
        );
    }

    /// A sync record every cross-field rule reads: two inputs with a
    /// `refId`, react-1 options, segments with times.
    const RULED: &str = r#"{"request_id":"r","endpoint":"/v2/generate","payload":{"model":"react-1","input":[{"type":"video","url":"https://v/a"},{"type":"audio","url":"https://a/a","refId":"a1"}],"options":{"model_mode":"face","prompt":"happy"},"segments":[{"startTime":0,"endTime":1,"audioInput":{"refId":"a1","startTime":0,"endTime":2}}]}}"#;

    /// Pieces that turn [`RULED`] into nearly valid records.
    const PIECES: [&str; 14] = [
        "\"",
        ",",
        "null",
        "1",
        "0.5",
        "\"a2\"",
        "\"image\"",
        "\"lipsync-2\"",
        "{}",
        "[]",
        "\"url\":\"x\",",
        " ",
        "\"video\"",
        "3",
    ];

    fn reported(linter: &Linter, input: &str) -> (Vec<Diagnostic>, Summary) {
        let mut found = Vec::new();
        let summary = linter.check_reader(input.as_bytes(), |d| found.push(d)).unwrap();
        (found, summary)
    }

    /// The sync profile with the tape path and its cross-field rules (the
    /// typed path off), and with the full path alone.
    fn ruled_linters() -> (Linter, Linter) {
        let mut profile = Profile::sync().unwrap();
        profile.limits.min_records = None;
        let mut on_tape = Linter::new(profile.clone());
        on_tape.fast = None;
        (on_tape, Linter::new(Profile { fast_path: false, ..profile }))
    }

    #[test]
    fn the_tape_path_leaves_what_the_rules_find_to_the_full_path() {
        let (on_tape, full) = ruled_linters();
        let (clean, _) = reported(&on_tape, &format!("{RULED}\n"));
        assert_eq!(clean, []);
        // Each breaks one rule and no schema constraint.
        let broken = [
            RULED.replace(r#""refId":"a1","startTime""#, r#""refId":"a2","startTime""#),
            RULED.replace(r#""endTime":2"#, r#""endTime":0"#),
            RULED.replace("react-1", "lipsync-2"),
            RULED.replace(r#""type":"audio""#, r#""type":"video""#),
            RULED
                .replace(r#""type":"video","url":"https://v/a""#, r#""type":"image","url":"https://v/a""#)
                .replace("react-1", "lipsync-2"),
            RULED.replace(r#""url":"https://v/a""#, r#""url":"https://v/a","assetId":"x""#),
        ];
        for record in broken {
            let input = format!("{record}\n");
            let found = reported(&on_tape, &input);
            assert!(found.0.iter().any(|d| d.code.as_str().starts_with("BL30")), "{record}: {:?}", found.0);
            assert_eq!(found, reported(&full, &input), "{record}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        /// Records near one every sync rule reads: the tape path with the
        /// cross-field rules (the typed path off) reports what the full path
        /// reports.
        #[test]
        fn the_tape_path_with_rules_reports_what_the_full_path_reports(
            edits in proptest::collection::vec((0..RULED.len(), 0..4usize, 0..PIECES.len()), 0..4)
        ) {
            let (on_tape, full) = ruled_linters();
            let input = format!("{}\n{RULED}\n", crate::testing::apply_edits(RULED, &PIECES, &edits));
            proptest::prop_assert_eq!(reported(&on_tape, &input), reported(&full, &input), "{}", input);
        }
    }
}
