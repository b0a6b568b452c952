//! A whole file, checked with the fast paths on and off: the diagnostics
//! (codes, positions, messages, snippets) and the summary must be identical.
//! This is the fast paths' differential fuzz target: the sync profile's typed
//! one, the tape one of a profile with a user schema, and the schema's checks
//! compiled for the tape.
//!
//! Input: byte 0 picks options (bit 0: no record minimum; bit 1: at most 3
//! records; bit 2: no id check; bit 3: a 600-byte file limit; bit 4: the sync
//! schema as a user schema, so the tape path; bit 5: the benchmark's line
//! schema as a user schema, which compiles into checks of the tape); the rest
//! is the file.
#![no_main]

use std::sync::OnceLock;

use batchlint::{LineSchema, Linter, Profile};
use libfuzzer_sys::fuzz_target;

fn sync() -> &'static Profile {
    static SYNC: OnceLock<Profile> = OnceLock::new();
    SYNC.get_or_init(|| Profile::sync().expect("the sync profile compiles"))
}

/// The sync profile with the schema `text` given as a user's schema: no
/// cross-field rules, unknown keys are errors, the tape fast path applies.
fn with_user_schema(origin: &str, text: &str) -> Profile {
    let document = serde_json::from_str(text).expect("valid JSON");
    let schema = LineSchema::compile(origin, document, None).expect("the schema compiles");
    sync().clone().with_schema(schema)
}

/// The sync profile's own schema as a user's schema.
fn user_schema() -> &'static Profile {
    static USER: OnceLock<Profile> = OnceLock::new();
    USER.get_or_init(|| with_user_schema("sync", Profile::builtin_schema_text("sync").expect("a built-in schema")))
}

/// The benchmark's line schema as a user's schema: it compiles into checks
/// of the tape.
fn compiled_schema() -> &'static Profile {
    static COMPILED: OnceLock<Profile> = OnceLock::new();
    COMPILED.get_or_init(|| with_user_schema("batch-line", include_str!("../../testdata/check/batch-line.schema.json")))
}

fuzz_target!(|data: &[u8]| {
    let Some((&options, input)) = data.split_first() else { return };
    let mut profile = match options {
        o if o & 32 != 0 => compiled_schema().clone(),
        o if o & 16 != 0 => user_schema().clone(),
        _ => sync().clone(),
    };
    if options & 4 != 0 {
        profile = profile.with_id_pointer(None);
    }
    let limits = profile.limits_mut();
    if options & 1 != 0 {
        limits.min_records = None;
    }
    if options & 2 != 0 {
        limits.max_records = Some(3);
    }
    if options & 8 != 0 {
        limits.max_bytes = Some(600);
    }
    // gzip input (its magic bytes first) is decompressed as it is read: a
    // broken stream is an I/O error, the same with and without fast paths.
    let gzip = input.starts_with(b"\x1f\x8b");
    let check = |fast: bool| {
        let mut found = Vec::new();
        match Linter::new(profile.clone().with_fast_paths(fast)).check_reader(input, |d| found.push(d)) {
            Ok(summary) => Some((found, summary)),
            Err(_) if gzip => None,
            Err(e) => panic!("reading memory cannot fail: {e}"),
        }
    };
    let (fast, full) = match (check(true), check(false)) {
        (Some(fast), Some(full)) => (fast, full),
        (None, None) => return,
        (fast, full) => panic!("one of the paths failed to read: fast {:?}, full {:?}", fast.is_some(), full.is_some()),
    };
    let ((fast, fast_summary), (full, full_summary)) = (fast, full);
    if fast != full {
        let at = fast.iter().zip(&full).position(|(a, b)| a != b).unwrap_or(fast.len().min(full.len()));
        panic!(
            "fast path on and off differ at diagnostic {at}:\n  fast: {:?}\n  full: {:?}",
            fast.get(at),
            full.get(at)
        );
    }
    assert_eq!(fast_summary, full_summary);
});
