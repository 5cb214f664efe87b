"""WARC archives -> one Document per HTML response record (warcio reads the records).

The record's target URI becomes the Document's url; the WARC date is when the page was
crawled, not published, so the publication date still comes from the page.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import BinaryIO

from orbat.errors import Code, ReadError
from orbat.model import Document
from orbat.read._decode import decode
from orbat.read.html import read_html


def read_warc(stream: BinaryIO, *, path: str = "<warc>") -> Iterator[Document | ReadError]:
    """Documents from the HTML responses of a WARC stream; a bad record yields its error."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    head = stream.read(512)
    stream.seek(0)
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
        except zlib.error:
            head = b""
    if not head.lstrip().startswith((b"WARC/", b"filedesc://")):
        yield ReadError(Code.E006, path=path, why="not a WARC archive (no WARC/1.x header at the start)")
        return
    seen = 0
    try:
        for rec in ArchiveIterator(stream):
            seen += 1
            if rec.rec_type != "response" or rec.http_headers is None:
                continue
            ctype = (rec.http_headers.get_header("Content-Type") or "").lower()
            if "html" not in ctype:
                continue
            url = rec.rec_headers.get_header("WARC-Target-URI")
            where = f"{path} ({url})"
            try:
                raw = decode(rec.content_stream().read(), where)
                yield read_html(raw, url=url, source=where, format="warc")
            except ReadError as e:
                yield e
    except ArchiveLoadFailed as e:
        yield ReadError(Code.E006, path=path, why=f"not a readable WARC archive ({str(e).strip()})")
        return
    if not seen:
        yield ReadError(Code.E006, path=path, why="no WARC records found")
