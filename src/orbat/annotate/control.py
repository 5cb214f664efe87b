"""Control claims: an actor holds a place, as of the report's date or the change's date."""

from __future__ import annotations

from spacy.tokens import Span, Token

from orbat.annotate.dates import resolve
from orbat.annotate.modality import Modality
from orbat.annotate.places import PlaceFinder
from orbat.annotate.segments import DocContext, Segment
from orbat.model import ControlClaim, Place


class ControlExtractor:
    def __init__(self, lexicon: dict, modality: Modality, places: PlaceFinder) -> None:
        c = lexicon.get("control", {})
        self.adjectives = set(c.get("adjectives", []))
        self.verbs: dict[str, str] = c.get("verbs", {})
        self.modality = modality
        self.places = places

    def extract(self, seg: Segment, ctx: DocContext) -> list[ControlClaim]:
        out: list[ControlClaim] = []
        pub = ctx.published.isoformat() if ctx.published else None
        for sent in seg.doc.sents:
            places = self.places.in_span(sent)
            if not places:
                continue
            for t in sent:
                for actor, place_tok, changes in self._claims(seg, t):
                    place = _place_at(places, place_tok)
                    if place is None or self.modality.negated(t):
                        continue
                    as_of = pub
                    if changes:
                        r = resolve(sent.text, ctx.published)
                        if r:
                            as_of = r[0]
                    ev = seg.evidence(sent, speaker=self.modality.speaker(seg, t), hedged=self.modality.hedged(t))
                    out.append(ControlClaim(actor, place, as_of, ev))
        return out

    def _claims(self, seg: Segment, t: Token):
        lemma = t.lemma_.lower()
        # "rebel-held X" / "X, held by Y"
        if t.lower_ in self.adjectives:
            prev = t.doc[t.i - 2] if t.i >= 2 and t.doc[t.i - 1].text == "-" else None
            if prev is not None:
                actor = seg.actor_at(prev)
                if actor:
                    yield actor, t.head, False
            if t.dep_ == "acl" or t.dep_ == "amod":
                for c in t.children:
                    if c.dep_ == "agent":
                        for a in seg.actors_in(list(c.subtree)):
                            yield a, t.head, False
        if t.pos_ == "VERB" and lemma in self.verbs:
            passive = any(c.dep_ == "auxpass" for c in t.children)
            subj = [c for c in t.children if c.dep_ == ("nsubjpass" if passive else "nsubj")]
            obj = [c for c in t.children if c.dep_ == "dobj"]
            actors: list[str] = []
            if passive:
                actors = [a for c in t.children if c.dep_ == "agent" for a in seg.actors_in(list(c.subtree))]
                targets = subj
            else:
                actors = [a for c in subj for a in seg.actors_in(list(c.subtree))]
                targets = obj
            if t.dep_ == "relcl" and not targets:
                targets = [t.head]
            if t.dep_ == "relcl" and passive:
                targets = [t.head]
            for a in actors[:1]:
                for tg in targets:
                    yield a, tg, self.verbs[lemma] == "takes"


def _place_at(places: list[tuple[int, int, Place]], head: Token) -> Place | None:
    """The place whose span is inside the phrase headed by `head`."""
    span: Span = head.doc[head.left_edge.i:head.right_edge.i + 1]
    for s, e, p in places:
        if s >= span.start_char and e <= span.end_char:
            return p
    return None
