"""Negation, hedging and speaker attribution, read from the parse and the modality lexicon.

A claim's flags come from its own clause: "the US never designated X" is negated, while
"officials say the US designated X, which was never in doubt" is not. The clause is the
trigger's head chain up to the nearest verb that is a clause root (ROOT, ccomp, advcl, relcl...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Span, Token

from orbat.annotate.segments import Segment

CLAUSE_DEPS = {"ROOT", "ccomp", "advcl", "relcl", "xcomp", "conj", "acl", "pcomp", "csubj", "parataxis"}
QUOTES = {'"', "\u201c", "\u201d", "``", "''"}


@dataclass
class Modality:
    neg_words: set[str]
    neg_verbs: set[str]
    hedge_words: set[str]
    hedge_modals: set[str]
    hedge_verbs: set[str]
    said_to: set[str]
    reporting_verbs: set[str]

    @classmethod
    def from_lexicon(cls, lex: dict[str, Any]) -> Modality:
        m = lex.get("modality", {})
        return cls(
            neg_words=set(m["negation"]["words"]),
            neg_verbs=set(m["negation"]["verbs"]),
            hedge_words=set(m["hedge"]["words"]),
            hedge_modals=set(m["hedge"]["modals"]),
            hedge_verbs=set(m["hedge"]["verbs"]),
            said_to=set(m["hedge"]["said_to"]),
            reporting_verbs=set(m["reporting"]["verbs"]),
        )

    def clause_chain(self, token: Token) -> list[Token]:
        """The trigger and its heads up to and including its clause's verb."""
        chain = [token]
        t = token
        while t.head.i != t.i:
            if t.pos_ in ("VERB", "AUX") and t.dep_ in CLAUSE_DEPS and t.i != token.i:
                break
            t = t.head
            chain.append(t)
            if t.pos_ in ("VERB", "AUX") and t.dep_ in CLAUSE_DEPS:
                break
        return chain

    def negated(self, token: Token) -> bool:
        for t in self.clause_chain(token):
            for c in t.children:
                if c.dep_ == "neg" or (c.lower_ in self.neg_words and c.dep_ in ("advmod", "det", "neg")):
                    return True
            if t.lemma_ in self.neg_verbs and t.i != token.i:
                return True
        return False

    def hedged(self, token: Token) -> bool:
        for t in self.clause_chain(token):
            for c in t.children:
                if c.lower_ in self.hedge_words:
                    return True
                if c.dep_ == "aux" and c.lower_ in self.hedge_modals:
                    return True
            if t.lower_ in self.hedge_words:
                return True
            # "is said/believed to back": a passive hedge verb governing the trigger
            if t.lemma_ in self.said_to and any(c.dep_ == "auxpass" for c in t.children):
                return True
            if (t.i != token.i and t.lemma_ in self.hedge_verbs and t.lemma_ != "claim"
                    and any(c.dep_ in ("xcomp", "ccomp") for c in t.children)):
                return True
        return False

    def speaker(self, seg: Segment, token: Token) -> str:
        """Who says what `token`'s clause says: a quoted source, else the segment's own voice."""
        if seg.speaker != "author":
            return seg.speaker
        sent = token.sent
        source = self._according_to(seg, sent) or self._reporting_subject(seg, token)
        if source:
            return f"quoted:{source}"
        return seg.speaker

    def _according_to(self, seg: Segment, sent: Span) -> str | None:
        toks = list(sent)
        for i, t in enumerate(toks[:-2]):
            if t.lower_ == "according" and toks[i + 1].lower_ == "to":
                obj = toks[i + 2]
                return _source_text(seg, obj)
        return None

    def _reporting_subject(self, seg: Segment, token: Token) -> str | None:
        t = token
        while t.head.i != t.i:
            t = t.head
            if t.lemma_ in self.reporting_verbs and t.pos_ in ("VERB", "AUX"):
                subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subj and subj[0].lower_ not in ("i", "we", "you"):
                    if t.lemma_ == "show" and subj[0].lower_ not in ("footage", "video", "images"):
                        continue
                    return _source_text(seg, subj[0])
        # a claim inside quotation marks followed by "X said"
        sent = token.sent
        if any(t.text in QUOTES for t in sent):
            for t2 in sent:
                if t2.lemma_ in self.reporting_verbs and t2.pos_ == "VERB":
                    subj = [c for c in t2.children if c.dep_ == "nsubj"]
                    if subj and subj[0].lower_ not in ("i", "we", "you"):
                        return _source_text(seg, subj[0])
        return None


def _source_text(seg: Segment, head: Token) -> str:
    """The source's name: its linked actor's surface if any, else its noun phrase."""
    m = seg.mention_at(head)
    if m:
        return m.text
    span = head.doc[head.left_edge.i:head.i + 1]
    text = span.text.strip()
    return text or head.text
