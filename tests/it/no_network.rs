//! batchlint never touches the network and reads no file it was not asked to.
//!
//! - No HTTP or TLS client is linked: `cargo tree` of the package's normal
//!   dependencies (default features) lists none.
//! - A user schema's `$ref` to an `http://` URL is refused with a clear error
//!   (exit 2). The `https://` case is in `tests/check.rs`
//!   (`a_schema_with_a_remote_ref_exits_2_and_says_batchlint_works_offline`),
//!   and the library refuses remote refs in `src/schema.rs`'s unit tests.
//! - A `file://` `$ref` outside the schema's folder is refused (exit 2),
//!   whether absolute, relative (`../`), or through a symlink in the folder;
//!   one inside the folder resolves (also in `tests/check.rs`,
//!   `a_user_schema_checks_valid_data`).

use std::path::Path;
use std::process::{Command, Output};

/// Crates that would let batchlint talk HTTP or TLS.
const NETWORK_CRATES: &[&str] =
    &["reqwest", "hyper", "ureq", "curl", "isahc", "surf", "rustls", "native-tls", "openssl", "openssl-sys", "h2"];

#[test]
fn no_http_client_is_linked() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        // The Python extension too: it links everything the wheel ships.
        .args(["tree", "-e", "normal", "--prefix", "none", "--offline", "--locked", "--workspace"])
        .output()
        .expect("cargo runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "cargo tree failed: {}", String::from_utf8_lossy(&out.stderr));
    let crates: Vec<&str> = text.lines().filter_map(|l| l.split_whitespace().next()).collect();
    // The tree was read: the schema validator, the CLI and PyO3 are in it.
    assert!(crates.contains(&"jsonschema") && crates.contains(&"clap") && crates.contains(&"pyo3"), "{text}");
    let linked: Vec<&&str> = NETWORK_CRATES.iter().filter(|c| crates.contains(c)).collect();
    assert!(linked.is_empty(), "network crates linked: {linked:?}\n{text}");
}

fn check(dir: &Path, schema: &str) -> Output {
    std::fs::write(dir.join("input.jsonl"), "{\"id\": \"a\"}\n").unwrap();
    Command::new(env!("CARGO_BIN_EXE_batchlint"))
        .current_dir(dir)
        .args(["check", "--min-records", "none", "--schema", schema, "input.jsonl"])
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    // miette wraps long messages: compare without the line breaks.
    String::from_utf8_lossy(&out.stderr).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn an_http_ref_is_refused_offline() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("line.json"),
        r#"{"type": "object", "properties": {"id": {"$ref": "http://127.0.0.1:9/id.json"}}}"#,
    )
    .unwrap();
    let out = check(dir.path(), "line.json");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.contains("line.json") && err.contains("offline"), "{err}");
    assert!(err.contains("never fetches schemas over the network"), "{err}");
}

#[test]
fn a_file_ref_outside_the_schema_folder_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let outside = root.path().join("outside.json");
    std::fs::write(&outside, r#"{"type": "string", "title": "SECRET-CONTENT"}"#).unwrap();
    let dir = root.path().join("schemas");
    std::fs::create_dir(&dir).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, dir.join("link.json")).unwrap();
    let absolute = format!("file://{}", outside.canonicalize().unwrap().display());
    let mut refs = vec![absolute.as_str(), "../outside.json"];
    if cfg!(unix) {
        refs.push("link.json");
    }
    for reference in refs {
        std::fs::write(
            dir.join("line.json"),
            format!(r#"{{"type": "object", "properties": {{"id": {{"$ref": "{reference}"}}}}}}"#),
        )
        .unwrap();
        let out = check(&dir, "line.json");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{reference}: {err}");
        assert!(out.stdout.is_empty(), "{reference}");
        assert!(err.contains("outside the schema's folder"), "{reference}: {err}");
        assert!(!err.contains("SECRET-CONTENT"), "{reference}: {err}");
    }
    // The same file inside the folder is fine.
    std::fs::copy(&outside, dir.join("inside.json")).unwrap();
    std::fs::write(dir.join("line.json"), r#"{"type": "object", "properties": {"id": {"$ref": "inside.json"}}}"#)
        .unwrap();
    let out = check(&dir, "line.json");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
