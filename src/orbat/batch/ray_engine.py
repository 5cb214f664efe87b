"""The cluster engine: Ray.

Without an address it starts a throwaway local Ray instance with `workers` CPUs and shuts it
down afterwards; with one (`auto` on a node of a cluster started by `ray start`, KubeRay or
the cluster launcher, or `ray://head:10001` through Ray Client) it joins that cluster and
leaves it running.

Each chunk is a Ray task needing one CPU. Ray keeps its worker processes alive between tasks,
so the initializer runs once per worker process (on its first chunk) and the state it builds,
the spaCy pipeline, serves every later chunk. A task whose worker process dies is retried by
Ray (`max_retries`); that is safe because the chunk function is idempotent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import ray

MAX_RETRIES = 3


class RayEngine:
    def __init__(self, workers: int, *, address: str | None = None,
                 initializer: Callable[..., Any] | None = None, initargs: tuple[Any, ...] = (),
                 memory_limit: str | None = None, backlog: int = 2) -> None:
        self.backlog = backlog
        self._started = False
        if not ray.is_initialized():
            if address:
                ray.init(address=address, log_to_driver=False)
            else:
                ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False,
                         object_store_memory=_bytes(memory_limit) or 100 * 2**20)
            self._started = True
        self.workers = max(1, int(ray.cluster_resources().get("CPU", workers))) if address else workers
        self._init = (initializer, initargs)

    def map_chunks(self, fn: Callable[[Any], Any], chunks: Iterable[Any]) -> Iterator[Any]:
        initializer, initargs = self._init
        remote = ray.remote(num_cpus=1, max_retries=MAX_RETRIES, retry_exceptions=False)(_call)
        source = iter(chunks)
        pending: list[Any] = []
        limit = self.workers * self.backlog
        exhausted = False
        while True:
            while not exhausted and len(pending) < limit:
                try:
                    chunk = next(source)
                except StopIteration:
                    exhausted = True
                    break
                pending.append(remote.remote(fn, chunk, initializer, initargs))
            if not pending:
                return
            done, pending = ray.wait(pending, num_returns=1)
            for ref in done:
                yield ray.get(ref)

    def close(self) -> None:
        if self._started:
            ray.shutdown()
            self._started = False

    def __enter__(self) -> RayEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_initialised = False


def _call(fn: Callable[[Any], Any], chunk: Any, initializer: Callable[..., Any] | None,
          initargs: tuple[Any, ...]) -> Any:
    """Run the initializer once per worker process, then the chunk."""
    global _initialised
    if initializer is not None and not _initialised:
        initializer(*initargs)
        _initialised = True
    return fn(chunk)


def _bytes(limit: str | None) -> int | None:
    """'200MB', '1.5GB', '4096' -> bytes."""
    if not limit:
        return None
    units = {"k": 2**10, "m": 2**20, "g": 2**30}
    s = limit.strip().lower().rstrip("b")
    return int(float(s[:-1]) * units[s[-1]]) if s[-1] in units else int(s)
