"""HTML pages -> Document: trafilatura for the article, our own parse for the reader thread.

trafilatura separates an article from its boilerplate well, but returns reader comments as a
flat list without ids, parents, authors or dates, and on a page with no article date it
reports the first comment's timestamp. So we find the comment section ourselves (WordPress
`ol.commentlist` / `ul.children`, Disqus `li.post`, forum tables, generic `.comment` lists),
read the tree from the markup's nesting, cut the section out of the page, and only then ask
trafilatura for the body and look for the publication date.
"""

from __future__ import annotations

import json
import re

import lxml.html
from lxml import etree

from orbat.model import Document
from orbat.read._dates import date_from_url, find_date, is_date_only
from orbat.read._markup import text_of
from orbat.read.html_thread import parse_comments

# " | Outlet" title suffixes and the role or place after a byline name
_TITLE_SEP = re.compile(r"\s+[|\u2013\u2014\u00b7:»-]\s+")
_BYLINE_TAIL = re.compile(
    r"\s*(?:,\s*[^,]*(?:correspondent|editor|reporter|writer|staff|bureau|desk)[^,]*$|\s+in\s+[A-Z][\w' -]+$)"
)


# ---------------------------------------------------------------- page metadata


def _meta(root: etree._Element, *names: str) -> str | None:
    for n in names:
        for el in root.iter("meta"):
            if (el.get("property") or el.get("name") or el.get("itemprop") or "").lower() == n and el.get(
                "content"
            ):
                return el.get("content").strip()
    return None


def _jsonld(root: etree._Element, key: str) -> str | None:
    for s in root.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(s.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            d = stack.pop()
            if isinstance(d, list):
                stack.extend(d)
            elif isinstance(d, dict):
                v = d.get(key)
                if isinstance(v, str):
                    return v
                if isinstance(v, dict) and isinstance(v.get("name"), str):
                    return v["name"]
                if isinstance(v, list) and v and isinstance(v[0], dict) and isinstance(v[0].get("name"), str):
                    return v[0]["name"]
                stack.extend(x for x in d.values() if isinstance(x, list | dict))
    return None


def page_date(root: etree._Element, url: str | None = None) -> str | None:
    """The publication date shown on a page (call with the reader thread already cut out)."""
    for cand in (
        _meta(root, "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
              "publish-date", "dc.date", "dc.date.issued", "dcterms.created", "date", "sailthru.date", "parsely-pub-date"),
        _jsonld(root, "datePublished"),
    ):  # fmt: skip
        d = find_date(cand)
        if d:
            return d
    # the article's own stamps first, so a sidebar's "latest news" dates do not win
    scopes = root.xpath("//article | //*[@itemprop='articleBody'] | //main") + [root]
    for scope in scopes:
        for t in scope.iter("time"):
            d = find_date(t.get("datetime")) or find_date(t.text_content())
            if d:
                return d
        for el in scope.iter():
            if not isinstance(el.tag, str) or el.tag in ("script", "style"):
                continue
            cls = f"{el.get('class') or ''} {el.get('id') or ''}"
            if re.search(r"date|time|posted|published|byline|entry-meta|dateline", cls, re.I):
                d = find_date(el.text_content()[:200])
                if d:
                    return d
    body = root.find(".//body")
    if body is not None:
        for line in text_of(body).split("\n\n")[:40]:
            if re.match(r"^\s*(?:posted|published|updated|by\b|on\b)", line, re.I) and len(line.split()) < 20:
                d = find_date(line)
                if d:
                    return d
    return date_from_url(url)


def _strip_suffix(title: str, outlet: str | None) -> str:
    parts = _TITLE_SEP.split(title)
    if len(parts) < 2:
        return title.strip()
    last = parts[-1].strip()
    head = title[: title.rfind(last)].rstrip()
    head = (
        _TITLE_SEP.sub(" | ", head).rsplit(" | ", 1)[0]
        if head.endswith(("|", "-", "\u2013", "\u2014", "\u00b7", "»"))
        else head
    )
    head = re.sub(r"\s+[|\u2013\u2014\u00b7»-]$", "", head).strip()
    if outlet and last.lower() in (outlet.lower(), outlet.lower().replace("the ", "")):
        return head
    if len(last.split()) <= 5 and len(head.split()) >= 3 and " | " in title:
        return head
    return title.strip()


def page_title(root: etree._Element, outlet: str | None) -> str | None:
    og = _meta(root, "og:title", "twitter:title")
    if og:
        return _strip_suffix(og, outlet)
    h1 = root.find(".//h1")
    if h1 is not None and h1.text_content().strip():
        return re.sub(r"\s+", " ", h1.text_content()).strip()
    t = root.find(".//title")
    if t is not None and t.text_content().strip():
        return _strip_suffix(re.sub(r"\s+", " ", t.text_content()).strip(), outlet)
    return None


def page_outlet(root: etree._Element) -> str | None:
    o = _meta(root, "og:site_name", "application-name", "publisher")
    if o:
        return o
    t = root.find(".//title")
    if t is not None:
        parts = _TITLE_SEP.split(t.text_content().strip())
        if len(parts) > 1 and len(parts[-1].split()) <= 6:
            return parts[-1].strip()
    return None


def page_author(root: etree._Element) -> str | None:
    raw = _meta(root, "author", "article:author", "dc.creator", "parsely-author") or _jsonld(root, "author")
    if not raw:
        for xp in ("//*[@rel='author']", "//*[contains(concat(' ',normalize-space(@class),' '),' byline ')]",
                   "//*[contains(concat(' ',normalize-space(@class),' '),' author ')]"):  # fmt: skip
            els = root.xpath(xp)
            if els:
                raw = els[0].text_content()
                break
    if not raw:
        return None
    a = re.sub(r"\s+", " ", raw).strip()
    a = re.sub(r"^(?:posted\s+by|written\s+by|by)\s+", "", a, flags=re.I)
    a = re.split(r"\s+(?:on|\|)\s+", a)[0]
    a = _BYLINE_TAIL.sub("", a).strip(" ,|")
    # "Our correspondent", "Levant Wire staff": a desk credit, not a person who can be quoted
    if (
        not a
        or len(a.split()) > 6
        or re.match(r"^(?:our|the)\b|^admin$", a, re.I)
        or re.search(r"\bstaff\b", a, re.I)
        or find_date(a)
    ):
        return None
    return a


# ---------------------------------------------------------------- the reader


def read_html(raw: str, **meta) -> Document:
    """Read one HTML page (possibly truncated) into a Document.

    `meta` may give url, outlet, outlet_kind, published, doc_id, source, format; values given
    win over what the page says (a corpus line's date is better than a guess from markup).
    """
    import trafilatura

    root = (
        lxml.html.document_fromstring(raw) if raw.strip() else lxml.html.document_fromstring("<html></html>")
    )
    comments, sections = parse_comments(root)
    for s in sections:
        if s.getparent() is not None:
            s.getparent().remove(s)
    for el in root.xpath("//*[@id='respond' or contains(@class,'comment-respond')]"):
        if el.getparent() is not None:
            el.getparent().remove(el)
    outlet = meta.get("outlet") or page_outlet(root)
    title = page_title(root, outlet)
    url = meta.get("url") or _meta(root, "og:url") or None
    clean_html = lxml.html.tostring(root, encoding="unicode")
    body = trafilatura.extract(clean_html, include_comments=False, include_tables=True, favor_recall=True,
                               deduplicate=False, with_metadata=False) or ""  # fmt: skip
    if not body.strip():
        body = _fallback_body(root)
    body = _tidy_body(body, title)
    published = meta.get("published") or page_date(root, url)
    return Document(
        body=body,
        title=title,
        author=page_author(root),
        published=published,
        outlet=outlet,
        url=url,
        comments=comments,
        source=meta.get("source"),
        format=meta.get("format") or "html",
        doc_id=meta.get("doc_id"),
        outlet_kind=meta.get("outlet_kind"),
    )


def _fallback_body(root: etree._Element) -> str:
    """The paragraphs of a page trafilatura found nothing in (a very short or truncated page)."""
    paras = [re.sub(r"\s+", " ", p.text_content()).strip() for p in root.iter("p")]
    paras = [p for p in paras if len(p.split()) >= 5]
    if paras:
        return "\n\n".join(paras)
    body = root.find(".//body")
    return text_of(body if body is not None else root)


def _tidy_body(body: str, title: str | None) -> str:
    paras = [re.sub(r"[ \t]+", " ", p).strip() for p in re.split(r"\n+", body)]
    paras = [p for p in paras if p]
    if paras and title and paras[0].strip().lower() == title.strip().lower():
        paras = paras[1:]
    # date stamps and bylines that extraction kept above the first paragraph
    while (
        paras
        and len(paras[0].split()) <= 12
        and (is_date_only(paras[0]) or re.match(r"^(?:by|posted by|written by)\s", paras[0], re.I))
    ):
        paras = paras[1:]
    while paras and len(paras[-1].split()) <= 8 and is_date_only(paras[-1]):
        paras = paras[:-1]
    return "\n\n".join(paras)
