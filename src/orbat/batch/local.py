"""The laptop engine: a process pool from the standard library.

Workers are spawned (not forked): the parent runs a progress-bar thread and may hold database
connections, and forking a threaded process copies locks in whatever state they were in.
Each worker runs the initializer once (loading the spaCy pipeline), then takes chunks.

If a worker dies (OOM killer, `kill -9`), concurrent.futures marks the whole pool broken.
We then start a fresh pool and resubmit every chunk that had not reported back; a chunk
that breaks the pool three times is given up with an error rather than looping forever.
Resubmitting is safe because the work itself is idempotent (documents already in the store
are skipped, a document's facts are written in one transaction).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

MAX_ATTEMPTS = 3


class ChunkFailed(RuntimeError):
    """A chunk whose worker died on every attempt."""


class LocalEngine:
    def __init__(self, workers: int, *, initializer: Callable[..., Any] | None = None,
                 initargs: tuple[Any, ...] = (), backlog: int = 2) -> None:
        self.workers = workers
        self.backlog = backlog
        self._init = (initializer, initargs)
        self._pool: ProcessPoolExecutor | None = None

    def _new_pool(self) -> ProcessPoolExecutor:
        initializer, initargs = self._init
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=initializer, initargs=initargs)

    def pids(self) -> list[int]:
        """Worker process ids (for tests and diagnostics)."""
        procs = getattr(self._pool, "_processes", None) or {}
        return list(procs)

    def map_chunks(self, fn: Callable[[Any], Any], chunks: Iterable[Any]) -> Iterator[Any]:
        source = iter(chunks)
        limit = self.workers * self.backlog
        pending: dict[Future[Any], tuple[Any, int]] = {}
        retry: list[tuple[Any, int]] = []
        exhausted = False
        self._pool = self._pool or self._new_pool()
        while True:
            while len(pending) < limit and (retry or not exhausted):
                if retry:
                    chunk, attempt = retry.pop()
                else:
                    try:
                        chunk, attempt = next(source), 1
                    except StopIteration:
                        exhausted = True
                        break
                try:
                    pending[self._pool.submit(fn, chunk)] = (chunk, attempt)
                except BrokenProcessPool:
                    retry.append((chunk, attempt))
                    break
            if not pending and not retry:
                return
            if not pending:  # the pool broke before anything could be submitted
                self._restart()
                continue
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken = False
            for fut in done:
                chunk, attempt = pending.pop(fut)
                try:
                    result = fut.result()
                except BrokenProcessPool:
                    broken = True
                    if attempt >= MAX_ATTEMPTS:
                        raise ChunkFailed(f"a worker died {attempt} times on chunk {chunk!r}") from None
                    retry.append((chunk, attempt + 1))
                    continue
                yield result
            if broken:
                # Every other future of a broken pool fails too; take them back for resubmission.
                for fut, (chunk, attempt) in list(pending.items()):
                    try:
                        result = fut.result()
                    except BrokenProcessPool:
                        retry.append((chunk, attempt))
                    else:
                        yield result
                pending.clear()
                self._restart()

    def _restart(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
