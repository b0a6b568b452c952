//! The `anthropic` profile checks a request's `params` as a Messages API
//! request body key by key (`$defs` of schemas/anthropic.schema.json: messages,
//! content blocks by `type`, tools, tool_choice, thinking…). Run against the
//! real binary.

use crate::common::{Run, batchlint_in, located, run};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const EXAMPLES: &str = "testdata/profiles/anthropic/examples.jsonl";
const MISTAKES: &str = "testdata/profiles/anthropic/mistakes.jsonl";

/// `batchlint check --profile anthropic --format concise --min-records none`,
/// with `stdin` as standard input when the paths are `-`.
fn check(paths: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = batchlint_in(ROOT);
    cmd.args(["check", "--profile", "anthropic", "--format", "concise", "--min-records", "none"]).args(paths);
    if let Some(text) = stdin {
        cmd.write_stdin(text.to_owned());
    }
    run(&mut cmd)
}

fn expected(items: &[(u64, u64, &str)]) -> Vec<(u64, u64, String)> {
    items.iter().map(|&(l, c, code)| (l, c, code.to_owned())).collect()
}

/// Lines with the ids `r1`, `r2`, … for the given `params` bodies.
fn lines(bodies: &[&str]) -> String {
    bodies
        .iter()
        .enumerate()
        .map(|(i, body)| format!(r#"{{"custom_id":"r{}","params":{body}}}"#, i + 1) + "\n")
        .collect()
}

/// The concise output line of the diagnostic at `line:column`.
fn at(stdout: &str, line: u64, column: u64) -> &str {
    let place = format!(":{line}:{column}: ");
    stdout.lines().find(|l| l.contains(&place)).unwrap_or_else(|| panic!("nothing at {place} in\n{stdout}"))
}

#[test]
fn anthropics_documented_example_requests_are_clean() {
    let r = check(&[EXAMPLES], None);
    assert_eq!((r.code, located(&r.stdout)), (0, vec![]), "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("(21 records"), "{}", r.stdout);
    assert!(r.stdout.contains("no problems found"), "{}", r.stdout);
}

#[test]
fn each_typical_mistake_gets_its_code_at_its_place() {
    let r = check(&[MISTAKES], None);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        located(&r.stdout),
        expected(&[
            (1, 28, "BL201"),   // `messages` missing…
            (1, 75, "BL206"),   // …because it is spelt `mesages`
            (2, 70, "BL202"),   // "max_tokens": "100"
            (3, 95, "BL203"),   // "role": "usr"
            (4, 121, "BL203"),  // a block of type "txt"
            (5, 117, "BL206"),  // `system` inside a message
            (6, 28, "BL201"),   // `max_tokens` missing from params…
            (6, 99, "BL206"),   // …because it is inside the message
            (7, 119, "BL206"),  // OpenAI's `response_format`, unknown here
            (8, 89, "BL204"),   // "temperature": 1.5, above 1
            (9, 120, "BL204"),  // "budget_tokens": 512, below 1,024
            (10, 96, "BL203"),  // a system message first, instead of params.system
            (11, 85, "BL203"),  // "stream": true, not supported in batches
            (12, 169, "BL203"), // media type "image/jpg"
            (13, 141, "BL206"), // `cache_contol` in a text block
            (14, 85, "BL201"),  // a custom tool without input_schema…
            (14, 93, "BL205"),  // …with a space in its name…
            (14, 107, "BL206"), // …and OpenAI's `parameters` instead
            (15, 98, "BL203"),  // OpenAI's tool_choice "required"
            (16, 162, "BL203"), // cache ttl "10m"
            (17, 122, "BL203"), // the web search tool named "search"
        ]),
        "{}",
        r.stdout
    );
    // Unknown keys are warnings with the built-in profile; the rest are errors.
    let warnings: Vec<&str> = r.stdout.lines().filter(|l| l.contains(": warning[")).collect();
    assert_eq!(warnings.len(), 6, "{}", r.stdout);
    assert!(warnings.iter().all(|l| l.contains("warning[BL206]")), "{}", r.stdout);

    let texts = [
        (1, 28, "missing required key `messages` in `params`; the object has `mesages`: did you mean `messages`?"),
        (1, 75, "unknown key `mesages` in `params`; did you mean `messages`?"),
        (2, 70, "`params.max_tokens` must be integer, found a string"),
        (3, 95, "did you mean `user`?"),
        (4, 121, "`params.messages[0].content[0].type` is \"txt\""),
        (4, 121, "did you mean `text`?"),
        (5, 117, "unknown key `system` in `params.messages[0]`; it belongs in `params`"),
        (6, 99, "unknown key `max_tokens` in `params.messages[0]`; it belongs in `params`"),
        (8, 89, "`params.temperature` is 1.5, above the maximum of 1"),
        (9, 120, "`params.thinking.budget_tokens` is 512, below the minimum of 1024"),
        (10, 96, "`params.messages[0].role` is \"system\", which is not one of \"user\", \"assistant\""),
        (11, 85, "`params.stream` must be false, found true"),
        (12, 169, "did you mean `image/jpeg`?"),
        (13, 141, "unknown key `cache_contol` in `params.messages[0].content[0]`; did you mean `cache_control`?"),
        (14, 93, "`params.tools[0].name` is \"get weather\", which does not match"),
        (15, 98, "`params.tool_choice.type` is \"required\", which is not one of \"auto\", \"any\", \"tool\""),
        (16, 162, "`params.system[0].cache_control.ttl` is \"10m\", which is not one of \"5m\", \"1h\""),
        (17, 122, "`params.tools[0].name` must be \"web_search\", found \"search\""),
    ];
    for (line, column, text) in texts {
        let found = at(&r.stdout, line, column);
        assert!(found.contains(text), "{line}:{column}: `{text}` not in {found}");
    }
}

#[test]
fn the_existing_anthropic_fixtures_keep_their_diagnostics() {
    let r = check(&["testdata/profiles/anthropic/valid.jsonl"], None);
    assert_eq!((r.code, located(&r.stdout)), (0, vec![]), "{}", r.stdout);

    // invalid.jsonl: only the mistakes it was written with, no new ones from its bodies.
    let r = check(&["testdata/profiles/anthropic/invalid.jsonl"], None);
    assert_eq!(
        located(&r.stdout),
        expected(&[
            (1, 14, "BL205"),
            (2, 1, "BL201"),
            (3, 35, "BL201"),
            (4, 77, "BL204"),
            (5, 93, "BL204"),
            (6, 102, "BL203"),
            (7, 14, "BL404"),
        ]),
        "{}",
        r.stdout
    );
}

#[test]
fn newer_and_beta_forms_are_accepted() {
    let text = lines(&[
        // max_tokens 0 only warms the prompt cache, but the API takes it.
        r#"{"model":"m","max_tokens":0,"system":[{"type":"text","text":"Long.","cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":"Hi"}]}"#,
        // A mid-conversation system message after a user turn.
        r#"{"model":"m","max_tokens":8,"messages":[{"role":"user","content":"Hi"},{"role":"system","content":[{"type":"text","text":"Answer in French."}]}]}"#,
        // Beta: MCP connector, skills in a container, context management, Files API.
        r#"{"model":"m","max_tokens":8,"mcp_servers":[{"type":"url","url":"https://mcp.example.com/sse","name":"ex","authorization_token":"t"}],"tools":[{"type":"mcp_toolset","mcp_server_name":"ex"}],"container":{"skills":[{"type":"anthropic","skill_id":"pptx","version":"latest"}]},"context_management":{"edits":[{"type":"clear_tool_uses_20250919"}]},"messages":[{"role":"user","content":[{"type":"document","source":{"type":"file","file_id":"file_1"}}]}]}"#,
        // Adaptive thinking, effort, a tool with type custom, tool_choice none.
        r#"{"model":"m","max_tokens":8,"thinking":{"type":"adaptive","display":"omitted"},"output_config":{"effort":"high"},"tools":[{"type":"custom","name":"a","input_schema":{"type":"object"}}],"tool_choice":{"type":"none"},"messages":[{"role":"user","content":"Hi"}]}"#,
    ]);
    let r = check(&["-"], Some(&text));
    assert_eq!((r.code, located(&r.stdout)), (0, vec![]), "{}", r.stdout);
}

#[test]
fn block_keys_depend_on_the_type() {
    let text = lines(&[
        r#"{"model":"m","max_tokens":8,"messages":[{"role":"user","content":[{"type":"tool_result","content":"x"}]}]}"#,
        r#"{"model":"m","max_tokens":8,"messages":[{"role":"assistant","content":[{"type":"thinking","thinking":"t","signature":"s","text":"x"}]}]}"#,
        r#"{"model":"m","max_tokens":8,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"url","url":"u","media_type":"image/png"}}]}]}"#,
        r#"{"model":"m","max_tokens":8,"thinking":{"type":"disabled","budget_tokens":2048},"messages":[{"role":"user","content":"Hi"}]}"#,
    ]);
    let r = check(&["-"], Some(&text));
    assert_eq!(
        located(&r.stdout),
        expected(&[
            (1, 94, "BL201"),  // a tool_result needs tool_use_id
            (2, 149, "BL206"), // text is a key of text blocks, not of thinking blocks
            (3, 143, "BL206"), // a URL source has no media type
            (4, 86, "BL206"),  // disabled thinking has no budget
        ]),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("missing required key `tool_use_id` in `params.messages[0].content[0]`"), "{}", r.stdout);
    assert!(r.stdout.contains("unknown key `budget_tokens` in `params.thinking`"), "{}", r.stdout);
}
