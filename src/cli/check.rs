//! `batchlint check`: runs the linter over every path and drives a renderer.

use super::Exit;
use std::collections::VecDeque;
use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::{Diagnostic, Linter, Statistics, Summary};

use super::render::{self, Totals};
use super::{CheckArgs, print_error};

/// Checks every path; the exit code says whether errors were found (1) or a
/// file could not be checked at all (2).
pub(crate) fn run(args: &CheckArgs) -> Exit {
    let crate::config::Resolved { profile, excludes, config } = match args.rules.settings() {
        Ok(resolved) => resolved,
        Err(e) => {
            print_error(e);
            return Exit::from(2);
        }
    };
    let linter = Linter::new(profile).with_statistics(args.statistics);
    let stdout = io::stdout();
    // Every format: the JSON ones get C1 and bidirectional controls escaped
    // here; the text ones never hand it any (they print values `printable`).
    let mut out = render::EscapingWriter(io::BufWriter::new(stdout.lock()));
    let config_name = config.as_ref().map(|path| path.display().to_string());
    let mut renderer = render::new(
        args.format(),
        args.text.color(io::stdout().is_terminal()),
        args.text.max_diagnostics,
        linter.profile(),
        config_name.clone(),
    );
    let mut totals = Totals::default();
    let mut failed = false;
    let mut write_error: Option<io::Error> = None;
    // Once the reader of the report goes away (`| head`), nothing more is
    // written, but every file is still checked: the exit code says what was
    // found, never "clean" for a file with errors.
    let mut closed = false;
    // Excluded files are skipped even when named (pre-commit passes every
    // staged file by name), and the report says so; a named file that does
    // not exist is checked anyway, so that the error says it is missing.
    // A folder stands for the JSON Lines files in it.
    let targets = match super::walk::expand(&args.paths, true) {
        Ok(targets) => targets,
        Err(e) => {
            print_error(e);
            return Exit::from(2);
        }
    };
    let mut paths = Vec::new();
    for target in &targets {
        let path = &target.path;
        let excluded = path.as_os_str() != "-" && path.exists() && excludes.as_ref().is_some_and(|x| x.matches(path));
        if !excluded {
            paths.push(path);
        } else if target.named && !closed {
            // (A file found in a folder is skipped without a word.)
            let config = config_name.as_deref().unwrap_or_default();
            output(renderer.excluded(&mut out, &display_name(path), config), &mut write_error, &mut closed);
        }
    }
    // Small files are checked several at a time, each into a buffer that is
    // printed at its turn; the others stream, one after another.
    let mut prechecked = VecDeque::new();
    for (index, &path) in paths.iter().enumerate() {
        if write_error.is_some() {
            break;
        }
        if prechecked.is_empty() {
            prechecked = precheck_small_files(&linter, &paths[index..]);
        }
        let name = display_name(path);
        if !closed {
            output(renderer.begin_file(&mut out, &name), &mut write_error, &mut closed);
        }
        let result = {
            let mut sink = |d: Diagnostic| {
                if write_error.is_none() && !closed {
                    output(renderer.diagnostic(&mut out, &name, &d), &mut write_error, &mut closed);
                }
            };
            match prechecked.pop_front().flatten() {
                Some(Buffered { result, diagnostics }) => {
                    diagnostics.into_iter().for_each(&mut sink);
                    result
                }
                None => check_one(&linter, path, &mut sink),
            }
        };
        match result {
            Ok((summary, statistics)) => {
                totals.add(&summary);
                if args.statistics && !closed {
                    output(renderer.statistics(&mut out, &name, &statistics), &mut write_error, &mut closed);
                }
                if !closed {
                    output(renderer.end_file(&mut out, &name, &summary), &mut write_error, &mut closed);
                }
            }
            Err(e) => {
                failed = true;
                totals.failed += 1;
                let _ = out.flush();
                let message = e.to_string();
                print_error(e);
                if !closed {
                    output(renderer.file_error(&mut out, &name, &message), &mut write_error, &mut closed);
                }
            }
        }
        if write_error.is_some() {
            break;
        }
    }
    if write_error.is_none() && !closed {
        match renderer.finish(&mut out, &totals).and_then(|()| out.flush()) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
            Err(e) => write_error = Some(e),
            Ok(()) => {}
        }
    }
    if let Some(e) = write_error {
        eprintln!("batchlint: cannot write the report: {e}");
        return Exit::from(2);
    }
    if failed {
        Exit::from(2)
    } else if totals.errors > 0 {
        Exit::from(1)
    } else {
        Exit::SUCCESS
    }
}

/// Notes how a write of the report went: a closed pipe stops the report, any
/// other error stops the run.
fn output(result: io::Result<()>, write_error: &mut Option<io::Error>, closed: &mut bool) {
    if let Err(e) = result {
        if e.kind() == io::ErrorKind::BrokenPipe {
            *closed = true;
        } else {
            write_error.get_or_insert(e);
        }
    }
}

fn display_name(path: &Path) -> String {
    if path.as_os_str() == "-" { "<stdin>".to_owned() } else { path.display().to_string() }
}

/// Files up to this size are checked several at a time.
const SMALL_FILE: u64 = 4 << 20;
/// Most files checked at a time, each holding its diagnostics.
const FILES_AT_ONCE: usize = 16;
/// Most diagnostics held for one file checked ahead of its turn: a file with
/// more is checked again at its turn, streaming, so memory stays bounded.
const HELD_DIAGNOSTICS: usize = 10_000;

/// A file checked ahead of its turn.
struct Buffered {
    result: Result<(Summary, Statistics), crate::Error>,
    diagnostics: Vec<Diagnostic>,
}

/// Checks the small regular files at the start of `paths`, up to
/// [`FILES_AT_ONCE`] of them, in parallel: one entry per path from the
/// first, `None` for a path to check at its turn (it is not a small file,
/// it could not be opened, or it has too many diagnostics to hold). Empty
/// when the first path is not a small file.
fn precheck_small_files(linter: &Linter, paths: &[&PathBuf]) -> VecDeque<Option<Buffered>> {
    let small = |path: &&&PathBuf| {
        path.as_os_str() != "-" && fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() <= SMALL_FILE)
    };
    let count = paths.iter().take(FILES_AT_ONCE).take_while(small).count();
    if count < 2 {
        return VecDeque::new();
    }
    let check = |path: &&PathBuf| -> Option<Buffered> {
        let (file, _) = crate::lint::open_input(path).ok()?;
        let mut diagnostics = Vec::new();
        let mut overflow = false;
        let result = linter.check_file_reader_with_statistics(file, path, |d| {
            if diagnostics.len() < HELD_DIAGNOSTICS {
                diagnostics.push(d);
            } else {
                overflow = true;
            }
        });
        let result = result.map_err(|e| crate::Error::Io { path: path.to_path_buf(), source: e });
        (!overflow).then_some(Buffered { result, diagnostics })
    };
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        paths[..count].par_iter().map(check).collect::<Vec<_>>().into()
    }
    #[cfg(not(feature = "parallel"))]
    {
        paths[..count].iter().map(check).collect()
    }
}

fn check_one(
    linter: &Linter,
    path: &Path,
    sink: &mut dyn FnMut(Diagnostic),
) -> Result<(Summary, Statistics), crate::Error> {
    let io_error = |e| crate::Error::Io { path: path.to_path_buf(), source: e };
    if path.as_os_str() == "-" {
        return linter.check_reader_with_statistics(io::stdin(), sink).map_err(io_error);
    }
    let (file, metadata) = crate::lint::open_input(path)?;
    let bar = progress_bar(metadata.len(), path);
    let result = linter
        .check_file_reader_with_statistics(Progress { inner: file, bar: bar.clone() }, path, sink)
        .map_err(io_error);
    bar.finish_and_clear();
    result
}

/// A progress bar on stderr for a file large enough to take a moment, when
/// stderr is a terminal; hidden otherwise.
fn progress_bar(total: u64, path: &Path) -> indicatif::ProgressBar {
    if total < 256 << 20 || !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    let style =
        indicatif::ProgressStyle::with_template("{msg} {bar:40} {bytes}/{total_bytes} ({bytes_per_sec}, {eta})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_message(format!("checking {}", path.display()));
    bar
}

/// Counts the bytes read into a progress bar.
struct Progress<R> {
    inner: R,
    bar: indicatif::ProgressBar,
}

impl<R: io::Read> io::Read for Progress<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        Ok(n)
    }
}
