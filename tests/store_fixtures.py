"""Hand-built Findings for the store tests (no spaCy): invented sentences, real actors and places.

Shared by the test modules and by `store_worker.py`, the subprocess the crash and concurrency
tests start, so both sides build byte-identical findings from a document number.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from sqlalchemy import MetaData, create_engine, text

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

ACTORS = {
    "syria_government": ("Syrian government", "state_force", ["the army", "government forces"]),
    "islamic_state": ("Islamic State", "armed_group", ["Daesh", "ISIS"]),
    "rebels_generic": ("rebels", "generic", ["rebel fighters", "the factions"]),
    "russia": ("Russia", "state", ["Moscow", "Russian jets"]),
    "turkey": ("Turkey", "state", ["Ankara", "Turkish troops"]),
}
PLACES = [
    Place("Aleppo", "170063", 36.20, 37.16, "Aleppo"),
    Place("Palmyra", "170592", 34.56, 38.28, "Homs"),
    Place("Saraqib", "164816", 35.86, 36.80, "Idlib"),
    Place("Manbij", "166365", 36.53, 37.95, "Aleppo"),
]
START = date(2016, 1, 1)


def day(i: int) -> str:
    return (START + timedelta(days=i)).isoformat()


def _ev(body: str, sentence: str, speaker: str = "author", segment: str = "body", **kw: Any) -> Evidence:
    start = body.index(sentence)
    return Evidence(segment, sentence, start, start + len(sentence), speaker, **kw)


def make_findings(i: int, version: int = 1, bulk: int = 0) -> Findings:
    """Findings for document number `i`; `version` changes the facts (a re-extraction), `bulk`
    adds that many extra mentions so a save takes long enough to be interrupted."""
    a1, a2 = sorted(ACTORS)[i % 5], sorted(ACTORS)[(i + 2) % 5]
    n1, _, s1 = ACTORS[a1]
    n2, _, s2 = ACTORS[a2]
    place = PLACES[i % len(PLACES)]
    sent1 = f"Fighting between {s1[0]} and {s2[0]} went on near {place.name} for a day."
    sent2 = f"{n1} said {s2[0]} had lost {i % 7 + 1} fighters there."
    sent3 = f"{s1[1].capitalize()} are said to receive weapons from {n2}."
    body = " ".join([sent1, sent2, sent3])
    comments = [Comment("c1", None, "reader", None, f"{n2} will never hold {place.name}.")] if i % 3 == 0 else []
    doc = Document(body=body, title=f"Report number {i}", author="Desk", published=day(i), outlet="Example Wire",
                   url=f"https://example.org/report/{i}", comments=comments, source="fixture", format="text",
                   doc_id=f"doc-{i:04d}", outlet_kind="wire")
    mentions = [Mention(a1, s1[0], "body", body.index(s1[0]), body.index(s1[0]) + len(s1[0])),
                Mention(a2, s2[0], "body", body.index(s2[0]), body.index(s2[0]) + len(s2[0]))]
    mentions += [Mention(a1, s1[0], "body", k, k + 1, "pronoun") for k in range(bulk)]
    events = [EventClaim("Battles", "Armed clash", _ev(body, sent1), a1, a2, [], place, day(i), "day"),
              EventClaim("Battles", "Armed clash", _ev(body, sent2, f"quoted:{n1}"), a1, a2, [], place,
                         day(i - 1), "day", fatalities=i % 7 + 1, quantities={"fighters_lost": i % 7 + 1})]
    relations = [RelationClaim("fights", a1, a2, _ev(body, sent1)),
                 RelationClaim("backs", a2, a1, _ev(body, sent3, hedged=True), kind="arms")]
    control = [ControlClaim(a1, place, day(i), _ev(body, sent1))]
    if comments:
        text = comments[0].text
        control.append(ControlClaim(a2, place, day(i), Evidence("comment:c1", text, 0, len(text), "commenter:c1",
                                                                negated=True)))
    if version > 1:  # a later extractor: different facts, one event fewer, a new relation
        events = events[:1]
        events[0].assoc = ["russia"] if "russia" not in (a1, a2) else ["turkey"]
        relations = relations + [RelationClaim("ally_of", a1, "russia" if a1 != "russia" else "turkey",
                                               _ev(body, sent2, f"quoted:{n1}"))]
    actors = [ActorFinding(a, ACTORS[a][0], ACTORS[a][1], [s], False)
              for a, s in ((a1, s1[0]), (a2, s2[0]))]
    return Findings(doc, actors, mentions, relations, events, control, extractor_version=f"test-{version}",
                    knowledge_version="kb-1")


def wipe_pg(url: str) -> None:
    """Drop every table in the test database so each test starts from an empty server."""
    from orbat.store.engine import normalize_url

    engine = create_engine(normalize_url(url))
    md = MetaData()
    md.reflect(engine)
    md.drop_all(engine)
    engine.dispose()


def pg_url() -> str | None:
    return os.environ.get("ORBAT_TEST_PG_URL") or None


@contextmanager
def private_pg_database(url: str) -> Iterator[str]:
    """A database of our own on the server at `url`, dropped afterwards.

    Test runs wipe tables; two runs sharing one server (a developer and CI, two worktrees)
    would wipe each other's. Where the role may not create databases, fall back to `url`.
    """
    from orbat.store.engine import normalize_url

    base = normalize_url(url)
    name = f"orbat_test_{os.getpid()}_{secrets.token_hex(4)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:  # noqa: BLE001 - no CREATEDB privilege: share the given database
        admin.dispose()
        yield url
        return
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
