"""Findings as FORMAT.md prediction objects: what `orbat extract` writes, one per document."""

from __future__ import annotations

from typing import Any

from orbat.model import Findings, RelationClaim
from orbat.read import document_dict

SYMMETRIC = {"ally_of", "fights"}


def _speaker_key(speaker: str) -> str:
    """One claim per speaker: `quoted:the Syrian Observatory` and `quoted:Syrian Observatory` are one."""
    kind, _, source = speaker.partition(":")
    source = source.lower().strip()
    if source.startswith("the "):
        source = source[4:]
    return f"{kind}:{source}"


HOSTILE_EVENTS = {"Battles", "Explosions/Remote violence"}
NON_PARTIES = {"civilians"}


def event_relations(f: Findings) -> list[RelationClaim]:
    """A battle or a strike between two actors states that they fight (GUIDELINES: fights from
    attacks, airstrikes and battles between actors), with the event's evidence and speaker."""
    out: list[RelationClaim] = []
    for e in f.events:
        if e.type not in HOSTILE_EVENTS or not e.actor1 or not e.actor2 or e.actor1 == e.actor2:
            continue
        if e.actor1 in NON_PARTIES or e.actor2 in NON_PARTIES:
            continue
        if e.speaker.startswith("quoted:"):
            continue  # a reported battle is evidence of the event; the relation needs the writer's voice
        out.append(RelationClaim("fights", e.actor1, e.actor2, e.evidence))
    return out


def relation_dicts(f: Findings) -> list[dict[str, Any]]:
    """Relations as prediction objects; the same claim by the same speaker collapses, as the guidelines
    count them (symmetric types in either order), keeping the first statement's flags and evidence."""
    rels: dict[tuple, dict] = {}
    stated = set()
    extracted = {id(r) for r in f.relations}
    for r in [*f.relations, *event_relations(f)]:
        ev = r.evidence
        s, o = r.subject, r.object
        if r.type in SYMMETRIC:
            s, o = sorted((s, o))
        key = (r.type, s, o, ev.negated, _speaker_key(ev.speaker))
        if key in rels:
            continue
        if id(r) not in extracted and (r.type, s, o, ev.negated) in stated:
            continue  # a pair already known to fight gains nothing from each further battle report
        stated.add((r.type, s, o, ev.negated))
        rels[key] = {"type": r.type, "subject": r.subject, "object": r.object, "negated": ev.negated,
                     "hedged": ev.hedged, "speaker": ev.speaker, "evidence": ev.sentence}
        if r.kind:
            rels[key]["kind"] = r.kind
    return list(rels.values())


def prediction(f: Findings) -> dict[str, Any]:
    """One prediction line (FORMAT.md)."""
    events = []
    for e in f.events:
        p = e.place
        events.append({
            "type": e.type, "sub_type": e.sub_type, "actor1": e.actor1, "actor2": e.actor2, "assoc": e.assoc,
            "location": p.name if p else None, "lat": p.lat if p else None, "lon": p.lon if p else None,
            "admin1": p.admin1 if p else None, "date": e.date, "date_precision": e.date_precision,
            "geo_precision": p.precision if p else None,
            "fatalities": e.fatalities, "wounded": e.wounded, "killed_leader": e.killed_leader,
            "quantities": e.quantities, "plover": e.plover, "speaker": e.speaker, "hedged": e.evidence.hedged,
            "evidence": e.evidence.sentence,
        })
    control: dict[tuple, dict] = {}
    for c in f.control:
        control.setdefault((c.actor, c.place.name), {"actor": c.actor, "place": c.place.name, "as_of": c.as_of,
                                                      "lat": c.place.lat, "lon": c.place.lon,
                                                      "admin1": c.place.admin1, "speaker": c.speaker,
                                                      "evidence": c.evidence.sentence})
    return {
        "doc_id": f.document.key,
        "actors": [{"id": a.id, "name": a.name, "type": a.type, "surface": a.surfaces} for a in f.actors],
        "relations": relation_dicts(f),
        "events": events,
        "control": list(control.values()),
        "document": document_dict(f.document),
    }
