"""Control over time, per place: who held it, from when, on whose word, and when it changed.

A control claim says an actor holds a place as of a date (the document's date when the claim
has none). Per place, claims in date order make periods: a new period starts when another
actor is said to hold it; a period lists the claims behind it (document, outlet, speaker) and
any source that denies the holder; two actors claimed on one day make it contested.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select

from orbat.fuse.corrections import Corrections, control_sig, fact_keys
from orbat.fuse.events import place_key
from orbat.store.schema import T

DOCS = T["documents"]
CONTROL = T["control_claims"]


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


def control_as_of(store: Any, *, as_of: str | None = None, bbox: tuple[float, float, float, float] | None = None,
                  actor: str | None = None, start: str | None = None) -> list[dict[str, Any]]:
    """Who held each place on a date (the latest period starting on or before it), on whose word.

    The same periods as `timelines`, computed from light rows (no sentences, no fact keys), so
    the holdings of a prominent actor come back quickly; rejected claims are left out by id."""
    from orbat.fuse.facts import rejected_ids

    corr = Corrections.load(store)
    rejected = rejected_ids(store, corr, "c")
    day = func.coalesce(CONTROL.c.as_of, DOCS.c.published)
    q = (select(CONTROL.c.id, CONTROL.c.place_id, CONTROL.c.place_name, CONTROL.c.lat, CONTROL.c.lon,
                CONTROL.c.admin1, CONTROL.c.actor, CONTROL.c.negated, CONTROL.c.speaker, CONTROL.c.document_id,
                DOCS.c.key, DOCS.c.outlet, day.label("day"))
         .join(DOCS, DOCS.c.id == CONTROL.c.document_id))
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
    by_place: dict[str, list[Any]] = {}
    with store.engine.connect() as conn:
        for r in conn.execute(q):
            k = place_key(r.place_id, r.place_name)
            if k is not None and r.id not in rejected:
                by_place.setdefault(k, []).append(r)
    out = []
    for rows in by_place.values():
        rows.sort(key=lambda r: (r.day or "9999", r.id))
        held = [(r, corr.actor(r.actor, r.key)) for r in rows if not r.negated]
        if not held:
            continue
        holder = held[-1][1]
        if actor is not None and holder != actor:
            continue
        i = len(held) - 1
        while i > 0 and held[i - 1][1] == holder:
            i -= 1
        period = held[i:]
        since = period[0][0].day
        changes = sum(1 for (_, x), (_, y) in zip(held, held[1:], strict=False) if x != y)
        contested = i > 0 and held[i - 1][0].day == since
        denied = any(r.negated and corr.actor(r.actor, r.key) == holder and (r.day or "") >= (since or "")
                     for r in rows)
        first = period[-1][0]
        out.append({"place": first.place_name, "place_id": first.place_id, "lat": first.lat, "lon": first.lon,
                    "admin1": first.admin1, "actor": holder, "since": since, "last_seen": period[-1][0].day,
                    "sources": len(period), "outlets": sorted({r.outlet or r.key for r, _ in period}),
                    "speakers": sorted({r.speaker for r, _ in period}), "disputed": bool(denied or contested),
                    "changes": changes})
    out.sort(key=lambda t: (t["place"] or "", t["place_id"] or ""))
    return out
