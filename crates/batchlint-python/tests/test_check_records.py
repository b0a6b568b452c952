"""``batchlint.check_records``: records being built, as the lines of the file they will make."""

from __future__ import annotations

import collections
import copy
import json
from pathlib import Path
from typing import Any, Iterator

import pytest

import batchlint


def compact(record: object) -> str:
    """The line ``check_records`` checks for a dict (see its docstring)."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


@pytest.fixture
def example_records(example: Path) -> list[dict[str, Any]]:
    """The example's lines that are JSON (all but the trailing-comma line 11), as dicts."""
    records = []
    for line in example.read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            pass
    assert len(records) == 19
    return records


@pytest.fixture
def clean_records(valid_lines: list[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in valid_lines]


@pytest.fixture
def broken_records(clean_records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """20 clean records but for a bad model (index 3) and a duplicate request_id (index 7)."""
    records = copy.deepcopy(clean_records)
    records[3]["payload"]["model"] = "lipsync2-pro"
    records[7]["request_id"] = records[2]["request_id"]
    return records


def test_records_with_errors(broken_records: list[dict[str, Any]]) -> None:
    report = batchlint.check_records(broken_records)
    assert [(d.record, d.line, d.code) for d in report.diagnostics] == [(3, 4, "BL203"), (7, 8, "BL404")]
    assert report.diagnostics[0].help == "did you mean `lipsync-2-pro`?"
    assert report.path == "<records>"
    assert (report.summary.records, report.summary.errors) == (20, 2)
    assert not report.ok


def test_clean_records(clean_records: list[dict[str, Any]]) -> None:
    report = batchlint.check_records(clean_records)
    assert report.ok and report.diagnostics == []
    assert report.summary.records == 20


def test_diagnostics_are_those_of_the_written_file(
    example_records: list[dict[str, Any]], tmp_path: Path
) -> None:
    """Lines, columns and offsets refer to the compact JSON text the records will be written as."""
    broken = [*example_records, {**example_records[0], "request_id": "req-001"}]
    text = "".join(compact(r) + "\n" for r in broken)
    path = tmp_path / "written.jsonl"
    path.write_text(text, encoding="utf-8")
    expected = batchlint.check(path)
    report = batchlint.check_records(broken)
    fields = ("line", "column", "offset", "end_offset", "code", "message", "help", "instance_path")
    assert [[getattr(d, f) for f in fields] for d in report.diagnostics] == [
        [getattr(d, f) for f in fields] for d in expected.diagnostics
    ]
    assert report.summary == expected.summary
    assert [d.code for d in report.diagnostics] == ["BL204", "BL203", "BL203", "BL206", "BL404", "BL305", "BL404"]
    for d in report.diagnostics:
        assert d.record is not None and d.line == d.record + 1
    assert report.diagnostics[-1].record == 19  # the duplicate added last


def test_columns_count_characters(clean_records: list[dict[str, Any]]) -> None:
    record = copy.deepcopy(clean_records[0])
    record["request_id"] = "é文-1"  # ensure_ascii=False: written as 2 characters, 5 bytes
    record["payload"]["model"] = "nope"
    line = compact(record)
    report = batchlint.check_records([record, *clean_records[1:]])
    [d] = report.diagnostics
    assert d.code == "BL203"
    assert d.column == line.index('"nope"') + 1
    assert line.encode()[d.offset : d.end_offset] == b'"nope"'


def test_any_mapping(clean_records: list[dict[str, Any]]) -> None:
    import types

    records: list[Any] = [
        collections.UserDict(clean_records[0]),
        types.MappingProxyType(clean_records[1]),
        *clean_records[2:],
    ]
    assert batchlint.check_records(records).ok


def test_a_generator(broken_records: list[dict[str, Any]]) -> None:
    def generate() -> Iterator[dict[str, Any]]:
        yield from broken_records

    assert batchlint.check_records(generate()).diagnostics == batchlint.check_records(broken_records).diagnostics
    assert batchlint.check_records(iter(broken_records)).diagnostics == batchlint.check_records(broken_records).diagnostics


def test_str_and_bytes_items_are_lines(example: Path) -> None:
    lines = example.read_text(encoding="utf-8").splitlines()
    expected = [(d.line, d.column, d.code) for d in batchlint.check(example).diagnostics]
    for items in (lines, [line + "\n" for line in lines], [line.encode() for line in lines]):
        report = batchlint.check_records(items)
        assert [(d.line, d.column, d.code) for d in report.diagnostics] == expected
        assert [d.record for d in report.diagnostics] == [line - 1 for line, _, _ in expected]


def test_mixed_items(clean_records: list[dict[str, Any]]) -> None:
    items: list[Any] = [
        clean_records[0],
        compact(clean_records[1]),
        compact(clean_records[2]).encode(),
        collections.OrderedDict(clean_records[3]),
    ]
    report = batchlint.check_records(items + clean_records[4:])
    assert report.ok, report.diagnostics


def test_blank_and_non_object_items(clean_records: list[dict[str, Any]]) -> None:
    items: list[Any] = [*clean_records[:5], "", [1, 2], *clean_records[5:]]
    report = batchlint.check_records(items)
    assert [(d.record, d.line, d.code) for d in report.diagnostics] == [(5, 6, "BL003"), (6, 7, "BL102")]


def test_no_records() -> None:
    report = batchlint.check_records([])
    [d] = report.diagnostics
    assert d.code == "BL006"
    assert d.record is None


def test_limits_and_profile(clean_records: list[dict[str, Any]]) -> None:
    few = clean_records[:3]
    [d] = batchlint.check_records(few).diagnostics
    assert (d.code, d.record, d.line) == ("BL401", 2, 3)  # at the last record
    assert batchlint.check_records(few, min_records=None).ok
    duplicate = [*clean_records, clean_records[0]]
    assert [d.code for d in batchlint.check_records(duplicate).diagnostics] == ["BL404"]
    assert batchlint.check_records(duplicate, id_pointer=None).ok
    openai = [
        {"custom_id": f"r{i}", "method": "POST", "url": "/v1/chat/completions",
         "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}]}}
        for i in range(3)
    ]
    assert batchlint.check_records(openai, profile="openai").ok
    with pytest.raises(batchlint.UsageError):
        batchlint.check_records(openai, profile="nope")


def test_item_that_is_not_json_serialisable(clean_records: list[dict[str, Any]]) -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        batchlint.check_records([*clean_records[:2], {"tags": {"a", "b"}}])


@pytest.mark.parametrize("item", ['{"a":\n1}', b'{"a":\n1}', '{"a":1}\n{"b":2}'])
def test_item_with_a_line_break(clean_records: list[dict[str, Any]], item: object) -> None:
    with pytest.raises(ValueError, match="record 2 holds a line break"):
        batchlint.check_records([*clean_records[:2], item])  # type: ignore[list-item]


def test_exception_of_the_generator_propagates(clean_records: list[dict[str, Any]]) -> None:
    class Boom(Exception):
        pass

    boom = Boom("the database went away")

    def generate() -> Iterator[dict[str, Any]]:
        yield from clean_records[:5]
        raise boom

    with pytest.raises(Boom, match="the database went away") as info:
        batchlint.check_records(generate())
    assert info.value is boom


def test_exception_after_many_records(clean_records: list[dict[str, Any]]) -> None:
    """Raised after the first block of records was handed to the library (about 1 MiB)."""

    def generate() -> Iterator[dict[str, Any]]:
        for i in range(10_000):
            yield {**clean_records[i % 20], "request_id": f"r{i}"}
        raise KeyError("late")

    with pytest.raises(KeyError, match="late"):
        batchlint.check_records(generate())


def test_not_iterable() -> None:
    with pytest.raises(TypeError):
        batchlint.check_records(42)  # type: ignore[arg-type]
