//! JSON Lines: one object per diagnostic, written as it is found, then one
//! summary object. Each line says what it is in `type`. Documented in
//! `docs/formats.md`.

use std::io::{self, Write};

use crate::{Diagnostic, Summary};
use serde::Serialize;

use super::wire::{WireTotals, io_err};
use super::{Render, Totals};
use crate::wire::WireDiagnostic;

pub(crate) struct Jsonl;

/// A line: `{"type": kind, ...fields}`.
#[derive(Serialize)]
struct Line<T> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    fields: T,
}

#[derive(Serialize)]
struct FileError<'a> {
    path: &'a str,
    message: &'a str,
}

fn write_line<T: Serialize>(out: &mut dyn Write, kind: &'static str, fields: T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &Line { kind, fields }).map_err(io_err)?;
    out.write_all(b"\n")
}

impl Render for Jsonl {
    fn begin_file(&mut self, _: &mut dyn Write, _: &str) -> io::Result<()> {
        Ok(())
    }

    fn diagnostic(&mut self, out: &mut dyn Write, path: &str, d: &Diagnostic) -> io::Result<()> {
        write_line(out, "diagnostic", WireDiagnostic::new(d).with_path(path))
    }

    fn end_file(&mut self, _: &mut dyn Write, _: &str, _: &Summary) -> io::Result<()> {
        Ok(())
    }

    fn file_error(&mut self, out: &mut dyn Write, path: &str, message: &str) -> io::Result<()> {
        write_line(out, "error", FileError { path, message })
    }

    fn finish(&mut self, out: &mut dyn Write, t: &Totals) -> io::Result<()> {
        write_line(out, "summary", WireTotals::from(t))
    }
}
