"""Drive a batch: plan units, hand them to an engine, add up what the workers report.

The driver opens the store once before any worker starts, so the schema migration runs in
one place and not in a race between workers.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from orbat.batch.engine import make_engine
from orbat.batch.units import Unit, plan
from orbat.batch.worker import Task, UnitResult, init_worker, run_unit
from orbat.errors import ReadError


@dataclass
class BatchSummary:
    units: int = 0
    read: int = 0
    saved: int = 0
    skipped: int = 0
    words: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    worker_seconds: float = 0.0

    def add(self, r: UnitResult) -> None:
        self.units += 1
        self.read += r.read
        self.saved += r.saved
        self.skipped += r.skipped
        self.words += r.words
        self.errors += r.errors
        self.worker_seconds += r.seconds


def run_batch(inputs: Iterable[str | Path], db: str, *, engine: str = "local", workers: int = 2,
              chunk: int = 32, address: str | None = None, max_mb: float = 50.0, force: bool = False,
              on_result: Callable[[UnitResult], None] | None = None,
              on_error: Callable[[str], None] | None = None) -> BatchSummary:
    """Extract every document under `inputs` into the store at `db`, exactly once.

    Documents already stored (same content hash) are skipped unless `force`; re-running after
    any crash finishes the work. `on_result` sees each unit as it completes (progress bars),
    `on_error` each unreadable input as the planner meets it.
    """
    from orbat.store import Store

    Store.open(db).close()  # create or migrate the schema once, here
    summary = BatchSummary()
    t0 = time.perf_counter()
    inputs = [str(i) for i in inputs]

    def tasks() -> Iterable[Task]:
        for u in plan(inputs, chunk):
            if isinstance(u, ReadError):
                summary.errors.append(str(u))
                if on_error:
                    on_error(str(u))
                continue
            yield Task(u, db, max_mb, force)

    with make_engine(engine, workers, address=address, initializer=init_worker, initargs=(db,)) as eng:
        for r in eng.map_chunks(run_unit, tasks()):
            summary.add(r)
            if on_result:
                on_result(r)
    summary.seconds = time.perf_counter() - t0
    return summary


__all__ = ["run_batch", "BatchSummary", "Unit", "UnitResult"]
