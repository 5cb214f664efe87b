"""Event typing on short news snippets from conflicts worldwide, labelled with ACLED sub-types.

    python bench/acled_snippets.py [--data bench/data/snippets.jsonl] [--show]

bench/data/snippets.jsonl (71 snippets) was used while writing the rules; bench/data/snippets_heldout.jsonl
(30 snippets) was written afterwards and never tuned on, so it is the honest figure.

Each line of the data is {"id", "text", "type", "sub_type", "published"}; "none" marks a snippet
that reports no conflict event, where a correct system yields nothing. The prediction for a
snippet is the first event extracted from it (in text order), or "none". Prints type accuracy,
sub-type accuracy, and precision/recall of "an event happened" so that over-triggering shows.
Typing must not depend on the Syrian knowledge base: most snippets name no known actor.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from orbat.annotate import Annotator  # noqa: E402
from orbat.model import Document  # noqa: E402


def predict(ann: Annotator, text: str, published: str | None) -> tuple[str, str]:
    f = ann.annotate(Document(body=text, published=published, doc_id="snippet"))
    if not f.events:
        return "none", "none"
    first = min(f.events, key=lambda e: e.evidence.start)
    return first.type, first.sub_type


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(ROOT / "bench" / "data" / "snippets.jsonl"))
    ap.add_argument("--show", action="store_true", help="print every wrong snippet")
    args = ap.parse_args()
    rows = [json.loads(x) for x in Path(args.data).read_text(encoding="utf-8").splitlines() if x.strip()]
    ann = Annotator()
    ok_type = ok_sub = 0
    tp = fp = fn = 0
    confusions: Counter[tuple[str, str]] = Counter()
    for r in rows:
        ptype, psub = predict(ann, r["text"], r.get("published"))
        ok_type += ptype == r["type"]
        ok_sub += ptype == r["type"] and psub == r["sub_type"]
        gold_event, pred_event = r["type"] != "none", ptype != "none"
        tp += gold_event and pred_event
        fp += pred_event and not gold_event
        fn += gold_event and not pred_event
        if ptype != r["type"] or psub != r["sub_type"]:
            confusions[(r["sub_type"], psub)] += 1
            if args.show:
                print(f"{r['id']}: gold {r['type']} / {r['sub_type']} | pred {ptype} / {psub}\n    {r['text']}")
    n = len(rows)
    p = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    print(f"snippets: {n}")
    print(f"type accuracy     {ok_type / n:.3f}  ({ok_type}/{n})")
    print(f"sub-type accuracy {ok_sub / n:.3f}  ({ok_sub}/{n})")
    print(f"event detection   P={p:.3f} R={rec:.3f}")
    if confusions:
        print("most frequent confusions (gold -> predicted):")
        for (g, pr), k in confusions.most_common(8):
            print(f"  {k}  {g} -> {pr}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
