"""The relation history behind `network(as_of=...)`: per edge, cumulative aggregates by day.

Aggregating every claim at query time means sorting all of them (seconds at 10^5 claims on
SQLite). Instead fusion keeps, per edge (actor pair as corrections map it, and type), one row
per publication day with the aggregate up to the end of that day; the network as of a date
is then one indexed lookup per edge. Counts of distinct things (documents, outlets,
speakers) are exact because the rows are computed here, not summed.

The tables are derived data, maintained by fusion in the same run as the fused events:
`rebuild` from every claim, or `update` for the documents extracted and the corrections made
since the last run (only the edges those touch are recomputed, each from its own claims).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, and_, delete, func, or_, select

from orbat.fuse.corrections import Corrections
from orbat.fuse.rules import Rules
from orbat.store.schema import T

DOCS = T["documents"]
RELATIONS = T["relation_claims"]
EDGES = T["picture_edges"]
DAYS = T["picture_edge_days"]
EDGE_DOCS = T["picture_edge_documents"]
UNDATED = "9999-99-99"
_CHUNK = 500
# Bumped when what a history row counts changes; fusion then rebuilds the history (seconds).
# 2: asserting and denying sources are independent voices (see `voice`), not outlets.
VERSION = "2"
VERSION_KEY = "history_version"

_CLAIMS = (select(RELATIONS.c.id, RELATIONS.c.document_id, RELATIONS.c.type, RELATIONS.c.subject, RELATIONS.c.object,
                  RELATIONS.c.kind, RELATIONS.c.speaker, RELATIONS.c.hedged, RELATIONS.c.negated,
                  DOCS.c.key.label("doc_key"), DOCS.c.published, DOCS.c.outlet)
           .join(DOCS, DOCS.c.id == RELATIONS.c.document_id))


def edge_key(r: Any, corr: Corrections, symmetric: frozenset[str]) -> tuple[str, str, str] | None:
    s, o = corr.actor(r.subject, r.doc_key), corr.actor(r.object, r.doc_key)
    if s is None or o is None or s == o:
        return None  # a merge can turn a relation into a self-loop: nothing to show
    if r.type in symmetric and s > o:
        s, o = o, s
    return s, o, r.type


def voice(speaker: str | None, outlet: str | None, document_id: int) -> str:
    """The independent voice behind a claim: the quoted party when the author quotes someone
    (`quoted:SOHR` in any outlet is the same SOHR), a reader comment on its own, else the
    outlet that printed it (its document when the outlet is unknown). One wire story copied by
    five sites, or one monitor quoted in five reports, is one voice. `relations.voice_sql` is
    the same in SQL."""
    sp = speaker or "author"
    if sp.startswith("quoted:"):
        return "quoted:" + sp[7:].strip().lower()
    if sp.startswith("commenter:"):
        return f"comment:{document_id}:{sp[10:]}"
    return "outlet:" + (outlet or f"doc:{document_id}").lower()


def history_rows(claims: Iterable[Any]) -> list[dict[str, Any]]:
    """Cumulative aggregate rows, one per day, from one edge's claims."""
    by_day: dict[str, list[Any]] = {}
    for c in claims:
        by_day.setdefault(c.published or UNDATED, []).append(c)
    docs: set[int] = set()
    outlets: set[str] = set()
    asserting: set[str] = set()
    denying: set[str] = set()
    speakers: set[str] = set()
    kinds: set[str] = set()
    evidence = asserted = negated = firm = 0
    first = last = first_asserted = last_denied = None
    rows = []
    for day in sorted(by_day):
        dated = day != UNDATED
        for c in by_day[day]:
            evidence += 1
            docs.add(c.document_id)
            outlets.add(c.outlet or f"doc:{c.document_id}")
            speakers.add(c.speaker)
            source = voice(c.speaker, c.outlet, c.document_id)
            if c.kind:
                kinds.add(c.kind)
            if c.negated:
                negated += 1
                denying.add(source)
                if dated:
                    last_denied = day
            else:
                asserted += 1
                asserting.add(source)
                if not c.hedged:
                    firm += 1
                if dated and first_asserted is None:
                    first_asserted = day
        if dated:
            first = first or day
            last = day
        rows.append({"day": day, "evidence": evidence, "documents": len(docs), "outlets": len(outlets),
                     "asserting_outlets": len(asserting), "denying_outlets": len(denying), "asserted": asserted,
                     "negated": negated, "firm": firm, "first_seen": first, "last_seen": last,
                     "first_asserted": first_asserted, "last_denied": last_denied,
                     "speakers": ",".join(sorted(speakers)), "kinds": ",".join(sorted(kinds))})
    return rows


def _write(conn: Connection, edges: dict[tuple[str, str, str], list[Any]], ids: dict[tuple[str, str, str], int]) -> None:
    days, links = [], []
    for key, claims in edges.items():
        eid = ids[key]
        for row in history_rows(claims):
            days.append({"edge_id": eid, **row})
        links += [{"document_id": d, "edge_id": eid} for d in sorted({c.document_id for c in claims})]
        if len(days) > 20000:
            conn.execute(DAYS.insert(), days)
            days = []
    if days:
        conn.execute(DAYS.insert(), days)
    for i in range(0, len(links), 20000):
        conn.execute(EDGE_DOCS.insert(), links[i:i + 20000])


def rebuild(conn: Connection, rules: Rules, corr: Corrections, rejected: set[int]) -> int:
    """Recompute every edge from every relation claim; returns the number of edges."""
    conn.execute(delete(EDGE_DOCS))
    conn.execute(delete(DAYS))
    conn.execute(delete(EDGES))
    edges: dict[tuple[str, str, str], list[Any]] = {}
    for r in conn.execute(_CLAIMS.execution_options(yield_per=20000)):
        if r.id in rejected:
            continue
        k = edge_key(r, corr, rules.symmetric)
        if k is not None:
            edges.setdefault(k, []).append(r)
    ids = {k: i + 1 for i, k in enumerate(sorted(edges))}
    rows = [{"id": ids[k], "a": k[0], "b": k[1], "type": k[2],
             "first_day": min(c.published or UNDATED for c in cs)} for k, cs in edges.items()]
    for i in range(0, len(rows), 20000):
        conn.execute(EDGES.insert(), rows[i:i + 20000])
    _write(conn, edges, ids)
    return len(edges)


def _raw_ids(actor: str, corr: Corrections) -> list[str]:
    ids = {actor} | {a for a in corr.merges if corr.canonical(a) == actor}
    ids |= {s.actor for s in corr.splits if corr.canonical(s.new_id) == actor}
    return sorted(ids)


def update(conn: Connection, rules: Rules, corr: Corrections, rejected: set[int], doc_ids: list[int],
           actors: set[str]) -> int:
    """Recompute the edges fed by these documents (before and now) and those of these actors."""
    keys: set[tuple[str, str, str]] = set()
    old_ids: set[int] = set()
    for i in range(0, len(doc_ids), _CHUNK):
        part = doc_ids[i:i + _CHUNK]
        old_ids |= {r[0] for r in conn.execute(select(EDGE_DOCS.c.edge_id).where(EDGE_DOCS.c.document_id.in_(part)))}
        for r in conn.execute(_CLAIMS.where(RELATIONS.c.document_id.in_(part))):
            k = edge_key(r, corr, rules.symmetric)
            if k is not None:
                keys.add(k)
    if actors:
        acts = sorted(actors)
        old_ids |= {r[0] for r in conn.execute(select(EDGES.c.id).where(or_(EDGES.c.a.in_(acts), EDGES.c.b.in_(acts))))}
        q = _CLAIMS.where(or_(RELATIONS.c.subject.in_(acts), RELATIONS.c.object.in_(acts)))
        keys |= {k for r in conn.execute(q) if (k := edge_key(r, corr, rules.symmetric)) is not None}
    old = sorted(old_ids)
    for i in range(0, len(old), _CHUNK):
        keys |= {(r.a, r.b, r.type) for r in conn.execute(select(EDGES).where(EDGES.c.id.in_(old[i:i + _CHUNK])))}
    if not keys:
        return 0
    existing = {}
    for a, b, t in keys:
        row = conn.execute(select(EDGES.c.id).where(EDGES.c.a == a, EDGES.c.b == b, EDGES.c.type == t)).first()
        if row is not None:
            existing[(a, b, t)] = row[0]
    if existing:
        ids = sorted(existing.values())
        for i in range(0, len(ids), _CHUNK):
            conn.execute(delete(DAYS).where(DAYS.c.edge_id.in_(ids[i:i + _CHUNK])))
            conn.execute(delete(EDGE_DOCS).where(EDGE_DOCS.c.edge_id.in_(ids[i:i + _CHUNK])))
    next_id = conn.execute(select(func.max(EDGES.c.id))).scalar() or 0
    fresh: dict[tuple[str, str, str], list[Any]] = {}
    for a, b, t in sorted(keys):
        ra, rb = _raw_ids(a, corr), _raw_ids(b, corr)
        cond = and_(RELATIONS.c.subject.in_(ra), RELATIONS.c.object.in_(rb))
        if t in rules.symmetric:
            cond = or_(cond, and_(RELATIONS.c.subject.in_(rb), RELATIONS.c.object.in_(ra)))
        # The type is checked here, not in SQL: the planner would pick the type index and scan
        # every claim of that type instead of the pair's few.
        claims = [r for r in conn.execute(_CLAIMS.where(cond))
                  if r.id not in rejected and edge_key(r, corr, rules.symmetric) == (a, b, t)]
        eid = existing.get((a, b, t))
        if not claims:
            if eid is not None:
                conn.execute(delete(EDGES).where(EDGES.c.id == eid))
            continue
        first = min(c.published or UNDATED for c in claims)
        if eid is None:
            next_id += 1
            eid = next_id
            conn.execute(EDGES.insert().values(id=eid, a=a, b=b, type=t, first_day=first))
        else:
            conn.execute(EDGES.update().where(EDGES.c.id == eid).values(first_day=first))
        existing[(a, b, t)] = eid
        fresh[(a, b, t)] = claims
    _write(conn, fresh, existing)
    return len(keys)


GENERATION = "history_generation"
_cache: dict[str, tuple[str, list[tuple[str, str, str, list[str], list[dict[str, Any]]]]]] = {}


def bump_generation(conn: Connection) -> None:
    """Mark the history changed (readers holding it in memory reload it). A fresh random token,
    not a counter, so a store deleted and rebuilt at the same URL is never mistaken for the old."""
    from uuid import uuid4

    from orbat.fuse.events import _set_state

    _set_state(conn, **{GENERATION: uuid4().hex})


def _cached(conn: Connection, symmetric: frozenset[str]) -> list[tuple[str, str, str, list[str],
                                                                      list[dict[str, Any]]]] | None:
    """The whole history in memory, per edge: its days and the finished edge records, reloaded
    when fusion has changed it since. A long-lived process (the API, a notebook) then answers
    the network as of any date with one bisection per edge; the first call pays one scan."""
    from orbat.fuse.events import STATE
    from orbat.fuse.relations import _edge

    gen = conn.execute(select(STATE.c.value).where(STATE.c.key == GENERATION)).scalar()
    if gen is None:
        return None
    url = conn.engine.url.render_as_string(hide_password=True)
    hit = _cache.get(url)
    if hit is not None and hit[0] == gen:
        return hit[1]
    edges = {r.id: (r.a, r.b, r.type, [], []) for r in conn.execute(select(EDGES))}
    q = select(DAYS).order_by(DAYS.c.edge_id, DAYS.c.day).execution_options(yield_per=50000)
    for row in conn.execute(q):
        e = edges.get(row.edge_id)
        if e is not None:
            e[3].append(row.day)
            e[4].append(_edge({"a": e[0], "b": e[1], "type": e[2], **row._mapping}, symmetric))
    data = list(edges.values())
    _cache[url] = (gen, data)
    return data


def edges_as_of(conn: Connection, as_of: str | None, symmetric: frozenset[str], actor_ids: list[str] | None = None,
                type: str | None = None) -> list[dict[str, Any]]:
    """Each edge as of the end of `as_of` (everything, undated included, without), as the edge
    records of relations.py (fresh copies: callers may mark them)."""
    from bisect import bisect_right

    from orbat.fuse.relations import _edge

    day = as_of or "9999-99-99~"
    data = _cached(conn, symmetric)
    wanted = set(actor_ids) if actor_ids else None
    if data is not None:
        out = []
        for a, b, t, days, recs in data:
            if (type and t != type) or (wanted is not None and a not in wanted and b not in wanted):
                continue
            i = bisect_right(days, day) - 1
            if i >= 0:
                out.append(dict(recs[i]))
        return out
    return [_edge(r, symmetric) for r in _edges_as_of_sql(conn, day, actor_ids, type)]


def _edges_as_of_sql(conn: Connection, day: str, actor_ids: list[str] | None, type: str | None) -> list[Any]:
    """The same from the tables: one indexed lookup per edge (when no generation is recorded)."""
    x = DAYS.alias("x")
    latest = (select(x.c.id).where(x.c.edge_id == EDGES.c.id, x.c.day <= day)
              .order_by(x.c.day.desc()).limit(1).scalar_subquery())
    q = (select(EDGES.c.a, EDGES.c.b, EDGES.c.type, DAYS).select_from(EDGES).join(DAYS, DAYS.c.id == latest)
         .where(EDGES.c.first_day <= day))
    if actor_ids:
        q = q.where(or_(EDGES.c.a.in_(actor_ids), EDGES.c.b.in_(actor_ids)))
    if type:
        q = q.where(EDGES.c.type == type)
    return [r._mapping for r in conn.execute(q).fetchall()]
