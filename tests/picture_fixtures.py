"""Hand-built findings for the picture tests: invented sentences about real actors and places.

Each helper makes one document; tests compose them into a store. No spaCy is involved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from orbat.model import (
    ActorFinding,
    ControlClaim,
    Document,
    EventClaim,
    Evidence,
    Findings,
    Place,
    RelationClaim,
)

NAMES = {
    "syria_government": ("Syrian government", "state_force"),
    "islamic_state": ("Islamic State", "armed_group"),
    "jabhat_al_nusra": ("Jabhat al-Nusra", "armed_group"),
    "ahrar_al_sham": ("Ahrar al-Sham", "armed_group"),
    "russia": ("Russia", "state"),
    "turkey": ("Turkey", "state"),
    "usa": ("United States", "state"),
    "jaysh_al_islam": ("Jaysh al-Islam", "armed_group"),
}
ALEPPO = Place("Aleppo", "170063", 36.20, 37.16, "Aleppo", "SY", 1)
ALEPPO_NEAR = Place("Aleppo outskirts", None, 36.23, 37.20, "Aleppo", "SY", 2)  # ~5 km away
PALMYRA = Place("Palmyra", "170592", 34.56, 38.28, "Homs", "SY", 1)
SARAQIB = Place("Saraqib", "164816", 35.86, 36.80, "Idlib", "SY", 1)
DOUMA = Place("Douma", "170654", 33.57, 36.40, "Rif Dimashq", "SY", 1)


def ev(sentence: str, speaker: str = "author", hedged: bool = False, negated: bool = False,
       segment: str = "body") -> Evidence:
    return Evidence(segment, sentence, 0, len(sentence), speaker, hedged, negated)


@dataclass
class Doc:
    """A document under construction: its sentences become the body, claims cite them."""

    key: str
    published: str
    outlet: str
    sentences: list[str] = field(default_factory=list)
    relations: list[RelationClaim] = field(default_factory=list)
    events: list[EventClaim] = field(default_factory=list)
    control: list[ControlClaim] = field(default_factory=list)
    version: str = "x1"

    def say(self, sentence: str) -> str:
        self.sentences.append(sentence)
        return sentence

    def relation(self, type: str, subject: str, object: str, sentence: str, kind: str | None = None,
                 **flags: bool) -> Doc:
        self.relations.append(RelationClaim(type, subject, object, ev(self.say(sentence), **flags), kind))
        return self

    def event(self, sub_type: str, sentence: str, place: Place | None, date: str | None, *, type: str = "Battles",
              actor1: str | None = None, actor2: str | None = None, fatalities: int | None = None,
              precision: str = "day", speaker: str = "author", negated: bool = False) -> Doc:
        self.events.append(EventClaim(type, sub_type, ev(self.say(sentence), speaker=speaker, negated=negated),
                                      actor1, actor2, [], place, date, precision, fatalities))
        return self

    def holds(self, actor: str, place: Place, as_of: str | None, sentence: str, **flags: bool) -> Doc:
        self.control.append(ControlClaim(actor, place, as_of, ev(self.say(sentence), **flags)))
        return self

    def findings(self) -> Findings:
        body = " ".join(self.sentences)
        doc = Document(body=body, title=f"Report {self.key}", published=self.published, outlet=self.outlet,
                       url=f"https://example.org/{self.key}", doc_id=self.key, format="text")
        used = {a for r in self.relations for a in (r.subject, r.object)}
        used |= {a for e in self.events for a in (e.actor1, e.actor2) if a}
        used |= {c.actor for c in self.control}
        actors = [ActorFinding(a, *NAMES.get(a, (a, "armed_group"))) for a in sorted(used)]
        return Findings(doc, actors, [], self.relations, self.events, self.control,
                        extractor_version=self.version, knowledge_version="kb-test")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store URL: a SQLite file, and PostgreSQL too when ORBAT_TEST_PG_URL is set."""
    from store_fixtures import pg_url, wipe_pg

    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'picture.db'}"
    pg = pg_url()
    if pg is None:
        pytest.skip("ORBAT_TEST_PG_URL is not set (start a server with scripts/pg.sh start)")
    wipe_pg(pg)
    return pg
