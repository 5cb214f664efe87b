"""Read queries the API needs beyond the `Store` methods, written against the store's tables.

Kept apart from the endpoints so the SQL is in one place; each returns the same dict shapes as
`Store` (it reuses the store's own row shaping) so the dashboard sees one format. These are
candidates to move into `Store` itself: an event type filter, one event by id, a monthly
histogram and the date range are all one indexed query each, which matters at 10^5 events.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from orbat.store.repository import Store
from orbat.store.schema import T

EVENTS = T["event_claims"]
EVENT_ACTORS = T["event_actors"]
DOCS = T["documents"]
ACTORS = T["actors"]
ALIASES = T["actor_aliases"]
DOC_ACTORS = T["document_actors"]
RELATIONS = T["relation_claims"]
CONTROL = T["control_claims"]


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def event_filters(*, as_of: date | None = None, start: date | None = None, end: date | None = None,
                  actor: str | None = None, type: str | None = None, sub_type: str | None = None,
                  bbox: tuple[float, float, float, float] | None = None) -> list[Any]:
    """WHERE clauses with the meaning of `Store.events` (undated events drop out of date
    filters, actor in any role, bbox in GeoJSON order) plus event type and sub-type."""
    where: list[Any] = []
    if as_of is not None:
        where.append(EVENTS.c.date <= _iso(as_of))
    if start is not None:
        where.append(EVENTS.c.date >= _iso(start))
    if end is not None:
        where.append(EVENTS.c.date <= _iso(end))
    if actor is not None:
        where.append(EVENTS.c.id.in_(select(EVENT_ACTORS.c.event_id).where(EVENT_ACTORS.c.actor_id == actor)))
    if type is not None:
        where.append(EVENTS.c.type == type)
    if sub_type is not None:
        where.append(EVENTS.c.sub_type == sub_type)
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = bbox
        where += [EVENTS.c.lon >= min_lon, EVENTS.c.lon <= max_lon, EVENTS.c.lat >= min_lat, EVENTS.c.lat <= max_lat]
    return where


def events(store: Store, *, limit: int, offset: int = 0, **filters: Any) -> list[dict[str, Any]]:
    """One page of events, ordered by (date, id): with a date filter that is the date index's
    own order, so a page is read straight off the index instead of sorting every match."""
    dated = any(filters.get(k) is not None for k in ("start", "end", "as_of"))
    order = (EVENTS.c.date, EVENTS.c.id) if dated else (EVENTS.c.date.nulls_last(), EVENTS.c.id)
    # The page's ids first, from a narrow query (when it must sort, say all of an actor's events,
    # it sorts ids and dates, not rows with their evidence and documents), then those rows.
    page = select(EVENTS.c.id).where(*event_filters(**filters)).order_by(*order).limit(limit).offset(offset or None)
    with store.engine.connect() as conn:
        ids = [r[0] for r in conn.execute(page)]
    if not ids:
        return []
    return store._events(EVENTS.c.id.in_(ids), order=order)  # noqa: SLF001 - the same shapes as Store.events


def event(store: Store, event_id: int) -> dict[str, Any] | None:
    found = store._events(EVENTS.c.id == event_id, limit=1)  # noqa: SLF001
    return found[0] if found else None


def timeline(store: Store, **filters: Any) -> list[dict[str, Any]]:
    """Events per month (count and reported fatalities): the timeline in one aggregate query."""
    month = func.substr(EVENTS.c.date, 1, 7)
    stmt = (select(month.label("month"), func.count().label("events"),
                   func.coalesce(func.sum(EVENTS.c.fatalities), 0).label("fatalities"))
            .where(EVENTS.c.date.is_not(None), *event_filters(**filters)).group_by(month).order_by(month))
    with store.engine.connect() as conn:
        return [{"month": m, "events": int(n), "fatalities": int(f)} for m, n, f in conn.execute(stmt)]


def date_range(store: Store) -> dict[str, str | None]:
    """First and last dates anything happened or was published: the bounds of the date slider."""
    with store.engine.connect() as conn:
        e0, e1 = conn.execute(select(func.min(EVENTS.c.date), func.max(EVENTS.c.date))).one()
        d0, d1 = conn.execute(select(func.min(DOCS.c.published), func.max(DOCS.c.published))).one()
    lo = [x for x in (e0, d0) if x]
    hi = [x for x in (e1, d1) if x]
    return {"start": min(lo)[:10] if lo else None, "end": max(hi)[:10] if hi else None}


def actor_index(store: Store) -> list[dict[str, Any]]:
    """Id, name and type of every actor: what a graph needs, without counting mentions."""
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(ACTORS.c.id, ACTORS.c.name, ACTORS.c.type))]


def search_actors(store: Store, q: str, limit: int, actors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Actors whose id, name, knowledge alias or a surface seen in documents contains `q`
    (case-insensitive), best matches first: exact, then prefix, then anywhere."""
    needle = q.strip().lower()
    if not needle:
        return []
    like = f"%{_escape_like(needle)}%"
    ids: dict[str, str] = {}
    with store.engine.connect() as conn:
        for aid, name in conn.execute(select(ACTORS.c.id, ACTORS.c.name).where(
                (func.lower(ACTORS.c.name).like(like, escape="\\")) | (func.lower(ACTORS.c.id).like(like, escape="\\")))):
            ids.setdefault(aid, name)
        for aid, alias in conn.execute(select(ALIASES.c.actor_id, ALIASES.c.alias)
                                       .where(func.lower(ALIASES.c.alias).like(like, escape="\\")).limit(500)):
            ids.setdefault(aid, alias)
        rows = {r.id: dict(r._mapping) for r in conn.execute(select(ACTORS).where(ACTORS.c.id.in_(list(ids) or [""])))}
    # Surfaces seen in documents: matched in Python over the (cached) actors list, which is
    # small next to the facts.
    for a in actors:
        if a["id"] not in ids:
            hit = next((s for s in a["aliases"] if needle in s.lower()), None)
            if hit:
                ids[a["id"]] = hit
                rows[a["id"]] = a

    def rank(aid: str) -> tuple[int, str]:
        m = ids[aid].lower()
        return (0 if m == needle else 1 if m.startswith(needle) else 2, aid)

    out = []
    for aid in sorted(ids, key=rank)[:limit]:
        r = rows.get(aid)
        if r is None:
            continue
        out.append({"id": aid, "name": r["name"], "type": r["type"], "matched": ids[aid]})
    return out


def _escape_like(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def latest_events(store: Store, actor: str, n: int) -> tuple[list[dict[str, Any]], int]:
    """An actor's `n` most recent dated events (oldest first) and how many it has in all.

    The count and the ids come from narrow indexed queries (event_actors by actor, the date
    index from the newest), and only those `n` rows are read with their evidence."""
    mine = select(EVENT_ACTORS.c.event_id).where(EVENT_ACTORS.c.actor_id == actor)
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count(func.distinct(EVENT_ACTORS.c.event_id)))
                             .where(EVENT_ACTORS.c.actor_id == actor)).scalar_one()
        # `id + 0`: membership is checked per entry while walking the date index from the newest
        # (n entries for an actor in most events, one pass of an index for a rare one), where a
        # plain `id IN` makes SQLite fetch and sort every event of a prominent actor.
        newest = (select(EVENTS.c.id).where((EVENTS.c.id + 0).in_(mine), EVENTS.c.date.is_not(None))
                  .order_by(EVENTS.c.date.desc(), EVENTS.c.id.desc()).limit(n))
        ids = [r[0] for r in conn.execute(newest)]
    if not ids:
        return [], int(total)
    return store._events(EVENTS.c.id.in_(ids), order=(EVENTS.c.date, EVENTS.c.id)), int(total)  # noqa: SLF001


def latest_control(store: Store, as_of: date | None) -> list[dict[str, Any]]:
    """For each place, the control claims of the latest date on or before `as_of` (asserted
    ones only): who holds what on the map, without loading every claim ever made."""
    place = func.coalesce(CONTROL.c.place_id, func.lower(CONTROL.c.place_name))
    where = [CONTROL.c.negated.is_(False), CONTROL.c.as_of.is_not(None)]
    if as_of is not None:
        where.append(CONTROL.c.as_of <= _iso(as_of))
    last = select(place.label("place"), func.max(CONTROL.c.as_of).label("as_of")).where(*where).group_by(place).subquery()
    ids = (select(CONTROL.c.id).join(last, (place == last.c.place) & (CONTROL.c.as_of == last.c.as_of))
           .where(*where))
    return store._control(CONTROL.c.id.in_(ids))  # noqa: SLF001


def store_version(store: Store) -> tuple[Any, ...]:
    """A cheap fingerprint of the facts: changes whenever a document is added, re-extracted or
    removed, or a correction is made. Caches of whole-store answers are keyed on it, so each
    API process notices writes made by any other process (a batch run, another server)."""
    with store.engine.connect() as conn:
        docs = conn.execute(select(func.count(), func.max(DOCS.c.id), func.max(DOCS.c.extracted_at))
                            .select_from(DOCS)).one()
        corr = conn.execute(select(func.count(), func.max(T["corrections"].c.id))).one()
    return (*docs, *corr)


def _status(sources: int, denied: int, confirmed: bool) -> str:
    """contested (one voice asserts, another denies), asserted (or confirmed by an analyst), denied."""
    return "contested" if sources > 0 and denied > 0 else ("asserted" if sources or confirmed else "denied")


def _edge_fields(e: dict[str, Any]) -> dict[str, Any]:
    """What every dashboard view of a picture edge (orbat.fuse.relations) shows: `sources` and
    `denied_by` are the independent voices asserting and denying it, `status` says which win."""
    sources, denied = int(e["asserting_outlets"]), int(e["denying_outlets"])
    return {
        "id": f"{e['type']}:{e['source']}:{e['target']}", "type": e["type"], "symmetric": e["symmetric"],
        "weight": e["weight"], "sources": sources, "denied_by": denied, "asserted": e["asserted"],
        "negated": e["negated"], "status": _status(sources, denied, e["confirmed"]),
        "contradiction": sources > 0 and denied > 0, "confirmed": e["confirmed"],
        "first_seen": e["first_seen"], "last_seen": e["last_seen"],
    }


def _dashboard_edge(e: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """A picture edge as a row of the relations list: its ends with their names, and its claims' kinds."""
    s, o = e["source"], e["target"]
    return {**_edge_fields(e), "subject": s, "object": o, "subject_name": names.get(s, s),
            "object_name": names.get(o, o), "kinds": e["kinds"], "documents": e["documents"],
            "hedged": e["hedged"], "claims": []}


def _keep(r: dict[str, Any], min_sources: int, contradictions_only: bool) -> bool:
    """`min_sources` counts the larger side, so a well-sourced denial stays; confirmed edges stay."""
    if contradictions_only and not r["contradiction"]:
        return False
    return max(r["sources"], r["denied_by"]) >= min_sources or r["confirmed"]


def _strongest(r: dict[str, Any]) -> tuple[int, str, str, str]:
    return (-(r["sources"] + r["denied_by"]), r["type"], r["subject"], r["object"])


def relations(store: Store, *, as_of: str | None, names: dict[str, str], actor: str | None = None,
              type: str | None = None, min_sources: int = 1, contradictions_only: bool = False) -> list[dict[str, Any]]:
    """Relations per (type, subject, object) as of a date, from the picture's relation history
    (`orbat.fuse.relations.relation_edges`, corrections applied), strongest first."""
    from orbat.fuse.relations import relation_edges

    rows = [_dashboard_edge(e, names) for e in relation_edges(store, as_of=as_of, actor=actor, type=type,
                                                               refresh=False)]
    return sorted((r for r in rows if _keep(r, min_sources, contradictions_only)), key=_strongest)


def network(store: Store, *, as_of: str | None, min_sources: int = 1) -> dict[str, Any]:
    """The picture's network as of a date (`orbat.fuse.network.network`, without the knowledge
    base's background edges) with the dashboard's edge fields; nodes are the actors on a kept edge."""
    from orbat.fuse.network import network as picture_network

    net = picture_network(store, as_of, background=False, refresh=False)
    # the graph's edge fields only: this runs per slider step
    edges = [r for r in ({**_edge_fields(e), "source": e["source"], "target": e["target"]} for e in net["edges"])
             if _keep(r, min_sources, contradictions_only=False)]
    edges.sort(key=lambda r: (-(r["sources"] + r["denied_by"]), r["type"], r["source"], r["target"]))
    degree: dict[str, int] = {}
    for e in edges:
        for end in (e["source"], e["target"]):
            degree[end] = degree.get(end, 0) + 1
    nodes = [{**n, "degree": degree[n["id"]]} for n in net["nodes"] if n["id"] in degree]
    return {"as_of": as_of, "nodes": nodes, "edges": edges}


def relation_claims(store: Store, *, type: str, subject: str, object: str, as_of: date | None = None,
                    limit: int = 100) -> list[dict[str, Any]]:
    """The claims behind one relation (both directions for a symmetric type), with evidence."""
    from orbat.fuse.rules import load_rules

    pair = (RELATIONS.c.subject == subject) & (RELATIONS.c.object == object)
    if type in load_rules().symmetric:
        pair = pair | ((RELATIONS.c.subject == object) & (RELATIONS.c.object == subject))
    where = [RELATIONS.c.type == type, pair]
    if as_of is not None:
        where.append(DOCS.c.published <= _iso(as_of))
    return store._relations(*where, limit=limit)  # noqa: SLF001


def event_points(store: Store, *, limit: int, **filters: Any) -> dict[str, Any]:
    """The newest `limit` located events matching the filters as GeoJSON points, built straight
    from a narrow query (no evidence text, no JSON columns): what the map draws, at 10^5 events."""
    cols = (EVENTS.c.id, EVENTS.c.type, EVENTS.c.sub_type, EVENTS.c.date, EVENTS.c.fatalities, EVENTS.c.place_name,
            EVENTS.c.lat, EVENTS.c.lon, EVENTS.c.actor1, EVENTS.c.actor2, EVENTS.c.negated, EVENTS.c.hedged)
    stmt = (select(*cols).where(EVENTS.c.lat.is_not(None), EVENTS.c.lon.is_not(None), *event_filters(**filters))
            .order_by(EVENTS.c.date.desc(), EVENTS.c.id.desc()).limit(limit))
    with store.engine.connect() as conn:
        rows = conn.execute(stmt).all()
    features = [{
        "type": "Feature", "id": r.id,
        "geometry": {"type": "Point", "coordinates": [r.lon, r.lat]},
        "properties": {"id": r.id, "type": r.type, "sub_type": r.sub_type, "date": r.date, "fatalities": r.fatalities,
                       "place": r.place_name, "actor1": r.actor1, "actor2": r.actor2, "negated": bool(r.negated),
                       "hedged": bool(r.hedged)},
    } for r in reversed(rows)]
    # Counting every match would cost as much as the query itself: say only whether it was cut.
    return {"type": "FeatureCollection", "features": features, "truncated": len(rows) == limit}
