"""Discovery of organisations the knowledge base does not know, and the analyst's decisions on them.

A name becomes a provisional actor only when it is shaped like an organisation (a capitalised
name ending in Brigade/Battalion/Front/... or starting with Liwa/Jaysh/Harakat/...) *and* the
text makes it act like one: subject of a conflict verb ("X claimed the attack"), the "of" of
fighters or a commander ("fighters of the X Battalion"), or introduced by name ("a brigade
called X"); a spaCy ORG entity qualifies only as the subject of a violent verb. Both conditions,
because a false provisional actor costs precision on every document it appears in.

The id is `prov_` + the normalised name, so the same name in a later document gets the same id
and its aliases gather across documents. Analyst decisions (accept, merge, reject) are stored
through the small `Decisions` interface and re-applied by `apply_decisions` after every
re-extraction, so extraction stays a pure function of text and knowledge.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from spacy.tokens import Doc, Span

from orbat.annotate.text import words
from orbat.knowledge.actors import ActorKB
from orbat.model import ActorFinding, Findings, Mention

PREFIX = "prov_"
_CONNECT = {"al", "el", "-", "of", "the", "wal", "ibn", "bin", "'s"}
_VIOLENT = {"claim", "attack", "seize", "capture", "launch", "fight", "kill", "storm", "shell", "bomb", "ambush",
            "clash", "besiege", "recapture", "retake", "overrun", "repel", "execute", "kidnap", "abduct", "detonate"}


@lru_cache(maxsize=50_000)
def _words(text: str) -> list[str]:
    return words(text)


def provisional_id(name: str) -> str:
    """The stable id of a discovered name: the same name in any document gives the same id."""
    return PREFIX + "_".join(words(name))


class Discoverer:
    def __init__(self, kb: ActorKB) -> None:
        d = kb.linking.get("discovery") or {}
        self.heads = {tuple(h.split()) for h in d.get("heads", [])}
        self.prefixes = set(d.get("prefixes", []))
        self.verbs = set(d.get("verbs", []))
        self.member_nouns = set(d.get("member_nouns", []))
        self.called = {tuple(c.split()) for c in d.get("called", [])}
        self.stop = set(d.get("stop", []))
        self.not_first = set(d.get("not_first", []))
        self._orgs: list[tuple[int, int]] = []

    def discover(self, doc: Doc, mentions: list[Mention], segment: str) -> list[Mention]:
        """Provisional mentions for organisation-shaped names the text makes act, none overlapping `mentions`."""
        taken: set[int] = set()
        for m in mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                taken.update(range(span.start, span.end))
        out: list[Mention] = []
        self._orgs = [(e.start, e.end) for e in doc.ents if e.label_ == "ORG"]
        for span in self._names(doc):
            if any(t.i in taken for t in span):
                continue
            shaped = self._shaped(span)
            if not (shaped and self._acts(doc, span)) and not self._org_entity_acts(doc, span):
                continue
            name = span.text
            m = Mention(provisional_id(name), name, segment, span.start_char, span.end_char, "discovered")
            m.name = name
            out.append(m)
            taken.update(range(span.start, span.end))
        return out

    def _names(self, doc: Doc) -> Iterable[Span]:
        """Maximal runs of capitalised words with their connectors ("Liwa Shuhada al-Islam")."""
        i, n = 0, len(doc)
        while i < n:
            t = doc[i]
            if not (t.text[:1].isupper() and t.is_alpha) or t.lower_ in self.stop and t.i == t.sent.start:
                i += 1
                continue
            j = i + 1
            while j < n:
                u = doc[j]
                if u.text[:1].isupper() and (u.is_alpha or u.text.isdigit()) or u.lower_ in _CONNECT and j + 1 < n and (doc[j + 1].text[:1].isupper() or doc[j + 1].text == "-"
                                                             or doc[j + 1].lower_ in ("al", "el")):
                    j += 1
                else:
                    break
            while j > i and doc[j - 1].lower_ in _CONNECT:
                j -= 1
            if j == i:
                i += 1
                continue
            yield doc[i:j]
            i = j

    def _shaped(self, span: Span) -> bool:
        ws = _words(span.text)
        content = [w for w in ws if w not in self.stop]
        if len(ws) < 2 or not content or ws[0] in self.not_first:
            return False
        return any(ws[-len(h):] == list(h) for h in self.heads) or ws[0] in self.prefixes

    def _acts(self, doc: Doc, span: Span) -> bool:
        root = span.root
        while root.dep_ in ("conj", "appos") and root.head.i != root.i and root.head.i not in range(span.start, span.end):
            root = root.head
        if root.dep_ in ("nsubj", "nsubjpass", "agent") and root.head.lemma_ in self.verbs:
            return True
        if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in self.member_nouns:
            return True
        if root.dep_ == "poss" and root.head.lower_ in self.member_nouns:
            return True
        before = [t.lower_ for t in doc[max(0, span.start - 2):span.start] if t.lower_ != "the"]
        return any(tuple(before[-len(c):]) == c for c in self.called if before)

    def _org_entity_acts(self, doc: Doc, span: Span) -> bool:
        if not any(a <= span.start and span.end <= b for a, b in self._orgs):
            return False
        ws = _words(span.text)
        if len(ws) < 2 or ws[0] in self.not_first or not [w for w in ws if w not in self.stop]:
            return False
        root = span.root
        return root.dep_ == "nsubj" and root.head.lemma_ in _VIOLENT


# ---------------------------------------------------------------------- decisions


class Decisions(Protocol):
    """Where analyst decisions on actors live; the store's corrections table implements it too."""

    def add(self, kind: str, target: str, payload: dict, who: str) -> None: ...

    def all(self) -> list[dict]: ...


KINDS = {"accept", "merge", "reject", "add-alias"}


class JsonDecisions:
    """Decisions in one JSON file (a list of objects), for use without a store."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def all(self) -> list[dict]:
        if not self.path.exists():
            return []
        return json.loads(self.path.read_text(encoding="utf-8") or "[]")

    def add(self, kind: str, target: str, payload: dict, who: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown decision kind {kind!r} (one of {', '.join(sorted(KINDS))})")
        items = self.all()
        items.append({"kind": kind, "target": target, "payload": payload, "who": who,
                      "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")


def settle(decisions: Iterable[dict]) -> dict[str, dict[str, Any]]:
    """The standing decision per provisional id, the latest winning: {id: {kind, into/id/name/type}}."""
    out: dict[str, dict[str, Any]] = {}
    for d in decisions:
        if d.get("kind") in ("accept", "merge", "reject"):
            out[d["target"]] = {"kind": d["kind"], **(d.get("payload") or {})}
    return out


def apply_decisions(findings: Findings, decisions: Decisions | Iterable[dict], kb: ActorKB | None = None) -> Findings:
    """Re-apply analyst decisions to freshly extracted findings (in place; returned for chaining).

    accept: the provisional actor stays, under the id/name/type the analyst gave (default: its
    own); merge: its mentions and claims move to the `into` actor; reject: its mentions go and
    claims lose it.
    """
    items = decisions.all() if hasattr(decisions, "all") else list(decisions)  # type: ignore[union-attr]
    standing = settle(items)
    if not standing:
        return findings
    remap: dict[str, str | None] = {}
    accepted: dict[str, dict] = {}
    for pid, d in standing.items():
        if d["kind"] == "reject":
            remap[pid] = None
        elif d["kind"] == "merge":
            remap[pid] = d.get("into")
        else:
            new = d.get("id") or pid
            remap[pid] = new
            accepted[new] = d

    def m(aid: str | None) -> str | None:
        return remap.get(aid, aid) if aid is not None else None

    mentions = []
    for x in findings.mentions:
        if x.actor_id in remap:
            if remap[x.actor_id] is None:
                continue
            x.actor_id = remap[x.actor_id]  # type: ignore[assignment]
        mentions.append(x)
    findings.mentions = mentions
    actors: dict[str, ActorFinding] = {}
    for a in findings.actors:
        new = m(a.id)
        if new is None:
            continue
        if new in actors:
            actors[new].surfaces += [s for s in a.surfaces if s not in actors[new].surfaces]
            continue
        if new != a.id or new in accepted:
            known = kb.get(new) if kb else None
            d = accepted.get(new, {})
            a = ActorFinding(new, d.get("name") or (known.name if known else a.name),
                             d.get("type") or (known.type if known else a.type), list(a.surfaces),
                             provisional=known is None and new not in accepted)
        actors[new] = a
    findings.actors = list(actors.values())
    rels = []
    for r in findings.relations:
        s, o = m(r.subject), m(r.object)
        if s is None or o is None:
            continue
        r.subject, r.object = s, o
        rels.append(r)
    findings.relations = rels
    for e in findings.events:
        e.actor1, e.actor2 = m(e.actor1), m(e.actor2)
        e.assoc = [y for y in (m(x) for x in e.assoc) if y]
    findings.control = [c for c in findings.control if m(c.actor) is not None]
    for c in findings.control:
        c.actor = m(c.actor)  # type: ignore[assignment]
    return findings


def pending(predictions: Iterable[dict], decisions: Iterable[dict]) -> list[dict]:
    """Provisional actors not yet decided, gathered across documents with their evidence.

    `predictions` are prediction objects (FORMAT.md) or anything with `doc_id` and `actors`.
    """
    decided = set(settle(decisions))
    out: dict[str, dict] = {}
    for p in predictions:
        for a in p.get("actors") or []:
            aid = a.get("id", "")
            if not aid.startswith(PREFIX) or aid in decided:
                continue
            e = out.setdefault(aid, {"id": aid, "name": a.get("name"), "surfaces": [], "documents": [],
                                     "evidence": []})
            e["surfaces"] += [s for s in a.get("surface") or [] if s not in e["surfaces"]]
            if p.get("doc_id") not in e["documents"]:
                e["documents"].append(p.get("doc_id"))
            for r in p.get("relations") or []:
                if aid in (r.get("subject"), r.get("object")) and r.get("evidence"):
                    e["evidence"].append(r["evidence"])
            for ev in p.get("events") or []:
                if aid in (ev.get("actor1"), ev.get("actor2")) and ev.get("evidence"):
                    e["evidence"].append(ev["evidence"])
    return sorted(out.values(), key=lambda e: (-len(e["documents"]), e["id"]))
