"""A parsed piece of a document (title, body or one comment) with its actor mentions.

Extractors get a `Segment` and a `DocContext` and return claims; they never see the store or
the reader. Comments are parsed as their own segments so every claim in them is the reader's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from orbat.knowledge import Knowledge
from orbat.model import AUTHOR, Document, Evidence, Mention


@dataclass
class Segment:
    name: str  # "title", "body" or "comment:<id>"
    text: str
    speaker: str  # the default speaker: author or commenter:<id>
    doc: Doc
    mentions: list[Mention] = field(default_factory=list)
    _by_token: dict[int, Mention] = field(default_factory=dict, repr=False)

    def index(self) -> None:
        """Map every token inside a mention to that mention (called after linking)."""
        self._by_token = {}
        for m in self.mentions:
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                self._by_token[t.i] = m

    def mention_at(self, token: Token) -> Mention | None:
        return self._by_token.get(token.i)

    def actor_at(self, token: Token) -> str | None:
        m = self._by_token.get(token.i)
        return m.actor_id if m else None

    def mentions_in(self, tokens: Span | list[Token]) -> list[Mention]:
        """Distinct mentions touched by a run of tokens, in text order."""
        seen: list[Mention] = []
        for t in tokens:
            m = self._by_token.get(t.i)
            if m is not None and m not in seen:
                seen.append(m)
        return seen

    def actors_in(self, tokens: Span | list[Token]) -> list[str]:
        out: list[str] = []
        for m in self.mentions_in(tokens):
            if m.actor_id not in out:
                out.append(m.actor_id)
        return out

    def evidence(self, sent: Span, start: int | None = None, end: int | None = None, *, speaker: str | None = None,
                 hedged: bool = False, negated: bool = False) -> Evidence:
        return Evidence(
            segment=self.name,
            sentence=sent.text,
            start=sent.start_char if start is None else start,
            end=sent.end_char if end is None else end,
            speaker=speaker or self.speaker,
            hedged=hedged,
            negated=negated,
        )


@dataclass
class DocContext:
    document: Document
    knowledge: Knowledge
    published: date | None


def segment_texts(document: Document) -> list[tuple[str, str, str]]:
    """(name, text, default speaker) for the title, the body and every comment."""
    out: list[tuple[str, str, str]] = []
    if document.title:
        out.append(("title", document.title, AUTHOR))
    if document.body:
        out.append(("body", document.body, AUTHOR))
    for c in document.comments:
        if c.text.strip():
            out.append((f"comment:{c.id}", c.text, f"commenter:{c.id}"))
    return out
