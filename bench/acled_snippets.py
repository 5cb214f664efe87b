"""Event typing on short news snippets from conflicts worldwide, labelled with ACLED sub-types.

    python bench/acled_snippets.py [--data bench/data/snippets.jsonl] [--show]
    python bench/acled_snippets.py --case2021 PATH/test_set_final_release_with_labels.tsv [--write]

bench/data/snippets.jsonl (71 snippets) was used while writing the rules; bench/data/snippets_heldout.jsonl
(30 snippets) was written afterwards and never tuned on, so it is the honest figure.

Each line of the data is {"id", "text", "type", "sub_type", "published"}; "none" marks a snippet
that reports no conflict event, where a correct system yields nothing. The prediction for a
snippet is the first event extracted from it (in text order), or "none". Prints type accuracy,
sub-type accuracy, and precision/recall of "an event happened" so that over-triggering shows.
Typing must not depend on the Syrian knowledge base: most snippets name no known actor.

`--case2021` reads the public benchmark instead: the test set of the CASE 2021 shared task 2
("fine-grained event classification", Haneczok et al. 2021; github.com/emerging-welfare/
case-2021-shared-task, task2/test_dataset/test_set_final_release_with_labels.tsv, 1,019
snippets from news worldwide). Its 25 "seen" labels are ACLED sub-types (mapped below); its
"unseen" labels (organised crime, natural and man-made disasters, diplomacy, attribution) are
no conflict event, so the right answer for them is "none". The file has no licence statement,
so it is not copied into this repository: clone that repository and pass the path. orbat's
rules were never tuned on it. `--write` appends the figures to bench/RESULTS.md.
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

# CASE 2021 task 2 labels -> (ACLED event type, sub-type); the unseen labels are no event.
CASE2021 = {
    "ABDUCT_DISSAP": ("Violence against civilians", "Abduction/forced disappearance"),
    "AGREEMENT": ("Strategic developments", "Agreement"),
    "AIR_STRIKE": ("Explosions/Remote violence", "Air/drone strike"),
    "ARMED_CLASH": ("Battles", "Armed clash"),
    "ARREST": ("Strategic developments", "Arrests"),
    "ART_MISS_ATTACK": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "ATTACK": ("Violence against civilians", "Attack"),
    "CHANGE_TO_GROUP_ACT": ("Strategic developments", "Change to group/activity"),
    "CHEM_WEAP": ("Explosions/Remote violence", "Chemical weapon"),
    "DISR_WEAP": ("Strategic developments", "Disrupted weapons use"),
    "FORCE_AGAINST_PROTEST": ("Protests", "Excessive force against protesters"),
    "GOV_REGAINS_TERIT": ("Battles", "Government regains territory"),
    "GRENADE": ("Explosions/Remote violence", "Grenade"),
    "HQ_ESTABLISHED": ("Strategic developments", "Headquarters or base established"),
    "MOB_VIOL": ("Riots", "Mob violence"),
    "NON_STATE_ACTOR_OVERTAKES_TER": ("Battles", "Non-state actor overtakes territory"),
    "NON_VIOL_TERRIT_TRANSFER": ("Strategic developments", "Non-violent transfer of territory"),
    "OTHER": ("Strategic developments", "Other"),
    "PEACE_PROTEST": ("Protests", "Peaceful protest"),
    "PROPERTY_DISTRUCT": ("Strategic developments", "Looting/property destruction"),
    "PROTEST_WITH_INTER": ("Protests", "Protest with intervention"),
    "REM_EXPLOS": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "SEX_VIOL": ("Violence against civilians", "Sexual violence"),
    "SUIC_BOMB": ("Explosions/Remote violence", "Suicide bomb"),
    "VIOL_DEMONSTR": ("Riots", "Violent demonstration"),
}
CASE2021_NO_EVENT = {"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB"}


def read_case2021(path: Path) -> list[dict]:
    """The shared task's TSV (id, EventSnippet, SubType) as this bench's rows."""
    import csv

    rows = []
    with path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            label = r["SubType"].strip()
            if label in CASE2021_NO_EVENT:
                kind, sub = "none", "none"
            elif label in CASE2021:
                kind, sub = CASE2021[label]
            else:
                raise SystemExit(f"{path}: unknown label {label!r} on id {r['id']}: extend CASE2021 in this file")
            rows.append({"id": r["id"], "text": r["EventSnippet"], "type": kind, "sub_type": sub, "label": label})
    return rows


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
    ap.add_argument("--case2021", type=Path, help="the CASE 2021 task 2 test TSV (see the module docstring)")
    ap.add_argument("--write", action="store_true", help="append the figures to bench/RESULTS.md")
    args = ap.parse_args()
    if args.case2021:
        rows = read_case2021(args.case2021)
    else:
        rows = [json.loads(x) for x in Path(args.data).read_text(encoding="utf-8").splitlines() if x.strip()]
    ann = Annotator()
    ok_type = ok_sub = 0
    tp = fp = fn = 0
    per_label: dict[str, list[int]] = {}
    confusions: Counter[tuple[str, str]] = Counter()
    for r in rows:
        ptype, psub = predict(ann, r["text"], r.get("published"))
        ok_type += ptype == r["type"]
        ok_sub += ptype == r["type"] and psub == r["sub_type"]
        gold_event, pred_event = r["type"] != "none", ptype != "none"
        tp += gold_event and pred_event
        fp += pred_event and not gold_event
        fn += gold_event and not pred_event
        hit = per_label.setdefault(r.get("label") or r["sub_type"], [0, 0])
        hit[0] += ptype == r["type"] and psub == r["sub_type"]
        hit[1] += 1
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
    seen = [r for r in rows if r["type"] != "none"]
    if args.write:
        from datetime import UTC, datetime

        ok_seen = sum(per_label[lab][0] for lab in per_label if lab not in CASE2021_NO_EVENT and lab != "none")
        lines = [f"\n### Event typing on {Path(args.case2021 or args.data).name}, "
                 f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n",
                 f"{n} snippets ({len(seen)} with a conflict event, {n - len(seen)} without). The prediction is the "
                 "first event extracted, or none. Unseen: orbat's rules were not tuned on this file.\n",
                 "| figure | value |", "|---|---:|",
                 f"| type accuracy (all snippets) | {ok_type / n:.3f} |",
                 f"| sub-type accuracy (all snippets) | {ok_sub / n:.3f} |",
                 f"| sub-type accuracy (snippets with an event) | {ok_seen / max(1, len(seen)):.3f} |",
                 f"| event detection precision / recall | {p:.3f} / {rec:.3f} |",
                 "", "| label | correct | snippets |", "|---|---:|---:|"]
        lines += [f"| {lab} | {k} | {m} |" for lab, (k, m) in sorted(per_label.items(), key=lambda x: -x[1][1])]
        with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
