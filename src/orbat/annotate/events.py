"""Event claims in ACLED's taxonomy from trigger words and their arguments in the parse.

actor1 is the side that acts (the trigger's subject, the agent of a passive, the possessor or
modifier of a nominal trigger: "Russian airstrikes", the subject of the verb a nominal trigger
is the object of: "carried out raids"), actor2 the side acted upon (object, "on X", "against
X", "from X"); further actors coordinated with actor1 are its associates. Sub-types that depend
on who acted (a government force retaking ground versus a non-state or foreign actor taking it)
are decided by the acting actor's knowledge-base type, or by the common noun that names it
("troops", "insurgents") where no actor is linked, so typing also works outside the theatre the
knowledge base covers. Explosive attacks take their sub-type from the weapon named. Every word
list lives in data/lexicon/events.yaml; this module only walks the parse.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from spacy.tokens import Span, Token

from orbat.annotate.dates import DateMention, find_dates, narrative_shift
from orbat.annotate.modality import Modality
from orbat.annotate.places import PlaceFinder
from orbat.annotate.quantities import numbers
from orbat.annotate.segments import DocContext, Segment
from orbat.model import EventClaim, Place

TERRITORY_SUBTYPES = {"Government regains territory", "Non-state actor overtakes territory"}
HANDOVER_SUBTYPES = {"Non-violent transfer of territory", "Agreement"}
VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
SUBJECT_DEPS = {"nsubj", "csubj"}
VAC = "Violence against civilians"


def fatalities(text: str) -> int | None:
    """The number killed a sentence gives, in digits or words; kept for callers of the first version."""
    return numbers().killed(text)


@dataclass
class Trigger:
    token: Token  # the head token of the trigger
    tokens: list[Token]
    spec: dict[str, Any]
    phrase: str


@dataclass
class Roles:
    acting: list[str]
    acted: list[str]
    acting_words: list[Token]
    acted_words: list[Token]


def _phrase_rx(words: list[str]) -> re.Pattern[str] | None:
    words = [w.lower() for w in words if w]
    if not words:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
                      + r")(?![\w-])")


class EventExtractor:
    def __init__(self, lexicon: dict, modality: Modality, places: PlaceFinder) -> None:
        ev = lexicon.get("events", {})
        self.triggers: dict[tuple[str, ...], dict] = {}
        for k, v in (ev.get("triggers") or {}).items():
            self.triggers[tuple(k.lower().split())] = v
        self.maxlen = max((len(k) for k in self.triggers), default=1)
        self._trigger_firsts = {k[0] for k in self.triggers if k}  # a trigger can only start on one of these
        self.state_types = set(ev.get("state_types", ["state", "state_force"]))
        self.weapons = [(w["sub_type"], _phrase_rx(w["words"])) for w in ev.get("weapons") or []]
        nouns = ev.get("actor_nouns") or {}
        self.noun_kind: dict[str, str] = {}
        for kind, ws in nouns.items():
            for w in ws:
                self.noun_kind.setdefault(w.lower(), kind)
        # one pattern per kind, compiled once: any of its words as a whole word
        self._kind_rx = [(kind, re.compile(r"\b(?:" + "|".join(re.escape(w) for w, k in self.noun_kind.items()
                                                                 if k == kind) + r")\b"))
                         for kind in dict.fromkeys(self.noun_kind.values())]
        self.forms = {k.lower(): v.lower() for k, v in (ev.get("forms") or {}).items()}
        self.skip_lines = [re.compile(p, re.I) for p in ev.get("skip_lines") or []]
        self.light_verbs = set(ev.get("light_verbs") or [])
        self.leader_rx = _phrase_rx(ev.get("leader_words") or [])
        self.target_preps = set(ev.get("target_preps") or ["on", "against"])
        self.irrealis = set(ev.get("irrealis") or [])
        self.infinitive_heads = set(ev.get("infinitive_heads") or [])
        self.motion_verbs = set(ev.get("motion_verbs") or [])
        self.region_words = set(ev.get("region_words") or [])
        self.quantifier_nouns = set(ev.get("quantifier_nouns") or [])
        self.blame_verbs = set(ev.get("blame_verbs") or ["blame"])
        self.blame_on_preps = set(ev.get("blame_on_preps") or ["on"])
        self.rout_verbs = set(ev.get("rout_verbs") or [])
        self.harm_verbs = set(ev.get("harm_verbs") or [])
        self.death_verbs = set(ev.get("death_verbs") or [])
        self.standalone_weapons = set(ev.get("standalone_weapons") or [])
        self.descriptive_participles = set(ev.get("descriptive_participles") or [])
        self.assault_nouns = set(ev.get("assault_nouns") or [])
        self.rivalry_nouns = set(ev.get("rivalry_nouns") or [])
        self.deal_lemmas = set(ev.get("deal_lemmas") or [])
        self.claim_verbs = set(ev.get("responsibility_verbs") or [])
        self.place_nouns = {w.lower() for w in ev.get("anaphoric_place_nouns") or []}
        self.place_kind_words = {str(k).lower(): {str(w).lower() for w in v or []}
                                 for k, v in (ev.get("place_kind_words") or {}).items()}
        denied = ev.get("denied_claims") or {}
        self.claim_nouns = {w.lower() for w in denied.get("nouns") or []}
        self.false_verdicts = {str(w).lower() for w in denied.get("verdicts") or []}
        owner = ev.get("aircraft_owner") or {}
        self.aircraft_nouns = {w.lower() for w in owner.get("nouns") or []}
        self.owner_verbs = {w.lower() for w in owner.get("verbs") or []}
        self.owner_window = int(owner.get("window") or 10)
        self.owner_between = {w.lower() for w in owner.get("between") or []}
        self.unknown_attacker = {w.lower() for w in owner.get("unknown") or []}
        self.foe_preps = set(ev.get("foe_preps") or ["against"])
        self.generic_sides: dict[str, set[str]] = {k: set(v or []) for k, v in (ev.get("generic_sides") or {}).items()}
        self.lead_verbs = set(ev.get("lead_verbs") or ["head", "lead", "command"])
        self._kb = None
        self.backing_verbs = set(ev.get("backing_verbs") or ["back", "support", "backed", "supported"])
        self.theatre = set(ev.get("theatre_countries") or [])
        self.landmark_words = set(ev.get("landmark_words") or [])
        self.instrument_preps = set(ev.get("instrument_preps") or ["with", "under", "amid"])
        self.locative_preps = set(ev.get("object_preps") or ["of", "out", "from", "into", "in", "over", "to"])
        opp = ev.get("opponents") or {}
        self.opponent_types = set(opp.get("types") or [])
        self.opponent_subtypes = set(opp.get("strategic_sub_types") or [])
        self.combatant_types = set(opp.get("combatant_actor_types") or [])
        self.pronouns = set(ev.get("pronouns") or ["it", "its", "they", "their", "he", "his", "she", "her", "we"])
        self.generic_nouns = set(ev.get("generic_nouns") or [])
        self.plover: dict[str, str] = {}
        for row in (lexicon.get("plover", {}) or {}).get("map") or []:
            self.plover[row["sub_type"]] = row["plover"]
        self.modality = modality
        self.places = places
        self.numbers = numbers()
        self._recent_date = None
        self._told_places: list[Place] = []  # the places a segment has named so far, reset per segment
        self._direct = False
        self._sents: tuple[Any, list[Span]] | None = None

    # ---- entry point ---------------------------------------------------------------------
    def extract(self, seg: Segment, ctx: DocContext) -> list[EventClaim]:
        out: list[EventClaim] = []
        self._kb = ctx.knowledge.actors
        doc_places = self.places.in_doc(seg.doc)
        recent: list[Place] = []
        self._told_places = []
        self._recent_date: tuple[str, str] | None = None
        sentences = self.sentences(seg)
        for sent in sentences:
            places = [p for p in doc_places if p[0] >= sent.start_char and p[1] <= sent.end_char]
            places = [p for p in places if not self._is_actor_place(seg, p)]
            claims = self.sentence_events(seg, ctx, sent, places, recent)
            out += claims
            local = [p[2] for p in places if p[2].country in self.theatre or p[2].country is None]
            # an attack abroad ("a policeman was shot dead ... in Gaziantep") moves the narrative there too;
            # a statement or a meeting abroad does not
            local += [c.place for c in claims if c.place is not None and c.place not in local
                      and c.type in VIOLENT_TYPES and any(p[2] is c.place for p in places)]
            if local:
                recent = local
                self._told_places = [*self._told_places, *local]
            # news keeps the lead's day until it names another: later sentences inherit it
            days = [d for d in find_dates(sent.text, ctx.published) if d.precision in ("day", "week")
                    and not _dateline(sent.text, d) and "ago" not in sent.text[d.start:d.end].lower()
                    and not _SPAN_START.search(sent.text[max(0, d.start - 60):d.start])]
            if days:
                self._recent_date = (days[-1].iso, days[-1].precision)
                shift = narrative_shift(sent.text[days[-1].end:])
                if shift is not None and days[-1].precision == "day":
                    # "took A on Friday and B a day later": the narrative has reached Saturday
                    day = date.fromisoformat(days[-1].iso[:10]) + timedelta(days=shift)
                    if ctx.published is None or day <= ctx.published:
                        self._recent_date = (day.isoformat(), "day")
            elif (shifted := self._narrative_date(sent.text, ctx.published)) is not None:
                self._recent_date = (shifted, "day")
        # The headline restates the lead: its events wait for the body and merge with it there.
        stash = ctx.__dict__.setdefault("_title_events", {})
        if seg.name == "title" and (ctx.document.body or "").strip():
            stash[id(self)] = out
            return []
        restates = self._restates(ctx)
        merged = merge_events((stash.pop(id(self), []) + out) if seg.name == "body" else out, restates)
        if seg.name.startswith("comment"):
            # A reader's comment argues; it reports an event only when it says where and when.
            merged = [c for c in merged if c.place is not None and c.explicit_date]
        self.infer_opponents(seg, ctx, merged)
        if self._gainer_first(ctx, merged):
            merged = merge_events(merged, restates)
        unowned = [c for c in merged if c.actor1 is None and c.sub_type == "Air/drone strike"]
        if unowned:
            # "Jets hit X ... Residents said the planes were almost certainly Russian": one
            # owner named anywhere in the report is the attacker of its unclaimed air strikes
            owners = self._aircraft_owners(seg, ctx, list(seg.doc), None)
            if not owners:
                # "Russian jets have killed hundreds in air raids ... the deadliest single strike, on
                # 4 April against a market": where the report names one air force striking, an unclaimed
                # strike is its, unless the report calls the aircraft unidentified
                owners = list(dict.fromkeys(c.actor1 for c in merged if c.sub_type == "Air/drone strike" and c.actor1))
            for c in unowned:
                unknown = any(w in c.evidence.sentence.lower().split() for w in self.unknown_attacker)
                if len(owners) == 1 and owners[0] != c.actor2 and not unknown:
                    c.actor1 = owners[0]
        if len(sentences) > 3:
            # In a full report an act with no one and nowhere restates an event told elsewhere;
            # in a snippet it is the event.
            merged = [c for c in merged if c.actor1 or c.actor2 or c.place is not None]
        return merged

    def _restates(self, ctx: DocContext) -> Restates:
        """`restates(generic, named)`: the generic side (lexicon `generic_sides`) may stand for a
        named actor of one of the listed knowledge-base types."""
        def restates(generic: str, named: str) -> bool:
            types = self.generic_sides.get(generic)
            if not types or generic == named:
                return False
            a = ctx.knowledge.actors.get(named)
            return a is not None and a.type in types
        return restates

    def sentences(self, seg: Segment) -> list[Span]:
        """spaCy's sentences, cut again at line breaks, without page furniture."""
        if self._sents is not None and self._sents[0] is seg.doc:
            return self._sents[1]  # the control extractor asks again for the same segment
        out: list[Span] = []
        for sent in seg.doc.sents:
            start = sent.start_char
            for part in re.split(r"(\n+)", sent.text):
                if part.startswith("\n") or not part.strip():
                    start += len(part)
                    continue
                span = seg.doc.char_span(start, start + len(part), alignment_mode="expand")
                start += len(part)
                if span is None or any(rx.search(part) for rx in self.skip_lines):
                    continue
                out.append(span)
        self._sents = (seg.doc, out)
        return out

    def sentence_events(self, seg: Segment, ctx: DocContext, sent: Span, places: list[tuple[int, int, Place]],
                        recent: list[Place]) -> list[EventClaim]:
        triggers = self.find_triggers(sent)
        main = [t for t in triggers if not t.spec.get("fallback")]
        if main:
            triggers = main
        claims: list[EventClaim] = []
        own: dict[int, set[int]] = {}
        own_tok: dict[int, int] = {}
        for trig in triggers:
            if self._unreal(trig.token):
                continue
            tt = trig.token
            if tt.tag_ == "VBG" and (tt.dep_ == "amod" or tt.dep_ == "acl" and tt.lemma_.lower() in self.descriptive_participles):
                # "the attacking militants", "factions battling in the south": a description of
                # the group, no report
                continue
            others = {x.i for o in triggers if o is not trig for x in o.tokens}
            others |= {o.token.head.i for o in triggers if o is not trig and o.token.dep_ == "dobj"}
            prep = _governing_prep_token(tt)
            if (prep is not None and prep.lower_ in self.instrument_preps and prep.head.i in others
                    and self.weapon(" ".join(x.text for x in tt.subtree)) not in self.standalone_weapons):
                # "kept up their assault with air strikes and shelling": the means of another event;
                # "began the offensive with two truck bombs driven by suicide attackers" is a bombing of its own
                continue
            for claim in self.build(seg, ctx, sent, trig, places, recent):
                if any(_same(claim, c) for c in claims):
                    continue
                # "agreed last Wednesday to extend a truce": one agreement, told by a verb and its noun
                twin = next((c for c in claims if c.sub_type == claim.sub_type and own_tok[id(c)] != tt.i and (
                    _governs(sent.doc[own_tok[id(c)]], tt) or _governs(tt, sent.doc[own_tok[id(c)]]))), None)
                if twin is not None:
                    _fill(twin, claim)
                    continue
                claims.append(claim)
                own[id(claim)] = {x.i for x in tt.subtree}
                own_tok[id(claim)] = tt.i
        # "mounted a counter-attack and by dusk had regained the posts": the assault whose
        # outcome the sentence tells is that change of hands, not a second event
        gains = [c for c in claims if c.sub_type in TERRITORY_SUBTYPES and c.actor1]
        if gains:
            here = [p[2] for p in places]

            def folded(c: EventClaim) -> bool:
                if c.sub_type != "Armed clash" or (c.trigger or "") not in self.assault_nouns:
                    return False
                # an assault on a place of its own ("stormed A and took B") stays an event
                own = c.place is not None and any(p is c.place for p in here)
                return any(g.actor1 == c.actor1 and (not own or _places_agree(g.place, c.place)) for g in gains)
            claims = [c for c in claims if not folded(c)]
        # "the army liberated A, and fighting was under way on B": an act with no one named in a
        # sentence that names who fought shares those sides
        sided = next((c for c in claims if c.actor1), None)
        if sided is not None:
            for c in claims:
                if c.actor1 is None and c.actor2 is None and c.type == sided.type:
                    c.actor1, c.actor2, c.assoc = sided.actor1, sided.actor2, list(sided.assoc)
            # "X seized the town once the last militants had left it": the side that left
            # left to the side the sentence says gained
            for c in claims:
                if c.actor1 is None and c.actor2 is not None and c.sub_type in HANDOVER_SUBTYPES:
                    donor = next((o for o in claims if o.actor1 and o.actor2 in (c.actor2, None) and o is not c
                                  and o.sub_type in TERRITORY_SUBTYPES and o.actor1 != c.actor2), None)
                    if donor is not None:
                        c.actor1 = donor.actor1
                        donor.actor2 = donor.actor2 or c.actor2
        return claims

    # ---- triggers ------------------------------------------------------------------------
    def find_triggers(self, sent: Span) -> list[Trigger]:
        low = sent.text.lower()
        out: list[Trigger] = []
        used: set[int] = set()
        toks = list(sent)
        # each token's three readings, once per sentence rather than once per candidate run
        lemmas = [x.lemma_.lower() for x in toks]
        lowers = [x.lower_ for x in toks]
        forms = [self.forms.get(w, lem) for w, lem in zip(lowers, lemmas, strict=True)]
        firsts = self._trigger_firsts
        for i, t in enumerate(toks):
            if t.i in used:
                continue
            if lemmas[i] not in firsts and lowers[i] not in firsts and forms[i] not in firsts:
                continue
            for size in range(min(self.maxlen, len(toks) - i), 0, -1):
                run = toks[i:i + size]
                # the word as written, then its folded form, then its lemma: "bombing" (a noun
                # trigger) is tried before "bomb" (a verb trigger), and when the first reading's
                # conditions fail the next one is tried, in this fixed order
                keys = dict.fromkeys((tuple(lowers[i:i + size]), tuple(forms[i:i + size]), tuple(lemmas[i:i + size])))
                spec = next((self.triggers[k] for k in keys
                             if k in self.triggers and self._conditions(self.triggers[k], run, low)), None)
                if spec is None:
                    continue
                phrase = " ".join(x.lower_ for x in run)
                head = next((x for x in run if x.pos_ in ("VERB", "NOUN", "PROPN")), run[0])
                if head.pos_ != "VERB" and len(run) > 1:
                    # "an air strike": the noun the run's other words modify is its head, not "air"
                    ids = {x.i for x in run}
                    head = next((x for x in run if x.head.i not in ids and x.pos_ in ("NOUN", "PROPN")), head)
                out.append(Trigger(head, run, spec, phrase))
                used.update(x.i for x in run)
                break
        # split verbs: "took complete control of", "established full control over"
        for t in toks:
            if t.i in used or t.lower_ != "control":
                continue
            verb = t.head
            if verb.dep_ == "ROOT" or verb.pos_ == "VERB":
                spec = self.triggers.get((verb.lemma_.lower(), "control"))
                if spec and verb.i not in used:
                    out.append(Trigger(verb, [verb, t], spec, f"{verb.lower_} control"))
                    used.update((verb.i, t.i))
        return out

    def _conditions(self, spec: dict, run: list[Token], low: str) -> bool:
        t = run[0]
        pos = spec.get("pos")
        if pos and len(run) == 1 and t.pos_ not in pos and not (t.pos_ == "PROPN" and "NOUN" in pos):
            return False
        needs = spec.get("needs")
        if needs and not any(w.lower() in low for w in needs):
            return False
        not_with = spec.get("not_with")
        if not_with and any(w.lower() in low for w in not_with):
            return False
        head = next((x for x in run if x.pos_ == "VERB"), run[-1])
        obj_words = spec.get("needs_object")
        if obj_words:
            text = " ".join(x.lower_ for c in head.children if c.dep_ not in SUBJECT_DEPS for x in c.subtree)
            if not any(re.search(r"\b" + re.escape(w) + r"\b", text) for w in obj_words):
                return False
        if spec.get("needs_no_object") and any(c.dep_ == "dobj" for c in head.children):
            return False
        prep = spec.get("needs_prep")
        return not (prep and not any(c.dep_ in ("prep", "dative") and c.lower_ == prep for c in head.children))

    def _unreal(self, t: Token) -> bool:
        """Negated, hypothetical or future clauses report no event."""
        if self.modality.negated(t):
            return True
        for x in self.modality.clause_chain(t):
            for c in x.children:
                if c.dep_ in ("aux", "mark") and c.lower_ in self.irrealis:
                    return True
            if x.i != t.i and x.lemma_.lower() in self.irrealis and x.pos_ in ("VERB", "NOUN"):
                return True
            y = x
            for _ in range(3 if x.i != t.i and x.pos_ == "VERB" else 0):
                if (y.head.lemma_.lower() in self.irrealis
                        and any(c.dep_ == "aux" and c.lower_ == "to" for c in y.children)):
                    # "sees no need to launch raids", "stood ready to help negotiate an accord": the
                    # noun's verb is an infinitive under a wish, plan, need or readiness
                    return True
                if y.dep_ != "xcomp" or y.head.pos_ != "VERB":
                    break
                y = y.head
        if self._in_denied_claim(t):
            return True
        if t.pos_ == "VERB" and t.dep_ in ("xcomp", "advcl", "ccomp") and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
            return t.head.lemma_.lower() not in self.infinitive_heads
        return False

    def _in_denied_claim(self, t: Token) -> bool:
        """The act is told inside a claim the sentence calls false ("allegations that X shelled Y
        were false", "the story ... is a fabrication")."""
        x = t
        for _ in range(6):
            if x.head.i == x.i:
                return False
            x = x.head
            if x.lemma_.lower() in self.claim_nouns and x.pos_ == "NOUN" and x.dep_ in ("nsubj", "nsubjpass"):
                return any(c.dep_ in ("acomp", "attr") and c.lemma_.lower() in self.false_verdicts
                           for c in x.head.children)
        return False

    # ---- building ------------------------------------------------------------------------
    def build(self, seg: Segment, ctx: DocContext, sent: Span, trig: Trigger, places: list[tuple[int, int, Place]],
              recent: list[Place]) -> list[EventClaim]:
        spec = trig.spec
        t = trig.token
        roles = self.roles(seg, trig)
        if spec.get("roles") == "subject_loses" or spec.get("subject_leaves"):
            roles = Roles(roles.acted, roles.acting, roles.acted_words, roles.acting_words)
        if not roles.acting and not roles.acted and spec.get("type") == "Battles" and not spec.get("territory"):
            # "fighting spread when a feud between A and B boiled over": a fight that names
            # no side of its own is between the two the sentence pairs
            roles = self._paired_sides(seg, sent) or roles
        etype, sub_type = self.typing(ctx, sent, trig, roles, places)
        if etype is None or sub_type is None:
            return []
        self._direct = False
        place = self.choose_place(sent, trig, places, roles, seg, recent)
        told_place = bool(spec.get("territory") and recent and place is recent[-1] and self._pronoun_object(t))
        if told_place:
            # "came back on Thursday and captured it": "it" is the town the narrative is about, no side
            pron = {c.i for c in t.children if c.dep_ in ("dobj", "nsubjpass") and c.lower_ == "it"}
            words = [x for x in roles.acted_words if x.i not in pron]
            roles = Roles(roles.acting, [a for a in self._sides_in(seg, words) if a not in roles.acting],
                          roles.acting_words, words)
        if spec.get("needs_place_object") and (place is None or not (told_place or self._in_object(seg, t, place, places))):
            return []
        if place is None and etype == "Battles" and sub_type in TERRITORY_SUBTYPES:
            place = self._definite_place(t, recent) if roles.acting or roles.acted else None
            if place is None:
                return []
        acting, acted = roles.acting, roles.acted
        if place is None and recent and etype != "Strategic developments" and (acting or acted):
            # "attacked the same trenches" after "dug in on the hill": a definite
            # place noun points back to the place of that kind, else the last place told
            place = self._told_place_named_by(list(sent)) or recent[-1]
        if (not acting and not acted and t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() in self.generic_nouns
                and not self._names_kind(roles)):
            # "the fighting came days after...": a restatement, unless it says where
            own = {x.i for x in t.subtree}
            if t.dep_ in SUBJECT_DEPS:
                for c in t.head.children:
                    if c.dep_ in ("prep", "advmod", "acomp") and not any(x.pos_ == "VERB" for x in c.subtree):
                        own |= {x.i for x in c.subtree}
            if not any(seg.doc.char_span(s, e, alignment_mode="expand").root.i in own for s, e, _ in places):
                return []
        if spec.get("roles") in ("agreement",) and len(acting) >= 2 and not acted:
            acted = [acting[1]]
            acting = [acting[0], *acting[2:]]
        if spec.get("roles") == "deal":
            acting, acted = self._deal_sides(ctx, acting, acted, seg, sent)
        if not acting and not acted and place is None and not self._names_kind(roles):
            # a bare noun with no one and nowhere is a mention, not a report; a clause with a
            # subject is a report even where the place is outside the gazetteer's theatre
            specific = t.pos_ == "NOUN" and t.lemma_.lower() not in self.generic_nouns and etype != "Battles"
            if not specific and (t.pos_ != "VERB" or not any(
                    c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in t.children)):
                return []
        day, precision, explicit = self.choose_date(sent, t, ctx.published)
        ev = seg.evidence(sent, speaker=self.modality.speaker(seg, t), hedged=self.modality.hedged(t))
        killed = self.numbers.killed(sent.text) if etype != "Strategic developments" else None
        wounded = self.numbers.wounded(sent.text) if etype != "Strategic developments" else None
        quantities: dict[str, int] = {}
        if etype == "Strategic developments":
            n = self.numbers.evacuated(sent.text)
            if n:
                quantities["evacuated"] = n
        claim = EventClaim(
            type=etype, sub_type=sub_type, evidence=ev,
            actor1=acting[0] if acting else None,
            actor2=acted[0] if acted else None,
            assoc=[a for a in acting[1:] if a not in acted[:1]],
            place=place, date=day, date_precision=precision,
            fatalities=killed, wounded=wounded,
            killed_leader=self.killed_leader(seg, ctx, sent, acting),
            quantities=quantities, plover=self.plover.get(sub_type),
        )
        if claim.actor2 is not None and claim.actor2 == claim.actor1:
            claim.actor2 = next((a for a in acted[1:] if a != claim.actor1), None)
        if sub_type == "Agreement" and claim.actor1 is None and claim.actor2 is None:
            pair = self._paired_states(seg, ctx, list(sent))
            if pair:
                claim.actor1, claim.actor2 = pair
        if claim.actor1 is None and etype in self.opponent_types:
            claim.actor1 = self._blamed(seg, sent, claim.actor2)
        if claim.actor1 is None and etype == "Explosions/Remote violence" and sub_type != "Air/drone strike":
            claim.actor1 = self._claimant(seg, list(sent), claim.actor2)
            if claim.actor1 is not None and claim.place is None:
                claim.place = self._told_place_named_by(list(sent)) or (recent[-1] if recent else None)
        if claim.actor1 is None and sub_type == "Air/drone strike":
            owners = self._aircraft_owners(seg, ctx, list(sent), claim.actor2)
            claim.actor1 = owners[0] if owners else None
        out = [claim]
        if sub_type in TERRITORY_SUBTYPES and place is not None:
            # "liberated Jabal Badro and later the Hellok quarter": one change of hands per place
            for other in self._coordinated_places(seg, place, places):
                twin = EventClaim(type=etype, sub_type=sub_type, evidence=ev, actor1=claim.actor1,
                                  actor2=claim.actor2, assoc=list(claim.assoc), place=other, date=day,
                                  date_precision=precision, plover=claim.plover)
                twin.explicit_date = explicit
                twin.place_direct = self._direct
                twin.trigger = t.lemma_.lower()
                out.append(twin)
        claim.explicit_date = explicit
        claim.place_direct = place is not None and self._direct
        claim.trigger = t.lemma_.lower()
        also = spec.get("also")
        transfer_when = spec.get("transfer_when")
        if transfer_when and any(w in sent.text.lower() for w in transfer_when):
            also = "Non-violent transfer of territory" if sub_type == "Agreement" else None
        if also:
            out.append(EventClaim(
                type=etype, sub_type=also, evidence=ev, actor1=claim.actor1, actor2=claim.actor2,
                assoc=list(claim.assoc), place=place, date=day, date_precision=precision,
                quantities=dict(quantities), plover=self.plover.get(also)))
            out[-1].explicit_date = explicit
        return out

    # ---- roles ---------------------------------------------------------------------------
    def roles(self, seg: Segment, trig: Trigger) -> Roles:
        t = trig.token
        acting: list[Token] = []
        acted: list[Token] = []
        style = trig.spec.get("roles")
        verbal = t.pos_ in ("VERB", "AUX") or any(c.dep_ in ("nsubj", "nsubjpass", "dobj", "agent")
                                                   for c in t.children)
        if verbal:
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children)
            for c in t.children:
                if c.dep_ in SUBJECT_DEPS:
                    acting += list(c.subtree)
                elif c.dep_ == "nsubjpass":
                    if style != "place_subject":
                        acted += list(c.subtree)
                elif c.dep_ == "agent":
                    acting += list(c.subtree)
                elif c.dep_ in ("dobj", "attr") and not passive or c.dep_ == "prep" and c.lower_ in self.target_preps | {"with", "from", "out"}:
                    acted += list(c.subtree)
                elif c.dep_ == "prep" and c.lower_ == "to" and style == "place_subject":
                    acting += list(c.subtree)
                elif c.dep_ == "prt":
                    for cc in c.children:
                        if cc.dep_ == "prep":
                            acted += list(cc.subtree)
            if not acting or (t.dep_ == "relcl" and all(x.lower_ in ("that", "which", "who") for x in acting)):
                # "the coalition that seized X": the relative pronoun stands for the noun it hangs from
                acting = self._inherited_subject(t)
        else:
            for c in t.children:
                if c.dep_ in ("poss", "compound", "amod", "nmod") or c.dep_ == "prep" and c.lower_ in ("by", "from"):
                    acting += list(c.subtree)
                elif c.dep_ == "prep" and c.lower_ in self.target_preps | {"of", "with", "between"}:
                    acted += list(c.subtree)
            t = self._anchor(t)
            head = t.head
            if t.dep_ in ("dobj", "pobj", "attr") and head.pos_ in ("VERB", "AUX", "ADP"):
                verb = head if head.pos_ != "ADP" else head.head
                if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in self.light_verbs:
                    if acting and all(x.lower_ in self.pronouns for x in acting) and any(
                            c.dep_ in SUBJECT_DEPS for c in verb.children):
                        # "A and B kept up their assault": the subject names whom "their" means
                        acting = []
                    if not acting:
                        for c in verb.children:
                            if c.dep_ in SUBJECT_DEPS or c.dep_ == "agent":
                                acting += list(c.subtree)
                        if not acting:
                            acting = self._inherited_subject(verb)
                    for c in verb.children:
                        if c.dep_ == "prep" and c.lower_ in self.target_preps and c.i != t.i:
                            acted += list(c.subtree)
                if head.pos_ == "ADP" and head.lower_ in ("in", "by", "during") and verb.pos_ in ("VERB", "AUX"):
                    # "X was killed in an air strike": the victim is the verb's passive subject
                    for c in verb.children:
                        if c.dep_ in ("nsubjpass", "dobj") or c.dep_ == "nsubj" and verb.lemma_.lower() in self.death_verbs:
                            # "X died in an air strike" too: the one who died is the victim
                            acted += list(c.subtree)
                    if not seg.actors_in(acting) and verb.lemma_.lower() in self.harm_verbs:
                        # "police shot him dead in a gunfight": who killed fought it
                        for c in verb.children:
                            if c.dep_ in SUBJECT_DEPS or c.dep_ == "agent":
                                acting += list(c.subtree)
            if t.dep_ in SUBJECT_DEPS and not acted:
                for c in t.head.children:
                    if c.dep_ in ("dobj",) or c.dep_ == "prep" and c.lower_ in self.target_preps | {"between"}:
                        acted += list(c.subtree)
            if t.dep_ == "nsubjpass":
                for c in t.head.children:
                    if c.dep_ == "agent":
                        acting += list(c.subtree)
        t = trig.token
        # "the SDF, Washington's ally against ISIS, took X": whom a side is against is no partner
        foes = [x for x in acting if x.dep_ == "prep" and x.lower_ in self.foe_preps]
        foe_ids = {y.i for f in foes for y in f.subtree}
        if foe_ids:
            acting = [x for x in acting if x.i not in foe_ids]
            acted = acted + [t.doc[i] for i in sorted(foe_ids) if t.doc[i] not in acted]
        trig_ids = {x.i for x in trig.tokens} | _dateline_tokens(t.sent)
        acting = [x for x in acting if x.i not in trig_ids]
        acted = [x for x in acted if x.i not in trig_ids and x not in acting]
        a1 = self._officials_states(seg, self._kb, self._sides_in(seg, acting), acting)
        backers = set(seg.actors_in([x for x in acting if self._in_backing(x)]))
        if backers and any(a not in backers for a in a1):
            # "rebels backed by Turkish tanks", "Turkish-backed rebels": the backer is a partner
            a1 = [a for a in a1 if a not in backers] + [a for a in a1 if a in backers]
        if not a1 and acting and acting[0].lower_ in self.pronouns:
            a1 = self._antecedent(seg, acting[0])
        a1 = [self._group_of(seg, t.sent, a) for a in a1]
        if len(a1) >= 2 and a1[0] in self.generic_sides and self._kb is not None:
            # "terrorists of Jabhat al-Nusra", "rebels of the Free Syrian Army": the name says who
            named = [a for a in a1[1:] if getattr(self._kb.get(a), "type", None) in self.generic_sides[a1[0]]]
            if named:
                a1 = [named[0]] + [a for a in a1 if a not in (a1[0], named[0])]
        a2 = [a for a in self._sides_in(seg, acted) if a not in a1]
        if not a1 and len(a2) >= 2 and any(x.lower_ == "between" for x in acted):
            # "clashes between A and B": the first named acts
            a1, a2 = a2[:1], a2[1:]
        return Roles(a1, a2, acting, acted)

    def _blamed(self, seg: Segment, sent: Span, victim: str | None) -> str | None:
        """Who the sentence blames for an attack with no named attacker: "..., killing one soldier;
        the army blamed Kurdish fighters", "X, which officials blame for the bombing"."""
        for x in sent:
            if x.lemma_.lower() not in self.blame_verbs or x.pos_ != "VERB" or self.modality.negated(x):
                continue
            blames_on = any(c.dep_ == "prep" and c.lower_ in self.blame_on_preps for c in x.children)
            for c in x.children:
                if blames_on:
                    # "a raid, which the monitor blamed on Turkish jets": the side
                    # follows "on", the object is the attack itself
                    if c.dep_ != "prep" or c.lower_ not in self.blame_on_preps:
                        continue
                elif c.dep_ != "dobj":
                    continue
                span = list(c.subtree)
                if c.lower_ in ("which", "who", "whom") and x.dep_ == "relcl":
                    span = [x.head]
                found = [a for a in seg.actors_in(span) if a != victim]
                if found:
                    return found[0]
        return None

    def _claimant(self, seg: Segment, tokens: list[Token], victim: str | None) -> str | None:
        """Who owned a bombing the sentence names no attacker for: "seen in a video X posted",
        "X, which claimed the bombing", "a statement published by X"."""
        for x in tokens:
            if x.lemma_.lower() not in self.claim_verbs or x.pos_ != "VERB" or self.modality.negated(x):
                continue
            for c in x.children:
                if c.dep_ == "agent" or c.dep_ in SUBJECT_DEPS:
                    words = list(c.subtree)
                    if c.lower_ in ("which", "who", "that") and x.dep_ == "relcl":
                        words = [x.head]
                    found = [a for a in self._sides_in(seg, words) if a != victim]
                    if not found and c.lower_ in self.pronouns:
                        found = [a for a in self._antecedent(seg, c) if a != victim]
                    if found:
                        return found[0]
        return None

    def _aircraft_owners(self, seg: Segment, ctx: DocContext, tokens: list[Token], victim: str | None) -> list[str]:
        """The states the text says aircraft belonged to: "jets that residents believe belonged
        to the government", "the planes were almost certainly Russian". Read as a word window rather than
        from the parse, which often misattaches the relative clause of a list item or a quote."""
        out: list[str] = []
        for k, x in enumerate(tokens):
            if x.lemma_.lower() not in self.aircraft_nouns or x.pos_ not in ("NOUN", "PROPN"):
                continue
            for j in range(k + 1, min(k + 1 + self.owner_window, len(tokens))):
                v = tokens[j]
                if v.text in (".", ";") or v.sent.start != x.sent.start:
                    break
                if v.lemma_.lower() not in self.owner_verbs or self.modality.negated(v):
                    continue
                for y in tokens[j + 1:j + 6]:
                    actor = seg.actor_at(y) or (ctx.knowledge.actors.adjective_actor(y.lower_, "state") if y.pos_ in ("ADJ", "PROPN") else None)
                    if actor is not None:
                        if actor != victim and self._camp(ctx, actor) in ("state", "foreign") and actor not in out:
                            out.append(actor)
                        break
                    if y.lower_ not in self.owner_between:
                        break
                break
        return out

    @staticmethod
    def _sides_in(seg: Segment, tokens: list[Token]) -> list[str]:
        """The actors a run of words names as sides: "its rebels" names the rebels, not whatever
        "its" stands for, so a possessive pronoun on an actor noun is left out."""
        keep = [x for x in tokens if not (x.dep_ == "poss" and x.pos_ == "PRON" and seg.actor_at(x.head) is not None
                                          and seg.actor_at(x.head) != seg.actor_at(x))]
        return seg.actors_in(keep)

    def _officials_states(self, seg: Segment, kb, actors: list[str], words: list[Token]) -> list[str]:
        """An official acts for the state his title names: "Iranian Foreign Minister Mohammad Javad
        Zarif" and "Turkish Foreign Minister Mevlut Cavusoglu" signing an accord are Iran and Turkey."""
        if kb is None:
            return actors
        out: list[str] = []
        ids = {x.i for x in words}
        for a in actors:
            actor = kb.get(a)
            state = None
            if actor is not None and actor.type == "person":
                for m in seg.mentions_in(words):
                    if m.actor_id != a:
                        continue
                    span = seg.doc.char_span(m.start, m.end, alignment_mode="expand")
                    if span is None:
                        continue
                    title = [x for x in span.root.subtree if x.i < span.start and x.i in ids]
                    if not title or not any(x.pos_ in ("NOUN", "PROPN") and seg.actor_at(x) is None for x in title):
                        continue
                    for x in title:
                        cand = seg.actor_at(x) or (kb.adjective_actor(x.lower_, "state") if x.pos_ in ("ADJ", "PROPN") else None)
                        if cand is not None and getattr(kb.get(cand), "type", None) == "state":
                            state = cand
                            break
                    break
            b = state or a
            if b not in out:
                out.append(b)
        return out

    def _paired_sides(self, seg: Segment, sent: Span) -> Roles | None:
        """The two actors of the sentence's "a feud between A and B" (a noun of conflict)."""
        for x in sent:
            if x.lower_ != "between" or x.dep_ != "prep" or x.head.lemma_.lower() not in self.rivalry_nouns:
                continue
            words = [y for c in x.children if c.dep_ == "pobj" for y in c.subtree]
            sides = self._sides_in(seg, words)
            if len(sides) >= 2:
                first = [y for y in words if seg.actor_at(y) == sides[0]]
                second = [y for y in words if seg.actor_at(y) == sides[1]]
                return Roles(sides[:1], sides[1:2], first, second)
        return None

    def _paired_states(self, seg: Segment, ctx: DocContext, tokens: list[Token]) -> tuple[str, str] | None:
        """"a Turkish-Russian ceasefire deal", "an Iran-Iraq accord": two states joined by a
        hyphen are the parties of the agreement, in the order written."""
        for k in range(1, len(tokens) - 1):
            if tokens[k].text != "-":
                continue
            a, b = tokens[k - 1], tokens[k + 1]
            x = seg.actor_at(a) or ctx.knowledge.actors.adjective_actor(a.lower_, "state")
            y = seg.actor_at(b) or ctx.knowledge.actors.adjective_actor(b.lower_, "state")
            kb = ctx.knowledge.actors
            if x and y and x != y and all(getattr(kb.get(v), "type", None) == "state" for v in (x, y)):
                return x, y
        return None

    def _anchor(self, t: Token) -> Token:
        """Where an event noun sits in its clause: "carried out dozens of raids" places "raids"
        where "dozens" is, so the clause's subject and light verb reach it."""
        x = t
        for _ in range(2):
            if (x.dep_ == "pobj" and x.head.lower_ == "of" and x.head.head.i != x.head.i
                    and x.head.head.lemma_.lower() in self.quantifier_nouns):
                x = x.head.head
            else:
                break
        return x

    def _group_of(self, seg: Segment, sent: Span, actor: str) -> str:
        """A commander's men act for his group: "Ahmed Osman, who heads the X Division, said his men took
        Y" is the X Division taking Y."""
        a = self._kb.get(actor) if self._kb is not None else None
        if a is None or a.type != "person":
            return actor
        for x in sent:
            if x.lemma_.lower() not in self.lead_verbs or x.pos_ != "VERB":
                continue
            subj = [c for c in x.children if c.dep_ == "nsubj"]
            who = subj[0] if subj else None
            if who is not None and who.lower_ in ("who", "which") and x.dep_ == "relcl":
                who = x.head
            if who is None or seg.actor_at(who) != actor:
                continue
            for c in x.children:
                if c.dep_ == "dobj":
                    groups = [g for g in seg.actors_in(list(c.subtree)) if g != actor]
                    if groups:
                        return groups[0]
        return actor

    def _in_backing(self, x: Token) -> bool:
        """`x` names a sponsor inside the acting phrase: under "backed/supported by", or before "-backed"."""
        doc = x.doc
        if x.i + 2 < len(doc) and doc[x.i + 1].text == "-" and doc[x.i + 2].lemma_.lower() in self.backing_verbs:
            return True
        y = x
        for _ in range(6):
            if y.head.i == y.i:
                return False
            if y.dep_ == "agent" and y.head.lemma_.lower() in self.backing_verbs:
                return True
            y = y.head
        return False

    def _antecedent(self, seg: Segment, pron: Token) -> list[str]:
        """The actor a subject pronoun stands for: the nearest actor named before it, close by."""
        before = [m for m in seg.mentions if m.end <= pron.idx and pron.idx - m.end < 250]
        kb_ok = [m for m in before if m.how != "pronoun"]
        return [kb_ok[-1].actor_id] if kb_ok else []

    @staticmethod
    def _inherited_subject(t: Token) -> list[Token]:
        """The subject a verb shares with the clause it hangs from ("X stormed A and took B")."""
        x = t
        for _ in range(4):
            if x.dep_ == "pcomp" and x.head.pos_ == "ADP" and x.head.dep_ == "prep" and x.head.head.pos_ in ("VERB", "AUX"):
                # "the rebels clung to a few districts, after losing X": through "after"
                x = x.head.head
                subj = [c for c in x.children if c.dep_ in SUBJECT_DEPS]
                if subj:
                    return [w for s in subj for w in s.subtree]
                continue
            if x.dep_ in ("conj", "xcomp", "advcl", "pcomp") and x.head.i != x.i:
                x = x.head
                subj = [c for c in x.children if c.dep_ in SUBJECT_DEPS]
                if subj:
                    return [w for s in subj for w in s.subtree]
            elif x.dep_ in ("relcl", "acl") and x.head.i != x.i:
                return list(x.head.subtree)[: x.head.i - x.head.left_edge.i + 1]
            else:
                break
        return []

    def _kinds(self, tokens: list[Token]) -> set[str]:
        words = " ".join(x.lower_ for x in tokens)
        lemmas = " ".join(x.lemma_.lower() for x in tokens)
        kinds = set()
        for kind, rx in self._kind_rx:
            if rx.search(words) or rx.search(lemmas):
                kinds.add(kind)
        return kinds

    def _names_kind(self, roles: Roles) -> bool:
        return bool(self._kinds(roles.acting_words) or self._kinds(roles.acted_words))

    def _kind_of(self, ctx: DocContext, actor: str | None, place: Place | None) -> str | None:
        if actor is None:
            return None
        a = ctx.knowledge.actors.get(actor)
        if a is None:
            return None
        if a.type == "state_force":
            return "state"
        if a.type == "state":
            country = (place.country if place else None) or "SY"
            return "state" if (a.country or "") == country else "foreign"
        if a.type == "civilians":
            return "civilian"
        if a.type == "person":
            return None
        return "nonstate"

    # ---- typing --------------------------------------------------------------------------
    def weapon(self, text: str) -> str | None:
        low = text.lower()
        for sub_type, rx in self.weapons:
            if rx is not None and rx.search(low):
                return sub_type
        return None

    def typing(self, ctx: DocContext, sent: Span, trig: Trigger, roles: Roles,
               places: list[tuple[int, int, Place]]) -> tuple[str | None, str | None]:
        spec = trig.spec
        etype = spec["type"]
        sub_type = spec.get("sub_type")
        place = places[0][2] if places else None
        acted_kinds = self._kinds(roles.acted_words) | {self._kind_of(ctx, a, place) for a in roles.acted} - {None}
        civilians_hit = "civilian" in acted_kinds and not acted_kinds & {"state", "nonstate", "foreign"}
        if spec.get("explosive"):
            t = trig.token
            own = " ".join(x.text for x in trig.tokens)
            near = " ".join(x.text for x in t.subtree)
            a = self._anchor(t)
            if a.head.i != a.i:
                near += " " + " ".join(x.text for c in a.head.children if c.dep_ in SUBJECT_DEPS for x in c.subtree)
            found = self.weapon(near) or self.weapon(own) or self.weapon(" ".join(x.text for x in roles.acting_words))
            needs_weapon = spec.get("needs_weapon") or spec.get("verb_needs_weapon") and t.pos_ == "VERB"
            if found is None and not needs_weapon and not spec.get("battle_without_weapon"):
                found = self.weapon(sent.text)
            if found is None and needs_weapon:
                found = self.weapon(sent.text) if t.pos_ == "VERB" else None
                if found is None:
                    return None, None
            if found is not None:
                return "Explosions/Remote violence", found
            if spec.get("battle_without_weapon"):
                if civilians_hit and spec.get("civilian_target"):
                    return VAC, spec["civilian_target"]
                return "Battles", "Armed clash"
            return etype, sub_type
        crowd = self._kinds(roles.acting_words) & {"crowd"} or (
            not roles.acting_words and self._kinds(list(sent)) & {"crowd"} and etype != "Protests")
        if crowd and etype in (VAC, "Strategic developments", "Battles", "Protests") and sub_type not in (
                "Agreement", "Arrests", "Change to group/activity", "Other") and etype != "Explosions/Remote violence":
            mob = any(x.lemma_.lower() in ("mob", "vigilante") for x in [*roles.acting_words, *sent])
            return "Riots", "Mob violence" if mob else "Violent demonstration"
        if spec.get("civilian_target") and civilians_hit:
            return VAC, spec["civilian_target"]
        if spec.get("battle_target") and acted_kinds & {"state", "nonstate", "foreign"} and not civilians_hit:
            return "Battles", spec["battle_target"]
        if spec.get("fallback") and not acted_kinds and not roles.acted and not self._kinds(list(sent)) & {"civilian"}:
            # "three people were killed" with no attacker or victim kind: nothing to type
            return None, None
        if sub_type is None:
            winner = self._kind_of(ctx, roles.acting[0], place) if roles.acting else None
            if winner is None:
                kinds = self._kinds(roles.acting_words)
                winner = "state" if "state" in kinds and "nonstate" not in kinds else ("nonstate" if kinds else None)
            # a government that loses ground loses it to someone else; a group that loses ground
            # may lose it to another group, so that says nothing
            if winner is None and roles.acted and self._kind_of(ctx, roles.acted[0], place) == "state":
                winner = "nonstate"
            if winner is None and "state" in self._kinds(roles.acted_words):
                winner = "nonstate"
            sub_type = spec["by_state"] if winner == "state" else spec["by_nonstate"]
        return etype, sub_type

    # ---- the other side -----------------------------------------------------------------
    def infer_opponents(self, seg: Segment, ctx: DocContext, claims: list[EventClaim]) -> None:
        """Fill actor2 of a fight or a change of hands that names only the side acting ("the army
        retook the district"): the report's most-named combatant of the other camp, since a
        report about a front names its two sides far more often than anyone else."""
        # sides the text itself names, before any is inferred below
        told = [c for c in claims if c.actor1 is not None and c.actor2 is not None]
        counts: dict[str, int] = {}
        for m in seg.mentions:
            if m.how != "pronoun":
                counts[m.actor_id] = counts.get(m.actor_id, 0) + 1
        for c in claims:
            if c.actor2 is None and c.type in ("Explosions/Remote violence", VAC) and self._victims_civilian(seg, ctx, c):
                c.actor2 = self._civilian_actor(seg, ctx, c)
            if c.actor1 is None and c.actor2 is not None and c.sub_type in TERRITORY_SUBTYPES:
                # "after losing the Old City": the side that lost is named, the winner is the
                # report's main enemy of it, and the sub-type follows the winner
                winner = self._opponent(ctx, c.actor2, c.assoc, counts)
                if winner is not None:
                    c.actor1 = winner
                    state = self._camp(ctx, winner) == "state"
                    c.sub_type = "Government regains territory" if state else "Non-state actor overtakes territory"
                    c.plover = self.plover.get(c.sub_type)
                continue
            if (c.actor1 is None and c.actor2 is not None and c.sub_type in HANDOVER_SUBTYPES
                    and (c.trigger or "") in self.deal_lemmas and self._camp(ctx, c.actor2) == "nonstate"):
                # "rebels left X under an evacuation deal": the ground goes to the report's main
                # enemy of the side leaving; a deal its sentence tells with no side shares the pair
                c.actor1 = self._opponent(ctx, c.actor2, c.assoc, counts)
                for o in claims:
                    if (o.actor1 is None and o.actor2 is None and o.sub_type in HANDOVER_SUBTYPES
                            and o.evidence.sentence == c.evidence.sentence):
                        o.actor1, o.actor2 = c.actor1, c.actor2
                continue
            if c.actor1 is None and c.actor2 is not None and c.type == "Battles":
                # "the fighting there killed eleven of its men": the report has told whom that
                # side fights at that place
                c.actor1 = self._other_side_at(ctx, c, told)
                continue
            if c.actor2 is not None or c.actor1 is None or c.type not in self.opponent_types:
                continue
            if c.type == "Strategic developments" and c.sub_type not in self.opponent_subtypes:
                continue
            c.actor2 = (self._foe_named(seg, ctx, c) or self._sibling_foe(ctx, c, told)
                        or self._opponent(ctx, c.actor1, c.assoc, counts))

    @staticmethod
    def _at_same_place(a: EventClaim, b: EventClaim) -> bool:
        return a.place is not None and b.place is not None and _norm_place(a.place) == _norm_place(b.place)

    def _other_side_at(self, ctx: DocContext, c: EventClaim, told: list[EventClaim]) -> str | None:
        """The side the report says fights `c.actor2` at the same place."""
        for o in reversed(told):
            if o is c or o.type != "Battles" or not self._at_same_place(o, c):
                continue
            if o.actor1 == c.actor2 and o.actor2 is not None:
                return o.actor2
            if o.actor2 == c.actor2 and o.actor1 is not None:
                return o.actor1
        return None

    def _gainer_first(self, ctx: DocContext, claims: list[EventClaim]) -> bool:
        """An evacuation, surrender or handover deal has the side gaining the ground as actor1:
        "rebels leave by bus under an evacuation deal" is the government's gain. Returns whether any
        claim was turned round, so that restatements of one deal can merge."""
        turned = False
        for c in claims:
            if c.sub_type not in HANDOVER_SUBTYPES or (c.trigger or "") not in self.deal_lemmas:
                continue
            if c.actor1 and c.actor2 and self._camp(ctx, c.actor2) == "state" and self._camp(ctx, c.actor1) == "nonstate":
                c.actor1, c.actor2 = c.actor2, c.actor1
                c.assoc = [a for a in c.assoc if a not in (c.actor1, c.actor2)]
                turned = True
        return turned

    def _sibling_foe(self, ctx: DocContext, c: EventClaim, told: list[EventClaim]) -> str | None:
        """"A seized town X from B on Thursday ... his fighters had seized Y as well on Thursday": a
        change of hands that names no loser loses to whom the same camp's gain of that day was
        told from, in the text itself."""
        if c.sub_type not in TERRITORY_SUBTYPES or c.actor1 is None or not c.date:
            return None
        mine = self._camp(ctx, c.actor1)
        for o in reversed(told):
            if o is c or o.sub_type not in TERRITORY_SUBTYPES or o.actor1 is None or o.actor2 is None:
                continue
            if o.date != c.date or o.actor2 in (c.actor1, *c.assoc) or self._camp(ctx, o.actor1) != mine:
                continue
            if self._allied(ctx, c.actor1, o.actor2):
                continue
            return o.actor2
        return None

    def _foe_named(self, seg: Segment, ctx: DocContext, c: EventClaim) -> str | None:
        """A foe the event's own sentence names after "against" ("the US partner against ISIS,
        took X"): the sentence says whom the side fights."""
        if c.evidence.segment != seg.name:
            return None
        for m in seg.mentions:
            if m.how == "pronoun" or not (c.evidence.start <= m.start and m.end <= c.evidence.end):
                continue
            if m.actor_id == c.actor1 or m.actor_id in c.assoc or self._camp(ctx, m.actor_id) is None:
                continue
            if self._allied(ctx, c.actor1, m.actor_id):
                continue
            span = seg.doc.char_span(m.start, m.end, alignment_mode="expand")
            x = span.root if span is not None else None
            for _ in range(4):
                if x is None or x.head.i == x.i:
                    break
                if x.dep_ == "pobj" and x.head.lower_ in self.foe_preps:
                    return m.actor_id
                if x.dep_ == "dobj" and x.head.lemma_.lower() in self.rout_verbs and not self.modality.negated(x.head):
                    # "captured the town after routing the remaining X fighters", "expelled X from"
                    return m.actor_id
                x = x.head
        return None

    def _opponent(self, ctx: DocContext, actor: str, partners: list[str], counts: dict[str, int]) -> str | None:
        """The report's most-named fighter of the other camp, never a known ally."""
        mine = self._camp(ctx, actor)
        if mine is None:
            return None
        ranked = []
        for a, n in counts.items():
            if a == actor or a in partners or self._allied(ctx, actor, a):
                continue
            camp = self._camp(ctx, a)
            if camp is None or camp == "foreign" or (mine in ("state", "foreign") and camp == "state"):
                continue
            if mine == "nonstate" and camp == "nonstate" and n < 2:
                continue
            # a non-state side fights the government first where the report names it
            ranked.append((0 if mine == "nonstate" and camp == "state" else 1, -n, a))
        return min(ranked)[2] if ranked else None

    def _victims_civilian(self, seg: Segment, ctx: DocContext, c: EventClaim) -> bool:
        return self._civilian_actor(seg, ctx, c) is not None

    def _civilian_actor(self, seg: Segment, ctx: DocContext, c: EventClaim) -> str | None:
        """The civilians actor when the event's sentence names civilian victims (killed, wounded, hit)."""
        ev = c.evidence
        for m in seg.mentions:
            if ev.start <= m.start < ev.end:
                a = ctx.knowledge.actors.get(m.actor_id)
                if a is not None and a.type == "civilians":
                    return m.actor_id
        return None

    def _camp(self, ctx: DocContext, actor: str) -> str | None:
        """state (the government's forces), foreign (another state), nonstate, or None (not a fighter)."""
        a = ctx.knowledge.actors.get(actor)
        if a is None or a.type not in self.combatant_types:
            return None
        if a.type == "state_force":
            return "state"
        if a.type == "state":
            return "foreign"
        return "nonstate"

    @staticmethod
    def _allied(ctx: DocContext, a: str, b: str) -> bool:
        """The knowledge base's background relations say the two fight on one side."""
        for x, y in ((a, b), (b, a)):
            actor = ctx.knowledge.actors.get(x)
            for rel in getattr(actor, "background", None) or []:
                if rel.get("object") == y and rel.get("type") in ("ally_of", "backs", "member_of", "merged_into"):
                    return True
        return False

    # ---- deals ---------------------------------------------------------------------------
    def _deal_sides(self, ctx: DocContext, acting: list[str], acted: list[str], seg: Segment,
                    sent: Span) -> tuple[list[str], list[str]]:
        """In an evacuation or surrender deal the side that gains the ground (the state) is actor1."""
        everyone = [*acting, *acted]
        for a in self._sides_in(seg, list(sent)):
            if a not in everyone:
                everyone.append(a)
        kinds = {a: self._kind_of(ctx, a, None) for a in everyone}
        states = [a for a in everyone if kinds[a] == "state"]
        others = [a for a in everyone if kinds[a] in ("nonstate",)]
        if states:
            # the government's own auxiliaries ("Hezbollah") are never the side handing it ground
            others = [a for a in others if not self._allied(ctx, states[0], a)]
            rest = [a for a in acting if a not in states[:1] and kinds.get(a) in ("foreign",)]
            return [states[0], *rest], others[:1]
        if len(acting) >= 2 and not acted:
            # "Iran and Turkey signed the accord": the parties in text order
            return acting[:1] + acting[2:], acting[1:2]
        return acting, acted

    # ---- places and dates ----------------------------------------------------------------
    def _destination(self, x: Token) -> bool:
        return (x.dep_ == "pobj" and x.head.lower_ in ("to", "towards", "toward")
                and x.head.head.lemma_.lower() in self.motion_verbs)

    def _definite_place(self, t: Token, recent: list[Place]) -> Place | None:
        """"had retaken the trenches on the mountain": a definite place noun in the trigger's
        object refers back to the place of that kind told before (Jabal X, Mount Y), else to the
        place the report names most often ("the recapture of the city")."""
        objs = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass") or c.dep_ == "prep" and c.lower_ in
                self.locative_preps | self.target_preps]
        return self._told_place_named_by([x for o in objs for x in o.subtree])

    def _told_place_named_by(self, tokens: list[Token]) -> Place | None:
        """The told place a definite place noun among `tokens` points back to ("the village")."""
        for x in tokens:
            if x.lemma_.lower() not in self.place_nouns or x.pos_ != "NOUN":
                continue
            if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in x.children):
                continue
            if any(c.dep_ in ("compound", "prep") and c.pos_ in ("PROPN", "ADP") for c in x.children):
                continue  # "the town of X" names its own place
            kind = x.lemma_.lower()
            told = self._told_places
            # "the mountain" after "Jabal X" or "Mount X": the kind may be named in the local word
            names = self.place_kind_words.get(kind, set())
            for p in reversed(told):
                if kind in p.name.lower() or names & set(re.split(r"[\s-]+", p.name.lower())):
                    return p
            # else the place the report is about: the one it names most often, short of regions
            counts: dict[str, int] = {}
            for p in told:
                if p.precision < 3:
                    counts[p.name] = counts.get(p.name, 0) + 1
            if not counts:
                return None
            top = max(counts.values())
            return next(p for p in reversed(told) if counts.get(p.name) == top)
        return None

    def _moved_to(self, x: Token, trigger: Token, origin: bool = False) -> bool:
        """A place where people are moved under an event, not where it happened: "families return home,
        many of them to X". The first verb above the place is a verb of going, other than
        the trigger, and the place is not where they leave from, unless `origin` (for an attack,
        "militants transferred from X" is not where it happened either)."""
        y = x
        for _ in range(5):
            if y.head.i == y.i or y.i == trigger.i:
                return False
            if y.dep_ == "prep" and (y.lower_ in ("of", "near") or not origin and y.lower_ in ("from", "out")):
                return False
            y = y.head
            if y.pos_ in ("VERB", "AUX"):
                return y.i != trigger.i and y.lemma_.lower() in self.motion_verbs
        return False

    def _landmark(self, x: Token, top: Token) -> bool:
        """A place named to locate another ("north-west of Damascus", "near X", "said in Moscow")."""
        n = 0
        while x.i != top.i and x.head.i != x.i and n < 8:
            if x.dep_ == "prep" and (x.lower_ in self.landmark_words or x.head.lower_ in self.landmark_words):
                return True
            if x.dep_ == "prep" and x.lower_ in ("to", "towards", "toward") and x.head.lemma_.lower() in self.motion_verbs:
                return True
            if x.dep_ == "pobj" and x.head.lower_ in self.landmark_words:
                return True
            x = x.head
            n += 1
        return False

    @staticmethod
    def _in_object(seg: Segment, t: Token, place: Place, places: list[tuple[int, int, Place]]) -> bool:
        """The place sits in the trigger's object ("took [the town of X]"), not in a "from" phrase."""
        objs = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass", "attr")
                or c.dep_ == "prep" and c.lower_ in ("in", "of")]
        if t.dep_ in ("relcl", "acl") and not objs:
            objs = [t.head]
        ids = {x.i for o in objs for x in o.subtree}
        for s, e, p in places:
            # every mention of the place counts: "X: rebels seized the town of X" names it twice
            if p is place or (p.place_id and p.place_id == place.place_id) or p.name == place.name:
                span = seg.doc.char_span(s, e, alignment_mode="expand")
                if span is not None and span.root.i in ids:
                    return True
        return False

    def _coordinated_places(self, seg: Segment, place: Place, places: list[tuple[int, int, Place]]) -> list[Place]:
        """Places coordinated with `place` in the parse ("X and later the Y quarter")."""
        at = next(((s, e) for s, e, p in places if p is place), None)
        if at is None:
            return []
        span = seg.doc.char_span(at[0], at[1], alignment_mode="expand")
        if span is None:
            return []
        head = span.root
        while head.dep_ in ("compound", "pobj") and head.head.pos_ in ("NOUN", "PROPN") and head.head.i != head.i:
            head = head.head
        conj_ids: set[int] = set()
        for c in head.conjuncts:
            conj_ids |= {x.i for x in c.subtree}
        out = []
        for s, e, p in places:
            if p is place:
                continue
            sp = seg.doc.char_span(s, e, alignment_mode="expand")
            if sp is not None and sp.root.i in conj_ids and p.precision < 3:
                out.append(p)
        return out

    def _is_actor_place(self, seg: Segment, p: tuple[int, int, Place]) -> bool:
        """A place name that is part of an actor mention, a "-based" modifier, a dateline ("MOSCOW,
        November 27 -") or where a statement was made ("said in Moscow") is not where it happened."""
        s, e, _ = p
        written = seg.text[s:e]
        line_start = seg.text.rfind("\n", 0, s) + 1
        at_start = not seg.text[line_start:s].strip()
        if at_start and (written.isupper() and len(written) > 2 or re.match(r"\s*[-\u2013\u2014]\s", seg.text[e:e + 4])
                         or re.match(r",\s*[A-Z][\w.]+\s*[-\u2013\u2014]\s", seg.text[e:e + 24])):
            # datelines: "BEIRUT, ...", "Idlib - ...", "Aleppo, SANA - ..."
            return True
        span = seg.doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            root = span.root
            # "said in Moscow" places the statement; a fronted "In Douma, activists said ..." sets
            # the scene of what they report
            if (root.dep_ == "pobj" and root.head.lower_ == "in" and root.head.head.lemma_ in
                    self.modality.reporting_verbs and root.head.i > root.head.head.i):
                return True
        for m in seg.mentions:
            if m.start <= s and e <= m.end:
                return True
        tail = seg.text[e:e + 7].lower()
        return tail.startswith("-based") or tail.startswith(" based")

    def choose_place(self, sent: Span, trig: Trigger, places: list[tuple[int, int, Place]], roles: Roles,
                     seg: Segment, recent: list[Place] | None = None) -> Place | None:
        # "slogans about Aleppo": a place that is a topic is nowhere the event happened
        places = [p for p in places if not self._topic(seg, p)]
        if not places:
            return recent[-1] if recent and self._pronoun_object(trig.token) else None
        t = trig.token
        clause = t if t.pos_ == "VERB" else (t.head if t.head.pos_ in ("VERB", "AUX") else t)
        subj_ids = {x.i for c in clause.children if c.dep_ in SUBJECT_DEPS for x in c.subtree}
        lo, hi = clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge)
        own_lo, own_hi = t.left_edge.idx, t.right_edge.idx + len(t.right_edge)
        tpos = t.idx

        def score(p: tuple[int, int, Place]) -> tuple:
            s, e, place = p
            tok = seg.doc.char_span(s, e, alignment_mode="expand")
            in_subject = tok is not None and tok.root.i in subj_ids and t.pos_ == "VERB"
            inside_own = own_lo <= s and e <= own_hi
            inside = lo <= s and e <= hi
            dist = min(abs(s - tpos), abs(e - tpos))
            depth = _hops(tok.root, clause) if tok is not None else 99
            landmark = tok is not None and self._landmark(tok.root, t)
            tier = 0 if inside_own else 1 if inside and not in_subject else 2
            wide = place.precision >= 3 or (tok is not None and tok.root.dep_ == "pobj"
                                            and tok.root.head.head.lemma_.lower() in self.region_words)
            return (tier + landmark, wide, depth, dist)

        best = min(places, key=score)
        if recent and score(best)[0] >= 2 and self._pronoun_object(t):
            # "...links A with B, and troops had captured it in December": "it" is the place the
            # narrative is about, not a place in another clause
            self._direct = True
            return recent[-1]
        tok = seg.doc.char_span(best[0], best[1], alignment_mode="expand")
        violent = trig.spec.get("type") in VIOLENT_TYPES
        if tok is not None and recent and (self._destination(tok.root) or self._moved_to(tok.root, t, origin=violent)):
            # "lets fighters travel north to Idlib": a destination, not where the deal happened
            self._direct = False
            return recent[-1]
        inner = self._described_by(seg, best, places)
        if inner is not None:
            best = inner
            tok = seg.doc.char_span(best[0], best[1], alignment_mode="expand")
        self._direct = tok is not None and _reaches(tok.root, t, self.locative_preps)
        return best[2]

    @staticmethod
    def _topic(seg: Segment, p: tuple[int, int, Place]) -> bool:
        span = seg.doc.char_span(p[0], p[1], alignment_mode="expand")
        if span is None:
            return False
        x = span.root
        while x.dep_ in ("conj", "compound") and x.head.i != x.i:
            x = x.head
        return x.dep_ == "pobj" and x.head.lower_ in ("about", "regarding", "concerning")

    @staticmethod
    def _pronoun_object(t: Token) -> bool:
        """The trigger's object is "it" ("captured it"): the place is the one told before."""
        return t.pos_ == "VERB" and any(c.dep_ in ("dobj", "nsubjpass") and c.lower_ == "it" for c in t.children)

    @staticmethod
    def _described_by(seg: Segment, best: tuple[int, int, Place],
                      places: list[tuple[int, int, Place]]) -> tuple[int, int, Place] | None:
        """A place that `best` only locates: "the Hanano district in eastern X", "Douma, the largest
        town of X", "Y was the first neighbourhood of X to fall". The located place is the more
        specific one, so the event is there."""
        span = seg.doc.char_span(best[0], best[1], alignment_mode="expand")
        if span is None:
            return None
        x = span.root
        # climb from the place through "in/of [the countryside of]" to the noun it locates
        noun = None
        for _ in range(6):
            if x.dep_ == "pobj" and x.head.dep_ == "prep" and x.head.lower_ in ("in", "of", "near") \
                    and x.head.head.pos_ in ("NOUN", "PROPN"):
                noun = x.head.head
                x = noun
                continue
            if x.dep_ in ("compound", "amod") and x.head.pos_ in ("NOUN", "PROPN"):
                x = x.head
                continue
            break
        if noun is None:
            return None
        targets = {noun.i}
        if noun.dep_ == "appos":
            targets.add(noun.head.i)
        if noun.dep_ == "attr" and noun.head.lemma_ == "be":
            targets |= {c.i for c in noun.head.children if c.dep_ == "nsubj"}
        for p in places:
            if p is best:
                continue
            sp = seg.doc.char_span(p[0], p[1], alignment_mode="expand")
            if sp is None or sp.root.i not in targets and not any(y.i in targets for y in sp):
                continue
            if p[2].precision < 3 or best[2].precision >= 3:
                return p
        return None

    def choose_date(self, sent: Span, t: Token, published: date | None) -> tuple[str | None, str, bool]:
        """The date expression nearest the trigger (its own clause first), else the publication date."""
        found = [d for d in find_dates(sent.text, published) if not _dateline(sent.text, d)]
        pub = published.isoformat() if published else None
        if not found and (shifted := self._narrative_date(sent.text, published)) is not None:
            return shifted, "day", True
        if not found:
            if self._recent_date is not None:
                return self._recent_date[0], self._recent_date[1], False
            return pub, "day", False
        clause = t if t.pos_ == "VERB" else (t.head if t.head.pos_ in ("VERB", "AUX") else t)
        lo = clause.left_edge.idx - sent.start_char
        hi = clause.right_edge.idx + len(clause.right_edge) - sent.start_char
        tpos = t.idx - sent.start_char

        # dates inside the subject or a relative clause date something else ("the group known until
        # last week as ...")
        aside = [(c.left_edge.idx - sent.start_char, c.right_edge.idx + len(c.right_edge) - sent.start_char)
                 for c in clause.subtree if c.dep_ in ("nsubj", "nsubjpass", "relcl", "acl", "appos")
                 and c.i != t.i and c.head.i != t.i and not (c.left_edge.i <= t.i <= c.right_edge.i)]

        def score(d: DateMention) -> tuple:
            inside = lo <= d.start and d.end <= hi
            side = any(a <= d.start and d.end <= b for a, b in aside)
            return (0 if inside and not side else 1 if inside else 2, min(abs(d.start - tpos), abs(d.end - tpos)))

        best = min(found, key=score)
        own = (t.left_edge.idx - sent.start_char, t.right_edge.idx + len(t.right_edge) - sent.start_char)
        relative = [(c.left_edge.idx - sent.start_char, c.right_edge.idx + len(c.right_edge) - sent.start_char)
                    for c in clause.subtree if c.dep_ in ("relcl", "acl") and not (t.left_edge.i <= c.i <= t.right_edge.i)]
        if (self._recent_date is not None and not (own[0] <= best.start and best.end <= own[1])
                and any(a <= best.start and best.end <= b for a, b in relative)):
            # "called the deal a settlement ... the gunmen, whose departure was set for
            # Wednesday": a date told in a relative clause or subject of another noun dates that noun; the event keeps the
            # day the narrative has reached
            return self._recent_date[0], self._recent_date[1], False
        iso = best.iso
        if pub and iso > pub:
            iso = pub
        return iso, best.precision, True

    def _narrative_date(self, text: str, published: date | None) -> str | None:
        """"The following day, ..." dated from the day the narrative has reached, never past publication."""
        shift = narrative_shift(text)
        if shift is None or self._recent_date is None or self._recent_date[1] != "day":
            return None
        day = date.fromisoformat(self._recent_date[0][:10]) + timedelta(days=shift)
        if published is not None and day > published:
            day = published
        return day.isoformat()

    # ---- leaders -------------------------------------------------------------------------
    def killed_leader(self, seg: Segment, ctx: DocContext, sent: Span, acting: list[str]) -> str | None:
        """A named person of the knowledge base killed in the event, introduced as a leader or commander."""
        low = sent.text.lower()
        if not re.search(r"\b(kill|killed|killing|died|dead|assassinat\w*|slain|eliminated)\b", low):
            return None
        if self.leader_rx is None or not self.leader_rx.search(low):
            return None
        for m in seg.mentions_in(list(sent)):
            a = ctx.knowledge.actors.get(m.actor_id)
            if a is None or a.type != "person" or m.actor_id in acting:
                continue
            tok = seg.doc.char_span(m.start, m.end, alignment_mode="expand")
            if tok is None:
                continue
            root = tok.root
            if root.dep_ in ("nsubj",) and root.head.lemma_ in ("kill", "order", "say", "announce"):
                continue
            return m.actor_id
        return None


def _dateline_tokens(sent: Span) -> set[int]:
    """The tokens of a wire dateline ("MOSCOW, November 27 -"): a place and date, never an actor."""
    toks = list(sent)
    out: set[int] = set()
    for i, x in enumerate(toks):
        if not (x.text.isupper() and len(x.text) > 2):
            continue
        line_start = x.i == sent.start or "\n" in x.doc[x.i - 1].text_with_ws
        if line_start and i + 1 < len(toks) and toks[i + 1].text in (",", "-"):
            out.add(x.i)
    return out


# "since March 3", "until last week": the start or end of a state of affairs, not a day the
# narrative has reached, so later sentences do not inherit it
_SPAN_START = re.compile(r"\b(?:since|until|till)\b[^,;:]*$", re.I)


def _dateline(text: str, d: DateMention) -> bool:
    """A wire dateline ("BEIRUT, May 9 -") dates the report, not the events in its sentence."""
    line_start = text.rfind("\n", 0, d.start) + 1
    before = text[line_start:d.start].strip()
    return bool(re.fullmatch(r"[A-Z][A-Z .'-]+,?", before)) and d.start - line_start < 40


def _governs(top: Token, x: Token) -> bool:
    """`x` is an argument of `top` in the same clause ("agreed to extend a truce"), not a second
    clause coordinated with it ("bombed X, and a strike on Y killed Z")."""
    n = 0
    while x.i != top.i and x.head.i != x.i and n < 8:
        if x.dep_ in ("conj", "advcl", "ccomp", "parataxis", "relcl"):
            return False
        x = x.head
        n += 1
    return x.i == top.i


def _governing_prep_token(t: Token) -> Token | None:
    x = t
    while x.dep_ == "conj" and x.head.i != x.i:
        x = x.head
    return x.head if x.dep_ == "pobj" else None


def _reaches(x: Token, top: Token, allowed_preps: set[str]) -> bool:
    """True when a place is the trigger's own object ("took X", "out of X", "the capture of X"),
    not a landmark near it ("villages near X", "south of X")."""
    n = 0
    while x.i != top.i and x.head.i != x.i and n < 6:
        if x.dep_ == "prep" and x.lower_ not in allowed_preps:
            return False
        if x.dep_ in ("relcl", "acl", "advcl", "conj") and x.head.i != top.i:
            return False
        x = x.head
        n += 1
    return x.i == top.i


def _hops(x: Token, top: Token) -> int:
    """How many heads lie between a token and the trigger's clause: the shallower place is the event's."""
    n = 0
    while x.i != top.i and x.head.i != x.i and n < 50:
        x = x.head
        n += 1
    return n if x.i == top.i else 60


# ---- merging ---------------------------------------------------------------------------------

def _norm_place(p: Place | None) -> str:
    if p is None:
        return ""
    words = [w for w in re.split(r"[^a-z0-9]+", p.name.lower()) if w and w not in ("the", "al", "el")]
    return " ".join(words)


def _places_agree(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return True
    if a.place_id and b.place_id and a.place_id == b.place_id:
        return True
    x, y = _norm_place(a), _norm_place(b)
    return bool(x and y and (x == y or f" {x} " in f" {y} " or f" {y} " in f" {x} "))


Restates = Callable[[str, str], bool]


def _no_restate(generic: str, named: str) -> bool:
    return False


def _actors_agree(x: str | None, y: str | None, restates: Restates) -> bool:
    return x == y or x is None or y is None or restates(x, y) or restates(y, x)


def _same(a: EventClaim, b: EventClaim, restates: Restates = _no_restate) -> bool:
    return (a.type == b.type and a.sub_type == b.sub_type and _places_agree(a.place, b.place)
            and _actors_agree(a.actor1, b.actor1, restates)
            and _actors_agree(a.actor2, b.actor2, restates)
            and _dates_agree(a, b))


def _named(target: str | None, other: str | None, restates: Restates) -> str | None:
    """The better of two mentions of one side: a name over nothing, a name over a generic label."""
    if target is None:
        return other
    if other is not None and restates(target, other):
        return other
    return target


def _explicit(c: EventClaim) -> bool:
    return c.explicit_date


def _dates_agree(a: EventClaim, b: EventClaim) -> bool:
    """Two mentions are one event unless both give different dates of day precision."""
    if not (_explicit(a) and _explicit(b)) or a.date == b.date:
        return True
    if not a.date or not b.date:
        return True
    rank = {"day": 0, "week": 1, "month": 2, "year": 3}
    coarse = a if rank.get(a.date_precision, 0) >= rank.get(b.date_precision, 0) else b
    fine = b if coarse is a else a
    if coarse.date_precision == "year":
        return coarse.date[:4] == fine.date[:4]
    if coarse.date_precision == "month":
        return coarse.date[:7] == fine.date[:7]
    if coarse.date_precision == "week":
        return abs((date.fromisoformat(coarse.date[:10]) - date.fromisoformat(fine.date[:10])).days) <= 7
    return False


def _fill(target: EventClaim, other: EventClaim) -> None:
    """Complete one mention of an event with what another mention of it adds."""
    if target.actor1 is None and other.actor1 is not None:
        target.actor1, target.assoc = other.actor1, list(other.assoc)
    if target.actor2 is None:
        target.actor2 = other.actor2
    if target.place is None:
        target.place = other.place
    if _explicit(other) and not _explicit(target):
        target.date, target.date_precision = other.date, other.date_precision
        target.explicit_date = True
    if target.fatalities is None:
        target.fatalities = other.fatalities
    for k, v in other.quantities.items():
        target.quantities.setdefault(k, v)


def merge_events(claims: list[EventClaim], restates: Restates = _no_restate) -> list[EventClaim]:
    """One claim per event a document reports: duplicate mentions (headline and body, a restated
    capture) fold into the first, which takes the other's missing actors, place, figures and the
    more precise date. `restates(generic, named)` says a generic label ("Syrian rebels") may be
    a restatement of a named actor ("the Free Syrian Army"): the two mentions are then one event
    and the name wins."""
    out: list[EventClaim] = []
    for c in claims:
        target = next((o for o in out if _same(o, c, restates)), None)
        if target is None:
            out.append(c)
            continue
        if target.evidence.segment == "title" and c.evidence.segment != "title":
            target.evidence = c.evidence
            if not _explicit(target) and not _explicit(c) and c.date:
                # a headline's undated event took the publication date; the body's mention carries
                # the day its narrative has reached ("on Saturday ... a reporter was stabbed")
                target.date, target.date_precision = c.date, c.date_precision
        target.actor1 = _named(target.actor1, c.actor1, restates)
        target.actor2 = _named(target.actor2, c.actor2, restates)
        for a in c.assoc:
            if a not in target.assoc and a not in (target.actor1, target.actor2):
                target.assoc.append(a)
        if target.place is None or (c.place is not None and c.place.precision < target.place.precision):
            target.place = c.place or target.place
        if target.fatalities is None:
            target.fatalities = c.fatalities
        if target.killed_leader is None:
            target.killed_leader = c.killed_leader
        for k, v in c.quantities.items():
            target.quantities.setdefault(k, v)
        rank = {"day": 0, "week": 1, "month": 2, "year": 3}
        if _explicit(c) and (not _explicit(target) or rank.get(c.date_precision, 3) < rank.get(target.date_precision, 3)):
            target.date, target.date_precision = c.date, c.date_precision
            target.explicit_date = True
    return out


def as_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
