//! The pre-commit hooks (`.pre-commit-hooks.yaml`), run by the real
//! `pre-commit` from PyPI in a throwaway git repository:
//!
//! - `batchlint` (`language: python`) installs the prebuilt wheel, with no
//!   `cargo` or `rustc` on `PATH`. The wheel comes from the folder named by
//!   `BATCHLINT_WHEELS` (built by `maturin build`), handed to pip through
//!   `PIP_FIND_LINKS` with the index turned off: it stands in for PyPI.
//! - `batchlint-src` (`language: rust`) builds batchlint with `cargo install`.
//!
//! For each of the two, the check hook passes a clean file, fails a bad one
//! and checks `.ndjson` files as well as `.jsonl` ones (and nothing else);
//! its fix hook (`batchlint-fix`, `batchlint-fix-src`) repairs a file and
//! fails, and a second run passes.
//!
//! Slow (minutes: pre-commit from PyPI, the wheel, `cargo install`) and needs
//! `python3` with `venv`, `git`, PyPI and crates.io, so all are `#[ignore]`d;
//! `.ci/run` runs them with `cargo test --test precommit -- --ignored`.
//!
//! pre-commit clones the hook repository at a commit, so the hook under test
//! is this checkout's **HEAD commit**, not its working tree: uncommitted
//! changes are not seen. In CI the checkout is a fresh clone, where the two
//! are the same. To try uncommitted changes, commit them first (or run the
//! test from a clone that has them committed).
//!
//! pre-commit's cache (`PRE_COMMIT_HOME`, where it keeps the clone and the
//! installed hooks) and cargo's build folder for the hook live under
//! `target/tmp/`, so a second run at the same commit takes seconds.
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

/// A throwaway git repository whose `.pre-commit-config.yaml` uses the hook
/// `id` of this repository at `rev`, with a good and a bad batch file
/// committed.
fn repository_using(dir: &Path, id: &str, rev: &str) -> PathBuf {
    let good = std::fs::read(Path::new(ROOT).join("testdata/valid/sync-20.jsonl")).unwrap();
    let bad = std::fs::read(Path::new(ROOT).join("testdata/examples/requests.jsonl")).unwrap();
    repository_with(dir, id, rev, &[("good.jsonl", &good), ("bad.jsonl", &bad)])
}

/// A throwaway git repository whose `.pre-commit-config.yaml` uses the hook
/// `id` of this repository at `rev`, with `files` (name, content) committed.
fn repository_with(dir: &Path, id: &str, rev: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let repo = dir.join(format!("repo-{id}"));
    std::fs::create_dir(&repo).unwrap();
    run_ok(git(&repo).args(["init", "--quiet", "--template="]));
    // Files are committed and checked out byte for byte (CRLF stays CRLF).
    run_ok(git(&repo).args(["config", "core.autocrlf", "false"]));
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: {id}\n",
        serde_json::to_string(ROOT).unwrap() // a quoted YAML string, whatever the path holds
    );
    std::fs::write(repo.join(".pre-commit-config.yaml"), config).unwrap();
    for (name, content) in files {
        std::fs::write(repo.join(name), content).unwrap();
    }
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
        "batch files",
    ]));
    repo
}

/// pre-commit in a virtual environment of its own, under `dir`; returns the
/// environment's `bin` folder.
fn install_pre_commit(dir: &Path) -> PathBuf {
    let started = Instant::now();
    let venv = dir.join("venv");
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
    bin
}

/// `pre-commit` from `bin`, run in `dir` with `args`, the cache under
/// `target/tmp/` and `path` as `PATH`.
fn pre_commit(bin: &Path, path: &OsString, dir: &Path, args: &[&str]) -> Command {
    let cache = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let mut cmd = Command::new(bin.join("pre-commit"));
    cmd.current_dir(dir)
        .args(args)
        .env("PATH", path)
        .env("PRE_COMMIT_HOME", cache.join("pre-commit-home"))
        .env("PRE_COMMIT_COLOR", "never");
    for var in GIT_VARS {
        cmd.env_remove(var);
    }
    cmd
}

/// Runs `cmd` and returns its output, whatever its status.
fn output(cmd: &mut Command) -> Output {
    cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

/// The hook, already installed, passes the good file and fails the bad one
/// with its diagnostics at their lines.
fn passes_good_and_fails_bad(run: &mut dyn FnMut(&[&str]) -> Output) {
    let good = run(&["run", "--files", "good.jsonl"]);
    assert!(good.status.success(), "the hook fails a clean file:\n{}", text(&good));
    assert!(text(&good).contains("batchlint"), "{}", text(&good));

    let bad = run(&["run", "--files", "bad.jsonl"]);
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
    let all = run(&["run", "--all-files"]);
    assert_eq!(all.status.code(), Some(1), "{}", text(&all));
    assert!(text(&all).contains("bad.jsonl:5:263: error[BL204]"), "{}", text(&all));
    assert!(!text(&all).contains("good.jsonl:"), "{}", text(&all));
}

/// The check hook, already installed in `repo` (which holds `bad.ndjson` and
/// `bad.txt`, both the bundled example with 7 problems), checks `.ndjson`
/// files as it checks `.jsonl` ones, and skips other files.
fn checks_ndjson_files(run: &mut dyn FnMut(&[&str]) -> Output) {
    let ndjson = run(&["run", "--files", "bad.ndjson"]);
    let output = text(&ndjson);
    assert_eq!(ndjson.status.code(), Some(1), "the hook passes a bad .ndjson file:\n{output}");
    for expected in ["bad.ndjson:5:263: error[BL204]", "bad.ndjson:13:15: error[BL404]", "6 errors, 1 warning"] {
        assert!(output.contains(expected), "`{expected}` missing from:\n{output}");
    }
    // The same content in a file the hook's `files` pattern does not match: not checked.
    let txt = run(&["run", "--files", "bad.txt"]);
    assert!(txt.status.success(), "the hook checked a .txt file:\n{}", text(&txt));
    assert!(text(&txt).contains("no files to check"), "{}", text(&txt));
}

/// The clean 20-record file, and the same file broken in every way `fix`
/// repairs without changing its meaning: a byte order mark, CRLF line
/// endings, a blank line and no final newline.
fn files_to_fix() -> (Vec<u8>, Vec<u8>) {
    let clean = std::fs::read(Path::new(ROOT).join("testdata/valid/sync-20.jsonl")).unwrap();
    let text = String::from_utf8(clean.clone()).unwrap();
    let crlf = text.trim_end().replace('\n', "\r\n");
    let broken = format!("\u{feff}{}", crlf.replacen("\r\n", "\r\n\r\n", 1));
    assert!(broken.contains("\r\n\r\n") && !broken.contains("\r\r") && !broken.ends_with('\n'));
    (clean, broken.into_bytes())
}

/// The fix hook, already installed in `repo` (which holds the broken file of
/// [`files_to_fix`] as `needs-fix.jsonl` and `needs-fix.ndjson`, and the
/// clean one as `good.jsonl`), repairs both broken files into the clean one
/// and fails, as a fixer does, leaving `good.jsonl` alone; a second run
/// passes.
fn fixes_then_passes(repo: &Path, clean: &[u8], run: &mut dyn FnMut(&[&str]) -> Output) {
    let files = ["run", "--files", "needs-fix.jsonl", "needs-fix.ndjson", "good.jsonl"];
    let first = run(&files);
    let output = text(&first);
    assert_eq!(first.status.code(), Some(1), "the fix hook passes a file it changed:\n{output}");
    for expected in [
        "files were modified by this hook",
        "needs-fix.jsonl:1: fixed: remove the byte order mark",
        "needs-fix.ndjson:1: fixed: remove the byte order mark",
        "turn CRLF line endings into LF",
    ] {
        assert!(output.contains(expected), "`{expected}` missing from:\n{output}");
    }
    assert!(!output.contains("good.jsonl"), "the clean file was reported:\n{output}");
    for name in ["needs-fix.jsonl", "needs-fix.ndjson", "good.jsonl"] {
        assert!(std::fs::read(repo.join(name)).unwrap() == clean, "{name} is not the clean file after the hook");
    }

    let second = run(&files);
    assert!(second.status.success(), "the fix hook fails on files it already fixed:\n{}", text(&second));
}

/// Whether `dir` holds a program called `name`.
fn holds(dir: &Path, name: &str) -> bool {
    dir.join(name).is_file() || dir.join(format!("{name}.exe")).is_file()
}

/// pre-commit set up to install the `language: python` hooks from the wheel
/// in `BATCHLINT_WHEELS`, with no Rust toolchain on `PATH`.
struct WheelHooks {
    /// pre-commit's `bin` folder.
    bin: PathBuf,
    /// `PATH` without `cargo` or `rustc`.
    path: OsString,
    /// pip's stand-in for PyPI.
    links: PathBuf,
}

impl WheelHooks {
    /// Installs pre-commit under `tmp` and gathers what pip needs offline.
    fn new(tmp: &Path) -> WheelHooks {
        let wheels = std::env::var_os("BATCHLINT_WHEELS").map(PathBuf::from).expect(
            "BATCHLINT_WHEELS names the folder of the built wheel \
             (maturin build --release -m crates/batchlint-python/Cargo.toml --out FOLDER)",
        );
        let wheels = std::path::absolute(wheels).unwrap();
        let bin = install_pre_commit(tmp);

        // pip's stand-in for PyPI: the batchlint wheel, and what pip needs to
        // build the placeholder of setup.py, with the index turned off.
        let links = tmp.join("links");
        std::fs::create_dir(&links).unwrap();
        let built: Vec<PathBuf> = std::fs::read_dir(&wheels)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("batchlint-")))
            .collect();
        assert!(!built.is_empty(), "no batchlint wheel in {}", wheels.display());
        for wheel in &built {
            std::fs::copy(wheel, links.join(wheel.file_name().unwrap())).unwrap();
        }
        run_ok(
            Command::new(bin.join("python"))
                .args(["-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--dest"])
                .arg(&links)
                .args(["setuptools", "wheel"]),
        );

        // No cargo or rustc anywhere on PATH.
        let current = std::env::var_os("PATH").unwrap_or_default();
        let kept = std::env::split_paths(&current).filter(|d| !holds(d, "cargo") && !holds(d, "rustc"));
        let path = std::env::join_paths(std::iter::once(bin.clone()).chain(kept)).unwrap();
        for tool in ["cargo", "rustc"] {
            let found = std::env::split_paths(&path).find(|d| holds(d, tool));
            assert!(found.is_none(), "{tool} is still on PATH in {found:?}");
        }
        WheelHooks { bin, path, links }
    }

    /// `pre-commit ARGS` in `repo`, pip offline with the wheel.
    fn run(&self, repo: &Path, args: &[&str]) -> Output {
        output(
            pre_commit(&self.bin, &self.path, repo, args)
                .env("PIP_NO_INDEX", "1")
                .env("PIP_FIND_LINKS", &self.links)
                .env("PIP_DISABLE_PIP_VERSION_CHECK", "1"),
        )
    }
}

/// pre-commit set up to build the `language: rust` hooks with the `cargo`
/// running this test.
struct SourceHooks {
    /// pre-commit's `bin` folder.
    bin: PathBuf,
    /// `PATH` with pre-commit and cargo in front.
    path: OsString,
}

impl SourceHooks {
    /// Installs pre-commit under `tmp`.
    fn new(tmp: &Path) -> SourceHooks {
        let bin = install_pre_commit(tmp);
        // The `cargo` running this test builds the hook; pre-commit finds it on PATH
        // and then uses the system toolchain instead of downloading one.
        let cargo = PathBuf::from(option_env!("CARGO").map_or_else(|| std::env::var("CARGO").unwrap(), str::to_owned));
        let cargo_dir = cargo.parent().expect("CARGO is a path").to_path_buf();
        let path = path_with(&[bin.clone(), cargo_dir]);
        SourceHooks { bin, path }
    }

    /// `pre-commit ARGS` in `repo`.
    fn run(&self, repo: &Path, args: &[&str]) -> Output {
        let cache = Path::new(env!("CARGO_TARGET_TMPDIR"));
        output(
            pre_commit(&self.bin, &self.path, repo, args)
                // `cargo install` builds in a folder kept across runs, and without
                // the release profile's fat LTO, which takes minutes longer and
                // does not change what the hook does.
                .env("CARGO_TARGET_DIR", cache.join("pre-commit-cargo-target"))
                .env("CARGO_PROFILE_RELEASE_LTO", "false")
                .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
        )
    }
}

/// The bundled example (7 problems), for `bad.ndjson` and `bad.txt`.
fn bundled_example() -> Vec<u8> {
    std::fs::read(Path::new(ROOT).join("testdata/examples/requests.jsonl")).unwrap()
}

#[test]
#[ignore = "slow: installs pre-commit from PyPI and needs BATCHLINT_WHEELS, a folder with the built wheel; run with --ignored"]
fn the_python_hook_installs_the_wheel_without_a_rust_toolchain() {
    let rev = head_commit();
    let tmp = tempfile::tempdir().unwrap();
    let hooks = WheelHooks::new(tmp.path());

    let out = output(&mut pre_commit(
        &hooks.bin,
        &hooks.path,
        Path::new(ROOT),
        &["validate-manifest", ".pre-commit-hooks.yaml"],
    ));
    assert!(out.status.success(), "{}", text(&out));

    let repo = repository_using(tmp.path(), "batchlint", &rev);
    let mut run = |args: &[&str]| hooks.run(&repo, args);
    // Installing the hook alone, timed: what a user waits for the first time.
    let started = Instant::now();
    let installed = run(&["install-hooks"]);
    assert!(installed.status.success(), "the hook does not install without Rust:\n{}", text(&installed));
    eprintln!("pre-commit installed the batchlint hook from the wheel in {:.1?}", started.elapsed());
    passes_good_and_fails_bad(&mut run);
}

/// The wheel's check hook (`batchlint`) checks `.ndjson` files too.
#[test]
#[ignore = "slow: installs pre-commit from PyPI and needs BATCHLINT_WHEELS, a folder with the built wheel; run with --ignored"]
fn the_python_hook_checks_ndjson_files() {
    let rev = head_commit();
    let tmp = tempfile::tempdir().unwrap();
    let hooks = WheelHooks::new(tmp.path());
    let bad = bundled_example();
    let repo = repository_with(tmp.path(), "batchlint", &rev, &[("bad.ndjson", &bad), ("bad.txt", &bad)]);
    let mut run = |args: &[&str]| hooks.run(&repo, args);
    let installed = run(&["install-hooks"]);
    assert!(installed.status.success(), "{}", text(&installed));
    checks_ndjson_files(&mut run);
}

/// The wheel's fix hook (`batchlint-fix`) repairs a file and fails; a second run passes.
#[test]
#[ignore = "slow: installs pre-commit from PyPI and needs BATCHLINT_WHEELS, a folder with the built wheel; run with --ignored"]
fn the_python_fix_hook_repairs_a_file_then_passes() {
    let rev = head_commit();
    let tmp = tempfile::tempdir().unwrap();
    let hooks = WheelHooks::new(tmp.path());
    let (clean, broken) = files_to_fix();
    let files = [("needs-fix.jsonl", &broken[..]), ("needs-fix.ndjson", &broken), ("good.jsonl", &clean)];
    let repo = repository_with(tmp.path(), "batchlint-fix", &rev, &files);
    let mut run = |args: &[&str]| hooks.run(&repo, args);
    let installed = run(&["install-hooks"]);
    assert!(installed.status.success(), "the fix hook does not install without Rust:\n{}", text(&installed));
    fixes_then_passes(&repo, &clean, &mut run);
}

#[test]
#[ignore = "slow: installs pre-commit from PyPI and builds the hook with cargo install; run with --ignored"]
fn the_source_hook_builds_with_cargo() {
    let rev = head_commit();
    let tmp = tempfile::tempdir().unwrap();
    let hooks = SourceHooks::new(tmp.path());
    let repo = repository_using(tmp.path(), "batchlint-src", &rev);
    let mut run = |args: &[&str]| hooks.run(&repo, args);
    let started = Instant::now();
    let installed = run(&["install-hooks"]);
    assert!(installed.status.success(), "{}", text(&installed));
    eprintln!("pre-commit built the batchlint-src hook in {:.0?}", started.elapsed());
    passes_good_and_fails_bad(&mut run);
}

/// The source check hook (`batchlint-src`) checks `.ndjson` files too.
#[test]
#[ignore = "slow: installs pre-commit from PyPI and builds the hook with cargo install; run with --ignored"]
fn the_source_hook_checks_ndjson_files() {
    let rev = head_commit();
    let tmp = tempfile::tempdir().unwrap();
    let hooks = SourceHooks::new(tmp.path());
    let bad = bundled_example();
    let repo = repository_with(tmp.path(), "batchlint-src", &rev, &[("bad.ndjson", &bad), ("bad.txt", &bad)]);
    let mut run = |args: &[&str]| hooks.run(&repo, args);
    let installed = run(&["install-hooks"]);
    assert!(installed.status.success(), "{}", text(&installed));
    checks_ndjson_files(&mut run);
}

/// The source fix hook (`batchlint-fix-src`) repairs a file and fails; a second run passes.
#[test]
#[ignore = "slow: installs pre-commit from PyPI and builds the hook with cargo install; run with --ignored"]
fn the_source_fix_hook_repairs_a_file_then_passes() {
    let rev = head_commit();
    let tmp = tempfile::tempdir().unwrap();
    let hooks = SourceHooks::new(tmp.path());
    let (clean, broken) = files_to_fix();
    let files = [("needs-fix.jsonl", &broken[..]), ("needs-fix.ndjson", &broken), ("good.jsonl", &clean)];
    let repo = repository_with(tmp.path(), "batchlint-fix-src", &rev, &files);
    let mut run = |args: &[&str]| hooks.run(&repo, args);
    let installed = run(&["install-hooks"]);
    assert!(installed.status.success(), "{}", text(&installed));
    fixes_then_passes(&repo, &clean, &mut run);
}
