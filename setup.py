"""The pre-commit hooks' install target (not the batchlint package itself).

pre-commit installs a `language: python` hook with `pip install .` in this
folder. This placeholder installs nothing but the prebuilt `batchlint` wheel
of the same version (from PyPI, or a folder given by PIP_FIND_LINKS), so the
hook needs no Rust toolchain. The package itself is built by maturin from
crates/batchlint-python/.
"""

import re
from pathlib import Path

from setuptools import setup

MANIFEST = Path(__file__).resolve().parent / "Cargo.toml"
VERSION = re.search(
    r'^\[workspace\.package\][^\[]*?^version = "([^"]+)"', MANIFEST.read_text(encoding="utf-8"), re.M | re.S
).group(1)

setup(
    name="batchlint-pre-commit-hook",
    version=VERSION,
    description="Installs the batchlint wheel for its pre-commit hooks",
    install_requires=[f"batchlint=={VERSION}"],
    packages=[],
    py_modules=[],
)
