"""Analyst corrections: recorded with who and when, applied to the picture, and surviving a
re-extraction of the documents they touch."""

from __future__ import annotations

import pytest

from orbat.errors import OrbatError
from orbat.fuse import corrections as corr
from orbat.fuse.events import fused_events
from orbat.fuse.network import network
from orbat.fuse.relations import relation_claims, relation_edges
from orbat.store import Store
from picture_fixtures import (
    ALEPPO,
    PALMYRA,
    Doc,
    url,  # noqa: F401 - the store URL fixture
)


@pytest.fixture
def store(url: str):  # noqa: F811 - `url` is the fixture imported above
    s = Store.open(url)
    yield s
    s.close()


def _doc(version: str = "x1") -> Doc:
    d = Doc("w-1", "2016-02-03", "Example Wire", version=version)
    d.relation("backs", "turkey", "ahrar_al_sham", "Turkish trucks brought rifles to Ahrar al-Sham.", kind="arms")
    d.relation("ally_of", "ahrar_al_sham", "islamic_state", "Ahrar al-Sham fought beside Islamic State.")
    d.event("Armed clash", "Ahrar al-Sham and the army fought in Aleppo, leaving 9 dead.", ALEPPO, "2016-02-02",
            actor1="ahrar_al_sham", actor2="syria_government", fatalities=9)
    return d


def _pairs(store: Store) -> set[tuple[str, str, str]]:
    return {(e["source"], e["type"], e["target"]) for e in relation_edges(store)}


def test_rejected_fact_stays_rejected_after_re_extraction(store: Store) -> None:
    store.save(_doc().findings())
    bad = next(c for c in relation_claims(store) if c["type"] == "ally_of")
    cid = corr.reject_fact(store, bad["fact"], who="analyst", reason="misread: they fought each other")
    assert ("ahrar_al_sham", "ally_of", "islamic_state") not in _pairs(store)
    # a new extractor version re-extracts the document: new claim rows, the same facts
    store.save(_doc(version="x2").findings())
    assert store.document("w-1")["extractor_version"] == "x2"
    assert ("ahrar_al_sham", "ally_of", "islamic_state") not in _pairs(store)
    assert ("turkey", "backs", "ahrar_al_sham") in _pairs(store)
    [rec] = [r for r in store.corrections() if r["id"] == cid]
    assert rec["who"] == "analyst" and rec["created_at"] and rec["kind"] == "reject_fact"
    # withdrawing the correction brings the claim back
    corr.withdraw(store, cid, who="analyst")
    assert ("ahrar_al_sham", "ally_of", "islamic_state") in _pairs(store)


def test_event_edit_survives_re_extraction(store: Store) -> None:
    store.save(_doc().findings())
    [e] = fused_events(store)
    corr.edit_event(store, e["sources"][0]["fact"], "fatalities", "14", who="analyst")
    [e] = fused_events(store)
    assert e["fatalities"] == 14 and e["edited"]["fatalities"]["value"] == 14
    assert e["sources"][0]["fatalities"] == 9  # the source keeps its own figure
    store.save(_doc(version="x2").findings())
    [e] = fused_events(store)
    assert e["fatalities"] == 14


def test_rejected_event_claim_leaves_the_fused_event(store: Store) -> None:
    store.save(_doc().findings())
    store.save(Doc("p-1", "2016-02-04", "Paper").event(
        "Armed clash", "Clashes in Aleppo killed 11.", ALEPPO, "2016-02-02", actor1="syria_government",
        fatalities=11).findings())
    [e] = fused_events(store)
    assert e["n_sources"] == 2
    corr.reject_fact(store, next(s["fact"] for s in e["sources"] if s["document"] == "p-1"))
    [e] = fused_events(store)
    assert e["n_sources"] == 1 and e["fatalities"] == 9


def test_merge_and_split_actors(store: Store) -> None:
    store.save(_doc().findings())
    store.save(Doc("w-2", "2016-02-05", "Other").relation(
        "backs", "turkey", "ahrar_sham_typo", "Ankara also backs the Ahrar movement.").findings())
    corr.merge_actors(store, "ahrar_sham_typo", "ahrar_al_sham", who="analyst")
    e = next(e for e in relation_edges(store) if e["type"] == "backs")
    assert e["target"] == "ahrar_al_sham" and e["documents"] == 2
    [ev] = fused_events(store)
    assert ev["actor1"] == "ahrar_al_sham"
    corr.split_actor(store, "ahrar_al_sham", "ahrar_splinter", ["w-1"], new_name="Ahrar splinter")
    targets = {e["target"] for e in relation_edges(store) if e["type"] == "backs"}
    assert targets == {"ahrar_al_sham", "ahrar_splinter"}
    [ev] = fused_events(store)
    assert ev["actor1"] == "ahrar_splinter"
    names = {n["id"]: n["name"] for n in network(store, background=False)["nodes"]}
    assert names["ahrar_splinter"] == "Ahrar splinter"


def test_confirmed_relation_shows_without_claims(store: Store) -> None:
    store.save(_doc().findings())
    corr.confirm_relation(store, "russia", "backs", "syria_government", who="analyst", kind="air_support",
                          note="well documented")
    e = next(e for e in relation_edges(store) if e["source"] == "russia")
    assert e["confirmed"] and e["evidence"] == 0 and e["weight"] == 1
    assert e["confirmed_by"][0]["who"] == "analyst"


def test_bad_corrections_are_refused(store: Store) -> None:
    store.save(_doc().findings())
    with pytest.raises(OrbatError, match="E070"):
        corr.reject_fact(store, "w-1#rffffffffff")
    with pytest.raises(OrbatError, match="E021"):
        corr.merge_actors(store, "nobody_at_all", "turkey")
    with pytest.raises(OrbatError, match="E071"):
        corr.edit_event(store, "w-1#e0000000000", "colour", "red")
    assert store.corrections() == []


def test_fact_keys_ignore_ids_and_offsets() -> None:
    a = corr.fact_keys("d", "r", [("backs", "x", "y", "body", "X backs Y.")])
    b = corr.fact_keys("d", "r", [("backs", "x", "y", "body", "X backs Y.")])
    c = corr.fact_keys("d", "r", [("backs", "x", "z", "body", "X backs Y.")])
    assert a == b and a != c and corr.parse_fact_key(a[0]) == ("d", "r")


def test_palmyra_is_not_aleppo() -> None:  # fixtures sanity: the two places are far apart
    assert abs(PALMYRA.lat - ALEPPO.lat) > 1
