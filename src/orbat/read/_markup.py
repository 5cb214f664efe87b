"""Small helpers over lxml trees shared by the HTML, thread and feed readers."""

from __future__ import annotations

import re

from lxml import etree

_BLOCK_TAGS = {"p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr", "br", "section",
               "article", "ul", "ol", "table", "header", "footer"}  # fmt: skip


def class_tokens(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").lower().split())


def text_of(el: etree._Element, skip=None) -> str:
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
