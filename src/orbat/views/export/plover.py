"""PLOVER JSON: one record per fused event, with PLOVER's standard field names.

`event` is the PLOVER category (from extraction, else from the ACLED sub-type through
`data/picture/fusion.yaml`), `mode` its mode, `source`/`target` lists of actors
({actorText, code}), `dead`/`injured` the consensus figures, `text` the first source's
sentence, `publication` the outlets, and `geolocation` the place. The file is a JSON array.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from orbat.fuse.facts import actor_rows, name_on
from orbat.fuse.rules import load_rules
from orbat.views.export import events_for_export, open_out

VERSION = "orbat-plover-0.1"


def plover_records(events: list[dict[str, Any]], actors: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    mapping = load_rules().plover
    today = date.today().isoformat()
    out = []
    for e in events:
        m = mapping.get(e["sub_type"]) or {}

        def who(aid: str | None, day: str | None = e["date"]) -> list[dict[str, str]]:
            if not aid:
                return []
            a = actors.get(aid) or {}
            rec = {"actorText": name_on(aid, day, a.get("name")), "code": aid}
            if a.get("country"):
                rec["country"] = a["country"]
            return [rec]

        srcs = e.get("sources") or []
        rec: dict[str, Any] = {
            "id": e["event_id"], "date": e["date"] or "", "event": e["plover"] or m.get("event", ""),
            "mode": m.get("mode", ""), "context": "", "source": who(e["actor1"]) + [
                x for a in e["assoc"] for x in who(a)], "target": who(e["actor2"]),
            "text": srcs[0]["sentence"] if srcs else "", "language": "en",
            "publication": "; ".join(dict.fromkeys(s["outlet"] or s["document"] for s in srcs)),
            "version": VERSION, "dateCoded": today, "dead": e["fatalities"], "injured": e["wounded"],
            "acledType": e["type"], "acledSubType": e["sub_type"],
            "geolocation": {"placeName": e["place_name"], "lat": e["lat"], "lon": e["lon"], "admin1": e["admin1"],
                            "country": e["country"], "precision": e["precision"]},
            "sources": [{"document": s["document"], "outlet": s["outlet"], "dead": s["fatalities"], "date": s["date"],
                         "fact": s["fact"]} for s in srcs],
        }
        if e["disputed"]:
            rec["comment"] = "disputed: at least one source denies this event"
        out.append(rec)
    return out


def write_plover(store: Any, path: Path, **filters: Any) -> int:
    events = events_for_export(store, **filters)
    ids = {a for e in events for a in (e["actor1"], e["actor2"], *e["assoc"]) if a}
    recs = plover_records(events, actor_rows(store, ids))
    fh = open_out(path)
    try:
        json.dump(recs, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    finally:
        if fh is not sys.stdout:
            fh.close()
    return len(recs)
