"""``batchlint.split``: chunk files that each pass ``check``, with a manifest."""

from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path

import pytest

import batchlint

ROOT = Path(__file__).resolve().parents[3]


def plan_of(manifest: batchlint.Manifest) -> list[tuple[str, int, int, int, int]]:
    return [(c.file, c.records, c.bytes, c.first_line, c.last_line) for c in manifest.chunks]


@pytest.fixture
def with_errors(valid_1001: Path) -> Path:
    """The 1,001 records with three broken ones: lines 11 (bad model), 501 (not JSON), 701 (duplicate id)."""
    lines = valid_1001.read_text(encoding="utf-8").splitlines()
    lines[10] = lines[10].replace('"model":"', '"model":"x', 1)
    lines[500] = lines[500] + ","
    lines[700] = lines[3]
    path = valid_1001.with_name("errors.jsonl")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_split_writes_compliant_chunks(valid_1001: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    manifest = batchlint.split(valid_1001, out)

    assert manifest.written is True
    assert manifest.out_dir == str(out)
    assert manifest.records == 1001
    assert manifest.rejected_lines == []
    assert manifest.blank_lines == 0
    assert len(manifest.chunks) == 3  # the fewest chunks of at most 500 records
    assert all(c.records <= 500 for c in manifest.chunks)
    assert sum(c.records for c in manifest.chunks) == 1001
    assert [c.file for c in manifest.chunks] == ["in-0001.jsonl", "in-0002.jsonl", "in-0003.jsonl"]

    next_line = 1
    written = b""
    for chunk in manifest.chunks:
        path = Path(chunk.path)
        assert path == out / chunk.file
        data = path.read_bytes()
        assert chunk.sha256 == hashlib.sha256(data).hexdigest()
        assert chunk.bytes == len(data)
        assert data.count(b"\n") == chunk.records
        assert (chunk.first_line, chunk.last_line) == (next_line, next_line + chunk.records - 1)
        next_line = chunk.last_line + 1
        report = batchlint.check(path)
        assert report.ok, report.diagnostics
        assert report.summary.records == chunk.records
        written += data
    assert written == valid_1001.read_bytes()  # every record, in order, byte for byte

    on_disk = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest.to_dict() == on_disk
    assert [c["sha256"] for c in on_disk["chunks"]] == [c.sha256 for c in manifest.chunks]
    assert sorted(os.listdir(out)) == ["in-0001.jsonl", "in-0002.jsonl", "in-0003.jsonl", "manifest.json"]


def test_plan_only_writes_nothing(valid_1001: Path, tmp_path: Path) -> None:
    planned = batchlint.split(valid_1001, tmp_path / "plan", plan_only=True)
    assert planned.written is False
    assert planned.to_dict() is None
    assert not (tmp_path / "plan").exists()
    assert planned.records == 1001
    assert all(c.sha256 is None for c in planned.chunks)
    written = batchlint.split(valid_1001, tmp_path / "out")
    assert plan_of(planned) == plan_of(written)


def test_second_split_into_the_same_folder(valid_1001: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = batchlint.split(valid_1001, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(batchlint.UsageError, match="already exists") as info:
        batchlint.split(valid_1001, out)
    assert isinstance(info.value, batchlint.BatchlintError)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before

    again = batchlint.split(valid_1001, out, force=True)
    assert plan_of(again) == plan_of(first)


def test_force_replaces_only_what_the_manifest_lists(valid_1001: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    batchlint.split(valid_1001, out, max_records=250)  # 5 chunks
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    batchlint.split(valid_1001, out, force=True)  # 3 chunks: the old 4th and 5th go
    assert sorted(os.listdir(out)) == ["in-0001.jsonl", "in-0002.jsonl", "in-0003.jsonl", "manifest.json", "notes.txt"]

    stranger = tmp_path / "stranger"
    stranger.mkdir()
    (stranger / "in-0001.jsonl").write_text("not ours\n", encoding="utf-8")
    with pytest.raises(batchlint.BatchlintError, match="refusing to overwrite"):
        batchlint.split(valid_1001, stranger, force=True)  # no manifest lists it
    assert (stranger / "in-0001.jsonl").read_text(encoding="utf-8") == "not ours\n"


def test_input_with_errors_raises_split_error(with_errors: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(batchlint.SplitError) as info:
        batchlint.split(with_errors, out)
    error = info.value
    assert isinstance(error, batchlint.BatchlintError)
    assert not isinstance(error, ValueError)
    message = str(error)
    assert message.startswith("3 of 1,001 records have errors; nothing was written")
    assert f"{with_errors}:11:" in message and "BL203" in message
    assert f"{with_errors}:501:" in message and "BL101" in message
    assert f"{with_errors}:701:" in message and "BL404" in message
    assert not out.exists()


def test_rejects(with_errors: Path, tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.jsonl"
    manifest = batchlint.split(with_errors, tmp_path / "out", rejects=rejects)
    assert manifest.rejected_lines == [11, 501, 701]
    assert manifest.records == 998
    lines = with_errors.read_bytes().split(b"\n")
    assert rejects.read_bytes() == b"".join(lines[n - 1] + b"\n" for n in (11, 501, 701))
    assert all(batchlint.check(c.path).ok for c in manifest.chunks)
    assert manifest.to_dict()["rejects"]["lines"][0]["line"] == 11  # type: ignore[index]


def test_plan_only_with_rejects_names_the_rejected_lines(with_errors: Path, tmp_path: Path) -> None:
    planned = batchlint.split(with_errors, tmp_path / "out", rejects=tmp_path / "r.jsonl", plan_only=True)
    assert planned.records == 998
    assert not (tmp_path / "r.jsonl").exists()
    assert planned.rejected_lines == [11, 501, 701]


def test_prefix_and_no_sync(valid_1001: Path, tmp_path: Path) -> None:
    manifest = batchlint.split(str(valid_1001), str(tmp_path / "out"), prefix="batch", sync=False)
    assert [c.file for c in manifest.chunks] == ["batch-0001.jsonl", "batch-0002.jsonl", "batch-0003.jsonl"]
    assert all(Path(c.path).is_file() for c in manifest.chunks)
    with pytest.raises(batchlint.UsageError, match="prefix"):
        batchlint.split(valid_1001, tmp_path / "other", prefix="a/b")


def test_limits_are_those_of_each_chunk(valid_1001: Path, tmp_path: Path) -> None:
    manifest = batchlint.split(valid_1001, tmp_path / "out", max_records=100, plan_only=True)
    assert [c.records for c in manifest.chunks] == [91] * 11
    with pytest.raises(batchlint.SplitError, match="no compliant split"):
        batchlint.split(valid_1001, tmp_path / "out", min_records=400)


def test_split_other_profile(tmp_path: Path) -> None:
    lines = (ROOT / "testdata" / "profiles" / "openai" / "valid.jsonl").read_text(encoding="utf-8").splitlines()
    records = []
    for i in range(120):
        record = json.loads(lines[i % len(lines)])
        record["custom_id"] = f"c-{i}"
        records.append(json.dumps(record))
    src = tmp_path / "openai.jsonl"
    src.write_text("\n".join(records) + "\n", encoding="utf-8")
    with pytest.raises(batchlint.SplitError):
        batchlint.split(src, tmp_path / "sync")  # not sync.so records
    manifest = batchlint.split(src, tmp_path / "openai", profile="openai", max_records=50)
    assert [c.records for c in manifest.chunks] == [40, 40, 40]
    assert all(batchlint.check(c.path, profile="openai").ok for c in manifest.chunks)


def test_empty_input(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    with pytest.raises(batchlint.SplitError, match="BL006"):
        batchlint.split(empty, tmp_path / "out")


def test_missing_input(tmp_path: Path) -> None:
    missing = tmp_path / "missing.jsonl"
    with pytest.raises(batchlint.FileError) as info:
        batchlint.split(missing, tmp_path / "out")
    assert info.value.errno == errno.ENOENT
    assert os.fspath(info.value.filename) == str(missing)


def test_output_folder_that_is_a_file(valid_1001: Path, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x", encoding="utf-8")
    with pytest.raises(batchlint.FileError, match="could not create the folder"):
        batchlint.split(valid_1001, not_a_folder)


def test_output_folder_that_is_a_file_has_errno(valid_1001: Path, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x", encoding="utf-8")
    with pytest.raises(batchlint.FileError) as info:
        batchlint.split(valid_1001, not_a_folder)
    assert info.value.errno in (errno.EEXIST, errno.ENOTDIR)
    assert info.value.strerror is not None
