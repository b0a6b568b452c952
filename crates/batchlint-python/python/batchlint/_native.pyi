"""Type stubs of the native module: the batchlint Rust library through PyO3."""

import os
from typing import IO, Any, Iterable, Literal, Mapping, Optional, Sequence, Union, final

__version__: str

_Path = Union[str, "os.PathLike[str]"]
_Config = Union[_Path, bool, None]

@final
class Diagnostic:
    """One problem found in the input, at its line and column."""

    @property
    def code(self) -> str:
        """The stable code, e.g. ``"BL203"``."""
    @property
    def name(self) -> str:
        """The code's name, e.g. ``"invalid-value"``."""
    @property
    def severity(self) -> Literal["error", "warning"]:
        """Errors fail the check; warnings do not."""
    @property
    def line(self) -> int:
        """1-based line, as the command line reports it."""
    @property
    def column(self) -> int:
        """1-based column, in characters, as the command line reports it."""
    @property
    def offset(self) -> int:
        """Byte offset of the first byte the diagnostic points at."""
    @property
    def end_offset(self) -> int:
        """Byte offset one past the last byte it points at."""
    @property
    def message(self) -> str:
        """What is wrong."""
    @property
    def label(self) -> Optional[str]:
        """A short label for the span."""
    @property
    def help(self) -> Optional[str]:
        """How to fix it, e.g. ``"did you mean `lipsync-2`?"``."""
    @property
    def instance_path(self) -> Optional[str]:
        """JSON Pointer of the offending value inside the record."""
    @property
    def record(self) -> Optional[int]:
        """With ``check_records``: the 0-based index of the record concerned."""

@final
class Summary:
    """Counts for one input."""

    @property
    def lines(self) -> int:
        """Physical lines."""
    @property
    def records(self) -> int:
        """Records (non-blank lines)."""
    @property
    def blank_lines(self) -> int:
        """Blank lines."""
    @property
    def bytes(self) -> int:
        """Bytes read."""
    @property
    def errors(self) -> int:
        """Diagnostics with severity error."""
    @property
    def warnings(self) -> int:
        """Diagnostics with severity warning."""
    @property
    def compression(self) -> Optional[str]:
        """``"gzip"`` when the input was decompressed as it was read (lines, columns and ``bytes`` are then those of
        the text); ``None`` for plain input."""

@final
class Report:
    """Everything ``check`` found in one input."""

    @property
    def path(self) -> str:
        """The input's name: its path, ``"<bytes>"``, the file object's name, or ``"<records>"``."""
    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every diagnostic, in file order."""
    @property
    def summary(self) -> Summary:
        """The counts."""
    @property
    def ok(self) -> bool:
        """Whether the input has no errors (warnings alone do not fail it)."""
    def __bool__(self) -> bool:
        """``ok``."""

@final
class Chunk:
    """One chunk file of a split (or, with ``plan_only``, one that would be written)."""

    @property
    def file(self) -> str:
        """File name inside the output folder."""
    @property
    def path(self) -> str:
        """The output folder joined with ``file``."""
    @property
    def records(self) -> int:
        """Records in it."""
    @property
    def bytes(self) -> int:
        """Its size in bytes."""
    @property
    def first_line(self) -> int:
        """Input line of its first record."""
    @property
    def last_line(self) -> int:
        """Input line of its last record."""
    @property
    def sha256(self) -> Optional[str]:
        """SHA-256 of its bytes, lowercase hex (``None`` when only planned)."""

@final
class Manifest:
    """What a split wrote (or, with ``plan_only``, would write)."""

    @property
    def chunks(self) -> list[Chunk]:
        """The chunks, in input order."""
    @property
    def out_dir(self) -> str:
        """The output folder."""
    @property
    def written(self) -> bool:
        """Whether the files were written (``False`` with ``plan_only``)."""
    @property
    def records(self) -> int:
        """Records that went (or would go) into chunks."""
    @property
    def rejected_lines(self) -> list[int]:
        """Input lines of the records set aside in the rejects file."""
    @property
    def blank_lines(self) -> int:
        """Blank lines skipped."""
    def to_dict(self) -> Optional[dict[str, Any]]:
        """``manifest.json`` as a dict, or ``None`` when only planned."""

@final
class Change:
    """One repair ``fix`` made (or, with ``dry_run``, would make)."""

    @property
    def repair(self) -> str:
        """The repair's name, e.g. ``"remove-bom"`` or ``"crlf-to-lf"``."""
    @property
    def action(self) -> str:
        """What it does, e.g. ``"remove the byte order mark"``."""
    @property
    def first_line(self) -> int:
        """First input line concerned (1-based)."""
    @property
    def last_line(self) -> int:
        """Last input line concerned."""
    @property
    def count(self) -> int:
        """How many lines (or, for a rewrite, records) it concerned."""

@final
class ProfileInfo:
    """A built-in profile: a batch API's rules."""

    @property
    def name(self) -> str:
        """Its name, e.g. ``"sync"`` or ``"openai"``."""
    @property
    def title(self) -> str:
        """The API it checks for."""
    @property
    def min_records(self) -> Optional[int]:
        """Fewest records a file may hold."""
    @property
    def max_records(self) -> Optional[int]:
        """Most records a file may hold."""
    @property
    def max_bytes(self) -> Optional[int]:
        """Largest file size in bytes."""
    @property
    def id_pointer(self) -> Optional[str]:
        """JSON Pointer of the id that must be unique."""
    @property
    def notes(self) -> str:
        """What the figures rest on, and what is unconfirmed."""
    @property
    def sources(self) -> list[str]:
        """Where the rules come from."""

@final
class Rule:
    """A diagnostic code and what it means."""

    @property
    def code(self) -> str:
        """The code, e.g. ``"BL203"``."""
    @property
    def name(self) -> str:
        """Its name, e.g. ``"invalid-value"``."""
    @property
    def severity(self) -> Literal["error", "warning"]:
        """Its default severity."""
    @property
    def summary(self) -> str:
        """One line on what it reports."""
    @property
    def why(self) -> str:
        """Why it matters."""
    @property
    def example_bad(self) -> str:
        """Input that triggers it."""
    @property
    def example_fixed(self) -> str:
        """The same input, fixed."""

def check(
    source: Union[_Path, bytes, bytearray, IO[bytes]],
    *,
    profile: Optional[str] = None,
    schema: Optional[_Path] = None,
    config: _Config = None,
    min_records: Optional[int] = ...,
    max_records: Optional[int] = ...,
    max_bytes: Optional[int] = ...,
    max_line_bytes: Optional[int] = ...,
    id_pointer: Optional[str] = ...,
    max_per_line: int = ...,
) -> Report:
    """Checks a JSONL batch file and returns every problem at its line and column.

    ``source`` is a path, ``bytes``, or a binary file object. ``profile`` is a
    built-in profile (``"sync"`` unless the config file names another) or a
    custom one of the config file; ``schema`` a line schema to use instead of
    the profile's; ``config`` a ``batchlint.toml`` path, ``True`` to find one
    from the current folder as the command line does, or ``None``. The limits
    override the profile's (``None``: no limit; ``id_pointer=None``: no
    uniqueness check); ``max_per_line`` lists at most that many diagnostics of
    one line (100 by default), and one ``BL009`` counts the rest.

    Raises ``FileError`` (an ``OSError``) when the file cannot be read, and
    ``UsageError``/``SchemaError`` (``ValueError``s) for settings that cannot work.
    """

def check_records(
    records: Iterable[Union[Mapping[str, Any], str, bytes]],
    *,
    profile: Optional[str] = None,
    schema: Optional[_Path] = None,
    config: _Config = None,
    min_records: Optional[int] = ...,
    max_records: Optional[int] = ...,
    max_bytes: Optional[int] = ...,
    max_line_bytes: Optional[int] = ...,
    id_pointer: Optional[str] = ...,
    max_per_line: int = ...,
) -> Report:
    """Checks records before they are written, as a file of one record per line.

    Dicts are serialised as ``json.dumps(record, ensure_ascii=False,
    separators=(",", ":"))`` would write them (columns refer to that text);
    strings and bytes are taken as the line itself. Each diagnostic's
    ``record`` is its record's 0-based index and ``line`` the line it will have.
    """

def split(
    path: _Path,
    out_dir: _Path,
    *,
    profile: Optional[str] = None,
    rejects: Optional[_Path] = None,
    force: bool = False,
    plan_only: bool = False,
    prefix: Optional[str] = None,
    sync: bool = True,
    schema: Optional[_Path] = None,
    config: _Config = None,
    min_records: Optional[int] = ...,
    max_records: Optional[int] = ...,
    max_bytes: Optional[int] = ...,
    max_line_bytes: Optional[int] = ...,
    id_pointer: Optional[str] = ...,
    max_per_line: int = ...,
) -> Manifest:
    """Splits a JSONL file into chunk files in ``out_dir`` that each pass ``check``.

    Records with errors go to ``rejects`` when given; otherwise any error raises
    ``SplitError``, as does an input that is not JSON Lines or has no split that
    meets the limits. ``force`` replaces only the files a previous split listed
    in the folder's manifest; ``plan_only`` writes nothing; ``sync=False`` does
    not wait for the disk. Existing files are never overwritten otherwise.
    """

def fix(path: _Path, *, dry_run: bool = False, force: bool = False) -> list[Change]:
    """Repairs what cannot change meaning, in place and atomically; with ``dry_run``, only reports.

    A symbolic link's target is fixed (the link stays); a file with other names (hard links) raises ``UsageError``
    unless ``force``. What the rewrite could not keep (owner, group, set-id bits) is a ``RuntimeWarning``, issued
    after the file was replaced (a warnings filter that turns it into an error raises with the file fixed)."""

def profiles() -> list[ProfileInfo]:
    """The built-in profiles, one per batch API."""

def rule(code: str) -> Rule:
    """What a diagnostic code (``"BL203"``) or name (``"invalid-value"``) means; ``UsageError`` if unknown."""

def rules() -> list[Rule]:
    """Every diagnostic code, in order."""

def run_cli(argv: Sequence[str]) -> int:
    """Runs the ``batchlint`` command line on ``argv`` (program name first); returns the exit status."""
