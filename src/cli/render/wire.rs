//! The JSON shape of one diagnostic and of the run's totals, shared by the
//! `json` and `jsonl` formats (documented in `docs/json-format.md` and
//! `docs/formats.md`).

use crate::Diagnostic;
use serde::Serialize;

use super::Totals;

#[derive(Serialize)]
pub(crate) struct WireRelated<'a> {
    line: u64,
    column: u64,
    offset: u64,
    message: &'a str,
}

/// A diagnostic as the machine formats write it.
#[derive(Serialize)]
pub(crate) struct WireDiagnostic<'a> {
    path: &'a str,
    line: u64,
    column: u64,
    offset: u64,
    end_offset: u64,
    code: &'static str,
    name: &'static str,
    severity: crate::Severity,
    message: &'a str,
    label: Option<&'a str>,
    help: Option<&'a str>,
    instance_path: Option<&'a str>,
    related: Option<WireRelated<'a>>,
}

impl<'a> WireDiagnostic<'a> {
    pub(crate) fn new(path: &'a str, d: &'a Diagnostic) -> Self {
        WireDiagnostic {
            path,
            line: d.line,
            column: d.column,
            offset: d.span.start,
            end_offset: d.span.end,
            code: d.code.as_str(),
            name: d.code.name(),
            severity: d.severity,
            message: &d.message,
            label: d.label.as_deref(),
            help: d.help.as_deref(),
            instance_path: d.instance_path.as_deref(),
            related: d.related.as_ref().map(|r| WireRelated {
                line: r.line,
                column: r.column,
                offset: r.span.start,
                message: &r.message,
            }),
        }
    }
}

/// The run's totals as the machine formats write them.
#[derive(Serialize)]
pub(crate) struct WireTotals {
    files: u64,
    failed: u64,
    records: u64,
    bytes: u64,
    errors: u64,
    warnings: u64,
}

impl From<&Totals> for WireTotals {
    fn from(t: &Totals) -> Self {
        WireTotals {
            files: t.files,
            failed: t.failed,
            records: t.records,
            bytes: t.bytes,
            errors: t.errors,
            warnings: t.warnings,
        }
    }
}

pub(crate) fn io_err(e: serde_json::Error) -> std::io::Error {
    // A write error comes back as it was (a closed pipe stays `BrokenPipe`).
    std::io::Error::from(e)
}
