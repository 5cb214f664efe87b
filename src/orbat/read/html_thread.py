"""Reader threads in HTML: the comment tree, with parents, from the common markups.

trafilatura returns comments as a flat list without ids, parents, authors or dates, so the
thread is read here from the markup itself: WordPress (`ol.commentlist` / `ul.children`),
Disqus (`li.post`, `.post-message`), forum tables (`tr.post-row` with "reply to #N"), generic
`.comment` lists, and flat lists that name the parent (`data-parent`, `depth-N`, "@name").
A comment's parent is the comment whose element encloses it; flat markups fall back to what
they say about whom a comment answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from orbat.model import Comment
from orbat.read._dates import find_date, find_datetime
from orbat.read._markup import class_tokens, text_of

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


def _is_container(el: etree._Element) -> bool:
    return bool(_CONTAINER.search(f" {el.get('id') or ''} {el.get('class') or ''} "))


def _is_candidate(el: etree._Element) -> bool:
    if el.tag not in ("li", "tr", "article", "div", "section"):
        return False
    if _is_container(el):
        return False
    if class_tokens(el) & _ITEM_CLASSES:
        return True
    return bool(_ITEM_ID.match(el.get("id") or ""))


def _is_message(el: etree._Element) -> bool:
    return (
        bool(class_tokens(el) & _MESSAGE_CLASSES)
        or el.get("data-role") == "message"
        or el.get("itemprop") == "text"
    )


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
                # each comment element takes its first (outermost) message element; one that
                # sits in a nested reply belongs to that reply
                c = nearest_cand(m)
                if c is not None and c not in own_msg:
                    own_msg[c] = m
    items = []
    for c in cands:
        if c in own_msg:
            items.append(_Item(c, own_msg[c]))
        elif (
            not any(d in cand_set for d in c.iterdescendants())
            and text_of(c, skip=_skip_chrome).strip()
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
    if _is_candidate(e) or class_tokens(e) & {"children"}:
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
            if cls not in class_tokens(a):
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
            if isinstance(el.tag, str)
            and class_tokens(el) & (_ITEM_CLASSES - {"post"})
            and not el.xpath(".//h1")
        ]
        loose_set = set(loose)
        loose = [el for el in loose if not any(a in loose_set for a in el.iterancestors())]
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
        text = text_of(src, skip=_skip_chrome if it.message is None else _skip_nested)
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
    return _is_candidate(e) or "children" in class_tokens(e)


def _own_nodes(region: etree._Element, item: etree._Element, cand_set: set) -> list[etree._Element]:
    """The elements of one comment's region, without the replies nested inside it."""
    keep = {item, *item.iterancestors()}
    out: list[etree._Element] = []

    def walk(e: etree._Element) -> None:
        for c in e:
            if not isinstance(c.tag, str):
                continue
            if c not in keep and (c in cand_set or "children" in class_tokens(c)):
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
