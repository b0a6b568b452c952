"""The exceptions: one hierarchy rooted at ``BatchlintError``, with the command line's messages."""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path
from typing import Callable

import pytest

import batchlint

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "testdata" / "examples" / "requests.jsonl"
CHECK = ROOT / "testdata" / "check"
RunCli = Callable[..., "subprocess.CompletedProcess[str]"]


def test_hierarchy() -> None:
    assert issubclass(batchlint.FileError, batchlint.BatchlintError)
    assert issubclass(batchlint.FileError, OSError)
    assert issubclass(batchlint.UsageError, batchlint.BatchlintError)
    assert issubclass(batchlint.UsageError, ValueError)
    assert issubclass(batchlint.SchemaError, batchlint.UsageError)
    assert issubclass(batchlint.SchemaError, ValueError)
    assert issubclass(batchlint.SplitError, batchlint.BatchlintError)
    assert not issubclass(batchlint.SplitError, ValueError)
    assert not issubclass(batchlint.BatchlintError, (OSError, ValueError))


FAILURES: dict[str, tuple[Callable[[Path], object], type[batchlint.BatchlintError]]] = {
    "check-missing-file": (lambda tmp: batchlint.check(tmp / "missing.jsonl"), batchlint.FileError),
    "check-directory": (lambda tmp: batchlint.check(tmp), batchlint.FileError),
    "unknown-profile": (lambda tmp: batchlint.check(EXAMPLE, profile="nope"), batchlint.UsageError),
    "bad-limit": (lambda tmp: batchlint.check(EXAMPLE, max_bytes=-5), batchlint.UsageError),
    "contradictory-limits": (lambda tmp: batchlint.check(EXAMPLE, min_records=9, max_records=3), batchlint.UsageError),
    "invalid-schema": (lambda tmp: batchlint.check(EXAMPLE, schema=CHECK / "invalid.schema.json"), batchlint.SchemaError),
    "missing-schema": (lambda tmp: batchlint.check(EXAMPLE, schema=tmp / "nope.json"), batchlint.FileError),
    "records-unknown-profile": (lambda tmp: batchlint.check_records([{}], profile="nope"), batchlint.UsageError),
    "split-errors": (lambda tmp: batchlint.split(EXAMPLE, tmp / "out"), batchlint.SplitError),
    "split-missing": (lambda tmp: batchlint.split(tmp / "missing.jsonl", tmp / "out"), batchlint.FileError),
    "fix-missing": (lambda tmp: batchlint.fix(tmp / "missing.jsonl"), batchlint.FileError),
    "unknown-rule": (lambda tmp: batchlint.rule("BL999"), batchlint.UsageError),
}


@pytest.mark.parametrize("case", FAILURES)
def test_every_error_is_a_batchlint_error(case: str, tmp_path: Path) -> None:
    call, expected = FAILURES[case]
    with pytest.raises(batchlint.BatchlintError) as info:
        call(tmp_path)
    assert type(info.value) is expected
    assert str(info.value) == info.value.message != ""


def test_missing_file_message_is_the_cli_message(tmp_path: Path, run_cli: RunCli) -> None:
    missing = tmp_path / "missing.jsonl"
    with pytest.raises(batchlint.FileError) as info:
        batchlint.check(missing)
    cli = run_cli("check", "--no-config", missing)
    assert cli.returncode == 2
    assert cli.stderr.strip() == f"batchlint: error: {info.value}"
    assert str(info.value) == f"{missing}: No such file or directory (os error 2)"


def test_file_error_is_an_os_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing.jsonl"
    with pytest.raises(OSError) as info:
        batchlint.check(str(missing))
    error = info.value
    assert isinstance(error, batchlint.FileError)
    assert error.errno == errno.ENOENT
    assert error.strerror == os.strerror(errno.ENOENT)
    assert os.fspath(error.filename) == str(missing)
    assert error.help is None


def test_file_error_filename_is_a_str(tmp_path: Path) -> None:
    missing = tmp_path / "missing.jsonl"
    with pytest.raises(batchlint.FileError) as info:
        batchlint.check(str(missing))
    assert info.value.filename == str(missing)


def test_errors_can_be_made_and_caught_by_users() -> None:
    error = batchlint.FileError("x.jsonl: gone", errno.ENOENT, "x.jsonl", help="look elsewhere")
    assert (str(error), error.errno, error.filename, error.help) == ("x.jsonl: gone", 2, "x.jsonl", "look elsewhere")
    usage = batchlint.UsageError("bad", help="do better")
    assert (str(usage), usage.message, usage.help) == ("bad", "bad", "do better")
    with pytest.raises(ValueError):
        raise batchlint.SchemaError("schema x: broken")


def test_unknown_rule_suggests_the_closest() -> None:
    with pytest.raises(batchlint.UsageError) as info:
        batchlint.rule("BL2O3")
    assert isinstance(info.value, ValueError)
    assert "BL2O3" in str(info.value)
    assert info.value.help is not None and "BL203" in info.value.help
