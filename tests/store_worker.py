"""Subprocess for the crash and concurrency tests: save fixture documents into a store.

    python store_worker.py URL FIRST COUNT [--reverse] [--bulk N] [--wait-go] [--hang-in I]

Prints `saved <i>` after each commit (flushed). `--hang-in I` stops inside the transaction that
saves document I, after all its facts are written and before the commit, and prints `hanging`:
the parent then kills the process with SIGKILL at exactly the worst moment. `--wait-go` prints
`ready` once the store is open and waits for a line on stdin, so two workers start together.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from orbat.store import Store  # noqa: E402
from store_fixtures import make_findings  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("url")
    p.add_argument("first", type=int)
    p.add_argument("count", type=int)
    p.add_argument("--reverse", action="store_true")
    p.add_argument("--bulk", type=int, default=0)
    p.add_argument("--wait-go", action="store_true")
    p.add_argument("--hang-in", type=int, default=None)
    a = p.parse_args()
    if a.hang_in is not None:
        _hang_in(f"doc-{a.hang_in:04d}")
    order = list(range(a.first, a.first + a.count))
    if a.reverse:
        order.reverse()
    findings = [make_findings(i, bulk=a.bulk) for i in order]
    store = Store.open(a.url)
    if a.wait_go:
        print("ready", flush=True)
        sys.stdin.readline()
    for i, f in zip(order, findings, strict=True):
        store.save(f)
        print(f"saved {i}", flush=True)
    store.close()


def _hang_in(key: str) -> None:
    """Wrap the step that writes a document's facts so it never returns for one document."""
    original = Store._write_facts

    def write_facts(self, conn, doc_id, f):  # type: ignore[no-untyped-def]
        original(self, conn, doc_id, f)
        if f.document.key == key:
            print("hanging", flush=True)
            time.sleep(600)

    Store._write_facts = write_facts  # type: ignore[method-assign]


if __name__ == "__main__":
    main()
