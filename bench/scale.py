"""The picture at scale: build a synthetic SQLite store of N event claims and M relation claims
by bulk insert, fuse it, and time the interactive queries (p50/p95) and incremental fusion.

    PYTHONPATH=src python bench/scale.py [--events 1000000] [--relations 100000] [--db FILE]

The data are synthetic but shaped like reporting: ten event claims a document, a third of them
re-reports of a recent event (same place, a day off, a different toll), 400 actors with a few
prominent ones, 2000 places inside Syria's bounding box, two years of publication dates.
Figures go to stdout and, with --write, into bench/RESULTS.md under "## Scale".
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

from orbat.fuse.events import fuse_events, fused_events
from orbat.fuse.network import actor_profile, network
from orbat.store import Store
from orbat.store.schema import T

START = date(2015, 1, 1)
DAYS = 730
SUBS = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"),
        ("Explosions/Remote violence", "Shelling/artillery/missile attack"), ("Battles", "Government regains territory"),
        ("Violence against civilians", "Attack"), ("Strategic developments", "Arrests")]
BOX = 0.5  # degrees: about 55 km x 45 km, a district and its surroundings
REL_TYPES = ["fights", "ally_of", "backs", "member_of", "leads", "designated_terrorist_by"]


def _actor(rng: random.Random, n: int) -> str:
    """Skewed choice: a few actors appear in most reports, as in real coverage."""
    return f"actor_{min(int(rng.paretovariate(1.2)) - 1, n - 1):03d}"


def build(db: Path, n_events: int, n_relations: int, seed: int = 7) -> dict[str, float]:
    rng = random.Random(seed)
    store = Store.open(db)
    timings: dict[str, float] = {}
    stamp = datetime(2026, 1, 1)
    t0, c0 = time.perf_counter(), time.process_time()
    # The synthetic build is a bulk load: secondary indexes are dropped and built once at the
    # end (a sort each, instead of 10^6 random inserts into eight B-trees), foreign keys are not
    # checked row by row (the generator only names documents and actors it wrote) and SQLite
    # gets a 256 MB page cache. Fusion and the queries then run on the ordinary schema.
    bulk = [ix for name in ("documents", "event_claims", "event_actors", "relation_claims", "control_claims")
            for ix in T[name].indexes]
    with store.engine.connect() as conn:
        raw = conn.connection.dbapi_connection  # outside a transaction, where these pragmas take effect
        raw.execute("PRAGMA foreign_keys=OFF")
        raw.execute("PRAGMA cache_size=-262144")
        with conn.begin():
            for ix in bulk:
                ix.drop(conn)
            _insert(conn, rng, n_events, n_relations, stamp)
            for ix in bulk:
                ix.create(conn)
        raw.execute("PRAGMA foreign_keys=ON")
    with store.engine.connect() as conn:
        conn.execute(text("ANALYZE"))
    timings["build_s"] = time.perf_counter() - t0
    timings["build_cpu_s"] = time.process_time() - c0
    print(f"built {n_events:,} event claims in {timings['build_s']:.0f} s ({timings['build_cpu_s']:.0f} s cpu)",
          flush=True)
    t0, c0 = time.perf_counter(), time.process_time()
    rep = fuse_events(store, full=True)
    timings["fuse_full_s"] = time.perf_counter() - t0
    timings["fuse_full_cpu_s"] = time.process_time() - c0
    timings["fused_events"] = rep.created
    with store.engine.connect() as conn:
        conn.execute(text("ANALYZE"))
    store.close()
    return timings


def _insert(conn: Any, rng: random.Random, n_events: int, n_relations: int, stamp: datetime) -> None:
    """Actors, documents, event claims (with their actor rows), relation and control claims."""
    n_actors, n_places, per_doc = 400, 2000, 10
    n_docs = n_events // per_doc
    places = [(f"place {i}", f"p{i}", round(rng.uniform(32.3, 37.3), 4), round(rng.uniform(35.7, 42.4), 4),
               f"gov {i % 14}") for i in range(n_places)]
    outlets = [f"outlet {i}" for i in range(60)]
    conn.execute(T["actors"].insert(), [{"id": f"actor_{i:03d}", "name": f"Actor {i}", "type":
                                         ["armed_group", "state_force", "state", "coalition"][i % 4],
                                         "country": None, "provisional": False, "origin": "kb"}
                                        for i in range(n_actors)])
    docs = []
    for d in range(n_docs):
        pub = (START + timedelta(days=d * DAYS // n_docs)).isoformat()
        docs.append({"id": d + 1, "key": f"doc-{d:07d}", "content_hash": f"{d:064x}", "title": None,
                     "author": None, "published": pub, "outlet": outlets[rng.randrange(len(outlets))],
                     "outlet_kind": None, "url": None, "source": "bench", "format": "text", "body": "",
                     "ingested_at": stamp, "extracted_at": stamp, "extractor_version": "bench",
                     "knowledge_version": "bench", "facts_hash": "bench"})
    for i in range(0, len(docs), 50000):
        conn.execute(T["documents"].insert(), docs[i:i + 50000])
    recent: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    eid = 0
    for d in docs:
        pub = date.fromisoformat(d["published"])
        for _ in range(per_doc):
            eid += 1
            if recent and rng.random() < 0.33:
                base = recent[rng.randrange(len(recent))]
                day = date.fromisoformat(base["date"]) + timedelta(days=rng.choice((-1, 0, 0, 1)))
                ev = dict(base, date=day.isoformat(), fatalities=max(0, (base["fatalities"] or 0)
                                                                      + rng.randint(-3, 5)))
            else:
                typ, sub = SUBS[rng.randrange(len(SUBS))]
                name, pid, lat, lon, adm = places[rng.randrange(n_places)]
                ev = {"type": typ, "sub_type": sub, "place_name": name, "place_id": pid, "lat": lat, "lon": lon,
                      "admin1": adm, "country": "SY", "precision": 1, "actor1": _actor(rng, n_actors),
                      "actor2": _actor(rng, n_actors),
                      "date": (pub - timedelta(days=rng.randint(0, 2))).isoformat(),
                      "fatalities": rng.randint(0, 30) if rng.random() < 0.6 else None}
                recent.append(ev)
                if len(recent) > 3000:
                    recent.pop(0)
            rows.append({**ev, "id": eid, "document_id": d["id"], "assoc": [], "date_precision": "day",
                         "wounded": None, "killed_leader": None, "quantities": {}, "plover": None,
                         "segment": "body", "sentence": f"Synthetic report {eid}.", "start": 0, "end": 10,
                         "speaker": "author", "hedged": False, "negated": False, "extractor_version": "bench",
                         "knowledge_version": "bench"})
            links += [{"event_id": eid, "actor_id": ev["actor1"], "role": "actor1"},
                      {"event_id": eid, "actor_id": ev["actor2"], "role": "actor2"}]
        if len(rows) >= 50000:
            conn.execute(T["event_claims"].insert(), rows)
            conn.execute(T["event_actors"].insert(), links)
            rows, links = [], []
    if rows:
        conn.execute(T["event_claims"].insert(), rows)
        conn.execute(T["event_actors"].insert(), links)
    rels = []
    for r in range(n_relations):
        d = docs[rng.randrange(n_docs)]
        s, o = _actor(rng, n_actors), _actor(rng, n_actors)
        if s == o:
            o = f"actor_{(int(o[6:]) + 1) % n_actors:03d}"
        rels.append({"document_id": d["id"], "type": REL_TYPES[r % len(REL_TYPES)], "subject": s, "object": o,
                     "kind": "arms" if r % 6 == 2 else None, "segment": "body",
                     "sentence": f"Synthetic relation {r}.", "start": 0, "end": 10, "speaker": "author",
                     "hedged": rng.random() < 0.15, "negated": rng.random() < 0.05,
                     "extractor_version": "bench", "knowledge_version": "bench"})
    for i in range(0, len(rels), 50000):
        conn.execute(T["relation_claims"].insert(), rels[i:i + 50000])
    ctl = []
    for i in range(5000):
        d = docs[rng.randrange(n_docs)]
        name, pid, lat, lon, adm = places[rng.randrange(n_places)]
        ctl.append({"document_id": d["id"], "actor": _actor(rng, n_actors), "as_of": d["published"],
                    "place_name": name, "place_id": pid, "lat": lat, "lon": lon, "admin1": adm, "country": "SY",
                    "precision": 1, "segment": "body", "sentence": f"Synthetic control {i}.", "start": 0,
                    "end": 10, "speaker": "author", "hedged": False, "negated": False,
                    "extractor_version": "bench", "knowledge_version": "bench"})
    conn.execute(T["control_claims"].insert(), ctl)


def _history(db: Path) -> None:
    """A store built before the relation history existed gets it (relations only, seconds)."""
    from orbat.fuse import history
    from orbat.fuse.corrections import Corrections
    from orbat.fuse.rules import load_rules
    from orbat.store.engine import WRITE

    store = Store.open(db)
    with store.engine.connect() as conn:
        if conn.execute(text("SELECT value FROM fusion_state WHERE key = 'history_generation'")).first():
            store.close()
            return
        conn.execution_options(**{WRITE: True})
        with conn.begin():
            history.rebuild(conn, load_rules(), Corrections(), set())
            history.bump_generation(conn)
    store.close()


def add_new(store: Store, n_events: int, seed: int = 11) -> None:
    """n_events new claims in new documents (half re-reports of stored events), bulk inserted."""
    rng = random.Random(seed)
    stamp = datetime.now(UTC).replace(tzinfo=None, microsecond=0)  # extracted now, after the last fusion
    with store.engine.begin() as conn:
        last_doc = conn.execute(text("SELECT max(id) FROM documents")).scalar()
        last_ev = conn.execute(text("SELECT max(id) FROM event_claims")).scalar()
        sample = [dict(r._mapping) for r in conn.execute(text(
            "SELECT type, sub_type, place_name, place_id, lat, lon, admin1, country, precision, actor1, actor2, date,"
            " fatalities FROM event_claims WHERE id % 97 = 0 LIMIT 20000"))]
        docs, rows = [], []
        for k in range(n_events // 10):
            did = last_doc + k + 1
            base_doc = sample[rng.randrange(len(sample))]
            docs.append({"id": did, "key": f"new-{did:08d}", "content_hash": f"new{did:061x}", "published": base_doc["date"],
                         "outlet": f"outlet {rng.randrange(60)}", "body": "", "ingested_at": stamp,
                         "extracted_at": stamp, "extractor_version": "bench", "knowledge_version": "bench",
                         "facts_hash": "new", "source": "bench", "format": "text"})
            for j in range(10):
                last_ev += 1
                ev = dict(sample[rng.randrange(len(sample))]) if j % 2 else dict(base_doc)
                if j % 2:
                    ev["lat"] = round(ev["lat"] + 0.5, 4)  # a new event elsewhere
                rows.append({**ev, "id": last_ev, "document_id": did, "assoc": [], "date_precision": "day",
                             "quantities": {}, "segment": "body", "sentence": f"New report {last_ev}.", "start": 0,
                             "end": 10, "speaker": "author", "hedged": False, "negated": False,
                             "extractor_version": "bench", "knowledge_version": "bench"})
        conn.execute(T["documents"].insert(), docs)
        conn.execute(T["event_claims"].insert(), rows)


def percentiles(fn: Callable[[int], Any], n: int) -> tuple[float, float, float, float, int]:
    """Wall-clock and CPU-time p50/p95 in ms. CPU time is this process's own work, which a
    machine shared with other busy processes does not inflate the way it inflates wall time."""
    walls, cpus, size = [], [], 0
    fn(0)  # warm the page cache and the knowledge base once
    for i in range(n):
        t, c = time.perf_counter(), time.process_time()
        out = fn(i + 1)
        walls.append((time.perf_counter() - t) * 1000)
        cpus.append((time.process_time() - c) * 1000)
        size = len(out) if hasattr(out, "__len__") else size

    def p95(xs: list[float]) -> float:
        xs = sorted(xs)
        return xs[max(0, int(round(0.95 * len(xs))) - 1)]

    return statistics.median(walls), p95(walls), statistics.median(cpus), p95(cpus), size


def measure(db: Path, runs: int, n_new: int) -> dict[str, Any]:
    store = Store.open(db)
    rng = random.Random(3)
    out: dict[str, Any] = {}

    def net(i: int) -> Any:
        d = (START + timedelta(days=rng.randrange(60, DAYS))).isoformat()
        return network(store, as_of=d, background=False, refresh=False)["edges"]

    def box(i: int) -> Any:
        lat, lon = rng.uniform(32.5, 36.5), rng.uniform(36.0, 41.5)
        s = START + timedelta(days=rng.randrange(0, DAYS - 30))
        return fused_events(store, start=s.isoformat(), end=(s + timedelta(days=30)).isoformat(),
                            bbox=(lon, lat, lon + BOX, lat + BOX), refresh=False)

    def prof(i: int) -> Any:
        return actor_profile(store, f"actor_{rng.randrange(0, 40):03d}", events_limit=50, refresh=False)["edges"]

    for label, fn in (("network as of a date (all edges)", net),
                      (f"events in a {BOX}°×{BOX}° box and 30 days, with sources", box),
                      ("actor profile (edges, event count, latest 50 events, holdings)", prof)):
        p50, p95, c50, c95, size = percentiles(fn, runs)
        out[label] = (p50, p95, c50, c95, size)
        print(f"{label:62s} wall p50 {p50:7.1f} p95 {p95:7.1f} ms; cpu p50 {c50:7.1f} p95 {c95:7.1f} ms "
              f"(last: {size} rows)", flush=True)
    t = time.perf_counter()
    rep = fuse_events(store)
    out["no-op fusion check (nothing new)"] = (time.perf_counter() - t) * 1000
    add_new(store, n_new)
    t, c = time.perf_counter(), time.process_time()
    rep = fuse_events(store)
    secs, cpu = time.perf_counter() - t, time.process_time() - c
    out["incremental"] = (secs, cpu, rep)
    print(f"incremental fusion of {rep.claims} new claims: {secs:.2f} s wall, {cpu:.2f} s cpu ({rep.attached} "
          f"attached, {rep.created} new, {rep.recomputed} recomputed)", flush=True)
    store.close()
    return out


def write_results(n_events: int, n_rel: int, build_t: dict[str, float], res: dict[str, Any]) -> None:
    path = Path(__file__).resolve().parent / "RESULTS.md"
    text_ = path.read_text(encoding="utf-8") if path.exists() else "# Results\n"
    inc_s, inc_cpu, rep = res.pop("incremental")
    noop = res.pop("no-op fusion check (nothing new)")
    load = os.getloadavg()[0]
    cpu = (f" ({build_t['build_cpu_s']:.0f} s cpu)", f" ({build_t['fuse_full_cpu_s']:.0f} s cpu)") \
        if "build_cpu_s" in build_t else ("", "")
    lines = [f"### {n_events:,} event claims, {n_rel:,} relation claims (SQLite, {platform.machine()}, "
             f"{os.cpu_count()} cores, load average {load:.1f} at the end, {datetime.now().date()})", "",
             f"Built by bulk insert in {build_t['build_s']:.0f} s{cpu[0]}; full fusion (streaming rebuild) "
             f"{build_t['fuse_full_s']:.0f} s{cpu[1]} → {int(build_t['fused_events']):,} fused events. "
             "`python bench/scale.py --events N --relations M --write`.", "",
             "| query | wall p50 ms | wall p95 ms | cpu p50 ms | cpu p95 ms | rows (last) |",
             "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {k} | {v[0]:.1f} | {v[1]:.1f} | {v[2]:.1f} | {v[3]:.1f} | {v[4]} |" for k, v in res.items()]
    lines += ["", f"Incremental fusion of {rep.claims:,} new event claims in {rep.documents:,} new documents: "
              f"{inc_s:.1f} s wall, {inc_cpu:.1f} s cpu ({rep.attached:,} joined stored events, {rep.created:,} new events, "
              f"{rep.recomputed:,} stored events recomputed); a fusion check with nothing new: {noop:.0f} ms.", ""]
    block = "\n".join(lines).strip()
    head, found, tail = text_.partition("## Scale")
    if not found:
        head, tail = text_.rstrip() + "\n\n", ""
    section, nxt, rest = tail.partition("\n## ")
    blocks = [b.strip() for b in section.split("\n### ") if b.strip()]
    blocks = ["### " + b.removeprefix("### ") for b in blocks]
    key = f"### {n_events:,} event claims"
    blocks = [b for b in blocks if not b.startswith(key)] + [block]
    new = head + "## Scale\n\n" + "\n\n".join(blocks) + "\n" + (("\n## " + rest) if nxt else "")
    path.write_text(new, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--relations", type=int, default=100_000)
    ap.add_argument("--new", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--db", type=Path)
    ap.add_argument("--reuse", action="store_true", help="measure an already built --db")
    ap.add_argument("--write", action="store_true", help="record the figures in bench/RESULTS.md")
    ap.add_argument("--build-only", action="store_true", help="build and fuse --db, measure nothing")
    ap.add_argument("--build-s", type=float, default=float("nan"), help="with --reuse: the build's seconds")
    ap.add_argument("--fuse-s", type=float, default=float("nan"), help="with --reuse: the full fusion's seconds")
    ap.add_argument("--fused", type=float, default=float("nan"), help="with --reuse: fused events built")
    a = ap.parse_args()
    db = a.db or Path(tempfile.mkdtemp()) / "scale.db"
    if a.reuse:
        built = {"build_s": a.build_s, "fuse_full_s": a.fuse_s, "fused_events": a.fused}
        _history(db)
    else:
        if db.exists():
            db.unlink()
        built = build(db, a.events, a.relations)
        print(f"built {a.events:,} events / {a.relations:,} relations in {built['build_s']:.1f} s; "
              f"full fusion {built['fuse_full_s']:.1f} s ({built['fuse_full_cpu_s']:.1f} s cpu) -> "
              f"{int(built['fused_events']):,} fused events")
        if a.build_only:
            return
    res = measure(db, a.runs, a.new)
    if a.write:
        write_results(a.events, a.relations, built, res)


if __name__ == "__main__":
    main()
