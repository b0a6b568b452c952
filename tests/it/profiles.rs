//! The built-in profiles of other batch APIs, run against the real binary.
//!
//! `testdata/profiles/NAME/valid.jsonl` is a small batch the profile accepts;
//! `invalid.jsonl` holds one typical mistake per line. [`INVALID`] pins
//! where each mistake is reported. The real record and byte limits are far
//! too large to reach in a test, so the limit tests lower them with flags and
//! check the real values in the `batchlint profiles` table instead.

use std::fs;
use std::path::Path;

use crate::common::{Run, batchlint_in, located, run};
use assert_cmd::Command;
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Every built-in profile that has fixtures (all but `sync` and `generic`).
const PROFILES: [&str; 8] = ["openai", "azure-openai", "anthropic", "mistral", "together", "groq", "gemini", "vertex"];

/// `batchlint` in the crate root.
fn batchlint() -> Command {
    batchlint_in(ROOT)
}

/// `batchlint check --no-config --format concise ARGS`.
fn check(args: &[&str]) -> Run {
    run(batchlint().args(["check", "--no-config", "--format", "concise"]).args(args))
}

fn fixture(profile: &str, name: &str) -> String {
    format!("testdata/profiles/{profile}/{name}.jsonl")
}

fn pinned(expected: &[(u64, u64, &str)]) -> Vec<(u64, u64, String)> {
    expected.iter().map(|&(l, c, code)| (l, c, code.to_owned())).collect()
}

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

#[test]
fn every_valid_fixture_passes_its_profile() {
    for profile in PROFILES {
        let path = fixture(profile, "valid");
        let r = check(&["--profile", profile, &path]);
        assert_eq!(r.code, 0, "{profile}: {}{}", r.stdout, r.stderr);
        assert!(located(&r.stdout).is_empty(), "{profile}: no warnings either\n{}", r.stdout);
        assert!(r.stdout.contains("no problems found"), "{profile}: {}", r.stdout);
    }
}

#[test]
fn azure_accepts_urls_with_and_without_v1() {
    let r = check(&["--profile", "azure-openai", "testdata/profiles/azure-openai/valid-v1.jsonl"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
}

/// A diagnostic's line, column and code.
type At = (u64, u64, &'static str);

/// Where each line's mistake of `testdata/profiles/NAME/invalid.jsonl` is
/// reported, in output order.
const INVALID: &[(&str, &[At])] = &[
    (
        "openai",
        &[
            (1, 31, "BL203"), // method GET
            (2, 1, "BL201"),  // no body
            (3, 44, "BL405"), // url differs from line 1
            (4, 83, "BL405"), // body.model differs from line 1
            (5, 14, "BL404"), // custom_id of line 1 again
            (6, 14, "BL202"), // custom_id a number
            (7, 74, "BL201"), // body without model
        ],
    ),
    (
        "azure-openai",
        &[
            (1, 32, "BL203"),  // method GET
            (2, 1, "BL201"),   // no body
            (3, 45, "BL405"),  // /v1/chat/completions after /chat/completions
            (4, 81, "BL405"),  // a model name instead of the deployment's
            (5, 14, "BL404"),  // custom_id of line 1 again
            (6, 152, "BL206"), // an unknown top-level key (a warning)
        ],
    ),
    (
        "anthropic",
        &[
            (1, 14, "BL205"),  // a space in custom_id
            (2, 1, "BL201"),   // no params
            (3, 35, "BL201"),  // params without max_tokens
            (4, 77, "BL204"),  // max_tokens 0
            (5, 93, "BL204"),  // no messages
            (6, 102, "BL203"), // a system message in messages
            (7, 14, "BL404"),  // custom_id of line 4 again
        ],
    ),
    (
        "mistral",
        &[
            (1, 1, "BL201"),  // no body
            (2, 25, "BL202"), // body a string
            (3, 1, "BL201"),  // no custom_id
            (4, 14, "BL202"), // custom_id a number
            (5, 18, "BL206"), // an OpenAI-style url (a warning)
            (6, 14, "BL404"), // custom_id of line 2 again
        ],
    ),
    (
        "together",
        &[
            (1, 1, "BL201"),  // no body
            (2, 33, "BL201"), // body without messages
            (3, 33, "BL201"), // body without model
            (4, 79, "BL202"), // messages a string
            (5, 26, "BL206"), // an OpenAI-style method (a warning)
            (6, 14, "BL404"), // custom_id of line 2 again
        ],
    ),
    (
        "groq",
        &[
            (1, 35, "BL203"), // method GET
            (2, 1, "BL201"),  // no body
            (3, 48, "BL405"), // url differs from line 1
            (4, 87, "BL405"), // body.model differs from line 1
            (5, 14, "BL404"), // custom_id of line 1 again
            (6, 48, "BL203"), // the base URL's /openai prefix in url…
            (6, 48, "BL405"), // …which also differs from line 1
        ],
    ),
    (
        "gemini",
        &[
            (1, 1, "BL201"),  // no request
            (2, 30, "BL201"), // request without contents…
            (2, 31, "BL206"), // …whose parts are not a key of a request (a warning)
            (3, 8, "BL202"),  // key a number
            (4, 42, "BL202"), // contents an object
            (5, 1, "BL201"),  // no key
            (6, 82, "BL206"), // an unknown top-level key (a warning)
        ],
    ),
    (
        "vertex",
        &[
            (1, 1, "BL201"),  // a request body not wrapped in request…
            (1, 2, "BL206"),  // …so contents is an unknown key
            (2, 12, "BL201"), // request without contents
            (3, 24, "BL202"), // contents an object
            (4, 12, "BL202"), // request a string
            (5, 2, "BL206"),  // the Gemini API's key (a warning)
        ],
    ),
];

#[test]
fn every_invalid_fixture_line_is_reported_where_its_mistake_is() {
    assert_eq!(INVALID.iter().map(|(p, _)| *p).collect::<Vec<_>>(), PROFILES);
    for (profile, expected) in INVALID {
        let path = fixture(profile, "invalid");
        let r = check(&["--profile", profile, &path]);
        assert_eq!(r.code, 1, "{profile}: {}{}", r.stdout, r.stderr);
        assert_eq!(located(&r.stdout), pinned(expected), "{profile}:\n{}", r.stdout);
        // One mistake per line: every line is reported.
        let lines = fs::read_to_string(Path::new(ROOT).join(&path)).unwrap().lines().count() as u64;
        let reported: std::collections::BTreeSet<u64> = expected.iter().map(|e| e.0).collect();
        assert_eq!(reported, (1..=lines).collect(), "{profile}: every line has its mistake");
    }
}

#[test]
fn the_json_output_names_the_profile_and_the_instance_paths() {
    let r = run(batchlint().args([
        "check",
        "--no-config",
        "--format",
        "json",
        "--profile",
        "anthropic",
        "testdata/profiles/anthropic/invalid.jsonl",
    ]));
    assert_eq!(r.code, 1);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["profile"], "anthropic");
    let diagnostics = doc["files"][0]["diagnostics"].as_array().unwrap();
    let paths: Vec<&str> = diagnostics.iter().map(|d| d["instance_path"].as_str().unwrap_or("")).collect();
    assert_eq!(
        paths,
        [
            "/custom_id",
            "",
            "/params",
            "/params/max_tokens",
            "/params/messages",
            "/params/messages/0/role",
            "/custom_id"
        ]
    );
}

#[test]
fn gemini_keys_are_not_ids_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dup.jsonl");
    let line = r#"{"key":"same","request":{"contents":[{"parts":[{"text":"Hi"}]}]}}"#;
    fs::write(&path, format!("{line}\n{line}\n")).unwrap();
    let path = path.to_str().unwrap();
    let r = check(&["--profile", "gemini", path]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let r = check(&["--profile", "gemini", "--id-pointer", "/key", path]);
    assert_eq!(r.code, 1);
    assert_eq!(located(&r.stdout), pinned(&[(2, 8, "BL404")]), "{}", r.stdout);
}

// ---------------------------------------------------------------------------
// Anthropic's custom_id
// ---------------------------------------------------------------------------

fn anthropic_line(id: &str) -> String {
    format!(
        r#"{{"custom_id":"{id}","params":{{"model":"claude-sonnet-4-5","max_tokens":16,"messages":[{{"role":"user","content":"Hi"}}]}}}}"#
    )
}

#[test]
fn anthropic_custom_ids_are_1_to_64_letters_digits_hyphens_and_underscores() {
    let dir = tempfile::tempdir().unwrap();
    let ok = ["a".repeat(64), "A-z_0-9".to_owned(), "1".to_owned()];
    let bad = ["a".repeat(65), String::new(), "req.1".to_owned(), "réq-1".to_owned(), "req/1".to_owned()];
    let path = dir.path().join("ids.jsonl");
    let lines: Vec<String> = ok.iter().chain(&bad).map(|id| anthropic_line(id)).collect();
    fs::write(&path, lines.iter().map(|l| format!("{l}\n")).collect::<String>()).unwrap();
    let r = check(&["--profile", "anthropic", path.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    // The three good ids pass; each bad one is BL205 at its value.
    let expected: Vec<(u64, u64, String)> = (4..=8).map(|line| (line, 14, "BL205".to_owned())).collect();
    assert_eq!(located(&r.stdout), expected, "{}", r.stdout);
    assert!(r.stdout.contains("ids.jsonl:4:14: error[BL205]: `custom_id` is \"aaaa"), "{}", r.stdout);
}

// ---------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------

#[test]
fn lowered_record_and_byte_limits_apply_with_every_profile() {
    for profile in PROFILES {
        let path = fixture(profile, "valid");
        let bytes = fs::metadata(Path::new(ROOT).join(&path)).unwrap().len();
        // Each valid fixture holds 3 records: the third one is one too many.
        let r = check(&["--profile", profile, "--max-records", "2", &path]);
        assert_eq!(r.code, 1, "{profile}");
        assert_eq!(located(&r.stdout), pinned(&[(3, 1, "BL402")]), "{profile}: {}", r.stdout);
        assert!(r.stdout.contains("the file has 3 records; the API accepts at most 2"), "{}", r.stdout);
        let r = check(&["--profile", profile, "--max-records", "3", &path]);
        assert_eq!(r.code, 0, "{profile}: {}", r.stdout);

        let limit = (bytes - 1).to_string();
        let r = check(&["--profile", profile, "--max-bytes", &limit, &path]);
        assert_eq!(r.code, 1, "{profile}");
        assert_eq!(located(&r.stdout), pinned(&[(3, 1, "BL403")]), "{profile}: {}", r.stdout);
        let r = check(&["--profile", profile, "--max-bytes", &bytes.to_string(), &path]);
        assert_eq!(r.code, 0, "{profile}: {}", r.stdout);

        let r = check(&["--profile", profile, "--min-records", "4", &path]);
        assert_eq!(located(&r.stdout), pinned(&[(3, 1, "BL401")]), "{profile}: {}", r.stdout);
    }
}

/// `(name, min, max, max bytes, id)` of every built-in profile, as documented
/// in docs/profiles.md.
const LIMITS: [(&str, &str, &str, &str, &str); 10] = [
    ("sync", "20", "500", "5,000,000", "/request_id"),
    ("openai", "-", "50,000", "200,000,000", "/custom_id"),
    ("azure-openai", "-", "100,000", "200,000,000", "/custom_id"),
    ("anthropic", "-", "100,000", "256,000,000", "/custom_id"),
    ("mistral", "-", "100,000", "512,000,000", "/custom_id"),
    ("together", "-", "50,000", "100,000,000", "/custom_id"),
    ("groq", "-", "50,000", "100,000,000", "/custom_id"),
    ("gemini", "-", "-", "2,000,000,000", "-"),
    ("vertex", "-", "200,000", "1,000,000,000", "-"),
    ("generic", "-", "-", "-", "-"),
];

#[test]
fn the_profiles_table_shows_each_profiles_real_limits() {
    let r = run(batchlint().arg("profiles"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows: Vec<Vec<&str>> = r
        .stdout
        .lines()
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_whitespace().take(5).collect())
        .collect();
    let expected: Vec<Vec<&str>> =
        LIMITS.iter().map(|&(n, min, max, bytes, id)| vec![n, min, max, bytes, id]).collect();
    assert_eq!(rows, expected, "{}", r.stdout);
}

/// The indented lines under `profile`'s row of `batchlint profiles --long`.
fn long_entry(stdout: &str, profile: &str) -> String {
    let start = stdout.find(&format!("\n{profile} ")).unwrap_or_else(|| panic!("{profile} listed"));
    stdout[start + 1..].lines().skip(1).take_while(|l| l.starts_with("    ")).collect::<Vec<_>>().join("\n")
}

#[test]
fn every_profile_notes_what_is_unconfirmed_and_lists_sources() {
    let r = run(batchlint().args(["profiles", "--long"]));
    assert_eq!(r.code, 0);
    for profile in PROFILES {
        let entry = long_entry(&r.stdout, profile);
        assert!(entry.contains("    notes: "), "{profile}: {entry}");
        assert!(entry.contains("    source: https://"), "{profile}: {entry}");
    }
    // The safe values chosen where sources disagree or say nothing are named.
    for (profile, words) in [
        ("azure-openai", "200,000,000 bytes"),
        ("anthropic", "takes a JSON body"),
        ("mistral", "100,000 is used, the safe value"),
        ("together", "100,000,000 bytes"),
        ("groq", "100,000,000 bytes is used, the safe value"),
        ("gemini", "not re-checked"),
        ("vertex", "unconfirmed"),
    ] {
        let entry = long_entry(&r.stdout, profile);
        assert!(entry.contains(words), "{profile}: `{words}` not in {entry}");
    }
}

#[test]
fn each_profile_prints_its_schema_file() {
    for profile in PROFILES {
        let r = run(batchlint().args(["schema", "--profile", profile]));
        assert_eq!(r.code, 0, "{profile}: {}", r.stderr);
        let file = fs::read_to_string(Path::new(ROOT).join(format!("schemas/{profile}.schema.json"))).unwrap();
        assert_eq!(r.stdout, file, "{profile}");
        let schema: Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(schema["additionalProperties"], false, "{profile}: unknown top-level keys are reported");
    }
}

#[test]
fn a_custom_profile_extends_a_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(Path::new(ROOT).join(fixture("anthropic", "valid")), dir.path().join("valid.jsonl")).unwrap();
    fs::copy(Path::new(ROOT).join(fixture("anthropic", "invalid")), dir.path().join("invalid.jsonl")).unwrap();
    fs::write(
        dir.path().join("batchlint.toml"),
        "profile = \"claude-small\"\n\n[profiles.claude-small]\nextends = \"anthropic\"\nuniform = [\"/params/model\"]\n\n\
         [profiles.claude-small.limits]\nmax-records = 2\n",
    )
    .unwrap();
    let out = |file: &str| {
        run(Command::new(env!("CARGO_BIN_EXE_batchlint"))
            .current_dir(dir.path())
            .args(["check", "--format", "concise", file]))
    };
    // The schema and id of anthropic, its own limit and uniform value.
    let r = out("valid.jsonl");
    assert_eq!(located(&r.stdout), pinned(&[(3, 43, "BL405"), (3, 1, "BL402")]), "{}", r.stdout);
    let r = out("invalid.jsonl");
    let codes: Vec<String> = located(&r.stdout).into_iter().map(|d| d.2).collect();
    assert!(codes.contains(&"BL205".to_owned()) && codes.contains(&"BL404".to_owned()), "{}", r.stdout);
}

// ---------------------------------------------------------------------------
// Split
// ---------------------------------------------------------------------------

fn openai_line(i: usize) -> String {
    format!(
        r#"{{"custom_id":"req-{i:05}","method":"POST","url":"/v1/chat/completions","body":{{"model":"gpt-4o-mini","messages":[{{"role":"user","content":"Question {i}"}}]}}}}"#
    )
}

#[test]
fn split_with_the_openai_profile_makes_chunks_that_pass_check() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.jsonl");
    let lines: Vec<String> = (1..=2_500).map(openai_line).collect();
    fs::write(&input, lines.iter().map(|l| format!("{l}\n")).collect::<String>()).unwrap();
    let out = dir.path().join("out");
    let r = run(batchlint().args([
        "split",
        "--no-config",
        "--profile",
        "openai",
        "--max-records",
        "1000",
        "--format",
        "json",
        "--out-dir",
        out.to_str().unwrap(),
        input.to_str().unwrap(),
    ]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let manifest: Value = serde_json::from_str(&fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["profile"], "openai");
    assert_eq!(manifest["limits"]["max_records"], 1000);
    assert_eq!(manifest["limits"]["min_records"], 0, "the openai profile has no minimum");
    let chunks = manifest["chunks"].as_array().unwrap();
    let counts: Vec<u64> = chunks.iter().map(|c| c["records"].as_u64().unwrap()).collect();
    // The fewest chunks (3), the most balanced (none over 834), front-loaded
    // as docs/split.md says: 834, 834, 832.
    assert_eq!(counts, [834, 834, 832]);
    let mut joined = Vec::new();
    for chunk in chunks {
        let file = out.join(chunk["file"].as_str().unwrap());
        let bytes = fs::read(&file).unwrap();
        assert_eq!(bytes.iter().filter(|&&b| b == b'\n').count() as u64, chunk["records"].as_u64().unwrap());
        joined.extend_from_slice(&bytes);
        let r = check(&["--profile", "openai", "--max-records", "1000", file.to_str().unwrap()]);
        assert_eq!(r.code, 0, "{}: {}", file.display(), r.stdout);
    }
    assert_eq!(joined, fs::read(&input).unwrap(), "the chunks hold the input, in order");
}
