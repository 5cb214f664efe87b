"""The dashboard's network index: relation claims folded into one edge per pair and type.

The API keeps this in memory so the dashboard's date slider answers "as of" by binary search
per edge. It is pure functions over what `Store.relations()` returns (plain dicts).
`orbat.fuse.network` is the picture's own network over the fused store; the two fold claims
the same way and should become one (see the closing note of issue 8).

Why sources, not claims: one wire story copied by five sites, or one monitor quoted in five
reports, is one voice. A claim's source is the quoted party when the author quotes someone
(`quoted:SOHR` in any outlet is the same SOHR), else the outlet that printed it (its document
when the outlet is unknown); a reader comment is its own source.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from typing import Any

SYMMETRIC = frozenset({"ally_of", "fights"})


def source_of(claim: Mapping[str, Any]) -> str:
    """The independent voice behind a claim (see the module docstring)."""
    speaker = str(claim.get("speaker") or "author")
    if speaker.startswith("quoted:"):
        return "quoted:" + speaker[7:].strip().lower()
    if speaker.startswith("commenter:"):
        return f"comment:{claim.get('document')}:{speaker[10:]}"
    return "outlet:" + str(claim.get("outlet") or claim.get("document") or "?").lower()


def edge_key(claim: Mapping[str, Any]) -> tuple[str, str, str]:
    """(type, source actor, target actor); symmetric types put the pair in a fixed order."""
    a, b, t = claim["subject"], claim["object"], claim["type"]
    if t in SYMMETRIC and b < a:
        a, b = b, a
    return t, a, b


def aggregate_relations(claims: Iterable[Mapping[str, Any]], *, min_sources: int = 1,
                        contradictions_only: bool = False, max_claims: int | None = 20) -> list[dict[str, Any]]:
    """One row per (type, subject, object) with source and claim counts, first and last seen.

    `sources` counts independent voices asserting the relation, `denied_by` those negating it;
    a relation is `contested` (a contradiction) when at least one source asserts it and another
    denies it. `min_sources` filters on max(sources, denied_by) so a well-sourced denial is kept.
    Each row carries up to `max_claims` of its claims (newest last) as evidence.
    """
    groups: dict[tuple[str, str, str], dict[str, Any]] = {}
    for c in claims:
        key = edge_key(c)
        g = groups.get(key)
        if g is None:
            g = groups[key] = {
                "type": key[0], "subject": key[1], "object": key[2],
                "subject_name": c.get("subject_name") if c["subject"] == key[1] else c.get("object_name"),
                "object_name": c.get("object_name") if c["object"] == key[2] else c.get("subject_name"),
                "kinds": set(), "asserting": set(), "denying": set(), "documents": set(),
                "asserted": 0, "negated": 0, "hedged": 0, "first_seen": None, "last_seen": None, "claims": [],
            }
        src = source_of(c)
        if c.get("negated"):
            g["negated"] += 1
            g["denying"].add(src)
        else:
            g["asserted"] += 1
            g["asserting"].add(src)
        g["hedged"] += int(bool(c.get("hedged")))
        if c.get("kind"):
            g["kinds"].add(c["kind"])
        g["documents"].add(c.get("document"))
        g["claims"].append(c)
        day = c.get("date")
        if day:
            g["first_seen"] = day if g["first_seen"] is None else min(g["first_seen"], day)
            g["last_seen"] = day if g["last_seen"] is None else max(g["last_seen"], day)
    out = []
    for g in groups.values():
        sources, denied = len(g["asserting"]), len(g["denying"])
        contested = sources > 0 and denied > 0
        if max(sources, denied) < min_sources or (contradictions_only and not contested):
            continue
        claims_out = g["claims"] if max_claims is None else g["claims"][-max_claims:]
        out.append({
            "type": g["type"], "subject": g["subject"], "object": g["object"],
            "subject_name": g["subject_name"], "object_name": g["object_name"],
            "symmetric": g["type"] in SYMMETRIC, "kinds": sorted(g["kinds"]),
            "sources": sources, "denied_by": denied, "documents": len(g["documents"]),
            "asserted": g["asserted"], "negated": g["negated"], "hedged": g["hedged"],
            "status": "contested" if contested else ("asserted" if sources else "denied"),
            "contradiction": contested, "first_seen": g["first_seen"], "last_seen": g["last_seen"],
            "claims": [_claim_summary(c) for c in claims_out],
        })
    out.sort(key=lambda r: (-(r["sources"] + r["denied_by"]), r["type"], r["subject"], r["object"]))
    return out


def _claim_summary(c: Mapping[str, Any]) -> dict[str, Any]:
    ev = c.get("evidence") or {}
    return {"id": c.get("id"), "document": c.get("document"), "date": c.get("date"), "outlet": c.get("outlet"),
            "speaker": c.get("speaker"), "negated": bool(c.get("negated")), "hedged": bool(c.get("hedged")),
            "kind": c.get("kind"), "sentence": ev.get("sentence"), "segment": ev.get("segment"),
            "start": ev.get("start"), "end": ev.get("end")}


def network(claims: Iterable[Mapping[str, Any]], actors: Iterable[Mapping[str, Any]] = (), *,
            as_of: str | None = None, min_sources: int = 1,
            names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Nodes (actors on some edge) and edges (relations per pair and type) as of a date.

    `claims` are relation claims already limited to the date (Store.relations(as_of=...));
    `actors` supplies names and types; `names` overrides names with the one an actor went by on
    that date (renamed groups keep their id). An edge's `weight` is its asserting sources, so a
    denied-only edge weighs 0 and draws as a denial.
    """
    return _network_from(aggregate_relations(claims, min_sources=min_sources, max_claims=0), actors, as_of, names)


def _network_from(edges: list[dict[str, Any]], actors: Iterable[Mapping[str, Any]], as_of: str | None,
                  names: Mapping[str, str] | None) -> dict[str, Any]:
    info = {a["id"]: a for a in actors}
    degree: dict[str, int] = {}
    node_names: dict[str, str] = {}
    for e in edges:
        for end, nm in ((e["subject"], e["subject_name"]), (e["object"], e["object_name"])):
            degree[end] = degree.get(end, 0) + 1
            node_names.setdefault(end, nm or end)
    nodes = []
    for aid in sorted(degree):
        a = info.get(aid, {})
        name = (names or {}).get(aid) or a.get("name") or node_names[aid]
        nodes.append({"id": aid, "name": name, "type": a.get("type") or "generic", "degree": degree[aid]})
    out_edges = [{
        "id": f"{e['type']}:{e['subject']}:{e['object']}", "source": e["subject"], "target": e["object"],
        "type": e["type"], "symmetric": e["symmetric"], "weight": e["sources"], "sources": e["sources"],
        "denied_by": e["denied_by"], "asserted": e["asserted"], "negated": e["negated"], "status": e["status"],
        "contradiction": e["contradiction"], "first_seen": e["first_seen"], "last_seen": e["last_seen"],
    } for e in edges]
    return {"as_of": as_of, "nodes": nodes, "edges": out_edges}


def _earliest(first: dict[Any, str], key: Any, day: str) -> None:
    """Record the first date `key` was seen; a dated sighting beats an undated one ("")."""
    old = first.get(key)
    if old is None or (day and (not old or day < old)):
        first[key] = day


class NetworkIndex:
    """Every relation's history, indexed by date, so the network as of any day is a few binary
    searches per edge instead of a pass over every claim: what replaying a date slider needs
    on a store of 10^5 events and tens of thousands of relation claims.

    Built once from claim rows (each with type, subject, object, names, negated, hedged,
    speaker, outlet, document, date, kind); `as_of(day)` gives the same rows as
    `aggregate_relations` over the claims dated on or before `day` (without the claim lists).
    Undated claims count only when no date is asked for.
    """

    def __init__(self, claims: Iterable[Mapping[str, Any]]) -> None:
        edges: dict[tuple[str, str, str], dict[str, Any]] = {}
        for c in claims:
            key = edge_key(c)
            e = edges.get(key)
            if e is None:
                e = edges[key] = {
                    "names": (c.get("subject_name") if c["subject"] == key[1] else c.get("object_name"),
                              c.get("object_name") if c["object"] == key[2] else c.get("subject_name")),
                    "asserted": [], "negated": [], "hedged": [], "dated": [], "kinds": {},
                    "asserting": {}, "denying": {}, "documents": {},
                }
            day = c.get("date") or ""  # "" sorts before every date: undated claims are handled below
            e["dated"].append(day)
            e["negated" if c.get("negated") else "asserted"].append(day)
            if c.get("hedged"):
                e["hedged"].append(day)
            if c.get("kind"):
                _earliest(e["kinds"], c["kind"], day)
            _earliest(e["denying" if c.get("negated") else "asserting"], source_of(c), day)
            _earliest(e["documents"], c.get("document"), day)
        self._edges = {}
        for key, e in edges.items():
            self._edges[key] = {
                "names": e["names"],
                **{k: sorted(e[k]) for k in ("asserted", "negated", "hedged", "dated")},
                "asserting": sorted(e["asserting"].values()), "denying": sorted(e["denying"].values()),
                "documents": sorted(e["documents"].values()), "kinds": e["kinds"],
            }

    def __len__(self) -> int:
        return len(self._edges)

    def as_of(self, day: str | None = None, *, min_sources: int = 1, contradictions_only: bool = False,
              actor: str | None = None, type: str | None = None) -> list[dict[str, Any]]:
        def upto(xs: list[str]) -> int:
            # Undated claims ("") are excluded once a date is asked for.
            return len(xs) if day is None else bisect_right(xs, day) - bisect_right(xs, "")

        out = []
        for (t, s, o), e in self._edges.items():
            if (type is not None and t != type) or (actor is not None and actor not in (s, o)):
                continue
            n_dated = upto(e["dated"])
            if n_dated == 0:
                continue
            sources, denied = upto(e["asserting"]), upto(e["denying"])
            contested = sources > 0 and denied > 0
            if max(sources, denied) < min_sources or (contradictions_only and not contested):
                continue
            dated = e["dated"]
            lo = bisect_right(dated, "")
            hi = len(dated) if day is None else bisect_right(dated, day)
            out.append({
                "type": t, "subject": s, "object": o, "subject_name": e["names"][0], "object_name": e["names"][1],
                "symmetric": t in SYMMETRIC,
                "kinds": sorted(k for k, d in e["kinds"].items() if day is None or (d and d <= day)),
                "sources": sources, "denied_by": denied, "documents": upto(e["documents"]),
                "asserted": upto(e["asserted"]), "negated": upto(e["negated"]), "hedged": upto(e["hedged"]),
                "status": "contested" if contested else ("asserted" if sources else "denied"),
                "contradiction": contested, "first_seen": dated[lo] if hi > lo else None,
                "last_seen": dated[hi - 1] if hi > lo else None, "claims": [],
            })
        out.sort(key=lambda r: (-(r["sources"] + r["denied_by"]), r["type"], r["subject"], r["object"]))
        return out

    def network(self, actors: Iterable[Mapping[str, Any]] = (), *, as_of: str | None = None, min_sources: int = 1,
                names: Mapping[str, str] | None = None) -> dict[str, Any]:
        """`network()` as of a date, from the index."""
        return _network_from(self.as_of(as_of, min_sources=min_sources), actors, as_of, names)
