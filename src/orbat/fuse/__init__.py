"""The picture: what fusion makes of the stored claims (it reads stored facts only).

Entry points, each a plain function over a `Store` returning plain data:

- `fuse_events(store, full=False)` (events.py): fuse event claims into events with their
  sources and consensus figures, and keep the relation history; incremental by default.
- `fused_events(store, start=, end=, as_of=, bbox=, actor=)` (events.py): the fused events.
- `relation_edges(store, as_of=, actor=, type=)`, `relation_claims(...)`, `contradictions(...)`
  (relations.py): relations per actor pair and type over time.
- `network(store, as_of=None, ...)` (network.py): nodes and edges as of a date;
  `actor_profile(store, actor, as_of)`.
- `timelines(store, place=...)`, `control_as_of(store, as_of=...)` (control.py): control.
- corrections.py: fact keys and the analyst corrections (reject, merge, split, edit, confirm).

The Python API for notebooks (`orbat.open(db)`) and the CLI sit on top of these.
"""

from orbat.fuse.control import control_as_of, timelines
from orbat.fuse.events import fuse_events, fused_events
from orbat.fuse.network import actor_profile, network
from orbat.fuse.relations import contradictions, relation_claims, relation_edges

__all__ = ["actor_profile", "contradictions", "control_as_of", "fuse_events", "fused_events", "network",
           "relation_claims", "relation_edges", "timelines"]
