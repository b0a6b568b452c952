//! `batchlint fix`: safe repairs, in place, reported line by line.

use super::Exit;
use std::path::PathBuf;

use crate::fix::{Change, FixOptions, Fixed, Repair, fix_file, repair};
use crate::text::printable;
use crate::thousands;
use clap::Args;
use std::io::{self, Read as _, Write};
use std::path::Path;

use super::print_error;

#[derive(Debug, Args)]
pub(crate) struct FixArgs {
    /// Files to repair in place; a folder stands for the `*.jsonl` and `*.ndjson` files in it (as ripgrep
    /// finds them: `.gitignore` is honoured).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Show what would change, as a unified diff after the list of repairs; write nothing.
    #[arg(long)]
    diff: bool,

    /// Also fix a file that has other names (hard links): only the name
    /// given gets the fixed content.
    #[arg(long)]
    force: bool,
}

fn lines(change: &Change) -> String {
    if change.first_line == change.last_line {
        format!("{}", change.first_line)
    } else {
        format!("{}-{}", change.first_line, change.last_line)
    }
}

pub(crate) fn run(args: &FixArgs) -> Exit {
    let (mut changed, mut failed) = (0u64, false);
    let options = FixOptions::default().dry_run(args.diff).force(args.force);
    // A folder stands for the JSON Lines files in it.
    let targets = match super::walk::expand(&args.paths, false) {
        Ok(targets) => targets,
        Err(e) => {
            print_error(e);
            return Exit::from(2);
        }
    };
    // With `-` (standard input to standard output), the report goes to stderr.
    let to_stdout = !targets.iter().any(|t| t.path.as_os_str() == "-");
    // (A closed pipe ends the report quietly; the exit code still tells.)
    let report = |line: String| {
        let _ = if to_stdout { writeln!(io::stdout(), "{line}") } else { writeln!(io::stderr(), "{line}") };
    };
    for path in targets.iter().map(|t| &t.path) {
        if crate::interrupt::requested().is_some() {
            // Stopped: the files not reached yet stay as they are.
            failed = true;
            break;
        }
        let stdin = path.as_os_str() == "-";
        let shown = if stdin { "<stdin>".to_owned() } else { printable(&path.display().to_string()).into_owned() };
        let result = if stdin { fix_stdin(args.diff) } else { fix_file(path, options) };
        match result {
            Ok(fixed) => {
                if !fixed.changes.is_empty() {
                    changed += 1;
                }
                for change in &fixed.changes {
                    let verb = if args.diff { "would" } else { "fixed:" };
                    let what = match change.repair {
                        Repair::ArrayToJsonLines | Repair::PrettyToJsonLines => {
                            format!(" ({} records)", thousands(change.count))
                        }
                        _ => String::new(),
                    };
                    report(format!("{shown}:{}: {verb} {}{what}", lines(change), change.repair.action()));
                }
                for lost in &fixed.not_kept {
                    eprintln!("batchlint: warning: {shown}: {lost}");
                }
                if args.diff && !stdin && !fixed.changes.is_empty() {
                    match unified_diff(path, &shown) {
                        Ok(diff) => report(diff),
                        Err(e) => {
                            failed = true;
                            print_error(e);
                        }
                    }
                }
            }
            Err(e) => {
                failed = true;
                print_error(e);
            }
        }
    }
    let verb = if args.diff { "would change" } else { "changed" };
    report(format!("{verb} {} of {} file(s)", thousands(changed), thousands(targets.len() as u64)));
    if failed {
        Exit::from(2)
    } else if changed > 0 {
        // The pre-commit convention for fixers: a change fails the hook, so
        // the user reviews and stages it.
        Exit::from(1)
    } else {
        Exit::SUCCESS
    }
}

/// `fix -`: repairs standard input onto standard output (with `dry_run`,
/// only reports). The output is the input when nothing needed fixing.
fn fix_stdin(dry_run: bool) -> Result<Fixed, crate::Error> {
    let path = Path::new("<stdin>");
    let input = crate::interrupt::Interruptible::new(io::stdin().lock());
    let changes = if dry_run {
        repair(path, input, &mut io::sink())?
    } else {
        let mut out = io::BufWriter::new(io::stdout().lock());
        let changes = repair(path, input, &mut out)?;
        out.flush().map_err(|e| crate::Error::Io { path: "-".into(), source: e })?;
        changes
    };
    Ok(Fixed { changes, ..Fixed::default() })
}

/// The largest file `--diff` shows as a diff (both versions are held in
/// memory); a larger one gets its list of repairs only.
const MAX_DIFF_BYTES: u64 = 64 << 20;

/// The unified diff between `path` and its fixed version, every line made
/// printable (a `\r` shows as `\r`, so a CRLF repair is visible).
fn unified_diff(path: &Path, shown: &str) -> Result<String, crate::Error> {
    let io = |e| crate::Error::Io { path: path.to_path_buf(), source: e };
    if std::fs::metadata(path).map_err(io)?.len() > MAX_DIFF_BYTES {
        return Ok(format!("({shown} is too large to show as a diff: the repairs are listed above)"));
    }
    let original = std::fs::read(path).map_err(io)?;
    let mut fixed = Vec::new();
    repair(path, &original[..], &mut fixed)?;
    // Text in UTF-16 or UTF-32 is shown decoded, so that the diff shows what
    // else changed (the conversion itself is listed above).
    let mut decoded = String::new();
    let (old, old_header) = match crate::sniff::sniff(&original) {
        Some(crate::sniff::Sniffed::Encoding { encoding, .. })
            if crate::transcode::ToUtf8::new(&original[..], encoding).read_to_string(&mut decoded).is_ok() =>
        {
            (std::borrow::Cow::Borrowed(decoded.as_str()), format!("{shown} ({}, shown as UTF-8)", encoding.name()))
        }
        _ => (String::from_utf8_lossy(&original), shown.to_owned()),
    };
    let new = String::from_utf8_lossy(&fixed);
    // Repairs touch most lines of a file (every CRLF): past the deadline the
    // diff is approximated (coarser hunks) instead of searched for minimal.
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(500);
    let diff = similar::TextDiff::configure().deadline(deadline).diff_lines(old.as_ref(), new.as_ref());
    let text = diff.unified_diff().context_radius(2).header(&old_header, &format!("{shown} (fixed)")).to_string();
    let lines: Vec<String> = text
        .split_inclusive('\n')
        .map(|line| printable(line.strip_suffix('\n').unwrap_or(line)).into_owned())
        .collect();
    Ok(lines.join("\n"))
}
