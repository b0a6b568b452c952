//! `check --statistics`: counts per code and per value of the key fields.

use std::process::Command;

fn check(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_batchlint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn text_statistics_count_codes_and_models() {
    let (code, out) = check(&["--format", "concise", "--statistics", "testdata/examples/requests.jsonl"]);
    assert_eq!(code, 1);
    let stats = out.split("Statistics for testdata/examples/requests.jsonl:\n").nth(1).expect("a statistics block");
    assert!(stats.contains("  BL203 invalid-value                  2\n"), "{stats}");
    assert!(stats.contains("  /payload/model:\n"), "{stats}");
    assert!(stats.contains("    \"lipsync2-pro\""), "{stats}");
    // The line that is not valid JSON has no values to count: 19 of 20.
    let endpoints: u64 = stats
        .split("  /endpoint:\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| l.starts_with("    "))
        .map(|l| l.split_whitespace().last().unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(endpoints, 19, "{stats}");
}

#[test]
fn json_statistics_sit_in_the_file_entry() {
    let (_, out) = check(&["--format", "json", "--statistics", "testdata/valid/sync-20.jsonl"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let stats = &doc["files"][0]["statistics"];
    assert_eq!(stats["codes"], serde_json::json!({}));
    assert_eq!(stats["values"]["/endpoint"]["\"/v2/generate\""], 20);
    let models: u64 =
        stats["values"]["/payload/model"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(models, 20);
    assert_eq!(doc["files"][0]["summary"]["records"], 20);
    // Without the flag there is no statistics key.
    let (_, out) = check(&["--format", "json", "testdata/valid/sync-20.jsonl"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(doc["files"][0].get("statistics").is_none());
}
