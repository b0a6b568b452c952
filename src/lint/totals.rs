//! Counts over the files of a run, and the line that ends a text report
//! (the command line's and the playground's).

use super::Summary;
use crate::text::count;

/// Counts over the files of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Totals {
    /// Files checked.
    pub files: u64,
    /// Records in them.
    pub records: u64,
    /// Their size in bytes (decompressed, for compressed files).
    pub bytes: u64,
    /// Diagnostics with severity error.
    pub errors: u64,
    /// Diagnostics with severity warning.
    pub warnings: u64,
    /// Files that could not be checked.
    pub failed: u64,
    /// Files that were read through a decompressor.
    pub decompressed: u64,
}

impl Totals {
    /// Adds a checked file.
    pub fn add(&mut self, s: &Summary) {
        self.files += 1;
        self.records += s.records;
        self.bytes += s.bytes;
        self.errors += s.errors;
        self.warnings += s.warnings;
        self.decompressed += u64::from(s.compression.is_some());
    }

    /// What was found: `6 errors, 1 warning`, or `no problems found`.
    #[must_use]
    pub fn found(&self) -> String {
        match (self.errors, self.warnings) {
            (0, 0) => "no problems found".to_owned(),
            (e, 0) => count(e, "error", "errors"),
            (0, w) => count(w, "warning", "warnings"),
            (e, w) => format!("{}, {}", count(e, "error", "errors"), count(w, "warning", "warnings")),
        }
    }

    /// `; 2 files could not be read`, or nothing when every file was read.
    pub(crate) fn unread(&self) -> String {
        match self.failed {
            0 => String::new(),
            n => format!("; {} could not be read", count(n, "file", "files")),
        }
    }

    /// The line that ends a text report: `Checked 1 file (20 records, 6,455
    /// bytes): 6 errors, 1 warning`, saying also which files were
    /// decompressed and how many could not be read.
    #[must_use]
    pub fn summary_line(&self) -> String {
        let failed = self.unread();
        let decompressed = match self.decompressed {
            0 => String::new(),
            n if n == self.files => " after decompression".to_owned(),
            n => format!("; {} decompressed", count(n, "file", "files")),
        };
        format!(
            "Checked {} ({}, {}{decompressed}): {}{failed}",
            count(self.files, "file", "files"),
            count(self.records, "record", "records"),
            count(self.bytes, "byte", "bytes"),
            self.found()
        )
    }
}
