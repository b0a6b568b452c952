//! `batchlint profiles`: the built-in profiles with their limits and sources.

use super::Exit;
use std::io::{self, Write};

use crate::{BUILTINS, thousands};
use clap::Args;

#[derive(Debug, Args)]
pub(crate) struct ProfilesCommand {
    /// Also print each profile's notes and sources.
    #[arg(long)]
    long: bool,
}

fn limit(value: Option<u64>) -> String {
    value.map_or_else(|| "-".to_owned(), thousands)
}

pub(crate) fn run(args: &ProfilesCommand) -> Exit {
    let mut out = io::stdout().lock();
    let result = (|| -> io::Result<()> {
        writeln!(out, "{:<14} {:>9} {:>9} {:>13}  {:<12} title", "profile", "min", "max", "max bytes", "id")?;
        for b in BUILTINS {
            writeln!(
                out,
                "{:<14} {:>9} {:>9} {:>13}  {:<12} {}",
                b.name,
                limit(b.limits.min_records),
                limit(b.limits.max_records),
                limit(b.limits.max_bytes),
                b.id_pointer.unwrap_or("-"),
                b.title
            )?;
            if args.long {
                if !b.uniform.is_empty() {
                    writeln!(out, "    same on every line: {}", b.uniform.join(", "))?;
                }
                writeln!(out, "    notes: {}", b.notes)?;
                for source in b.sources {
                    writeln!(out, "    source: {source}")?;
                }
            }
        }
        writeln!(out, "\nUse one with `--profile NAME`; define your own under [profiles.NAME] in batchlint.toml.")
    })();
    match result {
        Ok(()) => Exit::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Exit::SUCCESS,
        Err(e) => {
            eprintln!("batchlint: {e}");
            Exit::from(2)
        }
    }
}
