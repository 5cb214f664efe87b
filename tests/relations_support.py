"""A small knowledge base of my own and an Annotator over it, built once per test session.

The relation, modality and speaker tests run against this fixed KB rather than the shipped one,
so they test the patterns, not the current state of the actor list.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from tempfile import mkdtemp

import yaml

ACTORS = [
    {"id": "syria_government", "name": "Syrian government", "type": "state_force", "country": "SY",
     "aliases": ["Syrian government", "Syrian army", "Syrian Arab Army"],
     "descriptors": ["the regime", "the government", "government forces"], "metonyms": ["Damascus"]},
    {"id": "bashar_al_assad", "name": "Bashar al-Assad", "type": "person", "country": "SY",
     "aliases": ["Bashar al-Assad", "Assad"]},
    {"id": "russia", "name": "Russia", "type": "state", "country": "RU",
     "aliases": ["Russia", "Russian forces", "Russian jets"], "metonyms": ["Moscow"]},
    {"id": "vladimir_putin", "name": "Vladimir Putin", "type": "person", "country": "RU",
     "aliases": ["Vladimir Putin", "Putin"]},
    {"id": "iran", "name": "Iran", "type": "state", "country": "IR", "aliases": ["Iran"], "metonyms": ["Tehran"]},
    {"id": "turkey", "name": "Turkey", "type": "state", "country": "TR", "aliases": ["Turkey"],
     "metonyms": ["Ankara"]},
    {"id": "usa", "name": "United States", "type": "state", "country": "US",
     "aliases": ["United States", "US"], "metonyms": ["Washington"]},
    {"id": "saudi_arabia", "name": "Saudi Arabia", "type": "state", "country": "SA", "aliases": ["Saudi Arabia"]},
    {"id": "qatar", "name": "Qatar", "type": "state", "country": "QA", "aliases": ["Qatar"]},
    {"id": "hezbollah", "name": "Hezbollah", "type": "armed_group", "country": "LB", "aliases": ["Hezbollah"]},
    {"id": "islamic_state", "name": "Islamic State", "type": "armed_group",
     "aliases": ["Islamic State", "ISIS", "Daesh"]},
    {"id": "al_qaeda", "name": "al-Qaeda", "type": "armed_group", "aliases": ["al-Qaeda"]},
    {"id": "jabhat_al_nusra", "name": "Jabhat al-Nusra", "type": "armed_group", "country": "SY",
     "aliases": ["Jabhat al-Nusra", "Nusra Front", "Nusra", "al-Qaeda in Syria"]},
    {"id": "ahrar_al_sham", "name": "Ahrar al-Sham", "type": "armed_group", "country": "SY",
     "aliases": ["Ahrar al-Sham"]},
    {"id": "jaysh_al_islam", "name": "Jaysh al-Islam", "type": "armed_group", "country": "SY",
     "aliases": ["Jaysh al-Islam", "Army of Islam"]},
    {"id": "zahran_alloush", "name": "Zahran Alloush", "type": "person", "country": "SY",
     "aliases": ["Zahran Alloush", "Alloush"]},
    {"id": "islamic_front", "name": "Islamic Front", "type": "coalition", "country": "SY",
     "aliases": ["Islamic Front"]},
    {"id": "jaysh_al_fateh", "name": "Jaysh al-Fateh", "type": "coalition", "country": "SY",
     "aliases": ["Jaysh al-Fateh", "Army of Conquest"]},
    {"id": "fsa", "name": "Free Syrian Army", "type": "coalition", "country": "SY",
     "aliases": ["Free Syrian Army", "FSA"]},
    {"id": "sultan_murad_division", "name": "Sultan Murad Division", "type": "armed_group", "country": "SY",
     "aliases": ["Sultan Murad Division"]},
    {"id": "hamza_division", "name": "Hamza Division", "type": "armed_group", "country": "SY",
     "aliases": ["Hamza Division"]},
    {"id": "ypg", "name": "YPG", "type": "armed_group", "country": "SY",
     "aliases": ["YPG", "People's Protection Units"]},
    {"id": "sdf", "name": "Syrian Democratic Forces", "type": "coalition", "country": "SY",
     "aliases": ["Syrian Democratic Forces", "SDF"]},
    {"id": "pkk", "name": "PKK", "type": "armed_group", "aliases": ["PKK"]},
    {"id": "un", "name": "United Nations", "type": "international_org", "aliases": ["United Nations", "UN"]},
    {"id": "rebels_generic", "name": "Syrian rebels", "type": "generic", "country": "SY",
     "aliases": ["rebels", "rebel groups"], "descriptors": ["the rebels", "rebel factions"]},
]


@lru_cache(maxsize=1)
def annotator():
    """An Annotator over the test KB and the shipped lexicons (spaCy loads once per process)."""
    from orbat.annotate import Annotator
    from orbat.annotate.nlp import load_nlp
    from orbat.knowledge import Knowledge, load_lexicon
    from orbat.knowledge.actors import load_actor_kb

    path = Path(mkdtemp(prefix="orbat-rel-kb-")) / "test_actors.yaml"
    path.write_text(yaml.safe_dump({"version": "test", "actors": ACTORS}), encoding="utf-8")
    kb = load_actor_kb([path])
    return Annotator(knowledge=Knowledge(actors=kb, lexicon=load_lexicon(), version="test"), nlp=load_nlp())


def findings(body: str, comments: list[tuple[str, str]] | None = None):
    from orbat.model import Comment, Document

    doc = Document(body=body, comments=[Comment(cid, None, None, None, text) for cid, text in comments or []])
    return annotator().annotate(doc)


def relations(body: str, comments: list[tuple[str, str]] | None = None) -> set[tuple]:
    """(type, subject, object) of every claim, symmetric types in sorted order."""
    out = set()
    for r in findings(body, comments).relations:
        s, o = r.subject, r.object
        if r.type in ("ally_of", "fights"):
            s, o = sorted((s, o))
        out.add((r.type, s, o))
    return out


def claims(body: str, comments: list[tuple[str, str]] | None = None) -> dict[tuple, object]:
    """(type, subject, object) -> the claim's Evidence (flags and speaker)."""
    out = {}
    for r in findings(body, comments).relations:
        s, o = r.subject, r.object
        if r.type in ("ally_of", "fights"):
            s, o = sorted((s, o))
        out.setdefault((r.type, s, o), r.evidence)
    return out
