"""Store throughput and query latency on synthetic findings (the test fixtures, repeated).

    PYTHONPATH=src:tests python bench/store_bench.py URL [N_DOCS]

Saves N documents (default 10000), then times the interactive queries; the design target is
under 100 ms a query for one analyst's store.
"""

from __future__ import annotations

import sys
import time

from store_fixtures import day, make_findings

from orbat.store import Store


def timed(label: str, fn, repeat: int = 5):  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    n = len(out) if hasattr(out, "__len__") else "-"
    print(f"{label:45s} {best * 1000:8.1f} ms  ({n} rows)")


def main() -> None:
    url = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    store = Store.open(url)
    findings = [make_findings(i, bulk=20) for i in range(n)]
    one = min(n, 500)
    t = time.perf_counter()
    for f in findings[:one]:
        store.save(f)
    dt = time.perf_counter() - t
    print(f"save(): {one} documents in {dt:.1f} s: {one / dt:.0f} docs/s")
    t = time.perf_counter()
    store.save_many(findings[one:], batch=100)
    dt = time.perf_counter() - t
    print(f"save_many(batch=100): {n - one} documents in {dt:.1f} s: {(n - one) / dt:.0f} docs/s")
    print(store.counts())
    t = time.perf_counter()
    for i in range(0, n, 10):
        store.save(make_findings(i, bulk=20))
    print(f"no-op re-save: {(time.perf_counter() - t) / (n / 10) * 1000:.2f} ms a document")
    mid = day(n // 2)
    timed("actors()", store.actors)
    timed("actors(as_of=mid)", lambda: store.actors(as_of=mid))
    timed("actors(actor=russia)", lambda: store.actors(actor="russia"))
    timed("relations(actor=russia, type=backs)", lambda: store.relations(actor="russia", type="backs"))
    timed("relations(as_of=mid, limit=100)", lambda: store.relations(as_of=mid, limit=100))
    timed("events(start, end: 30 days)", lambda: store.events(start=mid, end=day(n // 2 + 30)))
    timed("events(actor=turkey, limit=100)", lambda: store.events(actor="turkey", limit=100))
    timed("events(bbox=Aleppo, limit=100)", lambda: store.events(bbox=(37.0, 36.0, 37.3, 36.3), limit=100))
    timed("control(place=Palmyra, as_of=mid)", lambda: store.control(place="Palmyra", as_of=mid))
    timed("document(key)", lambda: store.document("doc-0042"))
    timed("counts()", store.counts)
    store.close()


if __name__ == "__main__":
    main()
