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


def events(store: Store, *, limit: int, **filters: Any) -> list[dict[str, Any]]:
    return store._events(*event_filters(**filters), limit=limit)  # noqa: SLF001 - same shapes as Store.events


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

    Two indexed queries instead of loading every event of a busy actor: find the date of its
    n-th newest event, then fetch the events from that date on."""
    mine = EVENTS.c.id.in_(select(EVENT_ACTORS.c.event_id).where(EVENT_ACTORS.c.actor_id == actor))
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(EVENTS).where(mine)).scalar_one()
        cut = conn.execute(select(EVENTS.c.date).where(mine, EVENTS.c.date.is_not(None))
                           .order_by(EVENTS.c.date.desc()).offset(n - 1).limit(1)).scalar()
    where = [mine] if cut is None else [mine, EVENTS.c.date >= cut]
    return store._events(*where, limit=n * 4)[-n:], int(total)  # noqa: SLF001


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


def relation_rows(store: Store) -> list[dict[str, Any]]:
    """Every relation claim with just what the network fold needs (no evidence text): one pass
    to build `orbat.views.api_network.NetworkIndex`."""
    subj, obj = ACTORS.alias("subj"), ACTORS.alias("obj")
    stmt = (select(RELATIONS.c.type, RELATIONS.c.subject, RELATIONS.c.object, RELATIONS.c.negated,
                   RELATIONS.c.hedged, RELATIONS.c.speaker, RELATIONS.c.kind, DOCS.c.outlet,
                   DOCS.c.key.label("document"), DOCS.c.published.label("date"),
                   subj.c.name.label("subject_name"), obj.c.name.label("object_name"))
            .join(DOCS, DOCS.c.id == RELATIONS.c.document_id)
            .join(subj, subj.c.id == RELATIONS.c.subject).join(obj, obj.c.id == RELATIONS.c.object))
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(stmt)]


def relation_claims(store: Store, *, type: str, subject: str, object: str, as_of: date | None = None,
                    limit: int = 100) -> list[dict[str, Any]]:
    """The claims behind one relation (both directions for a symmetric type), with evidence."""
    from orbat.views.api_network import SYMMETRIC

    pair = (RELATIONS.c.subject == subject) & (RELATIONS.c.object == object)
    if type in SYMMETRIC:
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
