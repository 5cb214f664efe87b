"""GeoJSON (RFC 7946): fused events and control as Point features in one FeatureCollection.

Each feature's `kind` property says which (`event` or `control`); coordinates are
[longitude, latitude]. Places without coordinates cannot be drawn and are left out (counted
in the collection's `skipped` member).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from orbat.fuse.control import control_as_of
from orbat.views.export import events_for_export, open_out


def _point(lat: float | None, lon: float | None) -> dict[str, Any] | None:
    if lat is None or lon is None:
        return None
    return {"type": "Point", "coordinates": [lon, lat]}


def collection(store: Any, *, as_of: str | None = None, start: str | None = None, end: str | None = None,
               actor: str | None = None, bbox: tuple[float, float, float, float] | None = None) -> dict[str, Any]:
    features = []
    skipped = 0
    for e in events_for_export(store, as_of, start, end, actor, bbox):
        geom = _point(e["lat"], e["lon"])
        if geom is None:
            skipped += 1
            continue
        props = {k: e[k] for k in ("event_id", "type", "sub_type", "date", "date_precision", "place_name", "admin1",
                                   "precision", "actor1", "actor2", "assoc", "fatalities", "fatalities_low",
                                   "fatalities_high", "n_sources", "n_outlets", "disputed", "plover")}
        props["sources"] = [{k: s[k] for k in ("fact", "document", "outlet", "published", "fatalities", "date",
                                               "speaker", "negated")} for s in e.get("sources") or []]
        features.append({"type": "Feature", "id": e["event_id"], "geometry": geom, "properties": {"kind": "event",
                                                                                                  **props}})
    day = as_of or end
    for c in control_as_of(store, as_of=day, bbox=bbox, actor=actor, start=start):
        geom = _point(c["lat"], c["lon"])
        if geom is None:
            skipped += 1
            continue
        features.append({"type": "Feature", "geometry": geom, "properties": {"kind": "control", **{
            k: c[k] for k in ("place", "place_id", "admin1", "actor", "since", "last_seen", "sources", "outlets",
                              "speakers", "disputed", "changes")}}})
    return {"type": "FeatureCollection", "features": features, "as_of": day, "skipped": skipped}


def write_geojson(store: Any, path: Path, **filters: Any) -> int:
    fc = collection(store, **filters)
    fh = open_out(path)
    try:
        json.dump(fc, fh, ensure_ascii=False)
        fh.write("\n")
    finally:
        if fh is not sys.stdout:
            fh.close()
    return len(fc["features"])
