"""Scraped text pages -> Document: title, byline, date, body and the reader thread.

A page saved as text keeps its whole chrome: site name and navigation above the headline,
share buttons, tags and related links under the article, a footer, and the reader thread
with its "says:", "Reply" and form lines. What survives of the markup is layout: a thread's
nesting shows only as numbering ("1.", "2.") and indentation or bullets ("•", "◦"). The
reader classifies lines by shape (the patterns live in `data/read/text_patterns.yaml`, so an
outlet's odd footer is a data change), finds where the article starts (the first line of
real prose), cuts the page at the thread heading, and rebuilds the thread with an indent
stack: an item's parent is the nearest earlier item indented less.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from orbat.model import Comment, Document
from orbat.read._dates import find_date, find_datetime, is_date_only

_SENT_END = re.compile(r"""[.!?:;]["'\u201d\u2019)\]]*$|["\u201d]$""")
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f\u0600-\u06ff0-9][\w'\u2019.-]*")
_SEPARATOR = re.compile(r"^\s*[-=_*~#.\u2013\u2014\u2500\u2550]{4,}\s*$")
_NAV_SPLIT = re.compile(r"\s{2,}|\s*[|\u2022\u00b7]\s*|\]\s*\[|\s+/\s+")
_MARKER = re.compile(
    r"^(?:#(?P<hnum>\d{1,4})\b[:.)]?|(?P<num>\d{1,3})[.)])(?:\s+(?P<rest>.*))?$|^(?P<bullet>[\u2022\u25e6\u25aa\u25ab\u25cb\u25cf\u2023\u00b7*\u2013>\u21b3\u2514\u251c\u2192-]+)\s+(?P<brest>.*)$"
)
_SAYS = re.compile(r"^(?P<author>\S.{0,60}?)\s+(?:says|said|wrote|writes|replied)\s*:?\s*$", re.I)
_AUTHOR_DATE = re.compile(
    r"^(?P<author>[^|\u2022\u00b7]{1,60}?)\s*(?:[|\u2022\u00b7]|\s-\s|\s\u2013\s)\s*(?P<date>.*\d.*)$"
)
_RELTIME = r"(?:about\s+)?(?:\d+|an?|one)\s+(?:second|minute|min|hour|hr|day|week|month|year)s?\s+ago|yesterday|today|just now"
_AUTHOR_REL = re.compile(
    r"^(?P<author>[^|\u2022\u00b7]{1,60}?)\s*(?:[|\u2022\u00b7]|\s-\s|\s\u2013\s|,)\s*(?P<date>"
    + _RELTIME
    + r")\s*:?$",
    re.I,
)
_RELTIME_LINE = re.compile(r"^(?:posted\s+)?(?:" + _RELTIME + r")$", re.I)
_AUTHOR_PAREN = re.compile(r"^(?P<author>[^()]{1,60}?)\s*\((?P<date>[^)]*\d[^)]*)\)\s*:?$")
_REPLY_REF = re.compile(
    r"^(?:\(?(?:in\s+)?reply(?:ing)?\s+to\s+(?:#\s*(?P<no>\d+)|@?(?P<name>[^:)]{1,40}?))\)?\s*:?\s*|quote from:?\s*(?P<qname>[^()\n]{1,40}?)\s*(?:\(reply to #\s*(?P<qno>\d+)\))?\s*$|@(?P<at>[\w.-]{2,30})[,:]?\s+)",
    re.I,
)
_AUTHOR_ON = re.compile(
    r"^(?P<author>\S.{0,50}?)\s+(?:on|at)\s+(?P<date>.*\d.*?)(?:\s+(?:said|wrote))?\s*:?\s*$", re.I
)
_DATELINE = re.compile(
    r"^(?P<head>[A-Z][A-Z .'/-]{2,},?[^-\u2013\u2014(]{0,40}?)(?:\([^)]{1,40}\))?\s*[-\u2013\u2014]\s"
)
_STAMP = re.compile(r"^(?:first\s+)?(?:published|posted|updated|dated?|last\s+updated)\b", re.I)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_MONTH_DAY = re.compile(
    r"\b(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?P<d>\d{1,2})\b|\b(?P<d2>\d{1,2})\s+(?P<mon2>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
    re.I,
)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    """Line shapes from the data file, compiled once (case-insensitive, whole stripped line)."""
    text = resources.files("orbat").joinpath("data/read/text_patterns.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    out = {}
    for key, pats in data.items():
        out[key] = re.compile("|".join(f"(?:{p})" for p in pats), re.I)
    return out


def _is(kind: str, line: str) -> bool:
    return bool(_patterns()[kind].search(line.strip()))


def _words(s: str) -> int:
    return len(_WORD.findall(s))


def _is_nav(s: str) -> bool:
    parts = [p for p in _NAV_SPLIT.split(s.strip()) if p.strip()]
    if len(parts) < 2:
        return False
    short = all(_words(p) <= 4 and not _SENT_END.search(p.strip()) for p in parts)
    return short and (len(parts) >= 3 or _words(s) <= 8)


def _is_prose(s: str) -> bool:
    n = _words(s)
    return (n >= 12 and bool(_SENT_END.search(s.strip()))) or n >= 30


@dataclass
class _Line:
    i: int
    raw: str
    s: str
    indent: int


def _lines(raw: str) -> list[_Line]:
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ").replace("\u00a0", " ")
    out = []
    for i, ln in enumerate(raw.split("\n")):
        ln = ln.rstrip()
        out.append(_Line(i, ln, ln.strip(), len(ln) - len(ln.lstrip(" "))))
    return out


def _is_byline(s: str) -> bool:
    return _is("byline", s) and _words(s) <= 20


def _header_kind(s: str) -> str:
    """What a line above the article is: blank, separator, nav, byline, date, meta or text."""
    if not s:
        return "blank"
    if _SEPARATOR.match(s):
        return "separator"
    if _is_byline(s):
        return "byline"
    if is_date_only(s) or (find_date(s) and _words(s) <= 8):
        return "date"
    if _is_nav(s) or _is("breadcrumb", s) or _is("header_junk", s):
        return "nav"
    return "text"


def _body_start(lines: list[_Line], end: int) -> int:
    """Index of the first line of article prose (a headline followed by a byline is no prose)."""
    for k in range(end):
        s = lines[k].s
        if not s or not _is_prose(s) or _is_byline(s) or _is("tail", s) or _is("thread_head", s):
            continue
        ahead = []
        for ln in lines[k + 1 : min(end, k + 12)]:
            if not ln.s:
                continue
            if _is_prose(ln.s) or _is("tail", ln.s) or _is("thread_head", ln.s) or len(ahead) == 4:
                break
            ahead.append(ln.s)
        if ahead and _header_kind(ahead[0]) in ("byline", "date") and not _SENT_END.search(s):
            continue
        # a tagline that reads like a sentence: the byline or date line still to come says
        # the header is not over
        if any(_is_byline(a) or (_header_kind(a) == "date" and _words(a) <= 8) for a in ahead):
            continue
        return k
    return 0


def _thread_start(lines: list[_Line], start: int) -> int | None:
    for k in range(start, len(lines)):
        s = lines[k].s
        is_head = bool(s) and _words(s) <= 25 and _is("thread_head", s) and not _is("thread_end", s)
        if is_head and (re.search(r"\d", s) or _thread_follows(lines[k + 1 : k + 12])):
            return k
    # no heading: the first "Name says:" line (and its numbering) opens the thread
    for k in range(start, len(lines)):
        s = lines[k].s
        m = _MARKER.match(s)
        rest = (m.group("rest") or m.group("brest")) if m else s
        if _SAYS.match(rest or "") and (rest or "").rstrip().endswith(":"):
            return k - 1
    return None


def _thread_follows(window: list[_Line]) -> bool:
    """A bare "Comments" or "Discussion" heading opens a thread only if comment lines follow
    (numbering, bullets, "Name says:" or "Name | date" headers, "Reply" lines, a comment form)."""
    seen = 0
    for ln in window:
        s = ln.s
        if not s:
            continue
        if _is("thread_end", s) or _MARKER.match(s) or _header(s) or _is("comment_junk", s):
            return True
        seen += 1
        if seen >= 3 or _is_prose(s):
            return False
    return False


def _title_and_meta(header: list[_Line]) -> tuple[str | None, str | None, str | None, int]:
    """Title, author, date and the title's position, from the lines above the article.

    The title is the longest plain line up there (site names, taglines and section labels
    are shorter); a line ending like a sentence is taken only when nothing else is left.
    """
    title_cands: list[tuple[bool, int, int, str]] = []
    author = None
    published = None
    for pos, ln in enumerate(header):
        kind = _header_kind(ln.s)
        if kind == "byline":
            author = author or _author_from_byline(ln.s)
        if kind in ("byline", "date", "nav", "separator") or (
            kind == "text" and _words(ln.s) <= 10 and _is("byline_role", ln.s)
        ):
            published = published or find_date(ln.s)
            continue
        if kind == "text" and _words(ln.s) >= 3 and not _is("tail", ln.s):
            title_cands.append((not ln.s.endswith("."), _words(ln.s), pos, ln.s))
    if not title_cands:
        return None, author, published, -1
    best = max(title_cands)
    return best[3], author, published, best[2]


def _author_from_byline(s: str) -> str | None:
    m = re.search(
        r"\bby\s+(?P<a>[^|\u2022\u00b7()\n]+?)(?:\s*(?:[|\u2022\u00b7(]|,\s|\s-\s|\s\u2013\s|\bon\b|\bin\s+[A-Z]|$))",
        s,
        re.I,
    )
    if not m:
        return None
    a = m.group("a").strip(" ,.-\u2013")
    if (
        not a
        or _words(a) > 6
        or find_date(a)
        or re.match(r"(?:the|our)\b", a, re.I)
        or re.search(r"\bstaff\b", a, re.I)
    ):
        return None
    return a


def _published_from_dateline(body: list[str], context: list[str]) -> str | None:
    """ "DAMASCUS, Aug 27 (Agency) -": month and day from the dateline, the year from the page."""
    if not body:
        return None
    m = _DATELINE.match(body[0])
    if not m:
        return None
    head = m.group("head")
    d = find_date(head)
    if d:
        return d
    md = _MONTH_DAY.search(head)
    years = [y for c in context for y in _YEAR.findall(c)]
    if not md or not years:
        return None
    mon = md.group("mon") or md.group("mon2")
    day = md.group("d") or md.group("d2")
    return find_date(f"{day} {mon} {years[0]}")


def _paragraphs(lines: list[_Line]) -> list[str]:
    paras, cur = [], []
    for ln in lines:
        if not ln.s:
            if cur:
                paras.append(" ".join(cur))
                cur = []
        else:
            cur.append(ln.s)
    if cur:
        paras.append(" ".join(cur))
    return paras


def _body_lines(lines: list[_Line], start: int, end: int) -> list[_Line]:
    """Article lines from `start` up to the tail (share, tags, related, credits, footer)."""
    out: list[_Line] = []
    k = start
    while k < end:
        ln = lines[k]
        s = ln.s
        if s and (_is("tail", s) or _is("footer", s)):
            break
        if s and _SEPARATOR.match(s):
            # a rule followed by long prose is a section break, otherwise the footer begins
            rest = _paragraphs(lines[k + 1 : end])
            if not rest or _words(rest[0]) < 40:
                break
            out.append(_Line(ln.i, "", "", 0))
            k += 1
            continue
        if s and (_is("inline_junk", s) or _is_nav(s)):
            k += 1
            continue
        out.append(ln)
        k += 1
    return out


# ---------------------------------------------------------------- reader thread


@dataclass
class _Item:
    indent: int
    author: str | None = None
    date: str | None = None
    paras: list[list[str]] = field(default_factory=list)
    parent: _Item | None = None
    cid: str = ""
    number: int | None = None

    def add(self, s: str, new_para: bool) -> None:
        if new_para or not self.paras:
            self.paras.append([])
        self.paras[-1].append(s)

    @property
    def text(self) -> str:
        return "\n\n".join(" ".join(p) for p in self.paras if p)


def _header(s: str) -> tuple[str | None, str | None] | None:
    """(author, date) when `s` is a comment's header line ("Ann says:", "Ann | 23.08.2016 18:02")."""
    m = _SAYS.match(s)
    if m and _words(m.group("author")) <= 6:
        return m.group("author").strip(), None
    m = _AUTHOR_REL.match(s)
    if m and _words(m.group("author")) <= 5:
        return m.group("author").strip(), None
    for rx in (_AUTHOR_DATE, _AUTHOR_PAREN, _AUTHOR_ON):
        m = rx.match(s)
        if (
            m
            and find_date(m.group("date"))
            and _words(m.group("author")) <= 5
            and _words(s) <= 14
            and not re.search(r"[!?:;]$", m.group("author"))
        ):
            return m.group("author").strip(), find_datetime(m.group("date"))
    return None


def parse_thread(lines: list[_Line]) -> list[Comment]:
    """Comments (with parents) from the lines under a thread heading."""
    items: list[_Item] = []
    stack: list[_Item] = []
    last_num: dict[int, int] = {}
    cur: _Item | None = None
    blank_before = False

    def open_item(indent: int) -> _Item:
        it = _Item(indent)
        while stack and stack[-1].indent >= indent:
            stack.pop()
        it.parent = stack[-1] if stack else None
        stack.append(it)
        items.append(it)
        return it

    after_reply = False
    for idx, ln in enumerate(lines):
        s = ln.s
        if not s:
            blank_before = True
            continue
        if _is("thread_end", s) or _is("footer", s):
            if items:
                break
            continue
        if _is("comment_junk", s) or _is("form_field", s):
            blank_before = True
            after_reply = cur is not None and bool(re.match(r"(?i)(?:log\s*in\s+to\s+)?reply\b", s))
            continue
        m = _MARKER.match(s)
        rest = None
        number = None
        if m:
            numbered = m.group("num") or m.group("hnum")
            rest = m.group("rest") if numbered else m.group("brest")
            if numbered:
                n = number = int(numbered)
                prev = last_num.get(ln.indent)
                if not (n == 1 or (prev is not None and n == prev + 1)):
                    m = None  # "7. point" inside a comment, not a new comment
                else:
                    last_num[ln.indent] = n
                    # deeper numbering restarts below a new item
                    for k in [k for k in last_num if k > ln.indent]:
                        del last_num[k]
        if m:
            cur = open_item(ln.indent)
            cur.number = number
            h = _header(rest or "")
            if h:
                cur.author, cur.date = h
            elif rest:
                cur.add(rest, True)
            blank_before = after_reply = False
            continue
        h = _header(s) or _name_over_date(s, lines[idx + 1 : idx + 4])
        if h and cur is not None and not cur.paras and cur.author is None and cur.date is None:
            cur.author, cur.date = h  # "1." on a line of its own, the header under it
            continue
        if h and (cur is None or blank_before or cur.paras):
            cur = open_item(ln.indent)
            cur.author, cur.date = h
            blank_before = after_reply = False
            continue
        if cur is None or after_reply:
            # threads with neither numbering nor headers: a comment starts after "Reply"
            if _words(s) <= 4 and not _SENT_END.search(s):
                continue  # "Sort by newest" and the like
            cur = open_item(ln.indent)
            blank_before = after_reply = False
        if (is_date_only(s) and _words(s) <= 10) and not cur.paras:
            cur.date = cur.date or find_datetime(s)
            continue
        if _RELTIME_LINE.match(s) and not cur.paras:
            continue
        cur.add(s, blank_before)
        blank_before = False

    _flat_replies(items)
    out: list[Comment] = []
    counters: dict[int | None, int] = {}
    for it in items:
        if not it.text:
            continue
        pid = it.parent.cid if it.parent is not None and it.parent.cid else None
        counters[pid] = counters.get(pid, 0) + 1
        it.cid = f"{pid}_{counters[pid]}" if pid else f"c{counters[pid]}"
        out.append(Comment(id=it.cid, parent=pid, author=it.author, date=it.date, text=it.text))
    return out


def _name_over_date(s: str, nxt: list[_Line]) -> tuple[str, None] | None:
    """A bare name line with a date stamp under it is a comment header (the date is read next)."""
    following = next((ln.s for ln in nxt if ln.s), "")
    if not following or _words(s) > 4 or _SENT_END.search(s) or re.search(r"\d", s):
        return None
    if (is_date_only(following) and _words(following) <= 10) or _RELTIME_LINE.match(following):
        return s.strip(), None
    return None


def _flat_replies(items: list[_Item]) -> None:
    """Flat threads say whom a comment answers: "@Ann", "In reply to #3", "Quote from: Ann"."""
    for k, it in enumerate(items):
        if it.parent is not None or not it.paras or not it.paras[0]:
            continue
        first = it.paras[0][0]
        m = _REPLY_REF.match(first)
        if not m:
            continue
        no = m.group("no") or m.group("qno")
        name = (m.group("name") or m.group("qname") or m.group("at") or "").strip().lower()
        target = None
        for prev in reversed(items[:k]):
            if (no and prev.number == int(no)) or (not no and name and (prev.author or "").lower() == name):
                target = prev
                break
        if target is None:
            continue
        it.parent = target
        if m.group("at"):
            continue  # "@Ann ..." is part of what the reader wrote
        rest = first[m.end() :].strip()
        if rest:
            it.paras[0][0] = rest
        else:
            it.paras[0].pop(0)
            if not it.paras[0]:
                it.paras.pop(0)


def read_text(raw: str, **meta) -> Document:
    """Read one scraped text page into a Document; `meta` values (url, outlet, published...) win."""
    lines = _lines(raw)
    n = len(lines)
    start = _body_start(lines, n)
    t = _thread_start(lines, start + 1)
    article_end = t if t is not None else n
    header = lines[:start]
    title, author, published, tpos = _title_and_meta(header)
    # a short opening paragraph (under the prose threshold) sits between headline and body
    lead = (
        [ln for ln in header[tpos + 1 :] if ln.s and _header_kind(ln.s) == "text" and _SENT_END.search(ln.s)]
        if tpos >= 0
        else []
    )
    body_lines = _body_lines(lines, start, article_end)
    if lead:
        body_lines = [*lead, _Line(-1, "", "", 0), *body_lines]
    paras = _paragraphs(body_lines)
    if title and paras and paras[0] == title:
        paras = paras[1:]
    # a "Published 3 May 2016" stamp under the article is metadata, not prose
    while (
        paras
        and _words(paras[-1]) <= 10
        and find_date(paras[-1])
        and (is_date_only(paras[-1]) or _STAMP.match(paras[-1]))
    ):
        published = published or find_date(paras.pop())
    comments: list[Comment] = []
    if t is not None:
        comments = parse_thread(lines[t + 1 :])
    if not published:
        published = _published_from_dateline(
            paras, [ln.s for ln in header] + [ln.s for ln in lines if ln.s and _is("footer", ln.s)]
        )
    return Document(
        body="\n\n".join(paras),
        title=title,
        author=author,
        published=meta.get("published") or published,
        outlet=meta.get("outlet"),
        url=meta.get("url"),
        comments=comments,
        source=meta.get("source"),
        format=meta.get("format") or "text",
        doc_id=meta.get("doc_id"),
        outlet_kind=meta.get("outlet_kind"),
    )
