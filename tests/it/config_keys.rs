//! Every key of a config file (src/config.rs: `Config`, `CustomProfile`,
//! `LimitOverrides`), each read through `--config FILE` by the real binary
//! and shown to change what `check` reports, so that a key that is parsed
//! but ignored fails its test:
//!
//! - top level: `profile`, `schema`, `id-pointer`, `exclude`;
//! - `[limits]`: `min-records`, `max-records`, `max-bytes`, `max-line-bytes`
//!   (numbers and `"none"`);
//! - `[severity]`: `off`, `warning`, `error`, by code and by name;
//! - `[profiles.NAME]`: `extends`, `schema`, `id-pointer`, `uniform`, and
//!   its `limits` (the four keys again);
//!
//! and `--config` with `--no-config`, which the command line refuses.

use std::fs;
use std::path::Path;

use crate::common::{Run, batchlint_in, codes, run};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// The config file's name: not one discovery would find by itself.
const CONFIG: &str = "settings.toml";

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// A project folder (with an empty `.git`, so that no config above it is
/// found) holding `valid.jsonl` (20 clean sync records, one model per
/// line, ids `req-001`…), `requests.jsonl` (the 7-problem example: BL404
/// on line 13, a BL206 warning on line 9) and `objects.jsonl` (arbitrary
/// JSON objects, not sync records).
fn project() -> tempfile::TempDir {
    let dir = tempfile::Builder::new().prefix("batchlint-config-").tempdir().unwrap();
    let root = Path::new(ROOT);
    fs::create_dir(dir.path().join(".git")).unwrap();
    fs::copy(root.join("testdata/valid/sync-20.jsonl"), dir.path().join("valid.jsonl")).unwrap();
    fs::copy(root.join("testdata/examples/requests.jsonl"), dir.path().join("requests.jsonl")).unwrap();
    fs::write(dir.path().join("objects.jsonl"), "{\"a\":1}\n{\"b\":[2,3]}\n{\"c\":{\"d\":null}}\n").unwrap();
    dir
}

/// Writes `name` in `dir`.
fn write(dir: &Path, name: &str, text: &str) {
    if let Some(parent) = Path::new(name).parent() {
        fs::create_dir_all(dir.join(parent)).unwrap();
    }
    fs::write(dir.join(name), text).unwrap();
}

/// `batchlint check --format concise ARGS` in `dir`, no config file.
fn plain(dir: &Path, args: &[&str]) -> Run {
    run(batchlint_in(dir).args(["check", "--format", "concise", "--no-config"]).args(args))
}

/// `batchlint check --format concise --config settings.toml ARGS` in `dir`,
/// with `text` as the config file.
fn with_config(dir: &Path, text: &str, args: &[&str]) -> Run {
    write(dir, CONFIG, text);
    run(batchlint_in(dir).args(["check", "--format", "concise", "--config", CONFIG]).args(args))
}

/// Whether concise output holds a diagnostic of `code` at `severity`.
fn has(stdout: &str, severity: &str, code: &str) -> bool {
    stdout.contains(&format!(": {severity}[{code}]: "))
}

/// A valid sync.so record with id `req-{i:04}` and output file name `output`.
fn sync_record(i: usize, output: &str) -> String {
    format!(
        r#"{{"request_id":"req-{i:04}","endpoint":"/v2/generate","payload":{{"model":"lipsync-2","input":[{{"type":"video","url":"https://cdn.example.com/v/clip-{i:04}.mp4"}},{{"type":"audio","url":"https://cdn.example.com/a/voice-{i:04}.wav"}}],"outputFileName":"{output}"}}}}"#
    )
}

/// `n` valid sync.so records, one per line, whose output file names repeat
/// on every other record (`out-1`, `out-1`, `out-2`, …) while the request
/// ids are unique.
fn repeated_output_names(n: usize) -> String {
    (1..=n).map(|i| sync_record(i, &format!("out-{}", i.div_ceil(2))) + "\n").collect()
}

/// `n` valid sync.so records with unique ids and output names.
fn sync_file(n: usize) -> String {
    (1..=n).map(|i| sync_record(i, &format!("clip-{i}")) + "\n").collect()
}

/// One valid sync.so record of more than `len` bytes (a long text script).
fn long_record(len: usize) -> String {
    let record = format!(
        r#"{{"request_id":"long","endpoint":"/v2/generate","payload":{{"model":"lipsync-2","input":[{{"type":"video","url":"https://cdn.example.com/v/long.mp4"}},{{"type":"text","provider":{{"name":"elevenlabs","voiceId":"21m00Tcm4TlvDq8ikWAM","script":"{}"}}}}]}}}}"#,
        "s".repeat(len)
    );
    record + "\n"
}

/// A line schema that requires a `priority` key, which no sync record has.
const NEEDS_PRIORITY: &str = r#"{"type": "object", "required": ["priority"]}"#;

// ---------------------------------------------------------------------------
// --config with --no-config
// ---------------------------------------------------------------------------

/// `--config FILE` with `--no-config` is a usage error (exit 2), in either order, for `check` and `split`.
#[test]
fn config_and_no_config_together_are_refused() {
    let dir = project();
    write(dir.path(), CONFIG, "[severity]\nBL404 = \"off\"\n");
    for args in [
        &["check", "--config", CONFIG, "--no-config", "requests.jsonl"][..],
        &["check", "--no-config", "--config", CONFIG, "requests.jsonl"],
        &["split", "--config", CONFIG, "--no-config", "valid.jsonl", "-o", "out"],
    ] {
        let r = run(batchlint_in(dir.path()).args(args));
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(r.stdout.is_empty(), "{args:?}: {r:?}");
        assert!(r.stderr.contains("cannot be used with"), "{args:?}: {}", r.stderr);
    }
    assert!(!dir.path().join("out").exists());
}

// ---------------------------------------------------------------------------
// Top-level keys
// ---------------------------------------------------------------------------

/// `profile = "NAME"` picks the profile: `generic` accepts what `sync` rejects.
#[test]
fn profile_key_picks_the_profile() {
    let dir = project();
    let r = plain(dir.path(), &["objects.jsonl"]);
    assert_eq!(r.code, 1, "{r:?}");
    let r = with_config(dir.path(), "profile = \"generic\"\n", &["objects.jsonl"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(codes(&r.stdout).is_empty(), "{}", r.stdout);
}

/// `profile = "NAME"` may name one of the file's own `[profiles.NAME]`.
#[test]
fn profile_key_picks_a_custom_profile() {
    let dir = project();
    let r = with_config(
        dir.path(),
        "profile = \"tiny\"\n[profiles.tiny]\nextends = \"sync\"\n[profiles.tiny.limits]\nmin-records = 1\nmax-records = 5\n",
        &["valid.jsonl"],
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(codes(&r.stdout), ["BL402"], "{}", r.stdout);
}

/// `schema = "FILE"` (relative to the config's folder) replaces the profile's line schema.
#[test]
fn schema_key_replaces_the_line_schema() {
    let dir = project();
    write(dir.path(), "schemas/line.json", NEEDS_PRIORITY);
    let r = with_config(dir.path(), "schema = \"schemas/line.json\"\n", &["valid.jsonl"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(codes(&r.stdout), vec!["BL201"; 20], "{}", r.stdout);
    assert!(r.stdout.contains("missing required key `priority`"), "{}", r.stdout);
}

/// `id-pointer = "/…"` makes that value the unique id.
#[test]
fn id_pointer_key_sets_the_unique_id() {
    let dir = project();
    write(dir.path(), "repeats.jsonl", &repeated_output_names(20));
    let r = plain(dir.path(), &["repeats.jsonl"]);
    assert_eq!(r.code, 0, "{r:?}");
    let r = with_config(dir.path(), "id-pointer = \"/payload/outputFileName\"\n", &["repeats.jsonl"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(codes(&r.stdout), vec!["BL404"; 10], "{}", r.stdout);
}

/// `id-pointer = "none"` turns the uniqueness check off.
#[test]
fn id_pointer_none_turns_the_id_check_off() {
    let dir = project();
    assert!(has(&plain(dir.path(), &["requests.jsonl"]).stdout, "error", "BL404"));
    let r = with_config(dir.path(), "id-pointer = \"none\"\n", &["requests.jsonl"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(!codes(&r.stdout).contains(&"BL404".to_owned()), "{}", r.stdout);
    assert_eq!(codes(&r.stdout).len(), 6, "{}", r.stdout);
}

/// `exclude` globs (relative to the config's folder) skip files, even when named.
#[test]
fn exclude_key_skips_matching_files() {
    let dir = project();
    write(dir.path(), "fixtures/bad.jsonl", &fs::read_to_string(dir.path().join("requests.jsonl")).unwrap());
    let r = plain(dir.path(), &["fixtures/bad.jsonl", "valid.jsonl"]);
    assert_eq!(r.code, 1, "{r:?}");
    let r = with_config(dir.path(), "exclude = [\"fixtures/**\"]\n", &["fixtures/bad.jsonl", "valid.jsonl"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.starts_with(&format!("fixtures/bad.jsonl: not checked: excluded by {CONFIG}\n")), "{}", r.stdout);
    assert!(r.stdout.contains("Checked 1 file (20 records"), "{}", r.stdout);
    // A folder: its matching files are skipped silently.
    let r = with_config(dir.path(), "exclude = [\"fixtures/**\"]\n", &["fixtures"]);
    assert!(codes(&r.stdout).is_empty() && !r.stdout.contains("bad.jsonl:"), "{}", r.stdout);
}

// ---------------------------------------------------------------------------
// [limits]
// ---------------------------------------------------------------------------

/// `[limits] min-records = N` raises the minimum (BL401).
#[test]
fn limits_min_records() {
    let dir = project();
    let r = with_config(dir.path(), "[limits]\nmin-records = 25\n", &["valid.jsonl"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(codes(&r.stdout), ["BL401"], "{}", r.stdout);
    assert!(r.stdout.contains("at least 25"), "{}", r.stdout);
}

/// `[limits] min-records = "none"` removes the sync profile's minimum of 20.
#[test]
fn limits_min_records_none() {
    let dir = project();
    write(dir.path(), "three.jsonl", &sync_file(3));
    assert_eq!(codes(&plain(dir.path(), &["three.jsonl"]).stdout), ["BL401"]);
    let r = with_config(dir.path(), "[limits]\nmin-records = \"none\"\n", &["three.jsonl"]);
    assert_eq!(r.code, 0, "{r:?}");
}

/// `[limits] max-records = N` lowers the maximum (BL402).
#[test]
fn limits_max_records() {
    let dir = project();
    let r = with_config(dir.path(), "[limits]\nmin-records = 1\nmax-records = 10\n", &["valid.jsonl"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(codes(&r.stdout), ["BL402"], "{}", r.stdout);
}

/// `[limits] max-records = "none"` removes the sync profile's maximum of 500.
#[test]
fn limits_max_records_none() {
    let dir = project();
    write(dir.path(), "many.jsonl", &sync_file(501));
    assert_eq!(codes(&plain(dir.path(), &["many.jsonl"]).stdout), ["BL402"]);
    let r = with_config(dir.path(), "[limits]\nmax-records = \"none\"\n", &["many.jsonl"]);
    assert_eq!(r.code, 0, "{r:?}");
}

/// `[limits] max-bytes = N` lowers the byte limit (BL403).
#[test]
fn limits_max_bytes() {
    let dir = project();
    let r = with_config(dir.path(), "[limits]\nmax-bytes = 1000\n", &["valid.jsonl"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(codes(&r.stdout), ["BL403"], "{}", r.stdout);
}

/// `[limits] max-bytes = "none"` lifts the byte limit of the profile in use (here a custom one of 1,000 bytes).
#[test]
fn limits_max_bytes_none() {
    let dir = project();
    let r = with_config(
        dir.path(),
        "profile = \"p\"\n[profiles.p]\nextends = \"sync\"\nlimits = { max-bytes = 1000 }\n",
        &["valid.jsonl"],
    );
    assert_eq!(codes(&r.stdout), ["BL403"], "{}", r.stdout);
    let r = with_config(
        dir.path(),
        "profile = \"p\"\n[limits]\nmax-bytes = \"none\"\n[profiles.p]\nextends = \"sync\"\nlimits = { max-bytes = 1000 }\n",
        &["valid.jsonl"],
    );
    assert_eq!(r.code, 0, "{r:?}");
}

/// `[limits] max-line-bytes = N` sets the line limit (BL004).
#[test]
fn limits_max_line_bytes() {
    let dir = project();
    let r = with_config(dir.path(), "[limits]\nmax-line-bytes = 200\n", &["valid.jsonl"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(codes(&r.stdout), vec!["BL004"; 20], "{}", r.stdout);
}

/// `[limits] max-line-bytes = "none"` lifts the line limit `max-bytes` implies.
#[test]
fn limits_max_line_bytes_none() {
    let dir = project();
    write(dir.path(), "long.jsonl", &long_record(1_500));
    let r = with_config(dir.path(), "[limits]\nmin-records = 0\nmax-bytes = 1000\n", &["long.jsonl"]);
    assert_eq!(codes(&r.stdout), ["BL004", "BL403"], "{}", r.stdout);
    let r = with_config(
        dir.path(),
        "[limits]\nmin-records = 0\nmax-bytes = 1000\nmax-line-bytes = \"none\"\n",
        &["long.jsonl"],
    );
    assert_eq!(codes(&r.stdout), ["BL403"], "{}", r.stdout);
}

/// A command-line limit overrides the config's `[limits]`.
#[test]
fn limit_flags_override_the_config() {
    let dir = project();
    let r = with_config(dir.path(), "[limits]\nmax-records = 10\n", &["--max-records", "none", "valid.jsonl"]);
    assert_eq!(r.code, 0, "{r:?}");
}

// ---------------------------------------------------------------------------
// [severity]
// ---------------------------------------------------------------------------

/// `[severity] NAME = "off"` (by name) stops a code from being reported.
#[test]
fn severity_off_by_name() {
    let dir = project();
    assert!(has(&plain(dir.path(), &["requests.jsonl"]).stdout, "warning", "BL206"));
    let r = with_config(dir.path(), "[severity]\nunknown-key = \"off\"\n", &["requests.jsonl"]);
    assert!(!codes(&r.stdout).contains(&"BL206".to_owned()), "{}", r.stdout);
    assert_eq!(codes(&r.stdout).len(), 6, "{}", r.stdout);
}

/// `[severity] CODE = "warning"` (by code) makes an error a warning, which does not fail the check.
#[test]
fn severity_warning_by_code() {
    let dir = project();
    write(dir.path(), "dup.jsonl", &(sync_file(20) + &sync_record(1, "again") + "\n"));
    let r = plain(dir.path(), &["dup.jsonl"]);
    assert_eq!((r.code, codes(&r.stdout)), (1, vec!["BL404".to_owned()]), "{r:?}");
    let r = with_config(dir.path(), "[severity]\nBL404 = \"warning\"\n", &["dup.jsonl"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(has(&r.stdout, "warning", "BL404"), "{}", r.stdout);
}

/// `[severity] CODE = "error"` makes a warning an error, which fails the check.
#[test]
fn severity_error_promotes_a_warning() {
    let dir = project();
    let lines = fs::read_to_string(dir.path().join("valid.jsonl")).unwrap();
    write(dir.path(), "extra.jsonl", &lines.replacen(r#""request_id":"#, r#""note":"x","request_id":"#, 1));
    let r = plain(dir.path(), &["extra.jsonl"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(has(&r.stdout, "warning", "BL206"), "{}", r.stdout);
    let r = with_config(dir.path(), "[severity]\nBL206 = \"error\"\n", &["extra.jsonl"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(has(&r.stdout, "error", "BL206"), "{}", r.stdout);
}

// ---------------------------------------------------------------------------
// [profiles.NAME]
// ---------------------------------------------------------------------------

/// `[profiles.NAME]` without `extends` starts from `generic`; `extends` names the profile it starts from.
#[test]
fn custom_profile_extends() {
    let dir = project();
    let r =
        with_config(dir.path(), "[profiles.mine]\nid-pointer = \"none\"\n", &["--profile", "mine", "objects.jsonl"]);
    assert_eq!(r.code, 0, "a profile without extends is generic: {r:?}");
    let r = with_config(
        dir.path(),
        "[profiles.mine]\nextends = \"sync\"\nid-pointer = \"none\"\n",
        &["--profile", "mine", "objects.jsonl"],
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(codes(&r.stdout).contains(&"BL201".to_owned()), "{}", r.stdout);
    assert!(codes(&r.stdout).contains(&"BL401".to_owned()), "the sync minimum: {}", r.stdout);
}

/// `extends` may name another custom profile, whose settings it inherits.
#[test]
fn custom_profile_extends_a_custom_profile() {
    let dir = project();
    let r = with_config(
        dir.path(),
        "[profiles.base]\nextends = \"sync\"\n[profiles.base.limits]\nmin-records = 1\nmax-records = 10\n\
         [profiles.child]\nextends = \"base\"\n",
        &["--profile", "child", "valid.jsonl"],
    );
    assert_eq!(codes(&r.stdout), ["BL402"], "{}", r.stdout);
}

/// `[profiles.NAME] schema` replaces the line schema of the profile it extends.
#[test]
fn custom_profile_schema() {
    let dir = project();
    write(dir.path(), "schemas/line.json", NEEDS_PRIORITY);
    let r = with_config(
        dir.path(),
        "[profiles.mine]\nextends = \"sync\"\nschema = \"schemas/line.json\"\n",
        &["--profile", "mine", "valid.jsonl"],
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(codes(&r.stdout), vec!["BL201"; 20], "{}", r.stdout);
    assert!(r.stdout.contains("missing required key `priority`"), "{}", r.stdout);
}

/// `[profiles.NAME] id-pointer` makes that value the unique id: duplicates
/// the default id does not see are found.
#[test]
fn custom_profile_id_pointer() {
    let dir = project();
    write(dir.path(), "repeats.jsonl", &repeated_output_names(20));
    let r = with_config(dir.path(), "[profiles.mine]\nextends = \"sync\"\n", &["--profile", "mine", "repeats.jsonl"]);
    assert_eq!(r.code, 0, "{r:?}");
    let r = with_config(
        dir.path(),
        "[profiles.mine]\nextends = \"sync\"\nid-pointer = \"/payload/outputFileName\"\n",
        &["--profile", "mine", "repeats.jsonl"],
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(codes(&r.stdout), vec!["BL404"; 10], "{}", r.stdout);
    assert!(r.stdout.contains("out-1"), "{}", r.stdout);
}

/// `[profiles.NAME] uniform` lists values that must be the same on every line (BL405).
#[test]
fn custom_profile_uniform() {
    let dir = project();
    let r = with_config(
        dir.path(),
        "[profiles.one-model]\nextends = \"sync\"\nuniform = [\"/payload/model\"]\n",
        &["--profile", "one-model", "valid.jsonl"],
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(codes(&r.stdout).iter().all(|c| c == "BL405") && !r.stdout.is_empty(), "{}", r.stdout);
    assert!(has(&r.stdout, "error", "BL405"), "{}", r.stdout);
}

/// `uniform = []` replaces the list of the profile it extends (openai's url and model).
#[test]
fn custom_profile_uniform_empty_replaces_the_built_in_list() {
    let dir = project();
    let record = |id: &str, model: &str| {
        format!(
            r#"{{"custom_id":"{id}","method":"POST","url":"/v1/chat/completions","body":{{"model":"{model}","messages":[{{"role":"user","content":"hi"}}]}}}}"#
        ) + "\n"
    };
    write(dir.path(), "mixed.jsonl", &(record("a", "gpt-4o-mini") + &record("b", "gpt-4o")));
    let r = with_config(
        dir.path(),
        "[profiles.any-model]\nextends = \"openai\"\n",
        &["--profile", "any-model", "mixed.jsonl"],
    );
    assert_eq!(codes(&r.stdout), ["BL405"], "{}", r.stdout);
    let r = with_config(
        dir.path(),
        "[profiles.any-model]\nextends = \"openai\"\nuniform = []\n",
        &["--profile", "any-model", "mixed.jsonl"],
    );
    assert_eq!(r.code, 0, "{r:?}");
}

/// `[profiles.NAME.limits]`: each of the four limits replaces the extended profile's.
#[test]
fn custom_profile_limits() {
    let dir = project();
    write(dir.path(), "long.jsonl", &long_record(1_500));
    for (limit, file, expected) in [
        ("min-records = 25", "valid.jsonl", &["BL401"][..]),
        ("min-records = 1\nmax-records = 10", "valid.jsonl", &["BL402"]),
        ("max-bytes = 1000", "valid.jsonl", &["BL403"]),
        ("max-line-bytes = 1000", "long.jsonl", &["BL004", "BL401"]),
        ("min-records = \"none\"", "long.jsonl", &[]),
    ] {
        let config = format!("[profiles.mine]\nextends = \"sync\"\n[profiles.mine.limits]\n{limit}\n");
        let r = with_config(dir.path(), &config, &["--profile", "mine", file]);
        assert_eq!(codes(&r.stdout), expected, "{limit}: {}", r.stdout);
    }
    // The inline-table form says the same.
    let r = with_config(
        dir.path(),
        "[profiles.mine]\nextends = \"sync\"\nlimits = { min-records = 1, max-records = 10 }\n",
        &["--profile", "mine", "valid.jsonl"],
    );
    assert_eq!(codes(&r.stdout), ["BL402"], "{}", r.stdout);
}

/// `[profiles.NAME.limits] max-line-bytes = "none"` lifts the line limit that its `max-bytes` implies.
#[test]
fn custom_profile_limits_max_line_bytes_none() {
    let dir = project();
    write(dir.path(), "long.jsonl", &long_record(1_500));
    let base =
        "[profiles.mine]\nextends = \"sync\"\n[profiles.mine.limits]\nmin-records = \"none\"\nmax-bytes = 1000\n";
    let r = with_config(dir.path(), base, &["--profile", "mine", "long.jsonl"]);
    assert_eq!(codes(&r.stdout), ["BL004", "BL403"], "{}", r.stdout);
    let r =
        with_config(dir.path(), &format!("{base}max-line-bytes = \"none\"\n"), &["--profile", "mine", "long.jsonl"]);
    assert_eq!(codes(&r.stdout), ["BL403"], "{}", r.stdout);
}
