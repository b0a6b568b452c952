//! batchlint lints and splits JSONL batch files before they are uploaded to a
//! batch API. It reports every problem of a file, each at its exact line and
//! column with a stable code, and it never touches the network.
//!
//! The pipeline: a [`LineReader`](reader) frames the input into lines (with
//! bounded memory), each line is parsed ([`parse_json`]), validated against the
//! [`Profile`]'s line schema and cross-field rules, and the ordered stream is
//! checked against the batch rules (record count, file size, unique ids).
//!
//! ```
//! use batchlint::{Linter, Profile, Severity};
//!
//! let linter = Linter::new(Profile::sync()?);
//! let report = linter.check_path("testdata/valid/sync-20.jsonl".as_ref())?;
//! assert_eq!(report.summary.records, 20);
//! for d in &report.diagnostics {
//!     println!("{}:{}:{}: {}[{}] {}", report.path, d.line, d.column, d.severity, d.code, d.message);
//! }
//! assert!(report.diagnostics.iter().all(|d| d.severity != Severity::Error));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

/// Hooks for fuzzing and property tests; not part of the API (see the module).
#[doc(hidden)]
#[path = "fuzz_api.rs"]
pub mod __fuzz;
mod batch;
mod codes;
mod diagnostic;
mod error;
mod fastpath;
pub mod fix;
mod lint;
mod locate;
mod parse;
mod profile;
mod reader;
mod rules;
mod schema;
pub mod split;
mod suggest;
mod validate;

pub use batch::thousands;
pub use codes::{Code, CodeDocs, Family};
pub use diagnostic::{Diagnostic, Related, Severity, Snippet, Span};
pub use error::Error;
pub use lint::{FileReport, Linter, Summary};
pub use parse::{Parsed, SyntaxError, parse_json};
pub use profile::{BUILTINS, BuiltinProfile, Limits, Profile};
pub use rules::RuleSet;
pub use schema::LineSchema;
