//! The `openai` profile checks the bodies of `/v1/chat/completions` and
//! `/v1/embeddings` lines key by key (`$defs` of schemas/openai.schema.json,
//! written from OpenAI's OpenAPI document). Run against the real binary.

use crate::common::{Run, batchlint_in, run};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const MISTAKES: &str = "testdata/profiles/openai/mistakes.jsonl";

/// `batchlint check --profile openai --format concise --min-records none`,
/// with `stdin` as standard input when the paths are `-`.
fn check(paths: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = batchlint_in(ROOT);
    cmd.args(["check", "--profile", "openai", "--format", "concise", "--min-records", "none"]).args(paths);
    if let Some(text) = stdin {
        cmd.write_stdin(text.to_owned());
    }
    run(&mut cmd)
}

/// `(line, column, severity and code)` of each diagnostic of concise output,
/// e.g. `(2, 95, "warning[BL206]")`.
fn located(stdout: &str) -> Vec<(u64, u64, String)> {
    stdout
        .lines()
        .filter(|l| l.contains("]: "))
        .map(|l| {
            let mut parts = l.split_once("]: ").unwrap().0.rsplitn(4, ':');
            let code = parts.next().unwrap().trim().to_owned() + "]";
            let column = parts.next().unwrap().parse().unwrap();
            let line = parts.next().unwrap().parse().unwrap();
            (line, column, code)
        })
        .collect()
}

fn expected(items: &[(u64, u64, &str)]) -> Vec<(u64, u64, String)> {
    items.iter().map(|&(l, c, code)| (l, c, code.to_owned())).collect()
}

/// Lines for `url`, one per body, with the ids `r1`, `r2`, …
fn lines(url: &str, bodies: &[&str]) -> String {
    bodies
        .iter()
        .enumerate()
        .map(|(i, body)| format!(r#"{{"custom_id":"r{}","method":"POST","url":"{url}","body":{body}}}"#, i + 1) + "\n")
        .collect()
}

fn chat(bodies: &[&str]) -> String {
    lines("/v1/chat/completions", bodies)
}

#[test]
fn each_typical_mistake_gets_its_code_at_its_place() {
    let r = check(&[MISTAKES], None);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        located(&r.stdout),
        expected(&[
            (1, 115, "error[BL203]"),   // "role": "usr"
            (2, 72, "error[BL201]"),    // `messages` missing…
            (2, 95, "warning[BL206]"),  // …because it is spelt `mesages`
            (3, 165, "error[BL202]"),   // "max_tokens": "100"
            (4, 159, "error[BL204]"),   // "temperature": 3
            (5, 149, "warning[BL206]"), // "max_length", no such key
        ]),
        "{}",
        r.stdout
    );
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines[0].ends_with("did you mean `user`?"), "{}", lines[0]);
    assert!(lines[1].contains("the object has `mesages`: did you mean `messages`?"), "{}", lines[1]);
    assert!(lines[2].ends_with("did you mean `messages`?"), "{}", lines[2]);
    assert!(lines[3].contains("`body.max_tokens` must be null or integer, found a string"), "{}", lines[3]);
    assert!(lines[4].contains("`body.temperature` is 3, above the maximum of 2"), "{}", lines[4]);
    assert!(lines[5].contains("unknown key `max_length` in `body`"), "{}", lines[5]);
}

#[test]
fn the_existing_openai_fixtures_keep_their_diagnostics() {
    let r = check(&["testdata/profiles/openai/valid.jsonl"], None);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("no problems found"), "{}", r.stdout);

    // invalid.jsonl: only the mistakes it was written with, no new ones from its bodies.
    let r = check(&["testdata/profiles/openai/invalid.jsonl"], None);
    assert_eq!(
        located(&r.stdout),
        expected(&[
            (1, 31, "error[BL203]"),
            (2, 1, "error[BL201]"),
            (3, 44, "error[BL405]"),
            (4, 83, "error[BL405]"),
            (5, 14, "error[BL404]"),
            (6, 14, "error[BL202]"),
            (7, 74, "error[BL201]"),
        ]),
        "{}",
        r.stdout
    );
}

#[test]
fn the_documented_example_request_is_clean() {
    let text = chat(&[
        r#"{"model":"gpt-3.5-turbo-0125","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Hello world!"}],"max_tokens":1000}"#,
    ]);
    let r = check(&["-"], Some(&text));
    assert_eq!((r.code, located(&r.stdout)), (0, vec![]), "{}", r.stdout);
}

#[test]
fn richer_chat_bodies_are_clean() {
    let bodies = [
        r#"{"model":"m","messages":[{"role":"developer","content":[{"type":"text","text":"Be brief."}]},{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":"low"}}],"name":"ann"}]}"#,
        r#"{"model":"m","messages":[{"role":"user","content":"Weather?"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"weather","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c1","content":"Sunny."}],"tools":[{"type":"function","function":{"name":"weather","parameters":{"type":"object"}}}],"tool_choice":"auto","parallel_tool_calls":false}"#,
        r#"{"model":"m","messages":[{"role":"user","content":"Hi"}],"temperature":0,"top_p":1,"n":2,"stop":["\n"],"seed":7,"logprobs":true,"top_logprobs":5,"frequency_penalty":-2,"presence_penalty":2,"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object"},"strict":true}},"max_completion_tokens":200,"reasoning_effort":"low","service_tier":"flex","metadata":{"k":"v"},"store":null,"logit_bias":{"50256":-100}}"#,
    ];
    let text = chat(&bodies);
    let r = check(&["-"], Some(&text));
    assert_eq!((r.code, located(&r.stdout)), (0, vec![]), "{}", r.stdout);
}

#[test]
fn message_keys_depend_on_the_role() {
    let text = chat(&[
        r#"{"model":"m","messages":[{"role":"tool","content":"x"},{"role":"user","content":"y","tool_call_id":"c1"},{"role":"user","content":7}]}"#,
    ]);
    let r = check(&["-"], Some(&text));
    assert_eq!(
        located(&r.stdout),
        expected(&[(1, 96, "error[BL201]"), (1, 155, "warning[BL206]"), (1, 201, "error[BL202]")]),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("missing required key `tool_call_id` in `body.messages[0]`"), "{}", r.stdout);
    assert!(r.stdout.contains("unknown key `tool_call_id` in `body.messages[1]`"), "{}", r.stdout);
    assert!(r.stdout.contains("`body.messages[2].content` must be string or array, found an integer"), "{}", r.stdout);
}

#[test]
fn embedding_bodies_are_checked_too() {
    let text = lines(
        "/v1/embeddings",
        &[
            r#"{"model":"text-embedding-3-small","input":["a","b"],"encoding_format":"float","dimensions":256}"#,
            r#"{"model":"text-embedding-3-small","input":[],"dimensions":0,"encoding_format":"flaot","messages":[]}"#,
            r#"{"model":"text-embedding-3-small"}"#,
        ],
    );
    let r = check(&["-"], Some(&text));
    assert_eq!(
        located(&r.stdout),
        expected(&[
            (2, 107, "error[BL204]"),   // an empty input
            (2, 123, "error[BL204]"),   // dimensions 0
            (2, 143, "error[BL203]"),   // "flaot"
            (2, 151, "warning[BL206]"), // a chat key
            (3, 65, "error[BL201]"),    // no input
        ]),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("did you mean `float`?"), "{}", r.stdout);
}

#[test]
fn other_endpoints_keep_the_minimal_body_check() {
    let text = lines("/v1/responses", &[r#"{"model":"m","input":"Hi","anything":1}"#, r#"{"input":"Hi"}"#]);
    let r = check(&["-"], Some(&text));
    assert_eq!(located(&r.stdout), expected(&[(2, 64, "error[BL201]")]), "{}", r.stdout);
}
