//! Split a file into compliant batch files from Rust: scan, plan, write.
//!
//! ```sh
//! cargo run --example split -- requests.jsonl batches/
//! ```
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;
use std::process::ExitCode;

use batchlint::Profile;
use batchlint::split::plan::ChunkLimits;
use batchlint::split::scan;
use batchlint::split::write::{WriteOptions, write};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(out_dir)) = (args.next().map(PathBuf::from), args.next().map(PathBuf::from)) else {
        eprintln!("usage: split INPUT OUT_DIR");
        return ExitCode::from(2);
    };
    let run = || -> Result<ExitCode, Box<dyn std::error::Error>> {
        let profile = Profile::sync()?;
        // Pass 1: check every record, keep only offsets and sizes.
        let mut errors = 0;
        let scanned = scan(&profile, &input, &mut |d| {
            if d.severity == batchlint::Severity::Error {
                errors += 1;
                eprintln!("{}:{}:{}: {} {}", input.display(), d.line, d.column, d.code, d.message);
            }
        })?;
        if !scanned.rejected.is_empty() {
            eprintln!("{errors} errors: fix them first");
            return Ok(ExitCode::from(1));
        }
        // The planner is a pure function of the record sizes (`plan::plan`
        // takes a slice of them; the scan hands over its own).
        let limits = ChunkLimits::from(profile.limits());
        let planned = scanned.plan(&limits)?;
        // Pass 2: copy byte ranges into chunk files, atomically, plus a manifest.
        let prefix = input.file_stem().map_or("batch".into(), |s| s.to_string_lossy().into_owned());
        let options = WriteOptions::new(&profile, input.display().to_string(), out_dir, prefix);
        let manifest = write(&scanned, &planned, &options, &mut |_| {})?;
        for chunk in &manifest.chunks {
            println!("{}: {} records, {} bytes, sha256 {}", chunk.file, chunk.records, chunk.bytes, chunk.sha256);
        }
        Ok(ExitCode::SUCCESS)
    };
    run().unwrap_or_else(|e| {
        eprintln!("{e}");
        ExitCode::from(2)
    })
}
