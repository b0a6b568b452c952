"""``python -m batchlint``: the native binary's command line, run inside the
Python process (the wheel's ``batchlint`` command is the binary itself)."""

from __future__ import annotations

import sys

try:
    # CPython's C module: `signal` would import `enum`, which costs every
    # start of the command several milliseconds.
    import _signal as signal  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - other interpreters
    import signal


def main() -> None:
    """Runs the command line on ``sys.argv`` and exits with its status (it
    never returns; not annotated ``NoReturn``, since importing ``typing``
    would slow every start)."""
    # Ctrl-C stops batchlint as it stops the native binary (its own clean-up
    # runs), not at the next Python bytecode after the work is done.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    from batchlint._native import run_cli

    sys.exit(run_cli(["batchlint", *sys.argv[1:]]))
