//! The check pipeline: read → parse → validate → cross-field rules → batch
//! rules, streaming over blocks of lines, the per-line stages on all cores
//! (feature `parallel`; without it, every block is examined on the calling
//! thread, as small blocks always are).

use std::io::Read;
use std::path::Path;

#[cfg(feature = "parallel")]
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::batch::{IdFact, IdKey, IdSet, Totals, limit_diagnostics, thousands};
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, LineDiagnostics, LineRef, Severity, Span, printable, snippet};
use crate::error::Error;
use crate::input::{Compression, Decoded};
use crate::locate::{duplicate_keys, value_span, value_span_unique};
use crate::parse::parse_line;
use crate::profile::Profile;
use crate::reader::{BOM, Block, LineReader, RawLine};
use crate::shape::Shape;
use crate::tape::Tape;
use crate::validate::validate_record;

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

/// What the ordered stage learns about one line.
#[derive(Debug)]
pub(crate) struct LineOutcome {
    pub(crate) number: u64,
    /// Absolute offset of the line's first byte (after a BOM on line 1).
    pub(crate) start: u64,
    /// Content length without terminator.
    pub(crate) len: u64,
    pub(crate) blank: bool,
    /// Whether the line has a diagnostic with severity error.
    pub(crate) has_error: bool,
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
    /// Whether the sync fast path applies: the profile allows it, its ids
    /// are the `request_id`s the fast path reads, and it has no `uniform`
    /// values (which the fast path does not collect).
    fast: bool,
    /// Whether clean records are recognised on a [`Tape`]: the profile
    /// allows fast paths, has a schema and no cross-field rules.
    tape: bool,
    /// The keys the profile's schema requires and allows at the top of a
    /// record, read when a record first needs them (`BL208`).
    shape: std::sync::OnceLock<Option<Shape>>,
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

/// What the per-line stages found on one line.
#[derive(Default)]
struct Examined {
    diagnostics: Vec<Diagnostic>,
    blank: bool,
    id: Option<IdFact>,
    /// The values at the profile's `uniform` pointers, in their order.
    uniform: Vec<Option<UniformValue>>,
    /// With statistics on: the values at the profile's `statistics` pointers.
    stats: Vec<Option<String>>,
    /// For a record written for another profile: the one diagnostic that
    /// stands for its schema and rule diagnostics (`BL208`), shown for the
    /// first such record of a file only.
    foreign: Option<Diagnostic>,
}

/// What the tape path found of a line.
#[allow(clippy::large_enum_variant, reason = "returned once per line and matched at once, never stored")]
enum OnTape {
    /// The record is clean: what the full path would find.
    Clean(Examined),
    /// The schema finds the record invalid.
    Invalid,
    /// Not decided on the tape (not JSON, not an object, a repeated key, a
    /// deprecated key, no schema).
    Unknown,
}

/// A value that must be the same on every line, as found on one line.
struct UniformValue {
    /// Its compact JSON text.
    json: String,
    /// Whether the line has a repeated key: its span is then found by a
    /// scan that keeps the last occurrence, as the parsed value does.
    duplicate_keys: bool,
}

impl UniformValue {
    /// The value of `node`, on a line parsed onto a tape: a string without
    /// building a `Value`, which most of them are (a URL, a model).
    fn on_tape(node: crate::tape::TapeNode<'_>) -> Self {
        let json = match node.string() {
            Some(s) => Value::from(s).to_string(),
            None => node.value().to_string(),
        };
        UniformValue { json, duplicate_keys: false }
    }

    /// Where the value at `pointer` is on `text`, its line: looked for only
    /// on the line whose value is kept as the first and on lines that
    /// differ from it (most lines have the first's value, and a scan of the
    /// line costs more than the check).
    fn range(&self, text: &[u8], pointer: &str) -> std::ops::Range<usize> {
        let span = if self.duplicate_keys { value_span(text, pointer) } else { value_span_unique(text, pointer) };
        span.unwrap_or(0..text.len())
    }
}

impl Linter {
    /// A linter for `profile`.
    #[must_use]
    pub fn new(profile: Profile) -> Self {
        let fast = profile.fast_path
            && profile.rules == crate::rules::RuleSet::Sync
            && profile.id_pointer.as_deref().is_none_or(|p| p == "/request_id")
            && profile.uniform.is_empty();
        let tape = profile.fast_path && profile.rules == crate::rules::RuleSet::None && profile.schema.is_some();
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
        mut sink: impl FnMut(Diagnostic),
    ) -> std::io::Result<(Summary, Statistics)> {
        let mut stats = Statistics::default();
        let summary = self.run_with(reader, None, &mut sink, |_| {}, Some(&mut stats))?;
        Ok((summary, stats))
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
        let summary = self
            .run_with(file, Some(path), &mut |d| diagnostics.push(d), |_| {}, None)
            .map_err(|e| Error::io(path, e))?;
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
        mut sink: impl FnMut(Diagnostic),
    ) -> std::io::Result<(Summary, Statistics)> {
        let mut stats = Statistics::default();
        let summary = self.run_with(reader, Some(path), &mut sink, |_| {}, Some(&mut stats))?;
        Ok((summary, stats))
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
        self.run(reader, &mut sink, |_| {})
    }

    /// The pipeline; `on_line` sees every line in order (used by `split`).
    pub(crate) fn run<R: Read + Send>(
        &self,
        reader: R,
        sink: &mut dyn FnMut(Diagnostic),
        on_line: impl FnMut(&LineOutcome),
    ) -> std::io::Result<Summary> {
        self.run_with(reader, None, sink, on_line, None)
    }

    /// The pipeline over `reader`, the content of the file at `name` if it is
    /// one.
    fn run_with<R: Read + Send>(
        &self,
        reader: R,
        name: Option<&Path>,
        sink: &mut dyn FnMut(Diagnostic),
        mut on_line: impl FnMut(&LineOutcome),
        statistics: Option<&mut Statistics>,
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
            // The ordered stage of one block runs on this thread while the
            // next block is examined on the pool: the stages overlap.
            let (examined, following) = if !cfg!(feature = "parallel") || block.data.len() < PARALLEL_MIN {
                if let Some((done, found)) = waiting.take() {
                    self.observe_block(&mut state, &done, found, sink, &mut on_line);
                    lines.recycle(done);
                }
                let examined = block.lines.iter().map(|l| self.examine(l, &block.data)).collect::<Vec<_>>();
                (examined, lines.next_block())
            } else {
                #[cfg(not(feature = "parallel"))]
                unreachable!("blocks are examined in parallel only with the `parallel` feature");
                #[cfg(feature = "parallel")]
                std::thread::scope(|scope| {
                    let worker = scope.spawn(|| {
                        block
                            .lines
                            .par_iter()
                            .with_min_len(16)
                            .map(|l| self.examine(l, &block.data))
                            .collect::<Vec<_>>()
                    });
                    if let Some((done, found)) = waiting.take() {
                        self.observe_block(&mut state, &done, found, sink, &mut on_line);
                        lines.recycle(done);
                    }
                    let following = lines.next_block();
                    let examined = worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                    (examined, following)
                })
            };
            waiting = Some((block, examined));
            next = match following {
                Ok(next) => next,
                Err(e) => {
                    // What was read before the error is reported first.
                    if let Some((done, found)) = waiting.take() {
                        self.observe_block(&mut state, &done, found, sink, &mut on_line);
                    }
                    return Err(read_error(e, lines.lines_read(), compression));
                }
            };
        }
        if let Some((done, found)) = waiting.take() {
            self.observe_block(&mut state, &done, found, sink, &mut on_line);
        }
        if state.abandoned {
            // Read to the end, unchecked, so that `bytes` is the input's size.
            lines.skip_rest().map_err(|e| read_error(e, lines.lines_read(), compression))?;
        }
        state.summary.bytes = lines.position();
        self.finish(&mut state, sink);
        if let Some(out) = statistics {
            *out = std::mem::take(&mut state.statistics);
        }
        Ok(state.summary)
    }

    /// The ordered stage over one examined block.
    fn observe_block(
        &self,
        state: &mut State,
        block: &Block,
        examined: Vec<Examined>,
        sink: &mut dyn FnMut(Diagnostic),
        on_line: &mut impl FnMut(&LineOutcome),
    ) {
        for (raw, found) in block.lines.iter().zip(examined) {
            self.observe(state, raw, &block.data, found, sink, on_line);
        }
    }

    /// The per-line stages, free of shared state so they run in parallel.
    fn examine(&self, raw: &RawLine, data: &[u8]) -> Examined {
        let line = LineRef::new(raw.number, raw.start, &data[raw.content.clone()]);
        let mut diagnostics = Vec::new();
        if let Some(len) = raw.overlong {
            let shown = line.text.len().min(40);
            diagnostics.push(
                line.diagnostic(
                    Code::LineTooLong,
                    0..shown,
                    format!(
                        "line is {} bytes long; the limit is {} bytes",
                        thousands(len),
                        thousands(self.profile.limits.line_limit())
                    ),
                )
                .with_label("the line starts here")
                .with_help(
                    "the line was skipped without being read into memory; a record this large can never be sent",
                ),
            );
            return Examined { diagnostics, ..Examined::default() };
        }
        if line.text.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\x0c')) {
            return Examined { diagnostics, blank: true, ..Examined::default() };
        }
        if self.fast
            && let Some(id) = crate::fastpath::clean_sync_record(line.text)
        {
            let id = self.id_fact(id_key(b's', id.as_bytes()), &line, false);
            let stats = self.stat_values(&line, false);
            return Examined { diagnostics, id, stats, ..Examined::default() };
        }
        // Whether the schema already found the record invalid on the tape:
        // then the full path does not validate it once more before listing
        // its errors (one evaluation less per failing record).
        let mut invalid_on_tape = false;
        if self.tape {
            match self.clean_on_tape(&line) {
                OnTape::Clean(clean) => return clean,
                OnTape::Invalid => invalid_on_tape = true,
                OnTape::Unknown => {}
            }
        }
        let parsed = match parse_line(&line) {
            Ok(p) => p,
            Err(d) => match crate::parse::before_trailing_comma(line.text) {
                // Only a comma after the value: reported, and the value checked.
                Some(p) => {
                    diagnostics.push(*d);
                    p
                }
                None => return Examined { diagnostics: vec![*d], ..Examined::default() },
            },
        };
        if !parsed.value.is_object() {
            diagnostics.push(not_an_object(&line, &parsed.value));
            return Examined { diagnostics, ..Examined::default() };
        }
        let mut found = LineDiagnostics::new(self.profile.max_per_line.max(1));
        // The trailing comma's diagnostic, if any.
        diagnostics.into_iter().for_each(|d| found.push(d));
        if parsed.has_duplicate_keys {
            for dup in duplicate_keys(line.text) {
                found.add(Severity::Error, || {
                    let path = crate::validate::display_path(&dup.object);
                    let where_ = if dup.object.is_empty() { String::new() } else { format!(" in {path}") };
                    line.diagnostic(
                        Code::DuplicateKey,
                        dup.repeat.clone(),
                        format!("key `{}` appears twice{where_}", crate::diagnostic::printable(&dup.key)),
                    )
                    .with_instance_path(format!("{}/{}", dup.object, crate::locate::escape_token(&dup.key)))
                    .with_label("repeated key")
                    .with_related(line.related(dup.first.clone(), "first occurrence".to_owned()))
                    .with_help("JSON parsers disagree on which value wins (most keep the last): keep one")
                });
            }
        }
        let syntax = found.mark();
        if let Some(schema) = &self.profile.schema {
            let severity = self.profile.unknown_key_severity;
            validate_record(schema, severity, &parsed.value, &line, invalid_on_tape, &mut found);
        }
        self.profile.rules.check(&parsed.value, &line, &mut found);
        let foreign = if found.mark() != syntax { self.foreign(&parsed.value, &line) } else { None };
        if foreign.is_some() {
            found.reset(syntax);
        }
        let diagnostics = found.into_vec(&line);
        let id = self.id_of(&parsed.value, &line, parsed.has_duplicate_keys);
        let uniform = self
            .profile
            .uniform
            .iter()
            .map(|pointer| {
                let value = parsed.value.pointer(pointer)?;
                Some(UniformValue { json: value.to_string(), duplicate_keys: parsed.has_duplicate_keys })
            })
            .collect();
        let stats = self.stat_values(&line, parsed.has_duplicate_keys);
        Examined { diagnostics, blank: false, id, uniform, stats, foreign }
    }

    /// `BL407`: a file name without the extension the API requires (a
    /// compressed file's name without its `.gz`).
    fn file_name_diagnostic(&self, path: &Path, compression: Option<Compression>) -> Option<Diagnostic> {
        let wanted = self.profile.file_extension.as_deref()?;
        let name = path.file_name()?.to_string_lossy();
        let plain = if compression.is_some() { name.strip_suffix(".gz").unwrap_or(&name) } else { &name };
        let plain = Path::new(plain);
        if plain.extension().is_some_and(|e| e == wanted) {
            return None;
        }
        let stem = plain.file_stem().map_or("batch".into(), |s| s.to_string_lossy());
        let shown = printable(&name);
        Some(Diagnostic {
            code: Code::FileName,
            severity: Code::FileName.default_severity(),
            line: 1,
            column: 1,
            span: Span::default(),
            message: format!(
                "the file is named `{shown}`: the {} API takes only files named `*.{wanted}`",
                printable(&self.profile.name)
            ),
            label: Some(format!("`{shown}`")),
            help: Some(format!("upload it as `{}.{wanted}`", printable(&stem))),
            instance_path: None,
            related: None,
            snippet: None,
        })
    }

    /// `BL208` for a record that fits another built-in profile and not this
    /// one (unless the code is turned off, when its own diagnostics stand).
    fn foreign(&self, value: &Value, line: &LineRef<'_>) -> Option<Diagnostic> {
        // Nothing when the code is off.
        self.profile.severity(Code::OtherProfile, Severity::Error)?;
        let shape = self.shape.get_or_init(|| self.profile.schema.as_ref().and_then(|s| Shape::of(s.document())));
        let found = crate::shape::foreign(shape.as_ref()?, value.as_object()?)?;
        let range = found.strays.iter().filter_map(|k| line.key_span("", k)).min_by_key(|r| r.start).unwrap_or(0..1);
        let (first, others) = found.profiles.split_first()?;
        let keys = found.keys.iter().map(|k| format!("`{}`", printable(k))).collect::<Vec<_>>().join(", ");
        let also =
            if others.is_empty() { String::new() } else { format!(" ({} take the same keys)", others.join(", ")) };
        let active = printable(&self.profile.name);
        Some(
            line.diagnostic(
                Code::OtherProfile,
                range,
                format!("the record has the keys of `{first}` records ({keys}), not of `{active}` ones: use `--profile {first}`"),
            )
            .with_label(format!("not a `{active}` key"))
            .with_help(format!(
                "the file is for another batch API than `{active}`{also}; further records like this one are not \
                 reported one by one"
            )),
        )
    }

    /// What the full path finds on a clean record, found on a borrowed parse
    /// of the line validated by the schema's tape validator; otherwise
    /// whether the schema found the record invalid. The full path then
    /// reports.
    fn clean_on_tape(&self, line: &LineRef<'_>) -> OnTape {
        let Some(schema) = self.profile.schema.as_ref() else { return OnTape::Unknown };
        // A deprecated key is a warning the full path reports.
        if schema.may_have_deprecated_key(line.text) {
            return OnTape::Unknown;
        }
        let Some(tape) = std::str::from_utf8(line.text).ok().and_then(Tape::parse) else { return OnTape::Unknown };
        if !tape.root().is_object() || tape.has_duplicate_keys() {
            return OnTape::Unknown;
        }
        if !schema.tape_validator().is_valid(tape.root()) {
            return OnTape::Invalid;
        }
        let id = self.profile.id_pointer.as_deref().and_then(|p| tape.pointer(p)).and_then(|id| {
            let key = match id.string() {
                Some(s) => id_key(b's', s.as_bytes()),
                None => id_key(b'j', id.value().to_string().as_bytes()),
            };
            self.id_fact(key, line, false)
        });
        let uniform =
            self.profile.uniform.iter().map(|pointer| Some(UniformValue::on_tape(tape.pointer(pointer)?))).collect();
        let stats = self.stat_values(line, false);
        OnTape::Clean(Examined { diagnostics: Vec::new(), blank: false, id, uniform, stats, foreign: None })
    }

    fn id_of(&self, value: &Value, line: &LineRef<'_>, duplicate_keys: bool) -> Option<IdFact> {
        let key = match value.pointer(self.profile.id_pointer.as_deref()?)? {
            Value::String(s) => id_key(b's', s.as_bytes()),
            other => id_key(b'j', other.to_string().as_bytes()),
        };
        self.id_fact(key, line, duplicate_keys)
    }

    /// The id `key` of a record, with where its value is on the line.
    fn id_fact(&self, key: IdKey, line: &LineRef<'_>, duplicate_keys: bool) -> Option<IdFact> {
        let pointer = self.profile.id_pointer.as_deref()?;
        let span = if duplicate_keys { value_span(line.text, pointer) } else { value_span_unique(line.text, pointer) };
        let range = span.unwrap_or(0..0);
        Some(IdFact {
            key,
            span: Span { start: line.start + range.start as u64, end: line.start + range.end as u64 },
            column: line.column(range.start),
        })
    }

    /// The values of the profile's key fields on a parsed line, as compact
    /// JSON (only with statistics on).
    fn stat_values(&self, line: &LineRef<'_>, duplicate_keys: bool) -> Vec<Option<String>> {
        if !self.statistics {
            return Vec::new();
        }
        let raw = |pointer: &str| {
            let range =
                if duplicate_keys { value_span(line.text, pointer) } else { value_span_unique(line.text, pointer) }?;
            let value: Value = serde_json::from_slice(&line.text[range]).ok()?;
            Some(value.to_string())
        };
        self.profile.statistics.iter().map(|p| raw(p)).collect()
    }

    /// The ordered stage: counts, ids, pending blank lines, emission.
    fn observe(
        &self,
        state: &mut State,
        raw: &RawLine,
        data: &[u8],
        found: Examined,
        sink: &mut dyn FnMut(Diagnostic),
        on_line: &mut impl FnMut(&LineOutcome),
    ) {
        let limits = &self.profile.limits;
        let line = LineRef::new(raw.number, raw.start, &data[raw.content.clone()]);
        let mut diagnostics = found.diagnostics;
        // A record for another profile is an error however often it is
        // reported; its diagnostic is shown for the first one only.
        let foreign_error = found.foreign.is_some()
            && self.profile.severity(Code::OtherProfile, Severity::Error) == Some(Severity::Error);
        if let Some(d) = found.foreign
            && !std::mem::replace(&mut state.foreign_seen, true)
        {
            diagnostics.push(d);
        }
        let s = &mut state.summary;
        s.lines += 1;
        state.last_line = raw.number;
        state.last_line_start = raw.start;
        let end = raw.start + raw.len() + raw.terminator.len();
        if state.first_line_over.is_none() && limits.max_bytes.is_some_and(|m| end > m) {
            state.first_line_over = Some((raw.number, raw.start));
        }
        if found.blank {
            s.blank_lines += 1;
            let d = line
                .diagnostic(
                    Code::BlankLine,
                    0..line.text.len(),
                    if line.text.is_empty() { "blank line" } else { "line holds only whitespace" },
                )
                .with_label("blank")
                .with_help("run `batchlint fix` to remove blank lines: every line of a batch file must be a record");
            if s.records == 0 && state.pending.len() < PENDING_BLANKS {
                state.pending.push(d);
            } else if s.records == 0 {
                let run = state.overflow.get_or_insert((raw.number, raw.start, 0));
                run.2 += 1;
            } else {
                diagnostics.push(d);
            }
        } else {
            s.records += 1;
            if state.first_record_over.is_none() && limits.max_records.is_some_and(|m| s.records > m) {
                state.first_record_over = Some((raw.number, raw.start));
            }
            for d in std::mem::take(&mut state.pending) {
                state.emit(&self.profile, d, sink);
            }
            self.check_uniform(state, &line, &found.uniform, &mut diagnostics);
            for (pointer, value) in self.profile.statistics.iter().zip(found.stats) {
                state.statistics.count_value(pointer, value.unwrap_or_else(|| "(missing)".to_owned()));
            }
            if let Some((first, start, count)) = state.overflow.take() {
                state.emit(&self.profile, blank_run(first, start, count), sink);
            }
            if let Some(id) = &found.id
                && let Some(first) = state.ids.insert(id, raw.number)
            {
                {
                    let range = (id.span.start - raw.start) as usize..(id.span.end - raw.start) as usize;
                    let name = self.profile.id_pointer.as_deref().unwrap_or_default().trim_start_matches('/');
                    diagnostics.push(
                        line.diagnostic(
                            Code::DuplicateId,
                            range,
                            format!("duplicate {name} {}: first used on line {}", IdFact::display(&id.key), first.line),
                        )
                        .with_instance_path(self.profile.id_pointer.clone().unwrap_or_default())
                        .with_label("used before")
                        .with_help("every record of a batch needs its own id")
                        .with_related(first),
                    );
                }
            }
            if let Some(d) = found.id.as_ref().and_then(|id| long_id(&line, id, &diagnostics)) {
                diagnostics.push(d);
            }
        }
        diagnostics.sort_by_key(|d| d.span.start);
        let has_error = foreign_error
            || diagnostics.iter().any(|d| self.profile.severity(d.code, d.severity) == Some(Severity::Error));
        for d in diagnostics {
            state.emit(&self.profile, d, sink);
        }
        on_line(&LineOutcome { number: raw.number, start: raw.start, len: raw.len(), blank: found.blank, has_error });
    }

    /// `BL405`: values that must be the same on every line.
    fn check_uniform(
        &self,
        state: &mut State,
        line: &LineRef<'_>,
        values: &[Option<UniformValue>],
        out: &mut Vec<Diagnostic>,
    ) {
        if state.uniform.len() < values.len() {
            state.uniform.resize_with(values.len(), || None);
        }
        for ((pointer, value), first) in self.profile.uniform.iter().zip(values).zip(&mut state.uniform) {
            let Some(value) = value else { continue };
            match first {
                None => {
                    let range = value.range(line.text, pointer);
                    *first = Some((value.json.clone(), line.related(range, "first line's value")));
                }
                Some((json, related)) if *json != value.json => {
                    let path = crate::validate::display_path(pointer);
                    out.push(
                        line.diagnostic(
                            Code::MixedValues,
                            value.range(line.text, pointer),
                            format!(
                                "{path} is {} here but {} on line {}; it must be the same on every line of a file",
                                crate::validate::show_json(&value.json),
                                crate::validate::show_json(json),
                                related.line
                            ),
                        )
                        .with_instance_path(pointer.clone())
                        .with_label("differs from the first line")
                        .with_help("put records with different values in separate files")
                        .with_related(related.clone()),
                    );
                }
                Some(_) => {}
            }
        }
    }

    fn finish(&self, state: &mut State, sink: &mut dyn FnMut(Diagnostic)) {
        if state.abandoned {
            return;
        }
        let s = state.summary;
        if s.records == 0 {
            state.pending.clear();
            state.overflow = None;
            let message = if s.bytes == 0 { "the file is empty" } else { "the file holds only whitespace" };
            let d = Diagnostic {
                code: Code::EmptyFile,
                severity: Code::EmptyFile.default_severity(),
                line: 1,
                column: 1,
                span: Span::default(),
                message: message.to_owned(),
                label: Some("nothing to check".to_owned()),
                help: Some("a batch file holds one JSON object per line".to_owned()),
                instance_path: None,
                related: None,
                snippet: None,
            };
            state.emit(&self.profile, d, sink);
            return;
        }
        let totals = Totals {
            records: s.records,
            bytes: s.bytes,
            first_record_over: state.first_record_over,
            first_line_over: state.first_line_over,
            last_line: state.last_line,
            last_line_start: state.last_line_start,
        };
        for d in limit_diagnostics(&self.profile.limits, &totals) {
            state.emit(&self.profile, d, sink);
        }
    }
}

/// The ordered stage's memory between lines.
#[derive(Default)]
struct State {
    summary: Summary,
    ids: IdSet,
    /// Counts for `--statistics`.
    statistics: Statistics,
    /// The first value of each `uniform` pointer, with where it is.
    uniform: Vec<Option<(String, crate::diagnostic::Related)>>,
    pending: Vec<Diagnostic>,
    first_record_over: Option<(u64, u64)>,
    first_line_over: Option<(u64, u64)>,
    /// Blank lines past [`PENDING_BLANKS`] before any record: `(first line,
    /// its offset, count)`, reported as one diagnostic if a record follows.
    overflow: Option<(u64, u64, u64)>,
    last_line: u64,
    last_line_start: u64,
    abandoned: bool,
    /// Whether a record for another profile (`BL208`) was reported.
    foreign_seen: bool,
}

impl State {
    /// Counts `d` and hands it to `sink` with the profile's severity for its
    /// code (nothing when the code is off).
    fn emit(&mut self, profile: &Profile, mut d: Diagnostic, sink: &mut dyn FnMut(Diagnostic)) {
        let Some(severity) = profile.severity(d.code, d.severity) else { return };
        d.severity = severity;
        *self.statistics.codes.entry(d.code).or_default() += 1;
        match d.severity {
            Severity::Error => self.summary.errors += 1,
            Severity::Warning => self.summary.warnings += 1,
        }
        sink(d);
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

/// `BL406`: a string id over [`LONG_ID`] characters that no other
/// diagnostic of the line already points at (a documented limit's error).
fn long_id(line: &LineRef<'_>, id: &IdFact, others: &[Diagnostic]) -> Option<Diagnostic> {
    let text = id.key.strip_prefix(b"s")?;
    let chars = std::str::from_utf8(text).ok()?.chars().count();
    if chars <= LONG_ID || others.iter().any(|d| d.span == id.span) {
        return None;
    }
    let range = (id.span.start - line.start) as usize..(id.span.end - line.start) as usize;
    Some(
        line.diagnostic(
            Code::LongId,
            range,
            format!("the id is unusually long: {} characters", thousands(chars as u64)),
        )
        .with_label("this id")
        .with_help(format!(
            "an id identifies a result; over {LONG_ID} characters it is likely a whole value pasted by mistake"
        )),
    )
}

/// One diagnostic for a long run of blank lines at the start of a file.
fn blank_run(first: u64, start: u64, count: u64) -> Diagnostic {
    Diagnostic {
        code: Code::BlankLine,
        severity: Code::BlankLine.default_severity(),
        line: first,
        column: 1,
        span: Span { start, end: start },
        message: format!("lines {} to {} are blank too", thousands(first), thousands(first + count - 1)),
        label: Some("blank".to_owned()),
        help: Some("run `batchlint fix` to remove blank lines: every line of a batch file must be a record".to_owned()),
        instance_path: None,
        related: None,
        snippet: None,
    }
}

/// The one diagnostic for a file that is not UTF-8 text.
fn sniffed_diagnostic(found: crate::sniff::Sniffed, head: &[u8]) -> Diagnostic {
    let (message, label, help) = found.describe();
    let code = found.code();
    // The first bytes in hexadecimal, the four the span covers highlighted.
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(" ");
    let covered = head.len().min(4);
    let shown = head.len().min(12);
    let text = format!(
        "<{}{}{}>",
        hex(&head[..covered]),
        if shown > covered { " " } else { "" },
        hex(&head[covered..shown]) + if head.len() > shown { " …" } else { "" }
    );
    let highlight = 1..1 + hex(&head[..covered]).len();
    Diagnostic {
        code,
        severity: code.default_severity(),
        line: 1,
        column: 1,
        span: Span { start: 0, end: covered as u64 },
        message,
        label: Some(label.to_owned()),
        help: Some(help),
        instance_path: None,
        related: None,
        snippet: Some(crate::diagnostic::Snippet { text, highlight }),
    }
}

fn bom_diagnostic(block: &Block) -> Diagnostic {
    let first = block.lines.first().map_or(&[][..], |l| &block.data[l.content.clone()]);
    let mut s = snippet(first, 0..0);
    s.text.insert_str(0, "<BOM>");
    s.highlight = 0.."<BOM>".len();
    Diagnostic {
        code: Code::Bom,
        severity: Code::Bom.default_severity(),
        line: 1,
        column: 1,
        span: Span { start: 0, end: BOM.len() as u64 },
        message: "the file starts with a UTF-8 byte order mark".to_owned(),
        label: Some("byte order mark".to_owned()),
        help: Some(
            "run `batchlint fix` to remove it (or save the file as UTF-8 without BOM); many JSON parsers reject it"
                .to_owned(),
        ),
        instance_path: None,
        related: None,
        snippet: Some(s),
    }
}

/// An id as the id set keeps it: tagged so that `"1"` (`s1`) and `1` (`j1`)
/// differ.
fn id_key(tag: u8, bytes: &[u8]) -> IdKey {
    let mut key = IdKey::with_capacity(bytes.len() + 1);
    key.push(tag);
    key.extend_from_slice(bytes);
    key
}

fn not_an_object(line: &LineRef<'_>, value: &Value) -> Diagnostic {
    let range = value_span(line.text, "").unwrap_or(0..line.text.len());
    let (what, help) = match value {
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object) => (
            format!("an array of {}", crate::batch::count(items.len() as u64, "object", "objects")),
            "run `batchlint fix` to put each object on its own line (or `jq -c '.[]' in.json > out.jsonl`)",
        ),
        Value::Array(_) => ("an array".to_owned(), "each line must be one JSON object"),
        Value::String(_) => ("a string".to_owned(), "each line must be one JSON object"),
        Value::Number(_) => ("a number".to_owned(), "each line must be one JSON object"),
        Value::Bool(_) => ("a boolean".to_owned(), "each line must be one JSON object"),
        _ => ("null".to_owned(), "each line must be one JSON object"),
    };
    line.diagnostic(Code::NotAnObject, range, format!("line is {what}, not a JSON object"))
        .with_label("not an object")
        .with_help(help)
}

/// Detects a file that is one JSON document over several lines (a JSON array
/// or pretty-printed objects), or one JSON array of objects on its only line
/// (`whole`: the block is the whole file): one clear diagnostic instead of
/// one per line, or a misleading "1 record".
fn not_json_lines(block: &Block, whole: bool) -> Option<Diagnostic> {
    let non_blank =
        |l: &&RawLine| l.overlong.is_none() && block.data[l.content.clone()].iter().any(|b| !b.is_ascii_whitespace());
    let mut records = block.lines.iter().filter(non_blank);
    let first = records.next()?;
    let text = &block.data[first.content.clone()];
    let trimmed = text.trim_ascii();
    let opener = *trimmed.first()?;
    if !matches!(opener, b'{' | b'[') {
        return None;
    }
    let what = match crate::parse::parse_json(text) {
        Ok(parsed) => {
            let objects = parsed.value.as_array().filter(|a| !a.is_empty() && a.iter().all(Value::is_object))?;
            if !whole || records.next().is_some() {
                return None;
            }
            format!(
                "one JSON array of {} on a single line",
                crate::batch::count(objects.len() as u64, "object", "objects")
            )
        }
        Err(e) if e.message.starts_with("EOF") => {
            // One document over several lines only if the text really parses
            // as JSON values: to the end of the file, or, when the file goes
            // on past this block, to the block's end (a value may be cut
            // there). Lines that only start like a document and then break
            // each in their own way are reported one by one.
            let mut stream = serde_json::Deserializer::from_slice(&block.data[first.content.start..])
                .into_iter::<serde::de::IgnoredAny>();
            loop {
                match stream.next() {
                    None => break,
                    Some(Ok(_)) => {}
                    Some(Err(e)) if e.is_eof() && !whole => break,
                    Some(Err(_)) => return None,
                }
            }
            if opener == b'[' {
                "a JSON array spread over several lines".to_owned()
            } else {
                "pretty-printed JSON: an object spreads over several lines".to_owned()
            }
        }
        Err(_) => return None,
    };
    let line = LineRef::new(first.number, first.start, text);
    let at = text.len() - text.trim_ascii_start().len();
    let or = if opener == b'[' { "jq -c '.[]' in.json > out.jsonl" } else { "jq -c . in.json > out.jsonl" };
    Some(
        line.diagnostic(Code::NotJsonLines, at..at + 1, format!("this is not JSON Lines: the file holds {what}"))
            .with_label("the document starts here")
            .with_help(format!(
                "run `batchlint fix` to write one compact object per line (or `{or}`); batchlint stopped checking \
                 this file"
            )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // The tape path (a profile with a schema and no cross-field rules) agrees too.
        profile.rules = crate::rules::RuleSet::None;
        let full = codes(profile.clone(), &input);
        profile.fast_path = true;
        assert_eq!(codes(profile, &input), full);
    }
}
