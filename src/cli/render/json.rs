//! One JSON document with every diagnostic and a summary, written as the
//! diagnostics arrive. The format is documented in `docs/json-format.md`.

use std::io::{self, Write};

use crate::{Diagnostic, Profile, Statistics, Summary};

use super::wire::{WireTotals, io_err};
use super::{Render, Totals};
use crate::wire::WireDiagnostic;

/// Version of the JSON document's shape; bumped on any incompatible change.
const FORMAT_VERSION: u32 = 1;

pub(crate) struct Json {
    profile: String,
    files: u64,
    diagnostics_in_file: u64,
    /// The current file's statistics were written (its diagnostics are closed).
    statistics_written: bool,
    /// Files named on the command line that the config excludes.
    excluded: Vec<String>,
}

impl Json {
    pub(crate) fn new(profile: &Profile) -> Self {
        Json {
            profile: profile.name.clone(),
            files: 0,
            diagnostics_in_file: 0,
            statistics_written: false,
            excluded: Vec::new(),
        }
    }
}

impl Render for Json {
    fn begin_file(&mut self, out: &mut dyn Write, path: &str) -> io::Result<()> {
        if self.files == 0 {
            write!(
                out,
                "{{\"version\":{FORMAT_VERSION},\"tool\":{{\"name\":\"batchlint\",\"version\":\"{}\"}},\"profile\":{},\"files\":[",
                env!("CARGO_PKG_VERSION"),
                serde_json::to_string(&self.profile).map_err(io_err)?
            )?;
        } else {
            out.write_all(b",")?;
        }
        self.files += 1;
        self.diagnostics_in_file = 0;
        write!(out, "{{\"path\":{},\"diagnostics\":[", serde_json::to_string(path).map_err(io_err)?)
    }

    fn diagnostic(&mut self, out: &mut dyn Write, path: &str, d: &Diagnostic) -> io::Result<()> {
        if self.diagnostics_in_file > 0 {
            out.write_all(b",")?;
        }
        self.diagnostics_in_file += 1;
        let wire = WireDiagnostic::new(d).with_path(path);
        serde_json::to_writer(&mut *out, &wire).map_err(io_err)
    }

    fn statistics(&mut self, out: &mut dyn Write, _: &str, stats: &Statistics) -> io::Result<()> {
        // Written inside the file's object, after its diagnostics.
        out.write_all(b"],\"statistics\":")?;
        serde_json::to_writer(&mut *out, stats).map_err(io_err)?;
        self.statistics_written = true;
        Ok(())
    }

    fn end_file(&mut self, out: &mut dyn Write, _: &str, summary: &Summary) -> io::Result<()> {
        if std::mem::take(&mut self.statistics_written) {
            out.write_all(b",\"summary\":")?;
        } else {
            out.write_all(b"],\"summary\":")?;
        }
        serde_json::to_writer(&mut *out, summary).map_err(io_err)?;
        out.write_all(b"}")
    }

    fn file_error(&mut self, out: &mut dyn Write, _: &str, message: &str) -> io::Result<()> {
        write!(out, "],\"error\":{},\"summary\":null}}", serde_json::to_string(message).map_err(io_err)?)
    }

    fn excluded(&mut self, _: &mut dyn Write, path: &str, _: &str) -> io::Result<()> {
        self.excluded.push(path.to_owned());
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, t: &Totals) -> io::Result<()> {
        if self.files == 0 {
            write!(
                out,
                "{{\"version\":{FORMAT_VERSION},\"tool\":{{\"name\":\"batchlint\",\"version\":\"{}\"}},\"files\":[",
                env!("CARGO_PKG_VERSION")
            )?;
        }
        out.write_all(b"],\"excluded\":")?;
        serde_json::to_writer(&mut *out, &self.excluded).map_err(io_err)?;
        out.write_all(b",\"summary\":")?;
        let wire = WireTotals::from(t);
        serde_json::to_writer(&mut *out, &wire).map_err(io_err)?;
        out.write_all(b"}\n")
    }
}
