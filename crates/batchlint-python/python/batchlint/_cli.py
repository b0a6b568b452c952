"""The ``batchlint`` command: the same command line as the native binary."""

from __future__ import annotations

import signal
import sys
from typing import NoReturn


def main() -> NoReturn:
    """Runs the command line on ``sys.argv`` and exits with its status."""
    # Ctrl-C stops batchlint as it stops the native binary (its own clean-up
    # runs), not at the next Python bytecode after the work is done.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    from batchlint._native import run_cli

    sys.exit(run_cli(["batchlint", *sys.argv[1:]]))
