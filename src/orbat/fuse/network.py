"""The actor network as it was known and as it stood on a date: `network(store, as_of)`.

"As known": relation claims from documents published on or before the date, aggregated per
actor pair and type (see relations.py: weight = independent outlets asserting, evidence count,
documents, first and last seen, asserted and denied, hedged-only, contradiction). "As it
stood": background relations of the knowledge base valid on that date are added (marked
`background`), and every node carries the name the actor went by on that date, so a group that
renamed itself is one node under its name of the day.

A pure function over the store, returning plain data; the REST API and the CLI both call it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from orbat.fuse.corrections import Corrections
from orbat.fuse.facts import actor_kb, actor_rows, name_on
from orbat.fuse.relations import _pair, relation_edges
from orbat.fuse.rules import load_rules


def _background(as_of: str | None, corr: Corrections, known: set[str] | None) -> list[dict[str, Any]]:
    kb = actor_kb()
    if kb is None:
        return []
    symmetric = load_rules().symmetric
    out = []
    for a in kb.actors.values():
        for rel in a.background:
            start, until = rel.get("from"), rel.get("until")
            start = None if start is None else str(start)
            until = None if until is None else str(until)
            if as_of is not None and ((start and start[:len(as_of)] > as_of) or (until and until <= as_of)):
                continue
            s, o = corr.canonical(a.id), corr.canonical(str(rel.get("object")))
            if not s or not o or (known is not None and not ({s, o} & known)):
                continue
            s, o = _pair(s, o, rel["type"], symmetric)
            out.append({"source": s, "target": o, "type": rel["type"], "from": start, "until": until,
                        "note": rel.get("source")})
    return out


def network(store: Any, as_of: str | None = None, *, start: str | None = None, actor: str | None = None,
            type: str | None = None, background: bool = True, min_weight: int = 0,
            refresh: bool = True) -> dict[str, Any]:
    """`{"as_of", "nodes": [...], "edges": [...]}` (see the module docstring).

    Nodes: id, name (as of the date), type, country, degree. Edges: source, target, type,
    kinds, weight, evidence, documents, outlets, asserting/denying outlets, asserted, negated,
    hedged_only, contradiction, first_seen, last_seen, speakers, confirmed, background.
    `refresh` first takes in documents and corrections added since the last fusion run.
    """
    corr = Corrections.load(store)
    edges = relation_edges(store, as_of=as_of, start=start, actor=actor, type=type, corrections=corr,
                           refresh=refresh)
    if background:
        index = {(e["source"], e["target"], e["type"]): e for e in edges}
        for bg in _background(as_of, corr, None):
            if (type and bg["type"] != type) or (actor and actor not in (bg["source"], bg["target"])):
                continue
            e = index.get((bg["source"], bg["target"], bg["type"]))
            if e is None:
                e = {"source": bg["source"], "target": bg["target"], "type": bg["type"],
                     "symmetric": bg["type"] in load_rules().symmetric, "kinds": [], "weight": 0, "evidence": 0,
                     "documents": 0, "outlets": 0, "asserting_outlets": 0, "denying_outlets": 0, "asserted": 0,
                     "negated": 0, "hedged": 0, "hedged_only": False, "contradiction": False, "first_seen": bg["from"],
                     "last_seen": None, "first_asserted": None, "last_denied": None, "speakers": [],
                     "confirmed": False, "background": False}
                edges.append(e)
                index[(bg["source"], bg["target"], bg["type"])] = e
            e["background"] = True
            e["background_note"] = bg["note"]
            e["valid_from"], e["valid_until"] = bg["from"], bg["until"]
    if min_weight > 0:
        edges = [e for e in edges if e["weight"] >= min_weight or e["background"] or e["confirmed"]]
    sources = [e["source"] for e in edges]
    targets = [e["target"] for e in edges]
    degree = Counter(sources)
    degree.update(targets)
    ids = set(degree)
    if actor:
        ids.add(actor)
    stored = actor_rows(store, ids)
    first: dict[str, str] = {}  # each actor's earliest first-seen over its edges
    for e in edges:
        day = e["first_seen"]
        if day:
            for end in (e["source"], e["target"]):
                if end not in first or day < first[end]:
                    first[end] = day
    nodes = []
    for aid in sorted(ids):
        row = stored.get(aid) or {}
        kb = actor_kb()
        kba = kb.get(aid) if kb is not None else None
        nodes.append({"id": aid, "name": name_on(aid, as_of, row.get("name"), corr),
                      "type": row.get("type") or (kba.type if kba else "generic"),
                      "country": row.get("country") or (kba.country if kba else None),
                      "provisional": bool(row.get("provisional", False)),
                      "degree": degree.get(aid, 0), "first_seen": first.get(aid)})
    return {"as_of": as_of, "nodes": nodes, "edges": edges}


def actor_profile(store: Any, actor: str, as_of: str | None = None, *, events_limit: int = 50,
                  refresh: bool = True) -> dict[str, Any]:
    """One actor in the picture: name of the day, its edges (with counts and contradictions),
    how many fused events it is party to and the latest of them with their sources, and the
    places it holds. E021 for an unknown actor."""
    from sqlalchemy import func, select

    from orbat.errors import Code, OrbatError
    from orbat.fuse.control import control_as_of
    from orbat.fuse.events import ACTOR_DAYS, FUSED, _fused_dict, attach_sources, fuse_events

    if refresh:
        fuse_events(store)
    corr = Corrections.load(store)
    aid = corr.canonical(actor) or actor
    row = actor_rows(store, {aid}).get(aid)
    if row is None:
        raise OrbatError(Code.E021, actor=actor)
    edges = relation_edges(store, as_of=as_of, actor=aid, corrections=corr, refresh=False)
    hi = (as_of or "9999-99-99") + "~"
    with store.engine.connect() as conn:
        # Fusion keeps per-actor counts by day: a sum over at most a few hundred rows, where
        # counting a prominent actor's events would walk hundreds of thousands at 10^6.
        n_events = int(conn.execute(select(func.coalesce(func.sum(ACTOR_DAYS.c.events), 0)).where(
            ACTOR_DAYS.c.actor == aid, ACTOR_DAYS.c.day <= hi)).scalar_one())
        ids: list[tuple[str, int]] = []
        for col in (FUSED.c.actor1, FUSED.c.actor2):
            ids += [(r.date or "", r.id) for r in conn.execute(
                select(FUSED.c.id, FUSED.c.date).where(col == aid, FUSED.c.date <= hi)
                .order_by(FUSED.c.date.desc()).limit(events_limit))]
        top = [i for _, i in sorted(set(ids), reverse=True)[:events_limit]]
        rows = [dict(r._mapping) for r in conn.execute(select(FUSED).where(FUSED.c.id.in_(top)))]
        latest = sorted((_fused_dict(r) for r in rows), key=lambda e: (e["date"] or "", e["id"]), reverse=True)
        if latest:
            attach_sources(conn, latest)
    return {"id": aid, "name": name_on(aid, as_of, row["name"], corr), "type": row["type"],
            "country": row["country"], "as_of": as_of, "merged": sorted(a for a in corr.merges
                                                                        if corr.canonical(a) == aid),
            "edges": edges, "contradictions": [e for e in edges if e["contradiction"]],
            "events": n_events, "latest_events": latest,
            "holds": control_as_of(store, as_of=as_of, actor=aid)}
