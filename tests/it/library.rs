//! The library's guarantees to Rust callers: a profile's parts agree (a
//! schema of the user's own governs every path, fast or not), errors name
//! what failed, and options are made with their constructors.

use batchlint::split::plan::ChunkLimits;
use batchlint::split::run::Request;
use batchlint::{Code, Diagnostic, Error, LineSchema, Linter, Profile, RefusedWrite, Severity};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The built-in sync schema's text with its model list replaced.
fn sync_schema_with_models(models: &str) -> LineSchema {
    let text = Profile::builtin_schema_text("sync").unwrap();
    let old = r#""enum": ["sync-3", "lipsync-2", "lipsync-2-pro", "lipsync-1.9.0-beta", "react-1"]"#;
    assert!(text.contains(old), "the sync schema's model list moved: update this test");
    let edited = text.replace(old, &format!(r#""enum": [{models}]"#));
    LineSchema::compile("edited sync schema", serde_json::from_str(&edited).unwrap(), None).unwrap()
}

/// The diagnostics of `text` (records only: no file minimum).
fn check(profile: &Profile, text: &str) -> Vec<(Code, u64, u64, String)> {
    let mut profile = profile.clone();
    profile.limits_mut().min_records = None;
    let mut found: Vec<Diagnostic> = Vec::new();
    Linter::new(profile).check_reader(text.as_bytes(), |d| found.push(d)).unwrap();
    found.into_iter().map(|d| (d.code, d.line, d.column, d.message)).collect()
}

/// The lines of the bundled clean file for the lipsync models (react-1 has
/// options of its own), each with its model replaced by `model`.
fn records_with_model(model: &str) -> String {
    let text = std::fs::read_to_string(format!("{ROOT}/testdata/valid/sync-20.jsonl")).unwrap();
    let lines = text.lines().filter(|l| !l.contains(r#""model":"react-1""#));
    lines
        .map(|l| {
            let at = l.find(r#""model":""#).unwrap() + r#""model":""#.len();
            let end = at + l[at..].find('"').unwrap();
            format!("{}{model}{}\n", &l[..at], &l[end..])
        })
        .collect()
}

/// A new model added to (or one removed from) a copy of the schema changes
/// the verdict of every path at once: the fast paths (on) and the full path
/// (off) report the same, and follow the edited schema, not the built-in one.
#[test]
fn an_edited_copy_of_the_schema_changes_every_path_at_once() {
    let edited = sync_schema_with_models(r#""sync-3", "lipsync-9""#);
    let profile = Profile::sync().unwrap().with_schema(edited);
    assert_eq!(profile.rules(), batchlint::RuleSet::None, "a user's schema is the whole contract");

    let new_model = records_with_model("lipsync-9");
    let removed_model = records_with_model("lipsync-2");
    let records = new_model.lines().count();
    assert!(records >= 10, "{records}");
    for fast in [true, false] {
        let p = profile.clone().with_fast_paths(fast);
        assert_eq!(check(&p, &new_model), [], "fast paths {fast}: the added model is accepted");
        let found = check(&p, &removed_model);
        assert_eq!(found.len(), records, "fast paths {fast}: {found:?}");
        assert!(found.iter().all(|(code, ..)| *code == Code::InvalidValue), "{found:?}");
        assert!(found[0].3.contains("lipsync-2"), "{found:?}");
    }
    // The built-in profile, fast or not, still knows only its own list.
    for fast in [true, false] {
        let builtin = Profile::sync().unwrap().with_fast_paths(fast);
        assert_eq!(check(&builtin, &removed_model), [], "fast paths {fast}");
        assert_eq!(check(&builtin, &new_model).len(), records, "fast paths {fast}");
    }
}

#[test]
fn a_profile_is_changed_through_its_methods() {
    let mut profile = Profile::by_name("openai").unwrap().with_id_pointer(None).with_severity(Code::UnknownKey, None);
    profile.limits_mut().max_records = Some(2);
    assert_eq!(profile.name(), "openai");
    assert_eq!(profile.id_pointer(), None);
    assert_eq!(profile.limits().max_records, Some(2));
    assert_eq!(profile.severity(Code::UnknownKey, Severity::Warning), None, "turned off");
    assert_eq!(profile.severity(Code::InvalidValue, Severity::Error), Some(Severity::Error), "as reported");
    let profile = profile.with_max_per_line(std::num::NonZeroUsize::new(1).unwrap());
    assert_eq!(profile.max_per_line(), 1);
}

#[test]
fn errors_name_what_failed() {
    match Profile::by_name("opnai") {
        Err(Error::UnknownProfile { name, suggestion }) => {
            assert_eq!((name.as_str(), suggestion), ("opnai", Some("openai")))
        }
        other => panic!("{other:?}"),
    }

    // A split into a folder where a chunk's name is taken by a file of the user's.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::copy(format!("{ROOT}/testdata/valid/sync-20.jsonl"), &input).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("in-0001.jsonl"), "mine\n").unwrap();
    let request = Request::new(&input, &out);
    assert_eq!(request.prefix, "in");
    let err = batchlint::split::run::run(&Profile::sync().unwrap(), &request, &mut |_| {}, &mut |_, _| {}).unwrap_err();
    match &err {
        Error::RefusedWrite { path, reason: RefusedWrite::Exists } => {
            assert_eq!(path, &out.join("in-0001.jsonl"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read(out.join("in-0001.jsonl")).unwrap(), b"mine\n", "left as it was");

    let mut bad = Request::new(&input, &out);
    bad.prefix = "../escape".to_owned();
    let err = batchlint::split::run::run(&Profile::sync().unwrap(), &bad, &mut |_| {}, &mut |_, _| {}).unwrap_err();
    assert!(matches!(&err, Error::OutputName { what: "--prefix", name, .. } if name == "../escape"), "{err:?}");
}

#[test]
fn chunk_limits_follow_the_profile() {
    let profile = Profile::sync().unwrap();
    assert_eq!(ChunkLimits::from(profile.limits()), ChunkLimits::new(20, Some(500), Some(5_000_000)));
}

/// A sink of one's own sees every diagnostic, then its line's outcome, in
/// file order, and the end of the file once.
#[test]
fn a_sink_sees_diagnostics_lines_and_the_end_in_order() {
    #[derive(Default)]
    struct Events(Vec<String>);
    impl batchlint::Sink for Events {
        fn diagnostic(&mut self, d: Diagnostic) {
            self.0.push(format!("{}:{}", d.code, d.line));
        }
        fn line(&mut self, line: &batchlint::LineOutcome) {
            self.0.push(format!(
                "line {} at {} ({} bytes) blank={} error={}",
                line.number, line.start, line.len, line.blank, line.has_error
            ));
        }
        fn end(&mut self, summary: &batchlint::Summary, statistics: batchlint::Statistics) {
            self.0.push(format!("end: {} records, {} errors, {:?}", summary.records, summary.errors, statistics.codes));
        }
    }
    let mut profile = Profile::by_name("generic").unwrap();
    profile.limits_mut().max_records = Some(1);
    let mut events = Events::default();
    let input = "{\"a\":1}\n\n[1]\n{\"b\":2}\n";
    let summary = Linter::new(profile).check_into(input.as_bytes(), None, &mut events).unwrap();
    assert_eq!(summary.records, 3);
    assert_eq!(
        events.0,
        [
            "line 1 at 0 (7 bytes) blank=false error=false",
            "BL003:2",
            "line 2 at 8 (0 bytes) blank=true error=true",
            "BL102:3",
            "line 3 at 9 (3 bytes) blank=false error=true",
            "line 4 at 13 (7 bytes) blank=false error=false",
            "BL402:4",
            "end: 3 records, 3 errors, {BlankLine: 1, NotAnObject: 1, TooManyRecords: 1}",
        ]
    );
}

/// A check may run as a task of the rayon pool, as a caller checking files
/// side by side does: blocks large enough to be examined on the pool are
/// then examined without a helper thread, whose join would block a pool
/// thread (a deadlock once every pool thread waits so).
#[test]
fn checks_run_side_by_side_on_the_rayon_pool() {
    use rayon::prelude::*;
    let line = format!("{{\"a\":\"{}\"}}\n", "x".repeat(550));
    let input = line.repeat(1_000); // 560 KB: more than one small block
    let linter = Linter::new(Profile::by_name("generic").unwrap());
    let (done, wait) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        // More checks than the global pool has threads: each takes one.
        let tasks = rayon::current_num_threads() * 4;
        let summaries: Vec<_> =
            (0..tasks).into_par_iter().map(|_| linter.check_reader(input.as_bytes(), |_| {}).unwrap()).collect();
        let _ = done.send(summaries);
    });
    let summaries = wait.recv_timeout(std::time::Duration::from_secs(120)).expect("the checks finish (no deadlock)");
    assert!(summaries.iter().all(|s| s.records == 1_000 && s.errors == 0), "{summaries:?}");
}
