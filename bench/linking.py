"""Linking speed: words per second for actor linking alone (the parse is done beforehand).

    python bench/linking.py [--repeat 20] [--corpus ../shared/corpus/dev.jsonl]

Parses every document of the corpus once, then links the parsed segments `repeat` times and
reports words/second (process CPU time, so a busy machine does not distort it) for the dictionary linker alone and for the whole linking step (linker,
document-level resolution, discovery and coreference). Reads only what a system may read
(raw, format, published).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from dev_loop import SHARED, read_line  # noqa: E402
from orbat.annotate.actors import ActorLinker  # noqa: E402
from orbat.annotate.coref import Coref  # noqa: E402
from orbat.annotate.discovery import Discoverer  # noqa: E402
from orbat.annotate.nlp import load_nlp  # noqa: E402
from orbat.annotate.segments import Segment, segment_texts  # noqa: E402
from orbat.knowledge.actors import load_actor_kb  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(SHARED / "corpus" / "dev.jsonl"))
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    allowed = ("doc_id", "format", "raw", "published", "outlet", "outlet_kind", "url")
    lines = [json.loads(x) for x in Path(args.corpus).read_text(encoding="utf-8").splitlines() if x.strip()]
    nlp = load_nlp()
    kb = load_actor_kb()
    t0 = time.process_time()
    linker, coref, disc = ActorLinker(kb), Coref(kb), Discoverer(kb)
    build = time.process_time() - t0
    docs = []
    for d in lines:
        document = read_line({k: d[k] for k in allowed if k in d})
        parts = segment_texts(document)
        parsed = nlp.pipe(text for _, text, _ in parts)
        docs.append([Segment(n, t, s, p) for (n, t, s), p in zip(parts, parsed, strict=True)])
    words = sum(len(seg.doc) for segs in docs for seg in segs)
    for segs in docs:  # warm the token cache once, as a long run would
        for seg in segs:
            linker.link(seg.doc, seg.name)

    t0 = time.process_time()
    for _ in range(args.repeat):
        for segs in docs:
            for seg in segs:
                linker.link(seg.doc, seg.name)
    link_s = time.process_time() - t0

    t0 = time.process_time()
    for _ in range(args.repeat):
        for segs in docs:
            for seg in segs:
                seg.mentions = linker.link(seg.doc, seg.name)
            linker.resolve_document(segs)
            for seg in segs:
                seg.mentions = coref.resolve(seg.doc, seg.mentions + disc.discover(seg.doc, seg.mentions, seg.name),
                                             seg.name)
    step_s = time.process_time() - t0
    total = words * args.repeat
    print(f"actors: {len(kb.actors)}  matcher built in {build * 1000:.0f} ms")
    print(f"corpus: {len(docs)} documents, {words} tokens, repeated {args.repeat}x = {total} tokens")
    print(f"linker alone:        {total / link_s:,.0f} words/s")
    print(f"whole linking step:  {total / step_s:,.0f} words/s (linker, resolution, discovery, coreference)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
