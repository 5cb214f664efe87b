"""The REST API and the dashboard it serves: `create_app(store_url, token)`.

Reads are open; writes (ingest a document, submit a correction) need the bearer token the
server was started with, and are off when it was started without one, so an API reachable
by a browser never lets a page it did not serve change the store. Every response carries a
strict Content-Security-Policy: the dashboard is static files that build the page from JSON
with DOM text nodes, so scraped text (which may hold `<script>` or `onerror=`) can never run;
the policy is the second wall if a future change forgets that.

The OpenAPI spec is at /openapi.json and its Swagger UI at /docs, served from the vendored
swagger-ui files (FastAPI's default page loads them from a CDN with an inline script).
"""

from __future__ import annotations

import gc
import hmac
import json
import logging
import math
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, field_validator
from starlette.middleware.trustedhost import TrustedHostMiddleware

from orbat.errors import Code, OrbatError
from orbat.model import Comment, Document, Findings
from orbat.store.repository import Store
from orbat.views import api_queries as q

WEB = Path(str(resources.files("orbat.views") / "web"))
log = logging.getLogger(__name__)

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
VERSION_TTL = 2.0  # seconds
MAX_CACHED = 512  # cached answers (whole-store ones and per-actor profiles) before starting afresh
STATUS = {Code.E021: 404, Code.E031: 404, Code.E050: 422, Code.E062: 422, Code.E060: 401, Code.E061: 403,
          Code.E030: 503}

RelationType = Literal["ally_of", "fights", "backs", "member_of", "leads", "designated_terrorist_by", "splinter_of",
                       "merged_into", "alias_of"]
ActorId = Annotated[str | None, Query(max_length=200, description="an actor id (see /api/actors)")]
AsOf = Annotated[date | None, Query(description="only what was known or true on or before this day")]
Limit = Annotated[int, Query(ge=1, le=5000)]


class CommentIn(BaseModel):
    id: str = Field(min_length=1, max_length=200)
    parent: str | None = Field(default=None, max_length=200)
    author: str | None = Field(default=None, max_length=400)
    date: str | None = Field(default=None, max_length=40)
    text: str = Field(max_length=100_000)


class DocumentIn(BaseModel):
    """A report to ingest: the annotator runs on it and its findings are stored."""

    title: str | None = Field(default=None, max_length=2000)
    body: str = Field(min_length=1, max_length=2_000_000)
    published: date | None = None
    outlet: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=4000)
    author: str | None = Field(default=None, max_length=400)
    comments: list[CommentIn] = Field(default_factory=list, max_length=5000)

    @field_validator("comments")
    @classmethod
    def _thread(cls, comments: list[CommentIn]) -> list[CommentIn]:
        """Comment ids name replies' parents, so they must be unique within the document."""
        ids = [c.id for c in comments]
        if len(set(ids)) != len(ids):
            raise ValueError("comment ids must be unique within a document")
        return comments


class CorrectionIn(BaseModel):
    """An analyst decision, stored and re-applied after re-extraction (e.g. `reject_fact` with
    target `event:123`, `add_alias` with target an actor id and payload {"alias": ...},
    `merge_actors` with payload {"into": ...})."""

    kind: str = Field(pattern=r"^[a-z][a-z_]{0,49}$")
    target: str = Field(min_length=1, max_length=400)
    payload: dict[str, Any] = Field(default_factory=dict)
    who: str | None = Field(default=None, max_length=200)
    note: str | None = Field(default=None, max_length=4000)


class _Services:
    """What the endpoints share: the store, and the expensive things built on first use."""

    def __init__(self, store: Store, annotator: Callable[[Document], Findings] | None) -> None:
        self.store = store
        self._annotator = annotator
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[Any, Any]] = {}
        self._cache_lock = threading.RLock()  # a build may use another cached answer
        self._version: tuple[float, Any] = (-1.0, None)

    def version(self) -> Any:
        """The store's fingerprint, looked up at most every VERSION_TTL seconds: writes through
        this server clear the caches at once, writes by other processes show within the TTL."""
        now = time.monotonic()
        if now - self._version[0] > VERSION_TTL:
            self._version = (now, q.store_version(self.store))
        return self._version[1]

    def invalidate(self) -> None:
        with self._cache_lock:
            self._cache.clear()
            self._version = (-1.0, None)

    def cached(self, name: str, build: Callable[[], Any]) -> Any:
        """A whole-store answer (actor list, network index, timeline, a profile), rebuilt only
        when the store's fingerprint changes."""
        version = self.version()
        hit = self._cache.get(name)
        if hit is not None and hit[0] == version:
            return hit[1]
        with self._cache_lock:
            hit = self._cache.get(name)
            if hit is not None and hit[0] == version:
                return hit[1]
            value = build()
            if len(self._cache) > MAX_CACHED:
                self._cache.clear()
            self._cache[name] = (version, value)
            # A whole-store answer is hundreds of thousands of long-lived objects; left to the
            # cyclic collector, each full collection walks them all and stalls a request by a
            # few hundred ms. Frozen, they are still freed by reference counting when replaced.
            gc.freeze()
            return value

    def actors(self) -> list[dict[str, Any]]:
        return self.cached("actors", self.store.actors)

    def picture(self) -> None:
        """Bring the picture (fused events, the relation history) up to date with the store,
        once per store fingerprint: the network and relations endpoints read the picture, and
        fusion is incremental, so after an ingest this costs the new documents only. A store
        never fused is fused in full on the first such request (`orbat fuse` does it ahead)."""
        from sqlalchemy.exc import OperationalError

        from orbat.fuse.events import fuse_events

        def fuse() -> Any:
            try:
                return fuse_events(self.store)
            except OperationalError as e:  # a read-only or busy store: serve the picture it holds
                log.warning("could not bring the picture up to date (%s); serving the stored one", e.orig)
                return None

        self.cached("picture", fuse)

    def names(self, day: str | None) -> dict[str, str]:
        """Actor names on a date: the stored name, or the dated name the knowledge gives."""
        stored = self.cached("actor_index", lambda: q.actor_index(self.store))
        return {a["id"]: a["name"] for a in stored} | self.names_on(day)

    def relations(self, day: str | None, **filters: Any) -> list[dict[str, Any]]:
        self.picture()
        return q.relations(self.store, as_of=day, names=self.names(day), **filters)

    def annotate(self, doc: Document) -> Findings:
        # spaCy pipelines are not thread-safe; ingest is rare next to reads, so serialise it.
        with self._lock:
            if self._annotator is None:
                from orbat.annotate import Annotator

                self._annotator = Annotator().annotate
            return self._annotator(doc)

    @cached_property
    def dated_names(self) -> dict[str, list[dict[str, str | None]]]:
        """Dated names from the actor knowledge (the store keeps ids and current names only)."""
        try:
            from orbat.knowledge.actors import load_actor_kb

            kb = load_actor_kb()
        except Exception:  # noqa: BLE001 - the dashboard works without the knowledge files
            return {}
        return {a.id: [{"name": n.name, "from": n.start, "until": n.end} for n in a.names]
                for a in kb.actors.values() if a.names}

    def names_on(self, day: str | None) -> dict[str, str]:
        out = {}
        for aid, names in self.dated_names.items():
            for n in names:
                if day and (n["from"] is None or n["from"] <= day) and (n["until"] is None or day < n["until"]):
                    out[aid] = n["name"]
        return out


BEARER = HTTPBearer(auto_error=False, description="the token `orbat serve` was started with")


def require_token(request: Request,
                  cred: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]) -> None:
    """Writes need the server's token; compared in constant time."""
    token: str | None = request.app.state.token
    if token is None:
        raise OrbatError(Code.E061)
    if cred is None or not hmac.compare_digest(cred.credentials.encode(), token.encode()):
        raise OrbatError(Code.E060)


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    try:
        parts = tuple(float(x) for x in value.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4 or not all(math.isfinite(x) for x in parts):
        raise OrbatError(Code.E062, path="bbox", value=value)
    min_lon, min_lat, max_lon, max_lat = parts
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise OrbatError(Code.E062, path="bbox", value=value)
    return parts  # type: ignore[return-value]


class FastJSON(JSONResponse):
    """JSON straight from the store's plain dicts. Endpoints return it to skip FastAPI's generic
    `jsonable_encoder` walk, which costs more than the query itself on a few thousand rows; the
    stores' values are already JSON types (dates are ISO strings)."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


def _day(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def create_app(store_url: str, token: str | None = None, *,
               annotator: Callable[[Document], Findings] | None = None,
               allowed_hosts: list[str] | None = None) -> FastAPI:
    """The FastAPI app over the store at `store_url`.

    `token`: the bearer token writes need; None turns writes off. `annotator`: what ingest runs
    (default: orbat's Annotator, built on the first ingest). `allowed_hosts`: Host headers to
    accept (the server passes its loopback names, which stops DNS-rebinding pages reading it).
    """
    store = Store.open(store_url)
    svc = _Services(store, annotator)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="orbat", version="0.1.0", docs_url=None, redoc_url=None, lifespan=lifespan,
        description="A sourced, time-aware order of battle: actors, relations, events, control and the "
                    "evidence behind each. Reads are open; writes need `Authorization: Bearer <token>`.",
    )
    app.state.store = store
    app.state.token = token
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        if request.url.path.startswith("/api/"):
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.exception_handler(OrbatError)
    async def orbat_error(_request: Request, exc: OrbatError) -> JSONResponse:
        status = STATUS.get(exc.code, 400)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse({"error": exc.code.name, "detail": str(exc)}, status_code=status, headers=headers)

    # -- pages ---------------------------------------------------------------------------------

    app.mount("/static", StaticFiles(directory=WEB), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB / "index.html")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(WEB / "docs.html")

    # -- reads ---------------------------------------------------------------------------------

    @app.get("/api/summary", tags=["overview"])
    def summary() -> dict[str, Any]:
        """Row counts and the date range (the dashboard's slider bounds); `writes` says whether
        the server accepts writes at all (with the token)."""
        counts, dates = svc.cached("summary", lambda: (store.counts(), q.date_range(store)))
        return {"counts": counts, "dates": dates, "writes": token is not None}

    @app.get("/api/actors", tags=["actors"])
    def actors(as_of: AsOf = None, limit: Limit = 1000,
               offset: Annotated[int, Query(ge=0)] = 0) -> list[dict[str, Any]]:
        """Actors with the surfaces seen for them, mention and document counts, first and last seen;
        with `as_of`, only actors seen in reports published by then."""
        rows = svc.actors() if as_of is None else store.actors(as_of=_day(as_of))
        return FastJSON(rows[offset:offset + limit])  # type: ignore[return-value]

    @app.get("/api/actors/{actor_id}", tags=["actors"])
    def actor(actor_id: Annotated[str, PathParam(max_length=200)]) -> dict[str, Any]:
        """An actor's profile: aliases, dated names, relations folded per partner and type (with
        source counts and contradictions), and its latest events and control claims."""
        found = [a for a in svc.actors() if a["id"] == actor_id]
        if not found:
            raise OrbatError(Code.E021, actor=actor_id)

        def build() -> dict[str, Any]:
            events, events_total = q.latest_events(store, actor_id, 200)
            control = store.control(actor=actor_id)
            return {
                **found[0], "dated_names": svc.dated_names.get(actor_id, []),
                "relations": svc.relations(None, actor=actor_id),
                "events": events, "events_total": events_total,
                "control": control[-200:], "control_total": len(control),
            }

        return FastJSON(svc.cached(f"profile:{actor_id}", build))  # type: ignore[return-value]

    @app.get("/api/search", tags=["actors"])
    def search(q_: Annotated[str, Query(alias="q", min_length=1, max_length=200)],
               limit: Annotated[int, Query(ge=1, le=100)] = 20) -> list[dict[str, Any]]:
        """Actors by name or alias (knowledge aliases and the surface forms seen in reports)."""
        return q.search_actors(store, q_, limit, svc.actors())

    @app.get("/api/relations", tags=["relations"])
    def relations(actor: ActorId = None, type: RelationType | None = None,
                  as_of: AsOf = None, min_sources: Annotated[int, Query(ge=1, le=1000)] = 1,
                  contradictions: Annotated[bool, Query(description="only relations one source asserts "
                                                        "and another denies")] = False,
                  limit: Annotated[int, Query(ge=1, le=5000, description="page size (default 100)")] = 100,
                  offset: Annotated[int, Query(ge=0, le=10**9, description="relations to skip: the next page "
                                               "starts at offset + limit")] = 0) -> list[dict[str, Any]]:
        """Relations folded per (type, subject, object) as of a date, from the picture's relation
        history (analyst corrections applied): independent sources asserting (`sources`) and
        denying (`denied_by`), claim counts, first and last seen, strongest first. **Paginated**:
        `limit` relations (default 100, at most 5000) from `offset`; a page shorter than `limit`
        is the last. The whole graph for one date is /api/network; the claims behind one relation,
        /api/relations/claims."""
        rows = svc.relations(_day(as_of), min_sources=min_sources, contradictions_only=contradictions, actor=actor,
                             type=type)
        return FastJSON(rows[offset:offset + limit])  # type: ignore[return-value]

    @app.get("/api/relations/claims", tags=["relations"])
    def relation_claims(type: RelationType, subject: Annotated[str, Query(max_length=200)],
                        object: Annotated[str, Query(max_length=200)], as_of: AsOf = None,
                        limit: Limit = 100) -> list[dict[str, Any]]:
        """The claims behind one relation (both directions for ally_of and fights), each with its
        document, speaker, negation and hedging, and evidence span."""
        return FastJSON(q.relation_claims(  # type: ignore[return-value]
            store, type=type, subject=subject, object=object, as_of=as_of, limit=limit))

    @app.get("/api/network", tags=["relations"])
    def network_as_of(as_of: AsOf = None, min_sources: Annotated[int, Query(ge=1, le=1000)] = 1) -> dict[str, Any]:
        """The actor network as of a date (the picture's network, `orbat.fuse.network`, without the
        knowledge base's background edges): nodes are actors, edges relations per pair and type
        weighted by independent sources, with denials and contradictions marked."""
        svc.picture()
        return FastJSON(q.network(store, as_of=_day(as_of), min_sources=min_sources))  # type: ignore[return-value]

    @app.get("/api/events", tags=["events"])
    def events(start: AsOf = None, end: AsOf = None, as_of: AsOf = None,
               bbox: Annotated[str | None, Query(max_length=200, description="min_lon,min_lat,max_lon,max_lat",
                                                 examples=["35.5,32.3,42.4,37.4"])] = None,
               actor: ActorId = None, type: Annotated[str | None, Query(max_length=100)] = None,
               sub_type: Annotated[str | None, Query(max_length=100)] = None,
               limit: Annotated[int, Query(ge=1, le=5000, description="page size (default 100)")] = 100,
               offset: Annotated[int, Query(ge=0, le=10**9, description="events to skip: the next page "
                                            "starts at offset + limit")] = 0) -> list[dict[str, Any]]:
        """Event claims by date range, bounding box, actor (any role) and ACLED type, oldest first
        (by event date, then id), each with its evidence. **Paginated**: `limit` events (default
        100, at most 5000) from `offset`; a page shorter than `limit` is the last. The map's
        points for a whole window, without evidence, are /api/events.geojson."""
        return FastJSON(q.events(store, limit=limit, offset=offset,  # type: ignore[return-value]
                                 start=start, end=end, as_of=as_of, bbox=_bbox(bbox), actor=actor, type=type,
                                 sub_type=sub_type))

    @app.get("/api/events.geojson", tags=["events"])
    def event_points(start: AsOf = None, end: AsOf = None, as_of: AsOf = None,
                     bbox: Annotated[str | None, Query(max_length=200, description="min_lon,min_lat,max_lon,max_lat")] = None,
                     actor: ActorId = None, type: Annotated[str | None, Query(max_length=100)] = None,
                     limit: Annotated[int, Query(ge=1, le=20000)] = 5000) -> dict[str, Any]:
        """Located events as a GeoJSON FeatureCollection with the fields a map needs (the newest
        `limit` of them; `truncated` says there were more); the full event with its evidence is
        /api/events/{id}."""
        return FastJSON(q.event_points(store, limit=limit, start=start,  # type: ignore[return-value]
                                       end=end, as_of=as_of, bbox=_bbox(bbox), actor=actor, type=type))

    @app.get("/api/events/{event_id}", tags=["events"])
    def event(event_id: Annotated[int, PathParam(ge=1, le=2**62)]) -> dict[str, Any]:
        """One event claim with its evidence."""
        e = q.event(store, event_id)
        if e is None:
            raise HTTPException(404, f"no event {event_id}")
        return e

    @app.get("/api/timeline", tags=["events"])
    def timeline(actor: ActorId = None, type: Annotated[str | None, Query(max_length=100)] = None,
                 start: AsOf = None, end: AsOf = None) -> list[dict[str, Any]]:
        """Events and reported fatalities per month."""
        if actor is None and type is None and start is None and end is None:
            return svc.cached("timeline", lambda: q.timeline(store))
        return q.timeline(store, actor=actor, type=type, start=start, end=end)

    @app.get("/api/control", tags=["control"])
    def control(as_of: AsOf = None, actor: ActorId = None,
                place: Annotated[str | None, Query(max_length=200, description="a place id or name")] = None,
                latest: Annotated[bool, Query(description="only each place's latest asserted claims "
                                              "as of the date (who holds what)")] = False,
                limit: Limit = 1000) -> list[dict[str, Any]]:
        """Control claims (an actor holds a place) dated on or before `as_of`, with evidence."""
        if latest:
            rows = q.latest_control(store, as_of)
            if actor is not None:
                rows = [r for r in rows if r["actor"] == actor]
            if place is not None:
                p = place.lower()
                rows = [r for r in rows if r["place"] and p in (str(r["place"]["place_id"]), r["place"]["name"].lower())]
            return FastJSON(rows[:limit])  # type: ignore[return-value]
        return FastJSON(store.control(as_of=_day(as_of), actor=actor,  # type: ignore[return-value]
                                      place=place, limit=limit))

    @app.get("/api/documents", tags=["documents"])
    def documents(limit: Limit = 100, offset: Annotated[int, Query(ge=0, le=10**9)] = 0) -> list[dict[str, Any]]:
        """Document metadata, oldest publication first."""
        return store.documents(limit=limit, offset=offset)

    @app.get("/api/documents/{key}", tags=["documents"])
    def document(key: Annotated[str, PathParam(max_length=200)]) -> dict[str, Any]:
        """A document with its body, comment thread and every fact with its evidence span."""
        return FastJSON(store.document(key))  # type: ignore[return-value]

    @app.get("/api/corrections", tags=["corrections"])
    def corrections(kind: Annotated[str | None, Query(max_length=50)] = None,
                    target: Annotated[str | None, Query(max_length=400)] = None) -> list[dict[str, Any]]:
        """Analyst corrections in the order they were made."""
        return store.corrections(kind=kind, target=target)

    # -- writes --------------------------------------------------------------------------------

    @app.post("/api/documents", tags=["documents"], status_code=201, dependencies=[Depends(require_token)])
    def ingest(doc: DocumentIn) -> dict[str, Any]:
        """Ingest one report: run extraction on it and store the findings (idempotent by content)."""
        d = Document(body=doc.body, title=doc.title, author=doc.author, published=_day(doc.published),
                     outlet=doc.outlet, url=doc.url, format="api", source="api",
                     comments=[Comment(c.id, c.parent, c.author, c.date, c.text) for c in doc.comments])
        findings = svc.annotate(d)
        key = store.save(findings)
        svc.invalidate()
        return {"key": key, "actors": len(findings.actors), "relations": len(findings.relations),
                "events": len(findings.events), "control": len(findings.control)}

    @app.post("/api/corrections", tags=["corrections"], status_code=201, dependencies=[Depends(require_token)])
    def correct(c: CorrectionIn) -> dict[str, Any]:
        """Record an analyst correction."""
        payload = dict(c.payload)
        if c.note:
            payload["note"] = c.note
        cid = store.add_correction(c.kind, c.target, payload, who=c.who)
        svc.invalidate()
        return {"id": cid, "kind": c.kind, "target": c.target}

    return app
