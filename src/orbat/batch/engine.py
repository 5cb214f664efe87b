"""The one small interface every batch engine offers, and how to pick one by name.

An engine runs `fn(chunk)` for every chunk somewhere (this process's pool, a Ray cluster) and
hands back results as they finish. It never sees documents or the store: the batch runner
gives it picklable chunk descriptions and a top-level function, so swapping the laptop pool
for a cluster changes nothing else. Scheduling, retries after a worker dies and data
movement are the engine's job (concurrent.futures or Ray), never ours.

Engines keep at most a few chunks in flight per worker (`backlog`), so a planner that walks
a ten-million-document archive lazily is never drained into memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar

from orbat.errors import Code, OrbatError

C = TypeVar("C")
R = TypeVar("R")

ENGINES = ("local", "ray")
RAY_PIP = 'pip install "orbat[ray]"  (or: pip install "ray>=2.40,<3")'


class Engine(Protocol):
    """Run chunks in parallel; one process-wide state (the spaCy pipeline) per worker process."""

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
    """An engine by name: `local` (a process pool on this machine) or `ray` (a throwaway local
    Ray instance, or the Ray cluster at `address`: `auto` on a cluster node, `ray://head:10001`).

    `initializer(*initargs)` runs once per worker process before its first chunk, so expensive
    state (the spaCy pipeline) loads once per worker and not once per chunk.
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if name == "local":
        from orbat.batch.local import LocalEngine

        return LocalEngine(workers, initializer=initializer, initargs=initargs)
    if name == "ray":
        try:
            import ray  # noqa: F401
        except ImportError as e:
            raise OrbatError(Code.E081, engine=name, pip=RAY_PIP) from e
        from orbat.batch.ray_engine import RayEngine

        return RayEngine(workers, address=address, initializer=initializer, initargs=initargs,
                         memory_limit=memory_limit)
    if name == "dask":
        raise OrbatError(Code.E080, engine=name, engines=", ".join(ENGINES),
                         why="orbat's distributed engine is Ray (measured faster here; see bench/RESULTS.md)")
    raise OrbatError(Code.E080, engine=name, engines=", ".join(ENGINES), why="unknown engine")
