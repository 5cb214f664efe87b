"""Support for the reader tests: where the fixtures live and how to load one.

A plain module rather than a conftest.py, so the readers' tests add nothing that other test
files share.
"""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")
