"""How ``check_records`` writes a record as one JSON line."""

from __future__ import annotations

import json
from collections.abc import Mapping


def _default(value: object) -> object:
    """Mappings that are not dicts (``UserDict``, ``MappingProxyType``, ...) as dicts."""
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def dumps(record: object) -> str:
    """``record`` as compact JSON on one line, non-ASCII characters kept as they are."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=_default)
