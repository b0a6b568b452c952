//! What the integration tests share: running the real binary, temporary
//! folders of files, and reading the concise format back.
#![allow(dead_code, reason = "each test crate uses a part of it")]

use std::path::Path;

use assert_cmd::Command;

/// What one run printed and how it ended.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// `batchlint` run in `cwd`, so that paths in its output are the relative
/// paths given, without the environment variables that change its output.
pub(crate) fn batchlint_in(cwd: impl AsRef<Path>) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_batchlint"));
    cmd.current_dir(cwd).env_remove("NO_COLOR").env_remove("RAYON_NUM_THREADS");
    cmd
}

/// Runs `cmd` to the end.
pub(crate) fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("batchlint runs");
    Run {
        code: out.status.code().expect("batchlint exits with a code"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// A temporary folder holding `files` (name, content).
pub(crate) fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("a file in the temporary folder");
    }
    dir
}

/// `(line, column, code)` of each diagnostic line of concise output
/// (`path:line:col: severity[CODE]: message`; the paths hold no colon).
pub(crate) fn located(stdout: &str) -> Vec<(u64, u64, String)> {
    stdout
        .lines()
        .filter(|l| l.contains("]: "))
        .map(|l| {
            let mut parts = l.splitn(4, ':');
            let _path = parts.next();
            let line = parts.next().unwrap().parse().unwrap();
            let column = parts.next().unwrap().parse().unwrap();
            let rest = parts.next().unwrap();
            let code = rest[rest.find('[').unwrap() + 1..rest.find(']').unwrap()].to_owned();
            (line, column, code)
        })
        .collect()
}

/// The codes of the diagnostics of concise output, in order.
pub(crate) fn codes(stdout: &str) -> Vec<String> {
    located(stdout).into_iter().map(|(_, _, code)| code).collect()
}

/// The 1-based line and character column of byte `offset` in `bytes`.
pub(crate) fn line_and_column(bytes: &[u8], offset: usize) -> (u64, u64) {
    let line_start = bytes[..offset].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let column = String::from_utf8_lossy(&bytes[line_start..offset]).chars().count() as u64 + 1;
    (line, column)
}

/// Asserts that `output` is the snapshot `name` (in the calling module's
/// `snapshots/`, named after it), described by the `command` that made it.
macro_rules! snapshot {
    ($name:expr, $command:expr, $output:expr $(,)?) => {{
        let (name, output): (&str, &str) = ($name, $output);
        let mut settings = insta::Settings::clone_current();
        settings.set_description($command);
        settings.set_omit_expression(true);
        settings.bind(|| insta::assert_snapshot!(name, output));
    }};
}
pub(crate) use snapshot;
