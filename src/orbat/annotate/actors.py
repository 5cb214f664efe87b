"""Actor linking: every alias, descriptor, demonym and metonym of the knowledge base, found in a parse.

Matching is a dictionary look-up over normalised word n-grams, longest match first, indexed by
the first word, so its cost does not grow with the number of aliases and most tokens cost one
dict probe. Normalisation (text.py) makes case, diacritics, hyphens, apostrophes, possessives
and "al-"/"el-" irrelevant; a second key with the last word's plural/singular catches "militias"
for "militia". Short all-capitals aliases (IS, US, SAA) match only in capitals, because their
lower-case forms are ordinary English words. Metonyms ("Moscow") and demonyms ("Russian") link
only where the parse makes them act, since the same words usually name a place or a nationality.
Ambiguous short forms are settled per document (`resolve_document`), never guessed per sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from spacy.attrs import IDX, ORTH, SENT_START
from spacy.tokens import Doc, Token

from orbat.annotate.text import singular, token_words, words
from orbat.knowledge.actors import ActorKB
from orbat.model import ActorFinding, Mention

ACTING_DEPS = {"nsubj", "nsubjpass", "poss", "agent", "csubj"}
_CAPS = re.compile(r"^[A-Z][A-Z.\-&]*$")


def _cased_key(alias: str) -> str | None:
    letters = re.sub(r"[^A-Za-z]", "", alias)
    if _CAPS.match(alias.replace(" ", "")) and 1 < len(letters) <= 5:
        return letters
    return None


def _variants(k: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Plural and singular of the last word: "militia" also finds "militias" and back."""
    last = k[-1]
    out = []
    s = singular(last)
    if s != last:
        out.append((*k[:-1], s))
    elif not last.isdigit() and len(last) > 2:
        out.append((*k[:-1], last + "s"))
    return out


class ActorLinker:
    """Links spans of a parsed segment to knowledge-base actors."""

    def __init__(self, kb: ActorKB) -> None:
        self.kb = kb
        lx = kb.linking
        self.table: dict[tuple[str, ...], tuple[str, str]] = {}
        self.cased: dict[str, tuple[str, str]] = {}
        self.metonyms: dict[tuple[str, ...], str] = {}
        self.adjectives: dict[str, str] = {}
        variants: list[tuple[tuple[str, ...], tuple[str, str]]] = []
        for actor in kb.actors.values():
            forms = [(a, "alias") for a in actor.forms()] + [(d, "descriptor") for d in actor.descriptors]
            for form, how in forms:
                ck = _cased_key(form)
                if ck:
                    self.cased.setdefault(ck, (actor.id, how))
                    continue
                k = tuple(words(form))
                if k:
                    self.table.setdefault(k, (actor.id, how))
                    if actor.number != "plural":  # "terrorist group" is not "terrorist groups"
                        variants += [(v, (actor.id, how)) for v in _variants(k)]
            for m in actor.metonyms:
                k = tuple(words(m))
                if k:
                    self.metonyms.setdefault(k, actor.id)
            for a in actor.adjectives:
                for w in words(a):
                    self.adjectives.setdefault(w, actor.id)
        for k, v in variants:
            if len(k) == 1 and k[0] in self.adjectives:
                continue  # "Russians" must not make the bare demonym "Russian" a name
            self.table.setdefault(k, v)
        first: dict[str, set[int]] = {}
        for k in [*self.table, *self.metonyms]:
            first.setdefault(k[0], set()).add(len(k))
        self.first = {w: sorted(ls, reverse=True) for w, ls in first.items()}
        self.force_nouns = set(lx.get("force_nouns", []))
        self.sponsor = set(lx.get("sponsor_suffixes", []))
        self.place_suffix = set(lx.get("place_suffixes", []))
        self.attitude = set(lx.get("attitude_prefixes", []))
        gn = [tuple(g.split()) for g in lx.get("group_nouns", [])]
        self.group_nouns: set = {g[0] for g in gn if len(g) == 1} | {g for g in gn if len(g) > 1}
        self.titles = set(lx.get("titles", []))
        self.victim = set(lx.get("victim_words", []))
        self.metonym_verbs = set(lx.get("metonym_object_verbs", []))
        self.place_nouns = set(lx.get("place_nouns", []))
        # persons who lead a state or group: "Assad's forces" is the Syrian army
        self._leader_of = {a.id: r["object"] for a in kb.actors.values() if a.type == "person"
                           for r in a.background if r.get("type") == "leads" and r.get("object") in kb.actors}
        self._orth: dict[int, tuple[tuple[str, ...], str | None]] = {}

    # ------------------------------------------------------------------ one segment
    def link(self, doc: Doc, segment: str) -> list[Mention]:
        fw: list[str] = []
        ft: list[int] = []
        fc: list[str | None] = []  # the cased key of an all-capitals token, else None
        cache = self._orth
        strings = doc.vocab.strings
        texts: list[str] = []
        lowers: list[str] = []
        for ti, o in enumerate(doc.to_array(ORTH).tolist()):
            e = cache.get(o)
            if e is None:
                text = strings[o]
                e = (token_words(text), re.sub(r"[^A-Za-z]", "", text) if text.isupper() else None, text, text.lower())
                if len(cache) < 500_000:
                    cache[o] = e
            texts.append(e[2])
            lowers.append(e[3])
            for n_w, w in enumerate(e[0]):
                fw.append(w)
                ft.append(ti)
                # the whole token's capitals for its first word ("U.S." -> "US"); each word's own
                # capitals inside a run like "PYD/YPG"
                fc.append(e[1] if n_w == 0 else (w.upper() if e[1] is not None else None))
        self._texts, self._lowers, self._victim_sents = texts, lowers, {}
        self._sent_starts: list[int] | None = None
        self._idx: list[int] = doc.to_array(IDX).tolist()
        self._doctext = doc.text
        mentions: list[Mention] = []
        i, n = 0, len(fw)
        first, table, metonyms = self.first, self.table, self.metonyms
        while i < n:
            hit = None
            lens = first.get(fw[i])
            if lens:
                for size in lens:
                    if i + size > n:
                        continue
                    k = tuple(fw[i:i + size])
                    a, b = ft[i], ft[i + size - 1]
                    if (i + size < n and ft[i + size] == b) or (i > 0 and ft[i - 1] == a):
                        continue  # a match must cover whole tokens
                    v = table.get(k)
                    if v is not None:
                        hit = (a, b, v[0], v[1])
                        break
                    mid = metonyms.get(k)
                    if mid is not None and self._acts(doc, a, b):
                        hit = (a, b, mid, "metonym")
                        break
            if hit is None:
                ck = fc[i]
                if ck is not None:
                    v = self.cased.get(ck)
                    if v is None and len(token_words(texts[ft[i]])) > 1:
                        v = self.cased.get(fw[i].upper())
                    if v is not None and not self._shouting(texts, ft[i]):
                        hit = (ft[i], ft[i], v[0], v[1])
                if hit is None:
                    aid = self.adjectives.get(fw[i])
                    if aid is not None:
                        tok = doc[ft[i]]
                        end = self._demonym_acts(doc, tok)
                        if end is not None:
                            hit = (tok.i, end, aid, "adjective")
            if hit is not None:
                m = self._mention(doc, segment, *hit)
                if m is not None:
                    mentions.append(m)
                    if hit[1] > hit[0]:
                        mentions += self._sponsors_inside(doc, segment, hit[0], hit[1])
                    mentions += m.inner
                last = hit[1] if m is None else max(hit[1], bisect_right(self._idx, m.end - 1) - 1)
                while i < n and ft[i] <= last:
                    i += 1
                continue
            i += 1
        return mentions

    def _mention(self, doc: Doc, segment: str, a: int, b: int, actor_id: str, how: str) -> Mention | None:
        """A mention from a core match, or None where the context says it is no actor here."""
        tx, lo, nd = self._texts, self._lowers, len(self._texts)
        if a >= 2 and tx[a - 1] == "-" and lo[a - 2] in self.attitude:
            return None  # "pro-Assad", "anti-ISIS"
        if b + 2 < nd and tx[b + 1] == "-" and lo[b + 2] in self.place_suffix:
            return None  # "Britain-based"
        actor = self.kb.actors.get(actor_id)
        if actor is None:
            return None
        if actor.type == "person" and a == b:
            p = a - 1
            while p >= 0 and (tx[p] == "-" or lo[p] in ("al", "el")):
                p -= 1
            if p >= 0 and p < a - 1 and tx[p][:1].isupper() and lo[p] not in self.titles:
                return None  # "Dahiyat al-Assad", "Hafez al-Assad": another name ending in the surname
        if actor.type == "civilians" and not self._victims(doc, a):
            return None
        if actor.number == "plural" and b + 2 < nd and tx[b + 1] in ("'s", "’s", "'", "’") \
                and any(w in self.first for w in token_words(tx[b + 2])) and tx[b + 2][:1].isupper():
            return None  # "the opposition's Syrian National Coalition": the named body is the actor
        if actor.type == "person" and b + 2 < nd and tx[b + 1] in ("'s", "’s"):
            led = self._leader_of.get(actor_id)
            for j in (b + 2, b + 3):
                if led and j < nd and (lo[j] in self.force_nouns or lo[j] in self.group_nouns) and tx[j].islower():
                    whole = self._mention(doc, segment, a, j, led, "descriptor")  # "Assad's forces"
                    if whole is not None:  # the leader keeps his own name, added after the whole
                        s0 = self._idx[a]
                        person = Mention(actor_id, chars_of(self._doctext, self._idx, tx, a, b), segment, s0,
                                         self._idx[b] + len(tx[b]), how)
                        person.forms = [person.text]
                        whole.inner = [person]
                    return whole

        end = b
        sponsor = b + 2 < nd and tx[b + 1] == "-" and lo[b + 2] in self.sponsor
        gn = self.group_nouns
        if not sponsor and actor.type not in ("person", "civilians"):
            j = b + 1
            while j < nd:
                if j + 1 < nd and (lo[j], lo[j + 1]) in gn:
                    j += 2
                    end = j - 1
                    continue
                if lo[j] in gn and tx[j].islower():
                    end = j
                    j += 1
                    continue
                if (j + 1 < nd and lo[j + 1] in gn and tx[j].islower() and tx[j + 1].islower()
                        and doc[j].pos_ in ("ADJ", "NOUN")):
                    end = j + 1
                    j += 2
                    continue
                break
        start = a - 1 if a > 0 and lo[a - 1] == "the" else a
        idx, text = self._idx, self._doctext

        def chars(x: int, y: int) -> str:  # text of tokens x..y, sliced rather than built from Tokens
            return text[idx[x]:idx[y] + len(tx[y])]

        surface = chars(start, end)
        forms = [surface]
        core = chars(a, b)
        if core != surface:
            forms.append(core)
        chunk = _chunk_of(doc, end)
        if chunk is not None and chunk.start <= start and chunk.end - 1 <= end:
            c = chars(chunk.start, chunk.end - 1)
            if c not in forms:
                forms.append(c)
        if end + 2 < nd and tx[end + 1] == "-" and tx[end + 2].isalpha():
            forms.append(chars(start, end + 2))  # "rebel-held", "Turkish-backed"
        if ((lo[a] in self.adjectives and self.adjectives[lo[a]] == actor_id)
                or (start < a and lo[start] in self.adjectives)) and b > a:
            forms.append(tx[a])  # "Russian" of "Russian warplanes"
        if end + 3 < nd and tx[end + 1] == "(" and tx[end + 3] == ")":
            forms.append(chars(start, end + 3))  # "Islamic Revolutionary Guard Corps (IRGC)"
        if start >= 2 and lo[start - 1] == "of" and lo[start - 2] in self.group_nouns:
            forms.append(chars(start - 2, end))  # "units of the Syrian army"
        last = doc[end]
        head = last.head
        if end < head.i <= end + 3 and last.dep_ in ("compound", "amod", "nmod") and head.pos_ == "NOUN":
            forms.append(chars(start, head.i))  # "rebel hands", "US special forces advisers"
        if actor.type == "person":
            t = start
            while t > 0 and (lo[t - 1] in self.titles or tx[t - 1] in ("'s", "’s")) \
                    and (tx[t - 1][:1].isupper() or lo[t - 1] == "of"):
                t -= 1
            if t < start:
                forms.append(chars(t, end))
        m = Mention(actor_id, surface, segment, idx[start], idx[end] + len(tx[end]), how)
        m.forms = forms
        return m

    def _sponsors_inside(self, doc: Doc, segment: str, a: int, b: int) -> list[Mention]:
        """"the Saudi-backed militia": the sponsor inside a matched description is a mention too.

        It is added after the whole description, so the token index maps "Saudi" to the sponsor
        and the rest to the client, and a relation extractor sees both.
        """
        tx, lo = self._texts, self._lowers
        out = []
        for j in range(a + 1, b):
            if tx[j] == "-" and lo[j + 1] in self.sponsor:
                p = j - 1
                ws = token_words(tx[p])
                aid = None
                if ws:
                    aid = self.adjectives.get(ws[0]) or (self.table.get(ws) or (None,))[0]
                    if aid is None and tx[p].isupper():
                        aid = (self.cased.get(re.sub(r"[^A-Za-z]", "", tx[p])) or (None,))[0]
                if aid is not None:
                    start = self._idx[p]
                    m = Mention(aid, tx[p], segment, start, start + len(tx[p]), "adjective")
                    m.forms = [tx[p]]
                    out.append(m)
        return out

    def _shouting(self, texts: list[str], i: int) -> bool:
        """An all-capitals word next to other all-capitals words that are no acronyms: a headline in capitals."""
        for j in (i - 1, i + 1, i - 2, i + 2):
            if 0 <= j < len(texts):
                t = texts[j]
                if len(t) > 2 and t.isalpha() and t.isupper() and re.sub(r"[^A-Za-z]", "", t) not in self.cased:
                    return True
        return False

    def _victims(self, doc: Doc, i: int) -> bool:
        """Whether the sentence around token i makes someone a victim (killed, wounded, displaced...)."""
        if self._sent_starts is None:
            self._sent_starts = [k for k, v in enumerate(doc.to_array(SENT_START).tolist()) if v == 1] or [0]
        starts = self._sent_starts
        k = bisect_right(starts, i) - 1
        a = starts[k] if k >= 0 else 0
        if a not in self._victim_sents:
            b = starts[k + 1] if k + 1 < len(starts) else len(self._lowers)
            self._victim_sents[a] = any(w in self.victim for w in self._lowers[a:b])
        return self._victim_sents[a]

    def _acts(self, doc: Doc, first: int, last: int) -> bool:
        """A place name stands for a government when it is the subject or possessor of the clause."""
        span = doc[first:last + 1]
        head = span.root
        if any(t.dep_ == "compound" and t.head.i > last and t.head.pos_ == "PROPN" for t in span):
            return False  # "Washington Post"
        while head.dep_ in ("conj", "appos") and head.head.i != head.i:
            head = head.head
        if head.dep_ == "poss" and head.head.lower_ in self.place_nouns:
            return False  # "Damascus's eastern suburbs"
        if head.dep_ in ACTING_DEPS:
            return True
        if head.dep_ == "pobj" and head.head.lower_ in ("by", "between"):
            return True
        return head.dep_ == "dobj" and head.head.lemma_ in self.metonym_verbs

    def _demonym_acts(self, doc: Doc, tok: Token) -> int | None:
        """Last token of a demonym's mention when it stands for its state, else None."""
        if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and doc[tok.i + 2].lower_ in self.sponsor:
            return tok.i
        if tok.dep_ not in ("amod", "compound", "nmod", "conj", "npadvmod"):
            return None
        head = tok.head
        coordinated = tok.dep_ == "conj"
        if coordinated:
            head = head.head
        for _ in range(3):
            if head.lower_ in self.force_nouns or head.lemma_ in self.force_nouns:
                break
            if head.dep_ in ("compound", "amod") and head.head.i > head.i:
                head = head.head
                continue
            return None
        else:
            return None
        if head.i <= tok.i or coordinated or head.i - tok.i > 3:
            return tok.i
        between = doc[tok.i + 1:head.i]
        if any(t.lower_ in ("and", "or", ",", "/") for t in between):
            return tok.i  # "Saudi and Qatari regimes": each demonym on its own
        if any(w in self.first for t in between for w in token_words(t.text)):
            return None  # "Syrian opposition forces", "Syrian Kurdish fighters": the inner name decides
        if any(t.pos_ == "PROPN" for t in between):
            return tok.i
        return head.i

    # ------------------------------------------------------------------ one document
    def resolve_document(self, segments: Iterable) -> None:
        """Settle short forms by what the whole document says.

        "the army" is the Syrian army unless the document's only army is another state's; a
        bare surname goes to the one person of the document whose full name ends with it.
        """
        segs = list(segments)
        allm = [m for s in segs for m in s.mentions]
        # bare "the army", "the government": another state's only if the document names that
        # state's army (government, ...) and never the Syrian state otherwise
        others: dict[str, set[str]] = {w: set() for w in AMBIGUOUS}
        syria_named = False
        for m in allm:
            k = tuple(words(m.text))
            if m.actor_id == "syria_government" and not (len(k) == 1 and k[0] in AMBIGUOUS):
                syria_named = True
            a = self.kb.actors.get(m.actor_id)
            if a and a.type in ("state", "state_force") and m.actor_id != "syria_government":
                for w in AMBIGUOUS & set(k):
                    others[w].add(m.actor_id)
        # a foreign state named only as where things happen ("fled to Lebanon") is no actor here
        where: dict[str, list[bool]] = {}
        for s in segs:
            for m in s.mentions:
                a = self.kb.actors.get(m.actor_id)
                if a and a.type == "state" and m.actor_id != "syria_government":
                    bare = words(m.text) == words(a.name)  # "Lebanon", not "the Lebanese government"
                    where.setdefault(m.actor_id, []).append(bare and _locative(s.doc, m))
        placeonly = {aid for aid, flags in where.items() if all(flags)}
        if placeonly:
            for s in segs:
                s.mentions = [m for m in s.mentions if m.actor_id not in placeonly]
            allm = [m for s in segs for m in s.mentions]
        full_names: dict[str, set[str]] = {}
        for m in allm:
            a = self.kb.actors.get(m.actor_id)
            ws = words(m.text)
            if a and a.type == "person" and len(ws) > 1:
                full_names.setdefault(ws[-1], set()).add(m.actor_id)
        for m in allm:
            k = tuple(words(m.text))
            if m.actor_id == "syria_government" and len(k) == 1 and k[0] in AMBIGUOUS and not syria_named \
                    and len(others[k[0]]) == 1:
                m.actor_id = next(iter(others[k[0]]))
            a = self.kb.actors.get(m.actor_id)
            if a and a.type == "person" and len(k) == 1:
                owners = full_names.get(k[0], set())
                if len(owners) == 1 and m.actor_id not in owners:
                    m.actor_id = next(iter(owners))


def chars_of(text: str, idx: list[int], tx: list[str], x: int, y: int) -> str:
    return text[idx[x]:idx[y] + len(tx[y])]


AMBIGUOUS = {"army", "government", "military", "regime"}
LOCATIVE = {"in", "to", "into", "across", "through", "near", "via", "inside", "toward", "towards",
             "at", "within", "throughout", "outside"}


def _locative(doc: Doc, m: Mention) -> bool:
    """A mention used as a place: the object of a locative preposition, or a compound ("Lebanon border")."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE:
        return True
    return root.dep_ == "compound" and root.head.lower_ in ("border", "borders", "frontier", "embassy", "capital")


def _chunk_of(doc: Doc, i: int):
    """The noun phrase a token heads or modifies, up to its head: "several Free Syrian Army factions".

    Read off the parse in constant time (left edge of the head noun), not from doc.noun_chunks,
    which walks the whole document on every call.
    """
    h = doc[i]
    while h.dep_ == "compound" and h.head.i > h.i and h.head.i - i <= 3:
        h = h.head
    if h.pos_ not in ("NOUN", "PROPN"):
        return None
    return doc[h.left_edge.i:h.i + 1]


def actor_findings(kb: ActorKB, mentions: list[Mention], day: str | None) -> list[ActorFinding]:
    """One ActorFinding per linked actor, with every distinct surface form it was found under."""
    out: dict[str, ActorFinding] = {}
    for m in mentions:
        actor = kb.get(m.actor_id)
        if m.actor_id not in out:
            if actor is None:
                name = m.name or m.text
                out[m.actor_id] = ActorFinding(m.actor_id, name, "armed_group", [], provisional=True)
            else:
                out[m.actor_id] = ActorFinding(actor.id, actor.name_on(day), actor.type, [])
        if m.how == "pronoun":
            continue
        for f in [m.text, *m.forms]:
            if f not in out[m.actor_id].surfaces:
                out[m.actor_id].surfaces.append(f)
    return list(out.values())
