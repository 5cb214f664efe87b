"""Coreference: pronouns and definite descriptions resolved to the nearest compatible actor.

Facts are often stated through "it", "they", "the group" or "the Front"; without resolving
them, the relation and event extractors would see no actor there. The rule is deliberately
simple and predictable: walk back from the pronoun, within the same segment (so a reader
comment never borrows an actor from the article or another comment) and a few sentences at
most, and take the first mention whose actor type and number fit the pronoun ("he" a person,
"it/its" an organisation or state, "they" a plural group). A capitalised description
("the Front", "the Legion") needs an actor with that word in one of its names. Resolved spans
become Mentions with how="pronoun" or how="description", so `seg.actor_at(token)` sees them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from orbat.annotate.text import words
from orbat.knowledge.actors import ActorKB
from orbat.model import Mention

MAX_SENTENCES_BACK = 3
_PLEONASTIC_HEADS = {"be", "seem", "appear", "rain", "take", "remain", "happen", "matter"}


class Coref:
    def __init__(self, kb: ActorKB) -> None:
        self.kb = kb
        lx = kb.linking
        self.pron: dict[str, str] = {}
        for cls, ws in (lx.get("pronouns") or {}).items():
            for w in ws:
                self.pron[w] = cls
        self.desc: dict[str, str] = {}
        for cls, ws in (lx.get("descriptions") or {}).items():
            for w in ws:
                self.desc.setdefault(w, cls)
        self.compatible = {k: set(v) for k, v in (lx.get("compatible") or {}).items()}
        self._name_words: dict[str, set[str]] = {}
        self._taken: set[int] = set()
        self._ents: list = []
        self.acting_verbs = set((lx.get("discovery") or {}).get("verbs", [])) - {"say", "deny", "accept", "reject"}
        self.acting_verbs |= set(lx.get("pronoun_object_verbs") or [])
        self.possessor_heads = set(lx.get("possessor_heads") or [])

    def name_words(self, actor_id: str) -> set[str]:
        if actor_id not in self._name_words:
            a = self.kb.get(actor_id)
            ws: set[str] = set()
            for f in a.forms() if a else []:
                ws.update(words(f))
            self._name_words[actor_id] = ws
        return self._name_words[actor_id]

    def resolve(self, doc: Doc, mentions: list[Mention], segment: str) -> list[Mention]:
        """The segment's mentions plus those found for its pronouns and descriptions, in text order."""
        if not mentions:
            return mentions
        starts = sorted(mentions, key=lambda m: m.start)
        taken: set[int] = set()
        for m in starts:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                taken.update(range(span.start, span.end))
        out = list(starts)
        self._taken = taken
        self._ents = list(doc.ents)
        for tok in doc:
            if tok.i in taken:
                continue
            low = tok.lower_
            cls = self.pron.get(low)
            if cls and tok.pos_ in ("PRON", "DET") and not self._pleonastic(tok) \
                    and (tok.dep_ in ("nsubj", "nsubjpass", "poss") or low in ("its", "their", "his", "her")
                         or (tok.dep_ in ("dobj", "pobj") and tok.head.lemma_ in self.acting_verbs)
                         or (tok.dep_ == "pobj" and tok.head.head.lemma_ in self.acting_verbs)):
                # subjects, possessives and objects of conflict verbs: an object "it" elsewhere is
                # mostly a thing (a road, a truce)
                ant = self._antecedent(doc, out, tok, cls, None)
                if ant is not None:
                    out.append(Mention(ant.actor_id, tok.text, segment, tok.idx, tok.idx + len(tok.text), "pronoun"))
                continue
            if low in ("the", "this", "that") and tok.i + 1 < len(doc):
                # "the group", "the jihadist group", "the hardline Islamist movement": up to two modifiers
                head = doc[tok.i + 1]
                k = tok.i + 1
                while k < min(len(doc) - 1, tok.i + 3) and doc[k].pos_ in ("ADJ", "NOUN", "PROPN", "VERB") \
                        and doc[k].head.i > k and doc[k].dep_ in ("amod", "compound", "nmod") \
                        and doc[k].text[:1].islower() and k not in taken:
                    k += 1
                head = doc[k]
                if any(i in taken for i in range(tok.i + 1, k + 1)) or head.dep_ == "compound" \
                        or head.pos_ not in ("NOUN", "PROPN"):
                    continue
                if k + 1 < len(doc) and doc[k + 1].lower_ == "of":
                    continue  # "the leader of Jabhat al-Nusra" introduces someone, it does not refer back
                dcls = self.desc.get(head.lower_)
                if dcls is None:
                    continue
                need = head.lower_ if head.text[:1].isupper() else None
                ant = self._antecedent(doc, out, tok, dcls, need)
                if ant is not None:
                    end = head.idx + len(head.text)
                    # the span's text is the document's text from tok to head (doc.text rebuilds all of it)
                    out.append(Mention(ant.actor_id, doc[tok.i:k + 1].text, segment, tok.idx, end, "description"))
                    taken.add(head.i)
        out += self._persons_inside(doc, out, segment)
        out.sort(key=lambda m: m.start)
        return out

    def _persons_inside(self, doc: Doc, mentions: list[Mention], segment: str) -> list[Mention]:
        """A person named inside a government's mention ("the Assad regime", "the Erdogan
        government") is mentioned too: the whole stays the government, the name its leader."""
        found: list[Mention] = []
        persons = self._persons()
        for m in mentions:
            a = self.kb.get(m.actor_id)
            if a is None or a.type not in ("state", "state_force") or m.inner or m.how == "pronoun":
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or len(span) < 2:
                continue
            toks = list(span)
            for i, t in enumerate(toks):
                if not t.text[:1].isupper() or t.dep_ != "compound" and t.dep_ != "poss":
                    continue
                pid = persons.get(tuple(words(t.text)))
                if pid and i < len(toks) - 1:
                    found.append(Mention(pid, t.text, segment, t.idx, t.idx + len(t.text), "alias"))
        return found

    def _persons(self) -> dict[tuple[str, ...], str]:
        if getattr(self, "_person_forms", None) is None:
            table: dict[tuple[str, ...], str] = {}
            for a in self.kb.actors.values():
                if a.type == "person":
                    for form in [a.name, *a.aliases]:
                        k = tuple(words(form))
                        if len(k) == 1:
                            table.setdefault(k, a.id)
            self._person_forms = table
        return self._person_forms

    def _pleonastic(self, tok: Token) -> bool:
        if tok.lower_ != "it":
            return False
        return tok.dep_ == "expl" or (tok.dep_ == "nsubj" and tok.head.lemma_ in _PLEONASTIC_HEADS) \
            or (tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_ in ("make", "say", "report"))

    def _antecedent(self, doc: Doc, mentions: list[Mention], tok: Token, cls: str, need: str | None) -> Mention | None:
        types = self.compatible.get(cls, set())
        sent_start = tok.sent.start
        limit_char = doc[max(0, _sentence_back(doc, sent_start, MAX_SENTENCES_BACK))].idx
        for m in sorted((m for m in mentions if m.end <= tok.idx and m.start >= limit_char),
                        key=lambda m: m.start, reverse=True):
            if m.how in ("pronoun",):
                continue
            a = self.kb.get(m.actor_id)
            typ = a.type if a else "armed_group"
            number = a.number if a else "singular"
            if need is not None:
                if need in self.name_words(m.actor_id) or (a is None and need in words(m.text)):
                    return m
                continue
            if typ not in types:
                continue
            if cls == "singular" and number == "plural":
                continue
            if cls == "plural" and number != "plural" and typ not in ("coalition",) and not _plural_text(m.text):
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                root = span.root
                if root.dep_ in ("compound", "amod", "nmod") and not (span.start <= root.head.i < span.end):
                    continue  # "US anti-tank missiles": a modifier is no antecedent
                if root.dep_ == "poss" and root.head.i not in self._taken \
                        and root.head.lower_ not in self.possessor_heads:
                    continue  # "backed by Saudi Arabia's oil billions": the possessor is not the topic
                if root.dep_ in ("oprd", "attr"):
                    continue  # "calling X al-Qaeda", "X is an ally": a predicate names no one new
                if typ == "state" and root.dep_ == "pobj" and root.head.lower_ == "in":
                    continue  # "banned in Russia": a country named as a place
                if _relative_on(tok, root):
                    continue  # "the YPG, which it treats as ...": the pronoun is not its own relative's head
                if cls == "plural" and (root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children)):
                    return None  # "Iran and Hezbollah ... they": a coordination, not one actor
                if self._unlinked_between(doc, span.end, tok.i, cls):
                    return None
            return m
        return None

    def _unlinked_between(self, doc: Doc, a: int, b: int, cls: str) -> bool:
        """An entity the linker does not know is the subject between the candidate and the pronoun:
        "the Syrian Observatory ... said it" must not reach back past the Observatory."""
        labels = {"person": ("PERSON",)}.get(cls, ("ORG",))
        if cls == "plural":
            # "its pilots thought they were ...": a plural subject noun nobody linked is the referent
            for t in doc[a:b]:
                if t.tag_ == "NNS" and t.dep_ in ("nsubj", "nsubjpass") and t.i not in self._taken:
                    return True
        for e in self._ents:
            if e.start >= a and e.end <= b and e.label_ in labels and e.root.dep_ in ("nsubj", "nsubjpass") \
                    and not any(i in self._taken for i in range(e.start, e.end)):
                return True
            if e.start >= b:
                break
        return False


def _relative_on(tok: Token, head: Token) -> bool:
    """The pronoun sits in a relative clause attached to `head`."""
    t = tok
    while t.head.i != t.i:
        if t.dep_ == "relcl" and t.head.i == head.i:
            return True
        t = t.head
    return False


def _sentence_back(doc: Doc, start: int, n: int) -> int:
    """Token index where the sentence n sentences before the one starting at `start` begins."""
    i = start
    for _ in range(n):
        if i == 0:
            break
        i = doc[i - 1].sent.start
    return i


def _plural_text(text: str) -> bool:
    w = words(text)
    return bool(w) and w[-1].endswith("s") and not w[-1].endswith("ss")
