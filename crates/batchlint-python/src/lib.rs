//! `batchlint._native`: the batchlint library for Python, through PyO3.
//!
//! Every function here is a thin layer over the `batchlint` crate: it turns
//! Python arguments into the library's settings, releases the GIL while the
//! library works, and turns its typed results into the classes of
//! [`types`]. The `batchlint` command of the Python package runs the very
//! same command line as the native binary ([`run_cli`]).

use std::ffi::OsString;

use pyo3::prelude::*;

mod check;
mod errors;
mod info;
mod settings;
mod split;
mod types;

/// Parsing builds many small values; mimalloc serves them faster than the
/// system allocator, as in the native binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Runs the `batchlint` command line on `argv` (the program name first) and
/// returns its exit status; the report goes to the process's standard output
/// and errors to standard error, as the native binary writes them.
#[pyfunction]
fn run_cli(py: Python<'_>, argv: Vec<OsString>) -> u8 {
    py.detach(|| batchlint::cli::run(argv).code())
}

/// The batchlint library for Python.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(run_cli, m)?)?;
    m.add_function(wrap_pyfunction!(check::check, m)?)?;
    m.add_function(wrap_pyfunction!(check::check_records, m)?)?;
    m.add_function(wrap_pyfunction!(split::split, m)?)?;
    m.add_function(wrap_pyfunction!(split::fix, m)?)?;
    m.add_function(wrap_pyfunction!(info::profiles, m)?)?;
    m.add_function(wrap_pyfunction!(info::rule, m)?)?;
    m.add_function(wrap_pyfunction!(info::rules, m)?)?;
    m.add_class::<types::Diagnostic>()?;
    m.add_class::<types::Summary>()?;
    m.add_class::<types::Report>()?;
    m.add_class::<types::Chunk>()?;
    m.add_class::<types::Manifest>()?;
    m.add_class::<types::Change>()?;
    m.add_class::<types::ProfileInfo>()?;
    m.add_class::<types::Rule>()?;
    Ok(())
}
