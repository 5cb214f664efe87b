"""The store's tables: one schema for SQLite and PostgreSQL.

Only portable column types are used (Integer, String, Text, Float, Boolean, JSON, DateTime) so
the same Alembic revision builds both back ends. Dates of facts are ISO strings (`YYYY-MM-DD`):
the records carry them that way, they sort and compare correctly as text, and a partial date
("2016-03") does not have to be invented into a day to be stored.

Facts (mentions, relations, events, control, the per-document actor list) belong to exactly
one document and are replaced as a block when that document is re-extracted; actors and
corrections outlive any one document.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names: Alembic can then alter/drop them on SQLite (batch mode) and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

DATE = String(10)  # ISO date, possibly partial; save() checks the form
HASH = String(64)
# Free text is Text, never VARCHAR(n): a length limit is silently ignored by SQLite and a
# failed insert on PostgreSQL, so one long speaker or surface would break only the shared store.
DOC_FK = "documents.id"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Document(Base):
    """One report; `content_hash` is its identity, `facts_hash` says which extraction is stored."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(Text, unique=True)
    content_hash: Mapped[str] = mapped_column(HASH, unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(DATE, index=True)
    outlet: Mapped[str | None] = mapped_column(Text, index=True)
    outlet_kind: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    format: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime)
    extracted_at: Mapped[datetime] = mapped_column(DateTime)
    extractor_version: Mapped[str] = mapped_column(Text, default="")
    knowledge_version: Mapped[str] = mapped_column(Text, default="")
    facts_hash: Mapped[str] = mapped_column(HASH)


class Comment(Base):
    """A reader comment; `position` keeps the thread in page order."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # No uniqueness on (document, comment_id): ids come from pages, and a page that repeats one
    # must still be stored rather than fail the batch.
    document_id: Mapped[int] = mapped_column(ForeignKey(DOC_FK, ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    comment_id: Mapped[str] = mapped_column(Text)
    parent: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)


class Actor(Base):
    """A canonical actor; `origin` is `kb` (knowledge files) or `discovered` (proposed by extraction)."""

    __tablename__ = "actors"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(Text, default="generic")
    country: Mapped[str | None] = mapped_column(Text)
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    origin: Mapped[str] = mapped_column(Text, default="discovered")


class ActorAlias(Base):
    """An alias the knowledge gives an actor (surfaces seen in documents live in `document_actors`)."""

    __tablename__ = "actor_aliases"
    __table_args__ = (UniqueConstraint("actor_id", "alias"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    actor_id: Mapped[str] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(Text)


class DocumentActor(Base):
    """An actor a document mentions, the surface forms it was found under there (in the
    extractor's order) and how many mentions it has: per-actor counts then sum these rows
    instead of scanning every mention."""

    __tablename__ = "document_actors"
    __table_args__ = (UniqueConstraint("document_id", "actor_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[int] = mapped_column(ForeignKey(DOC_FK, ondelete="CASCADE"))
    actor_id: Mapped[str] = mapped_column(ForeignKey("actors.id"), index=True)
    surfaces: Mapped[list[Any]] = mapped_column(JSON)
    mentions: Mapped[int] = mapped_column(Integer, default=0)
    # True when the extractor did not list the actor but one of the document's claims names it.
    implicit: Mapped[bool] = mapped_column(Boolean, default=False)


class ActorSurface(Base):
    """One surface form of an actor in one document, as a row, so "aliases seen (as of a date)"
    is a GROUP BY in the database rather than JSON decoding in Python."""

    __tablename__ = "actor_surfaces"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[int] = mapped_column(ForeignKey(DOC_FK, ondelete="CASCADE"), index=True)
    actor_id: Mapped[str] = mapped_column(ForeignKey("actors.id"), index=True)
    surface: Mapped[str] = mapped_column(Text)


class _Versions:
    extractor_version: Mapped[str] = mapped_column(Text, default="")
    knowledge_version: Mapped[str] = mapped_column(Text, default="")


class _Evidence(_Versions):
    """Evidence columns shared by every claim: where it was said, by whom, how firmly."""

    segment: Mapped[str] = mapped_column(Text)
    sentence: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(Text)
    hedged: Mapped[bool] = mapped_column(Boolean, default=False)
    negated: Mapped[bool] = mapped_column(Boolean, default=False)


class _Place:
    place_name: Mapped[str | None] = mapped_column(Text)
    place_id: Mapped[str | None] = mapped_column(Text, index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    admin1: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    precision: Mapped[int | None] = mapped_column(Integer)


class MentionRow(_Versions, Base):
    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[int] = mapped_column(ForeignKey(DOC_FK, ondelete="CASCADE"), index=True)
    actor_id: Mapped[str] = mapped_column(ForeignKey("actors.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    segment: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    how: Mapped[str] = mapped_column(Text, default="alias")


class RelationClaimRow(_Evidence, Base):
    __tablename__ = "relation_claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[int] = mapped_column(ForeignKey(DOC_FK, ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(Text, index=True)
    subject: Mapped[str] = mapped_column(ForeignKey("actors.id"), index=True)
    object: Mapped[str] = mapped_column(ForeignKey("actors.id"), index=True)
    kind: Mapped[str | None] = mapped_column(Text)


class EventClaimRow(_Evidence, _Place, Base):
    __tablename__ = "event_claims"
    __table_args__ = (Index("ix_event_claims_lat_lon", "lat", "lon"),
                      Index("ix_event_claims_type_date", "type", "date"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[int] = mapped_column(ForeignKey(DOC_FK, ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(Text, index=True)
    sub_type: Mapped[str] = mapped_column(Text)
    actor1: Mapped[str | None] = mapped_column(ForeignKey("actors.id"), index=True)
    actor2: Mapped[str | None] = mapped_column(ForeignKey("actors.id"), index=True)
    assoc: Mapped[list[Any]] = mapped_column(JSON)
    date: Mapped[str | None] = mapped_column(DATE, index=True)
    date_precision: Mapped[str] = mapped_column(Text, default="day")
    fatalities: Mapped[int | None] = mapped_column(Integer)
    wounded: Mapped[int | None] = mapped_column(Integer)
    killed_leader: Mapped[str | None] = mapped_column(Text)
    quantities: Mapped[dict[str, Any]] = mapped_column(JSON)
    plover: Mapped[str | None] = mapped_column(Text)


class EventActor(Base):
    """Every actor of an event with its role, so "events involving X" is one indexed lookup
    (the `assoc` JSON column alone cannot be indexed portably)."""

    __tablename__ = "event_actors"
    # "Events of actor X" reads event ids straight from this index (revision 0003).
    __table_args__ = (Index("ix_event_actors_actor_event", "actor_id", "event_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event_claims.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[str] = mapped_column(ForeignKey("actors.id"), index=True)
    role: Mapped[str] = mapped_column(Text)  # actor1, actor2, assoc


class ControlClaimRow(_Evidence, _Place, Base):
    __tablename__ = "control_claims"
    __table_args__ = (Index("ix_control_claims_lat_lon", "lat", "lon"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[int] = mapped_column(ForeignKey(DOC_FK, ondelete="CASCADE"), index=True)
    actor: Mapped[str] = mapped_column(ForeignKey("actors.id"), index=True)
    as_of: Mapped[str | None] = mapped_column(DATE, index=True)


class Correction(Base):
    """An analyst's decision (merge actors, reject a fact, add an alias), re-applied after re-extraction."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(Text, index=True)
    target: Mapped[str] = mapped_column(Text, index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    who: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)



# -- the picture: what fusion makes of the claims (written by orbat.fuse, revision 0002) --------


class FusedEvent(Base):
    """One real-world event as fused from one or more event claims, with consensus values.

    `cell` is a 0.25-degree grid square and `place_key` a place id or name, so finding the
    candidates a new claim may fuse with is one indexed lookup; `date_lo`/`date_hi` is the
    interval the consensus date covers at its precision.
    """

    __tablename__ = "fused_events"
    # Candidate lookups (a claim's cells or place, its type, a date window) are answered inside
    # the (cell|place_key, type, date_lo, date_hi) indexes, without reading far-off events' rows.
    __table_args__ = (Index("ix_fused_events_cell_type_date", "cell", "type", "date_lo", "date_hi"),
                      Index("ix_fused_events_place_type_date", "place_key", "type", "date_lo", "date_hi"),
                      Index("ix_fused_events_lat_lon", "lat", "lon"),
                      Index("ix_fused_events_date_lat", "date", "lat"),
                      Index("ix_fused_events_actor1_date", "actor1", "date"),
                      Index("ix_fused_events_actor2_date", "actor2", "date"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    type: Mapped[str] = mapped_column(Text)
    sub_type: Mapped[str] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(DATE)
    date_precision: Mapped[str] = mapped_column(String(10), default="day")
    date_lo: Mapped[str | None] = mapped_column(DATE)
    date_hi: Mapped[str | None] = mapped_column(DATE)
    place_name: Mapped[str | None] = mapped_column(Text)
    place_id: Mapped[str | None] = mapped_column(Text)
    place_key: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    admin1: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    precision: Mapped[int | None] = mapped_column(Integer)
    cell: Mapped[int | None] = mapped_column(Integer)
    actor1: Mapped[str | None] = mapped_column(Text)
    actor2: Mapped[str | None] = mapped_column(Text)
    assoc: Mapped[list[Any]] = mapped_column(JSON)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    fatalities_low: Mapped[int | None] = mapped_column(Integer)
    fatalities_high: Mapped[int | None] = mapped_column(Integer)
    wounded: Mapped[int | None] = mapped_column(Integer)
    plover: Mapped[str | None] = mapped_column(Text)
    n_sources: Mapped[int] = mapped_column(Integer, default=0)
    n_documents: Mapped[int] = mapped_column(Integer, default=0)
    n_outlets: Mapped[int] = mapped_column(Integer, default=0)
    disputed: Mapped[bool] = mapped_column(Boolean, default=False)
    hedged_only: Mapped[bool] = mapped_column(Boolean, default=False)
    edited: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class FusedEventSource(Base):
    """An event claim that is one source of a fused event. No foreign key to the claim: a
    re-extraction deletes claims, and fusion then drops their sources by document."""

    __tablename__ = "fused_event_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    fused_id: Mapped[int] = mapped_column(ForeignKey("fused_events.id", ondelete="CASCADE"), index=True)
    claim_id: Mapped[int] = mapped_column(Integer, unique=True)
    document_id: Mapped[int] = mapped_column(Integer, index=True)
    fact_key: Mapped[str] = mapped_column(Text, index=True)


class PictureActorDay(Base):
    """How many fused events an actor (actor1 or actor2, after corrections) is party to on one
    consensus date, kept by fusion (revision 0003): "how many events as of a date" for a
    prominent actor is then a sum over at most a few hundred days instead of a count over
    hundreds of thousands of events."""

    __tablename__ = "picture_actor_days"

    actor: Mapped[str] = mapped_column(Text, primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    events: Mapped[int] = mapped_column(Integer)


class PictureEdge(Base):
    """One relation edge of the picture: an actor pair (ordered unless the type is symmetric,
    actors as corrections map them) and a relation type."""

    __tablename__ = "picture_edges"
    __table_args__ = (UniqueConstraint("a", "b", "type"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    a: Mapped[str] = mapped_column(Text, index=True)
    b: Mapped[str] = mapped_column(Text, index=True)
    type: Mapped[str] = mapped_column(Text)
    first_day: Mapped[str] = mapped_column(String(10), index=True)


class PictureEdgeDay(Base):
    """An edge's aggregate as of the end of one publication day (cumulative), so the network as
    of any date is one indexed lookup per edge instead of a sort of every claim. Claims from
    undated documents sit on day `9999-99-99`: they count only when no date is asked."""

    __tablename__ = "picture_edge_days"
    __table_args__ = (UniqueConstraint("edge_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    edge_id: Mapped[int] = mapped_column(ForeignKey("picture_edges.id", ondelete="CASCADE"))
    day: Mapped[str] = mapped_column(String(10))
    evidence: Mapped[int] = mapped_column(Integer)
    documents: Mapped[int] = mapped_column(Integer)
    outlets: Mapped[int] = mapped_column(Integer)
    asserting_outlets: Mapped[int] = mapped_column(Integer)
    denying_outlets: Mapped[int] = mapped_column(Integer)
    asserted: Mapped[int] = mapped_column(Integer)
    negated: Mapped[int] = mapped_column(Integer)
    firm: Mapped[int] = mapped_column(Integer)
    first_seen: Mapped[str | None] = mapped_column(String(10))
    last_seen: Mapped[str | None] = mapped_column(String(10))
    first_asserted: Mapped[str | None] = mapped_column(String(10))
    last_denied: Mapped[str | None] = mapped_column(String(10))
    speakers: Mapped[str] = mapped_column(Text)
    kinds: Mapped[str] = mapped_column(Text)


class PictureEdgeDocument(Base):
    """Which edges a document's relation claims fed, so re-extracting it updates exactly those."""

    __tablename__ = "picture_edge_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[int] = mapped_column(Integer, index=True)
    edge_id: Mapped[int] = mapped_column(Integer, index=True)


# Fusion finds the documents written since its last run by their extraction time.
Index("ix_documents_extracted_at", Document.extracted_at)


class FusedDocument(Base):
    """Which extraction of each document fusion has taken in (content and facts hashes), so a
    later run re-fuses exactly the documents written since, whatever the clock says."""

    __tablename__ = "fused_documents"

    document_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    stamp: Mapped[str] = mapped_column(Text)


class FusionState(Base):
    """Fusion's bookmarks (which documents and corrections it has already taken in)."""

    __tablename__ = "fusion_state"

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


metadata = Base.metadata
T = {t.name: t for t in metadata.sorted_tables}
