"""The accuracy gate: extract the dev corpus through the CLI, score it twice, record a row.

    python bench/accuracy.py [--corpus ../shared/corpus/dev.jsonl] [--no-record] [--lower-floors]

1. `orbat extract CORPUS -o PRED` (the real command, reading only what a system may read);
2. the reference scorer `../shared/eval/score.py` and `orbat eval --pred` on the same predictions:
   every figure must agree within 0.001;
3. the floors in bench/floors.json (per task) must hold; a floor is only lowered with
   --lower-floors, never silently;
4. a dated row, with a digest of the corpus, is appended to bench/RESULTS.md.
Exit status 1 when the two scorers disagree or a floor is broken.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FLOORS = ROOT / "bench" / "floors.json"
RESULTS = ROOT / "bench" / "RESULTS.md"
ORBAT = [sys.executable, "-m", "orbat.views.cli"]


def flat(d: dict, prefix: str = "") -> dict[str, float]:
    out: dict[str, float] = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flat(v, key + "."))
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            out[key] = float(v)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(SHARED / "corpus" / "dev.jsonl"))
    ap.add_argument("--no-record", action="store_true")
    ap.add_argument("--lower-floors", action="store_true", help="accept figures below the floors and lower them")
    ap.add_argument("--note", default="", help="a few words for the row (what changed)")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    digest = hashlib.sha256(corpus.read_bytes()).hexdigest()[:12]
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.jsonl"
        t0 = time.time()
        subprocess.run([*ORBAT, "extract", str(corpus), "-o", str(pred)], check=True, cwd=ROOT)
        seconds = time.time() - t0
        ref = json.loads(subprocess.check_output(
            [sys.executable, str(SHARED / "eval" / "score.py"), str(corpus), str(pred), "--json"]))
        own = json.loads(subprocess.check_output([*ORBAT, "eval", str(corpus), "--pred", str(pred), "--json"], cwd=ROOT))
    ok = True
    a, b = flat(ref), flat(own)
    for k, v in a.items():
        if k.startswith("per_doc"):
            continue
        if k not in b or abs(b[k] - v) > 0.001:
            print(f"scorers disagree on {k}: reference {v}, orbat eval {b.get(k)}")
            ok = False
    floors = json.loads(FLOORS.read_text()) if FLOORS.exists() else {}
    figures = {
        "actors": ref["actors"]["f1"], "relations": ref["relations"]["f1"], "events": ref["events"]["f1"],
        "events_strict": ref["events_strict"]["f1"], "control": ref["control"]["f1"],
        "alias_b3": ref["alias_consistency_b3"]["f1"], "speaker": ref["speaker_accuracy"] or 0.0,
        "location": ref["event_fields"].get("location") or 0.0, "date": ref["event_fields"].get("date") or 0.0,
        "body_f1": ref.get("reading", {}).get("body_f1", 0.0),
        "comments_f1": ref.get("reading", {}).get("comments", {}).get("f1", 0.0),
        "parents": ref.get("reading", {}).get("comment_parent_accuracy") or 0.0,
    }
    for name, floor in floors.get("floors", {}).items():
        if figures.get(name, 0.0) + 1e-9 < floor:
            print(f"{name} {figures.get(name)} is below its floor {floor}")
            if args.lower_floors:
                floors["floors"][name] = figures.get(name, 0.0)
            else:
                ok = False
    if args.lower_floors:
        floors["corpus_digest"] = digest
        FLOORS.write_text(json.dumps(floors, indent=2) + "\n")
    print(" ".join(f"{k}={v:.3f}" for k, v in figures.items()), f"({seconds:.0f} s)")
    if not args.no_record:
        if not RESULTS.exists():
            RESULTS.write_text("# Benchmark results\n")
        text = RESULTS.read_text()
        header = ("\n## Accuracy on the dev corpus\n\n| date | corpus | actors | relations | events | events strict "
                  "| control | alias B3 | speaker | location | date | body F1 | comments F1 | parents | note |\n"
                  "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
        if "## Accuracy on the dev corpus" not in text:
            text += header
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
        row = (f"| {stamp} | {digest} | " + " | ".join(f"{figures[k]:.3f}" for k in (
            "actors", "relations", "events", "events_strict", "control", "alias_b3", "speaker", "location", "date",
            "body_f1", "comments_f1", "parents")) + f" | {args.note} |\n")
        # rows go at the end of the accuracy table
        head, sep, tail = text.partition("## Accuracy on the dev corpus")
        section, nxt, rest = tail.partition("\n## ")
        lines = section.splitlines(keepends=True)
        last = max(i for i, line in enumerate(lines) if line.startswith("|"))
        lines.insert(last + 1, row)
        RESULTS.write_text(head + sep + "".join(lines) + nxt + rest)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
