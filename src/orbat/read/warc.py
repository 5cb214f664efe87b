"""WARC archives -> one Document per HTML response record (warcio reads the records).

The record's target URI becomes the Document's url; the WARC date is when the page was
crawled, not published, so the publication date still comes from the page.
"""

from __future__ import annotations

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

    try:
        for rec in ArchiveIterator(stream):
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
        yield ReadError(Code.E006, path=path, why=f"not a readable WARC archive ({e})")
