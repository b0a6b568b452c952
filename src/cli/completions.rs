//! `batchlint completions SHELL` and `batchlint man [COMMAND]`: shell
//! completion scripts and man pages, generated from the clap definition of
//! the command line so they never drift from it.

use super::Exit;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::Cli;
use super::schema::write_stdout;

#[derive(Debug, Args)]
#[command(after_help = concat!(
    "Examples:\n",
    "  batchlint completions bash > ~/.local/share/bash-completion/completions/batchlint\n",
    "  batchlint completions zsh > ~/.zfunc/_batchlint      # with fpath+=~/.zfunc before compinit\n",
    "  batchlint completions fish > ~/.config/fish/completions/batchlint.fish\n",
    "  batchlint completions powershell >> $PROFILE"))]
pub(crate) struct CompletionsCommand {
    /// The shell to complete in.
    #[arg(value_enum)]
    shell: Shell,
}

#[derive(Debug, Args)]
#[command(after_help = concat!(
    "Examples:\n",
    "  batchlint man > /usr/local/share/man/man1/batchlint.1\n",
    "  batchlint man check > /usr/local/share/man/man1/batchlint-check.1\n",
    "  batchlint man | man -l -"))]
pub(crate) struct ManCommand {
    /// A subcommand whose page to print (`batchlint-check(1)`, …) instead of `batchlint(1)`.
    #[arg(value_name = "COMMAND")]
    command: Option<String>,
}

/// Prints the completion script for the shell.
pub(crate) fn run_completions(args: &CompletionsCommand) -> Exit {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "batchlint", &mut script);
    write_stdout(&script)
}

/// Prints a man page in roff; exit code 2 for an unknown subcommand.
pub(crate) fn run_man(args: &ManCommand) -> Exit {
    let mut root = Cli::command();
    root.build();
    let man = match &args.command {
        None => clap_mangen::Man::new(root),
        Some(name) => {
            let Some(sub) = root.find_subcommand(name).filter(|s| s.get_name() != "help") else {
                let known: Vec<&str> =
                    root.get_subcommands().map(clap::Command::get_name).filter(|n| *n != "help").collect();
                eprintln!("batchlint: error: unknown command `{name}` (known: {})", known.join(", "));
                return Exit::from(2);
            };
            // Built, a subcommand is named `batchlint-check` in its title and
            // `batchlint check` in its synopsis.
            let source = format!("batchlint {}", env!("CARGO_PKG_VERSION"));
            clap_mangen::Man::new(sub.clone()).source(source)
        }
    };
    let mut roff = Vec::new();
    if let Err(e) = man.render(&mut roff) {
        eprintln!("batchlint: error: cannot render the man page: {e}");
        return Exit::from(2);
    }
    write_stdout(&roff)
}
