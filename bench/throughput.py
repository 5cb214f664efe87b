"""Throughput: bare spaCy versus orbat end to end, and 1 versus 2 batch workers.

    PYTHONPATH=src python bench/throughput.py [--words 1000000] [--corpus dev.jsonl] [--profile]

The dev corpus is repeated until it holds `--words` words; every copy gets its own doc_id and
url, so each is a new document to the store (the content hash covers the url). Measured:

1. bare spaCy: the same pipeline (`load_nlp()`, same pipes) over the documents' body and
   comment texts with `nlp.pipe`; the texts are read beforehand, outside the clock.
   Bare spaCy and orbat (2.) run in alternating slices of the corpus (`--rounds`), so both
   see the same load on a shared machine.
2. orbat end to end in this process: read the JSONL, annotate (parse, link actors, extract
   relations, events, control), save into a temporary SQLite store: the batch worker's own
   code path (`run_unit`) with no engine around it.
3. `orbat batch` with the local engine, 1 and 2 workers, into fresh SQLite stores. Wall-clock
   figures include spawning workers and loading the model; the steady figure counts only
   units finished after every worker has finished its first one.

Words are whitespace-separated tokens of body and comments. CPU-second rates are printed
beside wall-clock rates because this machine is shared: wall rates move with the load.
The table is printed and appended to bench/RESULTS.md under "## Throughput".
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from orbat.batch.runner import run_batch  # noqa: E402
from orbat.batch.units import plan, read_unit  # noqa: E402
from orbat.batch.worker import Task, run_unit, words  # noqa: E402
from orbat.model import Document  # noqa: E402

DEV = Path("/work/shared/corpus/dev.jsonl")
RESULTS = ROOT / "bench" / "RESULTS.md"


def build_corpus(src: Path, target_words: int, out: Path) -> int:
    """Repeat the corpus lines (raw only, plus metadata) until the documents hold target words."""
    lines = [json.loads(x) for x in src.read_text(encoding="utf-8").splitlines() if x.strip()]
    keep = ("doc_id", "format", "raw", "published", "outlet", "outlet_kind", "url")
    lines = [{k: d.get(k) for k in keep} for d in lines]  # never gold, text or comments
    per_copy = sum(_doc_words(x) for x in _read_lines(lines))
    copies = max(1, -(-target_words // per_copy))
    with out.open("w", encoding="utf-8") as fh:
        for c in range(copies):
            for d in lines:
                e = dict(d, doc_id=f"{d['doc_id']}-copy{c}", url=f"{d.get('url') or 'urn:orbat:dev'}#copy{c}")
                fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    return copies


def _read_lines(lines: list[dict]) -> list[Document]:
    from orbat.read.corpus import read_corpus_line

    return [read_corpus_line(d) for d in lines]


def _doc_words(d: Document) -> int:
    return words(d)


def _read_all(path: Path) -> list[Document]:
    return [d for u in plan([path], 64) if not isinstance(u, Exception)
            for d in read_unit(u) if isinstance(d, Document)]


def bare_spacy(docs: list[Document]) -> dict:
    from orbat.annotate.nlp import load_nlp

    nlp = load_nlp()
    texts = [t for d in docs for t in [d.body, *(c.text for c in d.comments)] if t.strip()]
    n = sum(len(t.split()) for t in texts)
    w0, c0 = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return {"words": n, "wall": time.perf_counter() - w0, "cpu": time.process_time() - c0, "pipes": nlp.pipe_names}


def orbat_in_process(units: list, db: str, profile: Path | None = None) -> dict:
    from orbat.batch.worker import _state

    _state(db)  # load the Annotator and open the store outside the clock, as bare spaCy loads its model
    prof = cProfile.Profile() if profile else None
    n = docs = 0
    w0, c0 = time.perf_counter(), time.process_time()
    if prof:
        prof.enable()
    for u in units:
        r = run_unit(Task(u, db))
        n += r.words
        docs += r.saved
    if prof:
        prof.disable()
        prof.dump_stats(str(profile))
    return {"words": n, "docs": docs, "wall": time.perf_counter() - w0, "cpu": time.process_time() - c0}


def interleaved(corpus: Path, db: str, rounds: int) -> tuple[dict, dict]:
    """Bare spaCy and orbat end to end in alternating slices of the corpus.

    On a shared machine the load drifts over minutes; alternating slices lets both see the
    same load, so their ratio means something even when the absolute rates do not.
    """
    units = [u for u in plan([corpus], 16) if not isinstance(u, Exception)]
    bare = {"words": 0, "wall": 0.0, "cpu": 0.0, "pipes": []}
    e2e = {"words": 0, "docs": 0, "wall": 0.0, "cpu": 0.0}
    step = max(1, -(-len(units) // rounds))
    warm = [d for d in read_unit(units[0]) if isinstance(d, Document)]
    bare_spacy(warm)  # first calls pay one-off costs (lazy init, caches): not part of the rate
    orbat_in_process(units[:1], db.replace(".db", "-warm.db"))
    for i in range(0, len(units), step):
        part = units[i:i + step]
        docs = [d for u in part for d in read_unit(u) if isinstance(d, Document)]
        b = bare_spacy(docs)
        e = orbat_in_process(part, db)
        for k in ("words", "wall", "cpu"):
            bare[k] += b[k]
            e2e[k] += e[k]
        e2e["docs"] += e["docs"]
        bare["pipes"] = b["pipes"]
        print(f"  slice {i // step + 1}: bare {b['words'] / b['wall']:,.0f}, orbat {e['words'] / e['wall']:,.0f} words/s",
              flush=True)
    return bare, e2e


def orbat_batch(path: Path, db: str, workers: int, engine: str = "local", chunk: int = 8) -> dict:
    marks: list[tuple[float, int]] = []
    t0 = time.perf_counter()
    s = run_batch([path], db, engine=engine, workers=workers, chunk=chunk,
                  on_result=lambda r: marks.append((time.perf_counter(), r.words)))
    wall = time.perf_counter() - t0
    total = sum(w for _, w in marks)
    steady = None
    if len(marks) > workers:
        t_k = marks[workers - 1][0]
        w_after = sum(w for _, w in marks[workers:])
        steady = w_after / (marks[-1][0] - t_k) if marks[-1][0] > t_k else None
    return {"words": total, "docs": s.saved, "wall": wall, "steady": steady, "errors": len(s.errors)}


def hot_spots(profile: Path, top: int = 14) -> list[str]:
    """Own time (tottime) summed by orbat module, plus spaCy, SQLAlchemy and the rest."""
    st = pstats.Stats(str(profile))
    by: dict[str, float] = defaultdict(float)
    total = 0.0
    for (file, _line, _fn), (_cc, _nc, tt, _ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
        total += tt
        f = file.replace(os.sep, "/")
        if "/orbat/" in f:
            key = "orbat." + f.split("/orbat/")[-1].removesuffix(".py").replace("/", ".")
        elif "sqlalchemy" in f or "sqlite3" in f or "psycopg" in f:
            key = "(store: sqlalchemy/sqlite)"
        elif any(x in f for x in ("spacy", "thinc", "blis", "numpy", "srsly", "cymem", "preshed")):
            key = "(spaCy/thinc)"
        elif file == "~":
            key = "(builtins)"
        else:
            key = "(other: " + f.split("/site-packages/")[-1].split("/")[0] + ")"
        by[key] += tt
    rows = sorted(by.items(), key=lambda kv: -kv[1])[:top]
    return [f"| {k} | {v:.1f} | {100 * v / total:.0f}% |" for k, v in rows]


def cumulative(profile: Path, names: list[str]) -> list[str]:
    """Cumulative time of orbat's stage entry points (inclusive of what they call)."""
    st = pstats.Stats(str(profile))
    out = []
    for (file, _line, fn), (_cc, _nc, _tt, ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
        qual = f"{Path(file).stem}.{fn}"
        if qual in names:
            out.append((ct, f"| {qual} | {ct:.1f} |"))
    return [x for _, x in sorted(out, reverse=True)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--corpus", type=Path, default=DEV)
    ap.add_argument("--profile", action="store_true", help="cProfile the in-process run and list hot spots")
    ap.add_argument("--skip-workers", action="store_true", help="only bare spaCy versus orbat in one process")
    ap.add_argument("--only-workers", action="store_true", help="only the 1 versus 2 worker runs")
    ap.add_argument("--rounds", type=int, default=6, help="alternating slices of bare spaCy and orbat")
    ap.add_argument("--engine", default="local", help="engine for the 1 versus 2 worker runs")
    ap.add_argument("--no-append", action="store_true", help="print only; do not append to bench/RESULTS.md")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="orbat-bench-"))
    corpus = tmp / "corpus.jsonl"
    copies = build_corpus(args.corpus, args.words, corpus)
    docs = _read_all(corpus)
    nwords = sum(_doc_words(d) for d in docs)
    print(f"corpus: {args.corpus.name} x {copies} = {len(docs)} documents, {nwords:,} words", flush=True)

    if args.only_workers:
        bare = e2e = None
    else:
        bare, e2e = interleaved(corpus, f"sqlite:///{tmp / 'e2e.db'}", args.rounds)
        print(f"bare spaCy: {bare['words'] / bare['wall']:,.0f} words/s", flush=True)
        print(f"orbat in one process: {e2e['words'] / e2e['wall']:,.0f} words/s", flush=True)
    runs = {}
    if not args.skip_workers:
        for w in (1, 2):
            runs[w] = orbat_batch(corpus, f"sqlite:///{tmp / f'w{w}.db'}", w, args.engine)
            r = runs[w]
            print(f"batch {args.engine} {w} worker(s): {r['words'] / r['wall']:,.0f} words/s wall, steady "
                  f"{(r['steady'] or 0):,.0f}", flush=True)

    prof = None
    if args.profile:  # a separate, smaller run: cProfile slows what it watches
        small = tmp / "profile.jsonl"
        build_corpus(args.corpus, min(args.words, 30_000), small)
        prof = tmp / "e2e.prof"
        orbat_in_process([u for u in plan([small], 16) if not isinstance(u, Exception)],
                         f"sqlite:///{tmp / 'profile.db'}", prof)

    load = os.getloadavg()
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"### {stamp}: {nwords:,} words ({args.corpus.name} x {copies}, {len(docs)} documents), "
        f"{os.cpu_count()} cores, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}",
        "",
        "| run | words | wall s | words/s (wall) | words/CPU-s | ratio |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    if bare and e2e:
        bare_w, bare_c = bare["words"] / bare["wall"], bare["words"] / bare["cpu"]
        e2e_w, e2e_c = e2e["words"] / e2e["wall"], e2e["words"] / e2e["cpu"]
        lines += [
            f"| bare spaCy `nlp.pipe` ({', '.join(bare['pipes'])}) | {bare['words']:,} | {bare['wall']:.1f} | "
            f"{bare_w:,.0f} | {bare_c:,.0f} | 1.00 |",
            f"| orbat end to end, one process (read, annotate, link, extract, SQLite) | {e2e['words']:,} | "
            f"{e2e['wall']:.1f} | {e2e_w:,.0f} | {e2e_c:,.0f} | {e2e_w / bare_w:.2f} wall, {e2e_c / bare_c:.2f} CPU |",
        ]
    if runs:
        one = runs[1]
        for w, r in runs.items():
            wall_rate = r["words"] / r["wall"]
            steady = r["steady"]
            ratio = (f"{wall_rate / (one['words'] / one['wall']):.2f} wall"
                     + (f", {steady / one['steady']:.2f} steady" if steady and one["steady"] else ""))
            lines.append(f"| `orbat batch --engine {args.engine} --workers {w}` | {r['words']:,} | {r['wall']:.1f} | "
                         f"{wall_rate:,.0f} (steady {steady or 0:,.0f}) | | {ratio} |")
    lines.append("")
    if prof:
        lines += ["Own time by module, orbat in one process (cProfile, a separate run of up to 30k words):", "",
                  "| module | s | share |", "|---|---:|---:|", *hot_spots(prof), "",
                  "Inclusive time of the stages:", "", "| function | s |", "|---|---:|",
                  *cumulative(prof, ["__init__.annotate", "actors.link", "relations.extract", "events.extract",
                                     "control.extract", "repository.save_many", "worker.annotate_batch", "units.read_unit",
                                     "repository.has_document", "__init__._extract", "language.pipe"]), ""]
    table = "\n".join(lines)
    print("\n" + table)
    if not args.no_append:
        text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
        if "## Throughput" not in text:
            text = text.rstrip("\n") + "\n\n## Throughput\n"
        RESULTS.write_text(text.rstrip("\n") + "\n\n" + table, encoding="utf-8")
        print(f"appended to {RESULTS}")


if __name__ == "__main__":
    main()
