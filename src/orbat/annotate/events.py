"""Event claims in ACLED's taxonomy from trigger words and their arguments in the parse.

actor1 is the side that acts (the trigger's subject, or the agent of a passive, or the
possessor/compound of a nominal trigger: "Russian airstrikes"), actor2 the side acted upon
(object, "on X", "against X"). Sub-types that depend on who acted (retaking versus overtaking
territory) are decided by the acting actor's type in the knowledge base.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Span, Token

from orbat.annotate.dates import resolve
from orbat.annotate.modality import Modality
from orbat.annotate.places import PlaceFinder
from orbat.annotate.segments import DocContext, Segment
from orbat.model import EventClaim

NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
                "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
                "thirty": 30, "forty": 40, "fifty": 50, "dozens": 24, "dozen": 12, "hundreds": 200}
_KILLED = re.compile(r"(?:at least |some |around |about |nearly |more than |over )?([\d,]+|[a-z]+)\s+(?:\w+\s){0,3}?(?:were |was |have been |had been )?(?:killed|dead|died)", re.I)
_KILLING = re.compile(r"kill(?:ing|ed)\s+(?:at least |some |around |about |nearly |more than |over )?([\d,]+|[a-z]+)\b", re.I)


def _number(word: str) -> int | None:
    w = word.replace(",", "").lower()
    if w.isdigit():
        return int(w)
    return NUMBER_WORDS.get(w)


def fatalities(text: str) -> int | None:
    for rx in (_KILLING, _KILLED):
        m = rx.search(text)
        if m:
            n = _number(m.group(1))
            if n is not None:
                return n
    return None


class EventExtractor:
    def __init__(self, lexicon: dict, modality: Modality, places: PlaceFinder) -> None:
        ev = lexicon.get("events", {})
        self.triggers: dict[tuple[str, ...], dict] = {tuple(k.split()): v for k, v in ev.get("triggers", {}).items()}
        self.state_types = set(ev.get("state_types", ["state", "state_force"]))
        self.modality = modality
        self.places = places

    def extract(self, seg: Segment, ctx: DocContext) -> list[EventClaim]:
        out: list[EventClaim] = []
        for sent in seg.doc.sents:
            seen_in_sent: set[tuple[str, str]] = set()
            for t in sent:
                spec = self._trigger(t)
                if spec is None or self.modality.negated(t):
                    continue
                claim = self._build(seg, ctx, sent, t, spec)
                if claim is None:
                    continue
                k = (claim.sub_type, claim.place.name if claim.place else "")
                if k in seen_in_sent:
                    continue
                seen_in_sent.add(k)
                out.append(claim)
        return out

    def _trigger(self, t: Token) -> dict | None:
        two = (t.lemma_.lower(), t.nbor(1).lemma_.lower()) if t.i + 1 < len(t.doc) else None
        if two and two in self.triggers:
            return self.triggers[two]
        spec = self.triggers.get((t.lemma_.lower(),))
        if spec is None:
            return None
        ctx_words = spec.get("needs_context")
        if ctx_words and not any(w in t.sent.text.lower() for w in ctx_words):
            return None
        return spec

    def _roles(self, seg: Segment, t: Token) -> tuple[list[str], list[str]]:
        acting: list[str] = []
        acted: list[str] = []
        verb = t if t.pos_ in ("VERB", "AUX") else None
        if verb is not None:
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
            for c in verb.children:
                if c.dep_ == "nsubj":
                    acting += seg.actors_in(list(c.subtree))
                elif c.dep_ == "nsubjpass":
                    acted += seg.actors_in(list(c.subtree))
                elif c.dep_ == "agent":
                    acting += seg.actors_in(list(c.subtree))
                elif c.dep_ == "dobj" and not passive or c.dep_ == "prep" and c.lower_ in ("on", "against", "with"):
                    acted += seg.actors_in(list(c.subtree))
            if not acting and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ == "VERB":
                acting += [a for c in verb.head.children if c.dep_ == "nsubj" for a in seg.actors_in(list(c.subtree))]
        else:
            for c in t.children:
                if c.dep_ in ("poss", "compound", "amod", "nmod") or c.dep_ == "prep" and c.lower_ in ("by",):
                    acting += seg.actors_in(list(c.subtree))
                elif c.dep_ == "prep" and c.lower_ in ("on", "against", "of"):
                    acted += seg.actors_in(list(c.subtree))
            if t.dep_ in ("nsubj",) and not acted:
                for c in t.head.children:
                    if c.dep_ == "dobj":
                        acted += seg.actors_in(list(c.subtree))
        acted = [a for a in acted if a not in acting]
        return acting, acted

    def _build(self, seg: Segment, ctx: DocContext, sent: Span, t: Token, spec: dict) -> EventClaim | None:
        acting, acted = self._roles(seg, t)
        if spec.get("subject_loses"):
            acting, acted = acted, acting
        sub_type = spec.get("sub_type")
        if sub_type is None:
            who = acting[0] if acting else None
            actor = ctx.knowledge.actors.get(who) if who else None
            state = actor is not None and actor.type in self.state_types
            if spec.get("subject_loses") and acted:
                loser = ctx.knowledge.actors.get(acted[0])
                state = not (loser is not None and loser.type in self.state_types)
            sub_type = spec["by_state"] if state else spec["by_nonstate"]
        places = self.places.in_span(sent)
        if spec["type"] == "Battles" and sub_type != "Armed clash" and not places:
            return None
        if not acting and not acted and not places:
            return None
        resolved = resolve(sent.text, ctx.published)
        if resolved:
            day, precision = resolved
        else:
            day = ctx.published.isoformat() if ctx.published else None
            precision = "month"
        if day and ctx.published and day > ctx.published.isoformat():
            day = ctx.published.isoformat()
        ev = seg.evidence(sent, speaker=self.modality.speaker(seg, t), hedged=self.modality.hedged(t))
        return EventClaim(
            type=spec["type"], sub_type=sub_type, evidence=ev,
            actor1=acting[0] if acting else None,
            actor2=acted[0] if acted else None,
            assoc=acting[1:],
            place=places[0][2] if places else None,
            date=day, date_precision=precision,
            fatalities=fatalities(sent.text) if spec["type"] != "Strategic developments" else None,
        )


def as_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
