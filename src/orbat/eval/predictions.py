"""Findings as FORMAT.md prediction objects: what `orbat extract` writes, one per document."""

from __future__ import annotations

from typing import Any

from orbat.model import Document, Findings


def document_dict(doc: Document) -> dict[str, Any]:
    return {
        "title": doc.title,
        "author": doc.author,
        "published": doc.published,
        "body": doc.body,
        "comments": [{"id": c.id, "parent": c.parent, "author": c.author, "text": c.text} for c in doc.comments],
    }


def prediction(f: Findings) -> dict[str, Any]:
    """One prediction line; duplicate claims by the same speaker collapse, as the guidelines count them."""
    rels: dict[tuple, dict] = {}
    for r in f.relations:
        ev = r.evidence
        key = (r.type, r.subject, r.object, ev.negated, ev.speaker.split(":")[0])
        rels.setdefault(key, {"type": r.type, "subject": r.subject, "object": r.object, "negated": ev.negated,
                              "hedged": ev.hedged, "speaker": ev.speaker, "evidence": ev.sentence})
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
        "relations": list(rels.values()),
        "events": events,
        "control": list(control.values()),
        "document": document_dict(f.document),
    }
