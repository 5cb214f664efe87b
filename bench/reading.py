"""Measure the readers alone on a corpus: read every line's `raw` and score the reading figures.

Usage: PYTHONPATH=src python bench/reading.py [CORPUS.jsonl] [--per-doc]

Predictions carry only the `document` object (no actors, events...), so of score.py's output
only the `reading` block means anything; it is what this prints.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from orbat.read import ReadError, prediction_line, read_paths

DEFAULT_CORPUS = "/work/shared/corpus/dev.jsonl"
SCORER = "/work/shared/eval/score.py"


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
    if per_doc:
        for doc_id, r in sorted((result.get("per_doc") or {}).items()):
            print(doc_id, json.dumps(r.get("reading", r)))
    print(f"read {n_docs} documents in {dt:.2f} s", file=sys.stderr)
    Path(out.name).unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
