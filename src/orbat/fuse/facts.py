"""Shared helpers of the picture: dates as intervals, fact keys of stored claims, the actor KB.

Fusion reads stored facts only (it never re-runs extraction); these helpers turn stored rows
into what the fusion rules compare.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import select

from orbat.errors import Code, OrbatError
from orbat.fuse.corrections import (
    Corrections,
    control_sig,
    event_sig,
    fact_keys,
    parse_fact_key,
    relation_sig,
)
from orbat.store.schema import T

DOCS = T["documents"]
RELATIONS = T["relation_claims"]
EVENTS = T["event_claims"]
CONTROL = T["control_claims"]
ACTORS = T["actors"]

PRECISION_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3}
_TABLES = {"r": (RELATIONS, relation_sig), "e": (EVENTS, event_sig), "c": (CONTROL, control_sig)}


def parse_partial(s: str | None) -> tuple[date, str] | None:
    """A stored date (YYYY, YYYY-MM or YYYY-MM-DD) as its first day and implied precision."""
    if not s:
        return None
    try:
        if len(s) == 4:
            return date(int(s), 1, 1), "year"
        if len(s) == 7:
            return date(int(s[:4]), int(s[5:7]), 1), "month"
        return date.fromisoformat(s[:10]), "day"
    except ValueError:
        return None


def interval(s: str | None, precision: str | None, week_half: int = 3) -> tuple[date, date] | None:
    """The days a date of a given precision covers: a day, a week around it, its month or year."""
    p = parse_partial(s)
    if p is None:
        return None
    d, implied = p
    prec = precision if precision in PRECISION_ORDER else implied
    if PRECISION_ORDER[implied] > PRECISION_ORDER[prec]:
        prec = implied  # "2016-03" stated at day precision is still a month
    if prec == "day":
        return d, d
    if prec == "week":
        return d - timedelta(days=week_half), d + timedelta(days=week_half)
    if prec == "month":
        return d.replace(day=1), d.replace(day=calendar.monthrange(d.year, d.month)[1])
    return date(d.year, 1, 1), date(d.year, 12, 31)


def doc_keyed(store: Any, doc_key: str, letter: str) -> list[dict[str, Any]]:
    """One document's claims of one kind (by id order) with their fact keys."""
    table, sig = _TABLES[letter]
    with store.engine.connect() as conn:
        doc = conn.execute(select(DOCS.c.id).where(DOCS.c.key == doc_key)).first()
        if doc is None:
            raise OrbatError(Code.E031, doc=doc_key)
        rows = [dict(r._mapping) for r in conn.execute(
            select(table).where(table.c.document_id == doc.id).order_by(table.c.id))]
    for r, k in zip(rows, fact_keys(doc_key, letter, [sig(r) for r in rows]), strict=True):
        r["fact_key"] = k
    return rows


def document_fact_keys(store: Any, doc_key: str, letter: str) -> dict[str, int]:
    return {r["fact_key"]: r["id"] for r in doc_keyed(store, doc_key, letter)}


def rejected_ids(store: Any, corr: Corrections, letter: str) -> set[int]:
    """Current claim ids of the rejected facts of one kind (keys resolve per document)."""
    by_doc: dict[str, set[str]] = {}
    for key in corr.rejected:
        try:
            doc, kind = parse_fact_key(key)
        except OrbatError:
            continue
        if kind == letter:
            by_doc.setdefault(doc, set()).add(key)
    out: set[int] = set()
    for doc, keys in by_doc.items():
        try:
            found = document_fact_keys(store, doc, letter)
        except OrbatError:  # the document is gone; nothing to reject
            continue
        out |= {cid for k, cid in found.items() if k in keys}
    return out


@lru_cache(maxsize=1)
def actor_kb() -> Any:
    """The actor knowledge base (dated names, background relations), loaded once per process."""
    from orbat.knowledge.actors import load_actor_kb

    try:
        return load_actor_kb()
    except Exception:  # noqa: BLE001 - a broken user file must not take the picture down
        return None


def name_on(actor_id: str, day: str | None, stored_name: str | None, corr: Corrections | None = None) -> str:
    """The actor's name as of a date: the knowledge base's dated names, else the stored name."""
    if corr is not None and actor_id in corr.names:
        return corr.names[actor_id]
    kb = actor_kb()
    a = kb.get(actor_id) if kb is not None else None
    if a is not None:
        return a.name_on(day)
    return stored_name or actor_id


def actor_rows(store: Any, ids: set[str]) -> dict[str, dict[str, Any]]:
    """Stored actor rows by id, with the country filled in from the knowledge base when the
    store does not know it (extraction records name and type, not country)."""
    out: dict[str, dict[str, Any]] = {}
    idl = sorted(ids)
    with store.engine.connect() as conn:
        for i in range(0, len(idl), 500):
            for r in conn.execute(select(ACTORS).where(ACTORS.c.id.in_(idl[i:i + 500]))):
                out[r.id] = dict(r._mapping)
    kb = actor_kb()
    if kb is not None:
        for aid, row in out.items():
            a = kb.get(aid)
            if a is not None and not row.get("country"):
                row["country"] = a.country
    return out
