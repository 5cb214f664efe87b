"""Relations over time: per actor pair and type, what the sources say and since when.

One SQL aggregate over the relation claims (so a network of 10^5 claims comes back in tens of
milliseconds): first and last seen, evidence count, documents, outlets (a document without an
outlet counts as its own), speakers, how many claims assert and how many deny, how many
independent voices assert and deny (`asserting_outlets`, `denying_outlets`; the edge's
`weight` is the asserting voices: a monitor quoted by five outlets is one voice, see
`history.voice`), whether every assertion is hedged, and a **contradiction** when one source
asserts what another denies. Symmetric types (`fights`, `ally_of`) are one edge whatever the order of the pair.

Corrections apply inside the query: rejected claims are left out, merged and split actors are
mapped to the actor they now stand for (so a renamed or merged group stays one node), and
relations an analyst confirmed are marked (and shown even with no claim behind them).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, and_, case, cast, distinct, func, literal, or_, select
from sqlalchemy.sql.elements import ColumnElement

from orbat.fuse.corrections import Corrections, fact_keys, relation_sig
from orbat.fuse.facts import rejected_ids
from orbat.fuse.rules import load_rules
from orbat.store.schema import T

DOCS = T["documents"]
RELATIONS = T["relation_claims"]


def _mapped(col: Any, corr: Corrections) -> ColumnElement[Any]:
    """SQL for the actor a claim's actor column stands for after splits and merges."""
    whens = []
    for s in corr.splits:
        if s.documents:
            docs = select(DOCS.c.id).where(DOCS.c.key.in_(sorted(s.documents))).scalar_subquery()
            whens.append((and_(col == s.actor, RELATIONS.c.document_id.in_(docs)), literal(corr.canonical(s.new_id))))
    for src in sorted(corr.merges):
        whens.append((col == src, literal(corr.canonical(src))))
    return case(*whens, else_=col) if whens else col


def voice_sql() -> ColumnElement[Any]:
    """`history.voice` in SQL (over relation claims joined to their documents)."""
    sp = func.coalesce(RELATIONS.c.speaker, literal("author"))
    doc = cast(DOCS.c.id, String)
    return case(
        (func.substr(sp, 1, 7) == "quoted:", literal("quoted:").concat(func.lower(func.trim(func.substr(sp, 8))))),
        (func.substr(sp, 1, 10) == "commenter:", literal("comment:").concat(doc).concat(":").concat(func.substr(sp, 11))),
        else_=literal("outlet:").concat(func.lower(func.coalesce(DOCS.c.outlet, literal("doc:").concat(doc)))))


def _agg_strings(col: Any, dialect: str) -> Any:
    if dialect == "postgresql":
        return func.string_agg(distinct(col), literal(","))
    return func.group_concat(distinct(col))


def _ids_for(actor: str, corr: Corrections) -> list[str]:
    """Every stored actor id that now stands for `actor` (itself and anything merged into it)."""
    ids = {actor} | {a for a in corr.merges if corr.canonical(a) == actor}
    ids |= {s.actor for s in corr.splits if corr.canonical(s.new_id) == actor}
    return sorted(ids)


def _split(s: str | None) -> list[str]:
    return sorted(set(s.split(",")) - {""}) if s else []


def _edge(r: Any, symmetric: frozenset[str]) -> dict[str, Any]:
    asserted, negated = int(r["asserted"] or 0), int(r["negated"] or 0)
    return {
        "source": r["a"], "target": r["b"], "type": r["type"], "symmetric": r["type"] in symmetric,
        "kinds": _split(r["kinds"]),
        "weight": int(r["asserting_outlets"] or 0), "evidence": int(r["evidence"]),
        "documents": int(r["documents"]), "outlets": int(r["outlets"]),
        "asserting_outlets": int(r["asserting_outlets"] or 0), "denying_outlets": int(r["denying_outlets"] or 0),
        "asserted": asserted, "negated": negated, "hedged": asserted - int(r["firm"] or 0),
        "hedged_only": asserted > 0 and int(r["firm"] or 0) == 0,
        "contradiction": asserted > 0 and negated > 0,
        "first_seen": r["first_seen"], "last_seen": r["last_seen"],
        "first_asserted": r["first_asserted"], "last_denied": r["last_denied"],
        "speakers": _split(r["speakers"]),
        "confirmed": False, "background": False,
    }


def _order(e: dict[str, Any]) -> tuple[int, int, str, str, str]:
    """Strongest first: independent outlets asserting, then evidence, then names."""
    return (-e["weight"], -e["evidence"], e["type"], e["source"], e["target"])


def relation_edges(store: Any, *, as_of: str | None = None, start: str | None = None, actor: str | None = None,
                   type: str | None = None, corrections: Corrections | None = None,
                   refresh: bool = True) -> list[dict[str, Any]]:
    """Aggregated relations from claims in documents published in [start, as_of] (undated
    documents count only when no date bound is given). See the module docstring.

    Without `start` the answer comes from the relation history fusion keeps (one lookup per
    edge; `refresh` first takes in what was added since the last fusion); with `start` the
    claims in the window are aggregated directly."""
    from orbat.store.repository import _day

    corr = corrections if corrections is not None else Corrections.load(store)
    rules = load_rules()
    hi, lo = _day(as_of, "as_of"), _day(start, "start")
    if lo is None:
        from orbat.fuse.events import fuse_events
        from orbat.fuse.history import edges_as_of

        if refresh:
            fuse_events(store)
        with store.engine.connect() as conn:
            edges = edges_as_of(conn, hi, rules.symmetric, _ids_for(actor, corr) if actor else None, type)
        if corr.confirmed:
            _add_confirmed(edges, corr, rules.symmetric, actor, type)
        edges.sort(key=_order)
        return edges
    dialect = store.engine.dialect.name
    subj = _mapped(RELATIONS.c.subject, corr)
    obj = _mapped(RELATIONS.c.object, corr)
    sym = RELATIONS.c.type.in_(sorted(rules.symmetric))
    swap = and_(sym, subj > obj)
    a = case((swap, obj), else_=subj).label("a")
    b = case((swap, subj), else_=obj).label("b")
    neg = RELATIONS.c.negated
    outlet = func.coalesce(DOCS.c.outlet, literal("doc:").concat(cast(DOCS.c.id, String)))
    source = voice_sql()
    asserted_outlet = case((neg.is_(False), source))
    denied_outlet = case((neg.is_(True), source))
    one = literal(1)
    q = (select(a, b, RELATIONS.c.type,
                func.count().label("evidence"),
                func.count(distinct(RELATIONS.c.document_id)).label("documents"),
                func.count(distinct(outlet)).label("outlets"),
                func.count(distinct(asserted_outlet)).label("asserting_outlets"),
                func.count(distinct(denied_outlet)).label("denying_outlets"),
                func.sum(case((neg.is_(False), one), else_=0)).label("asserted"),
                func.sum(case((neg.is_(True), one), else_=0)).label("negated"),
                func.sum(case((and_(neg.is_(False), RELATIONS.c.hedged.is_(False)), one), else_=0)).label("firm"),
                func.min(DOCS.c.published).label("first_seen"),
                func.max(DOCS.c.published).label("last_seen"),
                func.min(case((neg.is_(False), DOCS.c.published))).label("first_asserted"),
                func.max(case((neg.is_(True), DOCS.c.published))).label("last_denied"),
                _agg_strings(RELATIONS.c.speaker, dialect).label("speakers"),
                _agg_strings(RELATIONS.c.kind, dialect).label("kinds"))
         .join(DOCS, DOCS.c.id == RELATIONS.c.document_id)
         .group_by(a, b, RELATIONS.c.type))
    if hi:
        q = q.where(DOCS.c.published <= hi)
    q = q.where(DOCS.c.published >= lo)
    if type:
        q = q.where(RELATIONS.c.type == type)
    if actor:
        ids = _ids_for(actor, corr)
        q = q.where(or_(RELATIONS.c.subject.in_(ids), RELATIONS.c.object.in_(ids)))
    rejected = rejected_ids(store, corr, "r")
    if rejected:
        q = q.where(RELATIONS.c.id.not_in(sorted(rejected)))
    with store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(q)]
    edges = [_edge(r, rules.symmetric) for r in rows if r["a"] != r["b"]]  # a merge may make a self-loop
    _add_confirmed(edges, corr, rules.symmetric, actor, type)
    edges.sort(key=_order)
    return edges


def _pair(subject: str, object: str, type: str, symmetric: frozenset[str]) -> tuple[str, str]:
    return (min(subject, object), max(subject, object)) if type in symmetric else (subject, object)


def _add_confirmed(edges: list[dict[str, Any]], corr: Corrections, symmetric: frozenset[str], actor: str | None,
                   type: str | None) -> None:
    """Mark confirmed edges; an analyst's confirmation speaks for the relation at any date."""
    index = {(e["source"], e["target"], e["type"]): e for e in edges}
    for c in corr.confirmed:
        s, o = corr.canonical(c["subject"]), corr.canonical(c["object"])
        if (type and c["type"] != type) or (actor and actor not in (s, o)):
            continue
        s, o = _pair(s, o, c["type"], symmetric)
        e = index.get((s, o, c["type"]))
        if e is None:
            e = {"source": s, "target": o, "type": c["type"], "symmetric": c["type"] in symmetric,
                 "kinds": [c["kind"]] if c.get("kind") else [], "weight": 1, "evidence": 0, "documents": 0,
                 "outlets": 0, "asserting_outlets": 0, "denying_outlets": 0, "asserted": 0, "negated": 0,
                 "hedged": 0, "hedged_only": False, "contradiction": False, "first_seen": None, "last_seen": None,
                 "first_asserted": None, "last_denied": None, "speakers": [], "confirmed": False,
                 "background": False}
            edges.append(e)
            index[(s, o, c["type"])] = e
        e["confirmed"] = True
        e["weight"] = max(e["weight"], 1)
        e.setdefault("confirmed_by", []).append({"who": c.get("who"), "when": c.get("when"), "note": c.get("note")})


def relation_claims(store: Any, *, as_of: str | None = None, start: str | None = None, actor: str | None = None,
                    type: str | None = None, corrections: Corrections | None = None) -> list[dict[str, Any]]:
    """The claims behind the edges, each with its fact key (for `orbat correct reject-fact`),
    mapped actors, evidence sentence and speaker; rejected claims are marked, not hidden."""
    from orbat.store.repository import _day

    corr = corrections if corrections is not None else Corrections.load(store)
    rules = load_rules()
    hi, lo = _day(as_of, "as_of"), _day(start, "start")
    q = (select(RELATIONS, DOCS.c.key.label("doc_key"), DOCS.c.published, DOCS.c.outlet)
         .join(DOCS, DOCS.c.id == RELATIONS.c.document_id))
    if hi:
        q = q.where(DOCS.c.published <= hi)
    if lo:
        q = q.where(DOCS.c.published >= lo)
    if type:
        q = q.where(RELATIONS.c.type == type)
    if actor:
        ids = _ids_for(actor, corr)
        q = q.where(or_(RELATIONS.c.subject.in_(ids), RELATIONS.c.object.in_(ids)))
    with store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(q.order_by(RELATIONS.c.document_id, RELATIONS.c.id))]
    # Fact keys need every relation claim of each document, in order, not only the filtered ones.
    docs = sorted({r["document_id"] for r in rows})
    keys: dict[int, str] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(docs), 500):
            allq = (select(RELATIONS.c.id, RELATIONS.c.document_id, RELATIONS.c.type, RELATIONS.c.subject,
                           RELATIONS.c.object, RELATIONS.c.segment, RELATIONS.c.sentence, DOCS.c.key.label("doc_key"))
                    .join(DOCS, DOCS.c.id == RELATIONS.c.document_id)
                    .where(RELATIONS.c.document_id.in_(docs[i:i + 500]))
                    .order_by(RELATIONS.c.document_id, RELATIONS.c.id))
            block: list[dict[str, Any]] = []
            for r in [dict(x._mapping) for x in conn.execute(allq)] + [None]:  # type: ignore[list-item]
                if block and (r is None or r["document_id"] != block[0]["document_id"]):
                    for b, k in zip(block, fact_keys(block[0]["doc_key"], "r", [relation_sig(x) for x in block]),
                                    strict=True):
                        keys[b["id"]] = k
                    block = []
                if r is not None:
                    block.append(r)
    out = []
    for r in rows:
        s, o = corr.actor(r["subject"], r["doc_key"]), corr.actor(r["object"], r["doc_key"])
        key = keys[r["id"]]
        out.append({"fact": key, "type": r["type"], "subject": s, "object": o, "kind": r["kind"],
                    "pair": _pair(s or "", o or "", r["type"], rules.symmetric),
                    "document": r["doc_key"], "published": r["published"], "outlet": r["outlet"],
                    "speaker": r["speaker"], "hedged": bool(r["hedged"]), "negated": bool(r["negated"]),
                    "sentence": r["sentence"], "rejected": key in corr.rejected})
    out.sort(key=lambda x: (x["published"] or "9999", x["document"], x["fact"]))
    return out


def contradictions(store: Any, **filters: Any) -> list[dict[str, Any]]:
    """Edges where one source asserts what another denies, each with both sides' claims."""
    corr = Corrections.load(store)
    edges = [e for e in relation_edges(store, corrections=corr, **filters) if e["contradiction"]]
    if not edges:
        return []
    claims = relation_claims(store, corrections=corr, **filters)
    by_pair: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for c in claims:
        if not c["rejected"]:
            by_pair.setdefault((*c["pair"], c["type"]), []).append(c)
    for e in edges:
        cs = by_pair.get((e["source"], e["target"], e["type"]), [])
        e["asserting"] = [c for c in cs if not c["negated"]]
        e["denying"] = [c for c in cs if c["negated"]]
    return edges
