"""Fixtures of the batchlint Python tests.

The tests run against the INSTALLED package (a wheel in the current
environment), never against ``crates/batchlint-python/python/``: nothing here
puts the source folder on ``sys.path``. Run them from anywhere, e.g. from the
repository root::

    pytest crates/batchlint-python/tests

Files of the repository (``testdata/``) are found from this file's path, so the
working directory does not matter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable, Iterator

import pytest

#: The repository root: crates/batchlint-python/tests/conftest.py -> ../../..
ROOT = Path(__file__).resolve().parents[3]
TESTDATA = ROOT / "testdata"
#: The bundled example: 20 records, 6 errors and 1 warning under the sync profile.
EXAMPLE = TESTDATA / "examples" / "requests.jsonl"
#: 20 records that pass the sync profile.
VALID = TESTDATA / "valid" / "sync-20.jsonl"

#: The installed ``batchlint`` command, next to this interpreter.
CLI = Path(sys.executable).parent / ("batchlint.exe" if os.name == "nt" else "batchlint")
#: The native binary built by ``cargo build`` (may be missing).
NATIVE = ROOT / "target" / "debug" / ("batchlint.exe" if os.name == "nt" else "batchlint")

RunCli = Callable[..., "subprocess.CompletedProcess[str]"]


def with_ids(lines: list[str], count: int, prefix: str = "r") -> list[str]:
    """``count`` lines cycling through ``lines``, each with a unique ``request_id``."""
    out = []
    for i in range(count):
        record = json.loads(lines[i % len(lines)])
        record["request_id"] = f"{prefix}-{i:06d}"
        out.append(json.dumps(record, separators=(",", ":")))
    return out


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def example() -> Path:
    assert EXAMPLE.is_file(), f"missing fixture {EXAMPLE}"
    return EXAMPLE


@pytest.fixture(scope="session")
def example_bytes(example: Path) -> bytes:
    return example.read_bytes()


@pytest.fixture(scope="session")
def valid() -> Path:
    assert VALID.is_file(), f"missing fixture {VALID}"
    return VALID


@pytest.fixture(scope="session")
def valid_lines(valid: Path) -> list[str]:
    """The 20 clean records of ``testdata/valid/sync-20.jsonl``, as text lines."""
    return valid.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="session")
def cli() -> Path:
    """The ``batchlint`` command the wheel installed (same environment as ``sys.executable``)."""
    assert CLI.exists(), f"the wheel's `batchlint` command is not installed next to {sys.executable}"
    return CLI


@pytest.fixture(scope="session")
def native() -> Path:
    """The native binary (``cargo build``); tests that compare with it skip without it."""
    if not NATIVE.exists():
        pytest.skip(f"{NATIVE} not built (run `cargo build`)")
    return NATIVE


@pytest.fixture(scope="session")
def run_cli(cli: Path) -> RunCli:
    """Runs the installed ``batchlint`` command: ``run_cli("check", path, ...)``.

    ``--no-config`` is not added: pass it where the comparison with the API
    (whose default is ``config=None``) must not depend on a ``batchlint.toml``.
    """

    def run(*args: object, cwd: Path | None = None, input: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(cli), *map(str, args)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=cwd,
            input=input,
            timeout=60,
        )

    return run


@pytest.fixture
def valid_1001(tmp_path: Path, valid_lines: list[str]) -> Path:
    """A clean input of 1,001 records (the valid records repeated, with unique ids)."""
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(with_ids(valid_lines, 1001)) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def big_file(tmp_path_factory: pytest.TempPathFactory, valid_lines: list[str]) -> Iterator[Path]:
    """200,000 records (about 65 MB), written once per session."""
    path = tmp_path_factory.mktemp("big") / "big.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i in range(200_000):
            line = valid_lines[i % len(valid_lines)]
            f.write(line.replace('"request_id":"', f'"request_id":"b{i}-', 1) + "\n")
    yield path
    path.unlink()
