"""The type stubs: a program using the whole API passes ``mypy --strict``; a type error in one does not."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("mypy", reason="mypy is not installed")

ROOT = Path(__file__).resolve().parents[3]

USES_THE_WHOLE_API = '''
from __future__ import annotations

import io
import pathlib
from typing import Any, Iterator, Literal, Optional

import batchlint
from batchlint import (
    BatchlintError, Change, Chunk, Diagnostic, FileError, Manifest, ProfileInfo, Report, Rule,
    SchemaError, SplitError, Summary, UsageError,
)

version: str = batchlint.__version__


def describe(d: Diagnostic) -> str:
    code: str = d.code
    name: str = d.name
    severity: Literal["error", "warning"] = d.severity
    line: int = d.line
    column: int = d.column
    span: tuple[int, int] = (d.offset, d.end_offset)
    message: str = d.message
    label: Optional[str] = d.label
    help: Optional[str] = d.help
    pointer: Optional[str] = d.instance_path
    record: Optional[int] = d.record
    return f"{line}:{column}: {severity}[{code}/{name}] {message} {label} {help} {pointer} {record} {span}"


def counts(s: Summary) -> int:
    return s.lines + s.records + s.blank_lines + s.bytes + s.errors + s.warnings


def checks(path: str) -> list[Report]:
    p = pathlib.Path(path)
    reports = [
        batchlint.check(path),
        batchlint.check(p, profile="openai", schema=p.with_name("line.json"), config=True),
        batchlint.check(b"{}\\n", config=None, min_records=None, max_records=10, max_bytes=None),
        batchlint.check(bytearray(b"{}\\n"), max_line_bytes=100, id_pointer=None),
        batchlint.check(io.BytesIO(b"{}\\n"), config="batchlint.toml", id_pointer="/custom_id"),
    ]
    with open(path, "rb") as f:
        reports.append(batchlint.check(f, config=p.parent / "batchlint.toml"))
    for report in reports:
        ok: bool = report.ok
        name: str = report.path
        diagnostics: list[Diagnostic] = report.diagnostics
        summary: Summary = report.summary
        if report and ok:
            print(name, counts(summary), [describe(d) for d in diagnostics])
    return reports


def records() -> Report:
    def generate() -> Iterator[dict[str, Any]]:
        yield {"request_id": "a"}

    batchlint.check_records(generate(), profile="sync", max_records=None)
    return batchlint.check_records([{"a": 1}, '{"b": 2}', b'{"c": 3}'], config=False)


def splits(path: str, out: pathlib.Path) -> Optional[dict[str, Any]]:
    manifest: Manifest = batchlint.split(
        path, out, profile="sync", rejects=out / "rejects.jsonl", force=True, plan_only=False,
        prefix="batch", sync=False, schema=None, config=None, max_records=100, id_pointer=None,
    )
    chunks: list[Chunk] = manifest.chunks
    for c in chunks:
        sha: Optional[str] = c.sha256
        print(c.file, c.path, c.records + c.bytes + c.first_line + c.last_line, sha)
    written: bool = manifest.written
    lines: list[int] = manifest.rejected_lines
    print(manifest.out_dir, written, lines, manifest.records + manifest.blank_lines)
    return manifest.to_dict()


def fixes(path: pathlib.Path) -> list[str]:
    changes: list[Change] = batchlint.fix(path, dry_run=True) + batchlint.fix(str(path))
    return [f"{c.repair} {c.action} {c.first_line}-{c.last_line} x{c.count}" for c in changes]


def tables() -> None:
    for p in batchlint.profiles():
        info: ProfileInfo = p
        limit: Optional[int] = info.max_records
        sources: list[str] = info.sources
        print(info.name, info.title, info.min_records, limit, info.max_bytes, info.id_pointer, info.notes, sources)
    rule: Rule = batchlint.rule("BL203")
    severity: Literal["error", "warning"] = rule.severity
    print(rule.code, rule.name, severity, rule.summary, rule.why, rule.example_bad, rule.example_fixed)
    every: list[Rule] = batchlint.rules()
    print(len(every))


def errors(path: str) -> Optional[str]:
    try:
        batchlint.check(path)
    except FileError as e:
        number: Optional[int] = e.errno
        text: Optional[str] = e.strerror
        return f"{e.message} {number} {text} {e.filename} {e.help}"
    except SchemaError as e:
        return e.message
    except UsageError as e:
        value_error: ValueError = e
        return str(value_error)
    except SplitError as e:
        return e.help
    except BatchlintError as e:
        return e.message
    return None
'''

TYPE_ERRORS = '''
import batchlint

report = batchlint.check("requests.jsonl")
x: int = report.path
batchlint.check("requests.jsonl", max_records="3")
batchlint.check(42)
batchlint.fix("requests.jsonl", dryrun=True)
y: str = batchlint.split("a.jsonl", "out").chunks[0].sha256
'''


def mypy(script: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    """``mypy --strict`` on ``script``, run from its folder (so that only the installed package is found)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MYPYPATH", "PYTHONPATH")}
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-color-output", "--cache-dir", str(cache), script.name],
        capture_output=True,
        text=True,
        cwd=script.parent,
        env=env,
        timeout=300,
    )


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy-cache")


def test_the_whole_api_passes_mypy_strict(tmp_path: Path, mypy_cache: Path) -> None:
    script = tmp_path / "uses_batchlint.py"
    script.write_text(textwrap.dedent(USES_THE_WHOLE_API), encoding="utf-8")
    result = mypy(script, mypy_cache)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_type_errors_are_caught(tmp_path: Path, mypy_cache: Path) -> None:
    script = tmp_path / "misuses_batchlint.py"
    script.write_text(TYPE_ERRORS, encoding="utf-8")
    result = mypy(script, mypy_cache)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if ": error:" in line]
    # One error per misuse, on its line: the stubs (not Any) describe the API.
    assert [int(line.split(":")[1]) for line in lines] == [5, 6, 7, 8, 9], result.stdout
    assert 'Incompatible types in assignment (expression has type "str", variable has type "int")' in lines[0]
    assert "max_records" in lines[1]
    assert '"check"' in lines[2]
    assert '"dryrun"' in lines[3]
    assert '"str | None"' in lines[4] or '"Optional[str]"' in lines[4]


def test_stubs_match_the_runtime_module(tmp_path: Path) -> None:
    """``stubtest``: every stubbed name and signature exists at runtime, and vice versa."""
    allowlist = tmp_path / "allowlist.txt"
    allowlist.write_text("batchlint._native.__all__\n", encoding="utf-8")  # PyO3 modules have one; the stub need not
    result = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "batchlint", "--allowlist", str(allowlist)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_package_is_typed() -> None:
    import batchlint

    package = Path(batchlint.__file__).parent
    assert (package / "py.typed").is_file()
    assert (package / "_native.pyi").is_file()
    assert ROOT / "crates" not in package.resolve().parents
