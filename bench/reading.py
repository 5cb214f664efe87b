"""Measure the readers alone on a corpus: read every line's `raw` and score the reading figures.

Usage: PYTHONPATH=src python bench/reading.py [CORPUS.jsonl] [--per-doc]

Predictions carry only the `document` object (no actors, events...), so of score.py's output
only the `reading` block means anything; it is what this prints.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from orbat.read import ReadError, prediction_line, read_corpus_line, read_file, read_paths

DEFAULT_CORPUS = "/work/shared/corpus/dev.jsonl"
SCORER = "/work/shared/eval/score.py"
SEED = "/work/shared/corpus/seed.txt"


def seed_check() -> dict:
    """The seed page: its visible comments, their parent links, and no comment words in the body."""
    (doc,) = read_file(SEED)
    body = " ".join(doc.body.split())
    return {
        "comments": len(doc.comments),
        "replies": sum(c.parent is not None for c in doc.comments),
        "multi_paragraph_comments": sum("\n\n" in c.text for c in doc.comments),
        "comments_in_body": sum(" ".join(c.text.split()[:8]) in body for c in doc.comments),
        "title": doc.title,
    }


def page_dates(corpus: str) -> str:
    """Date found on the page itself (the line's `published` withheld) vs the line's `published`."""
    ok = total = 0
    with open(corpus, encoding="utf-8") as fh:
        for n, ln in enumerate(fh, 1):
            obj = json.loads(ln)
            if not obj.get("published"):
                continue
            total += 1
            doc = read_corpus_line(
                {k: obj.get(k) for k in ("doc_id", "format", "raw", "outlet", "outlet_kind")}, line=n
            )
            ok += doc.published == str(obj["published"])[:10]
    return f"{ok}/{total}"


def show_per_doc(corpus: str, pred_path: str) -> None:
    """Per-document body F1 and comment counts (measurement only: reads the gold view)."""
    spec = importlib.util.spec_from_file_location("orbat_score", SCORER)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    with open(pred_path, encoding="utf-8") as fh:
        preds = {json.loads(ln)["doc_id"]: json.loads(ln)["document"] for ln in fh}
    with open(corpus, encoding="utf-8") as fh:
        golds = [json.loads(ln) for ln in fh]
    for gold in golds:
        r = score.read_score(gold, preds.get(gold["doc_id"], {}))
        print(
            gold["doc_id"],
            f"body_f1={r['body_f1']:.3f}",
            "comments(tp,fp,fn)=",
            r["comments"],
            "parents=",
            r["parents"],
            "leaks=",
            r["comments_in_body"],
            f"title_f1={r['title_f1']}",
        )


def main(argv: list[str]) -> int:
    per_doc = "--per-doc" in argv
    args = [a for a in argv if not a.startswith("--")]
    corpus = args[0] if args else DEFAULT_CORPUS
    t0 = time.perf_counter()
    n_docs = 0
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
        for d in read_paths([corpus]):
            if isinstance(d, ReadError):
                print(d, file=sys.stderr)
                continue
            out.write(prediction_line(d) + "\n")
            n_docs += 1
    dt = time.perf_counter() - t0
    cmd = [sys.executable, SCORER, corpus, out.name, "--json"] + (["--per-doc"] if per_doc else [])
    res = subprocess.run(cmd, capture_output=True, text=True, check=True)
    result = json.loads(res.stdout)
    print(json.dumps(result.get("reading"), indent=2))
    print(json.dumps({"published_from_page_alone": page_dates(corpus)}))
    if Path(SEED).exists():
        print(json.dumps({"seed": seed_check()}))
    if per_doc:
        show_per_doc(corpus, out.name)
    print(f"read {n_docs} documents in {dt:.2f} s", file=sys.stderr)
    Path(out.name).unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
