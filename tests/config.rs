//! `batchlint.toml`: discovery, precedence, severities, excludes, errors.

use std::path::Path;
use std::process::Command;

fn batchlint(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out =
        Command::new(env!("CARGO_BIN_EXE_batchlint")).current_dir(dir).args(args).output().expect("run batchlint");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A folder holding `examples/requests.jsonl` (7 problems, one of them the
/// BL206 warning) and `valid.jsonl`.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir(dir.path().join("examples")).unwrap();
    std::fs::copy(root.join("testdata/examples/requests.jsonl"), dir.path().join("examples/requests.jsonl")).unwrap();
    std::fs::copy(root.join("testdata/valid/sync-20.jsonl"), dir.path().join("valid.jsonl")).unwrap();
    dir
}

#[test]
fn severities_from_the_nearest_config_apply() {
    let dir = project();
    std::fs::write(dir.path().join("batchlint.toml"), "[severity]\nunknown-key = \"off\"\nBL404 = \"warning\"\n")
        .unwrap();
    let (code, out, _) = batchlint(&dir.path().join("examples"), &["check", "--format", "concise", "requests.jsonl"]);
    assert_eq!(code, 1, "{out}");
    assert!(!out.contains("BL206"), "{out}");
    assert!(out.contains("warning[BL404]"), "{out}");
    assert!(out.ends_with("5 errors, 1 warning\n"), "{out}");
    // --no-config ignores it.
    let (_, out, _) =
        batchlint(&dir.path().join("examples"), &["check", "--format", "concise", "--no-config", "requests.jsonl"]);
    assert!(out.ends_with("6 errors, 1 warning\n"), "{out}");
}

#[test]
fn flags_override_the_file_and_the_file_overrides_the_profile() {
    let dir = project();
    std::fs::write(dir.path().join(".batchlint.toml"), "[limits]\nmin-records = 25\n").unwrap();
    let (code, out, _) = batchlint(dir.path(), &["check", "--format", "concise", "valid.jsonl"]);
    assert_eq!(code, 1);
    assert!(out.contains("BL401") && out.contains("at least 25"), "{out}");
    let (code, out, _) = batchlint(dir.path(), &["check", "--format", "concise", "--min-records", "20", "valid.jsonl"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn excluded_files_are_skipped_even_when_named() {
    let dir = project();
    std::fs::write(dir.path().join("batchlint.toml"), "exclude = [\"examples/**\"]\n").unwrap();
    let (code, out, _) =
        batchlint(dir.path(), &["check", "--format", "concise", "examples/requests.jsonl", "valid.jsonl"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("Checked 1 file (20 records"), "{out}");
}

#[test]
fn an_explicit_config_file_and_its_relative_schema() {
    let dir = project();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir(dir.path().join("conf")).unwrap();
    std::fs::copy(root.join("testdata/check/batch-line.schema.json"), dir.path().join("conf/line.json")).unwrap();
    std::fs::write(dir.path().join("conf/settings.toml"), "schema = \"line.json\"\nid-pointer = \"none\"\n").unwrap();
    let (code, out, err) =
        batchlint(dir.path(), &["check", "--format", "concise", "--config", "conf/settings.toml", "valid.jsonl"]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn unknown_keys_and_bad_values_name_the_file_and_exit_2() {
    let dir = project();
    std::fs::write(dir.path().join("batchlint.toml"), "profle = \"sync\"\n").unwrap();
    let (code, out, err) = batchlint(dir.path(), &["check", "valid.jsonl"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("batchlint.toml") && err.contains("profle"), "{err}");

    std::fs::write(dir.path().join("batchlint.toml"), "[severity]\nBL206 = \"loud\"\n").unwrap();
    let (code, _, err) = batchlint(dir.path(), &["check", "valid.jsonl"]);
    assert_eq!(code, 2);
    assert!(err.contains("loud"), "{err}");

    std::fs::write(dir.path().join("batchlint.toml"), "[severity]\nBL999 = \"off\"\n").unwrap();
    let (code, _, err) = batchlint(dir.path(), &["check", "valid.jsonl"]);
    assert_eq!(code, 2);
    assert!(err.contains("BL999") && err.contains("not a diagnostic code"), "{err}");

    let (code, _, err) = batchlint(dir.path(), &["check", "--config", "missing.toml", "valid.jsonl"]);
    assert_eq!(code, 2);
    assert!(err.contains("missing.toml"), "{err}");
}
