"""Threads: the functions are safe to call from several threads, and release the GIL while they work."""

from __future__ import annotations

import io
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

import batchlint


def snapshot(report: batchlint.Report) -> tuple[Any, ...]:
    return (report.path, report.diagnostics, report.summary, report.ok)


def test_eight_threads_get_identical_reports(example: Path) -> None:
    expected = snapshot(batchlint.check(example))
    with ThreadPoolExecutor(max_workers=8) as pool:
        reports = list(pool.map(lambda _: snapshot(batchlint.check(example)), range(32)))
    assert all(r == expected for r in reports)


def test_threads_with_different_inputs(example: Path, valid: Path, example_bytes: bytes) -> None:
    """Mixed calls at once: every result is the one the call gets alone."""
    calls: list[Callable[[], Any]] = [
        lambda: snapshot(batchlint.check(example)),
        lambda: snapshot(batchlint.check(valid)),
        lambda: snapshot(batchlint.check(io.BytesIO(example_bytes))),
        lambda: snapshot(batchlint.check(example, id_pointer=None)),
        lambda: snapshot(batchlint.check_records(example.read_text(encoding="utf-8").splitlines())),
        lambda: [r.code for r in batchlint.rules()],
    ]
    expected = [call() for call in calls]
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [(i, pool.submit(calls[i])) for i in range(len(calls)) for _ in range(8)]
        for i, future in futures:
            assert future.result() == expected[i]


class Counter:
    """A Python thread that counts as fast as it can until stopped."""

    def __init__(self) -> None:
        self.count = 0
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop:
            self.count += 1

    def __enter__(self) -> Counter:
        self._thread.start()
        while self.count == 0:
            time.sleep(0.001)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop = True
        self._thread.join()


@pytest.fixture
def short_switch_interval() -> Iterator[None]:
    """If a call kept the GIL, the counter could run only in the switch intervals around it: keep them short."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.001)
    yield
    sys.setswitchinterval(before)


def progress_while(work: Callable[[], object]) -> float:
    """How fast a counting Python thread runs during ``work()``, relative to while this thread sleeps.

    Near 1 (or above 0.1 on a busy machine) when ``work`` releases the GIL;
    near 0 when it holds it: the counter then runs only in the switch
    intervals around the call (a few ms of a call of several hundred).
    """
    with Counter() as counter:
        before = counter.count
        time.sleep(0.2)
        free = (counter.count - before) / 0.2
        start, before = time.perf_counter(), counter.count
        work()
        elapsed = time.perf_counter() - start
        during = (counter.count - before) / elapsed
    assert elapsed > 0.05, f"the call took {elapsed:.3f}s: too short to tell"
    return during / free


@pytest.mark.skipif(not getattr(sys, "_is_gil_enabled", lambda: True)(), reason="no GIL in this build")
def test_the_probe_sees_a_call_that_holds_the_gil(short_switch_interval: None) -> None:
    """The control: ``sum(range(n))`` runs in C without releasing the GIL."""
    assert progress_while(lambda: sum(range(20_000_000))) < 0.1


@pytest.fixture(scope="module")
def big_bytes(big_file: Path) -> bytes:
    return big_file.read_bytes()


GIL_CALLS: dict[str, Callable[[Path, bytes], object]] = {
    "check(path)": lambda path, data: batchlint.check(path),
    "check(bytes)": lambda path, data: batchlint.check(data),
    "check(file object)": lambda path, data: batchlint.check(io.BytesIO(data)),
    "check_records(lines)": lambda path, data: batchlint.check_records(data.splitlines()),
    "split(plan_only)": lambda path, data: batchlint.split(path, path.parent / "plan", plan_only=True),
}


@pytest.mark.parametrize("call", GIL_CALLS)
def test_the_gil_is_released(call: str, big_file: Path, big_bytes: bytes, short_switch_interval: None) -> None:
    """While batchlint works on a large file (200,000 records), another Python thread keeps running."""
    work = GIL_CALLS[call]
    ratio = progress_while(lambda: work(big_file, big_bytes))
    assert ratio > 0.1, f"the counter ran at {ratio:.1%} of its free speed during {call}"


def test_check_of_the_big_file(big_file: Path) -> None:
    report = batchlint.check(big_file)
    assert report.summary.records == 200_000
    # Only the file-level limits of the sync profile fail.
    assert [d.code for d in report.diagnostics] == ["BL402", "BL403"]
