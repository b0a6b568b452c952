//! What the integration tests share: running the real binary.

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
