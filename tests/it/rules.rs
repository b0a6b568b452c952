//! One fixture per diagnostic code, found by listing `testdata/rules/`.
//!
//! `BLxxx.jsonl` (another extension where the code is about the name) is a
//! small batch whose only problem is of that code, and `BLxxx.expected.json`
//! says what checking it gives: the options it needs, where the diagnostic
//! is, which bytes its span covers, the exit status, the diagnostics listed
//! before it, and how it differs from the valid sync.so batch. A new code
//! needs these two files and nothing in this module.
//!
//! Positions and spans are checked in-process through the library; the
//! concise and human renderings through the real binary, against snapshots.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use batchlint::config::{LimitValue, Settings};
use batchlint::{Code, Linter, Severity};
use serde_json::Value;

use crate::common::{batchlint_in, line_and_column, located, run, snapshot};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const RULES: &str = "testdata/rules";
const VALID: &str = "testdata/valid/sync-20.jsonl";
const SUFFIX: &str = ".expected.json";

/// What the diagnostic's span must cover.
#[derive(Debug)]
enum Covers {
    /// Exactly these bytes.
    Bytes(Vec<u8>),
    /// The whole line the diagnostic is on (without its newline).
    WholeLine,
}

/// One code's fixture and what checking it gives.
#[derive(Debug)]
struct Fixture {
    code: Code,
    /// The input, relative to the crate root.
    path: String,
    /// `options` of the expectation: Python keyword names, the command
    /// line's flags with `-` for `_`.
    options: serde_json::Map<String, Value>,
    line: u64,
    column: u64,
    covers: Covers,
    exit: i32,
    /// `(line, column, code)` of the diagnostics listed before it.
    before: Vec<(u64, u64, String)>,
    /// `(records, records unlike the valid batch's)`, for a fixture that is
    /// the valid sync.so batch with one problem.
    records: Option<(usize, usize)>,
}

impl Fixture {
    /// Reads `{code}.expected.json` and finds the input beside it.
    fn load(code: Code, names: &[String]) -> Fixture {
        let expected = format!("{code}{SUFFIX}");
        let inputs: Vec<&String> =
            names.iter().filter(|n| n.starts_with(&format!("{code}.")) && n.as_str() != expected).collect();
        let [input] = inputs.as_slice() else {
            panic!("{code}: {RULES}/ needs exactly one input named {code}.* beside {expected}, found {inputs:?}")
        };
        let text = std::fs::read_to_string(Path::new(ROOT).join(RULES).join(&expected))
            .unwrap_or_else(|e| panic!("{RULES}/{expected}: {e}"));
        let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{RULES}/{expected}: {e}"));
        let known =
            ["about", "options", "line", "column", "covers", "covers_hex", "covers_line", "exit", "before", "records"];
        for key in doc.as_object().unwrap().keys() {
            assert!(known.contains(&key.as_str()), "{expected}: unknown key `{key}`");
        }
        let number = |key: &str| doc[key].as_u64().unwrap_or_else(|| panic!("{expected}: `{key}` is a number"));
        let covers = match (&doc["covers"], &doc["covers_hex"], &doc["covers_line"]) {
            (Value::String(s), Value::Null, Value::Null) => Covers::Bytes(s.as_bytes().to_vec()),
            (Value::Null, Value::String(hex), Value::Null) => Covers::Bytes(
                (0..hex.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("covers_hex is hexadecimal"))
                    .collect(),
            ),
            (Value::Null, Value::Null, Value::Bool(true)) => Covers::WholeLine,
            _ => panic!("{expected}: one of `covers`, `covers_hex` and `covers_line: true`"),
        };
        let before = doc["before"].as_array().map_or_else(Vec::new, |list| {
            list.iter()
                .map(|entry| {
                    (entry[0].as_u64().unwrap(), entry[1].as_u64().unwrap(), entry[2].as_str().unwrap().to_owned())
                })
                .collect()
        });
        let records = match &doc["records"] {
            Value::Null => None,
            Value::Array(pair) => Some((pair[0].as_u64().unwrap() as usize, pair[1].as_u64().unwrap() as usize)),
            other => {
                panic!("{expected}: `records` is [records, records unlike the valid batch's] or null, not {other}")
            }
        };
        assert!(doc.get("records").is_some(), "{expected}: say `records` (null when not a sync.so batch)");
        Fixture {
            code,
            path: format!("{RULES}/{input}"),
            options: doc["options"].as_object().cloned().unwrap_or_default(),
            line: number("line"),
            column: number("column"),
            covers,
            exit: doc["exit"].as_i64().map_or(1, |e| e as i32),
            before,
            records,
        }
    }

    /// The command line's flags for the options.
    fn flags(&self) -> Vec<String> {
        self.options
            .iter()
            .flat_map(|(key, value)| {
                let value = value.as_str().map_or_else(|| value.to_string(), str::to_owned);
                [format!("--{}", key.replace('_', "-")), value]
            })
            .collect()
    }

    /// The library's settings for the options.
    fn settings(&self) -> Settings {
        let mut settings = Settings::default();
        for (key, value) in &self.options {
            let limit = || Some(LimitValue(Some(value.as_u64().expect("a limit is a number"))));
            match key.as_str() {
                "profile" => settings.profile = value.as_str().map(str::to_owned),
                "schema" => settings.schema = value.as_str().map(|p| Path::new(ROOT).join(p)),
                "max_per_line" => settings.max_per_line = value.as_u64().map(|n| n as usize),
                "max_line_bytes" => settings.limits.max_line_bytes = limit(),
                "max_records" => settings.limits.max_records = limit(),
                "max_bytes" => settings.limits.max_bytes = limit(),
                "min_records" => settings.limits.min_records = limit(),
                _ => panic!("{}: option `{key}` is not known to this test", self.code),
            }
        }
        settings
    }

    /// Every diagnostic's `(line, column, code)` that checking must give.
    fn expected(&self) -> Vec<(u64, u64, String)> {
        let mut all = self.before.clone();
        all.push((self.line, self.column, self.code.to_string()));
        all
    }
}

/// The names of the files in `testdata/rules/`.
fn names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(Path::new(ROOT).join(RULES))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// Every code's fixture, in code order.
fn fixtures() -> Vec<Fixture> {
    let names = names();
    Code::ALL.iter().map(|&code| Fixture::load(code, &names)).collect()
}

#[test]
fn every_code_has_a_fixture_and_every_fixture_a_code() {
    let fixtures = fixtures();
    for name in names() {
        let code = name.split('.').next().unwrap();
        assert!(code.parse::<Code>().is_ok(), "{RULES}/{name}: no such code");
    }
    assert_eq!(fixtures.len(), Code::ALL.len());
}

/// The library gives each fixture's diagnostics where the expectation says,
/// with a span over exactly the offending bytes. Every fixture is checked
/// before the test fails, so one run lists every fixture that is off.
#[test]
fn each_fixture_gives_its_code_where_expected() {
    let mut failures = String::new();
    for fixture in fixtures() {
        if let Err(why) = check_in_process(&fixture) {
            let _ = writeln!(failures, "{}: {why}", fixture.path);
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

fn check_in_process(fixture: &Fixture) -> Result<(), String> {
    let resolved = fixture.settings().resolve().map_err(|e| format!("settings: {e}"))?;
    let path = PathBuf::from(ROOT).join(&fixture.path);
    let report = Linter::new(resolved.profile).check_path(&path).map_err(|e| format!("check: {e}"))?;
    let found: Vec<(u64, u64, String)> =
        report.diagnostics.iter().map(|d| (d.line, d.column, d.code.to_string())).collect();
    if found != fixture.expected() {
        return Err(format!("diagnostics at {found:?}, expected {:?}", fixture.expected()));
    }
    let errors = report.diagnostics.iter().any(|d| d.severity == Severity::Error);
    if i32::from(errors) != fixture.exit {
        return Err(format!("exit status {} expected, but errors: {errors}", fixture.exit));
    }
    let d = report.diagnostics.last().expect("one diagnostic at least");
    let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
    let (start, end) = (d.span.start as usize, d.span.end as usize);
    let covered = &bytes[start..end];
    let wanted = match &fixture.covers {
        Covers::Bytes(wanted) => wanted.as_slice(),
        Covers::WholeLine => bytes.split(|&b| b == b'\n').nth(fixture.line as usize - 1).unwrap(),
    };
    if covered != wanted {
        return Err(format!(
            "span {start}..{end} covers {:?}, expected {:?}",
            String::from_utf8_lossy(covered),
            String::from_utf8_lossy(wanted)
        ));
    }
    // The byte offset and the line:column agree (a BOM is before line 1's content).
    if d.code != Code::Bom && line_and_column(&bytes, start) != (fixture.line, fixture.column) {
        return Err(format!("offset {start} is at {:?}", line_and_column(&bytes, start)));
    }
    Ok(())
}

/// The binary prints each fixture's diagnostic in the concise and human
/// formats as the snapshots hold it, with the expected exit status.
#[test]
fn each_fixture_renders_as_its_snapshots() {
    for fixture in fixtures() {
        let code = fixture.code;
        let path = fixture.path.as_str();
        let flags = fixture.flags();
        let check = |format: &[&str]| {
            let args: Vec<&str> = ["check"]
                .into_iter()
                .chain(format.iter().copied())
                .chain(flags.iter().map(String::as_str))
                .chain([path])
                .collect();
            (run(batchlint_in(ROOT).args(&args)), format!("batchlint {}", args.join(" ")))
        };

        // Concise: the diagnostics at their places, then the summary.
        let (concise, command) = check(&["--format", "concise"]);
        assert_eq!(concise.code, fixture.exit, "{code}: exit status\n{}{}", concise.stdout, concise.stderr);
        assert_eq!(concise.stderr, "", "{code}: stderr");
        assert_eq!(located(&concise.stdout), fixture.expected(), "{code}: at line:col\n{}", concise.stdout);
        let lines: Vec<&str> = concise.stdout.lines().collect();
        let n = fixture.before.len();
        assert_eq!(lines.len(), n + 2, "{code}: its diagnostics and the summary\n{}", concise.stdout);
        let severity = if fixture.exit == 0 { "warning" } else { "error" };
        let prefix = format!("{path}:{}:{}: {severity}[{code}]: ", fixture.line, fixture.column);
        assert!(lines[n].starts_with(&prefix), "{code}: {}", lines[n]);
        assert!(lines[n + 1].starts_with("Checked 1 file ("), "{code}: {}", lines[n + 1]);
        snapshot!(&format!("{code}_concise"), &command, &concise.stdout);

        // Human (miette), no colours.
        let (human, command) = check(&["--format", "human", "--color", "never"]);
        assert_eq!(human.code, fixture.exit, "{code}: exit status (human)");
        assert!(human.stdout.contains(&format!("{code}(")), "{code}: {}", human.stdout);
        let place = format!("[{path}:{}:{}]", fixture.line, fixture.column);
        assert!(human.stdout.contains(&place), "{code}: {}", human.stdout);
        assert!(!human.stdout.contains('\x1b'), "{code}: no escape codes with --color never");
        snapshot!(&format!("{code}_human"), &command, &human.stdout);
    }
}

/// A fixture of a line-level code is the valid batch with one line changed,
/// so that it trips no other rule; the expectation's `records` says so.
#[test]
fn fixtures_are_otherwise_valid_batches() {
    let valid = std::fs::read_to_string(Path::new(ROOT).join(VALID)).unwrap();
    let valid: Vec<&str> = valid.lines().collect();
    for fixture in fixtures() {
        let Some(expected) = fixture.records else { continue };
        let text = std::fs::read(Path::new(ROOT).join(&fixture.path)).unwrap();
        let lines: Vec<&[u8]> = text.strip_suffix(b"\n").unwrap().split(|&b| b == b'\n').collect();
        let records = lines.iter().filter(|l| !l.is_empty()).count();
        let changed = lines.iter().filter(|l| !l.is_empty() && !valid.iter().any(|v| v.as_bytes() == **l)).count();
        assert_eq!((records, changed), expected, "{}: (records, records unlike {VALID}'s)", fixture.path);
    }
}
