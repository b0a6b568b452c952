"""``batchlint.check``: sources, results against the command line, limits, profiles, schemas, config files."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Callable

import pytest

import batchlint

ROOT = Path(__file__).resolve().parents[3]
TESTDATA = ROOT / "testdata"
RunCli = Callable[..., "subprocess.CompletedProcess[str]"]


def positions(report: batchlint.Report) -> list[tuple[int, int, str]]:
    return [(d.line, d.column, d.code) for d in report.diagnostics]


def codes(report: batchlint.Report) -> list[str]:
    return [d.code for d in report.diagnostics]


def cli_json(run_cli: RunCli, *args: object) -> dict[str, Any]:
    """The document of ``batchlint check --no-config --format json ARGS``."""
    result = run_cli("check", "--no-config", "--format", "json", *args)
    assert result.returncode in (0, 1), result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


EXAMPLE_POSITIONS = [
    (5, 263, "BL204"),
    (6, 70, "BL203"),
    (7, 36, "BL203"),
    (9, 325, "BL206"),
    (11, 298, "BL101"),
    (13, 15, "BL404"),
    (14, 179, "BL305"),
]


def test_the_wheel_is_tested_not_the_source_folder() -> None:
    package = Path(batchlint.__file__).resolve()
    assert ROOT / "crates" not in package.parents, f"batchlint imported from the source tree: {package}"
    assert hasattr(batchlint, "check")


# --- the bundled example, against the command line ---------------------------------------------------------------


def test_example_matches_cli_json(example: Path, run_cli: RunCli) -> None:
    report = batchlint.check(example)
    [entry] = cli_json(run_cli, example)["files"]
    assert positions(report) == [(d["line"], d["column"], d["code"]) for d in entry["diagnostics"]]
    assert positions(report) == EXAMPLE_POSITIONS
    # Every other field the JSON format shares with Diagnostic agrees too.
    for ours, theirs in zip(report.diagnostics, entry["diagnostics"]):
        for field in ("offset", "end_offset", "name", "severity", "message", "label", "help", "instance_path"):
            assert getattr(ours, field) == theirs[field], (field, ours)
    assert report.path == entry["path"] == str(example)
    s = report.summary
    assert (s.lines, s.records, s.blank_lines, s.bytes, s.errors, s.warnings) == tuple(
        entry["summary"][k] for k in ("lines", "records", "blank_lines", "bytes", "errors", "warnings")
    )


def test_example_summary(example: Path, example_bytes: bytes) -> None:
    report = batchlint.check(example)
    assert report.summary.records == 20
    assert report.summary.errors == 6
    assert report.summary.warnings == 1
    assert report.summary.bytes == len(example_bytes)
    assert report.summary.blank_lines == 0
    assert report.ok is False
    assert not report


def test_relative_path_from_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    report = batchlint.check("testdata/examples/requests.jsonl")
    assert report.path == "testdata/examples/requests.jsonl"
    assert positions(report) == EXAMPLE_POSITIONS


def test_bl203_help_and_byte_offsets(example: Path, example_bytes: bytes) -> None:
    report = batchlint.check(example)
    model = next(d for d in report.diagnostics if d.code == "BL203" and d.instance_path == "/payload/model")
    assert (model.line, model.column) == (6, 70)
    assert model.help == "did you mean `lipsync-2-pro`?"
    assert model.name == "invalid-value"
    assert model.severity == "error"
    assert model.record is None
    assert example_bytes[model.offset : model.end_offset] == b'"lipsync2-pro"'
    # Every span lies inside the file; line-level spans are on their line.
    lines = example_bytes.split(b"\n")
    for d in report.diagnostics:
        assert 0 <= d.offset <= d.end_offset <= len(example_bytes)
        start = sum(len(x) + 1 for x in lines[: d.line - 1])
        assert start <= d.offset <= start + len(lines[d.line - 1]), d


def test_diagnostic_str_is_the_concise_format(example: Path, run_cli: RunCli) -> None:
    report = batchlint.check(example)
    concise = run_cli("check", "--no-config", "--format", "concise", example).stdout.splitlines()
    assert [f"{report.path}:{d}" for d in report.diagnostics] == concise[: len(report.diagnostics)]


def rule_fixtures() -> list[tuple[str, Path, dict[str, Any]]]:
    """Each code's fixture in testdata/rules/: its input and expectation (what tests/it/rules.rs checks too)."""
    fixtures = []
    for expected in sorted((TESTDATA / "rules").glob("*.expected.json")):
        code = expected.name.split(".")[0]
        [path] = [p for p in expected.parent.glob(f"{code}.*") if p != expected]
        fixtures.append((code, path, json.loads(expected.read_text(encoding="utf-8"))))
    return fixtures


RULE_FIXTURES = rule_fixtures()


@pytest.mark.parametrize(("code", "path", "expected"), RULE_FIXTURES, ids=[r[0] for r in RULE_FIXTURES])
def test_rule_fixtures(code: str, path: Path, expected: dict[str, Any]) -> None:
    options = dict(expected.get("options", {}))
    if "schema" in options:
        options["schema"] = ROOT / options["schema"]
    report = batchlint.check(path, **options)
    before = [tuple(entry) for entry in expected.get("before", [])]
    assert positions(report) == before + [(expected["line"], expected["column"], code)]


def test_every_code_has_a_rule_fixture() -> None:
    assert [r.code for r in batchlint.rules()] == [r[0] for r in RULE_FIXTURES]


# --- kinds of source -----------------------------------------------------------------------------------------------


SOURCES: dict[str, Callable[[Path], Any]] = {
    "str": lambda p: str(p),
    "Path": lambda p: p,
    "bytes": lambda p: p.read_bytes(),
    "bytearray": lambda p: bytearray(p.read_bytes()),
    "BytesIO": lambda p: io.BytesIO(p.read_bytes()),
}


@pytest.mark.parametrize("kind", SOURCES)
def test_source_kinds_give_the_same_diagnostics(kind: str, example: Path) -> None:
    expected = batchlint.check(str(example)).diagnostics
    report = batchlint.check(SOURCES[kind](example))
    assert report.diagnostics == expected
    assert report.summary == batchlint.check(str(example)).summary
    assert report.path == {"bytes": "<bytes>", "bytearray": "<bytes>", "BytesIO": "<stream>"}.get(kind, str(example))


def test_binary_file_object(example: Path) -> None:
    expected = batchlint.check(example).diagnostics
    with open(example, "rb") as f:
        report = batchlint.check(f)
    assert report.diagnostics == expected
    assert report.path == str(example)  # the file object's name


def test_text_mode_file_object_is_refused(example: Path) -> None:
    with open(example, encoding="utf-8") as f, pytest.raises(TypeError, match="binary mode"):
        batchlint.check(f)  # type: ignore[arg-type]


@pytest.mark.parametrize("source", [42, None, 3.5, ["a.jsonl"]])
def test_unsupported_source_type(source: object) -> None:
    with pytest.raises(TypeError, match="source is a path"):
        batchlint.check(source)  # type: ignore[arg-type]


def test_error_of_a_file_object_propagates() -> None:
    class Broken(io.RawIOBase):
        def read(self, n: int = -1) -> bytes:
            raise OSError(5, "disk on fire")

    with pytest.raises(OSError, match="disk on fire") as info:
        batchlint.check(Broken())  # type: ignore[arg-type]
    assert not isinstance(info.value, batchlint.BatchlintError)


def test_path_with_spaces_and_non_ascii(tmp_path: Path, example: Path, run_cli: RunCli) -> None:
    path = tmp_path / "my batch é 文件.jsonl"
    shutil.copyfile(example, path)
    report = batchlint.check(path)
    assert report.path == str(path)
    assert positions(report) == EXAMPLE_POSITIONS
    assert batchlint.check(str(path)).diagnostics == report.diagnostics

    [entry] = cli_json(run_cli, path)["files"]
    assert entry["path"] == str(path)
    assert [(d["line"], d["column"], d["code"]) for d in entry["diagnostics"]] == EXAMPLE_POSITIONS
    concise = run_cli("check", "--no-config", "--format", "concise", path)
    assert concise.returncode == 1
    assert concise.stdout.startswith(f"{path}:5:263: error[BL204]")


def test_clean_file(valid: Path) -> None:
    report = batchlint.check(valid)
    assert report.ok is True
    assert bool(report) is True
    assert report.diagnostics == []
    assert (report.summary.records, report.summary.errors, report.summary.warnings) == (20, 0, 0)


def test_warnings_alone_do_not_fail(valid_lines: list[str]) -> None:
    record = json.loads(valid_lines[0])
    record["payload"]["webhook_url"] = "https://hooks.example.com/x"
    data = "\n".join([json.dumps(record, separators=(",", ":")), *valid_lines[1:]]) + "\n"
    report = batchlint.check(data.encode())
    assert codes(report) == ["BL206"]
    assert report.diagnostics[0].severity == "warning"
    assert report.ok and report.summary.warnings == 1


# --- limits ---------------------------------------------------------------------------------------------------------


def test_max_records_adds_the_record_count_diagnostic(example: Path) -> None:
    report = batchlint.check(example, max_records=10, min_records=None)
    assert positions(report)[:-1] == EXAMPLE_POSITIONS
    last = report.diagnostics[-1]
    assert (last.code, last.name, last.line) == ("BL402", "too-many-records", 20)
    assert last.offset == last.end_offset  # a file-level limit: an empty span


def test_max_records_below_the_profile_minimum_is_a_usage_error(example: Path, run_cli: RunCli) -> None:
    with pytest.raises(batchlint.UsageError) as info:
        batchlint.check(example, max_records=10)
    cli = run_cli("check", "--no-config", "--max-records", "10", example)
    assert cli.returncode == 2
    assert cli.stderr.strip() == f"batchlint: error: {info.value}"


def test_min_records_none(valid: Path, valid_lines: list[str]) -> None:
    three = ("\n".join(valid_lines[:3]) + "\n").encode()
    assert codes(batchlint.check(three)) == ["BL401"]
    assert batchlint.check(three, min_records=None).diagnostics == []
    assert batchlint.check(three, min_records=3).diagnostics == []
    assert codes(batchlint.check(valid, min_records=21)) == ["BL401"]


def test_max_bytes(valid: Path) -> None:
    size = valid.stat().st_size
    assert batchlint.check(valid, max_bytes=size).ok
    report = batchlint.check(valid, max_bytes=size - 1)
    assert "BL403" in codes(report)


def test_unknown_keyword_suggests_the_right_one(example: Path) -> None:
    with pytest.raises(TypeError, match="did you mean `max_records`"):
        batchlint.check(example, max_record=3)  # type: ignore[call-arg]


@pytest.mark.parametrize("value", [-1, "3", 2.5, True, 2**70])
def test_bad_limit_values(example: Path, value: object) -> None:
    with pytest.raises(batchlint.UsageError, match="max_records") as info:
        batchlint.check(example, max_records=value)  # type: ignore[arg-type]
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, batchlint.BatchlintError)


def test_id_pointer(example: Path, valid_lines: list[str]) -> None:
    without = batchlint.check(example, id_pointer=None)
    assert "BL404" not in codes(without)
    assert positions(without) == [p for p in EXAMPLE_POSITIONS if p[2] != "BL404"]
    # Another pointer: outputFileName repeats when the records are doubled, request_id does not.
    doubled = "\n".join(valid_lines + [line.replace("req-0", "req-1", 1) for line in valid_lines]) + "\n"
    assert batchlint.check(doubled.encode(), max_records=None).ok
    by_name = batchlint.check(doubled.encode(), max_records=None, id_pointer="/payload/outputFileName")
    assert codes(by_name) == ["BL404"] * 20
    with pytest.raises(batchlint.UsageError, match="JSON Pointer"):
        batchlint.check(example, id_pointer="request_id")


# --- profiles --------------------------------------------------------------------------------------------------------


def test_openai_profile() -> None:
    valid = TESTDATA / "profiles" / "openai" / "valid.jsonl"
    assert not batchlint.check(valid).ok  # not a sync.so file
    report = batchlint.check(valid, profile="openai")
    assert report.ok and report.diagnostics == []


@pytest.mark.parametrize("profile", ["openai", "anthropic"])
def test_profile_matches_cli(profile: str, run_cli: RunCli) -> None:
    invalid = TESTDATA / "profiles" / profile / "invalid.jsonl"
    report = batchlint.check(invalid, profile=profile)
    [entry] = cli_json(run_cli, "--profile", profile, invalid)["files"]
    assert positions(report) == [(d["line"], d["column"], d["code"]) for d in entry["diagnostics"]]
    assert not report.ok


def test_unknown_profile(example: Path, run_cli: RunCli) -> None:
    with pytest.raises(batchlint.UsageError) as info:
        batchlint.check(example, profile="openia")
    assert isinstance(info.value, ValueError)
    assert "unknown profile `openia`" in str(info.value)
    cli = run_cli("check", "--no-config", "--profile", "openia", example)
    assert cli.returncode == 2
    assert f"batchlint: error: {info.value}" in cli.stderr


# --- schemas ---------------------------------------------------------------------------------------------------------


def test_schema_file(example: Path, run_cli: RunCli) -> None:
    schema = TESTDATA / "check" / "batch-line.schema.json"
    report = batchlint.check(example, schema=schema)
    [entry] = cli_json(run_cli, "--schema", schema, example)["files"]
    assert positions(report) == [(d["line"], d["column"], d["code"]) for d in entry["diagnostics"]]
    # The schema replaces the profile's: its unknown-key warning and cross-field rule are gone.
    assert "BL206" not in codes(report) and "BL305" not in codes(report)
    assert batchlint.check(example, schema=str(schema)).diagnostics == report.diagnostics


def test_invalid_schema(example: Path) -> None:
    with pytest.raises(batchlint.SchemaError, match="not a valid JSON Schema") as info:
        batchlint.check(example, schema=TESTDATA / "check" / "invalid.schema.json")
    assert isinstance(info.value, batchlint.UsageError) and isinstance(info.value, ValueError)


def test_remote_ref_is_never_fetched(example: Path) -> None:
    with pytest.raises(batchlint.SchemaError) as info:
        batchlint.check(example, schema=TESTDATA / "check" / "remote-ref.schema.json")
    assert info.value.help is not None and "network" in info.value.help


def test_missing_schema(tmp_path: Path, example: Path) -> None:
    with pytest.raises(batchlint.FileError) as info:
        batchlint.check(example, schema=tmp_path / "nope.json")
    assert os.fspath(info.value.filename) == str(tmp_path / "nope.json")


# --- config files ----------------------------------------------------------------------------------------------------

SEVERITY_OFF = '[severity]\nBL206 = "off"\n'


def test_config_path(tmp_path: Path, example: Path) -> None:
    config = tmp_path / "batchlint.toml"
    config.write_text(SEVERITY_OFF, encoding="utf-8")
    report = batchlint.check(example, config=config)
    assert positions(report) == [p for p in EXAMPLE_POSITIONS if p[2] != "BL206"]
    assert report.summary.warnings == 0
    assert batchlint.check(example, config=str(config)).diagnostics == report.diagnostics


def test_config_true_discovers_it(tmp_path: Path, example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "batchlint.toml").write_text(SEVERITY_OFF, encoding="utf-8")
    (tmp_path / "sub" / "folder").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert "BL206" not in codes(batchlint.check(example, config=True))
    monkeypatch.chdir(tmp_path / "sub" / "folder")  # found by walking up, as the command line does
    assert "BL206" not in codes(batchlint.check(example, config=True))
    # Without config=True, a batchlint.toml in the current folder is ignored.
    assert "BL206" in codes(batchlint.check(example))
    assert "BL206" in codes(batchlint.check(example, config=None))
    assert "BL206" in codes(batchlint.check(example, config=False))


def test_config_schema_is_relative_to_the_config_file(
    tmp_path: Path, example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copyfile(TESTDATA / "check" / "batch-line.schema.json", tmp_path / "line.json")
    (tmp_path / "c.toml").write_text('schema = "line.json"\n', encoding="utf-8")
    monkeypatch.chdir(ROOT)
    expected = batchlint.check(example, schema=tmp_path / "line.json")
    assert batchlint.check(example, config=tmp_path / "c.toml").diagnostics == expected.diagnostics


def test_profile_of_the_config_file(tmp_path: Path) -> None:
    openai = TESTDATA / "profiles" / "openai" / "valid.jsonl"
    config = tmp_path / "batchlint.toml"
    config.write_text('profile = "openai"\n[limits]\nmin-records = 5\n', encoding="utf-8")
    assert codes(batchlint.check(openai, config=config)) == ["BL401"]  # openai rules, the file's limit
    assert batchlint.check(openai, config=config, min_records=None).ok  # arguments override the file
    assert not batchlint.check(openai, config=config, profile="sync", min_records=None).ok


def test_custom_profile_of_the_config_file(tmp_path: Path, example: Path) -> None:
    config = tmp_path / "batchlint.toml"
    config.write_text(
        '[profiles.internal]\nextends = "generic"\nid-pointer = "/request_id"\n', encoding="utf-8"
    )
    report = batchlint.check(example, config=config, profile="internal")
    assert codes(report) == ["BL101", "BL404"]  # syntax and the unique id only
    with pytest.raises(batchlint.UsageError, match="unknown profile"):
        batchlint.check(example, profile="internal")  # not without its config file


def test_bad_config_file(tmp_path: Path, example: Path) -> None:
    config = tmp_path / "batchlint.toml"
    config.write_text('[severity]\nBL206 = "loud"\n', encoding="utf-8")
    with pytest.raises(batchlint.UsageError, match="loud") as info:
        batchlint.check(example, config=config)
    assert str(config) in str(info.value)
    with pytest.raises(batchlint.FileError):
        batchlint.check(example, config=tmp_path / "missing.toml")
    with pytest.raises(batchlint.UsageError, match="config is a path"):
        batchlint.check(example, config=3)  # type: ignore[arg-type]


# --- the result objects ----------------------------------------------------------------------------------------------


def test_results_are_read_only(example: Path) -> None:
    report = batchlint.check(example)
    d = report.diagnostics[0]
    with pytest.raises(AttributeError):
        d.line = 1  # type: ignore[misc]
    with pytest.raises(AttributeError):
        report.summary.errors = 0  # type: ignore[misc]
    with pytest.raises(AttributeError):
        report.path = "x"  # type: ignore[misc]


def test_mutating_the_diagnostics_list_does_not_change_the_report(example: Path) -> None:
    report = batchlint.check(example)
    listed = report.diagnostics
    listed.clear()
    assert listed == []
    assert positions(report) == EXAMPLE_POSITIONS  # a Report is frozen: it hands out copies


def test_reprs(example: Path) -> None:
    report = batchlint.check(example)
    assert repr(report) == f'<Report "{example}" ok=False errors=6 warnings=1>'
    assert repr(batchlint.check(TESTDATA / "valid" / "sync-20.jsonl")).split()[2] == "ok=True"
    assert repr(report.summary) == "<Summary records=20 bytes=6455 errors=6 warnings=1>"
    assert str(report.diagnostics[1]).startswith("6:70: error[BL203]: `payload.model` is")
    assert repr(report.diagnostics[1]).startswith("<Diagnostic 6:70 error[BL203] ")
    assert type(report).__module__ == "batchlint"


# --- compressed input and long lines ------------------------------------------------------------------------------


def test_gzip_input_is_read_as_its_text(tmp_path: Path, example: Path, example_bytes: bytes) -> None:
    import gzip

    plain = batchlint.check(example)
    packed = tmp_path / "requests.jsonl.gz"
    packed.write_bytes(gzip.compress(example_bytes))
    for source in (packed, packed.read_bytes(), io.BytesIO(packed.read_bytes())):
        report = batchlint.check(source)
        assert positions(report) == positions(plain)
        assert report.summary.compression == "gzip"
        assert report.summary.bytes == len(example_bytes)
    assert plain.summary.compression is None


def test_max_per_line_lists_that_many_and_counts_the_rest(valid_lines: list[str]) -> None:
    extra = "".join(f',"extra{i}":{i}' for i in range(5))
    lines = [valid_lines[0][:-2] + extra + "}}", *valid_lines[1:]]
    report = batchlint.check("\n".join(lines).encode() + b"\n", max_per_line=2)
    assert codes(report) == ["BL206", "BL206", "BL009"]
    assert report.diagnostics[-1].message == "3 more problems on this line (the first 2 are listed)"
    with pytest.raises(batchlint.UsageError, match="max-per-line must be at least 1"):
        batchlint.check(b"{}\n", max_per_line=0)
