//! The pre-commit hook (`.pre-commit-hooks.yaml`), run by the real
//! `pre-commit` from PyPI in a throwaway git repository.
//!
//! Slow (pre-commit builds batchlint with `cargo install`, minutes on two
//! cores) and needs `python3` with `venv`, `git`, and PyPI and crates.io, so
//! it is `#[ignore]`d; `.ci/run` runs it with
//! `cargo test --test precommit -- --ignored`.
//!
//! pre-commit clones the hook repository at a commit, so the hook under test
//! is this checkout's **HEAD commit**, not its working tree: uncommitted
//! changes are not seen. In CI the checkout is a fresh clone, where the two
//! are the same. To try uncommitted changes, commit them first (or run the
//! test from a clone that has them committed).
//!
//! pre-commit's cache (`PRE_COMMIT_HOME`, where it keeps the clone and the
//! built hook) and cargo's build folder for the hook live under `target/tmp/`,
//! so a second run at the same commit takes seconds.
#![allow(clippy::print_stderr)]

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// The pre-commit release the test installs.
const PRE_COMMIT: &str = "pre-commit==4.*";

/// Variables a surrounding git (a hook, a rebase) may have set, which would
/// point git at another repository.
const GIT_VARS: [&str; 5] = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR"];

/// Runs `cmd`, panicking with its output unless it succeeds.
fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?} failed ({}):\n{}", out.status, text(&out));
    out
}

/// stdout and stderr of a run, as text.
fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// `git` in `dir`, without [`GIT_VARS`].
fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir);
    for var in GIT_VARS {
        cmd.env_remove(var);
    }
    cmd
}

/// The commit pre-commit will clone: this checkout's HEAD.
fn head_commit() -> String {
    let root = Path::new(ROOT);
    let out = run_ok(git(root).args(["rev-parse", "HEAD"]));
    let rev = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    let has_manifest = git(root).args(["cat-file", "-e", &format!("{rev}:.pre-commit-hooks.yaml")]).status().unwrap();
    assert!(
        has_manifest.success(),
        "HEAD ({rev}) has no .pre-commit-hooks.yaml: pre-commit clones the hook repository at HEAD, \
         so commit the hook first"
    );
    rev
}

/// `PATH` with `dirs` in front.
fn path_with(dirs: &[PathBuf]) -> OsString {
    let current = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(dirs.iter().cloned().chain(std::env::split_paths(&current))).unwrap()
}

#[test]
#[ignore = "slow: installs pre-commit from PyPI and builds the hook with cargo install; run with --ignored"]
fn the_pre_commit_hook_passes_good_files_and_fails_bad_ones() {
    let rev = head_commit();
    let tmp = tempfile::tempdir().unwrap();
    let cache = Path::new(env!("CARGO_TARGET_TMPDIR"));

    // pre-commit, in a virtual environment of its own.
    let started = Instant::now();
    let venv = tmp.path().join("venv");
    run_ok(Command::new("python3").args(["-m", "venv"]).arg(&venv));
    let bin = venv.join(if cfg!(windows) { "Scripts" } else { "bin" });
    run_ok(Command::new(bin.join("python")).args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        PRE_COMMIT,
    ]));
    eprintln!("installed {PRE_COMMIT} in {:.0?}", started.elapsed());

    // The `cargo` running this test builds the hook; pre-commit finds it on PATH
    // and then uses the system toolchain instead of downloading one.
    let cargo = PathBuf::from(option_env!("CARGO").map_or_else(|| std::env::var("CARGO").unwrap(), str::to_owned));
    let cargo_dir = cargo.parent().expect("CARGO is a path").to_path_buf();
    let path = path_with(&[bin.clone(), cargo_dir]);
    let pre_commit = |dir: &Path, args: &[&str]| {
        let mut cmd = Command::new(bin.join("pre-commit"));
        cmd.current_dir(dir)
            .args(args)
            .env("PATH", &path)
            .env("PRE_COMMIT_HOME", cache.join("pre-commit-home"))
            .env("PRE_COMMIT_COLOR", "never")
            // `cargo install` builds in a folder kept across runs, and without
            // the release profile's fat LTO, which takes minutes longer and
            // does not change what the hook does.
            .env("CARGO_TARGET_DIR", cache.join("pre-commit-cargo-target"))
            .env("CARGO_PROFILE_RELEASE_LTO", "false")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16");
        for var in GIT_VARS {
            cmd.env_remove(var);
        }
        cmd.output().unwrap_or_else(|e| panic!("cannot run pre-commit: {e}"))
    };

    // The manifest is valid for this pre-commit.
    let out = pre_commit(Path::new(ROOT), &["validate-manifest", ".pre-commit-hooks.yaml"]);
    assert!(out.status.success(), "{}", text(&out));

    // A throwaway repository using the hook at HEAD, with a good and a bad file.
    let repo = tmp.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    run_ok(git(&repo).args(["init", "--quiet", "--template="]));
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: batchlint\n",
        serde_json::to_string(ROOT).unwrap() // a quoted YAML string, whatever the path holds
    );
    std::fs::write(repo.join(".pre-commit-config.yaml"), config).unwrap();
    std::fs::copy(Path::new(ROOT).join("testdata/valid/sync-20.jsonl"), repo.join("good.jsonl")).unwrap();
    std::fs::copy(Path::new(ROOT).join("testdata/examples/requests.jsonl"), repo.join("bad.jsonl")).unwrap();
    run_ok(git(&repo).args(["add", "."]));
    run_ok(git(&repo).args([
        "-c",
        "user.name=batchlint test",
        "-c",
        "user.email=test@example.invalid",
        "-c",
        "commit.gpgsign=false",
        "commit",
        "--quiet",
        "--no-verify",
        "-m",
        "good and bad batch files",
    ]));

    // The first run clones the hook repository and builds batchlint.
    let started = Instant::now();
    let good = pre_commit(&repo, &["run", "--files", "good.jsonl"]);
    eprintln!("pre-commit run on good.jsonl (with the hook's install) took {:.0?}", started.elapsed());
    assert!(good.status.success(), "the hook fails a clean file:\n{}", text(&good));
    assert!(text(&good).contains("batchlint"), "{}", text(&good));

    let bad = pre_commit(&repo, &["run", "--files", "bad.jsonl"]);
    let output = text(&bad);
    assert_eq!(bad.status.code(), Some(1), "the hook passes a bad file:\n{output}");
    for expected in [
        "bad.jsonl:5:263: error[BL204]",
        "bad.jsonl:6:70: error[BL203]",
        "bad.jsonl:13:15: error[BL404]",
        "6 errors, 1 warning",
    ] {
        assert!(output.contains(expected), "`{expected}` missing from:\n{output}");
    }

    // Both files at once (`--all-files`): the bad one fails the run.
    let all = pre_commit(&repo, &["run", "--all-files"]);
    assert_eq!(all.status.code(), Some(1), "{}", text(&all));
    assert!(text(&all).contains("bad.jsonl:5:263: error[BL204]"), "{}", text(&all));
    assert!(!text(&all).contains("good.jsonl:"), "{}", text(&all));
}
