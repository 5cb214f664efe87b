"""Actor linking: every alias, descriptor and metonym of the knowledge base, found in a parse.

Matching is a dictionary look-up over normalised word n-grams (longest match first), so its
cost does not grow with the number of aliases. Short all-capitals aliases (IS, US, SAA) match
only in capitals, because their lower-case forms are ordinary English words. Metonyms
("Moscow") link only where the sentence makes the place act, since the same word is usually a
place.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from orbat.annotate.text import words
from orbat.knowledge.actors import ActorKB
from orbat.model import ActorFinding, Mention

ACTING_DEPS = {"nsubj", "nsubjpass", "poss", "agent"}
_CAPS = re.compile(r"^[A-Z][A-Z.\-&]*$")


def _cased_key(alias: str) -> str | None:
    letters = re.sub(r"[^A-Za-z]", "", alias)
    if _CAPS.match(alias.replace(" ", "")) and 1 < len(letters) <= 5:
        return letters
    return None


class ActorLinker:
    """Links spans of a parsed segment to knowledge-base actors."""

    def __init__(self, kb: ActorKB) -> None:
        self.kb = kb
        self.table: dict[tuple[str, ...], tuple[str, str]] = {}
        self.cased: dict[str, tuple[str, str]] = {}
        self.metonyms: dict[tuple[str, ...], str] = {}
        for actor in kb.actors.values():
            forms = [(a, "alias") for a in [actor.name, *actor.aliases, *(n.name for n in actor.names)]]
            forms += [(d, "descriptor") for d in actor.descriptors]
            for form, how in forms:
                ck = _cased_key(form)
                if ck:
                    self.cased.setdefault(ck, (actor.id, how))
                    continue
                k = tuple(words(form))
                if k:
                    self.table.setdefault(k, (actor.id, how))
            for m in actor.metonyms:
                k = tuple(words(m))
                if k:
                    self.metonyms.setdefault(k, actor.id)
        self.maxlen = max((len(k) for k in [*self.table, *self.metonyms]), default=1)

    def link(self, doc: Doc, segment: str) -> list[Mention]:
        flat: list[tuple[str, int]] = []  # (word, token index)
        for t in doc:
            for w in words(t.text):
                flat.append((w, t.i))
        mentions: list[Mention] = []
        i = 0
        n = len(flat)
        while i < n:
            hit = None
            for size in range(min(self.maxlen, n - i), 0, -1):
                k = tuple(w for w, _ in flat[i:i + size])
                first, last = flat[i][1], flat[i + size - 1][1]
                if k in self.table:
                    actor_id, how = self.table[k]
                    hit = (size, actor_id, how, first, last)
                    break
                if k in self.metonyms and self._acts(doc, first, last):
                    hit = (size, self.metonyms[k], "metonym", first, last)
                    break
            if hit is None:
                tok = doc[flat[i][1]]
                ck = re.sub(r"[^A-Za-z]", "", tok.text)
                if tok.text.upper() == tok.text and ck in self.cased:
                    actor_id, how = self.cased[ck]
                    hit = (1, actor_id, how, tok.i, tok.i)
            if hit is None:
                i += 1
                continue
            size, actor_id, how, first, last = hit
            start_tok = first
            # keep a leading "the" in the surface, as writers and annotators do
            if start_tok > 0 and doc[start_tok - 1].lower_ == "the":
                start_tok -= 1
            span = doc[start_tok:last + 1]
            mentions.append(Mention(actor_id, span.text, segment, span.start_char, span.end_char, how))
            # skip the whole tokens matched
            while i < n and flat[i][1] <= last:
                i += 1
        return mentions

    @staticmethod
    def _acts(doc: Doc, first: int, last: int) -> bool:
        """A place name stands for a government when it is the subject or possessor of the clause."""
        head = doc[first:last + 1].root
        while head.dep_ in ("conj", "appos") and head.head.i != head.i:
            head = head.head
        return head.dep_ in ACTING_DEPS or (head.dep_ == "pobj" and head.head.lower_ == "by")


def actor_findings(kb: ActorKB, mentions: list[Mention], day: str | None) -> list[ActorFinding]:
    """One ActorFinding per linked actor, with every distinct surface form it was found under."""
    out: dict[str, ActorFinding] = {}
    for m in mentions:
        actor = kb.get(m.actor_id)
        if m.actor_id not in out:
            if actor is None:
                out[m.actor_id] = ActorFinding(m.actor_id, m.text, "armed_group", [], provisional=True)
            else:
                out[m.actor_id] = ActorFinding(actor.id, actor.name_on(day), actor.type, [])
        if m.how != "pronoun" and m.text not in out[m.actor_id].surfaces:
            out[m.actor_id].surfaces.append(m.text)
    return list(out.values())
