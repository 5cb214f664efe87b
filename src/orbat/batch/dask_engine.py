"""The cluster engine: Dask distributed.

Without an address it starts a throwaway LocalCluster (one single-threaded worker process per
`workers`, so one spaCy pipeline per process and no GIL contention); with an address
(`tcp://scheduler:8786`, or a cluster started by dask-jobqueue on SLURM/PBS or by
dask-kubernetes) it uses that cluster as it is and only shuts down its own client.

The initializer is a worker plugin: it runs once on every worker, including workers that join
later or that the nanny restarts after a crash. The plugin also stops the worker's statistical
profiler: it samples every task thread's stack every 10 ms, and with spaCy's deep stacks that
cut throughput five-fold on a busy 2-core machine (1,100 → 170-220 words/s, bench/RESULTS.md). When a worker dies mid-chunk, the scheduler
reschedules its chunks elsewhere (up to `distributed.scheduler.allowed-failures` times);
that re-run is safe because the chunk function is idempotent.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import dask
from distributed import Client, LocalCluster, WorkerPlugin, as_completed

NO_PROFILER = {"distributed.worker.profile.enabled": False}


class _Init(WorkerPlugin):
    name = "orbat-init"

    def __init__(self, fn: Callable[..., Any] | None, args: tuple[Any, ...]) -> None:
        self.fn = fn
        self.args = args

    def setup(self, worker: Any) -> None:
        for name in ("profile", "profile-cycle"):  # workers of a cluster someone else started
            pc = getattr(worker, "periodic_callbacks", {}).get(name)
            if pc is not None:
                pc.stop()
        if self.fn is not None:
            self.fn(*self.args)


class DaskEngine:
    def __init__(self, workers: int, *, address: str | None = None,
                 initializer: Callable[..., Any] | None = None, initargs: tuple[Any, ...] = (),
                 memory_limit: str | None = None, backlog: int = 2) -> None:
        self.backlog = backlog
        self._cluster: LocalCluster | None = None
        if address:
            self.client = Client(address)
            self.workers = max(1, sum(w.get("nthreads", 1) for w in
                                      self.client.scheduler_info()["workers"].values()))
        else:
            with dask.config.set(NO_PROFILER):
                self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                             dashboard_address=None, memory_limit=memory_limit or "auto")
            self.client = Client(self._cluster)
            self.workers = workers
        self.client.register_plugin(_Init(initializer, initargs))

    def map_chunks(self, fn: Callable[[Any], Any], chunks: Iterable[Any]) -> Iterator[Any]:
        source = iter(chunks)
        queue = as_completed()
        for chunk in itertools.islice(source, self.workers * self.backlog):
            queue.add(self.client.submit(fn, chunk, pure=False, retries=2))
        for fut in queue:
            result = fut.result()
            fut.release()
            yield result
            nxt = next(source, None)
            if nxt is not None:
                queue.add(self.client.submit(fn, nxt, pure=False, retries=2))

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
