//! The ordered stage: the examined lines in file order, one block at a
//! time (for large blocks on the pool, beside the next block's examination;
//! see `Linter::check_into`): blank lines, unique ids, values the same on
//! every line, long ids, severities, counts; and the end of a file (empty
//! file, file limits).

use super::{Examined, LONG_ID, LineOutcome, Linter, PENDING_BLANKS, Sink, Statistics, Summary, UniformValue};
use crate::batch::{IdFact, IdSet, Totals, limit_diagnostics};
use crate::codes::{Code, batch, framing};
use crate::diagnostic::{Diagnostic, LineRef, Severity, Span};
use crate::profile::Profile;
use crate::reader::{Block, RawLine};

/// The ordered stage's memory between lines.
#[derive(Default)]
pub(super) struct State {
    pub(super) summary: Summary,
    pub(super) ids: IdSet,
    /// Counts for `--statistics`.
    pub(super) statistics: Statistics,
    /// The first value of each `uniform` pointer, with where it is.
    pub(super) uniform: Vec<Option<(String, crate::diagnostic::Related)>>,
    pub(super) pending: Vec<Diagnostic>,
    pub(super) first_record_over: Option<(u64, u64)>,
    pub(super) first_line_over: Option<(u64, u64)>,
    /// Blank lines past [`PENDING_BLANKS`] before any record: `(first line,
    /// its offset, count)`, reported as one diagnostic if a record follows.
    pub(super) overflow: Option<(u64, u64, u64)>,
    pub(super) last_line: u64,
    pub(super) last_line_start: u64,
    pub(super) abandoned: bool,
    /// Whether a record for another profile (`BL208`) was reported.
    pub(super) foreign_seen: bool,
}

impl State {
    /// Counts `d` and hands it to `sink` with the profile's severity for its
    /// code (nothing when the code is off).
    pub(super) fn emit(&mut self, profile: &Profile, mut d: Diagnostic, sink: &mut dyn Sink) {
        let Some(severity) = profile.severity(d.code, d.severity) else { return };
        d.severity = severity;
        *self.statistics.codes.entry(d.code).or_default() += 1;
        match d.severity {
            Severity::Error => self.summary.errors += 1,
            Severity::Warning => self.summary.warnings += 1,
        }
        sink.diagnostic(d);
    }
}

/// `BL406`: a string id over [`LONG_ID`] characters that no other
/// diagnostic of the line already points at (a documented limit's error).
pub(super) fn long_id(line: &LineRef<'_>, id: &IdFact, others: &[Diagnostic]) -> Option<Diagnostic> {
    let text = id.key.strip_prefix(b"s")?;
    // A string has no more characters than bytes: most ids are decided
    // without counting.
    if text.len() <= LONG_ID {
        return None;
    }
    let chars = std::str::from_utf8(text).ok()?.chars().count();
    if chars <= LONG_ID || others.iter().any(|d| d.span == id.span) {
        return None;
    }
    let range = (id.span.start - line.start) as usize..(id.span.end - line.start) as usize;
    Some(line.report(range, batch::long_id(chars as u64, LONG_ID)))
}

/// One diagnostic for a long run of blank lines at the start of a file.
pub(super) fn blank_run(first: u64, start: u64, count: u64) -> Diagnostic {
    Diagnostic::placed(framing::blank_run(first, first + count - 1), first, Span { start, end: start })
}

impl Linter {
    /// The ordered stage over one examined block.
    pub(super) fn observe_block(
        &self,
        state: &mut State,
        block: &Block,
        examined: &mut Vec<Examined>,
        sink: &mut dyn Sink,
    ) {
        for (raw, found) in block.lines.iter().zip(examined.drain(..)) {
            self.observe(state, raw, &block.data, found, sink);
        }
    }

    /// The ordered stage: counts, ids, pending blank lines, emission.
    pub(super) fn observe(&self, state: &mut State, raw: &RawLine, data: &[u8], found: Examined, sink: &mut dyn Sink) {
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
            diagnostics.push(*d);
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
            let d = line.report(0..line.text.len(), framing::blank_line(!line.text.is_empty()));
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
                let range = (id.span.start - raw.start) as usize..(id.span.end - raw.start) as usize;
                let name = self.profile.id_pointer.as_deref().unwrap_or_default().trim_start_matches('/');
                let message = batch::duplicate_id(name, &IdFact::display(&id.key), first.line);
                diagnostics.push(
                    line.report(range, message)
                        .with_instance_path(self.profile.id_pointer.clone().unwrap_or_default())
                        .with_related(first),
                );
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
        sink.line(&LineOutcome { number: raw.number, start: raw.start, len: raw.len(), blank: found.blank, has_error });
    }

    /// `BL405`: values that must be the same on every line.
    pub(super) fn check_uniform(
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
                    let range = value.range();
                    let json = String::from_utf8_lossy(value.json(line.text)).into_owned();
                    *first = Some((json, line.related(range, "first line's value")));
                }
                Some((json, related)) if json.as_bytes() != value.json(line.text) => {
                    let path = crate::validate::display_path(pointer);
                    let here = crate::validate::show_json(&String::from_utf8_lossy(value.json(line.text)));
                    let first = crate::validate::show_json(json);
                    let message = batch::mixed_values(&path, &here, &first, related.line);
                    out.push(
                        line.report(value.range(), message)
                            .with_instance_path(pointer.clone())
                            .with_related(related.clone()),
                    );
                }
                Some(_) => {}
            }
        }
    }

    pub(super) fn finish(&self, state: &mut State, sink: &mut dyn Sink) {
        if state.abandoned {
            return;
        }
        let s = state.summary;
        if s.records == 0 {
            state.pending.clear();
            state.overflow = None;
            let d = Diagnostic::placed(framing::empty_file(s.bytes > 0), 1, Span::default());
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
