"""Relation claims from lexicon-driven patterns over the dependency parse.

Each pattern family is stated once here and driven by `data/lexicon/relations.yaml`:

- verbs, active and passive, in main, relative, participial and coordinated clauses
  ("Russia and Iran back X", "X, which is backed by Y", "militias backed by Iran");
- prepositions that relate a clause's subject to their object ("fought alongside Y", "against Y");
- hyphenated compounds ("Saudi-backed militia", "YPG-led alliance");
- relational nouns ("X's ally Y", "Y, X's leader", "X, a member of Y", "whose backbone is X");
- nominal acts ("Russian airstrikes on X", "support for X from Y", "alliance between X and Y");
- member lists ("Y factions such as A and B", "fighting under the Y banner");
- heads of state and of organisations ("President X", "the X regime", "X's government").

Arguments are found by one resolver (`_Args`) that follows coordination and apposition, turns
relative pronouns into the noun their clause modifies, reads pronoun mentions supplied by
coreference, and lets a demonym stand for its state where it qualifies a force noun
("Turkish tanks"). Type constraints from the lexicon drop impossible pairs (a state cannot
lead, a person cannot be a coalition).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from orbat.annotate.modality import Modality
from orbat.annotate.segments import DocContext, Segment
from orbat.annotate.text import words
from orbat.knowledge.actors import ActorKB
from orbat.model import RelationClaim

SUBJ = {"nsubj", "csubj"}
REL_PRONOUNS = {"which", "who", "whom", "that", "whose"}
QUANTIFIERS = {"all", "both", "each"}
LIST_GLUE = {"and", ",", "the", "-", "al", "or", "formerly", "once", "now"}
COPULA = {"be", "become", "remain"}
SYMMETRIC = {"ally_of", "fights"}

Hit = tuple[dict, str, str]


class _Args:
    """Finds the actors an argument phrase stands for."""

    def __init__(self, seg: Segment, lex: dict, kb: ActorKB | None = None,
                 demonyms: dict[str, str] | None = None, metonyms: dict[str, str] | None = None,
                 descriptors: dict[str, str] | None = None, state_names: dict[str, str] | None = None) -> None:
        self.seg = seg
        self.kb = kb
        self.demonyms: dict[str, str] = {k.lower(): v for k, v in (lex.get("demonyms") or {}).items()}
        self.demonyms.update(demonyms or {})
        self.metonyms: dict[str, str] = metonyms or {}
        self.descriptors: dict[str, str] = descriptors or {}
        self.state_names: dict[str, str] = state_names or {}
        self.role_nouns: set[str] = set(lex.get("role_nouns") or [])
        self.generic_types: set[str] = set(lex.get("generic_types") or [])
        self.force_nouns: set[str] = set(lex.get("force_nouns") or [])
        ml = lex.get("member_lists") or {}
        self.group_nouns: set[str] = set(ml.get("group_nouns") or [])
        self.introducers: set[str] = {i.split()[-1] for i in ml.get("introducers") or []}
        self.collective_nouns: set[str] = set(ml.get("collective_nouns") or [])

    def one(self, tok: Token) -> str | None:
        """The actor a single token stands for (mention, relative pronoun, pronoun mention)."""
        a = self.seg.actor_at(tok)
        if a:
            return a
        if tok.lower_ in QUANTIFIERS and tok.pos_ in ("PRON", "DET", "NOUN"):
            got = self.quantified(tok)
            if got:
                return got[0]
        if tok.lower_ in ("which", "who") and tok.i >= 2 and tok.doc[tok.i - 1].text == ",":
            # "Russia, X's backer, and Turkey, which supports Y": the name just before the comma,
            # whatever the parse of the long coordination says, if its kind fits the pronoun
            near = self.seg.actor_at(tok.doc[tok.i - 2])
            if near and self.kb and (_type(self.kb, near) == "person") == (tok.lower_ == "who"):
                return near
        if tok.lower_ in REL_PRONOUNS:
            rel = next((h for h in [tok, *tok.ancestors] if h.dep_ == "relcl"), None)
            if rel is not None:
                got = self.modified(rel.head)
                return got[0] if got else None
        return None

    def head_actor(self, noun: Token, depth: int = 0) -> str | None:
        """A noun's actor, climbing from a description to what it describes ("X, a coalition of
        factions" -> X) before looking inside it."""
        a = self.one(noun) if noun.lower_ not in REL_PRONOUNS or depth == 0 else None
        if a or depth > 3:
            return a
        if noun.dep_ == "appos":
            a = self.head_actor(noun.head, depth + 1)
            if a:
                return a
        for c in noun.children:
            if c.dep_ == "appos":
                a = self.one(c)
                if a:
                    return a
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in self.collective_nouns:
            return self.head_actor(noun.head.head, depth + 1)
        got = self.actors(noun, follow_conj=False)
        return got[0] if got else None

    def modified(self, noun: Token) -> list[str]:
        """The actors a relative or participial clause is about: "a coalition of factions that
        includes X" is about the coalition, "militias that Iran sponsors" about the militias."""
        h = noun.head
        if noun.dep_ == "pobj" and h.lower_ == "of" and h.head.lemma_.lower() in self.collective_nouns:
            a = self.head_actor(h.head)
            if a:
                return [a]
        if noun.lower_ in REL_PRONOUNS:
            return []
        got = self.actors(noun) or [a for a in [self.head_actor(noun)] if a]
        if got and all(self.is_generic(a) for a in got):
            # "the extremist group Jaysh al-Islam (outlawed in ...)": the name, not the label
            named = [a for c in noun.children if c.dep_ == "appos" for a in [self.one(c)] if a]
            got = [a for a in named if not self.is_generic(a)] or got
        return got

    def quantified(self, q: Token) -> list[str]:
        """"A, B and C, all fighting under ...": "all" / "both" stand for the coordination just
        before them."""
        for sib in q.head.children:
            if sib.dep_ in SUBJ and sib.i != q.i and q.dep_ in SUBJ:
                got = self.actors(sib)
                if got:
                    return got
        i = q.i - 1
        while i >= q.sent.start and not self.seg.actor_at(q.doc[i]):
            if q.doc[i].text in (".", ";"):
                return []
            i -= 1
        if i < q.sent.start:
            return []
        root = q.doc[i]
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head
        return self.actors(root)

    def is_generic(self, actor_id: str) -> bool:
        a = self.kb.get(actor_id) if self.kb else None
        return bool(a and a.type in self.generic_types)

    def owner_of(self, tok: Token) -> str | None:
        """"fighters of X", "X's spokesman", "X fighters": the actor a role noun belongs to."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "from"):
                for g in c.children:
                    if g.dep_ == "pobj":
                        got = self.actors(g, follow_conj=False)
                        if got:
                            return got[0]
            if c.dep_ in ("poss", "compound", "nmod", "amod") and c.i < tok.i:
                a = self.one(c) or self.demonym(c)
                if a and a != self.seg.actor_at(tok):
                    return a
        return None

    def metonym(self, tok: Token) -> str | None:
        """A capital or a country named as a place, standing for its government in an argument
        slot ("allies of Damascus", "banned in Russia")."""
        a = self.seg.actor_at(tok) or self.metonyms.get(tok.lower_)
        if a:
            return a
        name = " ".join(t.lower_ for t in tok.subtree if t.dep_ in ("compound", "flat") or t.i == tok.i)
        return self.state_names.get(name)

    def demonym(self, tok: Token) -> str | None:
        return self.demonyms.get(tok.lower_)

    def actors(self, tok: Token, follow_conj: bool = True) -> list[str]:
        out: list[str] = []
        self._visit(tok, out, follow_conj, 0)
        return out

    def _visit(self, tok: Token, out: list[str], follow_conj: bool, depth: int) -> None:
        if depth > 6:
            return
        a = self.one(tok)
        if tok.lower_ in QUANTIFIERS and tok.pos_ in ("PRON", "DET", "NOUN"):
            out.extend(x for x in self.quantified(tok) if x not in out)
            return
        lemma = tok.lemma_.lower()
        if lemma in self.group_nouns or lemma in self.role_nouns:
            # "factions such as A and B" stands for A and B; "fighters of X", "X's spokesman" for X
            members = self.listed(tok) if lemma in self.group_nouns else []
            if members:
                out.extend(m for m in members if m not in out)
                a = None
            elif a is None or self.is_generic(a):
                owner = self.owner_of(tok)
                if owner:
                    a = owner
        if a is None and tok.pos_ in ("NOUN", "PROPN", "NUM", "PRON", "ADJ"):
            a = self._qualified(tok)
            if a is None:
                for c in tok.children:
                    if c.dep_ == "prep" and c.lower_ == "of":
                        for g in c.children:
                            if g.dep_ == "pobj":
                                self._visit(g, out, True, depth + 1)
        if a and a not in out:
            out.append(a)
        if a:
            # "the Saudi and Qatari regimes": coordinated modifiers name one actor each
            for c in tok.children:
                if c.dep_ in ("amod", "compound") and any(cc.dep_ == "conj" for cc in c.children):
                    for x in [c, *[cc for cc in c.children if cc.dep_ == "conj"]]:
                        d = self.seg.actor_at(x) or self.demonym(x)
                        if d and d not in out:
                            out.append(d)
        if follow_conj:
            for c in tok.children:
                # coordination always; an apposition only when it is a name, not a description
                if c.dep_ == "conj" or (c.dep_ == "appos" and (self.one(c) or c.pos_ == "PROPN")):
                    self._visit(c, out, True, depth + 1)

    def _qualified(self, tok: Token) -> str | None:
        """"Nusra positions", "Turkish tanks", "Russian air power": the qualifier's actor."""
        for c in tok.children:
            if c.dep_ in ("compound", "nmod", "amod", "poss") and c.i < tok.i:
                a = self.seg.actor_at(c)
                if a and c.dep_ != "poss":
                    return a
                if tok.lemma_.lower() in self.force_nouns:
                    d = a or self.demonym(c)
                    if d:
                        return d
        return None

    def listed(self, group: Token) -> list[str]:
        """Members a group noun lists: "factions such as A and B", "groups including A"."""
        out: list[str] = []
        for t in group.subtree:
            if t.lower_ in self.introducers and t.dep_ in ("prep", "pcomp", "advmod") and t.head.i in (
                    group.i, *[x.i for c in group.children if c.dep_ in ("amod", "acl") for x in c.subtree]):
                for g in t.children:
                    if g.dep_ in ("pobj", "dobj", "appos"):
                        for a in self.actors(g):
                            if a not in out:
                                out.append(a)
                    if g.dep_ == "pobj" and g.lower_ in ("them", "which"):
                        for c in g.children:
                            if c.dep_ == "appos":
                                out.extend(x for x in self.actors(c) if x not in out)
        return out


class RelationExtractor:
    def __init__(self, lexicon: dict, modality: Modality) -> None:
        rel = lexicon.get("relations", {})
        self.lex = rel
        self.verbs: dict[str, dict] = rel.get("verbs") or {}
        self.preps: dict[str, dict] = rel.get("prepositions") or {}
        self.together: set[str] = set(rel.get("together_words") or [])
        self.adjectives: dict[str, dict] = rel.get("compound_adjectives") or {}
        self.prefixes: dict[str, dict] = rel.get("prefixes") or {}
        self.partner_adjectives: set[str] = set(rel.get("partner_adjectives") or [])
        self.prep_adjectives: dict[str, dict] = rel.get("prep_adjectives") or {}
        self.identity: dict = rel.get("copula_identity") or {}
        self.membership_preps: set[str] = set(rel.get("membership_prepositions") or [])
        self.former: set[str] = set(rel.get("former_words") or [])
        self.title_blockers: set[str] = set(rel.get("title_blockers") or [])
        self.branch_links: list[str] = list(rel.get("branch_links") or [])
        self._groups: tuple | None = None
        self.nouns: dict[str, dict] = rel.get("nouns") or {}
        self.nominal: dict[str, dict] = rel.get("nominal") or {}
        self.agent_preps: set[str] = set(rel.get("agent_prepositions") or [])
        self.agent_verbs: set[str] = set(rel.get("agent_verbs") or [])
        self.ending_verbs: set[str] = set(rel.get("ending_verbs") or [])
        self.receiver_verbs: set[str] = set(rel.get("receiver_verbs") or [])
        self.participation: set[str] = set(rel.get("participation_verbs") or [])
        self.circumstance_preps: set[str] = set(rel.get("circumstance_prepositions") or [])
        self.banners: set[str] = set((rel.get("member_lists") or {}).get("banners") or [])
        self.titles: list[tuple[str, ...]] = [tuple(words(t)) for t in rel.get("head_titles") or []]
        self.headed_nouns: set[str] = set(rel.get("headed_nouns") or [])
        self.state_nouns: set[str] = set(rel.get("state_nouns") or [])
        self.irrealis: set[str] = set(rel.get("irrealis_verbs") or [])
        self.constraints: dict[str, dict] = rel.get("constraints") or {}
        self.modality = modality
        self._kb_tables: tuple | None = None

    # ---------------------------------------------------------------- entry point
    def extract(self, seg: Segment, ctx: DocContext) -> list[RelationClaim]:
        kb = ctx.knowledge.actors
        persons, states, demonyms, metonyms, descriptors, state_names = self._tables(kb)
        args = _Args(seg, self.lex, kb, demonyms, metonyms, descriptors, state_names)
        out: list[RelationClaim] = []
        seen: set[tuple] = set()
        hits = list(self._hits(seg, args, kb))
        # a head of state stands for the state when another actor backs or allies with them
        # ("Russia, Assad's main backer"), once the segment presents them as its head
        heads = {s: o for _, spec, s, o in hits if spec["type"] == "leads" and _type(kb, o) in ("state", "state_force")}
        for t, spec, subj, obj in hits:
            if spec["type"] in ("backs", "ally_of"):
                subj, obj = heads.get(subj, subj), heads.get(obj, obj)
            spec, subj, obj = self._partnership(kb, spec, subj, obj)
            if subj == obj or not self._allowed(kb, spec["type"], subj, obj):
                continue
            if self._irrealis(t):
                continue
            own = spec.get("own_clause")
            negated = any(c.dep_ == "neg" for c in t.children) if own else self.modality.negated(t)
            if spec.get("negated"):
                negated = not negated  # "removed X from its list"; "never removed" is the designation
            elif spec["type"] in ("member_of", "ally_of") and t.dep_ == "dobj" \
                    and t.head.lemma_.lower() in self.ending_verbs:
                negated = not any(c.dep_ == "neg" for c in t.head.children)  # "broke its ties with X"
            key = (spec["type"], subj, obj, t.sent.start, negated)
            if key in seen:
                continue
            seen.add(key)
            # a title or "X's government" is the writer's presentation, whoever is quoted
            speaker = seg.speaker if spec.get("presented") else self.modality.speaker(seg, t)
            ev = seg.evidence(t.sent, speaker=speaker,
                              hedged=False if own else self.modality.hedged(t), negated=negated)
            out.append(RelationClaim(spec["type"], subj, obj, ev, kind=spec.get("kind")))
        return out

    def _hits(self, seg: Segment, args: _Args, kb: ActorKB) -> Iterator[tuple[Token, dict, str, str]]:
        for t in seg.doc:
            lemma = t.lemma_.lower()
            if t.lower_ in self.prefixes and t.i + 2 < len(seg.doc) and seg.doc[t.i + 1].text == "-":
                for spec, s, o in self._prefixed(args, t):
                    yield t, spec, s, o
                continue
            if t.lower_ in self.prep_adjectives and t.dep_ in ("amod", "acl", "acomp", "advcl", "appos"):
                got = list(self._prep_adjective(args, t))
                for spec, s, o in got:
                    yield t, spec, s, o
                if got:
                    continue
            if t.lower_ in self.partner_adjectives and t.dep_ == "amod":
                for spec, s, o in self._allied(args, t):
                    yield t, spec, s, o
                continue
            if t.lower_ in self.adjectives and self._hyphenated(t):
                for spec, s, o in self._compound(args, t, kb):
                    yield t, spec, s, o
                continue
            vspec = self.verbs.get(lemma) or self.verbs.get(t.lower_)
            if vspec and (t.pos_ in ("VERB", "AUX") or t.dep_ in ("relcl", "ROOT") and t.tag_ not in ("NNP", "NNS")):
                for spec, s, o in self._verb(args, t, vspec):
                    yield t, spec, s, o
            elif vspec and t.tag_ == "NNS":
                for spec, s, o in self._noun_tagged_verb(args, t, vspec):
                    yield t, spec, s, o
            if t.pos_ == "VERB":
                for spec, s, o in self._joint_attack(args, t, vspec):
                    yield t, spec, s, o
            if t.pos_ in ("VERB", "AUX") or (t.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in t.children)):
                # a root with a subject is a verb, whatever the tagger says ("The army retook X with ...")
                for spec, s, o in self._prepositions(args, t):
                    yield t, spec, s, o
                if t.lemma_ in COPULA and self.identity:
                    for spec, s, o in self._identity(args, t, kb):
                        yield t, spec, s, o
            if t.pos_ in ("NOUN", "PROPN"):
                if lemma in self.nouns:
                    for spec, s, o in self._noun(args, t, self.nouns[lemma]):
                        yield t, spec, s, o
                if lemma in self.nominal:
                    for spec, s, o in self._nominal(args, t, self.nominal[lemma]):
                        yield t, spec, s, o
                if lemma in self.banners:
                    for spec, s, o in self._banner(args, t):
                        yield t, spec, s, o
        for t, spec, s, o in self._heads(seg, args, kb):
            yield t, spec, s, o
        for t, spec, s, o in self._listed_members(seg, args):
            yield t, spec, s, o

    # ---------------------------------------------------------------- constraints
    def _allowed(self, kb: ActorKB, rtype: str, subj: str, obj: str) -> bool:
        c = self.constraints.get(rtype) or {}
        st, ot = _type(kb, subj), _type(kb, obj)
        never = set(self.constraints.get("never") or [])
        if st in never or ot in never:
            return False
        if "subject" in c and st is not None and st not in c["subject"]:
            return False
        if "object" in c and ot is not None and ot not in c["object"]:
            return False
        if "not_subject" in c and st in c["not_subject"]:
            return False
        return not ("not_object" in c and ot in c["not_object"])

    def _partnership(self, kb: ActorKB, spec: dict, subj: str, obj: str) -> tuple[dict, str, str]:
        """A state's partnership with an armed group is sponsorship: ally_of becomes backs."""
        rule = self.lex.get("partnership_as_backing") or {}
        if spec["type"] != "ally_of" or not rule:
            return spec, subj, obj
        st, ot = _type(kb, subj), _type(kb, obj)
        if st in rule["sponsor"] and ot in rule["client"]:
            return {"type": "backs"}, subj, obj
        if ot in rule["sponsor"] and st in rule["client"]:
            return {"type": "backs"}, obj, subj
        return spec, subj, obj

    def _irrealis(self, t: Token) -> bool:
        """A claim wished for, asked for or planned is not a claim of fact ("urged X to join Y")."""
        for h in [t, *t.ancestors]:
            if h.dep_ in ("xcomp", "ccomp") and h.head.lemma_.lower() in self.irrealis:
                return True
            if h.dep_ in ("ROOT", "relcl", "advcl") and h is not t:
                break
        return False

    # ---------------------------------------------------------------- verbs
    def _subjects(self, args: _Args, v: Token) -> list[str]:
        """The verb's subject, inherited through coordination, control and participles."""
        heads = [c for c in v.children if c.dep_ in SUBJ]
        if heads:
            return [a for h in heads for a in args.actors(h)]
        if v.pos_ == "NOUN" and v.dep_ == "ROOT":
            # a verb the tagger took for a noun ("Qatar funds X"): its compound is the subject
            return [a for c in v.children if c.dep_ == "compound" and c.i < v.i for a in [args.one(c)] if a]
        if v.dep_ in ("relcl", "acl") and v.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return args.modified(v.head)
        if v.dep_ == "xcomp" or (v.dep_ == "pcomp" and v.head.lower_ in ("of", "for", "with")):
            # object control: "asked X to join", "accused X of backing", "blamed X for shelling"
            verb = v.head if v.dep_ == "xcomp" else v.head.head
            objs = [c for c in verb.children if c.dep_ == "dobj"]
            if objs:
                return [a for h in objs for a in args.actors(h)]
        if v.dep_ == "xcomp" and any(c.dep_ == "auxpass" for c in v.head.children):
            # "X is said / believed / reported to back Y": raising from the passive subject
            return [a for c in v.head.children if c.dep_ == "nsubjpass" for a in args.actors(c)]
        if v.dep_ in ("conj", "xcomp", "advcl", "pcomp") or (v.dep_ == "pobj"):
            h = v.head
            while h.pos_ not in ("VERB", "AUX") and h.head.i != h.i:
                h = h.head
            if h.i != v.i and h.pos_ in ("VERB", "AUX"):
                if any(c.dep_ == "nsubjpass" for c in h.children) and v.dep_ == "conj":
                    return []
                return self._subjects(args, h)
        return []

    @staticmethod
    def _comma_participle(args: _Args, v: Token) -> str | None:
        """"X, recruited and paid by Y, ...": a participle with its own by-agent set off by a comma
        right after a name glosses that name, even where the parser hung it elsewhere."""
        first = v.head if v.dep_ == "conj" and v.head.tag_ in ("VBN", "VBD") and v.head.i < v.i else v
        if v.tag_ not in ("VBN", "VBD") or not any(c.dep_ == "agent" for c in v.children) \
                or any(c.dep_ in SUBJ for c in first.children) or first.i < 2:
            return None
        doc = v.doc
        if doc[first.i - 1].text != ",":
            return None
        return args.one(doc[first.i - 2])

    @staticmethod
    def _compound_subject(args: _Args, v: Token) -> list[str]:
        """A relative clause whose pronoun the parser took for the subject while the real subject
        hangs on the verb as a compound ("X, which the United Nations lists as ..."): that compound's
        actors, else nothing."""
        if v.dep_ != "relcl" or not any(c.dep_ in SUBJ and c.lower_ in REL_PRONOUNS and c.i < v.i
                                        for c in v.children):
            return []
        return [a for c in v.children if c.dep_ == "compound" and c.i < v.i for a in [args.one(c)] if a]

    def _verb(self, args: _Args, v: Token, spec: dict) -> Iterator[Hit]:
        if v.dep_ == "amod":
            return
        if spec.get("needs"):
            scope = " ".join(x.lower_ for x in _clause(v))
            if v.dep_ == "relcl":
                scope += " " + v.head.lower_
            if not any(n in scope for n in spec["needs"]):
                return
        obj_preps = set(spec.get("objects") or [])
        # "militias backed by Iran" is passive; "factions allied with X" is not
        glossed = self._comma_participle(args, v)
        passive = glossed is not None or any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children) or (
            # "armed by Turkey and paid by Qatar": the second participle shares the passive
            v.dep_ == "conj" and v.tag_ == "VBN" and any(c.dep_ == "agent" for c in v.children)
            and any(c.dep_ in ("nsubjpass", "auxpass") for c in v.head.children)) or (
            v.dep_ in ("acl", "relcl") and v.tag_ == "VBN" and not any(c.dep_ in SUBJ for c in v.children)
            and not any(c.dep_ == "prep" and c.lower_ in obj_preps for c in v.children)) or (
            v.tag_ == "VBN" and v.i > 0 and v.doc[v.i - 1].text == "(" and not any(c.dep_ in SUBJ for c in v.children))
        objects: list[str] = []
        subjects: list[str] = []
        if passive:
            heads = [c for c in v.children if c.dep_ == "nsubjpass"]
            if heads:
                objects = [a for h in heads for a in args.actors(h)]
            elif v.dep_ in ("acl", "relcl"):
                objects = args.modified(v.head)
            elif v.dep_ == "conj":
                objects = [a for c in v.head.children if c.dep_ == "nsubjpass" for a in args.actors(c)]
            doc = v.doc
            if glossed is not None and not heads:
                objects = [glossed]
            if not heads and v.i >= 2 and doc[v.i - 1].text == "(":
                # "ISIS (banned in Russia)": the bracket glosses the name right before it
                before = args.one(doc[v.i - 2])
                if before:
                    objects = [before]
            agents = {"by", *(spec.get("agents") or [])}
            for c in v.children:
                if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in agents):
                    for g in c.children:
                        if g.dep_ == "pobj":
                            got = args.actors(g)
                            if not got and c.lower_ != "by":
                                got = [a for a in [args.metonym(g)] if a]  # "banned in Russia"
                            subjects += got
        else:
            subjects = self._subjects(args, v)
            misparsed = self._compound_subject(args, v)
            if misparsed:
                # "which the UN lists as ...": the tagger made the subject a compound of the verb
                subjects, objects = misparsed, args.actors(v.head)
            if spec.get("dobj", True):
                for c in v.children:
                    if c.dep_ in ("dobj", "attr", "oprd", "dative"):
                        objects += args.actors(c)
                        if spec["type"] == "designated_terrorist_by":
                            # "declared X a terrorist group" parsed as a small clause under the noun
                            objects += [a for g in c.children if g.dep_ in SUBJ for a in args.actors(g)]
                    elif c.dep_ in ("ccomp", "xcomp") and spec["type"] == "designated_terrorist_by":
                        objects += [a for g in c.children if g.dep_ in SUBJ for a in args.actors(g)]
                named_subject = any(c.dep_ in SUBJ and c.lower_ not in REL_PRONOUNS for c in v.children)
                own_prep = any(c.dep_ == "prep" and c.lower_ in obj_preps for c in v.children)
                if not objects and v.dep_ == "relcl" and named_subject and not own_prep:
                    # "the rebel groups it supports": the modified noun is the object
                    objects = args.actors(v.head)
            preps = [c for c in v.children if c.dep_ == "prep" and c.lower_ in obj_preps]
            preps += [cc for c in preps for cc in c.children if cc.dep_ == "conj" and cc.pos_ == "ADP"]
            for c in preps:
                objects += [a for g in c.children if g.dep_ == "pobj" for a in args.actors(g)]
            for c in v.children:
                if c.dep_ == "prt" and c.lower_ in obj_preps:
                    objects += [a for g in v.children if g.dep_ == "dobj" for a in args.actors(g)]
        if spec.get("inverse"):
            subjects, objects = objects, subjects
        for s in subjects:
            for o in objects:
                if s != o:
                    yield spec, s, o
        # partners: coordinated subjects fighting the same enemy, or acting "together"
        subs = subjects if not spec.get("inverse") else objects
        if len(subs) > 1 and not passive and (objects if not spec.get("inverse") else subjects):
            together = any(c.lower_ in self.together for c in v.subtree if c.dep_ in ("advmod", "npadvmod"))
            if together or spec["type"] == "fights":
                ally = {"type": "ally_of"}
                named = [x for x in subs if not args.is_generic(x)]
                for i, s in enumerate(named):
                    for o in named[i + 1:]:
                        yield ally, s, o

    def _joint_attack(self, args: _Args, v: Token, vspec: dict | None) -> Iterator[Hit]:
        """"the army and Hezbollah stormed the town", "X and Y kept up their assault on Z":
        coordinated subjects of one attack on a place are partners, even with no enemy named."""
        attack = vspec is not None and vspec.get("type") == "fights" and not vspec.get("objects") \
            and any(c.dep_ == "dobj" for c in v.children)
        if not attack and v.lemma_ in self.agent_verbs:
            attack = any(c.dep_ == "dobj" and self.nominal.get(c.lemma_.lower(), {}).get("type") == "fights"
                         for c in v.children)
        if not attack or any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children):
            return
        heads = [c for c in v.children if c.dep_ == "nsubj"]
        if not heads or not any(c.dep_ == "conj" for h in heads for c in h.children):
            return
        named = [a for a in dict.fromkeys(self._subjects(args, v)) if not args.is_generic(a)]
        for i, s in enumerate(named):
            for o in named[i + 1:]:
                # the partnership is presupposed by the coordination, not what a report asserts
                yield {"type": "ally_of", "presented": True}, s, o

    def _with_support(self, args: _Args, v: Token) -> Iterator[Hit]:
        """"X fights with Russian air power, Iranian advisers and Hezbollah", "with Hezbollah
        reinforcements, X reopened the road": everyone in a with-phrase of support backs X."""
        for p in v.children:
            if not (p.dep_ == "prep" and p.lower_ == "with"):
                continue
            items = [g for g in p.children if g.dep_ == "pobj"]
            for g in list(items):
                items += [c for c in g.subtree if c.dep_ == "conj" and c.head.i in [x.i for x in items]]
            kinds = [self.nominal.get(i.lemma_.lower(), {}).get("type") for i in items]
            if "backs" not in kinds:
                continue
            clients = self._subjects(args, v)
            spec = {"type": "backs"}
            # a long list the parser broke up: read the rest of the phrase in word order
            k = p.i + 1
            while k < p.sent.end and p.doc[k].pos_ not in ("VERB", "AUX") and p.doc[k].text not in (";", ":"):
                w = p.doc[k]
                if w not in items and (args.seg.actor_at(w) or self.nominal.get(w.lemma_.lower())):
                    m = args.seg.mention_at(w)
                    if m is None or not any(args.seg.mention_at(i) is m for i in items):
                        items.append(w)
                k += 1
            for item in items:
                sponsor = args.seg.actor_at(item)
                if not sponsor:
                    for c in item.children:
                        if c.dep_ in ("amod", "compound", "poss", "nmod") and c.i < item.i:
                            sponsor = args.seg.actor_at(c) or args.demonym(c)
                            if sponsor:
                                break
                if sponsor:
                    for client in clients:
                        if client != sponsor:
                            yield spec, sponsor, client

    def _noun_tagged_verb(self, args: _Args, v: Token, spec: dict) -> Iterator[Hit]:
        """"Turkey arms X", "Qatar funds X": a third-person verb the tagger read as a plural noun,
        with the subject left as its compound and the object as its apposition."""
        subjects = [a for c in v.children if c.dep_ == "compound" and c.i < v.i for a in [args.one(c)] if a]
        objects = [a for c in v.children if c.dep_ in ("appos", "dobj") and c.i > v.i for a in args.actors(c)]
        if not objects and self._compound_subject(args, v):
            objects = args.actors(v.head)  # "X, which the UN lists as ...": the relative's head
        first = min((c.left_edge.i for c in v.children if c.dep_ == "compound" and c.i < v.i), default=v.i)
        if not objects and subjects and first >= 2 and v.doc[first - 1].lower_ in REL_PRONOUNS:
            # "the militias that Iran sponsors": the relative's antecedent stands right before it
            before = args.one(v.doc[first - 2])
            if before:
                objects = [before]
                spec = {**spec, "own_clause": True}  # the main clause's "not" is not the relative's
        if spec.get("inverse"):
            subjects, objects = objects, subjects
        for s in subjects:
            for o in objects:
                yield spec, s, o

    def _identity(self, args: _Args, v: Token, kb: ActorKB) -> Iterator[Hit]:
        """"X is (not) Y" between two groups: a claim that X belongs to Y ("X is not al-Qaeda")."""
        subj = [a for c in v.children if c.dep_ in SUBJ for a in [args.one(c)] if a]
        if v.dep_ == "relcl" and any(c.dep_ == "prep" and c.lower_ in ("in", "within") and
                                     any(g.lower_ == "which" for g in c.children) for c in v.children):
            # "the alliance in which X is the leading force": X belongs to the alliance
            for owner in args.modified(v.head):
                for s in [a for c in v.children if c.dep_ in SUBJ for a in args.actors(c)]:
                    if _type(kb, owner) in ("coalition", "armed_group"):
                        yield {"type": "member_of"}, s, owner
            return
        attrs = [c for c in v.children if c.dep_ == "attr"]
        objs = [a for c in attrs for a in [args.seg.actor_at(c)] if a]
        types = set(self.identity.get("types") or [])
        clause = " ".join(x.lower_ for x in _clause(v))
        rtype = self.identity["type"]
        if any(m in clause for m in self.identity.get("alias_markers") or []):
            rtype = "alias_of"  # "X is just Y under another name"
        for s in subj:
            for o in objs:
                if _type(kb, s) in types and _type(kb, o) in types:
                    yield {"type": rtype}, s, o

    def _prepositions(self, args: _Args, v: Token) -> Iterator[Hit]:
        for p in v.children:
            # "fights inside the Y coalition", "operates within the Y alliance": member of Y
            if p.dep_ == "prep" and p.lower_ in self.membership_preps:
                for g in p.children:
                    if g.dep_ == "pobj" and g.lemma_.lower() in args.collective_nouns:
                        owner = args.one(g) or next(iter(self._owners(args, g)), None)
                        if owner:
                            partners = [a for c in v.children if c.dep_ == "prep" and c.lower_ == "alongside"
                                        for gg in c.children if gg.dep_ == "pobj" for a in args.actors(gg)]
                            for m in self._subjects(args, v) + partners:
                                yield {"type": "member_of"}, m, owner
        if any(c.lower_ in self.together and c.dep_ in ("advmod", "npadvmod") for c in v.children) \
                and v.lemma_.lower() not in self.verbs:
            # "A and B held out together": partners, whatever the verb
            subs = [x for x in self._subjects(args, v) if not args.is_generic(x)]
            for i, a in enumerate(subs):
                for b in subs[i + 1:]:
                    yield {"type": "ally_of"}, a, b
        yield from self._with_support(args, v)
        preps = [c for c in v.children if c.dep_ == "prep" and c.lower_ in self.preps]
        if not preps:
            return
        if v.lemma_.lower() in self.modality.reporting_verbs:
            return
        subjects: list[str] | None = None
        for p in preps:
            objects = [a for g in p.children if g.dep_ == "pobj" for a in args.actors(g)]
            if not objects:
                continue
            if subjects is None:
                subjects = self._subjects(args, v)
                if any(c.dep_ == "nsubjpass" for c in v.children):
                    subjects = []
            spec = self.preps[p.lower_]
            for s in subjects:
                for o in objects:
                    yield spec, s, o

    # ---------------------------------------------------------------- compounds
    @staticmethod
    def _hyphenated(t: Token) -> bool:
        return t.i >= 2 and t.doc[t.i - 1].text in ("-", "\u2011", "\u2010") and not t.doc[t.i - 1].whitespace_

    def _compound(self, args: _Args, t: Token, kb: ActorKB) -> Iterator[Hit]:
        spec = self.adjectives[t.lower_]
        mod = t.doc[t.i - 2]
        sponsor = args.seg.actor_at(mod)
        if sponsor is None or sponsor == args.seg.actor_at(t):
            sponsor = args.demonym(mod)
        if not sponsor:
            return
        head = t.head
        while head.dep_ in ("amod", "compound") and head.head.i != head.i and head.i < head.head.i:
            head = head.head
        for own in (args.seg.mention_at(head), args.seg.mention_at(t)):
            if own is not None and own.start <= mod.idx < own.end and own.how not in ("descriptor", "pronoun"):
                return  # the compound is part of a name: "US-led coalition"
        if not args.seg.actor_at(head) and head.dep_ == "appos" and args.one(head.head):
            clients = [args.one(head.head)]  # "X, an Iranian-backed Iraqi militia": the militia is X
        else:
            clients = args.actors(head) or [a for a in [args.head_actor(head)] if a]
        if spec.get("person") and _type(kb, sponsor) == "person":
            spec = {"type": spec["person"]}
        elif spec.get("inverse"):
            for c in clients:
                if c != sponsor:
                    yield spec, sponsor, c
            return
        for c in clients:
            if c != sponsor:
                yield spec, sponsor, c

    def _prefixed(self, args: _Args, t: Token) -> Iterator[Hit]:
        """"the pro-government militia" (ally_of), "the anti-ISIS coalition" (fights)."""
        spec = self.prefixes[t.lower_]
        target_tok = t.doc[t.i + 2]
        target = (args.seg.actor_at(target_tok) or args.metonym(target_tok) or args.demonym(target_tok)
                  or args.descriptors.get(target_tok.lower_))
        if not target:
            return
        head = t.head
        while head.dep_ in ("amod", "compound", "nmod") and head.i < head.head.i:
            head = head.head
        if head.i <= t.i + 2:
            return
        mention = args.seg.mention_at(head)
        if mention is not None and mention.start <= t.idx:
            holder = mention.actor_id
            if holder == target:
                return
            yield spec, holder, target
            return
        for a in args.actors(head):
            if a != target:
                yield spec, a, target

    def _prep_adjective(self, args: _Args, t: Token) -> Iterator[Hit]:
        """"militias loyal to the government", "a faction affiliated with al-Qaeda", "X is loyal
        to Y": the adjective's own preposition names the other side."""
        spec = self.prep_adjectives[t.lower_]
        others = [a for c in t.children if c.dep_ == "prep" and c.lower_ in spec["preps"]
                  for g in c.children if g.dep_ == "pobj"
                  for a in (args.actors(g) or [x for x in [args.metonym(g)] if x])]
        if not others:
            return
        if t.dep_ == "acomp" or (t.dep_ == "advcl" and t.head.lemma_ in COPULA):
            holders = [a for c in t.head.children if c.dep_ in SUBJ for a in args.actors(c)]
        elif t.dep_ == "appos":
            holders = [a for a in [args.one(t.head)] if a]
        else:
            holders = args.modified(t.head)
            n = t.head
            if not holders and n.dep_ == "attr" and n.head.lemma_ in COPULA:
                # "X is a faction affiliated with Y"
                holders = [a for c in n.head.children if c.dep_ in SUBJ for a in args.actors(c)]
        for h in holders:
            for o in others:
                if h != o:
                    yield {"type": spec["type"]}, h, o

    def _allied(self, args: _Args, t: Token) -> Iterator[Hit]:
        """"regime forces and allied militias": the allied noun partners the actor it is
        coordinated with."""
        n = t.head
        if n.dep_ != "conj":
            return
        partners = [a for a in [args.one(n.head)] if a] or args.actors(n.head, follow_conj=False)
        for a in args.actors(n, follow_conj=False):
            for p in partners:
                if a != p:
                    yield {"type": "ally_of"}, a, p

    # ---------------------------------------------------------------- relational nouns
    def _owners(self, args: _Args, n: Token) -> list[str]:
        out: list[str] = []
        for c in n.children:
            if c.dep_ == "poss":
                out += args.actors(c)
            elif c.dep_ == "prep" and c.lower_ in ("of", "to", "in", "within"):
                for g in c.children:
                    if g.dep_ == "pobj":
                        out += args.actors(g) or [a for a in [args.metonym(g)] if a]
            elif c.dep_ in ("compound", "nmod") and c.i < n.i:
                a = args.seg.actor_at(c)
                if a and a != args.seg.actor_at(n):
                    out.append(a)
        return list(dict.fromkeys(out))

    def _described(self, args: _Args, n: Token) -> list[str]:
        """What a relational noun describes: its apposition, the other side of its copula, the
        name it is a title of ("its founder Zahran Alloush"), or "one of the N"'s referent."""
        out: list[str] = []
        for c in n.children:
            if c.dep_ == "appos":
                out += args.actors(c)
        if n.lemma_.lower() in args.group_nouns:
            out += args.listed(n)
        h = n.head
        if n.dep_ == "appos":
            # "Iran and Hezbollah, both allies of X": conjuncts before the apposition share it
            out += [a for a in [args.one(h)] if a] or args.actors(h, follow_conj=False)
            out += [a for c in h.children if c.dep_ == "conj" and c.i < n.i for a in args.actors(c)]
        elif n.dep_ == "compound" and h.pos_ in ("PROPN", "NOUN"):
            out += [a for a in [args.one(h)] if a]
        elif n.dep_ in ("attr", "acomp") and h.lemma_ in COPULA:
            out += [a for c in h.children if c.dep_ in SUBJ for a in args.actors(c)]
            if not out and h.dep_ == "relcl":
                out += [a for a in [args.head_actor(h.head)] if a]
        elif n.dep_ in SUBJ and h.lemma_ in COPULA:
            out += [a for c in h.children if c.dep_ == "attr" for a in args.actors(c)]
        elif n.dep_ == "pobj" and h.lower_ == "of" and h.head.lower_ in ("one", "some", "part", "each", "all"):
            return self._described(args, h.head)
        elif n.dep_ == "pobj" and h.lower_ == "as":
            # "named X as its leader", "X serves as its commander"
            v = h.head
            objs = [c for c in v.children if c.dep_ in ("dobj", "nsubjpass")]
            out += [a for c in (objs or [c for c in v.children if c.dep_ in SUBJ]) for a in args.actors(c)]
        elif n.dep_ == "conj":
            return self._described(args, h) if h.lemma_.lower() in self.nouns else out
        own = args.seg.actor_at(n)
        if not out and own and not args.is_generic(own) and args.seg.mention_at(n).start < n.idx:
            out.append(own)  # "the regime's Russian backers" linked as one mention
        if not out and not own:
            # "the regime's Russian backers"
            out += [d for c in n.children if c.dep_ == "amod" for d in [args.demonym(c)] if d]
        return list(dict.fromkeys(out))

    def _noun(self, args: _Args, n: Token, spec: dict) -> Iterator[Hit]:
        if spec.get("target"):
            # "X's ties to Y", "X has links with Y", "X cut its ties with Y"
            targets = [a for c in n.children if c.dep_ == "prep" and c.lower_ in spec["target"]
                       for g in c.children if g.dep_ == "pobj" for a in args.actors(g)]
            holders = [a for c in n.children if c.dep_ == "poss" for a in args.actors(c)]
            holders = holders or self._clause_subjects(args, n)
            for h in holders:
                for t in targets:
                    yield spec, h, t
            return
        owners = self._owners(args, n)
        if spec["type"] in SYMMETRIC:
            # "alliance between X and Y", "alliance with Y" (the partner of the clause subject)
            partners = [a for c in n.children if c.dep_ == "prep" and c.lower_ in ("between", "with")
                        for g in c.children if g.dep_ == "pobj" for a in args.actors(g)]
            if any(c.dep_ == "prep" and c.lower_ == "between" for c in n.children):
                for i, s in enumerate(partners):
                    for o in partners[i + 1:]:
                        yield spec, s, o
                return
            if partners:
                holders = self._described(args, n) or self._clause_subjects(args, n)
                for s in holders:
                    for o in partners:
                        yield spec, s, o
                return
        own = args.seg.actor_at(n)
        if not owners and own and not args.is_generic(own) and spec["type"] == "member_of":
            owners = [own]  # "Free Syrian Army factions such as A and B" (one mention)
        if spec.get("demonym_owner"):
            # "a Saudi and Turkish project": the demonyms are the owners
            for c in n.children:
                if c.dep_ in ("amod", "compound") and c.i < n.i:
                    for x in [c, *[cc for cc in c.children if cc.dep_ == "conj"]]:
                        d = args.seg.actor_at(x) or args.demonym(x)
                        if d and d not in owners:
                            owners.append(d)
        others = [o for o in self._described(args, n) if o not in owners]
        if not others and spec.get("other_first") and spec["type"] == "leads":
            # "the leader of this militia, Zahran Alloush": the name trails the of-object
            for c in n.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for g in c.children:
                        for ap in g.children:
                            if ap.dep_ == "appos" and ap.i > g.i:
                                a = args.one(ap)
                                if a and _type(args.kb, a) == "person" if args.kb else a:
                                    others.append(a)
                                    if not owners:
                                        owners = [x for x in [args.seg.actor_at(g)] if x]
        former = spec["type"] == "member_of" and any(c.lower_ in self.former for c in n.children)
        for owner in owners:
            for other in others:
                if spec.get("other_first"):
                    yield spec, other, owner
                    if former:
                        yield {"type": "splinter_of"}, other, owner
                else:
                    yield spec, owner, other

    def _clause_subjects(self, args: _Args, n: Token) -> list[str]:
        h = n
        while h.head.i != h.i and h.pos_ not in ("VERB", "AUX"):
            h = h.head
        if h.pos_ in ("VERB", "AUX"):
            return self._subjects(args, h)
        return []

    # ---------------------------------------------------------------- nominal acts
    def _nominal(self, args: _Args, n: Token, spec: dict) -> Iterator[Hit]:
        preps = [c for c in n.children if c.dep_ == "prep" and c.lower_ in (spec.get("target") or [])]
        preps += [cc for c in preps for cc in c.children if cc.dep_ == "conj" and cc.pos_ == "ADP"]
        targets = [a for c in preps for g in c.children if g.dep_ == "pobj" for a in args.actors(g)]
        between = [a for c in n.children if c.dep_ == "prep" and c.lower_ == "between"
                   for g in c.children if g.dep_ == "pobj" for a in args.actors(g)]
        if between:
            for i, s in enumerate(between):
                for o in between[i + 1:]:
                    yield spec, s, o
            return
        if spec.get("between_only"):
            return
        agents: list[str] = []
        receivers: list[str] = []
        own = args.seg.actor_at(n)
        for c in n.children:
            if c.dep_ == "poss":
                agents += args.actors(c)
            elif c.dep_ in ("amod", "compound", "nmod") and c.i < n.i:
                a = args.seg.actor_at(c) if args.seg.actor_at(c) != own else None
                a = a or args.demonym(c)
                if a:
                    agents.append(a)
                    agents += [x for cc in c.children if cc.dep_ == "conj"
                               for x in [args.seg.actor_at(cc) or args.demonym(cc)] if x]
            elif c.dep_ == "prep" and c.lower_ in self.agent_preps:
                agents += [a for g in c.children if g.dep_ == "pobj" for a in args.actors(g)]
        if own and not agents:
            agents.append(own)
        h = n.head
        if n.dep_ in ("dobj", "nsubjpass") and h.pos_ in ("VERB", "AUX"):
            lemma = h.lemma_.lower()
            if lemma in self.agent_verbs and not agents:
                agents = self._subjects(args, h)
            elif lemma in self.receiver_verbs:
                receivers = self._subjects(args, h)
                agents += [a for c in h.children if c.dep_ == "prep" and c.lower_ in self.agent_preps
                           for g in c.children if g.dep_ == "pobj" for a in args.actors(g)]
        elif n.dep_ == "pobj" and h.lower_ == "in" and not agents:
            # "took part in the attacks", "participated in the offensive"
            v = h.head
            if v.lemma_.lower() in ("part", "role") and v.dep_ == "dobj":
                v = v.head
            if v.pos_ in ("VERB", "AUX") and v.lemma_.lower() in self.participation:
                agents = self._subjects(args, v)
        elif n.dep_ == "pobj" and h.lower_ == "with" and spec["type"] == "backs":
            v = h.head
            if v.pos_ in ("VERB", "AUX"):
                receivers = self._subjects(args, v)
        if spec["type"] == "backs" and not targets:
            targets = receivers
        if spec["type"] == "fights" and not targets and h.pos_ in ("VERB", "AUX") and n.dep_ == "nsubj":
            # "Russian airstrikes destroyed X's tankers", "a US strike killed its spokesman"
            targets = [a for c in h.children if c.dep_ == "dobj" for a in args.actors(c)]
        if spec["type"] == "fights" and not targets and n.dep_ == "pobj" and h.lower_ in self.circumstance_preps:
            # "pushed back under heavy Russian bombing": the bombing's target is the clause subject
            v = h.head
            if v.pos_ in ("VERB", "AUX"):
                targets = [a for c in v.children if c.dep_ in ("nsubj", "nsubjpass") for a in args.actors(c)]
        agents = list(dict.fromkeys(agents))
        for s in agents:
            for o in targets:
                if s != o:
                    yield spec, s, o

    # ---------------------------------------------------------------- member lists
    def _banner(self, args: _Args, n: Token) -> Iterator[Hit]:
        """"X, fighting under the Y banner" / "under the rubric of Y": X is a member of Y."""
        if not (n.dep_ == "pobj" and n.head.lower_ == "under"):
            return
        owners = self._owners(args, n)
        if not owners:
            return
        v = n.head.head
        members = self._subjects(args, v) if v.pos_ in ("VERB", "AUX") else args.actors(v)
        if v.pos_ in ("VERB", "AUX") and not members and v.dep_ == "advcl":
            members = self._subjects(args, v.head)
        spec = {"type": "member_of"}
        for m in members:
            for o in owners:
                yield spec, m, o

    def _listed_members(self, seg: Segment, args: _Args) -> Iterator[tuple[Token, dict, str, str]]:
        """"factions of Y (...), among them A and B": read off the word order when the parse of a
        long list goes astray. The group noun must come just before, owned by Y."""
        doc = seg.doc
        spec = {"type": "member_of"}
        intro = self.lex.get("member_lists", {}).get("introducers") or []
        containers = self.lex.get("member_lists", {}).get("container_phrases") or []
        # word lists once per segment: comparing slices of them costs nothing next to a Span per phrase
        lowers = [x.lower_ for x in doc]
        container_words = [(p, p.split()) for p in containers]
        intro_words = [(p, p.split()) for p in intro]
        firsts = {ws[0] for _, ws in container_words + intro_words if ws}
        for i, low in enumerate(lowers):
            if low not in firsts:
                continue  # no phrase starts here
            t = doc[i]
            phrase = next((p for p, ws in container_words if lowers[i:i + len(ws)] == ws), None)
            if phrase is not None and i >= 2 and doc[i - 1].text in (",", ")"):
                # "the Islamic Front (al-Jabhat al-Islamiyah), in which A and B are the leading factions"
                j = i - 1
                while j > t.sent.start and not args.seg.actor_at(doc[j]):
                    j -= 1
                owner = args.seg.actor_at(doc[j])
                if owner and _type(args.kb, owner) in ("coalition", "armed_group") if args.kb else owner:
                    for m in self._run_of_actors(args, i + len(phrase.split()), t.sent.end):
                        if m != owner:
                            yield t, spec, m, owner
                continue
            phrase = next((p for p, ws in intro_words if lowers[i:i + len(ws)] == ws), None)
            if phrase is None:
                continue
            owner = None
            for j in range(i - 1, max(t.sent.start, i - 16) - 1, -1):
                w = doc[j]
                if (w.lemma_.lower() in args.group_nouns or w.lemma_.lower() in args.role_nouns) \
                        and (not args.seg.actor_at(w) or args.is_generic(args.seg.actor_at(w))):
                    nxt = doc[j + 1] if j + 1 < len(doc) else None
                    if nxt is not None and nxt.lower_ == "of" and j + 2 < len(doc):
                        owner = args.seg.actor_at(doc[j + 2])
                    elif j > 0:
                        owner = args.seg.actor_at(doc[j - 1])
                    break
            if not owner or args.is_generic(owner):
                continue
            k, end = i + len(phrase.split()), t.sent.end
            if end <= k and end < len(doc):
                end = doc[end].sent.end  # the tagger split the sentence after "among them"
            for m in self._run_of_actors(args, k, end):
                if m != owner:
                    yield t, spec, m, owner

    @staticmethod
    def _run_of_actors(args: _Args, k: int, end: int) -> list[str]:
        """The actors of a list in running text ("A (formerly B), C and D"), up to its verb."""
        doc = args.seg.doc
        members: list[str] = []
        depth = 0
        while k < end:
            w = doc[k]
            if w.text == "(":
                depth += 1
            elif w.text == ")":
                depth -= 1
            elif depth == 0:
                a = args.seg.actor_at(w)
                if a:
                    if a not in members:
                        members.append(a)
                elif w.pos_ in ("VERB", "AUX") or w.text in (";", ":", ".") or (
                        w.lower_ not in LIST_GLUE and w.pos_ not in ("PROPN", "DET")):
                    break
            k += 1
        return members

    # ---------------------------------------------------------------- heads
    def _tables(self, kb: ActorKB) -> tuple[dict, ...]:
        """Look-ups built once per knowledge base: person names, each country's state actor, the
        KB's demonyms (if it lists them) and one-word metonyms."""
        if self._kb_tables is None or self._kb_tables[0] is not kb:  # the KB itself: an id can be reused
            persons: dict[tuple[str, ...], str] = {}
            states: dict[str, str] = {}
            demonyms = {w: ids[0] for w, ids in kb.adjective_index.items()}
            metonyms: dict[str, str] = {}
            descriptors: dict[str, str] = {}
            state_names: dict[str, str] = {}
            for a in kb.actors.values():
                if a.type == "state":
                    for form in [a.name, *a.aliases]:
                        state_names.setdefault(" ".join(words(form)), a.id)
                for d in a.descriptors:
                    ws = words(d)
                    if ws and ws[0] == "the":
                        ws = ws[1:]
                    if len(ws) == 1:
                        descriptors.setdefault(ws[0], a.id)
                for m in a.metonyms:
                    if len(m.split()) == 1:
                        metonyms.setdefault(m.lower(), a.id)
                if a.type == "person":
                    for form in [a.name, *a.aliases]:
                        k = tuple(words(form))
                        if k:
                            persons.setdefault(k, a.id)
                elif a.country and a.type == "state":
                    states.setdefault(a.country, a.id)
            for a in kb.actors.values():
                if a.country and a.type == "state_force":
                    states.setdefault(a.country, a.id)
            self._kb_tables = (kb, persons, states, demonyms, metonyms, descriptors, state_names)
        return self._kb_tables[1:]

    def _heads(self, seg: Segment, args: _Args, kb: ActorKB) -> Iterator[tuple[Token, dict, str, str]]:
        """Who the text presents as head: "President X", "the X regime", "X's government"."""
        persons, states = self._tables(kb)[:2]
        spec = {"type": "leads", "presented": True}
        doc = seg.doc
        for m in seg.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            kind = _type(kb, m.actor_id)
            if kind == "person":
                state = self._titled_state(args, span, kb, states)
                if state:
                    yield span.root, spec, m.actor_id, state
                root = span.root
                h = root.head
                if root.dep_ in ("poss", "compound") and _is(h, self.headed_nouns) and h.i != root.i:
                    org = args.seg.actor_at(h)
                    if org is None and _is(h, self.state_nouns):
                        org = states.get(kb.get(m.actor_id).country or "") if kb.get(m.actor_id) else None
                    if org:
                        yield root, spec, m.actor_id, org
                if root.dep_ == "pobj" and h.lower_ == "of" and _is(h.head, self.headed_nouns):
                    org = args.seg.actor_at(h.head)
                    if org:
                        yield root, spec, m.actor_id, org
            if kind in ("armed_group", "coalition"):
                parent = self._parent_in_name(span, kb, args)
                if parent:
                    yield span.root, {"type": "member_of", "presented": True}, m.actor_id, parent
            if kind in ("state", "state_force"):
                # "the Assad regime": a person's name inside a government's name
                ws = [w for t in span for w in words(t.text)]
                for size in range(len(ws) - 1, 0, -1):
                    found = None
                    for i in range(0, len(ws) - size + 1):
                        pid = persons.get(tuple(ws[i:i + size]))
                        if pid:
                            found = pid
                            break
                    if found:
                        yield span.root, spec, found, m.actor_id
                        break

    def _parent_in_name(self, span, kb: ActorKB, args: _Args) -> str | None:
        """"al-Qaeda in Syria", "al-Qaeda in the Arabian Peninsula": a group named as another
        group's branch in a place is a member of it."""
        ws = [w for t in span for w in words(t.text)]
        for link in self.branch_links:
            if link in ws:
                head = tuple(ws[:ws.index(link)])
                parent = self._group_names(kb).get(head)
                if parent and parent != args.seg.actor_at(span.root):
                    return parent
        return None

    def _group_names(self, kb: ActorKB) -> dict[tuple[str, ...], str]:
        if getattr(self, "_groups", None) is None or self._groups[0] is not kb:
            table: dict[tuple[str, ...], str] = {}
            for a in kb.actors.values():
                if a.type == "armed_group":
                    for form in [a.name, *a.aliases]:
                        k = tuple(words(form))
                        if k:
                            table.setdefault(k, a.id)
            self._groups = (kb, table)
        return self._groups[1]

    def _titled_state(self, args: _Args, span, kb: ActorKB, states: dict) -> str | None:
        """"President Vladimir Putin", "Turkish President Erdogan", "prime minister, Cameron"."""
        doc = span.doc
        ws_in = [w for t in span for w in words(t.text)]
        before: list[Token] = []
        i = span.start - 1
        while i >= 0 and len(before) < 4 and doc[i].text not in (".", ";", "(", ")"):
            before.insert(0, doc[i])
            i -= 1
        prev = [w for t in before if t.text != "," for w in words(t.text)]
        if any(w in self.title_blockers for w in prev[-4:]):
            return None  # "the vice-president", "former president"
        titled = False
        for title in self.titles:
            n = len(title)
            if tuple(prev[-n:]) == title or tuple(ws_in[:n]) == title:
                titled = True
                break
        if not titled:
            return None
        for t in before:
            d = args.demonym(t) or (args.seg.actor_at(t) if _type(kb, args.seg.actor_at(t) or "") == "state" else None)
            if d:
                return d
        p = kb.get(args.seg.actor_at(span.root) or "")
        return states.get(p.country) if p and p.country else None


def _is(t: Token, vocab: set[str]) -> bool:
    return t.lower_ in vocab or t.lemma_.lower() in vocab


def _clause(v: Token) -> list[Token]:
    """A verb's own clause: its subtree without coordinated or subordinate clauses."""
    out = [v]
    for c in v.children:
        if c.dep_ in ("conj", "cc", "advcl", "parataxis") or (c.dep_ == "relcl"):
            continue
        out.extend(c.subtree)
    return out


def _type(kb: ActorKB, actor_id: str) -> str | None:
    a = kb.get(actor_id)
    return a.type if a else None
