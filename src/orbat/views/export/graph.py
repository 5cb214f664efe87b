"""The network as GEXF (dynamic, for Gephi's timeline) and GraphML, written with networkx.

One directed multigraph: a node per actor, an edge per actor pair and relation type (keyed
by type, in the attribute `relation`: GEXF reserves `type` for directed/undirected). In GEXF every node and edge carries a time interval: an edge from the first to the
last date a source reported it (a knowledge-base background relation: its validity), a node
from its first edge; Gephi's timeline then replays the network growing. GraphML has no time
model, so the same dates are plain attributes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from orbat.fuse.network import network

_EDGE_ATTRS = ("weight", "evidence", "documents", "outlets", "asserting_outlets", "denying_outlets", "asserted",
               "negated", "hedged_only", "contradiction", "confirmed", "background", "symmetric")


def _clean(v: Any) -> Any:
    """GEXF/GraphML attributes: scalars only, no None."""
    if v is None:
        return ""
    if isinstance(v, list | tuple | set):
        return ";".join(str(x) for x in v)
    return v


def to_networkx(data: dict[str, Any], dynamic: bool = False) -> Any:
    import networkx as nx

    g = nx.MultiDiGraph(as_of=data.get("as_of") or "")
    for n in data["nodes"]:
        attrs = {"label": n["name"], "type": n["type"] or "", "country": n["country"] or "", "degree": n["degree"],
                 "first_seen": n["first_seen"] or ""}
        if dynamic and n["first_seen"]:
            attrs["start"] = n["first_seen"]
        g.add_node(n["id"], **attrs)
    for e in data["edges"]:
        attrs = {k: _clean(e.get(k)) for k in _EDGE_ATTRS}
        attrs.update(relation=e["type"], label=e["type"], kinds=_clean(e.get("kinds")),
                     speakers=_clean(e.get("speakers")), first_seen=e["first_seen"] or "",
                     last_seen=e["last_seen"] or "")
        attrs["weight"] = float(max(e["weight"], 1 if e.get("background") or e.get("confirmed") else 0))
        if dynamic:
            start = e["first_seen"] or e.get("valid_from")
            end = e["last_seen"] if not e.get("background") else e.get("valid_until")
            if start:
                attrs["start"] = start
            if end and (not start or end >= start):
                attrs["end"] = end
        g.add_edge(e["source"], e["target"], key=e["type"], **attrs)
    return g


def write_graph(store: Any, path: Path, fmt: str, *, as_of: str | None = None, start: str | None = None,
                end: str | None = None, actor: str | None = None,
                bbox: tuple[float, float, float, float] | None = None) -> int:
    """`end` bounds the network like `as_of` (the earlier wins); `bbox` does not apply to a network."""
    import networkx as nx

    day = min(x for x in (as_of, end) if x) if (as_of or end) else None
    g = to_networkx(network(store, day, start=start, actor=actor), dynamic=fmt == "gexf")
    target = str(path)
    if fmt == "gexf":
        nx.write_gexf(g, target)
    else:
        nx.write_graphml(g, target)
    return g.number_of_edges()
