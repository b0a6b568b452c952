//! Operational failures: the tool could not do its job (as opposed to
//! diagnostics, which are findings about the input).

use std::path::PathBuf;

/// Why a run could not complete.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum Error {
    /// An input or output could not be read or written.
    #[error("{path}: {source}")]
    #[diagnostic(code(batchlint::io))]
    Io {
        /// The path involved (`-` for standard input).
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },

    /// A schema could not be read, parsed or compiled.
    #[error("schema {path}: {message}")]
    #[diagnostic(code(batchlint::schema))]
    Schema {
        /// The schema's path (or the built-in profile's name).
        path: String,
        /// What is wrong with it.
        message: String,
        /// How to fix it.
        #[help]
        help: Option<String>,
    },

    /// An option has a value that cannot work.
    #[error("{0}")]
    #[diagnostic(code(batchlint::usage))]
    Usage(String),
}

impl Error {
    /// An [`Error::Io`] for `path`.
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
}
