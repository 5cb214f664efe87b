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
from dataclasses import dataclass

import lxml.html
from lxml import etree

from orbat.model import Comment, Document
from orbat.read._dates import date_from_url, find_date, find_datetime, is_date_only

# id/class fragments of the element that holds a page's reader thread
_CONTAINER = re.compile(
    r"(?:^|[\s_-])(?:comments|commentlist|comment-list|comments-area|comment-section|disqus_thread|"
    r"post-list|reader-forum|forum-thread|discussion|responses|respond|comment-respond|reader-comments)(?:$|[\s_-])",
    re.I,
)
# class tokens of one comment's element
_ITEM_CLASSES = {"comment", "post", "post-row", "forum-post", "comment-item", "commentitem", "comment-thread-item",
                 "reader-comment", "user-comment"}  # fmt: skip
_ITEM_ID = re.compile(
    r"^(?:li-|div-)?(?:comment|post|msg|message|reply)(?:[-_]([\w-]+)|(\w*\d[\w-]*))$", re.I
)
# class tokens of the element holding a comment's words
_MESSAGE_CLASSES = {"comment-content", "comment-text", "comment_text", "commenttext", "comment-message", "post-message",
                    "message-body", "comment-entry", "comment__body", "comment-body-text", "inner", "msg-body",
                    "post-text", "comment-copy", "message"}  # fmt: skip
_AUTHOR_CLASSES = ("fn", "comment-author", "author", "username", "user-name", "poster", "poster-info", "commenter",
                   "post-author", "comment-author-name", "name")  # fmt: skip
# parts of a comment element that are not the reader's words
_CHROME = re.compile(r"(?:^|\s)(?:comment-meta|comment-metadata|comment-author|vcard|avatar|reply|post-byline|"
                     r"post-meta|post-menu|post-foot|post-head|byline|voting|vote-up|vote-down|says|share|"
                     r"comment-reply-link|poster-info|quote-head|rank)(?:$|\s)", re.I)  # fmt: skip
_QUOTE_HEADER = re.compile(r"^\s*(?:quote from|in reply to|replying to)\b", re.I)
_REPLY_TO = re.compile(r"(?:reply|replying|in reply)\s+to\s+#\s*(\d+)", re.I)
_QUOTE_FROM = re.compile(r"quote from:?\s*([^\s(][^(\n]*?)\s*(?:\(|$)", re.I)
_POST_NO = re.compile(r"#\s*(\d+)")
_PARENT_ATTRS = ("data-parent", "data-parent-id", "data-parentid", "data-reply-to", "data-in-reply-to")
_DEPTH = re.compile(r"(?:^|\s)(?:depth|level)-(\d+)(?:$|\s)")
_TEXT_REPLY = re.compile(
    r"^(?:@(?P<at>[\w.-]{2,30})\b|(?:in\s+)?reply(?:ing)?\s+to\s+@?(?P<name>[^:\n]{2,40}):)", re.I
)
_BLOCK_TAGS = {"p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr", "br", "section",
               "article", "ul", "ol", "table", "header", "footer"}  # fmt: skip
_TITLE_SEP = re.compile(r"\s+[|\u2013\u2014\u00b7:»-]\s+")
_BYLINE_TAIL = re.compile(
    r"\s*(?:,\s*[^,]*(?:correspondent|editor|reporter|writer|staff|bureau|desk)[^,]*$|\s+in\s+[A-Z][\w' -]+$)"
)


def _tokens(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").lower().split())


def _is_container(el: etree._Element) -> bool:
    return bool(_CONTAINER.search(f" {el.get('id') or ''} {el.get('class') or ''} "))


def _is_candidate(el: etree._Element) -> bool:
    if el.tag not in ("li", "tr", "article", "div", "section"):
        return False
    if _is_container(el):
        return False
    if _tokens(el) & _ITEM_CLASSES:
        return True
    return bool(_ITEM_ID.match(el.get("id") or ""))


def _is_message(el: etree._Element) -> bool:
    return (
        bool(_tokens(el) & _MESSAGE_CLASSES)
        or el.get("data-role") == "message"
        or el.get("itemprop") == "text"
    )


def _text(el: etree._Element, skip=None) -> str:
    """Readable text of `el`: block elements become paragraph breaks, `skip(e)` subtrees dropped."""
    parts: list[str] = []

    def walk(e: etree._Element) -> None:
        if not isinstance(e.tag, str):
            if e.tail:
                parts.append(e.tail)
            return
        if skip is not None and e is not el and skip(e):
            if e.tail:
                parts.append(e.tail)
            return
        if e.tag in ("script", "style", "noscript", "template"):
            if e.tail:
                parts.append(e.tail)
            return
        block = e.tag in _BLOCK_TAGS
        if block:
            parts.append("\n\n")
        if e.text:
            parts.append(e.text)
        for c in e:
            walk(c)
        if block:
            parts.append("\n\n")
        if e.tail:
            parts.append(e.tail)

    if el.text:
        parts.append(el.text)
    for child in el:
        walk(child)
    out = "".join(parts).replace("\u00a0", " ")
    paras = [re.sub(r"[ \t\r\f\v]+", " ", p).strip() for p in re.split(r"\n\s*\n", out)]
    paras = [re.sub(r"\s*\n\s*", " ", p) for p in paras if p]
    return "\n\n".join(paras)


@dataclass
class _Item:
    el: etree._Element
    message: etree._Element | None
    comment: Comment | None = None


def _containers(root: etree._Element) -> list[etree._Element]:
    """Outermost elements that hold a reader thread (never one that holds the headline)."""
    found = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("body", "html", "main", "form", "input", "textarea"):
            continue
        if not _is_container(el):
            continue
        if (
            el.xpath(".//h1")
            or any(a is el for f in found for a in [f])
            or any(f in el.iterancestors() for f in found)
        ):
            continue
        found.append(el)
    return found


def _items(scope: list[etree._Element]) -> tuple[list[_Item], dict]:
    cands = [el for s in scope for el in s.iter() if isinstance(el.tag, str) and _is_candidate(el)]
    cand_set = set(cands)

    def nearest_cand(e: etree._Element) -> etree._Element | None:
        for a in e.iterancestors():
            if a in cand_set:
                return a
        return None

    own_msg: dict = {}
    for s in scope:
        for m in s.iter():
            if isinstance(m.tag, str) and _is_message(m):
                # a message inside another message (nested markup) belongs to the outer one
                if any(_is_message(a) for a in m.iterancestors() if a in own_msg.values() or _is_message(a)):
                    continue
                c = nearest_cand(m)
                if c is not None and c not in own_msg:
                    own_msg[c] = m
    items = []
    for c in cands:
        if c in own_msg:
            items.append(_Item(c, own_msg[c]))
        elif (
            not any(d in cand_set for d in c.iterdescendants())
            and _text(c, skip=_skip_chrome).strip()
            and (_commentish(c) or _author_of([c, *c.iterdescendants()]))
        ):
            # old markup: the words sit straight in the item. Without a message element we
            # want a sign that this is a comment (a "comment" name or an author), or a list
            # of related posts would pass for a thread.
            items.append(_Item(c, None))
    return items, own_msg


def _commentish(el: etree._Element) -> bool:
    for a in [el, *el.iterancestors()]:
        if re.search(
            r"comment|disqus|forum|discussion|respon|reply|replies",
            f"{a.get('id') or ''} {a.get('class') or ''}",
            re.I,
        ):
            return True
    return False


def _skip_chrome(e: etree._Element) -> bool:
    if _is_candidate(e) or _tokens(e) & {"children"}:
        return True
    cls = f"{e.get('class') or ''}"
    if cls and _CHROME.search(cls):
        return True
    if e.tag in ("footer", "menu", "time", "img", "form", "button"):
        return True
    return (
        e.tag in ("div", "span", "p")
        and bool(_QUOTE_HEADER.match(e.text_content() or ""))
        and len((e.text_content() or "").split()) < 15
    )


def _clean_id(raw: str | None) -> str | None:
    if not raw:
        return None
    m = _ITEM_ID.match(raw)
    return (m.group(1) or m.group(2)) if m else raw


def _author_of(nodes: list[etree._Element]) -> str | None:
    for cls in _AUTHOR_CLASSES:
        for a in nodes:
            if cls not in _tokens(a):
                continue
            if cls == "poster-info":
                names = a.xpath(".//b|.//strong|.//a")
                a = names[0] if names else a
            name = re.sub(r"\s+", " ", a.text_content()).strip()
            name = re.sub(r"\s*(?:says|said|wrote)\s*:?\s*$", "", name, flags=re.I).strip()
            if name and len(name.split()) <= 6:
                return name
    return None


def _date_of(nodes: list[etree._Element]) -> str | None:
    for t in nodes:
        if t.tag != "time":
            continue
        d = find_datetime(t.get("datetime")) or find_datetime(t.text_content())
        if d:
            return d
    for a in nodes:
        if a.get("title") and find_date(a.get("title")):
            return find_datetime(a.get("title"))
        cls = a.get("class") or ""
        if re.search(r"date|time|meta|post-head|posted", cls, re.I) and find_date(a.text_content()):
            return find_datetime(a.text_content())
    return None


def parse_comments(root: etree._Element) -> tuple[list[Comment], list[etree._Element]]:
    """The reader thread of a page, with parents, and the elements that hold it (to cut out)."""
    scope = _containers(root)
    if not scope:
        # generic fallback: `.comment` elements anywhere outside the headline's article
        loose = [
            el
            for el in root.iter()
            if isinstance(el.tag, str) and _tokens(el) & (_ITEM_CLASSES - {"post"}) and not el.xpath(".//h1")
        ]
        loose = [el for el in loose if not any(a in loose for a in el.iterancestors())]
        scope = loose
    if not scope:
        return [], []
    items, _ = _items(scope)
    item_set = {it.el: it for it in items}
    cand_set = {el for s in scope for el in s.iter() if isinstance(el.tag, str) and _is_candidate(el)}
    used_ids: set[str] = set()
    by_no: dict[str, Comment] = {}
    by_raw: dict[str, Comment] = {}
    by_depth: dict[int, Comment] = {}
    comments: list[Comment] = []
    for n, it in enumerate(items, 1):
        src = it.message if it.message is not None else it.el
        text = _text(src, skip=_skip_chrome if it.message is None else _skip_nested)
        if not text:
            continue
        # the id: the item's own, else its wrapper's (WordPress puts it on the <li>)
        cid = _clean_id(it.el.get("id") or it.el.get("data-comment-id") or it.el.get("data-id"))
        if not cid:
            for a in it.el.iterancestors():
                if a in cand_set and a.get("id"):
                    cid = _clean_id(a.get("id"))
                    break
        if not cid or cid in used_ids:
            cid = f"c{n}"
        used_ids.add(cid)
        region = it.el
        for a in it.el.iterancestors():  # author and date may sit on the wrapper (<li>) level
            if a in cand_set and a not in item_set:
                region = a
            else:
                break
        own = _own_nodes(region, it.el, cand_set)
        parent = _structural_parent(it, item_set, cand_set)
        c = Comment(
            id=cid,
            parent=parent.comment.id if parent is not None and parent.comment is not None else None,
            author=_author_of(own),
            date=_date_of(own),
            text=text,
        )
        it.comment = c
        head = " ".join(
            x.text_content() for x in own if re.search(r"post-head|post-number", x.get("class") or "")
        )
        no = _POST_NO.search(head)
        if no:
            by_no[no.group(1)] = c
        if c.parent is None:
            c.parent = _forum_parent(own, by_no, comments)
        # flat lists that still say the parent: data attributes, WordPress depth-N classes
        for el in (it.el, region):
            for key in ("data-id", "data-comment-id", "id"):
                if el.get(key):
                    by_raw[el.get(key)] = c
                    by_raw[_clean_id(el.get(key)) or ""] = c
        if c.parent is None:
            ref = next((el.get(k) for el in (it.el, region) for k in _PARENT_ATTRS if el.get(k)), None)
            if ref and ref in by_raw and by_raw[ref] is not c:
                c.parent = by_raw[ref].id
        depth = next(
            (int(m.group(1)) for el in (it.el, region) if (m := _DEPTH.search(el.get("class") or ""))), None
        )
        if depth is not None:
            if c.parent is None and depth > 1 and depth - 1 in by_depth:
                c.parent = by_depth[depth - 1].id
            by_depth[depth] = c
            for d in [d for d in by_depth if d > depth]:
                del by_depth[d]
        if c.parent is None:
            c.parent = _text_reply_parent(c, comments)
        comments.append(c)
    # cut out what held the thread; a container that held no comment is cut only when its
    # name says comments (a "discussion" box inside an article keeps its words)
    held = {it.el for it in items}
    cut = [
        sc
        for sc in scope
        if any(e in held for e in sc.iter())
        or re.search(r"comment|disqus|respond|forum", f"{sc.get('id') or ''} {sc.get('class') or ''}", re.I)
    ]
    return comments, cut


def _text_reply_parent(c: Comment, earlier: list[Comment]) -> str | None:
    """ "@Ann ..." or "In reply to Ann:" opening a comment names the comment it answers."""
    m = _TEXT_REPLY.match(c.text)
    if not m:
        return None
    name = (m.group("at") or m.group("name") or "").strip().lower()
    for prev in reversed(earlier):
        if prev.author and prev.author.lower() == name:
            return prev.id
    return None


def _skip_nested(e: etree._Element) -> bool:
    return _is_candidate(e) or "children" in _tokens(e)


def _own_nodes(region: etree._Element, item: etree._Element, cand_set: set) -> list[etree._Element]:
    """The elements of one comment's region, without the replies nested inside it."""
    keep = {item, *item.iterancestors()}
    out: list[etree._Element] = []

    def walk(e: etree._Element) -> None:
        for c in e:
            if not isinstance(c.tag, str):
                continue
            if c not in keep and (c in cand_set or "children" in _tokens(c)):
                continue
            out.append(c)
            walk(c)

    out.append(region)
    walk(region)
    return out


def _structural_parent(it: _Item, item_set: dict, cand_set: set) -> _Item | None:
    for a in it.el.iterancestors():
        if a not in cand_set:
            continue
        primary = item_set.get(a)
        if primary is None:
            for d in a.iterdescendants():
                if d in item_set:
                    primary = item_set[d]
                    break
        if primary is not None and primary is not it:
            return primary
    return None


def _forum_parent(own: list[etree._Element], by_no: dict, earlier: list[Comment]) -> str | None:
    """Flat forums say whom a post answers: "(reply to #3)" or "Quote from: name"."""
    quote_text = " ".join(x.text_content() for x in own if "quote" in (x.get("class") or "").lower())
    m = _REPLY_TO.search(quote_text)
    if m and m.group(1) in by_no:
        return by_no[m.group(1)].id
    q = _QUOTE_FROM.search(quote_text)
    if q:
        name = q.group(1).strip().lower()
        for c in reversed(earlier):
            if (c.author or "").lower() == name:
                return c.id
    return None


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
        for line in _text(body).split("\n\n")[:40]:
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
    if not a or len(a.split()) > 6 or re.match(r"^(?:our|staff$|admin$)", a, re.I) or find_date(a):
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
    return _text(body if body is not None else root)


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
