"""One repository interface over SQLite and PostgreSQL: `Store`.

Everything goes in as `orbat.model.Findings` and comes out as plain JSON-serialisable dicts,
never ORM rows, so the CLI, the API and fusion never hold a session.

Write rules (the reasons the code looks the way it does):
- A document's identity is its content hash. Saving findings whose document and facts are
  already stored changes nothing; saving a new extraction of a stored document replaces all
  of that document's facts inside one transaction, so a crash (even `kill -9`) leaves either
  the old facts or the new ones.
- Concurrent writers: the document row is inserted with ON CONFLICT DO NOTHING and then locked
  (FOR UPDATE on PostgreSQL; SQLite holds one write lock per transaction), so two processes
  saving the same document at once write its facts once. Actors are upserted in sorted id order
  so two transactions never wait on each other in a cycle; deadlocks or lock time-outs that
  still happen are retried.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Select, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, OperationalError

from orbat.errors import Code, OrbatError
from orbat.model import (
    ActorFinding,
    Comment,
    ControlClaim,
    Document,
    EventClaim,
    Evidence,
    Findings,
    Mention,
    Place,
    RelationClaim,
)
from orbat.store import migrate
from orbat.store.engine import WRITE, make_engine
from orbat.store.schema import T

R = TypeVar("R")

DOCS = T["documents"]
COMMENTS = T["comments"]
ACTORS = T["actors"]
ALIASES = T["actor_aliases"]
DOC_ACTORS = T["document_actors"]
SURFACES = T["actor_surfaces"]
MENTIONS = T["mentions"]
RELATIONS = T["relation_claims"]
EVENTS = T["event_claims"]
EVENT_ACTORS = T["event_actors"]
CONTROL = T["control_claims"]
CORRECTIONS = T["corrections"]

_DOC_FIELDS = ("key", "content_hash", "title", "author", "published", "outlet", "outlet_kind", "url",
               "source", "format")
_EVIDENCE = ("segment", "sentence", "start", "end", "speaker", "hedged", "negated")
_PLACE = ("place_name", "place_id", "lat", "lon", "admin1", "country", "precision")
_RETRIES = 6
_FACT_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _iso(dt: datetime | None) -> str | None:
    return None if dt is None else dt.isoformat(timespec="seconds") + "Z"


def _day(value: str | date | None, name: str) -> str | None:
    """A query date as ISO text (facts store dates as text); a bad one is the user's E050."""
    if value is None:
        return None
    s = value.isoformat() if isinstance(value, date) else str(value)
    try:
        date.fromisoformat(s)
    except ValueError as e:
        raise OrbatError(Code.E050, path=name, value=s) from e
    return s


def _check_dates(f: Findings) -> None:
    """Fact dates are compared as text, which is only right for ISO dates (YYYY, YYYY-MM or
    YYYY-MM-DD): refuse anything else (E050) rather than store a date no query would find."""
    dates = [("published", f.document.published)]
    dates += [("event date", e.date) for e in f.events] + [("control as_of", c.as_of) for c in f.control]
    for what, value in dates:
        if value is not None and not _FACT_DATE.fullmatch(value):
            raise OrbatError(Code.E050, path=f"document {f.document.key} {what}", value=value)


def facts_hash(findings: Findings) -> str:
    """Fingerprint of what a save would write beyond the content: metadata, facts and versions.

    Equal fingerprints mean a repeated save is a no-op; a different one (new extractor, new
    knowledge, corrected metadata) means the document's facts are replaced.
    """
    d = findings.document
    payload = {
        "doc": [d.key, d.title, d.author, d.published, d.outlet, d.outlet_kind, d.url,
                [(c.author, c.date) for c in d.comments]],
        "facts": [findings.actors, findings.mentions, findings.relations, findings.events, findings.control],
        "versions": [findings.extractor_version, findings.knowledge_version],
    }
    # vars() of each record (records nest only records, lists, dicts and scalars): a fraction of
    # the cost of dataclasses.asdict, which deep-copies.
    blob = json.dumps(payload, sort_keys=True, default=vars, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def _retryable(e: DBAPIError) -> bool:
    """Lock waits that ran out (SQLite) and deadlocks or serialisation failures (PostgreSQL)."""
    state = getattr(e.orig, "sqlstate", None)
    if state in ("40001", "40P01"):
        return True
    return isinstance(e, OperationalError) and "locked" in str(e.orig).lower()


def _evidence_cols(ev: Evidence) -> dict[str, Any]:
    return {k: getattr(ev, k) for k in _EVIDENCE}


def _place_cols(p: Place | None) -> dict[str, Any]:
    if p is None:
        return dict.fromkeys(_PLACE)
    return {"place_name": p.name, "place_id": p.place_id, "lat": p.lat, "lon": p.lon, "admin1": p.admin1,
            "country": p.country, "precision": p.precision}


def _place_dict(r: Mapping[str, Any]) -> dict[str, Any] | None:
    if r["place_name"] is None and r["place_id"] is None:
        return None
    return {"name": r["place_name"], "place_id": r["place_id"], "lat": r["lat"], "lon": r["lon"],
            "admin1": r["admin1"], "country": r["country"], "precision": r["precision"]}


def _evidence_dict(r: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (bool(r[k]) if k in ("hedged", "negated") else r[k]) for k in _EVIDENCE}


def _claim_common(r: Mapping[str, Any]) -> dict[str, Any]:
    """Fields every claim carries when it leaves the store: its source and evidence."""
    return {
        "id": r["id"],
        "document": r["doc_key"],
        "published": r["published"],
        "outlet": r["outlet"],
        "speaker": r["speaker"],
        "hedged": bool(r["hedged"]),
        "negated": bool(r["negated"]),
        "evidence": _evidence_dict(r),
        "extractor_version": r["extractor_version"],
        "knowledge_version": r["knowledge_version"],
    }


def _actor_like(a: Any) -> dict[str, Any]:
    if is_dataclass(a) and not isinstance(a, type):
        a = asdict(a)
    if not isinstance(a, Mapping) or not a.get("id"):
        raise ValueError(f"not an actor record (needs at least an id): {a!r}")
    return dict(a)


class Store:
    """The repository. Open with `Store.open(url)`; use as a context manager or call `close()`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
        if engine.dialect.name not in ("postgresql", "sqlite"):
            raise OrbatError(Code.E030, url=str(engine.url), why="orbat supports SQLite and PostgreSQL only")

    # -- lifecycle ---------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str | Path = "sqlite:///orbat.db") -> Store:
        """Open (creating and migrating if needed) the store at a SQLAlchemy URL or a file path."""
        engine = make_engine(url)
        try:
            migrate.upgrade(engine)
        except OrbatError:
            engine.dispose()
            raise
        except Exception as e:  # noqa: BLE001 - unreachable server, bad credentials, not a database
            engine.dispose()
            raise OrbatError(Code.E030, url=engine.url.render_as_string(hide_password=True),
                             why=str(e).splitlines()[0]) from e
        return cls(engine)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(**{WRITE: True})
            with conn.begin():
                yield conn

    def _retry(self, fn: Callable[[], R]) -> R:
        for attempt in range(_RETRIES):
            try:
                return fn()
            except DBAPIError as e:
                if attempt == _RETRIES - 1 or not _retryable(e):
                    raise
                time.sleep(0.05 * 2**attempt)
        raise AssertionError("unreachable")

    # -- writing -----------------------------------------------------------------------------

    def has_document(self, content_hash: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(DOCS.c.id).where(DOCS.c.content_hash == content_hash)).first() is not None

    def save(self, findings: Findings) -> str:
        """Store one document's findings; returns the document key. See the module docstring."""
        return self.save_many([findings])[0]

    def save_many(self, findings: Iterable[Findings], batch: int = 50) -> list[str]:
        """Store many documents, `batch` to a transaction (a batch runner's write path: one commit
        per batch instead of one per document). Each document is still all-or-nothing; a crash
        loses at most the batch in flight, which a re-run then writes. Returns the keys in order."""
        keys: list[str] = []
        chunk: list[tuple[Findings, str]] = []

        def flush() -> None:
            # Lock order by content hash: two batches over the same documents do not deadlock.
            items = sorted(chunk, key=lambda x: x[0].document.content_hash)
            done = self._retry(lambda: self._save_batch(items))
            keys.extend(done[id(f)] for f, _ in chunk)
            chunk.clear()

        for f in findings:
            _check_dates(f)
            chunk.append((f, facts_hash(f)))
            if len(chunk) >= max(1, batch):
                flush()
        if chunk:
            flush()
        return keys

    def _save_batch(self, items: list[tuple[Findings, str]]) -> dict[int, str]:
        with self._write() as conn:
            return {id(f): self._save_in(conn, f, fh) for f, fh in items}

    def _save_in(self, conn: Connection, f: Findings, fh: str) -> str:
        doc = f.document
        chash = doc.content_hash
        now = _now()
        row = {k: getattr(doc, k) for k in _DOC_FIELDS if k not in ("key", "content_hash")}
        row.update(body=doc.body, extracted_at=now, extractor_version=f.extractor_version,
                   knowledge_version=f.knowledge_version, facts_hash=fh)
        ins = (self._insert(DOCS).values(key=doc.key, content_hash=chash, ingested_at=now, **row)
               .on_conflict_do_nothing().returning(DOCS.c.id))
        new_id = conn.execute(ins).scalar()
        if new_id is not None:
            self._write_comments(conn, new_id, doc.comments)
            self._write_facts(conn, new_id, f)
            return doc.key
        lock = select(DOCS.c.id, DOCS.c.key, DOCS.c.facts_hash).with_for_update()
        old = conn.execute(lock.where(DOCS.c.content_hash == chash)).first()
        if old is not None and old.facts_hash == fh:
            return old.key  # already stored, as is: nothing to do
        if old is None:
            # Same key, new content: the source changed the page; it stays one document.
            old = conn.execute(lock.where(DOCS.c.key == doc.key)).first()
            if old is None:  # cannot happen: key and content_hash are the only unique columns
                raise RuntimeError(f"document {doc.key} conflicted with a row that cannot be found")
        # Replace everything about the document but its key and first ingestion time.
        conn.execute(update(DOCS).where(DOCS.c.id == old.id).values(content_hash=chash, **row))
        conn.execute(delete(COMMENTS).where(COMMENTS.c.document_id == old.id))
        self._write_comments(conn, old.id, doc.comments)
        self._delete_facts(conn, old.id)
        self._write_facts(conn, old.id, f)
        return old.key

    def _write_comments(self, conn: Connection, doc_id: int, comments: list[Comment]) -> None:
        rows = [{"document_id": doc_id, "position": i, "comment_id": c.id, "parent": c.parent,
                 "author": c.author, "date": c.date, "text": c.text} for i, c in enumerate(comments)]
        if rows:
            conn.execute(COMMENTS.insert(), rows)

    def _delete_facts(self, conn: Connection, doc_id: int) -> None:
        ev_ids = select(EVENTS.c.id).where(EVENTS.c.document_id == doc_id).scalar_subquery()
        conn.execute(delete(EVENT_ACTORS).where(EVENT_ACTORS.c.event_id.in_(ev_ids)))
        for t in (EVENTS, RELATIONS, CONTROL, MENTIONS, SURFACES, DOC_ACTORS):
            conn.execute(delete(t).where(t.c.document_id == doc_id))

    def _write_facts(self, conn: Connection, doc_id: int, f: Findings) -> None:
        versions = {"extractor_version": f.extractor_version, "knowledge_version": f.knowledge_version}
        referenced = self._ensure_actors(conn, f)
        listed = {a.id: a for a in f.actors}
        n_mentions = Counter(m.actor_id for m in f.mentions)
        doc_actors = [{"document_id": doc_id, "actor_id": a.id, "surfaces": list(a.surfaces),
                       "mentions": n_mentions[a.id], "implicit": False} for a in listed.values()]
        doc_actors += [{"document_id": doc_id, "actor_id": a, "surfaces": [], "mentions": n_mentions[a],
                        "implicit": True} for a in sorted(referenced - listed.keys())]
        if doc_actors:
            conn.execute(DOC_ACTORS.insert(), doc_actors)
        surfaces = [{"document_id": doc_id, "actor_id": a.id, "surface": s}
                    for a in listed.values() for s in dict.fromkeys(a.surfaces) if s]
        if surfaces:
            conn.execute(SURFACES.insert(), surfaces)
        if f.mentions:
            conn.execute(MENTIONS.insert(), [
                {"document_id": doc_id, "actor_id": m.actor_id, "text": m.text, "segment": m.segment,
                 "start": m.start, "end": m.end, "how": m.how, **versions} for m in f.mentions])
        if f.relations:
            conn.execute(RELATIONS.insert(), [
                {"document_id": doc_id, "type": r.type, "subject": r.subject, "object": r.object,
                 "kind": r.kind, **_evidence_cols(r.evidence), **versions} for r in f.relations])
        if f.control:
            conn.execute(CONTROL.insert(), [
                {"document_id": doc_id, "actor": c.actor, "as_of": c.as_of, **_place_cols(c.place),
                 **_evidence_cols(c.evidence), **versions} for c in f.control])
        if f.events:
            rows = [{"document_id": doc_id, "type": e.type, "sub_type": e.sub_type, "actor1": e.actor1,
                     "actor2": e.actor2, "assoc": list(e.assoc), **_place_cols(e.place), "date": e.date,
                     "date_precision": e.date_precision, "fatalities": e.fatalities, "wounded": e.wounded,
                     "killed_leader": e.killed_leader, "quantities": dict(e.quantities), "plover": e.plover,
                     **_evidence_cols(e.evidence), **versions} for e in f.events]
            ids = conn.execute(EVENTS.insert().returning(EVENTS.c.id, sort_by_parameter_order=True),
                               rows).scalars().all()
            links = []
            for ev_id, e in zip(ids, f.events, strict=True):
                roles = [("actor1", e.actor1), ("actor2", e.actor2)] + [("assoc", a) for a in e.assoc]
                links += [{"event_id": ev_id, "actor_id": a, "role": role} for role, a in roles if a]
            if links:
                conn.execute(EVENT_ACTORS.insert(), links)

    def _ensure_actors(self, conn: Connection, f: Findings) -> set[str]:
        """Every actor id the findings use exists afterwards; returns the ids the claims reference.

        Listed actors insert (or fill in a placeholder made earlier from a bare reference);
        ids only referenced by claims get a provisional placeholder. One read finds the ids
        already there (the usual case), and missing ones go in as one sorted ON CONFLICT DO
        NOTHING batch, so concurrent transactions neither fail nor deadlock on a new actor.
        """
        refs = {m.actor_id for m in f.mentions}
        refs |= {x for r in f.relations for x in (r.subject, r.object)}
        refs |= {x for e in f.events for x in (e.actor1, e.actor2, *e.assoc) if x}
        refs |= {c.actor for c in f.control}
        listed = {a.id: a for a in f.actors}
        wanted = refs | listed.keys()
        existing = {r.id: r for r in conn.execute(
            select(ACTORS.c.id, ACTORS.c.name, ACTORS.c.origin).where(ACTORS.c.id.in_(sorted(wanted))))}
        missing = [aid for aid in sorted(wanted) if aid not in existing]
        if missing:
            rows = []
            for aid in missing:
                a = listed.get(aid)
                rows.append({"id": aid, "name": aid, "type": "generic", "provisional": True, "origin": "discovered"}
                            if a is None else
                            {"id": aid, "name": a.name, "type": a.type, "provisional": a.provisional,
                             "origin": "discovered" if a.provisional else "kb"})
            conn.execute(self._insert(ACTORS).on_conflict_do_nothing(), rows)
        for aid in sorted(listed.keys() & existing.keys()):
            old, a = existing[aid], listed[aid]
            if old.name == aid and old.origin == "discovered" and a.name != aid:  # fill in a placeholder
                conn.execute(update(ACTORS).where(ACTORS.c.id == aid, ACTORS.c.name == aid).values(
                    name=a.name, type=a.type, provisional=a.provisional,
                    origin="discovered" if a.provisional else "kb"))
        return refs

    def sync_actors(self, actors: Iterable[Any]) -> int:
        """Upsert knowledge-base actors (dicts or ActorFinding-like records); returns how many.

        Keys read: id (required), name, type, country, provisional, origin (default `kb`), and
        aliases (or surfaces), which are added to `actor_aliases`. The knowledge wins over any
        earlier record of the same id, so a discovered actor later written into the knowledge
        base becomes a `kb` actor.
        """
        recs = sorted((_actor_like(a) for a in actors), key=lambda d: d["id"])

        def run() -> int:
            with self._write() as conn:
                for d in recs:
                    values = {"name": d.get("name") or d["id"], "type": d.get("type") or "generic",
                              "country": d.get("country"), "provisional": bool(d.get("provisional", False)),
                              "origin": d.get("origin") or "kb"}
                    conn.execute(self._insert(ACTORS).values(id=d["id"], **values)
                                 .on_conflict_do_update(index_elements=[ACTORS.c.id], set_=values))
                    aliases = sorted({s for s in (d.get("aliases") or d.get("surfaces") or []) if s})
                    if aliases:
                        conn.execute(self._insert(ALIASES).on_conflict_do_nothing(),
                                     [{"actor_id": d["id"], "alias": s} for s in aliases])
            return len(recs)

        return self._retry(run)

    def add_correction(self, kind: str, target: str, payload: Mapping[str, Any] | None = None,
                       who: str | None = None) -> int:
        """Record an analyst decision (e.g. kind `merge_actors`, `reject_fact`, `add_alias`); returns its id."""
        def run() -> int:
            with self._write() as conn:
                return conn.execute(CORRECTIONS.insert().returning(CORRECTIONS.c.id), {
                    "kind": kind, "target": target, "payload": dict(payload or {}), "who": who,
                    "created_at": _now()}).scalar_one()

        return self._retry(run)

    # -- reading -----------------------------------------------------------------------------

    def _rows(self, stmt: Select[Any]) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(stmt)]

    def corrections(self, kind: str | None = None, target: str | None = None) -> list[dict[str, Any]]:
        """Analyst decisions in the order they were made."""
        stmt = select(CORRECTIONS).order_by(CORRECTIONS.c.id)
        if kind is not None:
            stmt = stmt.where(CORRECTIONS.c.kind == kind)
        if target is not None:
            stmt = stmt.where(CORRECTIONS.c.target == target)
        return [{**r, "created_at": _iso(r["created_at"])} for r in self._rows(stmt)]

    def counts(self) -> dict[str, int]:
        tables = {"documents": DOCS, "comments": COMMENTS, "actors": ACTORS, "actor_aliases": ALIASES,
                  "mentions": MENTIONS, "relations": RELATIONS, "events": EVENTS, "control": CONTROL,
                  "corrections": CORRECTIONS}
        with self.engine.connect() as conn:
            return {name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                    for name, t in tables.items()}

    @staticmethod
    def _doc_dict(r: Mapping[str, Any]) -> dict[str, Any]:
        d = {k: r[k] for k in _DOC_FIELDS}
        d.update(ingested_at=_iso(r["ingested_at"]), extracted_at=_iso(r["extracted_at"]),
                 extractor_version=r["extractor_version"], knowledge_version=r["knowledge_version"])
        return d

    def documents(self, *, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Document metadata (no body), oldest publication first; undated documents last."""
        cols = [c for c in DOCS.c if c.name not in ("body", "facts_hash", "id")]
        stmt = (select(*cols).order_by(DOCS.c.published.is_(None), DOCS.c.published, DOCS.c.key)
                .offset(offset).limit(limit))
        return [self._doc_dict(r) for r in self._rows(stmt)]

    def _doc_row(self, conn: Connection, key: str) -> Any:
        r = conn.execute(select(DOCS).where(or_(DOCS.c.key == key, DOCS.c.content_hash == key))).first()
        if r is None:
            raise OrbatError(Code.E031, doc=key)
        return r

    def document(self, key: str) -> dict[str, Any]:
        """One document (by key or content hash) with body, comments and every fact with its evidence."""
        with self.engine.connect() as conn:
            r = self._doc_row(conn, key)
            d = self._doc_dict(r._mapping)
            d["body"] = r.body
            d["comments"] = [
                {"id": c.comment_id, "parent": c.parent, "author": c.author, "date": c.date, "text": c.text}
                for c in conn.execute(select(COMMENTS).where(COMMENTS.c.document_id == r.id)
                                      .order_by(COMMENTS.c.position))]
            d["actors"] = [
                {"id": a.actor_id, "name": a.name, "type": a.type, "surfaces": list(a.surfaces),
                 "provisional": bool(a.provisional), "implicit": bool(a.implicit)}
                for a in conn.execute(
                    select(DOC_ACTORS.c.actor_id, DOC_ACTORS.c.surfaces, DOC_ACTORS.c.implicit, ACTORS.c.name,
                           ACTORS.c.type, ACTORS.c.provisional)
                    .join(ACTORS, ACTORS.c.id == DOC_ACTORS.c.actor_id)
                    .where(DOC_ACTORS.c.document_id == r.id).order_by(DOC_ACTORS.c.id))]
            d["mentions"] = [
                {"actor_id": m.actor_id, "text": m.text, "segment": m.segment, "start": m.start, "end": m.end,
                 "how": m.how}
                for m in conn.execute(select(MENTIONS).where(MENTIONS.c.document_id == r.id)
                                      .order_by(MENTIONS.c.id))]
        # Within one document, claims keep the order extraction gave them.
        d["relations"] = self._relations(RELATIONS.c.document_id == r.id, in_document=True)
        d["events"] = self._events(EVENTS.c.document_id == r.id, in_document=True)
        d["control"] = self._control(CONTROL.c.document_id == r.id, in_document=True)
        return d

    def findings(self, key: str) -> Findings:
        """Rebuild the Findings record of a stored document (for re-applying corrections, exports)."""
        d = self.document(key)
        doc = Document(body=d["body"], title=d["title"], author=d["author"], published=d["published"],
                       outlet=d["outlet"], url=d["url"], source=d["source"], format=d["format"],
                       outlet_kind=d["outlet_kind"],
                       comments=[Comment(c["id"], c["parent"], c["author"], c["date"], c["text"])
                                 for c in d["comments"]])
        doc.doc_id = None if d["key"] == doc.content_hash[:16] else d["key"]

        def ev(x: dict[str, Any]) -> Evidence:
            return Evidence(**x["evidence"])

        def place(p: dict[str, Any] | None) -> Place | None:
            return None if p is None else Place(**p)

        return Findings(
            document=doc,
            actors=[ActorFinding(a["id"], a["name"], a["type"], a["surfaces"], a["provisional"])
                    for a in d["actors"] if not a["implicit"]],
            mentions=[Mention(**m) for m in d["mentions"]],
            relations=[RelationClaim(r["type"], r["subject"], r["object"], ev(r), r["kind"])
                       for r in d["relations"]],
            events=[EventClaim(e["type"], e["sub_type"], ev(e), e["actor1"], e["actor2"], e["assoc"],
                               place(e["place"]), e["date"], e["date_precision"], e["fatalities"],
                               e["wounded"], e["killed_leader"], e["quantities"], e["plover"])
                    for e in d["events"]],
            control=[ControlClaim(c["actor"], place(c["place"]), c["as_of"], ev(c)) for c in d["control"]],
            extractor_version=d["extractor_version"], knowledge_version=d["knowledge_version"],
        )

    def actors(self, as_of: str | date | None = None, actor: str | None = None) -> list[dict[str, Any]]:
        """Actors with the surfaces seen for them, mention and document counts, first and last seen.

        Without `as_of`: every actor in the store (knowledge-base actors never seen have zero
        counts). With `as_of`: only actors seen in documents published on or before that date,
        counted over those documents (undated documents are left out).
        """
        day = _day(as_of, "as_of")
        docs = (select(DOC_ACTORS.c.actor_id, func.count(), func.sum(DOC_ACTORS.c.mentions),
                       func.min(DOCS.c.published), func.max(DOCS.c.published))
                .join(DOCS, DOCS.c.id == DOC_ACTORS.c.document_id).group_by(DOC_ACTORS.c.actor_id))
        surf = (select(SURFACES.c.actor_id, SURFACES.c.surface, func.count())
                .group_by(SURFACES.c.actor_id, SURFACES.c.surface))
        kb_q = select(ALIASES.c.actor_id, ALIASES.c.alias).order_by(ALIASES.c.actor_id, ALIASES.c.alias)
        base = select(ACTORS).order_by(ACTORS.c.id)
        if day is not None:
            docs = docs.where(DOCS.c.published <= day)
            surf = surf.join(DOCS, DOCS.c.id == SURFACES.c.document_id).where(DOCS.c.published <= day)
        if actor is not None:
            docs = docs.where(DOC_ACTORS.c.actor_id == actor)
            surf = surf.where(SURFACES.c.actor_id == actor)
            kb_q = kb_q.where(ALIASES.c.actor_id == actor)
            base = base.where(ACTORS.c.id == actor)
        with self.engine.connect() as conn:
            seen = {aid: (n, m, lo, hi) for aid, n, m, lo, hi in conn.execute(docs)}
            surfaces: dict[str, list[tuple[int, str]]] = {}
            for aid, s, n in conn.execute(surf):
                surfaces.setdefault(aid, []).append((-n, s))
            kb: dict[str, list[str]] = {}
            for aid, alias in conn.execute(kb_q):
                kb.setdefault(aid, []).append(alias)
            rows = [dict(r._mapping) for r in conn.execute(base)]
        out = []
        for r in rows:
            aid = r["id"]
            if day is not None and aid not in seen:
                continue
            n_docs, n_mentions, first, last = seen.get(aid, (0, 0, None, None))
            out.append({
                "id": aid, "name": r["name"], "type": r["type"], "country": r["country"],
                "provisional": bool(r["provisional"]), "origin": r["origin"],
                "aliases": [s for _, s in sorted(surfaces.get(aid, []))],  # most documents first
                "kb_aliases": kb.get(aid, []),
                "mentions": int(n_mentions or 0), "documents": int(n_docs),
                "first_seen": first, "last_seen": last,
            })
        return out

    # Claims leave the store joined to their document (key, date, outlet) and actor names.

    def _relations(self, *where: Any, limit: int | None = None, in_document: bool = False) -> list[dict[str, Any]]:
        subj = ACTORS.alias("subj")
        obj = ACTORS.alias("obj")
        stmt = (select(RELATIONS, DOCS.c.key.label("doc_key"), DOCS.c.published, DOCS.c.outlet,
                       subj.c.name.label("subject_name"), obj.c.name.label("object_name"))
                .join(DOCS, DOCS.c.id == RELATIONS.c.document_id)
                .join(subj, subj.c.id == RELATIONS.c.subject)
                .join(obj, obj.c.id == RELATIONS.c.object)
                .where(*where).limit(limit))
        stmt = stmt.order_by(RELATIONS.c.id) if in_document else stmt.order_by(DOCS.c.published.nulls_last(), DOCS.c.key, RELATIONS.c.id)
        return [{"type": r["type"], "subject": r["subject"], "subject_name": r["subject_name"],
                 "object": r["object"], "object_name": r["object_name"], "kind": r["kind"],
                 "date": r["published"], **_claim_common(r)} for r in self._rows(stmt)]

    def relations(self, as_of: str | date | None = None, actor: str | None = None, type: str | None = None,
                  *, limit: int | None = None) -> list[dict[str, Any]]:
        """Relation claims; a relation's date is its document's publication date."""
        where = []
        day = _day(as_of, "as_of")
        if day is not None:
            where.append(DOCS.c.published <= day)
        if actor is not None:
            where.append(or_(RELATIONS.c.subject == actor, RELATIONS.c.object == actor))
        if type is not None:
            where.append(RELATIONS.c.type == type)
        return self._relations(*where, limit=limit)

    def _events(self, *where: Any, limit: int | None = None, in_document: bool = False, offset: int = 0,
                order: tuple[Any, ...] | None = None) -> list[dict[str, Any]]:
        stmt = (select(EVENTS, DOCS.c.key.label("doc_key"), DOCS.c.published, DOCS.c.outlet)
                .join(DOCS, DOCS.c.id == EVENTS.c.document_id)
                .where(*where).limit(limit).offset(offset or None))
        if order is None:
            order = (EVENTS.c.id,) if in_document else (EVENTS.c.date.nulls_last(), DOCS.c.key, EVENTS.c.id)
        stmt = stmt.order_by(*order)
        return [{"type": r["type"], "sub_type": r["sub_type"], "actor1": r["actor1"], "actor2": r["actor2"],
                 "assoc": list(r["assoc"] or []), "place": _place_dict(r), "date": r["date"],
                 "date_precision": r["date_precision"], "fatalities": r["fatalities"], "wounded": r["wounded"],
                 "killed_leader": r["killed_leader"], "quantities": dict(r["quantities"] or {}),
                 "plover": r["plover"], **_claim_common(r)} for r in self._rows(stmt)]

    def events(self, as_of: str | date | None = None, actor: str | None = None, start: str | date | None = None,
               end: str | date | None = None, bbox: tuple[float, float, float, float] | None = None,
               *, limit: int | None = None) -> list[dict[str, Any]]:
        """Event claims by event date (`start` <= date <= `end`, date <= `as_of`; undated events
        drop out of any date filter), by actor in any role (actor1, actor2, assoc), and inside
        `bbox` = (min_lon, min_lat, max_lon, max_lat), the GeoJSON order."""
        where: list[Any] = []
        for value, name, op in ((as_of, "as_of", "le"), (start, "start", "ge"), (end, "end", "le")):
            day = _day(value, name)
            if day is not None:
                where.append(EVENTS.c.date <= day if op == "le" else EVENTS.c.date >= day)
        if actor is not None:
            where.append(EVENTS.c.id.in_(select(EVENT_ACTORS.c.event_id).where(EVENT_ACTORS.c.actor_id == actor)))
        if bbox is not None:
            min_lon, min_lat, max_lon, max_lat = bbox
            where += [EVENTS.c.lon >= min_lon, EVENTS.c.lon <= max_lon,
                      EVENTS.c.lat >= min_lat, EVENTS.c.lat <= max_lat]
        return self._events(*where, limit=limit)

    def _control(self, *where: Any, limit: int | None = None, in_document: bool = False) -> list[dict[str, Any]]:
        stmt = (select(CONTROL, DOCS.c.key.label("doc_key"), DOCS.c.published, DOCS.c.outlet,
                       ACTORS.c.name.label("actor_name"))
                .join(DOCS, DOCS.c.id == CONTROL.c.document_id)
                .join(ACTORS, ACTORS.c.id == CONTROL.c.actor)
                .where(*where).limit(limit))
        stmt = stmt.order_by(CONTROL.c.id) if in_document else stmt.order_by(CONTROL.c.as_of.nulls_last(), DOCS.c.key, CONTROL.c.id)
        return [{"actor": r["actor"], "actor_name": r["actor_name"], "place": _place_dict(r),
                 "as_of": r["as_of"], **_claim_common(r)} for r in self._rows(stmt)]

    def control(self, as_of: str | date | None = None, actor: str | None = None, place: str | None = None,
                *, limit: int | None = None) -> list[dict[str, Any]]:
        """Control claims with `as_of` on or before the date; `place` matches a place id or a name
        (case-insensitive)."""
        where: list[Any] = []
        day = _day(as_of, "as_of")
        if day is not None:
            where.append(CONTROL.c.as_of <= day)
        if actor is not None:
            where.append(CONTROL.c.actor == actor)
        if place is not None:
            where.append(or_(CONTROL.c.place_id == place, func.lower(CONTROL.c.place_name) == place.lower()))
        return self._control(*where, limit=limit)

    def actor_profile(self, actor_id: str) -> dict[str, Any]:
        """An actor with its aliases, and its relations, events and control claims with evidence."""
        found = self.actors(actor=actor_id)
        if not found:
            raise OrbatError(Code.E021, actor=actor_id)
        return {**found[0], "relations": self.relations(actor=actor_id), "events": self.events(actor=actor_id),
                "control": self.control(actor=actor_id)}
