"""What a batch worker does with one unit: read it, skip what is stored, annotate, save.

Exactly once comes from the store, not from bookkeeping of our own: a document's identity is
its content hash, `has_document` skips what an earlier (or killed) run already saved, and
`Store.save_many` writes each document all-or-nothing (`write_batch` documents to a
transaction, so a kill loses at most that many, which the next run redoes) and is a no-op
for a document saved before with the same facts. So
a unit that runs twice (a dead worker's chunk rescheduled, a whole run restarted after
`kill -9`) ends with the same store as a unit that ran once.

Each worker process (each thread, should an engine run several in one process) loads the Annotator
(spaCy pipeline, actor matcher, gazetteer) and opens the store once, on first use or in the
engine's initializer, and keeps them for every later unit.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from orbat.batch.units import Unit, read_unit
from orbat.errors import Code, OrbatError, ReadError
from orbat.model import Document, Findings

_local = threading.local()


@dataclass(frozen=True)
class Task:
    """A unit plus what every worker must know to do it (picklable, a few hundred bytes)."""

    unit: Unit
    db: str
    max_mb: float = 50.0
    force: bool = False
    write_batch: int = 16  # documents per store transaction


@dataclass
class UnitResult:
    unit: Unit
    read: int = 0  # documents read from the unit
    saved: int = 0  # documents annotated and saved by this run
    skipped: int = 0  # already in the store
    words: int = 0  # words of the documents annotated
    nbytes: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    worker: str = ""


def words(doc: Document) -> int:
    return len(doc.body.split()) + sum(len(c.text.split()) for c in doc.comments)


def _state(db: str) -> dict[str, Any]:
    """This thread's Annotator and Store, built on first use."""
    st = getattr(_local, "state", None)
    if st is None:
        st = _local.state = {}
    if "annotator" not in st:
        from orbat.annotate import Annotator

        st["annotator"] = Annotator()
        # The pipeline, knowledge base and gazetteer live as long as the process: move them out of
        # the collector's reach, or every full collection walks their hundreds of thousands of objects.
        gc.freeze()
    if st.get("db") != db:
        from orbat.store import Store

        if "store" in st:
            st["store"].close()
        st["store"] = Store.open(db)
        st["db"] = db
    return st


def init_worker(db: str) -> None:
    """Engine initializer: load the pipeline and open the store before the first unit."""
    _state(db)


def annotate_batch(annotator: Any, docs: list[Document]) -> list[Findings | Exception]:
    """Findings (or the exception) for each document; the chunk is parsed in one nlp.pipe.

    If the batched pass fails, the documents are redone one by one so that only the document
    at fault carries the error.
    """
    try:
        return list(annotator.annotate_many(docs, batch_size=max(len(docs), 1)))
    except Exception:  # noqa: BLE001 - find the document at fault one by one
        return [_try(annotator.annotate, d) for d in docs]


def _try(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except Exception as e:  # noqa: BLE001 - one odd document must not stop ten thousand
        return e


def run_unit(task: Task) -> UnitResult:
    t0 = time.perf_counter()
    st = _state(task.db)
    annotator, store = st["annotator"], st["store"]
    res = UnitResult(task.unit, nbytes=task.unit.nbytes, worker=f"{os.uname().nodename}:{os.getpid()}")
    todo: list[Document] = []
    pending: set[str] = set()  # content hashes waiting in `todo`: a repeat inside the unit is skipped

    def flush() -> None:
        # Parse `write_batch` documents together, then save them in one transaction; each
        # document stays all-or-nothing in the store.
        if not todo:
            return
        done: list[Findings] = []
        for doc, f in zip(todo, annotate_batch(annotator, todo), strict=True):
            if isinstance(f, Exception):
                res.errors.append(str(OrbatError(Code.E082, doc=doc.source or doc.key, why=repr(f)[:200])))
            else:
                done.append(f)
        try:
            store.save_many(done, batch=task.write_batch)
            saved = done
        except OrbatError:  # a record the store refuses (a bad date): save the others one by one
            saved = []
            for f in done:
                try:
                    store.save(f)
                    saved.append(f)
                except OrbatError as e:
                    res.errors.append(f"{f.document.source or f.document.key}: {e}")
        res.saved += len(saved)
        res.words += sum(words(f.document) for f in saved)
        todo.clear()
        pending.clear()

    for item in read_unit(task.unit, max_mb=task.max_mb):
        if isinstance(item, ReadError):
            res.errors.append(str(item))
            continue
        res.read += 1
        chash = item.content_hash
        if chash in pending or (not task.force and store.has_document(chash)):
            res.skipped += 1
            continue
        todo.append(item)
        pending.add(chash)
        if len(todo) >= task.write_batch:
            flush()
    flush()
    res.seconds = time.perf_counter() - t0
    return res
