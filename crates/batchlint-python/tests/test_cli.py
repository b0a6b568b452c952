"""The ``batchlint`` command of the wheel (the native binary itself) and
``python -m batchlint`` (the same command line, in the Python process): the
same output and exit codes as the native binary ``cargo build`` gives."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

import batchlint

RunCli = Callable[..., "subprocess.CompletedProcess[str]"]


def run(*argv: object, input: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in argv], capture_output=True, text=True, encoding="utf-8", input=input, timeout=60
    )


#: Executable file formats: ELF, Mach-O (32/64-bit, both byte orders, fat), PE.
NATIVE_MAGIC = (b"\x7fELF", b"\xfe\xed\xfa", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"MZ")


def test_the_command_is_the_native_binary(cli: Path) -> None:
    """pre-commit starts the command once per commit: the wheel installs the
    binary itself, not a Python script that would start an interpreter."""
    head = cli.read_bytes()[:4]
    assert head.startswith(NATIVE_MAGIC), f"{cli} starts with {head!r}, not a native executable"


@pytest.fixture(params=["command", "python -m batchlint"])
def command(request: pytest.FixtureRequest, cli: Path) -> list[object]:
    """Both ways the wheel runs the command line."""
    return [cli] if request.param == "command" else [sys.executable, "-m", "batchlint"]


@pytest.mark.parametrize("fmt", ["concise", "json"])
def test_same_output_as_the_native_binary(fmt: str, command: list[object], native: Path, example: Path) -> None:
    args = ["check", "--no-config", "--format", fmt, example]
    ours, theirs = run(*command, *args), run(native, *args)
    assert (ours.returncode, ours.stdout, ours.stderr) == (theirs.returncode, theirs.stdout, theirs.stderr)
    assert ours.returncode == 1


@pytest.mark.parametrize(
    "args",
    [
        ["rule"],
        ["rule", "BL2O3"],
        ["profiles"],
        ["check", "--no-config", "--profile", "nope", "x.jsonl"],
        ["check", "--bogus"],
        ["--version"],
    ],
    ids=lambda a: " ".join(a),
)
def test_other_commands_as_the_native_binary(args: list[str], command: list[object], native: Path) -> None:
    ours, theirs = run(*command, *args), run(native, *args)
    assert (ours.returncode, ours.stdout, ours.stderr) == (theirs.returncode, theirs.stdout, theirs.stderr)


def test_concise_output(run_cli: RunCli, example: Path) -> None:
    result = run_cli("check", "--no-config", "--format", "concise", example)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"{example}:5:263: error[BL204]: `payload.options.temperature` is 1.7, above the maximum of 1"
    )
    assert lines[-1] == "Checked 1 file (20 records, 6,455 bytes): 6 errors, 1 warning"


def test_exit_codes(run_cli: RunCli, example: Path, valid: Path, tmp_path: Path) -> None:
    assert run_cli("check", "--no-config", valid).returncode == 0
    assert run_cli("check", "--no-config", example).returncode == 1
    missing = run_cli("check", "--no-config", tmp_path / "missing.jsonl")
    assert missing.returncode == 2
    assert missing.stderr.startswith(f"batchlint: error: {tmp_path / 'missing.jsonl'}: No such file or directory")
    assert "Traceback" not in missing.stderr


def test_standard_input(run_cli: RunCli, example: Path) -> None:
    result = run_cli("check", "--no-config", "--format", "json", "-", input=example.read_text(encoding="utf-8"))
    assert result.returncode == 1
    [entry] = json.loads(result.stdout)["files"]
    assert entry["path"] == "<stdin>"
    assert [(d["line"], d["code"]) for d in entry["diagnostics"]] == [
        (d.line, d.code) for d in batchlint.check(example).diagnostics
    ]


def test_python_dash_m(example: Path) -> None:
    version = run(sys.executable, "-m", "batchlint", "--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"batchlint {batchlint.__version__}"
    check = run(sys.executable, "-m", "batchlint", "check", "--no-config", "--format", "concise", example)
    assert check.returncode == 1
    assert check.stdout.count("error[") == 6


def test_version(run_cli: RunCli) -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"batchlint {batchlint.__version__}"
    assert batchlint.__version__ == "0.1.0"


def test_usage_error_exit_code(run_cli: RunCli, example: Path) -> None:
    result = run_cli("check", "--no-config", "--max-records", "abc", example)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def many_errors(tmp_path_factory: pytest.TempPathFactory, valid_lines: list[str]) -> Path:
    """20,000 records with a bad model each: megabytes of diagnostics, more than a pipe holds."""
    path = tmp_path_factory.mktemp("pipe") / "many-errors.jsonl"
    bad = valid_lines[0].replace('"model":"', '"model":"x', 1)
    path.write_text((bad + "\n") * 20_000, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["concise", "json"])
@pytest.mark.parametrize("how", ["command", "python -m"])
def test_closed_pipe_prints_no_traceback(how: str, fmt: str, cli: Path, many_errors: Path) -> None:
    """As in `batchlint check big.jsonl | head -c 1`: the reader goes away mid-report."""
    command = [str(cli)] if how == "command" else [sys.executable, "-m", "batchlint"]
    process = subprocess.Popen(
        [*command, "check", "--no-config", "--format", fmt, str(many_errors)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(1)
    process.stdout.close()
    stderr = process.stderr.read().decode("utf-8", "replace")
    code = process.wait(timeout=60)
    # No traceback, no message: the report just ends. The exit code still
    # says that errors were found.
    assert (code, stderr) == (1, "")
