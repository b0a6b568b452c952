"""``batchlint.fix``: repairs that cannot change meaning, in place."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

import batchlint


def repairs(changes: list[batchlint.Change]) -> list[tuple[str, int, int, int]]:
    return [(c.repair, c.first_line, c.last_line, c.count) for c in changes]


@pytest.fixture
def bom_crlf(tmp_path: Path, valid: Path) -> Path:
    """The clean file with a byte order mark and CRLF line endings."""
    path = tmp_path / "bom-crlf.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + valid.read_bytes().replace(b"\n", b"\r\n"))
    return path


def test_dry_run_changes_nothing(bom_crlf: Path) -> None:
    before = bom_crlf.read_bytes()
    changes = batchlint.fix(bom_crlf, dry_run=True)
    assert repairs(changes) == [("remove-bom", 1, 1, 1), ("crlf-to-lf", 1, 20, 20)]
    assert changes[0].action == "remove the byte order mark"
    assert bom_crlf.read_bytes() == before


def test_fix_rewrites_the_file(bom_crlf: Path, valid: Path) -> None:
    assert [d.code for d in batchlint.check(bom_crlf).diagnostics] == ["BL002"]
    changes = batchlint.fix(bom_crlf)
    assert [c.repair for c in changes] == ["remove-bom", "crlf-to-lf"]
    assert all(isinstance(c, batchlint.Change) and c.action for c in changes)
    assert bom_crlf.read_bytes() == valid.read_bytes()
    assert batchlint.check(bom_crlf).ok
    assert batchlint.fix(bom_crlf) == []  # nothing left to repair
    assert batchlint.fix(str(bom_crlf), dry_run=True) == []


def test_a_clean_file_is_not_rewritten(tmp_path: Path, valid: Path) -> None:
    path = tmp_path / "clean.jsonl"
    path.write_bytes(valid.read_bytes())
    before = path.stat()
    assert batchlint.fix(path) == []
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_blank_lines_and_final_newline(tmp_path: Path, valid_lines: list[str]) -> None:
    path = tmp_path / "blanks.jsonl"
    path.write_text("\n".join(valid_lines[:5]) + "\n\n  \n" + "\n".join(valid_lines[5:]), encoding="utf-8")
    changes = batchlint.fix(path)
    assert repairs(changes) == [("remove-blank-lines", 6, 7, 2), ("add-final-newline", 22, 22, 1)]
    assert path.read_text(encoding="utf-8") == "\n".join(valid_lines) + "\n"


def test_json_array(tmp_path: Path, valid_lines: list[str]) -> None:
    path = tmp_path / "array.json"
    path.write_text(json.dumps([json.loads(line) for line in valid_lines], indent=2), encoding="utf-8")
    assert [d.code for d in batchlint.check(path).diagnostics] == ["BL005"]
    [change] = batchlint.fix(path)
    assert (change.repair, change.count) == ("array-to-json-lines", 20)
    assert batchlint.check(path).ok


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.jsonl"
    with pytest.raises(batchlint.FileError) as info:
        batchlint.fix(missing)
    error = info.value
    assert isinstance(error, OSError)
    assert error.errno == errno.ENOENT
    assert error.strerror == os.strerror(errno.ENOENT)
    assert os.fspath(error.filename) == str(missing)
    assert str(error) == f"{missing}: No such file or directory (os error 2)"
    assert not missing.exists()


def test_directory(tmp_path: Path) -> None:
    # A batchlint error either way (the library calls it a usage error, check() a FileError).
    with pytest.raises(batchlint.BatchlintError, match="not a regular file"):
        batchlint.fix(tmp_path)


def test_a_hard_linked_file_needs_force(bom_crlf: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.jsonl"
    os.link(bom_crlf, other)
    with pytest.raises(batchlint.UsageError, match=r"it has 1 other name\(s\) \(hard links\)"):
        batchlint.fix(bom_crlf)
    assert len(batchlint.fix(bom_crlf, force=True)) == 2
    assert other.read_bytes().startswith(b"\xef\xbb\xbf"), "the other name keeps the old content"


def test_a_symlink_s_target_is_fixed(bom_crlf: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.jsonl"
    link.symlink_to(bom_crlf.name)
    assert len(batchlint.fix(link)) == 2
    assert link.is_symlink()
    assert not bom_crlf.read_bytes().startswith(b"\xef\xbb\xbf")
