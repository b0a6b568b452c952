//! Tests of the helper commands, run against the real binary: `rule`,
//! `schema`, `completions` and `man`.

use crate::common::{Run, batchlint_in};
use assert_cmd::Command;
use batchlint::Code;
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn batchlint() -> Command {
    batchlint_in(ROOT)
}

fn run(args: &[&str]) -> Run {
    crate::common::run(batchlint().args(args))
}

fn ok(args: &[&str]) -> String {
    let r = run(args);
    assert_eq!(r.code, 0, "batchlint {args:?} failed: {}", r.stderr);
    assert!(r.stderr.is_empty(), "batchlint {args:?} wrote to stderr: {}", r.stderr);
    r.stdout
}

// ---- rule ----------------------------------------------------------------

#[test]
fn rule_lists_every_code() {
    let out = ok(&["rule"]);
    insta::assert_snapshot!("rule_list", out);
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(rows.len(), Code::ALL.len());
    for (row, code) in rows.iter().zip(Code::ALL) {
        let fields: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(fields[..3], [code.as_str(), code.name(), &code.default_severity().to_string()], "{row}");
        assert!(row.ends_with(code.summary()), "{row}");
    }
}

#[test]
fn rule_explains_one_code() {
    let out = ok(&["rule", "BL203"]);
    insta::assert_snapshot!("rule_BL203", out);
    assert!(out.starts_with("BL203 invalid-value: "));
    for heading in ["Why it matters:", "Example:", "Fixed:"] {
        assert!(out.contains(heading), "no {heading} in\n{out}");
    }
}

#[test]
fn rule_takes_a_code_in_any_case_or_its_name() {
    let by_code = ok(&["rule", "BL203"]);
    assert_eq!(ok(&["rule", "bl203"]), by_code);
    assert_eq!(ok(&["rule", "invalid-value"]), by_code);
}

#[test]
fn rule_explains_every_code() {
    for code in Code::ALL {
        let out = ok(&["rule", code.as_str()]);
        let docs = code.docs();
        assert!(out.starts_with(&format!("{code} {}: {}\n", code.name(), code.summary())), "{out}");
        // The examples are printed whole, each line indented.
        for line in docs.example_bad.lines().chain(docs.example_fixed.lines()) {
            assert!(out.contains(&format!("  {line}\n")), "{code}: `{line}` missing from\n{out}");
        }
        // The paragraph is wrapped, but no word is lost.
        let words: Vec<&str> = out.split_whitespace().collect();
        for word in docs.why.split_whitespace() {
            assert!(words.contains(&word), "{code}: `{word}` missing from\n{out}");
        }
        let why = out.split("Why it matters:\n").nth(1).and_then(|rest| rest.split("\n\n").next()).unwrap();
        assert!(why.lines().all(|l| l.starts_with("  ") && l.chars().count() <= 100), "{code}:\n{why}");
    }
}

#[test]
fn an_unknown_code_is_a_usage_error_with_a_suggestion() {
    let r = run(&["rule", "BL2O3"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("unknown code `BL2O3`"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `BL203` (invalid-value)?"), "{}", r.stderr);

    let r = run(&["rule", "duplicate-ids"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean `BL404` (duplicate-id)?"), "{}", r.stderr);

    let r = run(&["rule", "BL999"]);
    assert_eq!(r.code, 2);
    assert!(!r.stderr.contains("did you mean"), "{}", r.stderr);
    assert!(r.stderr.contains("`batchlint rule` lists every code"), "{}", r.stderr);
}

// ---- schema --------------------------------------------------------------

#[test]
fn schema_prints_the_built_in_line_schema() {
    let file = std::fs::read_to_string(format!("{ROOT}/schemas/sync.schema.json")).unwrap();
    let out = ok(&["schema"]);
    assert_eq!(out, file, "printed as written, ready to be saved and edited");
    let printed: Value = serde_json::from_str(&out).expect("the schema is JSON");
    let expected: Value = serde_json::from_str(&file).unwrap();
    assert_eq!(printed, expected);
    assert_eq!(ok(&["schema", "--profile", "sync"]), out);
}

#[test]
fn schema_of_an_unknown_profile_is_a_usage_error() {
    let r = run(&["schema", "--profile", "nope"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("unknown profile `nope`"), "{}", r.stderr);
}

#[test]
fn a_printed_schema_works_as_a_custom_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.schema.json");
    std::fs::write(&path, ok(&["schema"])).unwrap();
    let r = run(&["check", "--format", "concise", "--schema", path.to_str().unwrap(), "testdata/valid/sync-20.jsonl"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

// ---- completions and man -------------------------------------------------

#[test]
fn completions_for_every_shell() {
    let bash = ok(&["completions", "bash"]);
    assert!(bash.contains("batchlint"));
    for sub in ["check", "split", "rule", "schema", "completions", "man"] {
        assert!(bash.contains(sub), "bash completion lacks `{sub}`");
    }
    assert!(bash.contains("--max-records"));
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let script = ok(&["completions", shell]);
        assert!(script.contains("batchlint"), "{shell}");
        assert!(script.contains("max-records"), "{shell}");
    }
    let r = run(&["completions", "tcsh"]);
    assert_eq!(r.code, 2);
}

#[test]
fn man_page_is_roff() {
    let page = ok(&["man"]);
    assert!(page.starts_with(".TH") || page.starts_with(".ie"), "{page}");
    assert!(page.contains(".TH batchlint 1"), "{page}");
    assert!(page.contains("batchlint\\-check"), "the subcommands are listed: {page}");

    let check = ok(&["man", "check"]);
    assert!(check.starts_with(".TH") || check.starts_with(".ie"), "{check}");
    assert!(check.contains(".TH batchlint-check 1"), "{check}");
    assert!(check.contains("\\-\\-max\\-records"), "{check}");

    let r = run(&["man", "nope"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown command `nope`"), "{}", r.stderr);
}
