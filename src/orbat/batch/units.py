"""Work units: small, picklable descriptions of where a chunk of documents lies.

The driver never reads documents. It walks the inputs and cuts them into units that name a
file and a byte range: `chunk` lines of a JSONL shard, `chunk` records of a WARC archive, or
`chunk` loose files of a directory. A worker opens the range and reads the documents itself,
so the driver holds one unit at a time whatever the archive's size, and nothing but a path
and two offsets crosses the network (workers need the inputs on a shared file system).

Cutting a shard needs one sequential pass to find line or record boundaries; that is disk
speed (a WARC pass decompresses but parses no HTML), far below the cost of extraction.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from orbat.errors import Code, ReadError
from orbat.model import Document
from orbat.read import CORPUS_SUFFIXES, read_paths
from orbat.read.corpus import read_corpus
from orbat.read.warc import read_warc

WARC_ENDINGS = (".warc", ".warc.gz", ".arc.gz")


@dataclass(frozen=True)
class Unit:
    """One chunk of work. `kind` is `jsonl` or `warc` (a byte range of `path`) or `files`."""

    kind: str
    path: str = ""
    start: int = 0
    end: int = 0
    first_line: int = 1
    files: tuple[str, ...] = field(default_factory=tuple)

    @property
    def nbytes(self) -> int:
        if self.kind == "files":
            return sum(_size(Path(f)) for f in self.files)
        return self.end - self.start

    def label(self) -> str:
        if self.kind == "files":
            return f"{len(self.files)} files from {self.files[0]}" if self.files else "no files"
        return f"{self.path} bytes {self.start}-{self.end}"


def _size(p: Path) -> int:
    try:
        return p.stat().st_size
    except OSError:
        return 0


def _kind(p: Path) -> str:
    name = p.name.lower()
    if name.endswith(WARC_ENDINGS):
        return "warc"
    if p.suffix.lower() in CORPUS_SUFFIXES:
        return "jsonl"
    return "files"


def _files(inputs: Iterable[str | Path]) -> Iterator[Path | ReadError]:
    """Every file under the inputs (directories walked in sorted order, globs expanded)."""
    from orbat.read import _expand  # the readers' own walk, so batch and ingest see the same files

    for item in inputs:
        yield from _expand(item)


def input_bytes(inputs: Iterable[str | Path]) -> int:
    """Total size of the inputs, for a progress bar that knows its end."""
    return sum(_size(p) for p in _files(inputs) if isinstance(p, Path))


def plan(inputs: Iterable[str | Path], chunk: int = 64) -> Iterator[Unit | ReadError]:
    """Units covering the inputs, lazily; a missing input yields its ReadError."""
    loose: list[str] = []
    for p in _files(inputs):
        if isinstance(p, ReadError):
            yield p
            continue
        kind = _kind(p)
        if kind == "files":
            loose.append(str(p))
            if len(loose) >= chunk:
                yield Unit("files", files=tuple(loose))
                loose = []
        elif kind == "jsonl":
            yield from _jsonl_units(p, chunk)
        else:
            yield from _warc_units(p, chunk)
    if loose:
        yield Unit("files", files=tuple(loose))


def _jsonl_units(p: Path, chunk: int) -> Iterator[Unit]:
    start = pos = 0
    line = first = 1
    n = 0
    with p.open("rb") as fh:
        for raw in fh:
            pos += len(raw)
            line += 1
            if raw.strip():
                n += 1
            if n >= chunk:
                yield Unit("jsonl", str(p), start, pos, first)
                start, first, n = pos, line, 0
    if pos > start:
        yield Unit("jsonl", str(p), start, pos, first)


def _warc_units(p: Path, chunk: int) -> Iterator[Unit]:
    """Cut a WARC at record boundaries, `chunk` response records a unit.

    A file warcio cannot walk becomes one unit, so the worker reports its error as the readers do.
    """
    from warcio.archiveiterator import ArchiveIterator

    size = _size(p)
    cuts = [0]
    try:
        with p.open("rb") as fh:
            it = ArchiveIterator(fh)
            n = 0
            for rec in it:
                if rec.rec_type == "response":
                    if n >= chunk:
                        cuts.append(it.get_record_offset())
                        n = 0
                    n += 1
    except Exception:  # noqa: BLE001 - any damage: let the worker's reader name it
        cuts = [0]
    bounds = [*cuts, size]
    for a, b in zip(bounds, bounds[1:], strict=False):
        if b > a or size == 0:
            yield Unit("warc", str(p), a, b)


class _Slice(io.RawIOBase):
    """Bytes [start, end) of a file, seen as a whole file (offsets relative to start)."""

    def __init__(self, fh: BinaryIO, start: int, end: int) -> None:
        self.fh, self.start, self.end = fh, start, end
        self.pos = 0
        fh.seek(start)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self.pos, 2: self.end - self.start}[whence]
        self.pos = max(0, min(base + offset, self.end - self.start))
        self.fh.seek(self.start + self.pos)
        return self.pos

    def readinto(self, b) -> int:  # type: ignore[no-untyped-def]
        n = min(len(b), self.end - self.start - self.pos)
        if n <= 0:
            return 0
        data = self.fh.read(n)
        b[: len(data)] = data
        self.pos += len(data)
        return len(data)


def read_unit(unit: Unit, *, max_mb: float = 50.0) -> Iterator[Document | ReadError]:
    """The documents of a unit, streamed; bad lines, records or files yield ReadErrors."""
    if unit.kind == "files":
        yield from read_paths(list(unit.files), max_mb=max_mb)
        return
    try:
        fh = open(unit.path, "rb")  # noqa: SIM115 - closed below, after the generator is drained
    except OSError as e:
        yield ReadError(Code.E001, path=unit.path, why=e.strerror or str(e))
        return
    with fh:
        if unit.kind == "warc":
            with io.BufferedReader(_Slice(fh, unit.start, unit.end)) as part:
                yield from read_warc(part, path=unit.path)
            return
        fh.seek(unit.start)
        data = fh.read(unit.end - unit.start)
    yield from _jsonl_docs(data, unit.path, unit.first_line)


def _jsonl_docs(data: bytes, path: str, first_line: int) -> Iterator[Document | ReadError]:
    """Corpus lines, as orbat.read.corpus reads them, with line numbers of the whole file."""
    yield from read_corpus(data, path=path, first_line=first_line)
