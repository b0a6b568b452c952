"""PEP 517 build backend of the batchlint wheel: maturin's, plus the native
``batchlint`` command in the wheel's scripts (see ``batchlint_stage``).

Every hook but ``build_wheel`` and ``build_editable`` is maturin's own.
"""

from __future__ import annotations

import os
import shutil
from typing import Any, Callable, Mapping, Optional

import maturin
from maturin import (  # noqa: F401 (hooks this backend passes through)
    build_sdist,
    get_requires_for_build_editable,
    get_requires_for_build_sdist,
    get_requires_for_build_wheel,
    prepare_metadata_for_build_editable,
    prepare_metadata_for_build_wheel,
)

import batchlint_stage


def build_wheel(
    wheel_directory: str,
    config_settings: Optional[Mapping[str, Any]] = None,
    metadata_directory: Optional[str] = None,
) -> str:
    """PEP 517: a wheel with the extension module and the native command."""
    return _with_command(maturin.build_wheel, wheel_directory, config_settings, metadata_directory)


def build_editable(
    wheel_directory: str,
    config_settings: Optional[Mapping[str, Any]] = None,
    metadata_directory: Optional[str] = None,
) -> str:
    """PEP 660: an editable install, with the native command too."""
    return _with_command(maturin.build_editable, wheel_directory, config_settings, metadata_directory)


def _with_command(
    build: Callable[[str, Optional[Mapping[str, Any]], Optional[str]], str],
    wheel_directory: str,
    config_settings: Optional[Mapping[str, Any]],
    metadata_directory: Optional[str],
) -> str:
    """Runs maturin's `build` with the native command staged, and unstages it."""
    _stage(config_settings)
    try:
        return build(wheel_directory, config_settings, metadata_directory)
    finally:
        batchlint_stage.unstage()


def _stage(config_settings: Optional[Mapping[str, Any]]) -> None:
    """Stages the command for the target maturin will build for, with the
    toolchain maturin will use: where Rust is missing, maturin's backend
    installs a temporary one (puccinialin, which ``get_requires_for_build_wheel``
    then lists), and so does this."""
    env = None
    if not os.environ.get("MATURIN_NO_INSTALL_RUST") and not shutil.which("cargo"):
        from puccinialin import setup_rust

        env = {**os.environ, **setup_rust()}
    batchlint_stage.stage(batchlint_stage.target_of(maturin.get_maturin_pep517_args(config_settings)), env)
