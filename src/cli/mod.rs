//! The `batchlint` command line: argument parsing and dispatch. The library
//! does the work; this module only turns flags into [`Settings`] and a
//! renderer, and results into an [`Exit`] status. The native binary and the
//! Python package's `batchlint` command both run [`run`].
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{ConfigChoice, LimitOverrides, LimitValue, Resolved, Settings};

mod check;
mod completions;
mod fix;
mod profiles;
mod render;
mod rule;
mod schema;
mod split;
mod walk;

const EXIT_CODES: &str = "\
Exit codes (each command's --help has its own):
  0  no errors (warnings alone do not fail)
  1  errors found in the input (check, split); files changed (fix)
  2  usage error, or a file or schema could not be read or written
  129, 130, 143  split or fix stopped by SIGHUP, Ctrl-C or SIGTERM (its temporary files removed)";

/// Lint JSONL batch files before they are uploaded to a batch API.
#[derive(Debug, Parser)]
#[command(name = "batchlint", version, about, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check JSONL batch files and report every problem at its line and column.
    #[command(after_help = concat!(
        "Examples:\n",
        "  batchlint check requests.jsonl\n",
        "  batchlint check --format json a.jsonl b.jsonl > report.json\n",
        "  cat requests.jsonl | batchlint check -\n",
        "  batchlint check --schema my-line.schema.json --max-records 1000 requests.jsonl\n\n",
        "Exit codes:\n",
        "  0  no errors (warnings alone do not fail)\n",
        "  1  errors found in the input\n",
        "  2  usage error, or a file or schema could not be read"))]
    Check(CheckArgs),
    /// Split a JSONL file into batch files that each pass `check`, with a manifest.
    #[command(after_help = concat!(
        "Examples:\n",
        "  batchlint split requests.jsonl --out-dir batches/\n",
        "  batchlint split requests.jsonl --out-dir batches/ --plan\n",
        "  batchlint split requests.jsonl --out-dir batches/ --rejects rejected.jsonl\n\n",
        "The record and byte limits (--min-records, --max-records, --max-bytes, or the profile's) apply to each ",
        "chunk, not to the input.\n\n",
        "Exit codes:\n",
        "  0  the chunks (and the manifest) were written, or --plan printed the plan\n",
        "  1  the input has errors (without --rejects), or no compliant split exists\n",
        "  2  usage error, an output file exists, or a file could not be read or written\n",
        "  129, 130, 143  stopped by SIGHUP, Ctrl-C or SIGTERM: the files of this run were removed"))]
    Split(split::SplitArgs),
    /// Repair what cannot change meaning, in place: BOM, CRLF, blank lines, final newline, trailing commas, JSON arrays.
    #[command(after_help = concat!(
        "Examples:\n",
        "  batchlint fix requests.jsonl\n",
        "  batchlint fix --diff *.jsonl\n\n",
        "Exit codes:\n",
        "  0  nothing needed fixing\n",
        "  1  files were changed (with --diff: would be changed)\n",
        "  2  a file could not be read, written or safely repaired\n",
        "  129, 130, 143  stopped by SIGHUP, Ctrl-C or SIGTERM: the file being fixed is as it was"))]
    Fix(fix::FixArgs),
    /// List the built-in profiles with their limits (--long: notes and sources).
    Profiles(profiles::ProfilesCommand),
    /// Explain a diagnostic code, or list every code with its severity.
    #[command(after_help = concat!(
        "Examples:\n",
        "  batchlint rule                 # every code\n",
        "  batchlint rule BL203           # what it means, why it matters, an example\n",
        "  batchlint rule invalid-value   # the same, by name"))]
    Rule(rule::RuleCommand),
    /// Print a profile's built-in line schema (JSON Schema), to start your own `--schema` from.
    Schema(schema::SchemaCommand),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(completions::CompletionsCommand),
    /// Print the man page (roff) of batchlint or of one of its commands.
    Man(completions::ManCommand),
}

/// Where the output goes and how it looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Graphical report with a snippet of each line (default on a terminal).
    Human,
    /// One line per diagnostic: `path:line:col: severity[CODE]: message`, and `; help` when it is short (default
    /// otherwise).
    Concise,
    /// One JSON document with every diagnostic and a summary.
    Json,
    /// GitHub Actions workflow commands (`::error file=…`): annotations on the pull request.
    Github,
    /// One SARIF 2.1.0 log, for code scanning tools.
    Sarif,
    /// One JSON object per diagnostic per line, as found, then a summary line.
    Jsonl,
    /// JUnit XML: one test case per file, failed if the file has errors.
    Junit,
}

/// When to use colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Color {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// A limit flag: a number (`5_000_000` and `5,000,000` are fine too), or `none`.
fn parse_limit(s: &str) -> Result<LimitValue, String> {
    if s.eq_ignore_ascii_case("none") {
        return Ok(LimitValue(None));
    }
    let digits: String = s.chars().filter(|c| *c != '_' && *c != ',').collect();
    digits.parse::<u64>().map(|n| LimitValue(Some(n))).map_err(|_| format!("`{s}` is not a whole number or `none`"))
}

/// An id pointer flag: a JSON Pointer, or `none`.
fn parse_id_pointer(s: &str) -> Result<String, String> {
    crate::config::parse_pointer(s, None, "--id-pointer").map(|_| s.to_owned()).map_err(|e| e.to_string())
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Files to check (gzip-compressed ones are decompressed as they are read); `-` reads standard input; a folder
    /// stands for the `*.jsonl` and `*.ndjson` files in it, `.gz` ones too (as ripgrep finds them: `.gitignore` is
    /// honoured, hidden files skipped).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Output format [default: human on a terminal, concise otherwise].
    #[arg(long, value_enum, help_heading = "Output")]
    format: Option<Format>,

    /// After each file, count its diagnostics per code and its records per
    /// value of the profile's key fields (model, endpoint, url).
    #[arg(long, help_heading = "Output")]
    statistics: bool,

    #[command(flatten)]
    text: TextArgs,

    #[command(flatten)]
    rules: RuleArgs,
}

/// How diagnostics are shown in the text formats.
#[derive(Debug, Args)]
pub(crate) struct TextArgs {
    /// When to use colours in the human format.
    #[arg(long, value_enum, default_value = "auto", help_heading = "Output")]
    color: Color,

    /// Print at most N diagnostics (text formats); the summary says how many more there were.
    #[arg(long, value_name = "N", help_heading = "Output")]
    max_diagnostics: Option<u64>,
}

impl TextArgs {
    /// Whether to colour output going to a terminal (`is_terminal`).
    fn color(&self, is_terminal: bool) -> bool {
        match self.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && is_terminal,
        }
    }
}

/// The profile and its overrides, shared by `check` and `split`.
#[derive(Debug, Args)]
pub(crate) struct RuleArgs {
    /// The batch API's profile [default: sync].
    #[arg(long, value_name = "NAME", help_heading = "Rules")]
    profile: Option<String>,

    /// Validate each line against this JSON Schema instead of the profile's
    /// (the profile's cross-field rules are then off; its limits stay).
    #[arg(long, value_name = "PATH", help_heading = "Rules")]
    schema: Option<PathBuf>,

    /// Fewest records a file may hold (`none` for no minimum).
    #[arg(long, value_name = "N", value_parser = parse_limit, help_heading = "Rules")]
    min_records: Option<LimitValue>,

    /// Most records a file may hold (`none` for no maximum).
    #[arg(long, value_name = "N", value_parser = parse_limit, help_heading = "Rules")]
    max_records: Option<LimitValue>,

    /// Largest file size in bytes, newlines included (`none` for no limit).
    #[arg(long, value_name = "BYTES", value_parser = parse_limit, help_heading = "Rules")]
    max_bytes: Option<LimitValue>,

    /// Longest line in bytes, without its newline (`none` for no limit) [default: one less than --max-bytes].
    #[arg(long, value_name = "BYTES", value_parser = parse_limit, help_heading = "Rules")]
    max_line_bytes: Option<LimitValue>,

    /// JSON Pointer of the id that must be unique in a file (`none` turns the check off).
    #[arg(long, value_name = "POINTER", value_parser = parse_id_pointer, help_heading = "Rules")]
    id_pointer: Option<String>,

    /// List at most N diagnostics of one line; one more diagnostic (BL009) counts the rest [default: 100].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..), help_heading = "Output")]
    max_per_line: Option<u32>,

    /// Read settings from this file instead of the nearest batchlint.toml or .batchlint.toml.
    #[arg(long, value_name = "FILE", help_heading = "Config", conflicts_with = "no_config")]
    config: Option<PathBuf>,

    /// Ignore batchlint.toml files.
    #[arg(long, help_heading = "Config")]
    no_config: bool,
}

impl RuleArgs {
    /// The settings the flags ask for (the config file is found from the
    /// current folder unless named or turned off).
    fn settings(&self) -> Result<Resolved, crate::Error> {
        let config = match (&self.config, self.no_config) {
            (_, true) => ConfigChoice::None,
            (Some(path), false) => ConfigChoice::File(path.clone()),
            // Relative, so that messages name the file as the user would.
            (None, false) => ConfigChoice::Discover(std::path::PathBuf::from(".")),
        };
        Settings {
            profile: self.profile.clone(),
            schema: self.schema.clone(),
            config,
            limits: LimitOverrides {
                min_records: self.min_records,
                max_records: self.max_records,
                max_bytes: self.max_bytes,
                max_line_bytes: self.max_line_bytes,
            },
            id_pointer: self.id_pointer.clone(),
            max_per_line: self.max_per_line.map(|n| n as usize),
        }
        .resolve()
    }
}

impl CheckArgs {
    fn format(&self) -> Format {
        self.format.unwrap_or(if std::io::stdout().is_terminal() { Format::Human } else { Format::Concise })
    }
}

/// How a command ended: the exit status of the process (0 clean, 1 problems
/// found, 2 a usage or I/O error).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exit(u8);

impl Exit {
    /// Nothing wrong was found.
    pub const SUCCESS: Exit = Exit(0);

    /// The status as a number.
    pub fn code(self) -> u8 {
        self.0
    }
}

impl From<u8> for Exit {
    fn from(code: u8) -> Self {
        Exit(code)
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        std::process::ExitCode::from(exit.0)
    }
}

/// Runs the command line on `args` (the program name first, as
/// [`std::env::args_os`] gives them): parses them, does the work, prints
/// the report on standard output and errors on standard error, and returns
/// the exit status. It never exits the process itself.
pub fn run<I, T>(args: I) -> Exit
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return Exit::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Fix(args) => interruptible(|| fix::run(&args)),
        Command::Profiles(args) => profiles::run(&args),
        Command::Split(args) => interruptible(|| split::run(&args)),
        Command::Rule(args) => rule::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Completions(args) => completions::run_completions(&args),
        Command::Man(args) => completions::run_man(&args),
    }
}

/// Runs a command that writes files with Ctrl-C, SIGTERM and SIGHUP caught:
/// the first stops the run at its next read, which removes the temporary
/// files it made, and the exit code is then 128 + the signal's number (130
/// for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP); a second one ends the
/// process at once. A signal after the last read (the files being
/// published) lets the run finish, with its own exit code.
fn interruptible(command: impl FnOnce() -> Exit) -> Exit {
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;
    #[cfg(unix)]
    let signals = [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP];
    #[cfg(not(unix))]
    let signals = [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM];
    let flag = crate::interrupt::flag();
    flag.store(0, std::sync::atomic::Ordering::SeqCst);
    let armed = Arc::new(AtomicBool::new(false));
    let mut registered = Vec::new();
    for signal in signals {
        // The order matters: the second signal finds the process armed.
        let number = usize::try_from(signal).unwrap_or(usize::MAX);
        let caught = [
            signal_hook::flag::register_conditional_shutdown(signal, 128 + signal, Arc::clone(&armed)),
            signal_hook::flag::register(signal, Arc::clone(&armed)),
            signal_hook::flag::register_usize(signal, Arc::clone(flag), number),
        ];
        for id in caught {
            match id {
                Ok(id) => registered.push(id),
                Err(e) => eprintln!(
                    "batchlint: warning: cannot catch signal {signal} ({e}); an interrupted run may leave temporary files"
                ),
            }
        }
    }
    let exit = command();
    // The process may go on (the Python module runs the command line in it).
    for id in registered {
        signal_hook::low_level::unregister(id);
    }
    let signal = crate::interrupt::requested();
    flag.store(0, std::sync::atomic::Ordering::SeqCst);
    match signal {
        // The run failed because of the signal: it stopped and cleaned up.
        // (A signal that came after the work was done changes nothing.)
        Some(signal) if exit.code() == 2 => {
            eprintln!("batchlint: interrupted; the temporary files of this run were removed");
            Exit::from(u8::try_from(128 + signal).unwrap_or(u8::MAX))
        }
        _ => exit,
    }
}

/// Prints an operational error on stderr: what failed, and how to fix it.
pub(crate) fn print_error(error: crate::Error) {
    use crate::text::printable;
    use miette::Diagnostic as _;
    // Messages name files and quote values: nothing in them may steer the
    // terminal or the CI log reading it.
    eprintln!("batchlint: error: {}", printable(&error.to_string()));
    if let Some(help) = error.help() {
        eprintln!("  help: {}", printable(&help.to_string()));
    }
}
