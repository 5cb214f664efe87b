"""Control claims: an actor holds a place, as of the report's date or the change's date.

Forms read from the parse (words in data/lexicon/control.yaml): "rebel-held X", "X, held by Y",
"X are held by Y", "Y holds X", "the last districts they hold", "X, the stronghold of Y",
"X is back in the hands of Y", "under the control of Y", "X, where Y is strong". Changes of
hands ("the army retook X", "X fell to Y", a completed handover) come from the event extractor's
territory events and hold as of the event's date. A besieger does not hold what it besieges:
"besieged X" is no claim. Where one place is claimed for several actors, the latest change of
hands the document reports wins over a standing claim by another actor.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Span, Token

from orbat.annotate.events import TERRITORY_SUBTYPES, EventExtractor
from orbat.annotate.modality import Modality
from orbat.annotate.places import PlaceFinder
from orbat.annotate.segments import DocContext, Segment
from orbat.annotate.text import words
from orbat.model import ControlClaim, EventClaim, Place

CHANGE_SUBTYPES = TERRITORY_SUBTYPES | {"Non-violent transfer of territory"}


class ControlExtractor:
    def __init__(self, lexicon: dict, modality: Modality, places: PlaceFinder,
                 events: EventExtractor | None = None) -> None:
        c = lexicon.get("control", {})
        self.adjectives = set(c.get("adjectives", []))
        self.verbs: dict[str, str] = c.get("verbs", {})
        self.strongholds = set(c.get("strongholds", []))
        self.hands = set(c.get("hands", []))
        self.strong_words = set(c.get("strong_words", []))
        self.not_control = set(c.get("not_control", []))
        self.prefix_forms = c.get("prefix_forms", ["{}"])
        self.area_nouns = set(c.get("area_nouns", []))
        self.strip = sorted(c.get("strip_suffixes", []), key=len, reverse=True)
        self.pronouns = set(c.get("pronouns", []))
        self.loyal = set(c.get("loyal_words", []))
        self.located = set(c.get("located_verbs", []))
        self.transfer_done = set(c.get("transfer_done", []))
        self.features = set(c.get("feature_nouns", []))
        self.containers = set(c.get("container_nouns", []))
        self.directions = set(c.get("directions", []))
        self.modality = modality
        self.places = places
        # The Annotator passes its own event extractor so that a segment's events are found once
        # and handed to `extract`; standing alone, the extractor builds one.
        self.events = events or EventExtractor(lexicon, modality, places)
        self._names: dict[str, str] | None = None

    # ---- entry point ---------------------------------------------------------------------
    def extract(self, seg: Segment, ctx: DocContext, events: list[EventClaim] | None = None) -> list[ControlClaim]:
        """Control claims of one segment. `events` are the segment's event claims when the caller
        has them already (the Annotator does): extracting them again costs as much as the rest
        of this module; without them they are extracted here."""
        out: list[ControlClaim] = []
        pub = ctx.published.isoformat() if ctx.published else None
        changes: set[tuple[str, str]] = set()
        doc_places = self.places.in_doc(seg.doc)
        if events is None:
            events = self.events.extract(seg, ctx)
        for ev in events:
            if ev.sub_type in CHANGE_SUBTYPES and ev.actor1 and ev.place is not None and ev.place.precision < 3:
                if ev.place.name not in ev.evidence.sentence or not ev.place_direct:
                    continue
                if (ev.sub_type not in TERRITORY_SUBTYPES
                        and (ev.trigger or "") not in self.transfer_done):
                    continue
                at = seg.text.find(ev.place.name, ev.evidence.start)
                place = self._clean(self._with_feature(seg, at, ev.place) if at >= 0 else ev.place)
                # copies: the event claim keeps its own place and evidence records
                out.append(ControlClaim(ev.actor1, replace(place), ev.date or pub, replace(ev.evidence)))
                changes.add((ev.actor1, _key(place.name)))
        for sent in self.events.sentences(seg):
            places = [p for p in doc_places if p[0] >= sent.start_char and p[1] <= sent.end_char
                      and not any(m.start <= p[0] and p[1] <= m.end for m in seg.mentions)]
            for t in sent:
                for actor, target in self._claims(seg, ctx, t):
                    if self._unreal(t):
                        continue
                    own = t.lower_ in self.adjectives and t.i >= 1 and (
                        t.doc[t.i - 1].text in ("-", "\u2010", "\u2011") or "-" in t.text)
                    for place in self._places_in(seg, sent, target, places, own_only=own):
                        ev = seg.evidence(sent, speaker=self.modality.speaker(seg, t),
                                          hedged=self.modality.hedged(t))
                        holder = self._for_actor(seg, place) or actor
                        if holder:
                            out.append(ControlClaim(holder, place, pub, ev))
        return _resolve_conflicts(out, changes)

    def _unreal(self, t: Token) -> bool:
        """A negated or hypothetical holding clause ("if the rebels hold X", "whether the SDF keeps X")."""
        if t.pos_ != "VERB":
            return False
        for c in t.children:
            if c.dep_ == "neg":
                return True
            if c.dep_ == "mark" and c.lower_ in ("if", "whether", "unless"):
                return True
            if c.dep_ == "aux" and c.lower_ in ("would", "could", "might", "will", "may"):
                return True
        return False

    # ---- actors --------------------------------------------------------------------------
    def _name_table(self, ctx: DocContext) -> dict[str, str]:
        if self._names is None:
            table: dict[str, str] = {}
            for a in ctx.knowledge.actors.actors.values():
                forms = [a.name, *a.aliases, *a.descriptors, *(n.name for n in a.names)]
                for f in forms:
                    table.setdefault(" ".join(words(f)), a.id)
            self._names = table
        return self._names

    def _prefix_actor(self, seg: Segment, ctx: DocContext, tok: Token) -> str | None:
        """The actor named by the prefix of "rebel-held", "IS-held", "government-controlled"."""
        linked = seg.actor_at(tok)
        if linked:
            return linked
        table = self._name_table(ctx)
        for form in self.prefix_forms:
            k = " ".join(words(form.format(tok.text)))
            if k in table:
                return table[k]
        return None

    def _actor_of(self, seg: Segment, tokens: list[Token]) -> str | None:
        """The actor a subject or agent phrase names; a pronoun stands for the nearest actor before it."""
        found = seg.actors_in(tokens)
        if found:
            return found[0]
        if not tokens:
            return None
        head = min(tokens, key=lambda x: x.i)
        if head.lower_ in self.pronouns:
            if head.lower_ in ("which", "who", "that"):
                rel = head.head
                if rel.dep_ == "relcl":
                    return self._actor_of(seg, list(rel.head.subtree)[: rel.head.i - rel.head.left_edge.i + 1])
            sent_start = head.sent.start_char
            before = [m for m in seg.mentions if sent_start <= m.start and m.end <= head.idx]
            if before:
                return before[-1].actor_id
        return None

    # ---- forms ---------------------------------------------------------------------------
    def _claims(self, seg: Segment, ctx: DocContext, t: Token):
        low = t.lower_
        lemma = t.lemma_.lower()
        doc = t.doc
        # "rebel-held X", "IS-controlled X"
        if low in self.adjectives and t.i >= 2 and doc[t.i - 1].text in ("-", "\u2010", "\u2011"):
            actor = self._prefix_actor(seg, ctx, doc[t.i - 2])
            if actor:
                yield actor, self._modified(t)
            return
        if low in self.adjectives and "-" in t.text:
            pre = t.text.rsplit("-", 1)[0]
            table = self._name_table(ctx)
            for form in self.prefix_forms:
                k = " ".join(words(form.format(pre)))
                if k in table:
                    yield table[k], self._modified(t)
                    return
        # "X, held by Y" / "X are held by Y"
        if low in self.adjectives or lemma in self.verbs and self.verbs[lemma] == "holds":
            agent = [c for c in t.children if c.dep_ == "agent"]
            if agent:
                actor = self._actor_of(seg, [x for a in agent for x in a.subtree if x.i != a.i])
                if actor:
                    passive_subj = [c for c in t.children if c.dep_ == "nsubjpass"]
                    if passive_subj:
                        for s in passive_subj:
                            yield actor, s
                    elif t.dep_ in ("acl", "amod", "relcl") and t.head.pos_ in ("NOUN", "PROPN"):
                        yield actor, t.head
                    else:
                        before = _before_comma(t)
                        if before is not None:
                            yield actor, before
                return
        # "Y holds X", "the districts they hold", "which the jihadists still hold"
        if t.pos_ == "VERB" and lemma in self.verbs and self.verbs[lemma] == "holds":
            if any(c.dep_ in ("auxpass",) for c in t.children):
                return
            subj = [x for c in t.children if c.dep_ in ("nsubj",) for x in c.subtree]
            actor = self._actor_of(seg, subj)
            if not actor:
                return
            objs = [c for c in t.children if c.dep_ == "dobj"]
            if objs and objs[0].lower_ not in ("which", "that"):
                for o in objs:
                    yield actor, o
            elif t.dep_ == "relcl":
                yield actor, t.head
            return
        # "X, the stronghold of Y" / "its stronghold in X" / "Y's stronghold of X"
        if low in self.strongholds and t.pos_ == "NOUN":
            actor = None
            place_tok: Token | None = None
            for c in t.children:
                if c.dep_ == "poss":
                    actor = self._actor_of(seg, list(c.subtree))
                elif c.dep_ == "prep" and c.lower_ == "of":
                    sub = list(c.subtree)
                    a = seg.actors_in(sub)
                    if a and actor is None:
                        actor = a[0]
                    elif not a:
                        place_tok = c
                elif c.dep_ == "prep" and c.lower_ in ("in", "at"):
                    place_tok = c
            if actor is None:
                return
            if place_tok is not None:
                yield actor, place_tok
            else:
                x = t
                while x.dep_ == "conj" and x.head.i != x.i:
                    x = x.head
                if x.dep_ == "appos":
                    yield actor, x.head
                elif x.dep_ == "attr":
                    yield actor, next((c for c in x.head.children if c.dep_ == "nsubj"), x.head)
            return
        # "X is (back) in the hands of Y", "under the full control of Y"
        if low in self.hands and t.dep_ == "pobj" and t.head.lower_ in ("in", "under", "into"):
            of = [c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"]
            actor = self._actor_of(seg, [x for o in of for x in o.subtree if x.i != o.i])
            if actor is None:
                actor = self._actor_of(seg, [c for c in t.children if c.dep_ in ("poss", "compound", "amod")])
            if actor is None:
                return
            verb = t.head.head
            while verb.pos_ not in ("VERB", "AUX", "NOUN", "PROPN") and verb.head.i != verb.i:
                verb = verb.head
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            for s in subj:
                yield actor, s
            if not subj and verb.pos_ in ("NOUN", "PROPN"):
                yield actor, verb
            return
        # "militants holed up in X", "forces entrenched in X"
        if lemma in self.located and t.pos_ in ("VERB", "ADJ"):
            where = [c for c in t.children if c.dep_ == "prep" and c.lower_ in ("in", "inside")]
            where += [cc for c in t.children if c.dep_ == "prt" for cc in c.children if cc.dep_ == "prep"]
            if not where:
                return
            if t.dep_ in ("acl", "amod", "relcl"):
                actor = self._actor_of(seg, list(t.head.subtree)[: t.head.i - t.head.left_edge.i + 1])
            else:
                actor = self._actor_of(seg, [x for c in t.children if c.dep_ in ("nsubj", "nsubjpass")
                                             for x in c.subtree])
            if actor:
                for w in where:
                    for c in w.children:
                        if c.dep_ == "pobj":
                            yield actor, c
            return
        # "villages loyal to the government"
        if low in self.loyal:
            to = [c for c in t.children if c.dep_ == "prep" and c.lower_ == "to"]
            actor = self._actor_of(seg, [x for p in to for x in p.subtree if x.i != p.i])
            if actor is None:
                return
            if t.dep_ == "amod":
                yield actor, t.head
            elif t.dep_ == "acomp":
                subj = [c for c in t.head.children if c.dep_ == "nsubj"]
                for sj in subj:
                    if sj.lower_ in ("which", "that", "who") and t.head.dep_ == "relcl":
                        yield actor, t.head.head
                    else:
                        yield actor, sj
            return
        # "X, where Y is strong"
        if low in self.strong_words and t.dep_ in ("acomp", "attr", "advmod"):
            verb = t.head
            if verb.dep_ == "relcl" and any(c.lower_ == "where" for c in verb.children):
                subj = [x for c in verb.children if c.dep_ == "nsubj" for x in c.subtree]
                # an unresolved "they" may still be named per place: "(Raqqa for Daesh, Marea for al-Qaeda)"
                yield self._actor_of(seg, subj), verb.head

    @staticmethod
    def _modified(held: Token) -> Token:
        """The noun "rebel-held" modifies: its head when parsed as a modifier, else the next noun."""
        if held.dep_ in ("amod", "compound") and held.head.pos_ in ("NOUN", "PROPN"):
            return held.head
        doc = held.doc
        for x in doc[held.i + 1:min(held.i + 6, len(doc))]:
            if x.pos_ in ("NOUN", "PROPN") and not (x.i + 1 < len(doc) and doc[x.i + 1].pos_ in ("NOUN", "PROPN")
                                                    and doc[x.i + 1].dep_ != "conj"):
                return x
        return held.head

    # ---- places --------------------------------------------------------------------------
    def _places_in(self, seg: Segment, sent: Span, target: Token, places: list[tuple[int, int, Place]],
                   own_only: bool = False) -> list[Place]:
        """The places a target phrase names: itself, its conjuncts and appositions, or the phrase as written."""
        if any(w in self.not_control for w in (target.lower_, *(c.lower_ for c in target.children))):
            return []
        if (target.lemma_.lower() in self.area_nouns or target.lower_ in self.area_nouns) and any(
                c.dep_ == "prep" and c.lower_ == "of" for c in target.children):
            return self._as_written(seg, target)
        if own_only:
            ids = set(range(target.left_edge.i, target.i + 1))
            h = target
            while h.dep_ in ("compound", "amod") and h.head.i > h.i:
                h = h.head
            if h.dep_ == "appos":
                ids |= set(range(h.head.left_edge.i, h.head.i + 1))
            found = []
            for s, e, place in places:
                span = seg.doc.char_span(s, e, alignment_mode="expand")
                if span is not None and {x.i for x in span} & ids:
                    found.append(self._clean(self._with_direction(seg, s, place)))
            return found
        heads = [target]
        if target.dep_ == "appos" or target.dep_ == "attr":
            heads.append(target.head)
        heads += [c for h in list(heads) for c in h.children if c.dep_ in ("conj", "appos")]
        span_ids: set[int] = set()
        for h in heads:
            for x in h.subtree:
                if x.dep_ in ("relcl", "acl") and x.i != h.i:
                    break
            if h.lemma_.lower() in self.containers:
                # "a shrinking pocket in the south-east around al-Sukkari and al-Mashhad"
                span_ids |= {x.i for x in h.subtree if not _inside_relative(x, h)}
            else:
                span_ids |= {x.i for x in h.subtree if not _inside_clause(x, h)}
        out: list[Place] = []
        for s, e, place in places:
            span = seg.doc.char_span(s, e, alignment_mode="expand")
            if span is None or not ({x.i for x in span} & span_ids):
                continue
            if any(x.lower_ in self.not_control for x in span.doc[max(span.start - 2, 0):span.start]):
                continue
            out.append(self._clean(self._with_feature(seg, s, self._with_direction(seg, s, place))))
        if not out and target.pos_ == "NOUN":
            # "Idlib, a province held by insurgents": the name stands before the comma
            before = _before_comma(target.left_edge)
            if before is not None and before.pos_ == "PROPN":
                return self._places_in(seg, sent, before, places)
        return out

    def _for_actor(self, seg: Segment, place: Place) -> str | None:
        """In "(Manbij for the SDF, Azaz for the rebels)" each place names its own holder."""
        at = seg.text.find(place.name)
        while at >= 0:
            span = seg.doc.char_span(at, at + len(place.name), alignment_mode="expand")
            if span is not None:
                for c in span.root.children:
                    if c.dep_ == "prep" and c.lower_ == "for":
                        found = seg.actors_in(list(c.subtree))
                        if found:
                            return found[0]
            at = seg.text.find(place.name, at + 1)
        return None

    def _as_written(self, seg: Segment, target: Token) -> list[Place]:
        """A part of a city named by a common noun ("the east of the city"), kept as the text writes it."""
        phrase = seg.doc[target.left_edge.i:target.right_edge.i + 1]
        cut = [x for x in phrase if x.dep_ in ("relcl", "acl") or x.text == "," or x.lower_ in self.adjectives
               and x.i > target.i]
        end = cut[0].i if cut else phrase.end
        text = seg.doc[phrase.start:end].text.strip()
        if text and len(text.split()) <= 7:
            return [Place(name=text, precision=2)]
        return []

    def _with_feature(self, seg: Segment, start: int, place: Place) -> Place:
        """Keep the feature noun a name qualifies ("the Minyan sawmills", "Castello road") as written."""
        span = seg.doc.char_span(start, start + len(place.name), alignment_mode="expand")
        if span is None:
            return place
        root = span.root
        head = root.head
        if (root.dep_ == "compound" and head.i == span.end and head.lower_ in self.features
                and seg.actor_at(head) is None):
            name = seg.text[start:head.idx + len(head.text)]
            return Place(name=name, place_id=place.place_id, lat=place.lat, lon=place.lon, admin1=place.admin1,
                         country=place.country, precision=place.precision)
        return place

    def _with_direction(self, seg: Segment, start: int, place: Place) -> Place:
        """Keep a direction word written before the name ("eastern Aleppo"), as annotators write it."""
        before = seg.text[max(0, start - 20):start].split()
        if before and before[-1].lower() in self.directions and not place.name.lower().startswith(before[-1].lower()):
            return Place(name=f"{before[-1]} {place.name}", place_id=place.place_id, lat=place.lat, lon=place.lon,
                         admin1=place.admin1, country=place.country, precision=max(place.precision, 2))
        return place

    def _clean(self, place: Place) -> Place:
        """The place as written, without a trailing generic word ("Hanano district" -> "Hanano")."""
        name = place.name
        for suf in self.strip:
            if name.lower().endswith(" " + suf) and len(name) > len(suf) + 2:
                name = name[: -len(suf) - 1].rstrip()
                break
        name = re.sub(r"^(?:the\s+)", "", name, flags=re.I) if name.lower().startswith("the ") and not any(
            w in name.lower() for w in self.area_nouns) else name
        if name == place.name:
            return place
        return Place(name=name, place_id=place.place_id, lat=place.lat, lon=place.lon, admin1=place.admin1,
                     country=place.country, precision=place.precision)


def _before_comma(t: Token) -> Token | None:
    """The noun before ", (still) held by": the parser often hangs the participle elsewhere."""
    i = t.i - 1
    doc = t.doc
    while i >= 0 and doc[i].pos_ == "ADV":
        i -= 1
    if i < 1 or doc[i].text != ",":
        return None
    x = doc[i - 1]
    while x.dep_ in ("compound", "amod", "punct") and x.head.i > x.i:
        x = x.head
    return x if x.pos_ in ("NOUN", "PROPN") else None


def _inside_relative(x: Token, head: Token) -> bool:
    while x.i != head.i and x.head.i != x.i:
        if x.dep_ in ("relcl", "acl"):
            return True
        x = x.head
    return False


def _inside_clause(x: Token, head: Token) -> bool:
    """True when `x` sits inside a clause or a locating phrase hanging from `head` ("north-west of
    Damascus", "that supplies the capital"): those name other places than the one held."""
    while x.i != head.i and x.head.i != x.i:
        if x.dep_ in ("relcl", "acl"):
            return True
        if x.dep_ == "prep" and x.lower_ not in ("of", "as", "including", "like"):
            return True
        if x.dep_ == "prep" and x.lower_ == "of" and x.head.lower_ in {
                "north", "south", "east", "west", "north-west", "north-east", "south-west", "south-east", "outskirts"}:
            return True
        x = x.head
    return False


def _key(name: str) -> str:
    return " ".join(w for w in words(name))


def _resolve_conflicts(claims: list[ControlClaim], changes: set[tuple[str, str]]) -> list[ControlClaim]:
    """Where the document reports a place changing hands, only the side that took it last holds it."""
    winner: dict[str, tuple[str, str]] = {}
    for c in claims:
        k = _key(c.place.name)
        if (c.actor, k) in changes and (k not in winner or (c.as_of or "") >= winner[k][1]):
            winner[k] = (c.actor, c.as_of or "")
    return [c for c in claims if _key(c.place.name) not in winner or winner[_key(c.place.name)][0] == c.actor]
