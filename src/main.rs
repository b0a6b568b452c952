//! The `batchlint` command line; [`batchlint::cli`] does everything.

/// Parsing builds many small values; mimalloc serves them faster than the
/// system allocator, especially from several threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    batchlint::cli::run(std::env::args_os()).into()
}
