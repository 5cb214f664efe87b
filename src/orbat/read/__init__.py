"""Reading: every source kind becomes Documents (body, metadata, reader comment tree).

Entry points:
- `read_paths(paths)`: files, directories (recursively) and globs, for batches. Bad sources
  are yielded as `ReadError`s (stable codes, one line naming the file and what to do), never
  raised, so one broken file does not stop ten thousand good ones.
- `read_file(path)`: one file, strictly: raises the first ReadError.
- `read_html(raw, **meta)`, `read_text(raw, **meta)`: one page already in memory.
- `document_dict(doc)`: the FORMAT.md `document` object of a prediction.

This package knows nothing of spaCy or the store; it only turns bytes into Documents.
"""

from __future__ import annotations

import glob
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from orbat.errors import Code, ReadError
from orbat.model import Document
from orbat.read._decode import decode, sniff_binary
from orbat.read.corpus import read_corpus, read_corpus_line
from orbat.read.feed import read_feed
from orbat.read.html import read_html
from orbat.read.text import read_text
from orbat.read.warc import read_warc

__all__ = [
    "read_paths", "read_file", "read_html", "read_text", "read_corpus", "read_corpus_line",
    "read_feed", "read_warc", "document_dict", "ReadError",
]  # fmt: skip

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
TEXT_SUFFIXES = {".txt", ".text", ".md"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
CORPUS_SUFFIXES = {".jsonl", ".ndjson"}


def document_dict(doc: Document) -> dict[str, Any]:
    """The `document` object of a prediction line (eval/FORMAT.md)."""
    return {
        "title": doc.title,
        "author": doc.author,
        "published": doc.published,
        "body": doc.body,
        "comments": [
            {"id": c.id, "parent": c.parent, "author": c.author, "text": c.text} for c in doc.comments
        ],
    }


def _kind(path: Path, head: bytes) -> str | None:
    """Source kind from the file name, else from its first bytes."""
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz", ".arc.gz")):
        return "warc"
    suf = path.suffix.lower()
    if suf in HTML_SUFFIXES:
        return "html"
    if suf in TEXT_SUFFIXES:
        return "text"
    if suf in CORPUS_SUFFIXES:
        return "corpus"
    if suf in FEED_SUFFIXES:
        return "feed"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048].lower()
    if start.startswith(b"warc/"):
        return "warc"
    if start.startswith(b"<"):
        return "feed" if any(t in start for t in (b"<rss", b"<feed", b"<rdf:rdf")) else "html"
    if start.startswith(b"{"):
        return "corpus"
    if not suf:
        return "text"
    return None


def _read_one(path: Path, max_mb: float) -> Iterator[Document | ReadError]:
    p = str(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        yield ReadError(Code.E001, path=p, why=e.strerror or str(e))
        return
    if size > max_mb * 1024 * 1024:
        yield ReadError(Code.E004, path=p, size=f"{size / 1048576:.1f}", limit=f"{max_mb:g}")
        return
    if size == 0:
        yield ReadError(Code.E003, path=p)
        return
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as e:
        yield ReadError(Code.E001, path=p, why=e.strerror or str(e))
        return
    kind = _kind(path, head)
    if kind is None:
        why = sniff_binary(head)
        yield ReadError(Code.E002, path=p, why=why) if why else ReadError(Code.E009, path=p)
        return
    if kind == "warc":
        try:
            with path.open("rb") as fh:
                yield from read_warc(fh, path=p)
        except OSError as e:
            yield ReadError(Code.E001, path=p, why=e.strerror or str(e))
        return
    try:
        data = path.read_bytes()
        if kind == "feed":
            why = sniff_binary(data)
            if why:
                raise ReadError(Code.E002, path=p, why=why)
            yield from read_feed(data, path=p)
            return
        text = decode(data, p)
        if not text.strip():
            raise ReadError(Code.E003, path=p)
        if kind == "corpus":
            yield from read_corpus(text, path=p)
        elif kind == "html":
            doc = read_html(text, source=p)
            if not doc.body.strip() and not doc.comments:
                raise ReadError(Code.E006, path=p, why="no article text found in the markup")
            yield doc
        else:
            yield read_text(text, source=p)
    except ReadError as e:
        yield e
    except OSError as e:
        yield ReadError(Code.E001, path=p, why=e.strerror or str(e))


def _expand(item: str | Path) -> Iterator[Path | ReadError]:
    p = Path(item)
    if p.is_dir():
        for root, dirs, files in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for f in sorted(files):
                if not f.startswith("."):
                    yield Path(root) / f
        return
    if p.exists():
        yield p
        return
    matches = sorted(glob.glob(str(item), recursive=True)) if any(c in str(item) for c in "*?[") else []
    if not matches:
        yield ReadError(Code.E010, path=str(item))
        return
    for m in matches:
        yield from _expand(m)


def read_paths(paths: Iterable[str | Path], *, max_mb: float = 50.0) -> Iterator[Document | ReadError]:
    """Documents from files, directories and globs; each bad source yields a ReadError."""
    if isinstance(paths, str | Path):
        paths = [paths]
    for item in paths:
        for p in _expand(item):
            if isinstance(p, ReadError):
                yield p
            else:
                yield from _read_one(p, max_mb)


def read_file(path: str | Path, *, max_mb: float = 50.0) -> list[Document]:
    """All Documents of one file; raises the first ReadError (use read_paths to skip bad parts)."""
    docs = []
    for d in read_paths([path], max_mb=max_mb):
        if isinstance(d, ReadError):
            raise d
        docs.append(d)
    return docs


def prediction_line(doc: Document) -> str:
    """A prediction line with only the reading part filled in (for measuring the readers)."""
    return json.dumps(
        {
            "doc_id": doc.key,
            "actors": [],
            "relations": [],
            "events": [],
            "control": [],
            "document": document_dict(doc),
        },
        ensure_ascii=False,
    )
