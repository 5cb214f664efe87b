"""Control over time, per place: who held it, from when, on whose word, and when it changed.

A control claim says an actor holds a place as of a date (the document's date when the claim
has none). Per place, claims in date order make periods: a new period starts when another
actor is said to hold it; a period lists the claims behind it (document, outlet, speaker) and
any source that denies the holder; two actors claimed on one day make it contested.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from typing import Any, NamedTuple

from sqlalchemy import func, or_, select

from orbat.fuse.corrections import Corrections, control_sig, fact_keys
from orbat.fuse.events import place_key
from orbat.store.schema import T

DOCS = T["documents"]
CONTROL = T["control_claims"]
CORRECTIONS = T["corrections"]


def _claims(store: Any, corr: Corrections, as_of: str | None, start: str | None,
            bbox: tuple[float, float, float, float] | None, place: str | None,
            actor: str | None = None) -> list[dict[str, Any]]:
    day = func.coalesce(CONTROL.c.as_of, DOCS.c.published)
    q = (select(CONTROL, DOCS.c.key.label("doc_key"), DOCS.c.published, DOCS.c.outlet, day.label("day"))
         .join(DOCS, DOCS.c.id == CONTROL.c.document_id))
    if as_of:
        q = q.where(day <= as_of)
    if start:
        q = q.where(day >= start)
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = bbox
        q = q.where(CONTROL.c.lat >= min_lat, CONTROL.c.lat <= max_lat, CONTROL.c.lon >= min_lon,
                    CONTROL.c.lon <= max_lon)
    if place is not None:
        q = q.where(or_(CONTROL.c.place_id == place, func.lower(CONTROL.c.place_name) == place.lower()))
    if actor is not None:  # every claim about the places this actor was ever said to hold
        ids = sorted({actor} | {a for a in corr.merges if corr.canonical(a) == actor} |
                     {s.actor for s in corr.splits if corr.canonical(s.new_id) == actor})
        mine = select(CONTROL.c.place_id, CONTROL.c.place_name).where(CONTROL.c.actor.in_(ids)).distinct()
        with store.engine.connect() as conn:
            got = conn.execute(mine).all()
        pids = sorted({p for p, _ in got if p})
        names = sorted({n for p, n in got if not p and n})
        q = q.where(or_(CONTROL.c.place_id.in_(pids), CONTROL.c.place_name.in_(names)))
    with store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(q.order_by(CONTROL.c.document_id, CONTROL.c.id))]
        # Fact keys rank a claim among its whole document's control claims.
        docs = sorted({r["document_id"] for r in rows})
        keys: dict[int, str] = {}
        for i in range(0, len(docs), 500):
            allq = (select(CONTROL.c.id, CONTROL.c.document_id, CONTROL.c.actor, CONTROL.c.place_name,
                           CONTROL.c.segment, CONTROL.c.sentence, DOCS.c.key.label("doc_key"))
                    .join(DOCS, DOCS.c.id == CONTROL.c.document_id)
                    .where(CONTROL.c.document_id.in_(docs[i:i + 500])).order_by(CONTROL.c.document_id, CONTROL.c.id))
            every = [dict(x._mapping) for x in conn.execute(allq)]
            j = 0
            while j < len(every):
                k = j
                while k < len(every) and every[k]["document_id"] == every[j]["document_id"]:
                    k += 1
                block = every[j:k]
                for b, key in zip(block, fact_keys(block[0]["doc_key"], "c", [control_sig(x) for x in block]),
                                  strict=True):
                    keys[b["id"]] = key
                j = k
    out = []
    for r in rows:
        key = keys[r["id"]]
        if key in corr.rejected:
            continue
        r["fact"] = key
        r["actor"] = corr.actor(r["actor"], r["doc_key"])
        out.append(r)
    return out


def _source(r: dict[str, Any]) -> dict[str, Any]:
    return {"fact": r["fact"], "date": r["day"], "document": r["doc_key"], "published": r["published"],
            "outlet": r["outlet"], "speaker": r["speaker"], "hedged": bool(r["hedged"]),
            "negated": bool(r["negated"]), "sentence": r["sentence"]}


def timelines(store: Any, *, place: str | None = None, as_of: str | None = None, start: str | None = None,
              bbox: tuple[float, float, float, float] | None = None, actor: str | None = None,
              corrections: Corrections | None = None) -> list[dict[str, Any]]:
    """One timeline per place: periods of control with their sources, changes, and the holder
    as of the last date considered. `actor` keeps places that actor held at some point."""
    corr = corrections if corrections is not None else Corrections.load(store)
    claims = _claims(store, corr, as_of, start, bbox, place, actor)
    by_place: dict[str, list[dict[str, Any]]] = {}
    for r in claims:
        k = place_key(r["place_id"], r["place_name"])
        if k is not None:
            by_place.setdefault(k, []).append(r)
    out = []
    for rows in by_place.values():
        rows.sort(key=lambda r: (r["day"] or "9999", r["id"]))
        periods: list[dict[str, Any]] = []
        for r in rows:
            if r["negated"]:
                continue
            cur = periods[-1] if periods else None
            if cur is None or cur["actor"] != r["actor"]:
                if cur is not None:
                    cur["until"] = r["day"]
                    if cur["last_seen"] == r["day"]:
                        cur["contested"] = True
                periods.append({"actor": r["actor"], "from": r["day"], "until": None, "last_seen": r["day"],
                                "sources": [], "denied_by": [], "contested": bool(cur and cur["last_seen"] == r["day"])})
            periods[-1]["sources"].append(_source(r))
            periods[-1]["last_seen"] = r["day"]
        for r in rows:  # a denial counts against the holder of the period it falls in
            if not r["negated"]:
                continue
            for p in periods:
                if p["actor"] == r["actor"] and (p["from"] or "") <= (r["day"] or "") and \
                        (p["until"] is None or (r["day"] or "") < p["until"]):
                    p["denied_by"].append(_source(r))
        if actor is not None and not any(p["actor"] == actor for p in periods) and \
                not any(r["actor"] == actor for r in rows):
            continue
        first = rows[0]
        changes = [{"date": b["from"], "from_actor": a["actor"], "to_actor": b["actor"], "source": b["sources"][0]}
                   for a, b in zip(periods, periods[1:], strict=False)]
        holder = periods[-1] if periods else None
        out.append({"place": first["place_name"], "place_id": first["place_id"], "lat": first["lat"],
                    "lon": first["lon"], "admin1": first["admin1"], "holder": holder["actor"] if holder else None,
                    "since": holder["from"] if holder else None,
                    "disputed": bool(holder and (holder["denied_by"] or holder["contested"])),
                    "periods": periods, "changes": changes,
                    "denials": [_source(r) | {"actor": r["actor"]} for r in rows if r["negated"]]})
    out.sort(key=lambda t: (t["place"] or "", t["place_id"] or ""))
    return out


class _Light(NamedTuple):
    """A control claim as holdings need it: no sentence, no fact key, its actor as corrections map it."""

    id: int
    day: str | None
    actor: str | None
    negated: bool
    key: str
    outlet: str | None
    speaker: str
    place_name: str | None
    place_id: str | None
    lat: float | None
    lon: float | None
    admin1: str | None


_LIGHT = (CONTROL.c.id, CONTROL.c.place_id, CONTROL.c.place_name, CONTROL.c.lat, CONTROL.c.lon, CONTROL.c.admin1,
          CONTROL.c.actor, CONTROL.c.negated, CONTROL.c.speaker, DOCS.c.key, DOCS.c.outlet)


def _light(r: Any, day: str | None, corr: Corrections) -> _Light:
    return _Light(r.id, day, corr.actor(r.actor, r.key), bool(r.negated), r.key, r.outlet, r.speaker, r.place_name,
                  r.place_id, r.lat, r.lon, r.admin1)


class _Places:
    """Every control claim, per place in (day, id) order, with the places each actor was ever
    said to hold or lose: holdings as of any date are then a bisection per place of that actor
    instead of a query and sort of every claim about them (a prominent actor's profile at 10^6
    events). Built once per state of the claims and corrections (see `_fingerprint`)."""

    def __init__(self, rows: list[_Light]) -> None:
        self.by_place: dict[str, list[_Light]] = {}
        self.of_actor: dict[str | None, set[str]] = {}
        for r in rows:
            k = place_key(r.place_id, r.place_name)
            if k is not None:
                self.by_place.setdefault(k, []).append(r)
                self.of_actor.setdefault(r.actor, set()).add(k)
        self.days: dict[str, list[str]] = {}
        for k, lst in self.by_place.items():
            lst.sort(key=lambda r: (r.day or "9999", r.id))
            self.days[k] = [r.day or "9999" for r in lst]

    def rows(self, as_of: str | None, actor: str | None) -> Iterator[list[_Light]]:
        keys = self.of_actor.get(actor, set()) if actor is not None else self.by_place.keys()
        for k in keys:
            lst = self.by_place[k]
            yield lst if as_of is None else lst[:bisect_right(self.days[k], as_of)]


_cache: dict[str, tuple[Any, _Places]] = {}


def _fingerprint(conn: Any) -> tuple[Any, ...]:
    """Changes whenever a document is added, re-extracted or removed, or a correction is made:
    the claims and their mapping can only change then."""
    docs = conn.execute(select(func.count(), func.max(DOCS.c.id), func.max(DOCS.c.extracted_at))
                        .select_from(DOCS)).one()
    corr = conn.execute(select(func.count(), func.max(CORRECTIONS.c.id))).one()
    return (*docs, *corr)


def _places(store: Any, corr: Corrections) -> _Places:
    from orbat.fuse.facts import rejected_ids

    url = store.engine.url.render_as_string(hide_password=True)
    with store.engine.connect() as conn:
        stamp = _fingerprint(conn)
        hit = _cache.get(url)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        rejected = rejected_ids(store, corr, "c")
        day = func.coalesce(CONTROL.c.as_of, DOCS.c.published)
        q = select(*_LIGHT, day.label("day")).join(DOCS, DOCS.c.id == CONTROL.c.document_id)
        index = _Places([_light(r, r.day, corr) for r in conn.execute(q) if r.id not in rejected])
    _cache[url] = (stamp, index)
    return index


def _holding(rows: list[_Light], actor: str | None) -> dict[str, Any] | None:
    """Who holds a place after these claims (in date order), on whose word; None when nobody
    does (or, with `actor`, when someone else does)."""
    held = [r for r in rows if not r.negated]
    if not held:
        return None
    holder = held[-1].actor
    if actor is not None and holder != actor:
        return None
    i = len(held) - 1
    while i > 0 and held[i - 1].actor == holder:
        i -= 1
    period = held[i:]
    since = period[0].day
    changes = sum(1 for x, y in zip(held, held[1:], strict=False) if x.actor != y.actor)
    contested = i > 0 and held[i - 1].day == since
    denied = any(r.negated and r.actor == holder and (r.day or "") >= (since or "") for r in rows)
    first = period[-1]
    return {"place": first.place_name, "place_id": first.place_id, "lat": first.lat, "lon": first.lon,
            "admin1": first.admin1, "actor": holder, "since": since, "last_seen": first.day,
            "sources": len(period), "outlets": sorted({r.outlet or r.key for r in period}),
            "speakers": sorted({r.speaker for r in period}), "disputed": bool(denied or contested),
            "changes": changes}


def control_as_of(store: Any, *, as_of: str | None = None, bbox: tuple[float, float, float, float] | None = None,
                  actor: str | None = None, start: str | None = None) -> list[dict[str, Any]]:
    """Who held each place on a date (the latest period starting on or before it), on whose word.

    The same periods as `timelines`, computed from light rows (no sentences, no fact keys).
    Without `bbox` and `start` (a profile's holdings, the map as of a date) the answer comes
    from every claim held in memory per place, rebuilt when documents or corrections change;
    with them, from the claims the window selects. Rejected claims are left out by id."""
    from orbat.fuse.facts import rejected_ids

    corr = Corrections.load(store)
    out: list[dict[str, Any]] = []
    if bbox is None and start is None:
        for rows in _places(store, corr).rows(as_of, actor):
            found = _holding(rows, actor)
            if found is not None:
                out.append(found)
        out.sort(key=lambda t: (t["place"] or "", t["place_id"] or ""))
        return out
    rejected = rejected_ids(store, corr, "c")
    day = func.coalesce(CONTROL.c.as_of, DOCS.c.published)
    q = select(*_LIGHT, day.label("day")).join(DOCS, DOCS.c.id == CONTROL.c.document_id)
    if as_of:
        q = q.where(day <= as_of)
    if start:
        q = q.where(day >= start)
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = bbox
        q = q.where(CONTROL.c.lat >= min_lat, CONTROL.c.lat <= max_lat, CONTROL.c.lon >= min_lon,
                    CONTROL.c.lon <= max_lon)
    if actor is not None:  # only places this actor was ever said to hold can be its holdings
        ids = sorted({actor} | {a for a in corr.merges if corr.canonical(a) == actor} |
                     {s.actor for s in corr.splits if corr.canonical(s.new_id) == actor})
        q = q.where(or_(CONTROL.c.place_id.in_(select(CONTROL.c.place_id).where(CONTROL.c.actor.in_(ids))),
                        CONTROL.c.place_name.in_(select(CONTROL.c.place_name).where(CONTROL.c.actor.in_(ids),
                                                                                     CONTROL.c.place_id.is_(None)))))
    by_place: dict[str, list[_Light]] = {}
    with store.engine.connect() as conn:
        for r in conn.execute(q):
            k = place_key(r.place_id, r.place_name)
            if k is not None and r.id not in rejected:
                by_place.setdefault(k, []).append(_light(r, r.day, corr))
    for rows in by_place.values():
        rows.sort(key=lambda r: (r.day or "9999", r.id))
        found = _holding(rows, actor)
        if found is not None:
            out.append(found)
    out.sort(key=lambda t: (t["place"] or "", t["place_id"] or ""))
    return out
