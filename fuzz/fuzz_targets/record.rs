//! One record: `batchlint::parse_json`, then the whole check of the record as
//! a one-line file with the sync profile (syntax, schema, cross-field rules).
//! Must never panic; every diagnostic must sit on line 1, inside the record;
//! a record `parse_json` rejects gets that error's code, and one it accepts
//! gets no syntax diagnostic.
#![no_main]

use std::sync::OnceLock;

use batchlint::{Code, Linter, parse_json};
use libfuzzer_sys::fuzz_target;

fn linter() -> &'static Linter {
    static LINTER: OnceLock<Linter> = OnceLock::new();
    LINTER.get_or_init(|| {
        let mut profile = batchlint::Profile::sync().expect("the sync profile compiles");
        profile.limits_mut().min_records = None;
        Linter::new(profile)
    })
}

fuzz_target!(|data: &[u8]| {
    let parsed = parse_json(data);
    if let Err(e) = &parsed {
        assert!(e.offset <= data.len(), "{e:?}");
        assert!(matches!(
            e.code,
            Code::InvalidUtf8 | Code::InvalidJson | Code::NumberOutOfRange | Code::NestingTooDeep
        ));
    }
    // As one line of a file: no newline inside, no BOM, not gzip's magic
    // bytes (gzip input is decompressed first).
    if data.contains(&b'\n') || data.starts_with(b"\xEF\xBB\xBF") || data.starts_with(b"\x1f\x8b") {
        return;
    }
    let mut found = Vec::new();
    let summary = linter().check_reader(data, |d| found.push(d)).expect("reading memory cannot fail");
    // What the framing handles on its own: a blank line, a lone `{` or `[`
    // (the start of pretty-printed JSON), an empty file, binary data or
    // UTF-16/32 text (one diagnostic for the file).
    let whole_file = [Code::NotJsonLines, Code::BlankLine, Code::EmptyFile, Code::NotText, Code::WrongEncoding];
    if found.iter().any(|d| whole_file.contains(&d.code)) {
        return;
    }
    assert_eq!((summary.lines, summary.records), (1, 1));
    for d in &found {
        assert_eq!(d.line, 1, "{d:?}");
        assert!(d.span.start <= d.span.end && d.span.end <= data.len() as u64, "{d:?}");
        if let Some(r) = &d.related {
            assert!(r.span.start <= r.span.end && r.span.end <= data.len() as u64, "{d:?}");
        }
    }
    let syntax =
        |c: Code| matches!(c, Code::InvalidUtf8 | Code::InvalidJson | Code::NumberOutOfRange | Code::NestingTooDeep);
    match &parsed {
        Err(e) => assert!(found.iter().any(|d| d.code == e.code), "{e:?} not reported: {found:?}"),
        Ok(_) => assert!(!found.iter().any(|d| syntax(d.code)), "a parsed record got {found:?}"),
    }
});
