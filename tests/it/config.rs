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
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "examples/requests.jsonl: not checked: excluded by batchlint.toml", "{out}");
    assert!(lines[1].starts_with("Checked 1 file (20 records"), "{out}");
    // JSON names it too.
    let (_, out, _) = batchlint(dir.path(), &["check", "--format", "json", "examples/requests.jsonl", "valid.jsonl"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["excluded"], serde_json::json!(["examples/requests.jsonl"]), "{out}");
    assert_eq!(json["files"].as_array().unwrap().len(), 1);
    // A named file that does not exist is an error, excluded or not.
    let (code, _, err) = batchlint(dir.path(), &["check", "examples/missing.jsonl"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("examples/missing.jsonl: No such file or directory"), "{err}");
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

#[test]
fn a_config_above_the_repository_is_not_used_and_the_one_in_use_is_named() {
    let dir = project();
    // A config that turns everything off, in a folder above the repository.
    std::fs::write(dir.path().join("batchlint.toml"), "[severity]\nBL203 = \"off\"\nBL404 = \"off\"\n").unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::copy(dir.path().join("examples/requests.jsonl"), repo.join("requests.jsonl")).unwrap();
    let (code, out, _) = batchlint(&repo, &["check", "--format", "human", "requests.jsonl"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("BL203") && !out.contains("Settings from"), "{out}");
    // The repository's own config is used, and the human summary names it.
    std::fs::write(repo.join("batchlint.toml"), "[severity]\nBL206 = \"off\"\n").unwrap();
    let (_, out, _) = batchlint(&repo, &["check", "--format", "human", "requests.jsonl"]);
    assert!(out.contains("Settings from batchlint.toml\n"), "{out}");
    assert!(out.ends_with("6 errors\n"), "{out}");
}

#[test]
fn a_relative_schema_outside_the_config_s_folder_is_refused() {
    let dir = project();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    std::fs::write(dir.path().join("line.schema.json"), "{}").unwrap();
    std::fs::write(repo.join("batchlint.toml"), "schema = \"../line.schema.json\"\n").unwrap();
    let (code, _, err) = batchlint(&repo, &["check", "../valid.jsonl"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("schema `../line.schema.json` is outside the config file's folder"), "{err}");
    // Written as an absolute path, it is the user's choice.
    let absolute = dir.path().join("line.schema.json");
    std::fs::write(repo.join("batchlint.toml"), format!("schema = {:?}\n", absolute.display().to_string())).unwrap();
    let (code, _, err) = batchlint(&repo, &["check", "../valid.jsonl"]);
    assert_eq!(code, 0, "{err}");
}

/// A custom profile extending sync with `uniform` used to report nothing:
/// the sync fast path, which collects no uniform values, took every clean
/// record.
#[test]
fn a_custom_profile_s_uniform_values_are_checked_on_clean_records() {
    let dir = project();
    std::fs::write(
        dir.path().join("batchlint.toml"),
        "profile = \"one-model\"\n[profiles.one-model]\nextends = \"sync\"\nuniform = [\"/payload/model\"]\n",
    )
    .unwrap();
    let (code, out, _) = batchlint(dir.path(), &["check", "--format", "concise", "valid.jsonl"]);
    assert_eq!(code, 1, "{out}");
    let first = out.lines().next().unwrap();
    assert!(first.starts_with("valid.jsonl:2:") && first.contains("error[BL405]: `payload.model` is"), "{out}");
    assert!(first.contains("here but \"lipsync-2-pro\" on line 1"), "{out}");
}

#[test]
fn profile_errors_name_the_file_and_the_key() {
    let dir = project();
    let write = |text: &str| std::fs::write(dir.path().join("batchlint.toml"), text).unwrap();
    write("profile = \"nope\"\n");
    let (code, _, err) = batchlint(dir.path(), &["check", "valid.jsonl"]);
    assert_eq!(code, 2);
    assert!(err.contains("batchlint.toml: `profile = \"nope\"`: no such profile (known: sync,"), "{err}");
    write("profile = \"a\"\n[profiles.a]\nextends = \"synk\"\n");
    let (_, _, err) = batchlint(dir.path(), &["check", "valid.jsonl"]);
    assert!(
        err.contains("`[profiles.a] extends = \"synk\"`: no such profile") && err.contains("did you mean `sync`?"),
        "{err}"
    );
    write("profile = \"a\"\n[profiles.a]\nextends = \"b\"\n[profiles.b]\nextends = \"a\"\n");
    let (code, _, err) = batchlint(dir.path(), &["check", "valid.jsonl"]);
    assert_eq!(code, 2);
    assert!(err.contains("[profiles.b] extends `a`, which extends it in turn (a → b → a)"), "{err}");
}

#[test]
fn a_custom_profile_may_extend_another_and_profiles_lists_them() {
    let dir = project();
    std::fs::write(
        dir.path().join("batchlint.toml"),
        "profile = \"small\"\n\
         [profiles.small]\nextends = \"one-model\"\n[profiles.small.limits]\nmin-records = 1\nmax-records = 10\n\
         [profiles.one-model]\nextends = \"sync\"\nuniform = [\"/payload/model\"]\n",
    )
    .unwrap();
    let (code, out, _) = batchlint(dir.path(), &["check", "--format", "concise", "valid.jsonl"]);
    assert_eq!(code, 1, "{out}");
    // Its own limit, and the uniform value and schema of the profiles it extends.
    assert!(out.contains("error[BL402]") && out.contains("error[BL405]"), "{out}");
    let (code, out, _) = batchlint(dir.path(), &["profiles"]);
    assert_eq!(code, 0);
    assert!(out.contains("\nDefined in batchlint.toml:\n"), "{out}");
    let rows: Vec<&str> = out.lines().filter(|l| l.contains("custom, extends")).collect();
    assert_eq!(rows.len(), 2, "{out}");
    assert!(rows[0].starts_with("one-model") && rows[0].ends_with("custom, extends sync"), "{out}");
    assert!(
        rows[1].starts_with("small") && rows[1].contains(" 10 ") && rows[1].ends_with("extends one-model"),
        "{out}"
    );
}

/// The config found in a parent folder (`../batchlint.toml`) still excludes
/// what it names.
#[test]
fn excludes_apply_from_a_subfolder() {
    let dir = project();
    std::fs::write(dir.path().join("batchlint.toml"), "exclude = [\"examples/requests.jsonl\"]\n").unwrap();
    let (code, out, _) = batchlint(&dir.path().join("examples"), &["check", "--format", "concise", "requests.jsonl"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("requests.jsonl: not checked: excluded by ../batchlint.toml\n"), "{out}");
}

#[test]
fn a_custom_profile_named_as_a_built_in_one_starts_from_it() {
    let dir = project();
    std::fs::write(
        dir.path().join("batchlint.toml"),
        "[profiles.sync]\nextends = \"sync\"\n[profiles.sync.limits]\nmax-records = 10\n",
    )
    .unwrap();
    let (code, out, err) =
        batchlint(dir.path(), &["check", "--format", "concise", "--min-records", "1", "valid.jsonl"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("error[BL402]"), "the custom limit applies: {out}");
}
