"""The actor network as of a date: relation claims folded into one edge per pair and type.

Pure functions over what `Store.relations()` returns (plain dicts), so the API, exports and
tests share one definition of "how many sources say so" and "who denies it" without touching
the database.

Why sources, not claims: one wire story copied by five sites, or one monitor quoted in five
reports, is one voice. A claim's source is the quoted party when the author quotes someone
(`quoted:SOHR` in any outlet is the same SOHR), else the outlet that printed it (its document
when the outlet is unknown); a reader comment is its own source.
"""

from __future__ import annotations

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

    `claims` are relation claims as the store gives them, or rows already grouped in SQL per
    voice (with `n` claims, `documents`, `hedged_n`, `first_seen`, `last_seen`): the same fold,
    cheaper at scale. Grouped rows carry no claims of their own to show as evidence.

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
                "kinds": set(), "asserting": set(), "denying": set(), "documents": set(), "doc_count": 0,
                "asserted": 0, "negated": 0, "hedged": 0, "first_seen": None, "last_seen": None, "claims": [],
            }
        grouped = "n" in c  # a row already counted in SQL (see the module docstring of api_queries)
        n = int(c["n"]) if grouped else 1
        src = source_of(c)
        if c.get("negated"):
            g["negated"] += n
            g["denying"].add(src)
        else:
            g["asserted"] += n
            g["asserting"].add(src)
        g["hedged"] += int(c.get("hedged_n") or 0) if grouped else int(bool(c.get("hedged")))
        if c.get("kind"):
            g["kinds"].add(c["kind"])
        if grouped:
            g["doc_count"] += int(c.get("documents") or n)
        else:
            g["documents"].add(c.get("document"))
            g["claims"].append(c)
        for day, pick, field in ((c.get("first_seen", c.get("date")), min, "first_seen"),
                                 (c.get("last_seen", c.get("date")), max, "last_seen")):
            if day:
                g[field] = day if g[field] is None else pick(g[field], day)
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
            "sources": sources, "denied_by": denied, "documents": len(g["documents"]) + g["doc_count"],
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
    edges = aggregate_relations(claims, min_sources=min_sources, max_claims=0)
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
