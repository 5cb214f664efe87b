"""API latency at scale: p50/p95 of the main read endpoints over HTTP on a store of 10^5 events.

    PYTHONPATH=src python bench/api_latency.py [--events 100000] [--db /tmp/orbat-bench.db] [--requests 40]

Builds (or reuses) a SQLite store of synthetic findings written through `Store.save_many`, and
fuses it (the picture the network endpoints read):
documents of ten events each over two years, three relation claims and one control claim a
document, 40 actors and 60 places inside Syria's bounding box. Then serves the API with
uvicorn on loopback and times sequential requests with varied parameters, as one analyst's
dashboard would send them. The design target is p95 under 100 ms per endpoint.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import httpx
import uvicorn

from orbat.model import (
    ActorFinding,
    ControlClaim,
    Document,
    EventClaim,
    Evidence,
    Findings,
    Place,
    RelationClaim,
)
from orbat.store.repository import Store
from orbat.views.api import create_app

N_ACTORS = 40
N_PLACES = 60
EVENTS_PER_DOC = 10
START = date(2015, 1, 1)
DAYS = 730
TYPES = [("Battles", "Armed clash"), ("Battles", "Government regains territory"),
         ("Explosions/Remote violence", "Air/drone strike"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Violence against civilians", "Attack"), ("Strategic developments", "Agreement"), ("Protests", "Peaceful protest")]
VOICES = ["author"] + [f"quoted:monitor {i}" for i in range(8)]
OUTLETS = [f"Outlet {i}" for i in range(12)]


def actor_id(i: int) -> str:
    return f"bench_actor_{i:02d}"


def places(rng: random.Random) -> list[Place]:
    return [Place(f"Place {i}", f"p{i}", round(rng.uniform(32.5, 37.2), 3), round(rng.uniform(35.8, 42.2), 3),
                  f"Province {i % 14}", "SY") for i in range(N_PLACES)]


def findings(n_docs: int, seed: int = 7) -> Iterator[Findings]:
    rng = random.Random(seed)
    where = places(rng)
    for i in range(n_docs):
        day = START + timedelta(days=i * DAYS // n_docs)
        sentences = [f"Sentence {k} of synthetic report {i}." for k in range(EVENTS_PER_DOC + 4)]
        body = " ".join(sentences)
        offsets = []
        pos = 0
        for s in sentences:
            offsets.append((pos, pos + len(s)))
            pos += len(s) + 1

        def ev(k: int, voice: str = "author", negated: bool = False, _s: list[str] = sentences,
               _o: list[tuple[int, int]] = offsets) -> Evidence:
            return Evidence("body", _s[k], *_o[k], voice, negated=negated)

        used = set()
        events = []
        for k in range(EVENTS_PER_DOC):
            a1, a2 = rng.sample(range(N_ACTORS), 2)
            used |= {a1, a2}
            t, st = rng.choice(TYPES)
            d = day - timedelta(days=rng.randint(0, 3))
            events.append(EventClaim(t, st, ev(k), actor_id(a1), actor_id(a2), [], rng.choice(where), d.isoformat(),
                                     "day", fatalities=rng.choice([None, 0, 1, 3, 8, 20])))
        rels = []
        for k in range(3):
            a, b = rng.sample(range(min(N_ACTORS, 25)), 2)
            used |= {a, b}
            rels.append(RelationClaim(rng.choice(["ally_of", "fights", "fights", "backs"]), actor_id(a), actor_id(b),
                                      ev(EVENTS_PER_DOC + k, rng.choice(VOICES), rng.random() < 0.1)))
        c = rng.randrange(N_ACTORS)
        used.add(c)
        control = [ControlClaim(actor_id(c), rng.choice(where), day.isoformat(), ev(EVENTS_PER_DOC + 3))]
        doc = Document(body=body, title=f"Synthetic report {i}", published=day.isoformat(), outlet=rng.choice(OUTLETS),
                       url=f"https://bench.example/{i}", doc_id=f"bench-{i:06d}", format="text")
        actors = [ActorFinding(actor_id(a), f"Bench Actor {a:02d}", "armed_group", [f"Bench Actor {a:02d}"])
                  for a in sorted(used)]
        yield Findings(doc, actors, [], rels, events, control, extractor_version="bench", knowledge_version="bench")


def build(db: str, n_events: int) -> None:
    n_docs = max(1, n_events // EVENTS_PER_DOC)
    with Store.open(db) as store:
        have = store.counts()["events"]
        if have >= n_events:
            print(f"reusing {db}: {have} events")
            return
        t = time.perf_counter()
        store.save_many(findings(n_docs), batch=500)
        dt = time.perf_counter() - t
        print(f"wrote {n_docs} documents, {store.counts()['events']} events in {dt:.1f} s ({n_docs / dt:.0f} docs/s)")


def fuse(db: str) -> None:
    """The network and relations endpoints read the picture; fuse it ahead, as `orbat fuse` would
    after a batch run (the server then fuses only what is added while it runs)."""
    from orbat.fuse.events import fuse_events

    with Store.open(db) as store:
        t = time.perf_counter()
        rep = fuse_events(store)
        print(f"fusion ({rep.mode}): {rep.claims} claims, {rep.edges} edges in {time.perf_counter() - t:.1f} s")


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def requests_for(rng: random.Random) -> dict[str, Callable[[], str]]:
    def day(lo: int = 0, hi: int = DAYS) -> date:
        return START + timedelta(days=rng.randint(lo, hi))

    def window(limit: str = "") -> str:
        end = day(90)
        return f"/api/events?start={end - timedelta(days=30)}&end={end}{limit}"

    def bbox() -> str:
        lon, lat = rng.uniform(36, 41), rng.uniform(33, 36.5)
        return f"/api/events?bbox={lon:.2f},{lat:.2f},{lon + 0.8:.2f},{lat + 0.6:.2f}"

    return {
        "summary": lambda: "/api/summary",
        "actors": lambda: "/api/actors",
        "actor profile": lambda: f"/api/actors/{actor_id(rng.randrange(N_ACTORS))}",
        "search": lambda: f"/api/search?q=actor%20{rng.randrange(N_ACTORS):02d}",
        # Event lists at the default page (100 events); one window at 500 for comparison.
        "events: 30-day window": window,
        "events: 30-day window, 500": lambda: window("&limit=500"),
        "events: bbox": bbox,
        "events: actor": lambda: f"/api/events?actor={actor_id(rng.randrange(N_ACTORS))}",
        "events: actor, 3rd page": lambda: f"/api/events?actor={actor_id(rng.randrange(N_ACTORS))}&offset=200",
        "events: type + window": lambda: f"/api/events?type=Battles&start={day(0, DAYS - 60)}",
        "events.geojson: 90 days": lambda: f"/api/events.geojson?start={day(0, DAYS - 90)}&limit=2000",
        "timeline": lambda: "/api/timeline",
        "network as of": lambda: f"/api/network?as_of={day()}",
        "relations": lambda: f"/api/relations?as_of={day()}",
        "relations: actor": lambda: f"/api/relations?actor={actor_id(rng.randrange(25))}",
        "control: latest": lambda: f"/api/control?latest=true&as_of={day()}",
        "control: actor": lambda: f"/api/control?actor={actor_id(rng.randrange(N_ACTORS))}",
        "document": lambda: f"/api/documents/bench-{rng.randrange(1000):06d}",
    }


def percentile(xs: list[float], p: int) -> float:
    return xs[min(len(xs) - 1, max(0, round(len(xs) * p / 100) - 1))]


def measure(base: str, n: int, seed: int = 11) -> dict[str, dict[str, float]]:
    rng = random.Random(seed)
    out = {}
    with httpx.Client(base_url=base, timeout=60) as client:
        for name, make in requests_for(rng).items():
            t = time.perf_counter()
            client.get(make()).raise_for_status()  # the first call builds any cache it uses
            first = (time.perf_counter() - t) * 1000
            for _ in range(2):
                client.get(make()).raise_for_status()
            times, cpu = [], []
            for _ in range(n):
                url = make()
                t, c = time.perf_counter(), time.process_time()
                r = client.get(url)
                times.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)  # server and client: this process only
                r.raise_for_status()
            times.sort()
            cpu.sort()
            body = r.json()
            rows = len(body) if isinstance(body, list) else len(body.get("features", [])) or 1
            out[name] = {"first": first, "p50": statistics.median(times), "p95": percentile(times, 95),
                         "max": times[-1], "cpu_p95": percentile(cpu, 95), "rows": rows}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--db", default="/tmp/orbat-api-bench.db")
    ap.add_argument("--requests", type=int, default=40, help="timed requests per endpoint")
    ap.add_argument("--json", help="also write the figures here")
    args = ap.parse_args()
    build(args.db, args.events)
    fuse(args.db)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(args.db, None), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    load = os.getloadavg()[0]
    figures = measure(f"http://127.0.0.1:{port}", args.requests)
    server.should_exit = True
    print(f"\n{args.events} events target, load average {load:.1f} on {os.cpu_count()} cores, "
          f"{args.requests} requests each\n")
    print("p50/p95/max: wall-clock per request; cpu p95: CPU time the request cost this process (server and")
    print("client), which is what the wall-clock time would be on an idle core; first: the first request,")
    print("which builds any whole-store cache the endpoint uses.\n")
    print(f"{'endpoint':26s} {'first':>8s} {'p50 ms':>8s} {'p95 ms':>8s} {'max ms':>8s} {'cpu p95':>8s} {'rows':>6s}")
    for name, f in figures.items():
        flag = "" if f["p95"] < 100 else "  wall p95 over 100 ms"
        print(f"{name:26s} {f['first']:8.1f} {f['p50']:8.1f} {f['p95']:8.1f} {f['max']:8.1f} {f['cpu_p95']:8.1f} "
              f"{f['rows']:6d}{flag}")
    if args.json:
        Path(args.json).write_text(json.dumps({"events": args.events, "load": load, "figures": figures}, indent=2))


if __name__ == "__main__":
    main()
