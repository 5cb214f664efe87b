"""How much of the dev corpus's gold places the gazetteer resolves.

Reads the gold `location`/`admin1` of events and the `place` of control claims (reading gold to
measure is allowed; nothing here feeds back into the data). Reports the fraction of distinct
names `lookup` resolves, how often the resolved governorate agrees with gold admin1 when no
context is given, and the `find_all` hit rate over the raw pages.

Usage: PYTHONPATH=src python bench/places.py [CORPUS.jsonl] [--show]
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

from orbat.knowledge.places import load_gazetteer

CORPUS = Path("/work/shared/corpus/dev.jsonl")


def _admin_eq(a: str | None, b: str | None) -> bool:
    def n(x: str | None) -> str:
        return (x or "").lower().replace("al-", "").replace("-", " ").strip()
    return n(a) == n(b)


def main(argv: list[str]) -> None:
    path = Path(next((a for a in argv if not a.startswith("--")), CORPUS))
    show = "--show" in argv
    t0 = time.perf_counter()
    g = load_gazetteer()
    t_load = time.perf_counter() - t0
    names: dict[str, str | None] = {}
    contexts: dict[str, list[str]] = {}
    raws = []
    for line in path.open(encoding="utf-8"):
        d = json.loads(line)
        raws.append(d["raw"])
        # What a pipeline would pass as context: the places the page itself names, most named first.
        counts = Counter(p.name for _, _, p in g.find_all(d["raw"]))
        ctx = [n for n, _ in counts.most_common()]
        gold = d.get("gold") or {}
        for e in gold.get("events") or []:
            if e.get("location"):
                names.setdefault(e["location"], e.get("admin1"))
                contexts.setdefault(e["location"], ctx)
        for c in gold.get("control") or []:
            if c.get("place"):
                names.setdefault(c["place"], None)
                contexts.setdefault(c["place"], ctx)
    found = agree = with_admin = found_ctx = agree_ctx = 0
    missed = []
    t0 = time.perf_counter()
    for name, admin1 in sorted(names.items()):
        p = g.lookup(name)
        if p is None:
            missed.append(name)
        else:
            found += 1
            if admin1:
                with_admin += 1
                agree += _admin_eq(p.admin1, admin1)
        pc = g.lookup(name, contexts[name])
        found_ctx += pc is not None
        if pc is not None and admin1:
            agree_ctx += _admin_eq(pc.admin1, admin1)
        if show:
            print(f"{name!r:55} gold={admin1!s:12} -> {p}")
            if pc != p:
                print(f"{'':55} with page context -> {pc}")
    t_lookup = (time.perf_counter() - t0) / max(1, len(names))
    t0 = time.perf_counter()
    hits = sum(len(g.find_all(r)) for r in raws)
    chars = sum(len(r) for r in raws)
    t_find = time.perf_counter() - t0
    print(f"distinct gold places: {len(names)}  resolved: {found} ({found / len(names):.1%})")
    print(f"with the page's own places as context: resolved {found_ctx} ({found_ctx / len(names):.1%})")
    print(f"admin1 agrees with gold: no context {agree}/{with_admin}, page context {agree_ctx}/{with_admin}")
    print(f"missed: {missed}")
    print(f"load {t_load:.2f}s; lookup {t_lookup * 1000:.2f} ms/name; find_all {hits} hits in "
          f"{chars / 1000:.0f}k chars, {t_find * 1000:.0f} ms")


if __name__ == "__main__":
    main(sys.argv[1:])
