//! `batchlint split`: scan, plan, write, and a table of what was written.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use batchlint::split::manifest::Manifest;
use batchlint::split::plan::{ChunkLimits, Infeasible, Plan};
use batchlint::split::write::{WriteOptions, check_prefix, chunk_names, write};
use batchlint::split::{Scan, scan};
use batchlint::{Diagnostic, thousands};
use clap::{Args, ValueEnum};

use super::render;
use super::{Format, RuleArgs, TextArgs, print_error};

/// How the result is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum SplitFormat {
    /// A table of the chunks.
    Human,
    /// The manifest (or, with --plan, the planned chunks) as JSON.
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct SplitArgs {
    /// The JSONL file to split; `-` reads standard input (spooled to a temporary file in the output folder).
    #[arg(value_name = "INPUT")]
    input: PathBuf,

    /// The folder the chunks and `manifest.json` are written to (created if missing).
    #[arg(long, short = 'o', value_name = "DIR")]
    out_dir: PathBuf,

    /// Chunk files are named PREFIX-0001.jsonl, … [default: the input's file stem].
    #[arg(long, value_name = "PREFIX")]
    prefix: Option<String>,

    /// Write the records that have errors to FILE (exact bytes) and split the rest.
    #[arg(long, value_name = "FILE")]
    rejects: Option<PathBuf>,

    /// Replace the files a previous split listed in the folder's manifest.json (never any other file).
    #[arg(long)]
    force: bool,

    /// Do not wait for the files to reach the disk (faster). A stopped or killed split still leaves no
    /// partial file under a final name; only a power loss or system crash soon after could.
    #[arg(long)]
    no_sync: bool,

    /// Print the partition and write nothing.
    #[arg(long)]
    plan: bool,

    /// How the result is reported.
    #[arg(long, value_enum, default_value = "human", help_heading = "Output")]
    format: SplitFormat,

    #[command(flatten)]
    text: TextArgs,

    #[command(flatten)]
    rules: RuleArgs,
}

/// A spooled copy of standard input, removed when dropped.
struct Spool(tempfile::TempPath);

fn spool_stdin(dir: &Path) -> io::Result<Spool> {
    std::fs::create_dir_all(dir)?;
    let mut temp = tempfile::Builder::new().prefix(".batchlint-stdin-").suffix(".tmp").tempfile_in(dir)?;
    io::copy(&mut io::stdin().lock(), temp.as_file_mut())?;
    temp.as_file().sync_all()?;
    Ok(Spool(temp.into_temp_path()))
}

fn fail(e: batchlint::Error) -> ExitCode {
    print_error(e);
    ExitCode::from(2)
}

pub(crate) fn run(args: &SplitArgs) -> ExitCode {
    let profile = match args.rules.settings() {
        Ok((p, _)) => p,
        Err(e) => return fail(e),
    };
    let stdin = args.input.as_os_str() == "-";
    let prefix = args.prefix.clone().unwrap_or_else(|| {
        if stdin {
            "stdin".to_owned()
        } else {
            args.input.file_stem().map_or("batch".into(), |s| s.to_string_lossy().into_owned())
        }
    });
    if let Err(e) = check_prefix(&prefix) {
        return fail(e);
    }
    let spool = if stdin {
        match spool_stdin(&args.out_dir) {
            Ok(s) => Some(s),
            Err(e) => return fail(batchlint::Error::Io { path: "-".into(), source: e }),
        }
    } else {
        None
    };
    let input: &Path = spool.as_ref().map_or(args.input.as_path(), |s| &s.0);

    // Pass 1: check every record; diagnostics go to stderr as `check` shows them.
    let stderr = io::stderr();
    let is_terminal = stderr.is_terminal();
    let mut err_out = io::BufWriter::new(stderr.lock());
    let text_format = if is_terminal { Format::Human } else { Format::Concise };
    let mut renderer = render::new(text_format, args.text.color(is_terminal), args.text.max_diagnostics, &profile);
    let label = if stdin { "<stdin>".to_owned() } else { args.input.display().to_string() };
    let scanned = {
        let mut sink = |d: Diagnostic| {
            let _ = renderer.diagnostic(&mut err_out, &label, &d);
        };
        scan(&profile, input, &mut sink)
    };
    let _ = err_out.flush();
    drop(err_out);
    let scanned = match scanned {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    if let Some(code) = scanned.fatal {
        eprintln!("batchlint: cannot split {label}: {} ({code})", code.summary());
        return ExitCode::from(1);
    }
    if !scanned.rejected.is_empty() && args.rejects.is_none() {
        eprintln!(
            "batchlint: {} of {} records have errors; nothing was written. Fix them, or pass --rejects FILE to set them aside and split the rest.",
            thousands(scanned.rejected.len() as u64),
            thousands((scanned.records.len() + scanned.rejected.len()) as u64)
        );
        return ExitCode::from(1);
    }

    let limits = ChunkLimits {
        min_records: profile.limits.min_records.unwrap_or(0),
        max_records: profile.limits.max_records,
        max_bytes: profile.limits.max_bytes,
    };
    let planned = match scanned.plan(&limits) {
        Ok(p) => p,
        Err(why) => {
            eprintln!("batchlint: no compliant split of {label} exists: {why}");
            if let Some(note) = record_lines(&why, &scanned) {
                eprintln!("  note: {note}");
            }
            return ExitCode::from(1);
        }
    };
    if args.plan {
        return report(print_plan(args, &prefix, &scanned, &planned));
    }
    let options = WriteOptions {
        out_dir: args.out_dir.clone(),
        prefix,
        rejects: args.rejects.clone(),
        force: args.force,
        input_label: if stdin { "-".to_owned() } else { args.input.display().to_string() },
        profile: profile.name.clone(),
        limits,
        id_pointer: profile.id_pointer.clone(),
        sync: !args.no_sync,
    };
    let total: u64 = scanned.records.iter().map(|r| r.len + 1).sum();
    let bar = progress_bar(total, is_terminal);
    let written = write(&scanned, &planned, &options, &mut |n| bar.inc(n));
    bar.finish_and_clear();
    match written {
        Ok(manifest) => report(print_manifest(args, &manifest)),
        Err(e) => fail(e),
    }
}

/// Record numbers in a planner message count the records that go into
/// chunks; this says which input lines they are.
fn record_lines(why: &Infeasible, scan: &Scan) -> Option<String> {
    let line = |i: usize| if i < scan.records.len() { scan.line_of(i) } else { 0 };
    match *why {
        Infeasible::RecordTooLarge { index, .. } => Some(format!("record {} is line {}", index + 1, line(index))),
        Infeasible::MinRecordsTooLarge { record, lightest_start, lightest_end, .. } => Some(format!(
            "record {} is line {}; records {} to {} are lines {} to {}",
            record + 1,
            line(record),
            lightest_start + 1,
            lightest_end,
            line(lightest_start),
            line(lightest_end.saturating_sub(1))
        )),
        _ => None,
    }
}

/// A progress bar on stderr for inputs large enough to take a moment.
fn progress_bar(total: u64, is_terminal: bool) -> indicatif::ProgressBar {
    if !is_terminal || total < 64 << 20 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "writing chunks {bar:40} {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

fn report(result: io::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("batchlint: cannot write the report: {e}");
            ExitCode::from(2)
        }
    }
}

struct Row {
    file: String,
    records: u64,
    bytes: u64,
    first_line: u64,
    last_line: u64,
}

fn print_table(out: &mut dyn Write, rows: &[Row]) -> io::Result<()> {
    let width = rows.iter().map(|r| r.file.len()).max().unwrap_or(4).max(4);
    writeln!(out, "{:<width$}  {:>8}  {:>11}  lines", "file", "records", "bytes")?;
    for r in rows {
        writeln!(
            out,
            "{:<width$}  {:>8}  {:>11}  {}–{}",
            r.file,
            thousands(r.records),
            thousands(r.bytes),
            r.first_line,
            r.last_line
        )?;
    }
    Ok(())
}

fn tail(scan: &Scan) -> String {
    format!(
        "{} rejected, {} blank line(s) skipped",
        thousands(scan.rejected.len() as u64),
        thousands(scan.blank_lines.len() as u64)
    )
}

fn print_plan(args: &SplitArgs, prefix: &str, scan: &Scan, planned: &Plan) -> io::Result<()> {
    let names = chunk_names(prefix, planned.chunks.len());
    let rows: Vec<Row> = planned
        .chunks
        .iter()
        .zip(&names)
        .map(|(c, name)| Row {
            file: name.clone(),
            records: c.records() as u64,
            bytes: c.bytes,
            first_line: scan.line_of(c.start),
            last_line: scan.line_of(c.end - 1),
        })
        .collect();
    let mut out = io::stdout().lock();
    match args.format {
        SplitFormat::Json => {
            let chunks: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    serde_json::json!({"file": r.file, "records": r.records, "bytes": r.bytes,
                        "first_line": r.first_line, "last_line": r.last_line})
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &serde_json::json!({"plan": chunks})).map_err(io::Error::other)?;
            writeln!(out)
        }
        SplitFormat::Human => {
            print_table(&mut out, &rows)?;
            writeln!(
                out,
                "Would write {} file(s) ({} records) to {}; {}. Nothing was written (--plan).",
                thousands(rows.len() as u64),
                thousands(scan.records.len() as u64),
                args.out_dir.display(),
                tail(scan)
            )
        }
    }
}

fn print_manifest(args: &SplitArgs, manifest: &Manifest) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match args.format {
        SplitFormat::Json => {
            serde_json::to_writer_pretty(&mut out, manifest).map_err(io::Error::other)?;
            writeln!(out)
        }
        SplitFormat::Human => {
            let rows: Vec<Row> = manifest
                .chunks
                .iter()
                .map(|c| Row {
                    file: c.file.clone(),
                    records: c.records,
                    bytes: c.bytes,
                    first_line: c.first_line,
                    last_line: c.last_line,
                })
                .collect();
            print_table(&mut out, &rows)?;
            let records: u64 = manifest.chunks.iter().map(|c| c.records).sum();
            let rejected = manifest.rejects.as_ref().map_or(0, |r| r.lines.len() as u64);
            writeln!(
                out,
                "Wrote {} file(s) ({} records) and {} to {}; {} rejected{}, {} blank line(s) skipped.",
                thousands(manifest.chunks.len() as u64),
                thousands(records),
                batchlint::split::manifest::MANIFEST_NAME,
                args.out_dir.display(),
                thousands(rejected),
                manifest.rejects.as_ref().map_or(String::new(), |r| format!(" (to {})", r.file)),
                thousands(manifest.skipped.blank_lines)
            )
        }
    }
}
