"""Lint and split JSONL batch files before they are uploaded to a batch API.

batchlint reports every problem of a batch file, each at its exact line and
column with a stable code, offline and in milliseconds; it splits an input of
any size into files that each pass the API's limits, and repairs what cannot
change meaning. The work is done by the batchlint Rust library; the GIL is
released while it runs, so threads that check several files run in parallel.

>>> import batchlint
>>> report = batchlint.check("testdata/examples/requests.jsonl")
>>> report.ok
False
>>> [(d.line, d.code) for d in report.diagnostics][:2]
[(5, 'BL204'), (6, 'BL203')]

See docs/python.md for the whole API.
"""

from batchlint._errors import BatchlintError, FileError, SchemaError, SplitError, UsageError
from batchlint._native import (
    Change,
    Chunk,
    Diagnostic,
    Manifest,
    ProfileInfo,
    Report,
    Rule,
    Summary,
    __version__,
    check,
    check_records,
    fix,
    profiles,
    rule,
    rules,
    split,
)

__all__ = [
    "BatchlintError",
    "Change",
    "Chunk",
    "Diagnostic",
    "FileError",
    "Manifest",
    "ProfileInfo",
    "Report",
    "Rule",
    "SchemaError",
    "SplitError",
    "Summary",
    "UsageError",
    "__version__",
    "check",
    "check_records",
    "fix",
    "profiles",
    "rule",
    "rules",
    "split",
]
