//! JSON parser conformance: every file of the public JSONTestSuite
//! (`testdata/JSONTestSuite/test_parsing/`) goes through [`batchlint::parse_json`],
//! the function the linter uses on each record, plus focused cases for the
//! decisions RFC 8259 leaves open. The decisions are written up in
//! `docs/conformance.md`; keep the two in step.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use batchlint::{Code, Linter, Parsed, Profile, SyntaxError, parse_json};

/// What `parse_json` must do with a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Decision {
    Accept,
    /// Rejected, with this [`SyntaxError::code`].
    Reject(Code),
}

use Decision::{Accept, Reject};

/// The decision for every implementation-defined (`i_`) file of the suite. A
/// change in behaviour fails the test: update this table and
/// `docs/conformance.md` together.
const I_DECISIONS: &[(&str, Decision)] = &[
    // Numbers: anything that rounds to a finite f64 is accepted (underflow
    // becomes 0, big integers become floats); overflow to infinity is BL104.
    ("i_number_double_huge_neg_exp.json", Accept),
    ("i_number_huge_exp.json", Reject(Code::NumberOutOfRange)),
    ("i_number_neg_int_huge_exp.json", Reject(Code::NumberOutOfRange)),
    ("i_number_pos_double_huge_exp.json", Reject(Code::NumberOutOfRange)),
    ("i_number_real_neg_overflow.json", Reject(Code::NumberOutOfRange)),
    ("i_number_real_pos_overflow.json", Reject(Code::NumberOutOfRange)),
    ("i_number_real_underflow.json", Accept),
    ("i_number_too_big_neg_int.json", Accept),
    ("i_number_too_big_pos_int.json", Accept),
    ("i_number_very_big_negative_int.json", Accept),
    // `\u` escapes that do not form a Unicode scalar value (lone or badly
    // paired surrogates): serde_json rejects them, BL101.
    ("i_object_key_lone_2nd_surrogate.json", Reject(Code::InvalidJson)),
    ("i_string_1st_surrogate_but_2nd_missing.json", Reject(Code::InvalidJson)),
    ("i_string_1st_valid_surrogate_2nd_invalid.json", Reject(Code::InvalidJson)),
    ("i_string_incomplete_surrogate_and_escape_valid.json", Reject(Code::InvalidJson)),
    ("i_string_incomplete_surrogate_pair.json", Reject(Code::InvalidJson)),
    ("i_string_incomplete_surrogates_escape_valid.json", Reject(Code::InvalidJson)),
    ("i_string_invalid_lonely_surrogate.json", Reject(Code::InvalidJson)),
    ("i_string_invalid_surrogate.json", Reject(Code::InvalidJson)),
    ("i_string_inverted_surrogates_U+1D11E.json", Reject(Code::InvalidJson)),
    ("i_string_lone_second_surrogate.json", Reject(Code::InvalidJson)),
    // Bytes that are not UTF-8 (including UTF-16 and Latin-1 texts, encoded
    // surrogates and overlong forms): BL001, checked before any JSON syntax.
    ("i_string_UTF-16LE_with_BOM.json", Reject(Code::InvalidUtf8)),
    ("i_string_UTF-8_invalid_sequence.json", Reject(Code::InvalidUtf8)),
    ("i_string_UTF8_surrogate_U+D800.json", Reject(Code::InvalidUtf8)),
    ("i_string_invalid_utf-8.json", Reject(Code::InvalidUtf8)),
    ("i_string_iso_latin_1.json", Reject(Code::InvalidUtf8)),
    ("i_string_lone_utf8_continuation_byte.json", Reject(Code::InvalidUtf8)),
    ("i_string_not_in_unicode_range.json", Reject(Code::InvalidUtf8)),
    ("i_string_overlong_sequence_2_bytes.json", Reject(Code::InvalidUtf8)),
    ("i_string_overlong_sequence_6_bytes.json", Reject(Code::InvalidUtf8)),
    ("i_string_overlong_sequence_6_bytes_null.json", Reject(Code::InvalidUtf8)),
    ("i_string_truncated-utf-8.json", Reject(Code::InvalidUtf8)),
    ("i_string_utf16BE_no_BOM.json", Reject(Code::InvalidUtf8)),
    ("i_string_utf16LE_no_BOM.json", Reject(Code::InvalidUtf8)),
    // Structure: 500 nested arrays exceed the nesting limit (BL105); a BOM is
    // not JSON whitespace, so inside `parse_json` it is BL101 (the linter
    // strips it at the start of a file and reports BL002 instead).
    ("i_structure_500_nested_arrays.json", Reject(Code::NestingTooDeep)),
    ("i_structure_UTF-8_BOM_empty_object.json", Reject(Code::InvalidJson)),
];

/// How many files the suite has, by prefix.
const EXPECTED_Y: usize = 95;
const EXPECTED_N: usize = 188;
const EXPECTED_I: usize = 35;
const EXPECTED_TOTAL: usize = 318;

/// Each file must be parsed well within this (a hang guard, not a benchmark).
const TIME_LIMIT: Duration = Duration::from_secs(1);
/// After this a parse is given up on as hung and reported; the test goes on.
const HANG_LIMIT: Duration = Duration::from_secs(20);

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/JSONTestSuite/test_parsing")
}

/// The result of one file: the parse outcome (or the panic message) and how
/// long the parse took.
type Outcome = (Result<Result<Parsed, SyntaxError>, String>, Duration);

/// Parses `bytes` on its own thread under `catch_unwind`, so a panic or a hang
/// in one file is reported without hiding the others. `None`: still running
/// after [`HANG_LIMIT`].
fn parse_guarded(bytes: Vec<u8>) -> Option<Outcome> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let start = Instant::now();
        let result = std::panic::catch_unwind(|| parse_json(&bytes)).map_err(|payload| {
            payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_owned())
        });
        // The receiver may have given up on a hung parse; nothing to do then.
        let _ = tx.send((result, start.elapsed()));
    });
    rx.recv_timeout(HANG_LIMIT).ok()
}

fn describe(result: &Result<Parsed, SyntaxError>) -> String {
    match result {
        Ok(_) => "accepted".to_owned(),
        Err(e) => format!("rejected {} at byte {}: {}", e.code.as_str(), e.offset, e.message),
    }
}

#[test]
fn json_test_suite() {
    let dir = suite_dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").file_name().into_string().expect("file names are UTF-8"))
        .collect();
    names.sort();
    assert_eq!(names.len(), EXPECTED_TOTAL, "the suite in {} should have {EXPECTED_TOTAL} files", dir.display());

    let mut mismatches = Vec::new();
    let (mut y, mut n, mut i) = (0, 0, 0);
    for name in &names {
        let bytes = std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("cannot read {name}: {e}"));
        let len = bytes.len();
        let is_utf8 = std::str::from_utf8(&bytes).is_ok();
        let Some((result, elapsed)) = parse_guarded(bytes) else {
            mismatches.push(format!("{name}: still running after {HANG_LIMIT:?}"));
            continue;
        };
        let result = match result {
            Ok(result) => result,
            Err(panic) => {
                mismatches.push(format!("{name}: panicked: {panic}"));
                continue;
            }
        };
        if elapsed >= TIME_LIMIT {
            mismatches.push(format!("{name}: took {elapsed:?} (limit {TIME_LIMIT:?})"));
        }
        if let Err(e) = &result {
            // Invariants of every rejection, whatever the file.
            if e.offset > len {
                mismatches.push(format!("{name}: offset {} is past the end ({len} bytes)", e.offset));
            }
            if (e.code == Code::InvalidUtf8) == is_utf8 {
                let utf8 = if is_utf8 { "valid" } else { "invalid" };
                mismatches.push(format!("{name}: {} but the file is {utf8} UTF-8", describe(&result)));
            }
        }
        let got = match &result {
            Ok(_) => Accept,
            Err(e) => Reject(e.code),
        };
        if name.starts_with("y_") {
            y += 1;
            if got != Accept {
                mismatches.push(format!("{name}: must be accepted, {}", describe(&result)));
            }
        } else if name.starts_with("n_") {
            n += 1;
            if got == Accept {
                mismatches.push(format!("{name}: must be rejected, accepted"));
            }
        } else if name.starts_with("i_") {
            i += 1;
            match I_DECISIONS.iter().find(|(file, _)| file == name) {
                None => mismatches.push(format!("{name}: not in I_DECISIONS ({})", describe(&result))),
                Some(&(_, want)) if want != got => {
                    mismatches.push(format!("{name}: decided {want:?}, {}", describe(&result)));
                }
                Some(_) => {}
            }
        } else {
            mismatches.push(format!("{name}: unexpected prefix"));
        }
    }
    for (file, _) in I_DECISIONS {
        if !names.iter().any(|name| name == file) {
            mismatches.push(format!("{file}: in I_DECISIONS but not in the suite"));
        }
    }
    assert!(mismatches.is_empty(), "{} mismatch(es):\n{}", mismatches.len(), mismatches.join("\n"));
    assert_eq!((y, n, i), (EXPECTED_Y, EXPECTED_N, EXPECTED_I), "files by prefix (y_, n_, i_)");
    assert_eq!(I_DECISIONS.len(), EXPECTED_I, "I_DECISIONS has a duplicate or stale entry");
}

fn ok(text: &[u8]) -> Parsed {
    parse_json(text).unwrap_or_else(|e| panic!("{:?} should parse: {e:?}", String::from_utf8_lossy(text)))
}

fn code(text: &[u8]) -> Code {
    match parse_json(text) {
        Ok(p) => panic!("{:?} should be rejected, parsed as {:?}", String::from_utf8_lossy(text), p.value),
        Err(e) => e.code,
    }
}

fn nested(depth: usize, open: &str, close: &str) -> String {
    format!("{}0{}", open.repeat(depth), close.repeat(depth))
}

/// Duplicate keys: valid JSON syntax, so `parse_json` accepts the document
/// (last value wins) and flags it; the linter turns the flag into BL103.
#[test]
fn duplicate_keys_are_accepted_and_flagged() {
    let p = ok(br#"{"a":1,"a":2}"#);
    assert!(p.has_duplicate_keys);
    assert_eq!(p.value["a"], 2);
    assert!(ok(br#"[{"x":{"a":1,"a":2}}]"#).has_duplicate_keys);
    // The same key in different objects, or keys that differ, is not a duplicate.
    assert!(!ok(br#"[{"a":1},{"a":2}]"#).has_duplicate_keys);
    assert!(!ok(br#"{"a":1,"A":2,"a ":3}"#).has_duplicate_keys);
    // Keys are compared after unescaping: "\u0061" is "a".
    assert!(ok(br#"{"a":1,"\u0061":2}"#).has_duplicate_keys);
}

/// `\u` escapes must form Unicode scalar values: a lone or badly paired
/// surrogate is rejected as invalid JSON (BL101), as serde_json does; a proper
/// pair is accepted.
#[test]
fn lone_surrogates_are_rejected() {
    assert_eq!(code(br#""\uD800""#), Code::InvalidJson);
    assert_eq!(code(br#""\uDC00""#), Code::InvalidJson);
    assert_eq!(code(br#""\uD800\u0041""#), Code::InvalidJson);
    assert_eq!(code(br#"{"\uDFAA":0}"#), Code::InvalidJson);
    assert_eq!(ok(br#""\uD83D\uDE00""#).value, "\u{1F600}");
    // The same surrogate written as raw (CESU-8) bytes is not UTF-8: BL001.
    assert_eq!(code(b"\"\xED\xA0\x80\""), Code::InvalidUtf8);
}

/// Numbers must fit a 64-bit float: overflow to infinity is BL104, underflow
/// rounds to zero and is accepted.
#[test]
fn numbers_beyond_f64_are_out_of_range() {
    assert_eq!(code(b"1e400"), Code::NumberOutOfRange);
    assert_eq!(code(b"-1e400"), Code::NumberOutOfRange);
    assert_eq!(code(br#"{"a":[1e400]}"#), Code::NumberOutOfRange);
    assert_eq!(ok(b"1e-400").value.as_f64(), Some(0.0));
    assert_eq!(ok(b"1.7976931348623157e308").value.as_f64(), Some(f64::MAX));
}

/// NaN and Infinity are not JSON: BL101 in every spelling.
#[test]
fn nan_and_infinity_are_rejected() {
    for text in ["NaN", "-NaN", "Infinity", "-Infinity", "+Infinity", "inf", "[NaN]", r#"{"a":Infinity}"#] {
        assert_eq!(code(text.as_bytes()), Code::InvalidJson, "{text}");
    }
}

/// serde_json's recursion limit is 128 and it is checked after decrementing
/// on each `[` or `{`: 127 nested levels are accepted, the 128th opening
/// bracket is rejected (BL105) and reported at its own offset.
#[test]
fn nesting_boundary_is_127_levels() {
    for (open, close) in [("[", "]"), (r#"{"a":"#, "}"), (r#"[{"a":"#, "}]")] {
        let levels = open.matches(['[', '{']).count();
        let accepted = 127 / levels;
        assert!(parse_json(nested(accepted, open, close).as_bytes()).is_ok(), "{accepted} × {open}");
        for depth in [128_usize, 129, 100_000] {
            let rejected = depth.div_ceil(levels);
            assert_eq!(code(nested(rejected, open, close).as_bytes()), Code::NestingTooDeep, "{rejected} × {open}");
        }
    }
    assert!(parse_json(nested(127, "[", "]").as_bytes()).is_ok());
    let e = parse_json(nested(128, "[", "]").as_bytes()).unwrap_err();
    assert_eq!((e.code, e.offset), (Code::NestingTooDeep, 127));
    // Unclosed brackets hit the limit too, before the end of input.
    assert_eq!(code("[".repeat(129).as_bytes()), Code::NestingTooDeep);
}

/// U+2028 and U+2029 are allowed raw in JSON strings (RFC 8259 only requires
/// escaping U+0000 to U+001F). They are not line breaks in JSONL: only `\n`
/// separates records.
#[test]
fn line_and_paragraph_separators_are_accepted_in_strings() {
    assert_eq!(ok("\"a\u{2028}b\u{2029}c\"".as_bytes()).value, "a\u{2028}b\u{2029}c");
    assert_eq!(ok("{\"k\u{2028}\":\"\u{2029}\"}".as_bytes()).value["k\u{2028}"], "\u{2029}");
    // Outside a string they are not JSON whitespace.
    assert_eq!(code("\u{2028}{}".as_bytes()), Code::InvalidJson);
    // Raw control characters are still rejected, escaped ones accepted.
    assert_eq!(code(b"\"a\nb\""), Code::InvalidJson);
    assert_eq!(code(b"\"\x00\""), Code::InvalidJson);
    assert_eq!(ok(br#""\u0000\u2028""#).value, "\u{0}\u{2028}");
}

/// An RFC 7464 JSON text sequence record separator (0x1E) is not JSON
/// whitespace: BL101 before or after a value. JSONL is not RFC 7464.
#[test]
fn record_separator_is_rejected() {
    assert_eq!(code(b"\x1e{}"), Code::InvalidJson);
    assert_eq!(code(b"\x1e[1]"), Code::InvalidJson);
    assert_eq!(code(b"{}\x1e"), Code::InvalidJson);
    let e = parse_json(b"\x1e{\"a\":1}").unwrap_err();
    assert_eq!(e.offset, 0);
}

/// A UTF-8 BOM is not JSON whitespace, so `parse_json` rejects it anywhere
/// outside a string (BL101). The linter strips a BOM at the start of a file
/// and reports BL002 instead; inside a string U+FEFF is an ordinary character.
#[test]
fn byte_order_mark_is_rejected_by_parse_json() {
    let e = parse_json(b"\xEF\xBB\xBF{}").unwrap_err();
    assert_eq!((e.code, e.offset), (Code::InvalidJson, 0));
    assert_eq!(code(b"{}\xEF\xBB\xBF"), Code::InvalidJson);
    assert_eq!(ok(b"{\"a\":\"\xEF\xBB\xBF\"}").value["a"], "\u{FEFF}");
    // A truncated BOM is not UTF-8.
    assert_eq!(code(b"\xEF\xBB{}"), Code::InvalidUtf8);
}

/// Numbers RFC 8259 allows, with how serde_json represents them (no
/// `arbitrary_precision`): integers that fit i64 or u64 stay integers;
/// `-0`, exponents and bigger integers become f64 (rounded, not rejected).
#[test]
fn number_forms_and_their_representation() {
    let minus_zero = ok(b"-0").value;
    assert!(minus_zero.is_f64());
    assert!(minus_zero.as_f64().is_some_and(|f| f == 0.0 && f.is_sign_negative()));
    assert!(ok(b"0").value.is_u64());
    let hundred = ok(b"1E+2").value;
    assert!(hundred.is_f64());
    assert_eq!(hundred.as_f64(), Some(100.0));
    assert_eq!(ok(b"1e2").value.as_f64(), Some(100.0));
    assert_eq!(ok(b"18446744073709551615").value.as_u64(), Some(u64::MAX));
    let beyond_u64 = ok(b"18446744073709551616").value;
    assert!(beyond_u64.is_f64());
    assert_eq!(beyond_u64.as_f64(), Some(18_446_744_073_709_551_616.0));
    assert_eq!(ok(b"-9223372036854775808").value.as_i64(), Some(i64::MIN));
    assert!(ok(b"-9223372036854775809").value.is_f64());
    assert_eq!(ok(b"100000000000000000000000000000000000000000000000000").value.as_f64(), Some(1e50));
    // Forms RFC 8259 does not allow.
    for text in ["01", "-01", "+1", ".5", "1.", "1.e2", "0x10", "1e", "-"] {
        assert_eq!(code(text.as_bytes()), Code::InvalidJson, "{text}");
    }
}

/// End to end through the linter: a BOM at the start of the file is BL002 and
/// the rest of line 1 is still checked (here BL103); 0x1E before a record is
/// BL101; U+2028 and U+2029 inside a string do not split the line.
#[test]
fn linter_framing_agrees_with_the_decisions() {
    let input = "\u{FEFF}{\"a\":1,\"a\":2}\n\u{1E}{}\n{\"s\":\"x\u{2028}y\u{2029}z\"}\n";
    let linter = Linter::new(Profile::sync().expect("the sync profile loads"));
    let mut found = Vec::new();
    let summary = linter
        .check_reader(input.as_bytes(), |d| {
            if d.code.as_str() < "BL200" {
                found.push((d.line, d.code));
            }
        })
        .expect("reading a slice cannot fail");
    assert_eq!(summary.lines, 3);
    found.sort_by_key(|&(line, code)| (line, code.as_str()));
    assert_eq!(found, [(1, Code::Bom), (1, Code::DuplicateKey), (2, Code::InvalidJson)]);
}
