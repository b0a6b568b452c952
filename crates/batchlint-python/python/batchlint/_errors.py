"""The exceptions batchlint raises: one hierarchy rooted at BatchlintError."""

# No `typing` at run time: importing it would cost the `batchlint` command
# several milliseconds of start-up.
from __future__ import annotations

import os


class BatchlintError(Exception):
    """Base of every error batchlint raises; ``str(error)`` is the message the
    command line prints after ``batchlint: error:``."""

    message: str
    """What went wrong."""
    help: str | None
    """How to fix it, when batchlint knows."""

    def __init__(self, message: str, help: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.help = help

    def __str__(self) -> str:
        return self.message


class FileError(BatchlintError, OSError):
    """A file could not be read or written. Also an ``OSError``, with
    ``errno``, ``strerror`` and ``filename`` set when the system said why."""

    def __init__(
        self,
        message: str,
        errno: int | None = None,
        filename: str | None = None,
        help: str | None = None,
    ) -> None:
        if errno is None:
            OSError.__init__(self, message)
        else:
            OSError.__init__(self, errno, os.strerror(errno), filename)
        self.message = message
        self.help = help
        if errno is None and filename is not None:
            self.filename = filename

    def __str__(self) -> str:
        return self.message


class UsageError(BatchlintError, ValueError):
    """An option or setting cannot work: an unknown profile or code, a bad
    limit, a bad config file. Also a ``ValueError``."""


class SchemaError(UsageError):
    """A line schema could not be read, parsed or compiled (or would need the
    network: batchlint never fetches a remote ``$ref``)."""


class SplitError(BatchlintError):
    """The input was read but cannot be split: it has errors (and no rejects
    file was given), it is not JSON Lines, or no split meets the limits. The
    message names the first errors, as the command line prints them."""
