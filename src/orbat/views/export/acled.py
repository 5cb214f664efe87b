"""ACLED-style CSV: one row per fused event under ACLED's own column names.

Codes follow ACLED's codebook where orbat knows them (inter codes from actor types, time
precision 1 day / 2 week / 3 month, geo precision from the place's precision); the rest of
the mapping is data in `data/picture/fusion.yaml`. `source` lists the outlets, `notes` the
first source's sentence and every source's toll when they differ, `fatalities` the consensus
figure (the lowest across documents, as ACLED codes conflicting reports).
"""

from __future__ import annotations

import csv
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from orbat.fuse.facts import actor_rows, name_on
from orbat.fuse.rules import load_rules
from orbat.views.export import events_for_export, open_out

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
           "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
           "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
           "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
           "tags", "timestamp"]


def _inter(actor: dict[str, Any] | None, acled: dict[str, Any]) -> int:
    if actor is None:
        return 0
    code = int((acled.get("inter_by_type") or {}).get(actor.get("type") or "generic", 0))
    home = acled.get("home_country")
    if code == 1 and actor.get("country") and home and actor["country"] != home:
        return 8  # another state's forces are external forces in ACLED's scheme
    return code


def acled_rows(events: list[dict[str, Any]], actors: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    acled = load_rules().acled
    tp = acled.get("time_precision") or {}
    out = []
    for e in events:
        a1, a2 = actors.get(e["actor1"] or ""), actors.get(e["actor2"] or "")
        i1, i2 = _inter(a1, acled), _inter(a2, acled)
        day = e["date"]

        def name(aid: str | None, day: str | None = day) -> str:
            if not aid:
                return ""
            return name_on(aid, day, (actors.get(aid) or {}).get("name"))

        srcs = e.get("sources") or []
        outlets = list(dict.fromkeys(s["outlet"] or s["document"] for s in srcs))
        tolls = [f"{s['outlet'] or s['document']}: {s['fatalities']}" for s in srcs if s["fatalities"] is not None]
        notes = srcs[0]["sentence"] if srcs else ""
        if len({s["fatalities"] for s in srcs if s["fatalities"] is not None}) > 1:
            notes += f" [Fatalities by source: {'; '.join(tolls)}; coded: {e['fatalities']}]"
        tags = [f"sources={e['n_sources']}"] + (["disputed"] if e["disputed"] else []) + \
            (["hedged"] if e["hedged_only"] else []) + (["analyst-edited"] if e["edited"] else [])
        civ = e["type"] == "Violence against civilians" or (a2 or {}).get("type") == "civilians"
        updated = datetime.fromisoformat(e["updated_at"].rstrip("Z")).replace(tzinfo=UTC) if e["updated_at"] else None
        out.append({
            "event_id_cnty": e["event_id"], "event_date": day or "", "year": (day or "")[:4],
            "time_precision": tp.get(e["date_precision"], 1),
            "disorder_type": (acled.get("disorder_type") or {}).get(e["type"], ""),
            "event_type": e["type"], "sub_event_type": e["sub_type"],
            "actor1": name(e["actor1"]), "assoc_actor_1": "; ".join(name(a) for a in e["assoc"]), "inter1": i1,
            "actor2": name(e["actor2"]), "assoc_actor_2": "", "inter2": i2 if e["actor2"] else "",
            "interaction": int(f"{min(i1, i2)}{max(i1, i2)}") if e["actor2"] else i1 * 10,
            "civilian_targeting": "Civilian targeting" if civ else "",
            "iso": acled.get("iso", ""), "region": acled.get("region", ""),
            "country": acled.get("country", "") if (e.get("country") in (None, "SY")) else e["country"],
            "admin1": e["admin1"] or "", "admin2": "", "admin3": "", "location": e["place_name"] or "",
            "latitude": e["lat"] if e["lat"] is not None else "", "longitude": e["lon"] if e["lon"] is not None else "",
            "geo_precision": e["precision"] or "", "source": "; ".join(outlets),
            "source_scale": "Multiple" if len(outlets) > 1 else "", "notes": notes,
            "fatalities": e["fatalities"] if e["fatalities"] is not None else 0, "tags": "; ".join(tags),
            "timestamp": int(updated.timestamp()) if updated else "",
        })
    return out


def write_acled(store: Any, path: Path, **filters: Any) -> int:
    events = events_for_export(store, **filters)
    ids = {a for e in events for a in (e["actor1"], e["actor2"], *e["assoc"]) if a}
    rows = acled_rows(events, actor_rows(store, ids))
    fh = open_out(path, newline="")
    try:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows)
    finally:
        if fh is not sys.stdout:
            fh.close()
    return len(rows)
