"""Plain typed records passed between the stages of the flow.

Stages exchange these records, never spaCy objects or ORM rows, so that each stage can be
tested, pickled to a batch worker and stored without knowing how the others work.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

AUTHOR = "author"


@dataclass
class Comment:
    """One reader comment; `parent` is the id of the comment it answers, or None."""

    id: str
    parent: str | None
    author: str | None
    date: str | None
    text: str


@dataclass
class Document:
    """One report as read from its source, with its reader thread kept apart from the body."""

    body: str
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or None when the page does not say
    outlet: str | None = None
    url: str | None = None
    comments: list[Comment] = field(default_factory=list)
    source: str | None = None  # path or corpus line the document came from
    format: str | None = None  # html, text, corpus, feed, warc
    doc_id: str | None = None  # an id the source supplied (corpus doc_id), else None
    outlet_kind: str | None = None

    @property
    def content_hash(self) -> str:
        """Identity of a document: same words in, same hash out, so re-ingest is idempotent."""
        h = hashlib.sha256()
        for part in (self.url or "", self.title or "", self.body):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        for c in self.comments:
            h.update(f"{c.id}\x01{c.parent or ''}\x01{c.text}".encode())
            h.update(b"\x00")
        return h.hexdigest()

    @property
    def key(self) -> str:
        """The id the rest of the system uses: the supplied doc_id, else a short content hash."""
        return self.doc_id or self.content_hash[:16]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["content_hash"] = self.content_hash
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        d = {k: v for k, v in d.items() if k != "content_hash"}
        d["comments"] = [Comment(**c) for c in d.get("comments") or []]
        return cls(**d)


@dataclass
class Evidence:
    """Where a fact was stated and by whom.

    `segment` is "body" or "comment:<id>"; `start`/`end` are character offsets into that
    segment's text; `sentence` is the sentence's text, kept so the fact reads on its own.
    """

    segment: str
    sentence: str
    start: int
    end: int
    speaker: str = AUTHOR
    hedged: bool = False
    negated: bool = False


@dataclass
class Mention:
    """A span linked to an actor; `how` says why (alias, descriptor, metonym, pronoun, discovered)."""

    actor_id: str
    text: str
    segment: str
    start: int
    end: int
    how: str = "alias"
    # other surface forms the same mention reads as ("Russian" of "Russian warplanes", the whole
    # noun phrase); they become the actor's surfaces, never new mentions
    forms: list[str] = field(default_factory=list)
    name: str | None = None  # a provisional actor's name as discovered
    inner: list[Mention] = field(default_factory=list, repr=False)  # a person named inside this mention


@dataclass
class ActorFinding:
    """An actor a document mentions, with every surface form it was found under."""

    id: str
    name: str
    type: str
    surfaces: list[str] = field(default_factory=list)
    provisional: bool = False


@dataclass
class Place:
    """A resolved place; `precision` 1 = exact place, 2 = near / district level, 3 = region/governorate."""

    name: str
    place_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    country: str | None = None
    precision: int = 1


@dataclass
class RelationClaim:
    type: str
    subject: str
    object: str
    evidence: Evidence
    kind: str | None = None  # for backs: money, arms, air_support, troops, training, advice

    @property
    def speaker(self) -> str:
        return self.evidence.speaker


@dataclass
class EventClaim:
    type: str
    sub_type: str
    evidence: Evidence
    actor1: str | None = None
    actor2: str | None = None
    assoc: list[str] = field(default_factory=list)
    place: Place | None = None
    date: str | None = None
    date_precision: str = "day"
    fatalities: int | None = None
    wounded: int | None = None
    killed_leader: str | None = None
    quantities: dict[str, int] = field(default_factory=dict)
    plover: str | None = None
    # Annotation-time hints, not persisted: whether the date was written in the text (not
    # inherited from the publication date or the narrative), whether the place is the trigger's
    # own argument ("took X", not "villages near X"), and the trigger's lemma. Merging prefers
    # written dates; control reads a change of hands only from a direct place.
    explicit_date: bool = False
    place_direct: bool = False
    trigger: str | None = None

    @property
    def speaker(self) -> str:
        return self.evidence.speaker


@dataclass
class ControlClaim:
    actor: str
    place: Place
    as_of: str | None
    evidence: Evidence

    @property
    def speaker(self) -> str:
        return self.evidence.speaker


@dataclass
class Findings:
    """Everything extraction found in one document, ready to store or to print as a prediction."""

    document: Document
    actors: list[ActorFinding] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    relations: list[RelationClaim] = field(default_factory=list)
    events: list[EventClaim] = field(default_factory=list)
    control: list[ControlClaim] = field(default_factory=list)
    extractor_version: str = ""
    knowledge_version: str = ""
