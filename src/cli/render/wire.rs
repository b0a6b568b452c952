//! The JSON shape of the run's totals, shared by the `json` and `jsonl`
//! formats (documented in `docs/json-format.md` and `docs/formats.md`); a
//! diagnostic's is [`crate::wire::WireDiagnostic`].

use serde::Serialize;

use super::Totals;

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
