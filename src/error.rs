//! Operational failures: the tool could not do its job (as opposed to
//! diagnostics, which are findings about the input).

use std::path::{Path, PathBuf};

use crate::split::manifest::MANIFEST_NAME;

/// Why a run could not complete. Each variant names what failed; its
/// `Display` is the message the command line prints.
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

    /// No built-in profile has this name.
    #[error("unknown profile `{name}` (known: {known}){hint}", known = crate::profile::builtin_names(), hint = did_you_mean(*suggestion))]
    #[diagnostic(code(batchlint::unknown_profile))]
    UnknownProfile {
        /// The name asked for.
        name: String,
        /// The built-in profile whose name is closest, if one is close.
        suggestion: Option<&'static str>,
    },

    /// A configuration file, or a setting given in its place (an option, a
    /// Python argument), that cannot work.
    #[error("{}{message}", file.as_deref().map_or(String::new(), |f| format!("{}: ", f.display())))]
    #[diagnostic(code(batchlint::config))]
    Config {
        /// The configuration file, if the setting comes from one.
        file: Option<PathBuf>,
        /// What is wrong, naming the key.
        message: String,
    },

    /// A name for an output file that would not stay a plain file in the
    /// output folder, or would clash with another output.
    #[error("{what} `{name}` must be {rule}")]
    #[diagnostic(code(batchlint::output_name))]
    OutputName {
        /// The option or argument that gave the name (`--prefix`).
        what: &'static str,
        /// The name given.
        name: String,
        /// What a name must be.
        rule: String,
    },

    /// A write was refused because it would replace or reuse a file it must
    /// not touch.
    #[error("{}", refused_write(path, *reason))]
    #[diagnostic(code(batchlint::refused_write))]
    RefusedWrite {
        /// The file that would have been written.
        path: PathBuf,
        /// Why it was not.
        reason: RefusedWrite,
    },

    /// The manifest of a previous split in the output folder, which `--force`
    /// would follow, cannot be trusted, so nothing is replaced.
    #[error("{path} {problem}; not replacing anything")]
    #[diagnostic(code(batchlint::untrusted_manifest))]
    UntrustedManifest {
        /// The manifest's path.
        path: PathBuf,
        /// What is wrong with it.
        problem: String,
    },

    /// `fix` refused a file that it cannot repair without losing something.
    #[error("{path}: not fixed: {reason}")]
    #[diagnostic(code(batchlint::not_fixed))]
    NotFixed {
        /// The file left as it was.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

/// Why a write was refused ([`Error::RefusedWrite`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RefusedWrite {
    /// The file exists and no previous split's manifest lists it.
    Exists,
    /// A previous split wrote the file, but its bytes changed since.
    Changed,
    /// The file is the input being split.
    Input,
    /// Two outputs of the same split would have this path.
    Twice,
}

impl Error {
    /// An [`Error::Io`] for `path`.
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }

    /// An [`Error::Config`] from the file `file` (or from options when `None`).
    #[cfg(feature = "config")]
    pub(crate) fn config(file: Option<&Path>, message: impl Into<String>) -> Self {
        Error::Config { file: file.map(Path::to_path_buf), message: message.into() }
    }
}

fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion.map_or(String::new(), |n| format!("; did you mean `{n}`?"))
}

fn refused_write(path: &Path, reason: RefusedWrite) -> String {
    let path = path.display();
    match reason {
        RefusedWrite::Exists => format!(
            "refusing to overwrite {path}: it already exists (--force replaces only the files a previous split listed \
             in its {MANIFEST_NAME})"
        ),
        RefusedWrite::Changed => format!(
            "refusing to overwrite {path}: it changed since the previous split wrote it (its SHA-256 is not the one \
             {MANIFEST_NAME} records)"
        ),
        RefusedWrite::Input => format!("refusing to write {path}: it is the input"),
        RefusedWrite::Twice => format!(
            "refusing to split: {path} would be written twice (a chunk, --rejects and {MANIFEST_NAME} need paths of \
             their own)"
        ),
    }
}
