"""Stages the native ``batchlint`` command for a wheel (standard library only).

maturin builds the extension module (``batchlint._native``) but no binary
beside it, and the wheel's ``batchlint`` command must start as fast as the
native binary (pre-commit runs it on every commit). So the binary is built
with cargo (the workspace's dist profile, for the wheel's target) and
copied to ``batchlint._native.data/scripts/``, the folder maturin packs as the
wheel's scripts, which pip installs on ``PATH``. The build backend
(``batchlint_backend``) does this for every PEP 517 build; before a plain
``maturin build`` (as in the wheels workflow), run:

    python crates/batchlint-python/backend/batchlint_stage.py [--target TRIPLE]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Optional

#: The folder of pyproject.toml (in the repository and in an unpacked sdist).
PROJECT = Path(__file__).resolve().parent.parent
#: The folder maturin packs as the wheel's data (its default name for the
#: module ``batchlint._native``).
DATA = PROJECT / "batchlint._native.data"
#: The command's name: the cargo package and binary, and the script.
COMMAND = "batchlint"


def target_of(args: list[str]) -> Optional[str]:
    """The Rust target triple of a maturin command line: its ``--target``,
    else ``CARGO_BUILD_TARGET``, else None (the host)."""
    for index, arg in enumerate(args):
        if arg == "--target" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--target="):
            return arg.split("=", 1)[1]
    return os.environ.get("CARGO_BUILD_TARGET") or None


def stage(target: Optional[str], env: Optional[dict[str, str]] = None) -> Path:
    """Builds the native binary (``dist`` profile, for ``target`` or the
    host), with ``env`` (default: this process's) for cargo, and copies it
    into the wheel's scripts folder, replacing what was there. Returns the
    staged file; exits with a message if cargo fails."""
    cargo = (env or os.environ).get("CARGO", "cargo")
    command = [cargo, "build", "--profile", "dist", "--package", COMMAND, "--bin", COMMAND]
    command.append("--message-format=json-render-diagnostics")
    if target:
        command += ["--target", target]
    print(f"Running `{' '.join(command)}`", file=sys.stderr, flush=True)
    done = subprocess.run(command, cwd=PROJECT, env=env, stdout=subprocess.PIPE, check=False)
    if done.returncode != 0:
        sys.exit(f"building the native {COMMAND} command failed (cargo exit status {done.returncode})")
    binary = executable(done.stdout)
    unstage()
    scripts = DATA / "scripts"
    scripts.mkdir(parents=True)
    staged = scripts / binary.name
    shutil.copy2(binary, staged)
    print(f"Staged {binary} as {staged}", file=sys.stderr, flush=True)
    return staged


def unstage() -> None:
    """Removes the staged command, so that no later build (another target,
    an sdist) picks it up."""
    shutil.rmtree(DATA, ignore_errors=True)


def executable(messages: bytes) -> Path:
    """The binary's path in cargo's JSON messages; exits if there is none."""
    for line in messages.splitlines():
        message = json.loads(line)
        if (
            message.get("reason") == "compiler-artifact"
            and message.get("target", {}).get("name") == COMMAND
            and message.get("executable")
        ):
            return Path(message["executable"])
    sys.exit(f"cargo built no {COMMAND} executable")


def main() -> None:
    """``batchlint_stage.py [--target TRIPLE]``."""
    parser = argparse.ArgumentParser(description="Stage the native batchlint command for `maturin build`.")
    parser.add_argument("--target", help="Rust target triple (default: CARGO_BUILD_TARGET, else the host)")
    options = parser.parse_args()
    stage(options.target or target_of([]))


if __name__ == "__main__":
    main()
