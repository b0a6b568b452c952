//! `batchlint schema [--profile NAME]`: prints a profile's built-in line
//! schema, to start your own `--schema` from.

use super::Exit;
use std::io::{self, Write};

use clap::Args;

use super::print_error;

#[derive(Debug, Args)]
pub(crate) struct SchemaCommand {
    /// The batch API's profile.
    #[arg(long, default_value = "sync", value_name = "NAME")]
    profile: String,
}

/// Prints the schema; exit code 2 for an unknown profile.
pub(crate) fn run(args: &SchemaCommand) -> Exit {
    match crate::Profile::builtin_schema_text(&args.profile) {
        Some(text) => write_stdout(text.as_bytes()),
        None => {
            match crate::Profile::by_name(&args.profile) {
                Err(e) => print_error(e),
                Ok(_) => eprintln!("batchlint: error: the profile `{}` has no built-in line schema", args.profile),
            }
            Exit::from(2)
        }
    }
}

/// Writes `bytes` to standard output. A closed pipe (`batchlint … | head`) is
/// not an error; any other write error is, with exit code 2.
pub(crate) fn write_stdout(bytes: &[u8]) -> Exit {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Exit::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Exit::SUCCESS,
        Err(e) => {
            eprintln!("batchlint: error: cannot write to standard output: {e}");
            Exit::from(2)
        }
    }
}
