"""The Python API for notebooks: `orbat.open(db)` gives the picture of one store.

    import orbat
    pic = orbat.open("sqlite:///orbat.db")
    net = pic.network(as_of="2016-02-01")      # Network: .nodes / .edges DataFrames, .to_networkx()
    pic.events(start="2016-01-01", end="2016-03-31", bbox=(36, 35, 38, 37))   # DataFrame
    pic.control(as_of="2016-02-01")            # who held which place that day
    pic.relations(actor="jabhat_al_nusra")     # per pair and type, with contradictions
    pic.reject_fact("doc-0001#r1a2b3c4d5e", who="analyst")

Tables come back as pandas DataFrames (one row per event, edge or place; nested lists such as
an event's sources stay in one column); every method also has a `*_records` twin returning
plain dicts. Dates are ISO strings (YYYY-MM-DD).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orbat.fuse import corrections as _corr
from orbat.fuse.control import control_as_of, timelines
from orbat.fuse.events import FuseReport, fuse_events, fused_events
from orbat.fuse.network import actor_profile, network
from orbat.fuse.relations import contradictions, relation_claims, relation_edges
from orbat.store import Store

BBox = tuple[float, float, float, float]


def _frame(rows: list[dict[str, Any]], columns: list[str] | None = None) -> Any:
    import pandas as pd

    return pd.DataFrame.from_records(rows, columns=columns) if rows or columns else pd.DataFrame()


@dataclass
class Network:
    """The network as of a date: `nodes` and `edges` as DataFrames, `data` as plain dicts."""

    data: dict[str, Any]

    @property
    def as_of(self) -> str | None:
        return self.data["as_of"]

    @property
    def nodes(self) -> Any:
        return _frame(self.data["nodes"], ["id", "name", "type", "country", "provisional", "degree", "first_seen"])

    @property
    def edges(self) -> Any:
        return _frame(self.data["edges"])

    def to_networkx(self) -> Any:
        """A networkx MultiDiGraph (one edge per relation type, in attribute `relation`; symmetric types carry `symmetric`)."""
        from orbat.views.export.graph import to_networkx

        return to_networkx(self.data)

    def __repr__(self) -> str:
        return f"Network(as_of={self.as_of!r}, nodes={len(self.data['nodes'])}, edges={len(self.data['edges'])})"


class Picture:
    """The picture of one store (see the module docstring). Use as a context manager or `close()`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def open(cls, db: str | Path = "sqlite:///orbat.db") -> Picture:
        return cls(Store.open(db))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Picture:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- building -----------------------------------------------------------------------------

    def fuse(self, full: bool = False) -> FuseReport:
        """Take in documents and corrections added since the last run (`full`: start over)."""
        return fuse_events(self.store, full=full)

    # -- reading ------------------------------------------------------------------------------

    def network(self, as_of: str | None = None, *, start: str | None = None, actor: str | None = None,
                type: str | None = None, background: bool = True, min_weight: int = 0) -> Network:
        return Network(network(self.store, as_of, start=start, actor=actor, type=type, background=background,
                               min_weight=min_weight))

    def events_records(self, *, start: str | None = None, end: str | None = None, as_of: str | None = None,
                       bbox: BBox | None = None, actor: str | None = None, type: str | None = None,
                       limit: int | None = None, sources: bool = True) -> list[dict[str, Any]]:
        return fused_events(self.store, start=start, end=end, as_of=as_of, bbox=bbox, actor=actor, type=type,
                            limit=limit, sources=sources)

    def events(self, **filters: Any) -> Any:
        """Fused events (one row each; `sources` holds every report with its own figures)."""
        return _frame(self.events_records(**filters))

    def relations_records(self, *, as_of: str | None = None, start: str | None = None, actor: str | None = None,
                          type: str | None = None, claims: bool = False) -> list[dict[str, Any]]:
        if claims:
            return relation_claims(self.store, as_of=as_of, start=start, actor=actor, type=type)
        return relation_edges(self.store, as_of=as_of, start=start, actor=actor, type=type)

    def relations(self, **filters: Any) -> Any:
        """Relations per pair and type (or, with `claims=True`, the claims with their fact keys)."""
        return _frame(self.relations_records(**filters))

    def contradictions(self, **filters: Any) -> list[dict[str, Any]]:
        return contradictions(self.store, **filters)

    def control_records(self, as_of: str | None = None, *, bbox: BBox | None = None, actor: str | None = None,
                        start: str | None = None) -> list[dict[str, Any]]:
        return control_as_of(self.store, as_of=as_of, bbox=bbox, actor=actor, start=start)

    def control(self, as_of: str | None = None, **filters: Any) -> Any:
        """Who held each place on a date, since when, on how many sources' word."""
        return _frame(self.control_records(as_of, **filters))

    def timeline(self, place: str | None = None, **filters: Any) -> list[dict[str, Any]]:
        """Control periods and changes per place (a place id or name; all places without)."""
        return timelines(self.store, place=place, **filters)

    def profile(self, actor: str, as_of: str | None = None, events_limit: int = 50) -> dict[str, Any]:
        return actor_profile(self.store, actor, as_of, events_limit=events_limit)

    # -- correcting ---------------------------------------------------------------------------

    def corrections(self) -> Any:
        return _frame(self.store.corrections())

    def reject_fact(self, key: str, who: str | None = None, reason: str | None = None) -> int:
        return _corr.reject_fact(self.store, key, who, reason)

    def merge_actors(self, source: str, into: str, who: str | None = None) -> int:
        return _corr.merge_actors(self.store, source, into, who)

    def split_actor(self, actor: str, new_id: str, documents: list[str], new_name: str | None = None,
                    who: str | None = None) -> int:
        return _corr.split_actor(self.store, actor, new_id, documents, new_name, who)

    def edit_event(self, key: str, field: str, value: Any, who: str | None = None) -> int:
        return _corr.edit_event(self.store, key, field, value, who)

    def confirm_relation(self, subject: str, type: str, object: str, who: str | None = None,
                         kind: str | None = None, note: str | None = None) -> int:
        return _corr.confirm_relation(self.store, subject, type, object, who, kind, note)

    def withdraw(self, correction_id: int, who: str | None = None) -> int:
        return _corr.withdraw(self.store, correction_id, who)

    # -- exporting ----------------------------------------------------------------------------

    def export(self, fmt: str, path: str | Path, **filters: Any) -> int:
        """Write `acled-csv`, `geojson`, `gexf`, `graphml` or `plover`; returns the records written."""
        from orbat.views.export import export

        return export(self.store, fmt, Path(path), **filters)


def open(db: str | Path = "sqlite:///orbat.db") -> Picture:  # noqa: A001 - `orbat.open` is the API's name
    """Open the picture of the store at `db` (a SQLAlchemy URL or a SQLite file path)."""
    return Picture.open(db)
