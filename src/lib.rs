//! batchlint lints and splits JSONL batch files before they are uploaded to a
//! batch API. It reports every problem of a file, each at its exact line and
//! column with a stable code, and it never touches the network.
//!
//! The pipeline: a line reader frames the input into lines (with
//! bounded memory), each line is parsed ([`parse_json`]), validated against the
//! [`Profile`]'s line schema and cross-field rules, and the ordered stream is
//! checked against the batch rules (record count, file size, unique ids).
//!
//! ```
//! use batchlint::{Linter, Profile, Severity};
//!
//! let linter = Linter::new(Profile::sync()?);
//! let report = linter.check_path("testdata/examples/requests.jsonl".as_ref())?;
//! assert_eq!(report.summary.records, 20);
//! for d in &report.diagnostics {
//!     // Lines and columns are 1-based; `d.span` has the exact byte offsets.
//!     println!("{}:{}:{}: {}[{}] {}", report.path, d.line, d.column, d.severity, d.code, d.message);
//!     if let Some(help) = &d.help {
//!         println!("  help: {help}");
//!     }
//! }
//! let errors = report.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
//! assert_eq!((errors, report.summary.warnings), (6, 1));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The other stages are public too: [`split`] (scan, a pure planner over
//! record sizes, an atomic writer, and [`split::run`] for a whole split),
//! [`fix`] (safe repairs), and the [`Profile`]s of the batch APIs
//! ([`BUILTINS`]). Front ends share two more: `config` (feature `config`)
//! resolves a profile, a `batchlint.toml` and overrides into the profile a run
//! uses, and `cli` (feature `cli`, on by default) is the whole command line,
//! run by the binary and by the Python package's command. With
//! `default-features = false` the crate builds without them.
//!
//! # Stability
//!
//! The structs a call returns or takes as options, and the enums that may
//! grow, are `#[non_exhaustive]`: build options with their constructors
//! ([`split::run::Request::new`], [`split::write::WriteOptions::new`]) and
//! set fields; match with a `_` arm. A [`Profile`] changes only through its
//! methods, so its schema, rules and fast paths always agree. [`Error`]'s
//! variants name what failed. Diagnostic codes never change meaning. The
//! `testing` feature's hooks are not part of the API.
#![deny(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

/// Hooks for fuzzing and property tests (feature `testing`); not part of the
/// API (see the module).
#[cfg(feature = "testing")]
#[doc(hidden)]
#[path = "fuzz_api.rs"]
pub mod __fuzz;
mod batch;
#[cfg(feature = "cli")]
pub mod cli;
mod codes;
#[cfg(feature = "config")]
pub mod config;
mod diagnostic;
mod error;
mod fastpath;
pub mod fix;
mod input;
pub mod interrupt;
mod iri;
mod keys;
mod lint;
mod locate;
mod parse;
mod profile;
mod reader;
mod rules;
mod schema;
mod shape;
mod sniff;
pub mod split;
mod suggest;
mod tape;
#[cfg(test)]
mod testing;
mod text;
mod transcode;
mod validate;
pub mod wire;

pub use codes::{Code, CodeDocs, Family};
pub use diagnostic::{Diagnostic, Related, Severity, Snippet, Span};
pub use error::{Error, RefusedWrite};
pub use input::Compression;
pub use lint::{FileReport, LineOutcome, Linter, Sink, Statistics, Summary, Totals};
pub use parse::{Parsed, SyntaxError, parse_json};
pub use profile::{BUILTINS, BuiltinProfile, Limits, MAX_LINE_LIMIT, Profile};
pub use rules::RuleSet;
pub use schema::LineSchema;
pub(crate) use text::thousands;
