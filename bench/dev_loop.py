"""Developer loop for extraction work: extract the dev corpus in-process and score it.

    python bench/dev_loop.py [--per-doc] [--doc dev05] [--out /tmp/pred.jsonl]

Faster to iterate with than bench/accuracy.py (which goes through the CLI and records a row).
Reads only what a system may read of each corpus line (raw, format, published, outlet).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
SHARED = ROOT.parent / "shared"

from orbat.annotate import Annotator  # noqa: E402
from orbat.eval.predictions import prediction  # noqa: E402


def read_line(d: dict):
    try:
        from orbat.read.corpus import read_corpus_line  # type: ignore[import-not-found]
    except ImportError:
        import trafilatura

        from orbat.model import Document

        raw = d["raw"]
        body = trafilatura.extract(raw) if d["format"] == "html" else raw
        return Document(body=body or "", published=d.get("published"), doc_id=d["doc_id"])
    return read_corpus_line(d)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(SHARED / "corpus" / "dev.jsonl"))
    ap.add_argument("--out", default="/tmp/orbat-dev-pred.jsonl")
    ap.add_argument("--doc", action="append")
    ap.add_argument("--per-doc", action="store_true")
    args = ap.parse_args()
    ann = Annotator()
    lines = [json.loads(x) for x in Path(args.corpus).read_text(encoding="utf-8").splitlines() if x.strip()]
    allowed = ("doc_id", "format", "raw", "published", "outlet", "outlet_kind", "url")
    with open(args.out, "w", encoding="utf-8") as out:
        for d in lines:
            if args.doc and d["doc_id"] not in args.doc:
                continue
            doc = read_line({k: d[k] for k in allowed if k in d})
            out.write(json.dumps(prediction(ann.annotate(doc)), ensure_ascii=False) + "\n")
    gold = args.corpus
    if args.doc:
        gold = "/tmp/orbat-dev-gold.jsonl"
        with open(gold, "w", encoding="utf-8") as g:
            for d in lines:
                if d["doc_id"] in args.doc:
                    g.write(json.dumps(d) + "\n")
    cmd = [sys.executable, str(SHARED / "eval" / "score.py"), gold, args.out]
    if args.per_doc:
        cmd.append("--per-doc")
        cmd.append("--json")
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
