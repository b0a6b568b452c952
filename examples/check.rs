//! Lint a batch file from Rust and walk its diagnostics.
//!
//! ```sh
//! cargo run --example check -- testdata/examples/requests.jsonl
//! ```
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;

use batchlint::{Linter, Profile};

fn main() -> ExitCode {
    let path = std::env::args().nth(1).unwrap_or_else(|| "testdata/examples/requests.jsonl".to_owned());
    let linter = match Profile::sync() {
        Ok(profile) => Linter::new(profile),
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    // `check_reader` streams: each diagnostic arrives, in file order, as soon
    // as it is known, so memory stays flat however large the file is.
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let result = linter.check_reader(file, |d| {
        let help = d.help.as_deref().map(|h| format!(" (help: {h})")).unwrap_or_default();
        println!("{path}:{}:{}: {} {} [{}] {}{help}", d.line, d.column, d.severity, d.code, d.code.name(), d.message);
    });
    match result {
        Ok(summary) => {
            println!("{} records, {} errors, {} warnings", summary.records, summary.errors, summary.warnings);
            if summary.errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            ExitCode::from(2)
        }
    }
}
