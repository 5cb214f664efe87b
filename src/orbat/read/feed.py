"""RSS/Atom feeds -> one Document per entry (feedparser does the dialects)."""

from __future__ import annotations

import time

import lxml.html

from orbat.errors import Code, ReadError
from orbat.model import Document
from orbat.read._markup import text_of


def _strip_html(fragment: str) -> str:
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # an entry that is not HTML at all is read as it stands
        return fragment.strip()
    return text_of(root)


def _iso(struct: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%d", struct) if struct else None


def read_feed(data: bytes | str, *, path: str = "<feed>", **meta) -> list[Document]:
    """Entries of a feed; the body is the entry's content (else its summary) without markup."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        if not parsed.get("bozo") and parsed.get("version"):
            return []  # a well-formed feed with no items: nothing to read, nothing wrong
        why = str(parsed.get("bozo_exception") or "no entries").strip()
        raise ReadError(Code.E006, path=path, why=f"not a readable RSS/Atom feed ({why})")
    outlet = meta.get("outlet") or parsed.feed.get("title")
    docs = []
    for e in parsed.entries:
        html = ""
        if e.get("content"):
            html = max((c.get("value", "") for c in e.content), key=len)
        html = html or e.get("summary", "") or e.get("description", "")
        body = _strip_html(html)
        if not body and not e.get("title"):
            continue
        docs.append(
            Document(
                body=body,
                title=(e.get("title") or "").strip() or None,
                author=e.get("author") or None,
                published=_iso(e.get("published_parsed") or e.get("updated_parsed")),
                outlet=outlet,
                url=e.get("link"),
                source=path,
                format="feed",
                outlet_kind=meta.get("outlet_kind"),
            )
        )
    return docs
