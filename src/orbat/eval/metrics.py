"""The accuracy figures of the evaluation contract (FORMAT.md), computed by orbat itself.

`orbat eval` prints these; `bench/accuracy.py` checks they agree with the reference scorer, so a
user without the reference scorer still gets the same numbers. Actors are aligned to gold per
document through shared surface forms; relations, events and control are then compared on the
aligned ids; alias consistency across documents is B-cubed over (document, gold actor) items.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import Any

SYMMETRIC = frozenset({"ally_of", "fights"})
# words too vague to align an actor by
VAGUE = frozenset(
    ["it", "its", "he", "his", "him", "she", "her", "they", "them", "their", "we", "us", "group", "militia", "organization", "movement", "force", "forces", "fighters", "coalition", "who", "which", "that", "this"]
) | {"the group", "the militia", "the organization", "the movement", "the coalition"}
NONE = "<none>"


def normalise(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"['\u2019\u2018`]s\b", "", text)
    text = re.sub(r"['\u2019\u2018`\u02bf\u02be]", "", text)
    text = re.sub(r"[^0-9a-z\u0600-\u06ff]+", " ", text)
    return " ".join(w for w in text.split() if w != "the")


def _forms(actor: dict) -> set[str]:
    forms = {normalise(s) for s in (actor.get("surface") or [])}
    if actor.get("name"):
        forms.add(normalise(actor["name"]))
    return {f for f in forms if f and f not in VAGUE}


def align_actors(gold: list[dict], pred: list[dict]) -> dict[str, str]:
    """Predicted id -> gold id, the pairs sharing most surface forms first."""
    scored = []
    for p in pred:
        pf = _forms(p)
        for g in gold:
            n = len(pf & (_forms(g) | {normalise(g["id"].replace("_", " "))}))
            if n:
                scored.append((-n, p["id"], g["id"]))
    out: dict[str, str] = {}
    taken: set[str] = set()
    for _, pid, gid in sorted(scored):
        if pid not in out and gid not in taken:
            out[pid] = gid
            taken.add(gid)
    return out


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def figures(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else (0.0 if self.fn else 1.0)
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


def _id(mapping: dict[str, str] | None, aid: Any) -> str:
    if mapping is None:
        return aid
    if aid is None:
        return NONE
    return mapping.get(aid, f"<pred:{aid}>")


def relation_key(rel: dict, mapping: dict[str, str] | None) -> tuple:
    s, o = _id(mapping, rel.get("subject")), _id(mapping, rel.get("object"))
    if rel.get("type") in SYMMETRIC:
        s, o = sorted((str(s), str(o)))
    return rel.get("type"), s, o, bool(rel.get("negated", False))


def place_key(name: str | None) -> str:
    n = normalise(name)
    n = re.sub(r"^(al|el|ad|ar|as|az|ash|at|an) ", "", n)
    for art in (" al ", " el ", " ez ", " az "):
        n = n.replace(art, " ")
    return n


def same_place(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return not a and not b
    x, y = place_key(a), place_key(b)
    if not x or not y:
        return False
    if x == y or x in y.split() or y in x.split():
        return True
    if f" {x} " in f" {y} " or f" {y} " in f" {x} ":
        return True
    return SequenceMatcher(None, x, y).ratio() >= 0.85


def same_date(gold: dict, pred: dict) -> bool:
    g, p = gold.get("date"), pred.get("date")
    if not g:
        return True
    if not p:
        return False
    precision = gold.get("date_precision")
    if precision == "week":
        try:
            return abs((date.fromisoformat(str(g)[:10]) - date.fromisoformat(str(p)[:10])).days) <= 6
        except ValueError:
            return False
    width = {"month": 7, "year": 4}.get(precision or "", 10)
    return str(g)[:width] == str(p)[:width]


def event_agreement(gold: dict, pred: dict, mapping: dict[str, str]) -> dict[str, bool]:
    def actor(field: str) -> bool:
        return not gold.get(field) or _id(mapping, pred.get(field)) == gold[field]

    return {
        "type": pred.get("type") == gold.get("type"),
        "sub_type": pred.get("sub_type") == gold.get("sub_type"),
        "actor1": actor("actor1"),
        "actor2": actor("actor2"),
        "location": same_place(gold.get("location"), pred.get("location")) if gold.get("location") else True,
        "date": same_date(gold, pred),
    }


def pair_events(gold: list[dict], pred: list[dict], mapping: dict[str, str]) -> list[tuple[int, int, dict]]:
    """Greedy one-to-one pairing: same type plus an actor or the place in common; best agreement first."""
    options = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            f = event_agreement(g, p, mapping)
            if f["type"] and (f["actor1"] or f["actor2"] or f["location"]):
                weight = 1 + f["sub_type"] + f["actor1"] + f["actor2"] + f["location"] + 0.5 * f["date"]
                options.append((-weight, gi, pi, f))
    options.sort(key=lambda t: t[0])
    gseen: set[int] = set()
    pseen: set[int] = set()
    out = []
    for _, gi, pi, f in options:
        if gi not in gseen and pi not in pseen:
            gseen.add(gi)
            pseen.add(pi)
            out.append((gi, pi, f))
    return out


def _kind(speaker: str | None) -> str:
    return (speaker or "author").split(":")[0]


def _bag(text: str) -> Counter[str]:
    return Counter(normalise(text).split())


def bag_f1(gold: str, pred: str) -> float:
    g, p = _bag(gold), _bag(pred)
    if not g and not p:
        return 1.0
    tp = sum((g & p).values())
    prec = tp / sum(p.values()) if p else 0.0
    rec = tp / sum(g.values()) if g else 0.0
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def reading(doc: dict, pdoc: dict) -> dict[str, Any]:
    """How well the page was read: body, thread and nesting, leaks, date, title."""
    gc, pc = doc.get("comments") or [], pdoc.get("comments") or []
    cand = sorted(((bag_f1(g.get("text", ""), p.get("text", "")), gi, pi)
                   for gi, g in enumerate(gc) for pi, p in enumerate(pc)), key=lambda t: -t[0])
    gmap: dict[int, int] = {}
    used: set[int] = set()
    for f, gi, pi in cand:
        if f >= 0.5 and gi not in gmap and pi not in used:
            gmap[gi] = pi
            used.add(pi)
    g_index = {c.get("id"): i for i, c in enumerate(gc)}
    p_index = {c.get("id"): i for i, c in enumerate(pc)}
    parents_ok = 0
    for gi, pi in gmap.items():
        gpar, ppar = gc[gi].get("parent"), pc[pi].get("parent")
        if gpar is None:
            parents_ok += ppar is None
        else:
            parents_ok += p_index.get(ppar) is not None and gmap.get(g_index.get(gpar)) == p_index.get(ppar)
    body = f" {' '.join(normalise(pdoc.get('body', '')).split())} "
    gold_body = f" {' '.join(normalise(doc.get('text', '')).split())} "
    leaks = 0
    for c in gc:
        w = normalise(c.get("text", "")).split()
        probe = f" {' '.join(w[:8])} "
        if len(w) >= 8 and probe in body and probe not in gold_body:
            leaks += 1
    pub = doc.get("published")
    return {
        "body_f1": bag_f1(doc.get("text", ""), pdoc.get("body", "")),
        "comments": (len(gmap), len(pc) - len(gmap), len(gc) - len(gmap)),
        "parents": (parents_ok, len(gmap)),
        "leaks": leaks,
        "published": None if pub is None else str(pdoc.get("published") or "")[:10] == str(pub)[:10],
        "title_f1": bag_f1(doc.get("title") or "", pdoc.get("title") or "") if doc.get("title") else None,
    }


def evaluate(gold_docs: list[dict], preds: dict[str, dict]) -> dict[str, Any]:
    """All FORMAT.md figures for predictions against a gold corpus."""
    tallies = defaultdict(Tally)
    field_ok: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    speakers = [0, 0]
    items: list[tuple[str, str, str]] = []
    reads: list[dict[str, Any]] = []
    for doc in gold_docs:
        gold = doc.get("gold") or {}
        pred = preds.get(doc["doc_id"]) or {}
        if isinstance(pred.get("document"), dict):
            reads.append(reading(doc, pred["document"]))
        ga, pa = gold.get("actors", []), pred.get("actors", [])
        mapping = align_actors(ga, pa)
        items += [(doc["doc_id"], gid, pid) for pid, gid in mapping.items()]
        tallies["actors"].add(len(mapping), len(pa) - len(mapping), len(ga) - len(mapping))

        grel = Counter(relation_key(r, None) for r in gold.get("relations", []))
        prel = Counter(relation_key(r, mapping) for r in pred.get("relations", []))
        pkinds: dict[tuple, set[str]] = defaultdict(set)
        for r in pred.get("relations", []):
            pkinds[relation_key(r, mapping)].add(_kind(r.get("speaker")))
        tp = sum((grel & prel).values())
        tallies["relations"].add(tp, sum(prel.values()) - tp, sum(grel.values()) - tp)
        for r in gold.get("relations", []):
            k = relation_key(r, None)
            if k in pkinds:
                speakers[1] += 1
                speakers[0] += _kind(r.get("speaker")) in pkinds[k]

        ge, pe = gold.get("events", []), pred.get("events", [])
        pairs = pair_events(ge, pe, mapping)
        tallies["events"].add(len(pairs), len(pe) - len(pairs), len(ge) - len(pairs))
        strict = 0
        for gi, pi, f in pairs:
            for name, ok in f.items():
                field_ok[name][0] += ok
                field_ok[name][1] += 1
            strict += all(f.values())
            speakers[1] += 1
            speakers[0] += _kind(ge[gi].get("speaker")) == _kind(pe[pi].get("speaker"))
        tallies["events_strict"].add(strict, len(pe) - strict, len(ge) - strict)

        gctl = {(c.get("actor"), place_key(c.get("place"))) for c in gold.get("control", [])}
        pctl = {(_id(mapping, c.get("actor")), place_key(c.get("place"))) for c in pred.get("control", [])}
        tallies["control"].add(len(gctl & pctl), len(pctl - gctl), len(gctl - pctl))

    result: dict[str, Any] = {k: tallies[k].figures() for k in ("actors", "relations", "events", "events_strict", "control")}
    result["event_fields"] = {k: round(v[0] / v[1], 4) if v[1] else None for k, v in field_ok.items()}
    result["speaker_accuracy"] = round(speakers[0] / speakers[1], 4) if speakers[1] else None
    result["alias_consistency_b3"] = _b3(items)
    if reads:
        result["reading"] = _reading_totals(reads)
    result["documents"] = len(gold_docs)
    result["documents_predicted"] = sum(d["doc_id"] in preds for d in gold_docs)
    return result


def _b3(items: list[tuple[str, str, str]]) -> dict[str, float]:
    by_gold: dict[str, set] = defaultdict(set)
    by_pred: dict[str, set] = defaultdict(set)
    pred_of: dict[tuple[str, str], str] = {}
    for did, gid, pid in items:
        by_gold[gid].add((did, gid))
        by_pred[pid].add((did, gid))
        pred_of[(did, gid)] = pid
    p = r = 0.0
    for item, pid in pred_of.items():
        inter = len(by_pred[pid] & by_gold[item[1]])
        p += inter / len(by_pred[pid])
        r += inter / len(by_gold[item[1]])
    n = len(pred_of) or 1
    p, r = p / n, r / n
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


def _reading_totals(reads: list[dict[str, Any]]) -> dict[str, Any]:
    c = Tally()
    for x in reads:
        c.add(*x["comments"])
    pok = sum(x["parents"][0] for x in reads)
    pn = sum(x["parents"][1] for x in reads)
    pubs = [x["published"] for x in reads if x["published"] is not None]
    titles = [x["title_f1"] for x in reads if x["title_f1"] is not None]
    return {
        "documents": len(reads),
        "body_f1": round(sum(x["body_f1"] for x in reads) / len(reads), 4),
        "comments": c.figures(),
        "comment_parent_accuracy": round(pok / pn, 4) if pn else None,
        "comments_leaked_into_body": sum(x["leaks"] for x in reads),
        "published_accuracy": round(sum(pubs) / len(pubs), 4) if pubs else None,
        "title_f1": round(sum(titles) / len(titles), 4) if titles else None,
    }


def summary_lines(res: dict[str, Any]) -> list[str]:
    """The figures as the lines `orbat eval` prints."""
    lines = [f"documents: {res['documents']} (predicted: {res['documents_predicted']})"]
    for name in ("actors", "relations", "events", "events_strict", "control"):
        m = res[name]
        lines.append(f"{name:14s} P={m['p']:.3f} R={m['r']:.3f} F1={m['f1']:.3f}  (tp={m['tp']} fp={m['fp']} fn={m['fn']})")
    b3 = res["alias_consistency_b3"]
    lines.append(f"{'alias B3':14s} P={b3['p']:.3f} R={b3['r']:.3f} F1={b3['f1']:.3f}")
    lines.append("event fields:  " + ", ".join(f"{k}={v}" for k, v in res["event_fields"].items()))
    lines.append(f"speaker accuracy: {res['speaker_accuracy']}")
    rd = res.get("reading")
    if rd:
        c = rd["comments"]
        lines.append(
            f"reading ({rd['documents']} docs): body F1={rd['body_f1']:.3f}, comments P={c['p']:.3f} R={c['r']:.3f} "
            f"F1={c['f1']:.3f}, parent accuracy={rd['comment_parent_accuracy']}, comments leaked into body="
            f"{rd['comments_leaked_into_body']}, published={rd['published_accuracy']}, title F1={rd['title_f1']}")
    return lines
