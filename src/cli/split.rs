//! `batchlint split`: scan, plan, write, and a table of what was written.

use super::Exit;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use crate::split;
use crate::split::manifest::Manifest;
use crate::split::run::{Outcome, PlannedChunk, Request};
use crate::split::write::check_prefix;
use crate::text::printable;
use crate::{Diagnostic, thousands};
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
    /// The JSONL file to split; `-` reads standard input (spooled to a temporary file in the output folder, or with
    /// --plan in the system's temporary folder).
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

fn fail(e: crate::Error) -> Exit {
    print_error(e);
    Exit::from(2)
}

pub(crate) fn run(args: &SplitArgs) -> Exit {
    let profile = match args.rules.settings() {
        Ok(resolved) => resolved.profile,
        Err(e) => return fail(e),
    };
    let stdin = args.input.as_os_str() == "-";
    let prefix = args
        .prefix
        .clone()
        .unwrap_or_else(|| if stdin { "stdin".to_owned() } else { Request::default_prefix(&args.input) });
    if let Err(e) = check_prefix(&prefix) {
        return fail(e);
    }
    for stale in split::write::stale_temporaries(&args.out_dir) {
        eprintln!(
            "batchlint: warning: {}: a temporary file of a split that did not finish (killed, or running now); \
             remove it if no batchlint is writing here",
            printable(&stale.display().to_string())
        );
    }
    let spool = if stdin {
        match split::spool::spool(io::stdin().lock(), (!args.plan).then_some(args.out_dir.as_path())) {
            Ok(s) => Some(s),
            Err(e) => return fail(crate::Error::Io { path: "-".into(), source: e }),
        }
    } else {
        None
    };
    let request = Request {
        input: spool.as_ref().map_or_else(|| args.input.clone(), |s| s.path.to_path_buf()),
        input_label: if stdin { "-".to_owned() } else { args.input.display().to_string() },
        out_dir: args.out_dir.clone(),
        prefix,
        rejects: args.rejects.clone(),
        force: args.force,
        sync: !args.no_sync,
        plan_only: args.plan,
        compression: spool.as_ref().and_then(|s| s.compression),
    };

    // The scan's diagnostics go to stderr as `check` shows them.
    let stderr = io::stderr();
    let is_terminal = stderr.is_terminal();
    let err_out = std::cell::RefCell::new(io::BufWriter::new(stderr.lock()));
    let text_format = if is_terminal { Format::Human } else { Format::Concise };
    let mut renderer =
        render::new(text_format, args.text.color(is_terminal), args.text.max_diagnostics, &profile, None);
    let label = if stdin { "<stdin>".to_owned() } else { args.input.display().to_string() };
    let mut bar: Option<indicatif::ProgressBar> = None;
    let outcome = {
        let mut sink = |d: Diagnostic| {
            let _ = renderer.diagnostic(&mut *err_out.borrow_mut(), &label, &d);
        };
        let mut progress = |n: u64, total: u64| {
            let _ = err_out.borrow_mut().flush();
            bar.get_or_insert_with(|| progress_bar(total, is_terminal)).inc(n);
        };
        split::run::run(&profile, &request, &mut sink, &mut progress)
    };
    let _ = err_out.into_inner().flush();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    match outcome {
        Err(e) => fail(e),
        Ok(Err(refusal)) => {
            eprintln!("batchlint: {}", printable(&refusal.to_string()));
            Exit::from(1)
        }
        Ok(Ok(Outcome::Planned { chunks, records, rejected_lines, blank_lines })) => {
            report(print_plan(args, &chunks, records, rejected_lines.len() as u64, blank_lines))
        }
        Ok(Ok(Outcome::Written(manifest))) => report(print_manifest(args, &manifest)),
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

fn report(result: io::Result<()>) -> Exit {
    match result {
        Ok(()) => Exit::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Exit::SUCCESS,
        Err(e) => {
            eprintln!("batchlint: cannot write the report: {e}");
            Exit::from(2)
        }
    }
}

fn print_table(out: &mut dyn Write, rows: &[PlannedChunk]) -> io::Result<()> {
    let files: Vec<_> = rows.iter().map(|r| printable(&r.file)).collect();
    let width = files.iter().map(|f| f.chars().count()).max().unwrap_or(4).max(4);
    writeln!(out, "{:<width$}  {:>8}  {:>11}  lines", "file", "records", "bytes")?;
    for (r, file) in rows.iter().zip(&files) {
        writeln!(
            out,
            "{:<width$}  {:>8}  {:>11}  {}–{}",
            file,
            thousands(r.records),
            thousands(r.bytes),
            r.first_line,
            r.last_line
        )?;
    }
    Ok(())
}

fn print_plan(
    args: &SplitArgs,
    chunks: &[PlannedChunk],
    records: u64,
    rejected: u64,
    blank_lines: u64,
) -> io::Result<()> {
    let mut out = render::EscapingWriter(io::stdout().lock());
    match args.format {
        SplitFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &serde_json::json!({"plan": chunks})).map_err(io::Error::other)?;
            writeln!(out)
        }
        SplitFormat::Human => {
            print_table(&mut out, chunks)?;
            writeln!(
                out,
                "Would write {} file(s) ({} records) to {}; {} rejected, {} blank line(s) skipped. Nothing was written (--plan).",
                thousands(chunks.len() as u64),
                thousands(records),
                printable(&args.out_dir.display().to_string()),
                thousands(rejected),
                thousands(blank_lines)
            )
        }
    }
}

fn print_manifest(args: &SplitArgs, manifest: &Manifest) -> io::Result<()> {
    let mut out = render::EscapingWriter(io::stdout().lock());
    match args.format {
        SplitFormat::Json => {
            serde_json::to_writer_pretty(&mut out, manifest).map_err(io::Error::other)?;
            writeln!(out)
        }
        SplitFormat::Human => {
            let rows: Vec<PlannedChunk> = manifest.chunks.iter().map(PlannedChunk::from).collect();
            print_table(&mut out, &rows)?;
            let records: u64 = manifest.chunks.iter().map(|c| c.records).sum();
            let rejected = manifest.rejects.as_ref().map_or(0, |r| r.lines.len() as u64);
            writeln!(
                out,
                "Wrote {} file(s) ({} records) and {} to {}; {} rejected{}, {} blank line(s) skipped{}.",
                thousands(manifest.chunks.len() as u64),
                thousands(records),
                crate::split::manifest::MANIFEST_NAME,
                printable(&args.out_dir.display().to_string()),
                thousands(rejected),
                manifest.rejects.as_ref().map_or(String::new(), |r| format!(" (to {})", printable(&r.file))),
                thousands(manifest.skipped.blank_lines),
                manifest
                    .input
                    .compression
                    .map_or(String::new(), |c| format!("; the input was {}-decompressed", c.name()))
            )
        }
    }
}
