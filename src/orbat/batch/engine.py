"""The one small interface every batch engine offers, and how to pick one by name.

An engine runs `fn(chunk)` for every chunk somewhere (this process's pool, a Dask cluster) and
hands back results as they finish. It never sees documents or the store: the batch runner
gives it picklable chunk descriptions and a top-level function, so swapping the laptop pool
for a cluster changes nothing else. Scheduling, retries after a worker dies and data
movement are the engine's job (concurrent.futures or Dask), never ours.

Engines keep at most a few chunks in flight per worker (`backlog`), so a planner that walks
a ten-million-document archive lazily is never drained into memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar

from orbat.errors import Code, OrbatError

C = TypeVar("C")
R = TypeVar("R")

ENGINES = ("local", "dask")


class Engine(Protocol):
    """Run chunks in parallel; one process-wide state (the spaCy pipeline) per worker."""

    workers: int

    def map_chunks(self, fn: Callable[[C], R], chunks: Iterable[C]) -> Iterator[R]:
        """`fn(chunk)` for every chunk, results in completion order (not input order)."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...


def make_engine(name: str, workers: int = 2, *, address: str | None = None,
                initializer: Callable[..., Any] | None = None, initargs: tuple[Any, ...] = (),
                memory_limit: str | None = None) -> Engine:
    """An engine by name: `local` (a process pool on this machine) or `dask` (Dask distributed:
    a throwaway local cluster, or the scheduler at `address`, e.g. tcp://head:8786).

    `initializer(*initargs)` runs once per worker process before its first chunk (the local
    pool runs it at start; on Dask it runs as a worker plugin), so expensive state loads once.
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if name == "local":
        from orbat.batch.local import LocalEngine

        return LocalEngine(workers, initializer=initializer, initargs=initargs)
    if name == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError as e:
            raise OrbatError(Code.E081, engine=name, pip='pip install "dask[distributed]"') from e
        from orbat.batch.dask_engine import DaskEngine

        return DaskEngine(workers, address=address, initializer=initializer, initargs=initargs,
                          memory_limit=memory_limit)
    if name == "ray":
        raise OrbatError(Code.E080, engine=name, engines=", ".join(ENGINES),
                         why="orbat runs on Dask distributed (measured lighter here; see bench/RESULTS.md)")
    raise OrbatError(Code.E080, engine=name, engines=", ".join(ENGINES), why="unknown engine")
