"""Start-up of the wheel's `batchlint` command against the native binary.

The wheel installs the native binary as its `batchlint` command; `python -m
batchlint` runs the same Rust command line inside the Python process and so
pays the interpreter's start-up on top. This times the three on the
20-record sync example (`check`, exit code 0) in alternation, with Python's
own bare start-up (`python -S -c pass` and `python -c pass`) for reference, and
prints the medians and the differences.

    python benches/python_startup.py --native target/dist/batchlint \
        --wheel VENV/bin/batchlint [--runs 200]

Run it with the virtual environment's Python that has the wheel installed.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "testdata" / "valid" / "sync-20.jsonl"


def once(argv: list[str]) -> float:
    """Wall time of one run, in milliseconds; the run must exit 0."""
    started = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    elapsed = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        sys.exit(f"{argv} exited with {done.returncode}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--native", required=True, help="the native batchlint binary")
    parser.add_argument("--wheel", required=True, help="the wheel's batchlint command (VENV/bin/batchlint)")
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    rows = {
        "native binary: batchlint check": [args.native, "check", str(SAMPLE)],
        "wheel: batchlint check": [args.wheel, "check", str(SAMPLE)],
        "wheel: python -m batchlint check": [sys.executable, "-m", "batchlint", "check", str(SAMPLE)],
        "python -S -c pass": [sys.executable, "-S", "-c", "pass"],
        "python -c pass": [sys.executable, "-c", "pass"],
    }
    times: dict[str, list[float]] = {name: [] for name in rows}
    for argv in rows.values():
        once(argv)  # warm the page cache
    for _ in range(args.runs):
        for name, argv in rows.items():
            times[name].append(once(argv))
    print(f"| command (20-record check, {args.runs} runs each, alternating) | median ms | p90 ms |")
    print("| --- | ---: | ---: |")
    for name, samples in times.items():
        p90 = statistics.quantiles(samples, n=10)[-1]
        print(f"| {name} | {statistics.median(samples):.1f} | {p90:.1f} |")
    native = statistics.median(times["native binary: batchlint check"])
    for name in ("wheel: batchlint check", "wheel: python -m batchlint check"):
        print(f"\n{name}: {statistics.median(times[name]) - native:+.1f} ms against the native binary (median).", end="")
    print()


if __name__ == "__main__":
    main()
