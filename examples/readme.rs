//! The Rust snippet of the README's "Library" section, verbatim between the
//! two marker comments below. `cargo test` builds this example, so the
//! snippet compiles, and `tests/readme_snippet.rs` fails when the README's
//! copy and this one differ, so the README cannot drift from it.
//!
//! ```sh
//! cargo run --example readme      # lints testdata/examples/requests.jsonl
//! ```
#![allow(clippy::print_stdout)]

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The snippet reads `requests.jsonl` from the current folder: the bundled example.
    std::env::set_current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/examples"))?;
    // README snippet begins
    use batchlint::{Linter, Profile};

    let linter = Linter::new(Profile::sync()?);
    let report = linter.check_path("requests.jsonl".as_ref())?;
    for d in &report.diagnostics {
        println!("{}:{}:{}: {} {}", report.path, d.line, d.column, d.code, d.message);
    }
    // README snippet ends
    Ok(())
}
