"""Event fusion: the claims that describe one real event become one fused event with its sources.

Two claims fuse when they have the same event type and compatible sub-types, places within the
distance their geo precision allows (or the same place when only a governorate is known), date
intervals that overlap (a day, a week, a month or a year wide, widened by a day of slack), and
actors that do not exclude each other (one side empty, or at least one actor shared). Among
several compatible fused events a claim joins the closest.

Differing figures are kept per source; the fused event carries a consensus with its rule
stated (`RULES_TEXT`): fatalities are one figure per document (its highest mention), then the
lowest across documents as ACLED does; the date is the most reported date at the finest
precision; the place is the most precise one.

Fusion is incremental: it remembers the extraction time of the newest document it has taken
in, and a later run re-fuses only documents extracted since (their old sources are dropped,
their current claims matched against the fused events already stored through two indexed
lookups), plus fused events touched by corrections made since. `rebuild` streams every claim in
date order instead, keeping only the events of the last few weeks in memory.
"""

from __future__ import annotations

import json
import math
import statistics
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, or_, select, text, update

from orbat.fuse.corrections import Corrections, event_sig, fact_keys
from orbat.fuse.facts import PRECISION_ORDER, interval
from orbat.fuse.rules import Rules, load_rules
from orbat.store.engine import WRITE
from orbat.store.schema import T

DOCS = T["documents"]
EVENTS = T["event_claims"]
FUSED = T["fused_events"]
SOURCES = T["fused_event_sources"]
STATE = T["fusion_state"]
FUSED_DOCS = T["fused_documents"]
CORRECTIONS = T["corrections"]

CELL_DEG = 0.25
_COLS = 2000  # cells per latitude row (360 / 0.25 = 1440 < 2000)
MAX_SPAN_DAYS = 31  # fused events wider than a month are found only by their own place
_PG_LOCK = 0x6675736500  # advisory lock: one fusion at a time on a shared server
_CHUNK = 500

RULES_TEXT = {
    "fatalities": {
        "min": "one figure per document (its highest), then the lowest across documents (ACLED's conservative rule)",
        "median": "one figure per document (its highest), then the median across documents",
        "max": "one figure per document (its highest), then the highest across documents",
    },
    "date": "the date most sources give at the finest precision any source gives; ties go to the earliest",
    "place": "the most precise place any source gives; ties go to the place most sources name",
    "actors": "the actor1 and actor2 most sources name; the others become associated actors",
}


def cell_of(lat: float | None, lon: float | None) -> int | None:
    if lat is None or lon is None:
        return None
    return int(math.floor((lat + 90) / CELL_DEG)) * _COLS + int(math.floor((lon + 180) / CELL_DEG))


def neighbours(cell: int) -> list[int]:
    r, c = divmod(cell, _COLS)
    return [(r + dr) * _COLS + (c + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def place_key(place_id: str | None, name: str | None) -> str | None:
    if place_id:
        return f"id:{place_id}"
    return f"name:{name.casefold().strip()}" if name else None


# -- claims and fused events in memory -------------------------------------------------------------


@dataclass(eq=False)
class Claim:
    """An event claim as fusion sees it: its row plus the derived interval, cell and actors."""

    row: dict[str, Any]
    key: str
    lo: date | None
    hi: date | None
    cell: int | None
    pkey: str | None
    actors: frozenset[str]

    @property
    def id(self) -> int:
        return self.row["id"]


@dataclass(eq=False)
class Fused:
    """A fused event under construction or loaded as a candidate (`row` holds its columns)."""

    id: int
    row: dict[str, Any]
    lo: date | None
    hi: date | None
    actors: frozenset[str]
    sources: list[Claim] = field(default_factory=list)


def _claim(row: dict[str, Any], key: str, rules: Rules, corr: Corrections) -> Claim:
    day = row["date"] or row["published"]
    prec = row["date_precision"] if row["date"] else "week"  # undated: the week of publication
    iv = interval(day, prec, rules.week_half_days)
    doc = row["doc_key"]
    actors = frozenset(a for a in (corr.actor(row["actor1"], doc), corr.actor(row["actor2"], doc)) if a)
    return Claim(row, key, iv[0] if iv else None, iv[1] if iv else None, cell_of(row["lat"], row["lon"]),
                 place_key(row["place_id"], row["place_name"]), actors)


def _fused_from_row(r: dict[str, Any]) -> Fused:
    lo = date.fromisoformat(r["date_lo"]) if r["date_lo"] else None
    hi = date.fromisoformat(r["date_hi"]) if r["date_hi"] else None
    return Fused(r["id"], r, lo, hi, frozenset(a for a in (r["actor1"], r["actor2"]) if a))


def score(c: Claim, f: Fused, rules: Rules) -> float | None:
    """How well a claim fits a fused event (lower is closer), or None when they cannot be one."""
    r = f.row
    if c.row["type"] != r["type"] or not rules.sub_types_fuse(c.row["sub_type"], r["sub_type"]):
        return None
    if c.lo is None or f.lo is None or c.hi is None or f.hi is None:
        return None
    slack = timedelta(days=rules.slack_days)
    if c.lo > f.hi + slack or f.lo > c.hi + slack:
        return None
    prec = max(c.row["precision"] or 1, r["precision"] or 1)
    limit = rules.max_km.get(prec)
    if limit is not None and c.row["lat"] is not None and r["lat"] is not None:
        d = km(c.row["lat"], c.row["lon"], r["lat"], r["lon"])
        if d > limit:
            return None
        place = d / limit
    elif c.pkey is not None and c.pkey == r["place_key"]:
        place = 0.0
    else:
        return None
    if c.actors and f.actors and not (c.actors & f.actors):
        return None
    gap = abs(((c.lo - f.lo) + (c.hi - f.hi)).days) / 2
    same = 0.0 if c.row["sub_type"] == r["sub_type"] else 0.3
    return place + gap / 7 + same - 0.2 * len(c.actors & f.actors)


def _most_common(values: Iterable[Any]) -> Any:
    """The most frequent value; ties go to the one seen first."""
    vals = [v for v in values if v is not None]
    if not vals:
        return None
    counts = Counter(vals)
    best = max(counts.values())
    return next(v for v in vals if counts[v] == best)


def _figure(values: list[int], rule: str) -> int | None:
    if not values:
        return None
    if rule == "max":
        return max(values)
    if rule == "median":
        return int(statistics.median_low(values))
    return min(values)


_PLACE_FIELDS = ("place_name", "place_id", "lat", "lon", "admin1", "country", "precision")


def _single(c: Claim, rules: Rules, corr: Corrections) -> dict[str, Any]:
    """Consensus of a one-source event (most events): the claim itself."""
    r, doc = c.row, c.row["doc_key"]
    a1 = corr.actor(r["actor1"], doc)
    a2 = corr.actor(r["actor2"], doc)
    if a2 == a1:
        a2 = None
    assoc = {corr.actor(a, doc) or a for a in (r["assoc"] or [])} - {a1, a2, None}
    placed = c.pkey is not None or r["lat"] is not None
    day, prec = (r["date"], r["date_precision"]) if r["date"] else (r["published"], "week")
    return {"type": r["type"], "sub_type": r["sub_type"], "date": day if c.lo else None,
            "date_precision": prec if c.lo else "day",
            **{f: (r[f] if placed else None) for f in _PLACE_FIELDS},
            "actor1": a1, "actor2": a2, "assoc": sorted(assoc), "fatalities": r["fatalities"],
            "fatalities_low": r["fatalities"], "fatalities_high": r["fatalities"], "wounded": r["wounded"],
            "plover": r["plover"] or (rules.plover.get(r["sub_type"]) or {}).get("event"),
            "n_sources": 1, "n_documents": 1, "n_outlets": 1, "disputed": bool(r["negated"]),
            "hedged_only": bool(r["hedged"])}


def _many(sources: list[Claim], rules: Rules, corr: Corrections) -> dict[str, Any]:
    rep = [c for c in sources if not c.row["negated"]] or sources
    sub_type = _most_common(c.row["sub_type"] for c in rep)
    typ = next(c.row["type"] for c in rep if c.row["sub_type"] == sub_type)
    dated = [c for c in rep if c.lo is not None]
    day = prec = None
    if dated:
        def eff(c: Claim) -> tuple[str, str]:
            return (c.row["date"], c.row["date_precision"]) if c.row["date"] else (c.row["published"], "week")
        finest = min(PRECISION_ORDER.get(eff(c)[1], 0) for c in dated)
        at = sorted((eff(c) for c in dated if PRECISION_ORDER.get(eff(c)[1], 0) == finest), key=lambda x: x[0])
        day, prec = _most_common(at)
    placed = [c for c in rep if c.pkey is not None or c.row["lat"] is not None]
    place: dict[str, Any] = dict.fromkeys(_PLACE_FIELDS)
    if placed:
        best = min(c.row["precision"] or 1 for c in placed)
        tops = [c for c in placed if (c.row["precision"] or 1) == best]
        k = _most_common(c.pkey for c in tops)
        chosen = next((c for c in tops if c.pkey == k), tops[0])
        place = {f: chosen.row[f] for f in _PLACE_FIELDS}
    mapped = [(corr.actor(c.row["actor1"], c.row["doc_key"]), corr.actor(c.row["actor2"], c.row["doc_key"]), c)
              for c in rep]
    a1 = _most_common(x for x, _, _ in mapped)
    a2 = _most_common(y for _, y, _ in mapped if y != a1)
    assoc: set[str] = set()
    for x, y, c in mapped:
        assoc |= {corr.actor(a, c.row["doc_key"]) or a for a in (c.row["assoc"] or [])} | {x, y}
    assoc -= {a1, a2, None}
    per_doc_f: dict[int, int] = {}
    per_doc_w: dict[int, int] = {}
    for c in rep:
        d = c.row["document_id"]
        if c.row["fatalities"] is not None:
            per_doc_f[d] = max(per_doc_f.get(d, 0), c.row["fatalities"])
        if c.row["wounded"] is not None:
            per_doc_w[d] = max(per_doc_w.get(d, 0), c.row["wounded"])
    figures = sorted(per_doc_f.values())
    plover = _most_common(c.row["plover"] for c in rep)
    return {
        "type": typ, "sub_type": sub_type, "date": day, "date_precision": prec or "day", **place,
        "actor1": a1, "actor2": a2, "assoc": sorted(assoc),
        "fatalities": _figure(figures, rules.fatalities_rule),
        "fatalities_low": figures[0] if figures else None, "fatalities_high": figures[-1] if figures else None,
        "wounded": _figure(sorted(per_doc_w.values()), rules.fatalities_rule),
        "plover": plover or (rules.plover.get(sub_type) or {}).get("event"),
        "n_sources": len(sources), "n_documents": len({c.row["document_id"] for c in sources}),
        "n_outlets": len({c.row["outlet"] or f"doc:{c.row['document_id']}" for c in sources}),
        "disputed": any(c.row["negated"] for c in sources),
        "hedged_only": all(c.row["hedged"] for c in rep),
    }


def consensus(sources: list[Claim], rules: Rules, corr: Corrections) -> dict[str, Any]:
    """The fused event's columns from its sources (see RULES_TEXT), with analyst edits on top."""
    if len(sources) == 1:
        out = _single(sources[0], rules, corr)
    else:
        sources = sorted(sources, key=lambda c: c.id)
        out = _many(sources, rules, corr)
    edited: dict[str, Any] = {}
    if corr.edits:
        for c in sources:
            for name, value in corr.edits.get(c.key, {}).items():
                out[name] = value
                edited[name] = {"value": value, "fact": c.key}
        if "actor1" in edited or "actor2" in edited:
            out["assoc"] = sorted(set(out["assoc"]) - {out["actor1"], out["actor2"]})
    out["edited"] = edited
    iv = interval(out["date"], out["date_precision"], rules.week_half_days)
    out["date_lo"], out["date_hi"] = (iv[0].isoformat(), iv[1].isoformat()) if iv else (None, None)
    out["cell"] = cell_of(out["lat"], out["lon"])
    out["place_key"] = place_key(out["place_id"], out["place_name"])
    return out


# -- reading claims ---------------------------------------------------------------------------------

_CLAIM_COLS = [EVENTS.c[n] for n in ("id", "document_id", "type", "sub_type", "actor1", "actor2", "assoc", "date",
                                     "date_precision", "fatalities", "wounded", "plover", "place_name", "place_id",
                                     "lat", "lon", "admin1", "country", "precision", "segment", "sentence",
                                     "speaker", "hedged", "negated", "killed_leader", "quantities", "start", "end")]
_CLAIM_SELECT = select(*_CLAIM_COLS, DOCS.c.key.label("doc_key"), DOCS.c.published, DOCS.c.outlet).join(
    DOCS, DOCS.c.id == EVENTS.c.document_id)


def _rows_with_keys(rows: list[dict[str, Any]]) -> list[tuple[dict[str, Any], str]]:
    """Attach fact keys; rows must hold whole documents in id order."""
    out = []
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and rows[j]["document_id"] == rows[i]["document_id"]:
            j += 1
        block = rows[i:j]
        keys = fact_keys(block[0]["doc_key"], "e", [event_sig(r) for r in block])
        out += list(zip(block, keys, strict=True))
        i = j
    return out


def _claims_of_documents(conn: Connection, doc_ids: list[int]) -> list[tuple[dict[str, Any], str]]:
    rows: list[dict[str, Any]] = []
    for i in range(0, len(doc_ids), _CHUNK):
        part = doc_ids[i:i + _CHUNK]
        rows += [dict(r._mapping) for r in conn.execute(
            _CLAIM_SELECT.where(EVENTS.c.document_id.in_(part)).order_by(EVENTS.c.document_id, EVENTS.c.id))]
    return _rows_with_keys(rows)


def _claims_by_id(conn: Connection, ids: list[int], keys: dict[int, str]) -> list[tuple[dict[str, Any], str]]:
    out = []
    for i in range(0, len(ids), _CHUNK):
        for r in conn.execute(_CLAIM_SELECT.where(EVENTS.c.id.in_(ids[i:i + _CHUNK]))):
            out.append((dict(r._mapping), keys[r.id]))
    return out


# -- the fusion run ---------------------------------------------------------------------------------


@dataclass
class FuseReport:
    mode: str = "incremental"
    documents: int = 0
    claims: int = 0
    attached: int = 0
    created: int = 0
    recomputed: int = 0
    removed: int = 0
    rejected: int = 0
    edges: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _state(conn: Connection) -> dict[str, str]:
    return {k: v for k, v in conn.execute(select(STATE.c.key, STATE.c.value))}


def _set_state(conn: Connection, **values: str) -> None:
    for k, v in values.items():
        if conn.execute(update(STATE).where(STATE.c.key == k).values(value=v)).rowcount == 0:
            conn.execute(STATE.insert().values(key=k, value=v))


def _lock(conn: Connection) -> None:
    if conn.engine.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})


def fuse_events(store: Any, *, full: bool = False, rules: Rules | None = None) -> FuseReport:
    """Bring the fused events up to date with the stored claims and corrections (see module doc)."""
    from orbat.fuse import history
    from orbat.fuse.facts import rejected_ids

    rules = rules or load_rules()
    t0 = time.perf_counter()
    corr = Corrections.load(store)
    with store.engine.connect() as conn:
        conn.execution_options(**{WRITE: True})
        with conn.begin():
            _lock(conn)
            state = _state(conn)
            if full or "documents_until" not in state:
                if conn.engine.dialect.name == "sqlite":
                    # The rebuild sorts every claim by date; SQLite's sorter keeps up to the page
                    # cache in memory before spilling to temporary files (256 MB here).
                    conn.exec_driver_sql("PRAGMA cache_size=-262144")
                rep = _rebuild(conn, rules, corr)
                rep.edges = history.rebuild(conn, rules, corr, rejected_ids(store, corr, "r"))
                history.bump_generation(conn)
            else:
                rep, rel_docs, actors = _incremental(conn, state, rules, corr)
                if state.get(history.VERSION_KEY) != history.VERSION:
                    # What a history row counts has changed since this store was fused.
                    rep.edges = history.rebuild(conn, rules, corr, rejected_ids(store, corr, "r"))
                    history.bump_generation(conn)
                elif rel_docs or actors:
                    rep.edges = history.update(conn, rules, corr, rejected_ids(store, corr, "r"), rel_docs, actors)
                    if rep.edges:
                        history.bump_generation(conn)
    rep.seconds = round(time.perf_counter() - t0, 3)
    return rep


def _bookmarks(conn: Connection, docs_until: str | None) -> dict[str, str]:
    """Where the next incremental run starts. Documents extracted at or after `documents_until`
    are compared with the extraction fusion took in (`fused_documents`), so a document written
    in the same second as a run is neither missed nor fused twice; once that second is over
    (`settled`), no writer can still stamp it and the next run starts strictly after it."""
    from orbat.fuse.history import VERSION, VERSION_KEY

    last_corr = conn.execute(select(func.max(CORRECTIONS.c.id))).scalar() or 0
    settled = bool(docs_until) and datetime.fromisoformat(docs_until) < _now() - timedelta(seconds=2)
    return {"documents_until": docs_until or "", "corrections_until": str(last_corr),
            "settled": "1" if settled else "", "rules": load_rules().version, VERSION_KEY: VERSION}


def _stamp(content_hash: str, facts_hash: str) -> str:
    return f"{content_hash}:{facts_hash}"


def _record_documents(conn: Connection, docs: list[tuple[int, str]], replace: bool) -> None:
    for i in range(0, len(docs), _CHUNK):
        part = docs[i:i + _CHUNK]
        if replace:
            conn.execute(delete(FUSED_DOCS).where(FUSED_DOCS.c.document_id.in_([d for d, _ in part])))
        conn.execute(FUSED_DOCS.insert(), [{"document_id": d, "stamp": st} for d, st in part])


class _Writer:
    """Buffers fused events and their sources and writes them in batches with our own ids."""

    def __init__(self, conn: Connection, next_id: int) -> None:
        self.conn = conn
        self.next_id = next_id
        self.events: list[dict[str, Any]] = []
        self.sources: list[dict[str, Any]] = []
        self.now = _now()

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def add(self, f: Fused, cols: dict[str, Any]) -> None:
        self.events.append({"id": f.id, **cols, "updated_at": self.now})
        self.sources += [{"fused_id": f.id, "claim_id": c.id, "document_id": c.row["document_id"],
                          "fact_key": c.key} for c in f.sources]
        if len(self.sources) >= 20000:
            self.flush()

    def flush(self) -> None:
        if self.events:
            self.conn.execute(FUSED.insert(), self.events)
        if self.sources:
            self.conn.execute(SOURCES.insert(), self.sources)
        self.events, self.sources = [], []


def _stream_all(conn: Connection) -> Iterator[tuple[dict[str, Any], str]]:
    """Every event claim in (rough) date order with its fact key.

    Keys depend on a claim's rank among same-signature claims of its document by id, so a
    first pass in document order finds the few repeated signatures; then claims stream by date.
    """
    dup: dict[int, int] = {}
    last_doc = None
    seen: Counter[tuple[Any, ...]] = Counter()
    q = select(EVENTS.c.id, EVENTS.c.document_id, EVENTS.c.type, EVENTS.c.segment, EVENTS.c.sentence).order_by(
        EVENTS.c.document_id, EVENTS.c.id)
    for r in conn.execute(q.execution_options(yield_per=20000)):
        if r.document_id != last_doc:
            seen.clear()
            last_doc = r.document_id
        sig = (r.type, r.segment, r.sentence)
        seen[sig] += 1
        if seen[sig] > 1:
            dup[r.id] = seen[sig]
    order = func.coalesce(EVENTS.c.date, DOCS.c.published)
    for r in conn.execute(_CLAIM_SELECT.order_by(order, EVENTS.c.id).execution_options(yield_per=20000)):
        row = dict(r._mapping)
        key = fact_keys(row["doc_key"], "e", [event_sig(row)])[0]
        if row["id"] in dup:
            key += f"-{dup[row['id']]}"
        yield row, key


def _rebuild(conn: Connection, rules: Rules, corr: Corrections) -> FuseReport:
    rep = FuseReport(mode="full")
    conn.execute(delete(SOURCES))
    conn.execute(delete(FUSED))
    conn.execute(delete(FUSED_DOCS))
    docs = [(r.id, _stamp(r.content_hash, r.facts_hash), r.extracted_at) for r in conn.execute(
        select(DOCS.c.id, DOCS.c.content_hash, DOCS.c.facts_hash, DOCS.c.extracted_at))]
    w = _Writer(conn, 0)
    index = _Active(rules.slack_days)
    active: deque[Fused] = deque()
    margin = timedelta(days=MAX_SPAN_DAYS + rules.slack_days + 1)

    def retire(f: Fused) -> None:
        cols = consensus(f.sources, rules, corr)
        index.remove(f)
        w.add(f, cols)

    for row, key in _stream_all(conn):
        rep.claims += 1
        if key in corr.rejected:
            rep.rejected += 1
            continue
        c = _claim(row, key, rules, corr)
        while active and c.lo is not None and active[0].hi is not None and active[0].hi + margin < c.lo:
            retire(active.popleft())
        f = _best(c, index.candidates(c), rules)
        if f is None:
            f = _new_fused(c, w.new_id())
            rep.created += 1
            active.append(f)
            index.add(f)
        else:
            f.sources.append(c)
            rep.attached += 1
    while active:
        retire(active.popleft())
    w.flush()
    conn.execute(delete(ACTOR_DAYS))
    conn.exec_driver_sql(ACTOR_DAYS_SQL)
    _record_documents(conn, [(d, st) for d, st, _ in docs], replace=False)
    until = max((str(t) for _, _, t in docs), default=None)
    _set_state(conn, **_bookmarks(conn, until))
    rep.documents = len(docs)
    return rep


def _new_fused(c: Claim, fid: int) -> Fused:
    """A fused event seeded by its first claim: later claims of the same run are matched against
    the seed (cheap), the consensus is computed once when the event is written."""
    r = c.row
    seed = {"type": r["type"], "sub_type": r["sub_type"], "lat": r["lat"], "lon": r["lon"],
            "precision": r["precision"], "place_key": c.pkey, "cell": c.cell}
    return Fused(fid, seed, c.lo, c.hi, c.actors, [c])


_BUCKET_DAYS = 4
_WIDTHS = (0, 7, MAX_SPAN_DAYS)  # interval widths in days; wider events sit in one unbucketed list


class _Active:
    """The fused events held in memory, indexed so a claim meets only those `score` could accept:
    same type, a nearby cell (or the same place), and a date interval that can overlap the
    claim's. Each event is filed under its width class (a day, up to a week, up to a month,
    wider) and a few-day bucket of its first day, so a claim looks at a handful of buckets
    instead of every event of the last month around it: at 10^6 claims that is the difference
    between tens and hundreds of candidates per claim. Candidates come back in the order the
    plain per-cell lists gave (cell by cell, oldest event first), so ties are broken as before."""

    def __init__(self, slack_days: int) -> None:
        self.slack = slack_days
        self.cells: dict[tuple[int, str], dict[int, dict[int, list[Fused]]]] = {}
        self.places: dict[tuple[str, str], dict[int, dict[int, list[Fused]]]] = {}

    @staticmethod
    def _slot(f: Fused) -> tuple[int, int] | None:
        if f.lo is None or f.hi is None:
            return None  # an undated event never scores: nothing can join it
        span = (f.hi - f.lo).days
        for cls, width in enumerate(_WIDTHS):
            if span <= width:
                return cls, f.lo.toordinal() // _BUCKET_DAYS
        return len(_WIDTHS), 0

    def _keys(self, f: Fused) -> list[tuple[dict[Any, dict[int, dict[int, list[Fused]]]], Any]]:
        out: list[tuple[dict[Any, dict[int, dict[int, list[Fused]]]], Any]] = []
        if f.row.get("cell") is not None:
            out.append((self.cells, (f.row["cell"], f.row["type"])))
        if f.row.get("place_key") is not None:
            out.append((self.places, (f.row["place_key"], f.row["type"])))
        return out

    def add(self, f: Fused) -> None:
        slot = self._slot(f)
        if slot is None:
            return
        for index, key in self._keys(f):
            index.setdefault(key, {}).setdefault(slot[0], {}).setdefault(slot[1], []).append(f)

    def remove(self, f: Fused) -> None:
        slot = self._slot(f)
        if slot is None:
            return
        for index, key in self._keys(f):
            classes = index.get(key)
            if classes is None or slot[0] not in classes or slot[1] not in classes[slot[0]]:
                continue
            lst = classes[slot[0]][slot[1]]
            if f in lst:
                lst.remove(f)
            if not lst:
                del classes[slot[0]][slot[1]]
                if not classes[slot[0]]:
                    del classes[slot[0]]
                    if not classes:
                        del index[key]

    def _gather(self, classes: dict[int, dict[int, list[Fused]]] | None, lo: int, hi: int) -> list[Fused]:
        """Events of one cell (or place) whose interval may overlap [lo, hi] (ordinals, slack included)."""
        if not classes:
            return []
        out: list[Fused] = []
        for cls, buckets in classes.items():
            if cls >= len(_WIDTHS):
                for lst in buckets.values():
                    out += lst
                continue
            first, last = (lo - _WIDTHS[cls]) // _BUCKET_DAYS, hi // _BUCKET_DAYS
            if last - first + 1 > len(buckets):
                out += [f for b, lst in buckets.items() if first <= b <= last for f in lst]
            else:
                for b in range(first, last + 1):
                    lst = buckets.get(b)
                    if lst:
                        out += lst
        if len(out) > 1:
            out.sort(key=lambda f: f.id)
        return out

    def candidates(self, c: Claim) -> list[Fused]:
        if c.lo is None or c.hi is None:
            return []
        lo, hi = c.lo.toordinal() - self.slack, c.hi.toordinal() + self.slack
        t = c.row["type"]
        out: list[Fused] = []
        if c.cell is not None:
            for n in neighbours(c.cell):
                out += self._gather(self.cells.get((n, t)), lo, hi)
        if c.pkey is not None:
            out += self._gather(self.places.get((c.pkey, t)), lo, hi)
        return out


def _best(c: Claim, candidates: Iterable[Fused], rules: Rules) -> Fused | None:
    best, best_score, seen = None, math.inf, set()
    for f in candidates:
        if f.id in seen:
            continue
        seen.add(f.id)
        s = score(c, f, rules)
        if s is not None and s < best_score:
            best, best_score = f, s
    return best


_MATCH_COLS = ("id", "type", "sub_type", "date_lo", "date_hi", "lat", "lon", "precision", "place_key", "actor1",
               "actor2")


def _candidate_sql(dialect: str) -> tuple[str, str]:
    """Driver-level SQL for the two candidate lookups (one per claim, so no ORM overhead). Every
    condition is one `score` would also apply (type, interval overlap with slack), and all of
    them are answered inside the (cell|place_key, type, date_lo, date_hi) index: only events
    that may fuse come back to Python, which at 10^6 events is a few rows instead of a month's."""
    mark = "?" if dialect == "sqlite" else "%s"
    cols = ", ".join(_MATCH_COLS)
    cells = ", ".join([mark] * 9)
    window = f"type = {mark} AND date_lo >= {mark} AND date_lo <= {mark} AND date_hi >= {mark}"
    by_cell = f"SELECT {cols} FROM fused_events WHERE cell IN ({cells}) AND {window}"
    by_place = f"SELECT {cols} FROM fused_events WHERE place_key = {mark} AND {window}"
    return by_cell, by_place


def _db_candidates(conn: Connection, c: Claim, sql: tuple[str, str], rules: Rules) -> list[Fused]:
    if c.lo is None or c.hi is None or (c.cell is None and c.pkey is None):
        return []
    slack = max(2, rules.slack_days + 1)
    window = (c.row["type"], (c.lo - timedelta(days=MAX_SPAN_DAYS + slack)).isoformat(),
              (c.hi + timedelta(days=slack)).isoformat(), (c.lo - timedelta(days=slack)).isoformat())
    rows = []
    if c.cell is not None:  # two indexed lookups rather than one OR the planner may scan
        rows += conn.exec_driver_sql(sql[0], (*neighbours(c.cell), *window)).fetchall()
    if c.pkey is not None and (c.cell is None or (c.row["precision"] or 1) not in rules.max_km):
        # By name only when distance cannot decide (no coordinates, or a governorate-level place).
        rows += conn.exec_driver_sql(sql[1], (c.pkey, *window)).fetchall()
    return [_fused_from_row(dict(zip(_MATCH_COLS, r, strict=True))) for r in rows]


def _incremental(conn: Connection, state: dict[str, str], rules: Rules,
                 corr: Corrections) -> tuple[FuseReport, list[int], set[str]]:
    """Re-fuse changed documents; returns the report and, for the relation history, the
    documents and actors whose edges need recomputing."""
    rep = FuseReport()
    since = state["documents_until"]
    seen_corr = int(state.get("corrections_until") or 0)
    q = select(DOCS.c.id, DOCS.c.content_hash, DOCS.c.facts_hash, DOCS.c.extracted_at)
    if since:
        bound = datetime.fromisoformat(since)
        q = q.where(DOCS.c.extracted_at > bound if state.get("settled") else DOCS.c.extracted_at >= bound)
    recent = [(r.id, _stamp(r.content_hash, r.facts_hash), str(r.extracted_at)) for r in conn.execute(q)]
    known: dict[int, str] = {}
    ids_recent = [d for d, _, _ in recent]
    for i in range(0, len(ids_recent), _CHUNK):
        known.update({r.document_id: r.stamp for r in conn.execute(
            select(FUSED_DOCS).where(FUSED_DOCS.c.document_id.in_(ids_recent[i:i + _CHUNK])))})
    changed = [(d, st) for d, st, _ in recent if known.get(d) != st]
    until = max([since, *(t for _, _, t in recent)])
    doc_ids = [d for d, _ in changed]
    touched: set[int] = set()
    # Corrections made since the last run: re-fuse the documents of their facts; merges and
    # splits only change consensus actors, so the events holding those actors are recomputed.
    new_corr = [dict(r._mapping) for r in conn.execute(select(CORRECTIONS).where(CORRECTIONS.c.id > seen_corr))]
    refuse_docs: set[str] = set()
    relation_docs: set[str] = set()
    actors: set[str] = set()
    withdrawn = {int(r["target"]) for r in new_corr if r["kind"] == "withdraw" and str(r["target"]).isdigit()}
    old = [dict(r._mapping) for r in conn.execute(select(CORRECTIONS).where(CORRECTIONS.c.id.in_(withdrawn)))]
    for r in new_corr + old:
        if r["kind"] in ("reject_fact", "edit_event") and "#e" in r["target"]:
            refuse_docs.add(r["target"].rpartition("#")[0])
        elif r["kind"] == "reject_fact" and "#r" in r["target"]:
            relation_docs.add(r["target"].rpartition("#")[0])
        elif r["kind"] == "merge_actors":
            actors |= {r["target"], (r["payload"] or {}).get("into")}
        elif r["kind"] == "split_actor":
            actors |= {r["target"], (r["payload"] or {}).get("new_id")}
    if refuse_docs:
        doc_ids += [r[0] for r in conn.execute(select(DOCS.c.id).where(DOCS.c.key.in_(sorted(refuse_docs))))]
    doc_ids = sorted(set(doc_ids))
    rel_doc_ids = set(doc_ids)
    if relation_docs:
        rel_doc_ids |= {r[0] for r in conn.execute(select(DOCS.c.id).where(DOCS.c.key.in_(sorted(relation_docs))))}
    if actors:
        actors.discard(None)
        ids = select(EVENTS.c.id).where(or_(EVENTS.c.actor1.in_(actors), EVENTS.c.actor2.in_(actors)))
        touched |= {r[0] for r in conn.execute(select(SOURCES.c.fused_id).where(SOURCES.c.claim_id.in_(ids)))}
        touched |= {r[0] for r in conn.execute(select(FUSED.c.id).where(
            or_(FUSED.c.actor1.in_(actors), FUSED.c.actor2.in_(actors))))}
    rep.documents = len(doc_ids)
    for i in range(0, len(doc_ids), _CHUNK):
        part = doc_ids[i:i + _CHUNK]
        touched |= {r[0] for r in conn.execute(select(SOURCES.c.fused_id).where(SOURCES.c.document_id.in_(part)))}
        conn.execute(delete(SOURCES).where(SOURCES.c.document_id.in_(part)))
    next_id = conn.execute(select(func.max(FUSED.c.id))).scalar() or 0
    w = _Writer(conn, next_id)
    fresh: dict[int, Fused] = {}
    index = _Active(rules.slack_days)
    attach: list[dict[str, Any]] = []
    sql = _candidate_sql(conn.engine.dialect.name)
    for row, key in _claims_of_documents(conn, doc_ids):
        rep.claims += 1
        if key in corr.rejected:
            rep.rejected += 1
            continue
        c = _claim(row, key, rules, corr)
        stored = [f for f in _db_candidates(conn, c, sql, rules) if f.id not in fresh]
        f = _best(c, stored + index.candidates(c), rules)
        if f is None:
            f = _new_fused(c, w.new_id())
            fresh[f.id] = f
            index.add(f)
            rep.created += 1
        elif f.id in fresh:
            f.sources.append(c)
            rep.attached += 1
        else:
            attach.append({"fused_id": f.id, "claim_id": c.id, "document_id": row["document_id"], "fact_key": key})
            touched.add(f.id)
            rep.attached += 1
    for f in fresh.values():
        w.add(f, consensus(f.sources, rules, corr))
    w.flush()
    if attach:
        conn.execute(SOURCES.insert(), attach)
    touched -= set(fresh)
    before = _actor_days(conn, sorted(touched))
    rep.recomputed, rep.removed = _recompute(conn, sorted(touched), rules, corr)
    _apply_actor_days(conn, before, _actor_days(conn, sorted(touched | set(fresh))))
    _record_documents(conn, changed, replace=True)
    _set_state(conn, **_bookmarks(conn, until))
    return rep, sorted(rel_doc_ids), {a for a in actors if a}


ACTOR_DAYS = T["picture_actor_days"]
# Per actor and consensus date, how many fused events it is party to (actor1, or actor2 when
# that is another actor); the statement revision 0003 also runs on stores fused before it.
ACTOR_DAYS_SQL = ("INSERT INTO picture_actor_days (actor, day, events) "
                  "SELECT actor, day, count(*) FROM ("
                  "SELECT actor1 AS actor, date AS day FROM fused_events WHERE actor1 IS NOT NULL AND date IS NOT NULL "
                  "UNION ALL SELECT actor2 AS actor, date AS day FROM fused_events "
                  "WHERE actor2 IS NOT NULL AND date IS NOT NULL AND (actor1 IS NULL OR actor2 <> actor1)"
                  ") AS x GROUP BY actor, day")


def _actor_days(conn: Connection, fused_ids: list[int]) -> Counter[tuple[str, str]]:
    """What these fused events contribute to `picture_actor_days`, as they stand now."""
    out: Counter[tuple[str, str]] = Counter()
    for i in range(0, len(fused_ids), _CHUNK):
        q = select(FUSED.c.actor1, FUSED.c.actor2, FUSED.c.date).where(FUSED.c.id.in_(fused_ids[i:i + _CHUNK]))
        for a1, a2, day in conn.execute(q):
            if day is None:
                continue
            if a1 is not None:
                out[(a1, day)] += 1
            if a2 is not None and a2 != a1:
                out[(a2, day)] += 1
    return out


def _apply_actor_days(conn: Connection, before: Counter[tuple[str, str]], after: Counter[tuple[str, str]]) -> None:
    """Move the per-actor day counts by what an incremental run changed (after minus before)."""
    for key in sorted(set(before) | set(after)):
        delta = after.get(key, 0) - before.get(key, 0)
        if delta == 0:
            continue
        actor, day = key
        where = (ACTOR_DAYS.c.actor == actor, ACTOR_DAYS.c.day == day)
        if conn.execute(update(ACTOR_DAYS).where(*where).values(events=ACTOR_DAYS.c.events + delta)).rowcount == 0:
            conn.execute(ACTOR_DAYS.insert().values(actor=actor, day=day, events=delta))
        elif delta < 0:
            conn.execute(delete(ACTOR_DAYS).where(*where, ACTOR_DAYS.c.events <= 0))


def _recompute(conn: Connection, fused_ids: list[int], rules: Rules, corr: Corrections) -> tuple[int, int]:
    """Recompute stored fused events from their sources; delete those left with none."""
    recomputed = removed = 0
    now = _now()
    for i in range(0, len(fused_ids), _CHUNK):
        part = fused_ids[i:i + _CHUNK]
        src = [(r.fused_id, r.claim_id, r.fact_key) for r in conn.execute(
            select(SOURCES.c.fused_id, SOURCES.c.claim_id, SOURCES.c.fact_key).where(SOURCES.c.fused_id.in_(part)))]
        keys = {cid: k for _, cid, k in src}
        claims = {row["id"]: (row, k) for row, k in _claims_by_id(conn, sorted(keys), keys)}
        groups: dict[int, list[Claim]] = {}
        for fid, cid, _ in src:
            if cid in claims:
                row, k = claims[cid]
                groups.setdefault(fid, []).append(_claim(row, k, rules, corr))
        empty = [fid for fid in part if fid not in groups]
        if empty:
            conn.execute(delete(SOURCES).where(SOURCES.c.fused_id.in_(empty)))
            conn.execute(delete(FUSED).where(FUSED.c.id.in_(empty)))
            removed += len(empty)
        for fid, claims_of in groups.items():
            cols = consensus(claims_of, rules, corr)
            conn.execute(update(FUSED).where(FUSED.c.id == fid).values(**cols, updated_at=now))
            recomputed += 1
    return recomputed, removed


# -- reading the fused events -----------------------------------------------------------------------


def _fused_dict(r: dict[str, Any]) -> dict[str, Any]:
    d = dict(r)
    d["event_id"] = f"SYR{d['id']}"
    d["disputed"] = bool(d["disputed"])
    d["hedged_only"] = bool(d["hedged_only"])
    d["assoc"] = list(d["assoc"] or [])
    d["edited"] = d["edited"] or {}
    d["updated_at"] = d["updated_at"].isoformat(timespec="seconds") + "Z" if d["updated_at"] else None
    for k in ("cell", "place_key", "date_lo", "date_hi"):
        d.pop(k, None)
    return d


def fused_events(store: Any, *, start: str | None = None, end: str | None = None, as_of: str | None = None,
                 bbox: tuple[float, float, float, float] | None = None, actor: str | None = None,
                 type: str | None = None, limit: int | None = None, sources: bool = True,
                 refresh: bool = True, latest: bool = False) -> list[dict[str, Any]]:
    """Fused events by consensus date (`start` <= date <= `end`, date <= `as_of`), inside `bbox`
    = (min_lon, min_lat, max_lon, max_lat), with `actor` as actor1 or actor2 (after merges).
    With `sources`, each event lists its sources with their own figures and dates, and the
    consensus rules. `refresh` first takes in documents and corrections added since the last run;
    `latest` orders newest first (with `limit`: the latest events)."""
    from orbat.store.repository import _day

    if refresh:
        fuse_events(store)
    q = select(FUSED)
    hi = min(x for x in (_day(end, "end"), _day(as_of, "as_of")) if x) if (end or as_of) else None
    lo = _day(start, "start")
    if lo:
        q = q.where(FUSED.c.date >= lo)
    if hi:
        q = q.where(FUSED.c.date <= hi + "~")  # partial dates ("2016-03") sort before their days
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = bbox
        q = q.where(FUSED.c.lat >= min_lat, FUSED.c.lat <= max_lat, FUSED.c.lon >= min_lon, FUSED.c.lon <= max_lon)
    if actor is not None:
        q = q.where(or_(FUSED.c.actor1 == actor, FUSED.c.actor2 == actor))
    if type is not None:
        q = q.where(or_(FUSED.c.type == type, FUSED.c.sub_type == type))
    order = (FUSED.c.date.desc().nulls_last(), FUSED.c.id.desc()) if latest else (FUSED.c.date.nulls_last(), FUSED.c.id)
    q = q.order_by(*order).limit(limit)
    with store.engine.connect() as conn:
        rows = [_fused_dict(dict(r._mapping)) for r in conn.execute(q)]
        if sources and rows:
            attach_sources(conn, rows)
    return rows


def attach_sources(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Give each fused event its sources (each with its own date and figures) and the rules."""
    rules = load_rules()
    by_id = {r["id"]: r for r in rows}
    for r in rows:
        r["sources"] = []
        r["rules"] = {"fatalities": RULES_TEXT["fatalities"].get(rules.fatalities_rule, rules.fatalities_rule),
                      "date": RULES_TEXT["date"], "place": RULES_TEXT["place"], "actors": RULES_TEXT["actors"]}
    ids = sorted(by_id)
    for i in range(0, len(ids), _CHUNK):
        q = (select(SOURCES.c.fused_id, SOURCES.c.fact_key, *_CLAIM_COLS, DOCS.c.key.label("doc_key"),
                    DOCS.c.published, DOCS.c.outlet, DOCS.c.url)
             .join(EVENTS, EVENTS.c.id == SOURCES.c.claim_id).join(DOCS, DOCS.c.id == EVENTS.c.document_id)
             .where(SOURCES.c.fused_id.in_(ids[i:i + _CHUNK])).order_by(SOURCES.c.fused_id, EVENTS.c.id))
        for s in conn.execute(q):
            by_id[s.fused_id]["sources"].append({
                "fact": s.fact_key, "document": s.doc_key, "published": s.published, "outlet": s.outlet,
                "url": s.url, "speaker": s.speaker, "sub_type": s.sub_type, "date": s.date,
                "date_precision": s.date_precision, "fatalities": s.fatalities, "wounded": s.wounded,
                "actor1": s.actor1, "actor2": s.actor2, "place": s.place_name, "hedged": bool(s.hedged),
                "negated": bool(s.negated), "sentence": s.sentence,
                "quantities": json.loads(s.quantities) if isinstance(s.quantities, str) else (s.quantities or {})})
