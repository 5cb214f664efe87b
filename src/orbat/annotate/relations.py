"""Relation claims from lexicon-driven patterns over the dependency parse.

Three pattern families, each stated once and driven by `data/lexicon/relations.yaml`:
verbs (active and passive, with coordinated arguments), compound adjectives ("X-backed Y")
and relational nouns ("X's ally Y", "the leader of Y, X").
"""

from __future__ import annotations

from spacy.tokens import Token

from orbat.annotate.modality import Modality
from orbat.annotate.segments import DocContext, Segment
from orbat.model import RelationClaim

SUBJ = {"nsubj"}
OBJ = {"dobj", "attr", "oprd"}
PREP_OBJ = {"against", "with", "on", "into", "to", "for", "in"}


def _arg_actors(seg: Segment, head: Token) -> list[str]:
    """Actors of an argument phrase, following coordination but not into relative clauses."""
    out: list[str] = []

    def visit(t: Token) -> None:
        a = seg.actor_at(t)
        if a and a not in out:
            out.append(a)
        for c in t.children:
            if c.dep_ in ("conj", "appos", "compound", "poss", "amod", "nmod") or (c.dep_ == "cc"):
                visit(c)
            elif c.dep_ == "prep" and c.lower_ == "of" and not a:
                for g in c.children:
                    if g.dep_ == "pobj":
                        visit(g)

    visit(head)
    return out


def _pairs(subjects: list[str], objects: list[str]) -> list[tuple[str, str]]:
    return [(s, o) for s in subjects for o in objects if s != o]


class RelationExtractor:
    def __init__(self, lexicon: dict, modality: Modality) -> None:
        rel = lexicon.get("relations", {})
        self.verbs: dict[str, dict] = rel.get("verbs", {})
        self.adjectives: dict[str, dict] = rel.get("compound_adjectives", {})
        self.nouns: dict[str, dict] = rel.get("nouns", {})
        self.modality = modality

    def extract(self, seg: Segment, ctx: DocContext) -> list[RelationClaim]:
        out: list[RelationClaim] = []
        for t in seg.doc:
            for spec, subj, obj in self._match(seg, t):
                if spec["type"] == "leads" and ctx.knowledge.actors.get(subj) and \
                        ctx.knowledge.actors.actors[subj].type != "person":
                    continue
                ev = seg.evidence(
                    t.sent,
                    speaker=self.modality.speaker(seg, t),
                    hedged=self.modality.hedged(t),
                    negated=self.modality.negated(t),
                )
                out.append(RelationClaim(spec["type"], subj, obj, ev, kind=spec.get("kind")))
        return out

    def _match(self, seg: Segment, t: Token):
        lemma = t.lemma_.lower()
        if t.pos_ in ("VERB", "AUX") and lemma in self.verbs and t.dep_ != "amod":
            spec = self.verbs[lemma]
            if spec.get("needs") and not any(n in t.sent.text.lower() for n in spec["needs"]):
                return
            subj_heads = [c for c in t.children if c.dep_ in SUBJ]
            obj_heads = [c for c in t.children if c.dep_ in OBJ]
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children)
            if passive:
                obj_heads = [c for c in t.children if c.dep_ == "nsubjpass"]
                subj_heads = [g for c in t.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ in PREP_OBJ:
                    obj_heads += [g for g in c.children if g.dep_ == "pobj"]
            if not subj_heads and t.dep_ in ("conj", "xcomp", "advcl") and t.head.pos_ in ("VERB", "AUX"):
                subj_heads = [c for c in t.head.children if c.dep_ in SUBJ]
            if not subj_heads and t.dep_ in ("relcl", "acl"):
                subj_heads = [t.head]
            subjects = [a for h in subj_heads for a in _arg_actors(seg, h)]
            objects = [a for h in obj_heads for a in _arg_actors(seg, h)]
            if spec.get("inverse") and not passive or spec.get("inverse") and passive:
                subjects, objects = objects, subjects
            for s, o in _pairs(subjects, objects):
                yield spec, s, o
        elif lemma in self.adjectives and t.dep_ in ("amod", "compound", "acl") and "-" in t.doc[max(t.i - 1, 0)].text:
            spec = self.adjectives[lemma]
            sponsors = [a for c in t.doc[t.i - 2:t.i - 1] for a in [seg.actor_at(c)] if a]
            clients = _arg_actors(seg, t.head)
            for s, o in _pairs(sponsors, [c for c in clients if c not in sponsors]):
                yield spec, s, o
        elif t.pos_ == "NOUN" and t.lower_ in self.nouns:
            spec = self.nouns[t.lower_]
            owners = [a for c in t.children if c.dep_ == "poss" for a in _arg_actors(seg, c)]
            owners += [a for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                       for g in c.children if g.dep_ == "pobj" for a in _arg_actors(seg, g)]
            others = [a for c in t.children if c.dep_ == "appos" for a in _arg_actors(seg, c)]
            if t.dep_ == "appos":
                others += _arg_actors(seg, t.head)
            if t.dep_ in ("attr",):
                others += [a for c in t.head.children if c.dep_ == "nsubj" for a in _arg_actors(seg, c)]
            others = [o for o in others if o not in owners]
            for owner, other in _pairs(owners, others):
                if spec.get("person_first") or spec["type"] == "member_of" or spec.get("inverse"):
                    yield spec, other, owner
                else:
                    yield spec, owner, other
