//! The `openai` profile checks the bodies of `/v1/responses`,
//! `/v1/chat/completions`, `/v1/embeddings`, `/v1/completions` and
//! `/v1/moderations` lines key by key (`$defs` of schemas/openai.schema.json,
//! written from OpenAI's OpenAPI document; tools/schemas/openai.py compares
//! them with it). The `azure-openai` profile checks its chat completions,
//! responses and embeddings bodies with the same definitions, by `$ref`. Run
//! against the real binary.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::common::{Run, batchlint_in, folder, run};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const MISTAKES: &str = "testdata/profiles/openai/mistakes.jsonl";
const AZURE_MISTAKES: &str = "testdata/profiles/azure-openai/mistakes.jsonl";

/// `batchlint check --profile openai --format concise --min-records none`,
/// with `stdin` as standard input when the paths are `-`.
fn check(paths: &[&str], stdin: Option<&str>) -> Run {
    check_with("openai", paths, stdin)
}

/// [`check`] with the profile `profile`.
fn check_with(profile: &str, paths: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = batchlint_in(ROOT);
    cmd.args(["check", "--no-config", "--profile", profile, "--format", "concise", "--min-records", "none"])
        .args(paths);
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

/// [`located`] without BL405: the mistakes files mix endpoints and models on
/// purpose (a batch file holds one of each), so that one file shows them all.
fn located_in_body(stdout: &str) -> Vec<(u64, u64, String)> {
    located(stdout).into_iter().filter(|(_, _, code)| !code.contains("BL405")).collect()
}

/// The lines of `path` as batches: one file per url and model, in a
/// temporary folder, as a batch must be (each a valid batch on its own).
fn as_batches(path: &str) -> tempfile::TempDir {
    let text = std::fs::read_to_string(format!("{ROOT}/{path}")).unwrap();
    let mut batches: BTreeMap<(String, String), String> = BTreeMap::new();
    for line in text.lines() {
        let record: Value = serde_json::from_str(line).unwrap();
        let url = record["url"].as_str().unwrap().to_owned();
        let model = record["body"]["model"].as_str().unwrap_or_default().to_owned();
        let batch = batches.entry((url, model)).or_default();
        batch.push_str(line);
        batch.push('\n');
    }
    let files: Vec<(String, String)> =
        batches.into_values().enumerate().map(|(i, lines)| (format!("batch-{i}.jsonl"), lines)).collect();
    let files: Vec<(&str, &[u8])> = files.iter().map(|(name, lines)| (name.as_str(), lines.as_bytes())).collect();
    folder(&files)
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
        located_in_body(&r.stdout),
        expected(&[
            (1, 115, "error[BL203]"),    // "role": "usr"
            (2, 72, "error[BL201]"),     // `messages` missing…
            (2, 95, "warning[BL206]"),   // …because it is spelt `mesages`
            (3, 165, "error[BL202]"),    // "max_tokens": "100"
            (4, 159, "error[BL204]"),    // "temperature": 3
            (5, 149, "warning[BL206]"),  // "max_length", no such key
            (6, 89, "warning[BL206]"),   // responses: `role` directly in the body
            (7, 98, "error[BL201]"),     // an input message without `role`…
            (7, 99, "warning[BL206]"),   // …spelt `rol`
            (8, 135, "error[BL202]"),    // "max_output_tokens": "500"
            (9, 128, "error[BL203]"),    // reasoning effort "hgih"
            (10, 129, "error[BL204]"),   // "max_output_tokens": 8, below 16
            (11, 118, "error[BL201]"),   // a chat-style function tool: no `name`…
            (11, 137, "warning[BL206]"), // …but `function`
            (12, 106, "warning[BL206]"), // chat's `response_format` (responses take `text.format`)
            (13, 68, "error[BL201]"),    // completions: `prompt` missing…
            (13, 102, "warning[BL206]"), // …because it is spelt `promt`
            (14, 143, "error[BL202]"),   // "logprobs": true (an integer in completions)
            (15, 68, "error[BL201]"),    // moderations: `input` missing…
            (15, 102, "warning[BL206]"), // …because it is spelt `inputs`
            (16, 119, "error[BL203]"),   // a moderation part of type "image"
            (17, 99, "error[BL201]"),    // a function_call_output without `output`…
            (17, 145, "warning[BL206]"), // …but `result`
            (18, 123, "error[BL201]"),   // a json_schema text format without `name`…
            (18, 123, "error[BL201]"),   // …and `schema`…
            (18, 145, "warning[BL206]"), // …nested in `json_schema` as chat completions do
        ]),
        "{}",
        r.stdout
    );
    let lines: Vec<&str> = r.stdout.lines().filter(|l| !l.contains("BL405")).collect();
    assert!(lines[0].ends_with("did you mean `user`?"), "{}", lines[0]);
    assert!(lines[1].contains("the object has `mesages`: did you mean `messages`?"), "{}", lines[1]);
    assert!(lines[2].ends_with("did you mean `messages`?"), "{}", lines[2]);
    assert!(lines[3].contains("`body.max_tokens` must be null or integer, found a string"), "{}", lines[3]);
    assert!(lines[4].contains("`body.temperature` is 3, above the maximum of 2"), "{}", lines[4]);
    assert!(lines[5].contains("unknown key `max_length` in `body`"), "{}", lines[5]);
    assert!(lines[6].contains("unknown key `role` in `body`"), "{}", lines[6]);
    assert!(lines[7].contains("missing required key `role` in `body.input[0]`"), "{}", lines[7]);
    assert!(lines[10].ends_with("did you mean `high`?"), "{}", lines[10]);
    assert!(lines[11].contains("`body.max_output_tokens` is 8, below the minimum of 16"), "{}", lines[11]);
    assert!(lines[12].contains("missing required key `name` in `body.tools[0]`"), "{}", lines[12]);
    assert!(lines[17].contains("`body.logprobs` must be null or integer, found a boolean"), "{}", lines[17]);
    assert!(lines[19].contains("did you mean `input`?"), "{}", lines[19]);
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
    // Accepted, with a warning: `max_completion_tokens` replaced `max_tokens`.
    assert_eq!((r.code, located(&r.stdout)), (0, expected(&[(1, 214, "warning[BL211]")])), "{}", r.stdout);
    assert!(r.stdout.contains("`body.max_tokens` is deprecated"), "{}", r.stdout);
}

#[test]
fn richer_chat_bodies_are_clean() {
    let bodies = [
        r#"{"model":"m","messages":[{"role":"developer","content":[{"type":"text","text":"Be brief."}]},{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":"low"}}],"name":"ann"}]}"#,
        r#"{"model":"m","messages":[{"role":"user","content":"Weather?"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"weather","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c1","content":"Sunny."}],"tools":[{"type":"function","function":{"name":"weather","parameters":{"type":"object"}}}],"tool_choice":"auto","parallel_tool_calls":false}"#,
        r#"{"model":"m","messages":[{"role":"user","content":"Hi"}],"temperature":0,"top_p":1,"n":2,"stop":["\n"],"logprobs":true,"top_logprobs":5,"frequency_penalty":-2,"presence_penalty":2,"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object"},"strict":true}},"max_completion_tokens":200,"reasoning_effort":"low","service_tier":"flex","metadata":{"k":"v"},"store":null,"logit_bias":{"50256":-100}}"#,
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
    let text = lines("/v1/images/generations", &[r#"{"model":"m","prompt":"Hi","anything":1}"#, r#"{"prompt":"Hi"}"#]);
    let r = check(&["-"], Some(&text));
    assert_eq!(located(&r.stdout), expected(&[(2, 73, "error[BL201]")]), "{}", r.stdout);
}

#[test]
fn the_documented_examples_are_clean() {
    // OpenAI's batch guide's lines and the example requests of its OpenAPI
    // document, one batch per endpoint and model.
    let dir = as_batches("testdata/profiles/openai/examples.jsonl");
    let r = check(&[dir.path().to_str().unwrap()], None);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // Clean but for the deprecated keys OpenAI's own examples still use.
    assert_eq!(deprecations(&r.stdout), 3, "{}", r.stdout);
    assert!(r.stdout.contains("17 records"), "{}", r.stdout);
}

#[test]
fn response_items_and_tools_depend_on_their_type() {
    let text = lines(
        "/v1/responses",
        &[
            r#"{"model":"m","input":[{"role":"user","content":"Weather?"},{"type":"function_call","call_id":"c1","name":"weather","arguments":"{}"},{"type":"function_call_output","call_id":"c1","output":"Sunny."},{"type":"item_reference","id":"msg_1"}],"tools":[{"type":"function","name":"weather","parameters":{"type":"object"},"strict":true},{"type":"web_search"}],"tool_choice":{"type":"function","name":"weather"},"instructions":"Be brief.","store":false,"include":["reasoning.encrypted_content"],"text":{"format":{"type":"json_object"},"verbosity":"low"}}"#,
            r#"{"model":"m","input":[{"type":"function_call","call_id":"c1","name":"weather"},{"type":"item_reference"}],"tools":[{"type":"file_search"}],"tool_choice":"any","truncation":"none"}"#,
        ],
    );
    let r = check(&["-"], Some(&text));
    assert_eq!(
        located(&r.stdout),
        expected(&[
            (2, 86, "error[BL201]"),  // a function_call without arguments
            (2, 143, "error[BL201]"), // an item_reference without id
            (2, 179, "error[BL201]"), // a file_search tool without vector_store_ids
            (2, 217, "error[BL203]"), // tool_choice "any"
            (2, 236, "error[BL203]"), // truncation "none"
        ]),
        "{}",
        r.stdout
    );
}

#[test]
fn azure_checks_its_bodies_with_the_openai_definitions() {
    // The Azure batch guide's example lines, one batch per endpoint.
    let dir = as_batches("testdata/profiles/azure-openai/examples.jsonl");
    let r = check_with("azure-openai", &[dir.path().to_str().unwrap()], None);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(deprecations(&r.stdout), 2, "{}", r.stdout);

    let r = check_with("azure-openai", &[AZURE_MISTAKES], None);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        located_in_body(&r.stdout),
        expected(&[
            (1, 113, "error[BL203]"),   // "role": "usr"
            (2, 69, "error[BL201]"),    // no `model` (the deployment)…
            (2, 70, "warning[BL206]"),  // …but `deployment`
            (3, 42, "error[BL203]"),    // the deployment in the url
            (4, 157, "error[BL204]"),   // "temperature": 3
            (5, 86, "warning[BL206]"),  // responses: chat's `messages`
            (6, 132, "error[BL202]"),   // "max_output_tokens": "1000"
            (7, 155, "error[BL202]"),   // a chat-style image_url object in input_image
            (8, 119, "error[BL201]"),   // a json_schema text format without `name`…
            (8, 119, "error[BL201]"),   // …and `schema`…
            (8, 141, "warning[BL206]"), // …nested in `json_schema`
            (9, 124, "error[BL203]"),   // embeddings: "flaot"
        ]),
        "{}",
        r.stdout
    );
    // A deployment name is any non-empty string: no model ids are enforced.
    let text = "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/responses\",\"body\":{\"model\":\"my team's deployment\",\"input\":\"Hi\"}}\n";
    let r = check_with("azure-openai", &["-"], Some(text));
    assert_eq!((r.code, located(&r.stdout)), (0, vec![]), "{}", r.stdout);
}

/// How many diagnostics of concise output there are, after checking that
/// each is a deprecated key's warning (BL211).
fn deprecations(stdout: &str) -> usize {
    let found = located(stdout);
    assert!(found.iter().all(|(_, _, code)| code == "warning[BL211]"), "{stdout}");
    found.len()
}
