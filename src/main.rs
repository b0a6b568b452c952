//! The `batchlint` command line: parses arguments, calls the library, renders.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod cli;

/// Parsing builds many small values; mimalloc serves them faster than the
/// system allocator, especially from several threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
