"""Negation, hedging and speaker attribution, read from the parse and the modality lexicon.

A claim's flags come from its own clause: "the US never designated X" is negated, while
"officials say the US designated X, which was never in doubt" is not. The clause is the
trigger's head chain up to the nearest verb that is a clause root (ROOT, ccomp, advcl, relcl...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    citing: set[str] = field(default_factory=set)
    _quote_cache: dict = field(default_factory=dict, repr=False)

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
            citing=set(m["reporting"].get("citing") or []),
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
        """Who says what `token`'s clause says: a quoted source, else the segment's own voice.

        In order: a reporting verb above the claim ("SANA said that ..."; the reporting verb's own
        subject phrase stays the author's: "X, who heads Y, said ..."), quotation marks, possibly
        spanning sentences, attributed before or after the quote, and "according to X" in the
        sentence. A reader comment keeps its commenter unless it quotes someone."""
        source = self._quoted(seg, token) or self._parenthetical(seg, token)
        if source is None and self._described(token):
            return seg.speaker  # a description inside a noun phrase is the writer's own
        source = source or self._reporting_subject(seg, token) or self._according_to(seg, token.sent, token)
        if source:
            return f"quoted:{source}"
        return seg.speaker

    def _parenthetical(self, seg: Segment, token: Token) -> str | None:
        """A report set inside the claim's own clause ("X, officials say, armed Y"): the parser
        hangs it on the clause's verb as a parataxis, so no head chain reaches it."""
        for t in self.clause_chain(token):
            kids = list(t.children) + [g for c in t.children if c.dep_ in ("aux", "auxpass") for g in c.children]
            for c in kids:
                if c.dep_ == "parataxis" and c.lemma_ in self.reporting_verbs:
                    subj = [s for s in c.children if s.dep_ == "nsubj"]
                    if subj and subj[0].lower_ not in ("i", "we", "you"):
                        return _source_text(seg, subj[0])
        return None

    def _according_to(self, seg: Segment, sent: Span, claim: Token | None = None) -> str | None:
        toks = list(sent)
        for i, t in enumerate(toks[:-2]):
            # the word tests first: the walk up the tree is only worth it for a candidate
            if not (t.lower_ == "according" and toks[i + 1].lower_ == "to"
                    or t.lower_ in self.citing and t.dep_ in ("advcl", "prep", "acl", "xcomp", "pcomp")):
                continue
            if claim is not None and self._aside_elsewhere(t, claim):
                continue
            if t.lower_ == "according" and toks[i + 1].lower_ == "to":
                objs = [c for c in toks[i + 1].children if c.dep_ == "pobj"]
                return _source_text(seg, objs[0] if objs else toks[i + 2])
            if t.lower_ in self.citing and t.dep_ in ("advcl", "prep", "acl", "xcomp", "pcomp"):
                objs = [c for c in t.children if c.dep_ in ("dobj", "pobj")]
                if objs:
                    return _source_text(seg, objs[0])
        return None

    @staticmethod
    def _aside_elsewhere(t: Token, claim: Token) -> bool:
        """Is `t` inside a relative clause or apposition that does not hold the claim ("X declared a
        truce, a step the rebels exploited, according to Y": Y sources the aside, not the truce)?"""
        h = t
        while h.head.i != h.i:
            if h.dep_ in ("relcl", "appos") or (h.dep_ == "acl" and h.head.pos_ in ("NOUN", "PROPN")):
                return not (h.left_edge.i <= claim.i <= h.right_edge.i)
            h = h.head
        return False

    def _described(self, token: Token) -> bool:
        """Is the claim made inside an apposition or relative clause of a noun phrase ("Washington,
        which placed X on its list", "Y, al-Qaeda's former branch")? Writers add those
        descriptions in their own voice even inside reported speech."""
        t = token
        while t.head.i != t.i:
            content = any(c.dep_ == "mark" and c.lower_ in ("that", "whether") for c in t.children)
            participle = t.dep_ == "acl" and t.tag_ == "VBN"
            if not content and not participle and (
                    t.dep_ in ("appos", "relcl") or (t.dep_ == "acl" and t.head.pos_ in ("NOUN", "PROPN"))):
                # "proof that X backs Y" is a content clause, "units, backed by X" the report's own
                # wording: neither is the writer's aside
                return True
            if t.head.lemma_ in self.reporting_verbs:
                return False  # reached the report before any description
            t = t.head
        return False

    def _reporting_subject(self, seg: Segment, token: Token) -> str | None:
        """The subject of a reporting or belief verb that governs the claim through its complement
        (not through a subordinate "even though ..." clause, nor across a semicolon)."""
        prev = token
        t = token
        content = False  # the claim sits in a "that"-clause on the way up ("described it as proof that ...")
        while t.head.i != t.i:
            content = content or any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children)
            prev, t = t, t.head
            stops = ("nsubj", "nsubjpass", "csubj", "appos", "relcl", "advcl", "parataxis") + (() if content else ("dobj",))
            if t.lemma_ in self.reporting_verbs and prev.dep_ in stops:
                # the claim describes the source, stands beside the report, or is the reported act
                # itself ("the command declared a truce" is the writer's report of a declaration)
                return None
            if t.lemma_ in self.reporting_verbs and any(
                    x.text == ";" for x in token.doc[min(t.i, token.i):max(t.i, token.i)]):
                return None
            if t.lemma_ in self.reporting_verbs and t.pos_ in ("VERB", "AUX"):
                subj = [c for c in t.children if c.dep_ in ("nsubj",)]
                if not subj:
                    agent = [g for c in t.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
                    subj = agent
                if subj and subj[0].lower_ not in ("i", "we", "you"):
                    if t.lemma_ == "show" and subj[0].lower_ not in ("footage", "video", "images"):
                        continue
                    return _source_text(seg, subj[0])
        return None

    def _quoted(self, seg: Segment, token: Token) -> str | None:
        for start, end, source in self._quotes(seg):
            if start <= token.i <= end:
                return source
        return None

    def _quotes(self, seg: Segment) -> list[tuple[int, int, str | None]]:
        """Quoted stretches of the segment (token ranges) with their attributed source."""
        cache = self._quote_cache
        key = id(seg.doc)
        if key in cache and cache[key][0] is seg.doc:
            return cache[key][1]
        doc = seg.doc
        spans: list[tuple[int, int]] = []
        open_at: int | None = None
        for t in doc:
            txt = t.text
            if txt in ("\u201c", "``") or (txt == '"' and open_at is None):
                if open_at is None:
                    open_at = t.i
            elif txt in ("\u201d", "''", '"') and open_at is not None:
                if t.i - open_at > 3:
                    spans.append((open_at, t.i))
                open_at = None
        out: list[tuple[int, int, str | None]] = []
        for a, b in spans:
            source = self._attribution(seg, a, b)
            if source:
                out.append((a, b, source))
        cache.clear()
        cache[key] = (doc, out)
        return out

    def _attribution(self, seg: Segment, a: int, b: int) -> str | None:
        """"...," the commander said / said the commander / The commander said: "..."."""
        doc = seg.doc
        after = doc[b + 1:min(len(doc), b + 10)]
        for t in after:
            if t.text in (".", "\u201c", '"') and t.i > b + 1:
                break
            if t.lemma_ in self.reporting_verbs and t.pos_ in ("VERB", "AUX"):
                subj = [c for c in t.children if c.dep_ == "nsubj"]
                if subj:
                    return _source_text(seg, subj[0])
        # "Ruptly TV: “Russian jets destroy ...”": a name and a colon before the quote
        if a >= 2 and doc[a - 1].text == ":" and doc[a - 2].pos_ in ("PROPN", "NOUN"):
            head = doc[a - 2]
            start = head.i
            while start > 0 and doc[start - 1].pos_ in ("PROPN", "NOUN") and doc[start - 1].text not in (".", ":"):
                start -= 1
            return seg.mention_at(head).text if seg.mention_at(head) else doc[start:head.i + 1].text
        sent = doc[a].sent
        for t in doc[sent.start:a]:
            if t.lemma_ in self.reporting_verbs and t.pos_ in ("VERB", "AUX"):
                subj = [c for c in t.children if c.dep_ == "nsubj"]
                if subj:
                    return _source_text(seg, subj[0])
        return None


def _source_text(seg: Segment, head: Token) -> str:
    """The source's name: its linked actor's surface if any, else its noun phrase."""
    m = seg.mention_at(head)
    if m:
        return m.text
    start = head.left_edge.i
    while start < head.i and head.doc[start].dep_ in ("det", "punct"):
        start += 1
    span = head.doc[start:head.i + 1]
    text = span.text.strip()
    return text or head.text
