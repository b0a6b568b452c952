"""``batchlint.rule``, ``rules`` and ``profiles``: the built-in tables, as the command line lists them."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Callable

import pytest

import batchlint

ROOT = Path(__file__).resolve().parents[3]
RunCli = Callable[..., "subprocess.CompletedProcess[str]"]


def test_rule_by_code_and_by_name() -> None:
    by_code = batchlint.rule("BL203")
    by_name = batchlint.rule("invalid-value")
    assert by_name.code == "BL203"
    assert by_code.name == "invalid-value"
    for rule in (by_code, by_name):
        assert rule.severity == "error"
        assert rule.summary == "a value is not one of the allowed values"
        assert rule.why and rule.example_bad and rule.example_fixed
    assert batchlint.rule(" BL203 ").code == "BL203"


def test_rule_of_a_warning() -> None:
    rule = batchlint.rule("BL206")
    assert (rule.name, rule.severity) == ("unknown-key", "warning")


@pytest.mark.parametrize("code", ["BL2O3", "invalid-valeu"])
def test_unknown_rule(code: str) -> None:
    with pytest.raises(batchlint.UsageError, match=f"unknown code `{code}`") as info:
        batchlint.rule(code)
    assert info.value.help is not None and "BL203" in info.value.help


def test_unknown_rule_without_a_close_one() -> None:
    with pytest.raises(batchlint.UsageError) as info:
        batchlint.rule("zzz")
    assert info.value.help == "`batchlint.rules()` lists every code"


def test_rules_match_the_cli_table(run_cli: RunCli) -> None:
    cli = run_cli("rule")
    assert cli.returncode == 0, cli.stderr
    header, *rows = cli.stdout.strip().splitlines()
    assert header.split()[:3] == ["code", "name", "severity"]
    rules = batchlint.rules()
    assert len(rules) == len(rows)
    assert [(r.code, r.name, r.severity) for r in rules] == [tuple(row.split()[:3]) for row in rows]
    assert [r.code for r in rules] == sorted(r.code for r in rules)
    # Every code has its testdata files: the input (BL407's, about the file's name, is not named *.jsonl) and
    # BLxxx.expected.json.
    assert {r.code for r in rules} == {p.name.split(".")[0] for p in (ROOT / "testdata" / "rules").glob("BL*.*")}


def test_profiles(run_cli: RunCli) -> None:
    profiles = batchlint.profiles()
    names = [p.name for p in profiles]
    assert {"sync", "openai", "anthropic"} <= set(names)
    assert names[0] == "sync"
    cli = run_cli("profiles")
    assert cli.returncode == 0, cli.stderr
    rows = [line.split()[0] for line in cli.stdout.splitlines()[1:] if line and not line.startswith("Use ")]
    assert names == rows

    sync = profiles[0]
    assert (sync.min_records, sync.max_records, sync.max_bytes, sync.id_pointer) == (20, 500, 5_000_000, "/request_id")
    assert sync.title.startswith("sync.so")
    assert sync.sources and all(s.startswith("https://") for s in sync.sources)
    generic = profiles[names.index("generic")]
    assert (generic.min_records, generic.max_records, generic.max_bytes, generic.id_pointer) == (None, None, None, None)


@pytest.mark.parametrize("name", ["openai", "anthropic", "gemini"])
def test_every_profile_name_is_usable(name: str) -> None:
    valid = ROOT / "testdata" / "profiles" / name / "valid.jsonl"
    assert batchlint.check(valid, profile=name).ok
