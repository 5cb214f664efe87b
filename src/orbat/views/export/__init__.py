"""Exports that load in the tools analysts already use: `export(store, fmt, path, **filters)`.

Formats: `acled-csv` (ACLED's column names, one row per fused event), `geojson` (fused events
and control as points), `gexf` (the network, dynamic with time intervals, for Gephi),
`graphml` (the network) and `plover` (PLOVER JSON records of the fused events). Every format
takes the same filters: `as_of`, `start`, `end`, `actor`, `bbox`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from orbat.errors import Code, OrbatError

FORMATS = ("acled-csv", "geojson", "gexf", "graphml", "plover")


def export(store: Any, fmt: str, path: Path, *, as_of: str | None = None, start: str | None = None,
           end: str | None = None, actor: str | None = None,
           bbox: tuple[float, float, float, float] | None = None) -> int:
    """Write one format to `path` (`-` for stdout); returns how many records were written."""
    filters = {"as_of": as_of, "start": start, "end": end, "actor": actor, "bbox": bbox}
    if fmt == "acled-csv":
        from orbat.views.export.acled import write_acled

        return write_acled(store, path, **filters)
    if fmt == "geojson":
        from orbat.views.export.geojson import write_geojson

        return write_geojson(store, path, **filters)
    if fmt in ("gexf", "graphml"):
        from orbat.views.export.graph import write_graph

        return write_graph(store, path, fmt, **filters)
    if fmt == "plover":
        from orbat.views.export.plover import write_plover

        return write_plover(store, path, **filters)
    raise OrbatError(Code.E072, fmt=fmt, formats=", ".join(FORMATS))


def events_for_export(store: Any, as_of: str | None, start: str | None, end: str | None, actor: str | None,
                      bbox: tuple[float, float, float, float] | None) -> list[dict[str, Any]]:
    from orbat.fuse.events import fused_events

    return fused_events(store, start=start, end=end, as_of=as_of, bbox=bbox, actor=actor)


def open_out(path: Path, newline: str | None = None) -> Any:
    import sys

    if str(path) == "-":
        return sys.stdout
    return path.open("w", encoding="utf-8", newline=newline)
