//! `path:line:col: severity[CODE]: message`, one diagnostic per line.

use std::io::{self, Write};

use crate::Diagnostic;

use super::TextStyle;

pub(crate) struct Concise;

impl TextStyle for Concise {
    fn write(&self, out: &mut dyn Write, path: &str, d: &Diagnostic) -> io::Result<()> {
        writeln!(out, "{path}:{}:{}: {}[{}]: {}", d.line, d.column, d.severity, d.code, d.message)
    }
}
