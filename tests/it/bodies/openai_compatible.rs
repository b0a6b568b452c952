//! The `groq`, `together` and `mistral` profiles check the request bodies of
//! the endpoints their batch APIs accept, key by key (`$defs` of
//! schemas/groq.schema.json, together.schema.json and mistral.schema.json,
//! written from each provider's API reference). Groq's system and developer
//! messages, text parts and response format are OpenAI's (`$ref`s into
//! openai.schema.json). Run against the real binary.

use crate::common::{Run, batchlint_in, located, run};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// `batchlint check --profile PROFILE --format concise --min-records none`,
/// with `stdin` as standard input when the paths are `-`.
fn check(profile: &str, paths: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = batchlint_in(ROOT);
    cmd.args(["check", "--profile", profile, "--format", "concise", "--min-records", "none"]).args(paths);
    if let Some(text) = stdin {
        cmd.write_stdin(text.to_owned());
    }
    run(&mut cmd)
}

fn fixture(profile: &str, name: &str) -> String {
    format!("testdata/profiles/{profile}/{name}.jsonl")
}

fn expected(items: &[(u64, u64, &str)]) -> Vec<(u64, u64, String)> {
    items.iter().map(|&(l, c, code)| (l, c, code.to_owned())).collect()
}

/// The concise output line of the diagnostic at `line:column`.
fn at(stdout: &str, line: u64, column: u64) -> &str {
    let place = format!(":{line}:{column}: ");
    stdout.lines().find(|l| l.contains(&place)).unwrap_or_else(|| panic!("nothing at {place} in\n{stdout}"))
}

/// Asserts that `text` (standard input) has exactly the diagnostics `want`.
fn assert_located(profile: &str, text: &str, want: &[(u64, u64, &str)]) -> Run {
    let r = check(profile, &["-"], Some(text));
    assert_eq!(located(&r.stdout), expected(want), "{}{}", r.stdout, r.stderr);
    r
}

#[test]
fn the_documented_example_requests_are_clean() {
    // Groq's own example still sets the deprecated `max_tokens`: a warning.
    for (profile, records, deprecated) in [("groq", 9, 1), ("together", 8, 0), ("mistral", 23, 0)] {
        let r = check(profile, &[&fixture(profile, "examples")], None);
        assert_eq!(r.code, 0, "{profile}: {}{}", r.stdout, r.stderr);
        let found = located(&r.stdout);
        assert!(found.iter().all(|(_, _, code)| code == "BL211"), "{profile}: {}", r.stdout);
        assert_eq!(found.len(), deprecated, "{profile}: {}", r.stdout);
        assert!(r.stdout.contains(&format!("({records} records")), "{profile}: {}", r.stdout);
    }
}

#[test]
fn groqs_typical_mistakes_get_their_codes_at_their_places() {
    let r = check("groq", &[&fixture("groq", "mistakes")], None);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        located(&r.stdout),
        expected(&[
            (1, 124, "BL203"), // "role": "usr"
            (2, 72, "BL201"),  // `messages` missing…
            (2, 104, "BL206"), // …because it is spelt `mesages`
            (3, 174, "BL202"), // "max_tokens": "100"
            (4, 168, "BL204"), // "temperature": 3, above 2
            (5, 162, "BL204"), // "n": 2, Groq takes only 1
            (6, 65, "BL206"),  // max_tokens beside the body, not in it
            (7, 158, "BL206"), // "max_length", no such key
            (8, 181, "BL203"), // reasoning_effort "minimal" is OpenAI's, not Groq's
            (9, 116, "BL201"), // a tool message without tool_call_id
        ]),
        "{}",
        r.stdout
    );
    assert!(at(&r.stdout, 1, 124).ends_with("did you mean `user`?"), "{}", r.stdout);
    assert!(at(&r.stdout, 2, 72).contains("the object has `mesages`: did you mean `messages`?"), "{}", r.stdout);
    assert!(at(&r.stdout, 2, 104).contains("warning[BL206]"), "{}", r.stdout);
    assert!(at(&r.stdout, 5, 162).contains("`body.n` is 2, above the maximum of 1"), "{}", r.stdout);
    assert!(at(&r.stdout, 7, 158).contains("unknown key `max_length` in `body`"), "{}", r.stdout);
}

#[test]
fn togethers_typical_mistakes_get_their_codes_at_their_places() {
    let r = check("together", &[&fixture("together", "mistakes")], None);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        located(&r.stdout),
        expected(&[
            (1, 82, "BL203"),  // "role": "usr"
            (2, 27, "BL201"),  // `messages` missing…
            (2, 62, "BL206"),  // …because it is spelt `mesages`
            (3, 132, "BL202"), // "max_tokens": "100"
            (4, 133, "BL204"), // "logprobs": 25, above 20
            (5, 20, "BL206"),  // model beside the body…
            (5, 61, "BL201"),  // …so the body has none
            (6, 116, "BL206"), // "max_length", no such key
            (7, 82, "BL203"),  // the developer role is OpenAI's, not Together's
            (8, 133, "BL201"), // a json_schema response format without json_schema
        ]),
        "{}",
        r.stdout
    );
    assert!(at(&r.stdout, 1, 82).ends_with("did you mean `user`?"), "{}", r.stdout);
    assert!(at(&r.stdout, 2, 62).ends_with("did you mean `messages`?"), "{}", r.stdout);
    assert!(at(&r.stdout, 4, 133).contains("`body.logprobs` is 25, above the maximum of 20"), "{}", r.stdout);
    assert!(
        at(&r.stdout, 8, 133).contains("missing required key `json_schema` in `body.response_format`"),
        "{}",
        r.stdout
    );
}

#[test]
fn mistrals_typical_mistakes_get_their_codes_at_their_places() {
    let r = check("mistral", &[&fixture("mistral", "mistakes")], None);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        located(&r.stdout),
        expected(&[
            (1, 48, "BL203"),  // "role": "usr"
            (2, 27, "BL201"),  // `messages` missing…
            (2, 45, "BL206"),  // …because it is spelt `mesages`
            (3, 98, "BL202"),  // "max_tokens": "100"
            (4, 92, "BL204"),  // "temperature": 2, above 1.5
            (5, 84, "BL206"),  // OpenAI's seed: Mistral's is random_seed
            (6, 93, "BL206"),  // a name on a user message, refused by Mistral
            (7, 20, "BL206"),  // model beside the body, not in it
            (8, 65, "BL203"),  // an embeddings output_dtype Mistral does not have
            (9, 106, "BL203"), // an OCR table_format Mistral does not have
            (10, 55, "BL206"), // a FIM body's suffix spelt `sufix`
        ]),
        "{}",
        r.stdout
    );
    assert!(at(&r.stdout, 2, 27).contains("the object has `mesages`: did you mean `messages`?"), "{}", r.stdout);
    assert!(at(&r.stdout, 4, 92).contains("`body.temperature` is 2, above the maximum of 1.5"), "{}", r.stdout);
    assert!(at(&r.stdout, 6, 93).contains("unknown key `name` in `body.messages[0]`"), "{}", r.stdout);
    assert!(at(&r.stdout, 8, 65).ends_with("did you mean `float`?"), "{}", r.stdout);
    assert!(at(&r.stdout, 10, 55).ends_with("did you mean `suffix`?"), "{}", r.stdout);
    // Mistral refuses unknown keys (422 extra_forbidden): errors, not warnings.
    assert!(at(&r.stdout, 10, 55).contains(": error[BL206]: "), "{}", r.stdout);
    assert!(at(&r.stdout, 7, 20).ends_with("unknown key `model` in the record; it belongs in `body`"), "{}", r.stdout);
    assert!(!r.stdout.contains("warning"), "{}", r.stdout);
}

#[test]
fn the_existing_fixtures_keep_their_diagnostics() {
    for profile in ["groq", "together", "mistral"] {
        let r = check(profile, &[&fixture(profile, "valid")], None);
        assert_eq!((r.code, located(&r.stdout)), (0, vec![]), "{profile}: {}", r.stdout);
    }
    // invalid.jsonl: only the mistakes each was written with (tests/profiles.rs
    // pins them), no new ones from the bodies.
    let r = check("groq", &[&fixture("groq", "invalid")], None);
    let codes: Vec<String> = located(&r.stdout).into_iter().map(|(_, _, c)| c).collect();
    assert_eq!(codes, ["BL203", "BL201", "BL405", "BL405", "BL404", "BL203", "BL405"], "{}", r.stdout);
}

#[test]
fn groq_audio_bodies_are_checked_by_their_url() {
    let line = |id: &str, url: &str, body: &str| {
        format!(r#"{{"custom_id":"{id}","method":"POST","url":"/v1/audio/{url}","body":{body}}}"#) + "\n"
    };
    let text = [
        line(
            "a1",
            "transcriptions",
            r#"{"model":"whisper-large-v3","url":"https://example.com/a.mp3","language":"en"}"#,
        ),
        line("a2", "transcriptions", r#"{"model":"whisper-large-v3","file":"a.mp3","temperature":1.5}"#),
        line(
            "a3",
            "transcriptions",
            r#"{"model":"whisper-large-v3","url":"https://example.com/a.mp3","response_format":"srt"}"#,
        ),
    ]
    .concat();
    let r = assert_located(
        "groq",
        &text,
        &[
            (2, 75, "BL201"),  // no url: a batch cannot upload a file…
            (2, 103, "BL206"), // …so `file` is not a key here
            (2, 132, "BL204"), // temperature above 1
            (3, 155, "BL203"), // no such response_format
        ],
    );
    assert!(r.stdout.contains("missing required key `url` in `body`"), "{}", r.stdout);
}

#[test]
fn groq_messages_have_groqs_parts_and_openais_system_messages() {
    let text = [
        r#"{"custom_id":"r1","method":"POST","url":"/v1/chat/completions","body":{"model":"m","messages":[{"role":"system","content":[{"type":"text","text":"Be brief."}]},{"role":"user","content":[{"type":"document","document":{"data":{"a":1}}}]}]}}"#,
        r#"{"custom_id":"r2","method":"POST","url":"/v1/chat/completions","body":{"model":"m","messages":[{"role":"system","content":[{"type":"txt","text":"x"}]},{"role":"user","content":[{"type":"input_audio","input_audio":{}}]}]}}"#,
    ]
    .join("\n")
        + "\n";
    let r = assert_located("groq", &text, &[(2, 132, "BL203"), (2, 186, "BL203")]);
    assert!(at(&r.stdout, 2, 132).contains("must be \"text\""), "{}", r.stdout);
    assert!(at(&r.stdout, 2, 186).contains("not one of \"text\", \"image_url\", \"document\""), "{}", r.stdout);
}

#[test]
fn a_mistral_body_is_told_by_its_keys() {
    let text = [
        r#"{"custom_id":"c","body":{"messages":[{"role":"user","content":"Hi"}],"input":"x"}}"#,
        r#"{"custom_id":"f","body":{"prompt":"def f(","suffix":null,"temperature":1.6}}"#,
        r#"{"custom_id":"o","body":{"document":{"url":"https://example.com/a.pdf"}}}"#,
        r#"{"custom_id":"t","body":{"file_url":"https://example.com/a.mp3","language":"eng"}}"#,
        r#"{"custom_id":"e","body":{"input":["a"],"output_dimension":0}}"#,
        r#"{"custom_id":"m","body":{"input":[{"role":"usr","content":"x"}]}}"#,
        r#"{"custom_id":"k","body":{"input":{"mesages":[]}}}"#,
    ]
    .join("\n")
        + "\n";
    let r = assert_located(
        "mistral",
        &text,
        &[
            (1, 70, "BL206"), // a chat body has no input
            (2, 72, "BL204"), // a FIM temperature above 1.5
            (3, 37, "BL201"), // an OCR document needs document_url (or image_url, file_id)…
            (3, 38, "BL206"), // …not url
            (4, 76, "BL205"), // a transcription language of two letters
            (5, 59, "BL204"), // embeddings: output_dimension above 0
            (6, 43, "BL203"), // chat moderation: a message's role
            (7, 34, "BL201"), // chat classification: {messages}…
            (7, 35, "BL206"), // …misspelt
        ],
    );
    assert!(at(&r.stdout, 3, 37).contains("missing required key `document_url` in `body.document`"), "{}", r.stdout);
    assert!(at(&r.stdout, 6, 43).contains("`body.input[0].role` is \"usr\""), "{}", r.stdout);
}
