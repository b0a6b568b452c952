//! Where a check's results go: one trait for every consumer (the command
//! line's renderers, `split`'s scan, `--statistics`, the Python and browser
//! front ends), called on the calling thread, in file order; and the
//! [`Outbox`] that carries the ordered stage's results to it from the pool.

use super::{Statistics, Summary};
use crate::diagnostic::Diagnostic;

/// Receives what a check finds, in file order: each diagnostic (with the
/// profile's severity for its code), each line's outcome, and the end of the
/// file. Only [`Sink::diagnostic`] must be written; any `FnMut(Diagnostic)`
/// closure is a sink that takes the diagnostics alone.
pub trait Sink {
    /// A diagnostic, as soon as it is known.
    fn diagnostic(&mut self, diagnostic: Diagnostic);

    /// A line has been checked: called once per line, after its diagnostics.
    fn line(&mut self, _line: &LineOutcome) {}

    /// The file is done: its summary and statistics (the counts of values
    /// only when [`crate::Linter::with_statistics`] is on), handed over.
    /// Not called when reading fails.
    fn end(&mut self, _summary: &Summary, _statistics: Statistics) {}
}

impl<F: FnMut(Diagnostic)> Sink for F {
    fn diagnostic(&mut self, diagnostic: Diagnostic) {
        self(diagnostic);
    }
}

/// What a check found of one line, for [`Sink::line`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LineOutcome {
    /// The line's number (1-based).
    pub number: u64,
    /// Offset of the line's first byte in the input (after a BOM on line 1).
    pub start: u64,
    /// The line's length in bytes, without its line break.
    pub len: u64,
    /// Whether the line is blank (whitespace only).
    pub blank: bool,
    /// Whether the line has a diagnostic of severity error.
    pub has_error: bool,
}

/// A sink that keeps what it is given, in order, to hand on later: the
/// ordered stage fills one on the thread pool, the calling thread hands it
/// to the caller's sink (which need not be `Send`).
#[derive(Default)]
pub(super) struct Outbox(Vec<Outgoing>);

/// One thing kept by an [`Outbox`].
enum Outgoing {
    Diagnostic(Diagnostic),
    Line(LineOutcome),
}

impl Outbox {
    /// Hands everything kept to `sink`, in the order it came, and keeps
    /// nothing.
    pub(super) fn deliver(&mut self, sink: &mut dyn Sink) {
        for item in self.0.drain(..) {
            match item {
                Outgoing::Diagnostic(d) => sink.diagnostic(d),
                Outgoing::Line(line) => sink.line(&line),
            }
        }
    }
}

impl Sink for Outbox {
    fn diagnostic(&mut self, diagnostic: Diagnostic) {
        self.0.push(Outgoing::Diagnostic(diagnostic));
    }

    fn line(&mut self, line: &LineOutcome) {
        self.0.push(Outgoing::Line(*line));
    }
}
