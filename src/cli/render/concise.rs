//! `path:line:col: severity[CODE]: message`, one diagnostic per line, with
//! `; help` after it when the help is short (a did-you-mean, a one-line fix).

use std::io::{self, Write};

use crate::Diagnostic;

use super::TextStyle;

pub(crate) struct Concise;

impl TextStyle for Concise {
    fn write(&self, out: &mut dyn Write, path: &str, d: &Diagnostic) -> io::Result<()> {
        write!(out, "{path}:{}:{}: {}[{}]: {}", d.line, d.column, d.severity, d.code, d.message)?;
        match d.short_help() {
            Some(help) => writeln!(out, "; {help}"),
            None => writeln!(out),
        }
    }
}
