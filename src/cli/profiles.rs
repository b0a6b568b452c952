//! `batchlint profiles`: the built-in profiles with their limits and sources.

use super::Exit;
use std::io::{self, Write};

use std::path::Path;

use crate::config::Config;
use crate::text::printable;
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
        custom_profiles(&mut out, args.long)?;
        writeln!(out, "\nUse one with `--profile NAME`; define your own under [profiles.NAME] in batchlint.toml.")
    })();
    match result {
        Ok(()) => Exit::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Exit::SUCCESS,
        Err(e) => {
            eprintln!("batchlint: error: {e}");
            Exit::from(2)
        }
    }
}

/// The `[profiles.NAME]` of the config file in use (found as `check` finds
/// it), each as it resolves: a bad one shows its error in its row.
fn custom_profiles(out: &mut dyn Write, long: bool) -> io::Result<()> {
    let Some(path) = Config::discover(Path::new(".")) else {
        return Ok(());
    };
    let config = match Config::read(&path) {
        Ok(config) => config,
        Err(e) => return Err(io::Error::new(io::ErrorKind::InvalidData, printable(&e.to_string()).into_owned())),
    };
    if config.profiles.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nDefined in {}:", printable(&path.display().to_string()))?;
    for (name, custom) in &config.profiles {
        let extends = custom.extends.as_deref().unwrap_or("generic");
        match custom.build(name, &config, &path) {
            Ok(p) => {
                writeln!(
                    out,
                    "{:<14} {:>9} {:>9} {:>13}  {:<12} custom, extends {extends}",
                    printable(name),
                    limit(p.limits.min_records),
                    limit(p.limits.max_records),
                    limit(p.limits.max_bytes),
                    printable(p.id_pointer.as_deref().unwrap_or("-")),
                )?;
                if long && !p.uniform.is_empty() {
                    writeln!(out, "    same on every line: {}", printable(&p.uniform.join(", ")))?;
                }
            }
            Err(e) => writeln!(out, "{:<14} {}", printable(name), printable(&e.to_string()))?,
        }
    }
    Ok(())
}
