"""Analyst corrections: recorded once with who and when, re-applied to every picture.

A correction never edits a claim. It is stored in the store's `corrections` table and applied
when the picture is built, so it survives any re-extraction of the documents it touches. Facts
are named by a *fact key* that does not depend on database ids, which change on re-extraction:
the document key, the kind of fact (`r` relation, `e` event, `c` control) and a hash of what
the claim says and the sentence it was found in, e.g. `doc-0001#r1a2b3c4d5e`.

Kinds (the `kind` column), with `target` and `payload`:
- `reject_fact`: target a fact key; the claim is left out of every aggregate and fused event.
- `merge_actors`: target the actor merged away; payload `{"into": id}`.
- `split_actor`: target an actor; payload `{"new_id", "new_name", "documents": [keys]}`: that
  actor's claims in those documents belong to the new actor.
- `edit_event`: target a fact key of any source of the event; payload `{"field", "value"}`.
- `confirm_relation`: target `subject|type|object`; payload `{"type", "subject", "object",
  "kind", "note"}`: the analyst vouches for the edge (it shows even with no claim).
- `withdraw`: target a correction id; that correction no longer applies.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from orbat.errors import Code, OrbatError

KINDS = ("reject_fact", "merge_actors", "split_actor", "edit_event", "confirm_relation", "withdraw")
EVENT_FIELDS = {"type": str, "sub_type": str, "date": str, "date_precision": str, "fatalities": int,
                "wounded": int, "actor1": str, "actor2": str, "place_name": str, "lat": float, "lon": float,
                "admin1": str, "precision": int, "plover": str}
FACT_LETTERS = {"r": "relation", "e": "event", "c": "control"}


def fact_keys(doc_key: str, letter: str, signatures: Sequence[Sequence[Any]]) -> list[str]:
    """Fact keys for one document's claims of one kind, in the order given.

    The hash covers what the claim says and its sentence, not ids or offsets, so a
    re-extraction that finds the same fact gives the same key; a repeated signature in one
    document gets `-2`, `-3`, ... in order.
    """
    seen: Counter[str] = Counter()
    out = []
    for sig in signatures:
        h = hashlib.sha1("\x1f".join("" if x is None else str(x) for x in sig).encode()).hexdigest()[:10]
        seen[h] += 1
        out.append(f"{doc_key}#{letter}{h}" + (f"-{seen[h]}" if seen[h] > 1 else ""))
    return out


def relation_sig(r: Any) -> tuple[Any, ...]:
    return (r["type"], r["subject"], r["object"], r["segment"], r["sentence"])


def event_sig(e: Any) -> tuple[Any, ...]:
    return (e["type"], e["segment"], e["sentence"])


def control_sig(c: Any) -> tuple[Any, ...]:
    return (c["actor"], c["place_name"], c["segment"], c["sentence"])


def parse_fact_key(key: str) -> tuple[str, str]:
    """(document key, kind letter) of a fact key, or E070."""
    doc, sep, rest = key.rpartition("#")
    if not sep or not doc or not rest or rest[0] not in FACT_LETTERS:
        raise OrbatError(Code.E070, key=key)
    return doc, rest[0]


@dataclass
class Split:
    actor: str
    new_id: str
    documents: frozenset[str]


@dataclass
class Corrections:
    """The corrections in force (withdrawn ones removed), ready to apply."""

    records: list[dict[str, Any]] = field(default_factory=list)
    rejected: set[str] = field(default_factory=set)
    merges: dict[str, str] = field(default_factory=dict)
    splits: list[Split] = field(default_factory=list)
    edits: dict[str, dict[str, Any]] = field(default_factory=dict)
    confirmed: list[dict[str, Any]] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_records(cls, records: Iterable[dict[str, Any]]) -> Corrections:
        recs = list(records)
        withdrawn = {str(r["target"]) for r in recs if r["kind"] == "withdraw"}
        live = [r for r in recs if str(r["id"]) not in withdrawn and r["kind"] != "withdraw"]
        c = cls(records=recs)
        for r in live:
            kind, target, p = r["kind"], r["target"], r.get("payload") or {}
            if kind == "reject_fact":
                c.rejected.add(target)
            elif kind == "merge_actors":
                c.merges[target] = p["into"]
            elif kind == "split_actor":
                c.splits.append(Split(target, p["new_id"], frozenset(p.get("documents") or [])))
                if p.get("new_name"):
                    c.names[p["new_id"]] = p["new_name"]
            elif kind == "edit_event":
                c.edits.setdefault(target, {})[p["field"]] = p["value"]
            elif kind == "confirm_relation":
                c.confirmed.append({**p, "who": r.get("who"), "when": r.get("created_at"), "correction": r["id"]})
        return c

    @classmethod
    def load(cls, store: Any) -> Corrections:
        return cls.from_records(store.corrections())

    def canonical(self, actor: str | None) -> str | None:
        """Follow merges to the surviving id (a chain a→b→c ends at c; a cycle stops)."""
        seen = set()
        while actor in self.merges and actor not in seen:
            seen.add(actor)
            actor = self.merges[actor]
        return actor

    def actor(self, actor: str | None, doc_key: str | None = None) -> str | None:
        """The actor a claim's actor id stands for once splits and merges apply."""
        if actor is None:
            return None
        for s in self.splits:
            if s.actor == actor and doc_key in s.documents:
                actor = s.new_id
        return self.canonical(actor)

    def touches_actors(self) -> set[str]:
        out = set(self.merges) | set(self.merges.values())
        for s in self.splits:
            out |= {s.actor, s.new_id}
        return out

    def is_rejected(self, key: str) -> bool:
        return key in self.rejected


def coerce_event_value(name: str, value: Any) -> Any:
    """An edited event field's value with the field's type (E071 for an unknown field)."""
    if name not in EVENT_FIELDS:
        raise OrbatError(Code.E071, what=f"event field {name!r}", why=f"editable fields are {sorted(EVENT_FIELDS)}")
    if value is None or value == "":
        return None
    try:
        return EVENT_FIELDS[name](value)
    except (TypeError, ValueError) as e:
        raise OrbatError(Code.E071, what=f"event field {name!r}", why=f"{value!r} is not a {EVENT_FIELDS[name].__name__}") from e


# -- recording corrections (validated; the store does the writing) ---------------------------------


def _actor_exists(store: Any, actor: str) -> None:
    """An actor of the store or of the knowledge base (E021 otherwise)."""
    from orbat.fuse.facts import actor_kb

    if store.actors(actor=actor):
        return
    kb = actor_kb()
    if kb is None or kb.get(actor) is None:
        raise OrbatError(Code.E021, actor=actor)


def _fact_exists(store: Any, key: str) -> str:
    """The kind letter of an existing fact key (E070 when no stored claim has it)."""
    from orbat.fuse.facts import document_fact_keys

    doc, letter = parse_fact_key(key)
    try:
        keys = document_fact_keys(store, doc, letter)
    except OrbatError as e:
        raise OrbatError(Code.E070, key=key) from e
    if key not in keys:
        raise OrbatError(Code.E070, key=key)
    return letter


def reject_fact(store: Any, key: str, who: str | None = None, reason: str | None = None) -> int:
    _fact_exists(store, key)
    return store.add_correction("reject_fact", key, {"reason": reason}, who=who)


def merge_actors(store: Any, source: str, into: str, who: str | None = None) -> int:
    if source == into:
        raise OrbatError(Code.E071, what="a merge", why="an actor cannot be merged into itself")
    _actor_exists(store, source)
    _actor_exists(store, into)
    return store.add_correction("merge_actors", source, {"into": into}, who=who)


def split_actor(store: Any, actor: str, new_id: str, documents: Sequence[str], new_name: str | None = None,
                who: str | None = None) -> int:
    _actor_exists(store, actor)
    if not documents:
        raise OrbatError(Code.E071, what="a split", why="name the documents whose mentions belong to the new actor")
    for d in documents:
        store.document(d)  # E031 for an unknown document
    return store.add_correction("split_actor", actor, {"new_id": new_id, "new_name": new_name or new_id,
                                                       "documents": list(documents)}, who=who)


def edit_event(store: Any, key: str, name: str, value: Any, who: str | None = None) -> int:
    value = coerce_event_value(name, value)
    if _fact_exists(store, key) != "e":
        raise OrbatError(Code.E071, what=key, why="only event facts have editable fields")
    return store.add_correction("edit_event", key, {"field": name, "value": value}, who=who)


def confirm_relation(store: Any, subject: str, type: str, object: str, who: str | None = None,
                     kind: str | None = None, note: str | None = None) -> int:
    _actor_exists(store, subject)
    _actor_exists(store, object)
    return store.add_correction("confirm_relation", f"{subject}|{type}|{object}",
                                {"type": type, "subject": subject, "object": object, "kind": kind, "note": note},
                                who=who)


def withdraw(store: Any, correction_id: int, who: str | None = None) -> int:
    if not any(r["id"] == correction_id for r in store.corrections()):
        raise OrbatError(Code.E071, what=f"correction {correction_id}", why="no such correction")
    return store.add_correction("withdraw", str(correction_id), {}, who=who)
