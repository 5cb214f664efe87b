"""Where knowledge files live and how they are read.

The package ships its knowledge under `orbat/data/`; a user adds files beside it or points
`ORBAT_DATA` at extra folders (separated by the OS path separator), so knowledge grows without
touching Python.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import yaml

from orbat.errors import Code, OrbatError

# the C loader when PyYAML has it: knowledge loads once per worker, and the pure-Python one is slow
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PACKAGE_DATA = Path(__file__).resolve().parent.parent / "data"


def data_dirs() -> list[Path]:
    extra = [Path(p) for p in os.environ.get("ORBAT_DATA", "").split(os.pathsep) if p]
    return [PACKAGE_DATA, *extra]


def files(kind: str, suffixes: tuple[str, ...] = (".yaml", ".yml")) -> list[Path]:
    """All knowledge files of one kind (`actors`, `lexicon`, `places`), package first."""
    out: list[Path] = []
    for d in data_dirs():
        sub = d / kind
        if sub.is_dir():
            out.extend(sorted(p for p in sub.iterdir() if p.suffix in suffixes))
    return out


def load_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise OrbatError(Code.E020, path=path, line=line, why=str(exc).splitlines()[0]) from exc


def digest(paths: list[Path]) -> str:
    """A short fingerprint of knowledge files, stored with every fact as its knowledge version."""
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]
