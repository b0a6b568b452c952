//! The library's errors as the Python exceptions of `batchlint._errors`,
//! with the command line's messages.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

static FILE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static USAGE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static SCHEMA_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static SPLIT_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// An exception of `batchlint._errors`, made by calling its class.
fn raise(
    py: Python<'_>,
    class: &'static PyOnceLock<Py<PyType>>,
    name: &str,
    args: impl for<'py> pyo3::call::PyCallArgs<'py>,
) -> PyErr {
    match class.import(py, "batchlint._errors", name).and_then(|c| c.call1(args)) {
        Ok(value) => PyErr::from_value(value),
        Err(e) => e,
    }
}

/// A `UsageError` (also a `ValueError`): an option or setting that cannot work.
pub(crate) fn usage(py: Python<'_>, message: impl Into<String>, help: Option<String>) -> PyErr {
    raise(py, &USAGE_ERROR, "UsageError", (message.into(), help))
}

/// A `SplitError`: the input was read but cannot be split.
pub(crate) fn split(py: Python<'_>, message: String) -> PyErr {
    raise(py, &SPLIT_ERROR, "SplitError", (message, None::<String>))
}

/// The Python exception for a library error: `FileError` (also an
/// `OSError`, with `errno` and `filename`), `SchemaError` or `UsageError`
/// (both also `ValueError`s).
pub(crate) fn to_py(py: Python<'_>, error: batchlint::Error) -> PyErr {
    use miette::Diagnostic as _;
    let message = error.to_string();
    let help = error.help().map(|h| h.to_string());
    match error {
        batchlint::Error::Io { path, source } => {
            raise(py, &FILE_ERROR, "FileError", (message, os_error(&source), path.into_os_string(), help))
        }
        batchlint::Error::Schema { .. } => raise(py, &SCHEMA_ERROR, "SchemaError", (message, help)),
        _ => usage(py, message, help),
    }
}

/// The OS error number of `error`, or of the first error in its chain of
/// sources that has one.
fn os_error(error: &std::io::Error) -> Option<i32> {
    if let Some(n) = error.raw_os_error() {
        return Some(n);
    }
    let mut next = error.get_ref().and_then(|inner| inner.source());
    while let Some(cause) = next {
        if let Some(n) = cause.downcast_ref::<std::io::Error>().and_then(std::io::Error::raw_os_error) {
            return Some(n);
        }
        next = cause.source();
    }
    None
}
