"""Corpus JSONL lines (eval/FORMAT.md) -> Document.

A corpus line carries the annotator's clean view (`text`, `comments`, `title`, `author`) and
the gold annotation beside what a crawler handed over (`raw`). A system that read the clean
view would be measured on the annotator's work, not its own, so this reader touches only
`raw`, `format`, `published`, `outlet`, `outlet_kind`, `doc_id` and `url`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from orbat.errors import Code, ReadError
from orbat.model import Document
from orbat.read.html import read_html
from orbat.read.text import read_text

ALLOWED_FIELDS = ("doc_id", "format", "raw", "published", "outlet", "outlet_kind", "url")
REQUIRED_FIELDS = ("doc_id", "format", "raw")


def read_corpus_line(obj: dict[str, Any], *, path: str = "<corpus>", line: int = 0) -> Document:
    """One corpus object -> Document. Raises ReadError E008 for a missing field."""
    for f in REQUIRED_FIELDS:
        if obj.get(f) in (None, ""):
            raise ReadError(Code.E008, path=path, line=line, field=f)
    line_view = {k: obj.get(k) for k in ALLOWED_FIELDS}  # nothing else is ever looked at
    raw = line_view["raw"]
    if not isinstance(raw, str):
        raise ReadError(Code.E007, path=path, line=line, why="'raw' is not a string")
    fmt = str(line_view["format"]).lower()
    meta = {
        "url": line_view["url"],
        "outlet": line_view["outlet"],
        "outlet_kind": line_view["outlet_kind"],
        "doc_id": str(line_view["doc_id"]),
        "source": f"{path}:{line}",
        "format": "corpus",
    }
    if line_view["published"]:
        meta["published"] = str(line_view["published"])[:10]
    if fmt == "html" or (fmt not in ("text", "txt") and raw.lstrip()[:1] == "<"):
        return read_html(raw, **meta)
    return read_text(raw, **meta)


def read_corpus(data: str | bytes, *, path: str = "<corpus>", first_line: int = 1) -> Iterator[Document | ReadError]:
    """Every line of a corpus file (or of a slice of one starting at `first_line`, as the batch
    runner reads shards); a bad line yields its ReadError and the rest go on."""
    for n, ln in enumerate(data.splitlines(), first_line):
        if not ln.strip():
            continue
        try:
            obj = json.loads(ln)
        except ValueError as e:
            yield ReadError(Code.E007, path=path, line=n, why=str(e).split(":")[0])
            continue
        if not isinstance(obj, dict):
            yield ReadError(Code.E007, path=path, line=n, why=f"a JSON {type(obj).__name__}")
            continue
        try:
            yield read_corpus_line(obj, path=path, line=n)
        except ReadError as e:
            yield e
