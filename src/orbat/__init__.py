"""orbat: a sourced, time-aware order of battle from conflict reporting.

`orbat.open(db)` opens the picture of a store for notebooks (see `orbat.api`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__version__ = "0.1.0"


def open(db: str | Path = "sqlite:///orbat.db") -> Any:  # noqa: A001 - `orbat.open(db)` is the documented entry
    """Open the picture of the store at `db`: `.network(as_of=...)`, `.events(...)`, `.control(...)`."""
    from orbat.api import Picture

    return Picture.open(db)
