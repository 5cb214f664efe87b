"""Relations over time, contradictions, control timelines and the network as of a date."""

from __future__ import annotations

import pytest

from orbat.fuse.control import control_as_of, timelines
from orbat.fuse.network import network
from orbat.fuse.relations import contradictions, relation_claims, relation_edges
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


def _edge(edges, s, t, type):
    found = [e for e in edges if (e["source"], e["target"], e["type"]) == (s, t, type)]
    return found[0] if found else None


def test_aggregate_counts_documents_outlets_and_dates(store: Store) -> None:
    store.save(Doc("a", "2016-01-05", "Wire A").relation(
        "backs", "turkey", "ahrar_al_sham", "Ankara sends rifles to Ahrar al-Sham.", kind="arms").findings())
    store.save(Doc("b", "2016-02-10", "Wire A").relation(
        "backs", "turkey", "ahrar_al_sham", "Turkey is said to fund the group.", kind="money", hedged=True).findings())
    store.save(Doc("c", "2016-03-01", "Paper B").relation(
        "backs", "turkey", "ahrar_al_sham", "Turkish trucks carried ammunition to the group.", kind="arms").findings())
    e = _edge(relation_edges(store), "turkey", "ahrar_al_sham", "backs")
    assert e["documents"] == 3 and e["outlets"] == 2 and e["weight"] == 2 and e["evidence"] == 3
    assert e["first_seen"] == "2016-01-05" and e["last_seen"] == "2016-03-01"
    assert e["kinds"] == ["arms", "money"] and not e["hedged_only"] and not e["contradiction"]
    early = _edge(relation_edges(store, as_of="2016-01-31"), "turkey", "ahrar_al_sham", "backs")
    assert early["documents"] == 1


def test_denial_creates_a_contradiction(store: Store) -> None:
    store.save(Doc("a", "2016-01-05", "Wire A").relation(
        "backs", "usa", "jaysh_al_islam", "Washington arms the Army of Islam.").findings())
    store.save(Doc("b", "2016-01-20", "Paper B").relation(
        "backs", "usa", "jaysh_al_islam", "A US official denied giving the group any weapons.",
        negated=True).findings())
    [c] = contradictions(store)
    assert (c["source"], c["target"], c["type"]) == ("usa", "jaysh_al_islam", "backs")
    assert c["asserted"] == 1 and c["negated"] == 1 and c["denying_outlets"] == 1
    assert [x["document"] for x in c["asserting"]] == ["a"] and [x["document"] for x in c["denying"]] == ["b"]
    # before the denial was published there was no contradiction
    assert not _edge(relation_edges(store, as_of="2016-01-10"), "usa", "jaysh_al_islam", "backs")["contradiction"]


def test_hedged_only_and_symmetric_pairs(store: Store) -> None:
    store.save(Doc("a", "2016-01-05", "W").relation(
        "ally_of", "jabhat_al_nusra", "ahrar_al_sham", "Nusra reportedly fights beside Ahrar.", hedged=True).findings())
    store.save(Doc("b", "2016-01-06", "P").relation(
        "ally_of", "ahrar_al_sham", "jabhat_al_nusra", "Ahrar may have allied with Nusra.", hedged=True).findings())
    [e] = relation_edges(store)
    assert e["symmetric"] and e["documents"] == 2 and e["hedged_only"]
    assert (e["source"], e["target"]) == ("ahrar_al_sham", "jabhat_al_nusra")


def test_network_as_of_a_date_with_names_of_the_day(store: Store) -> None:
    store.save(Doc("a", "2016-01-05", "W").relation(
        "fights", "jabhat_al_nusra", "islamic_state", "Nusra fought IS in the north.").findings())
    store.save(Doc("b", "2016-08-15", "W").relation(
        "ally_of", "jabhat_al_nusra", "ahrar_al_sham", "The renamed front joined Ahrar in an operations room.")
        .findings())
    early = network(store, as_of="2016-02-01")
    assert {(e["type"]) for e in early["edges"] if not e["background"]} == {"fights"}
    nusra = next(n for n in early["nodes"] if n["id"] == "jabhat_al_nusra")
    assert nusra["name"] == "Jabhat al-Nusra"
    late = network(store, as_of="2016-09-01")
    assert {e["type"] for e in late["edges"] if not e["background"]} == {"fights", "ally_of"}
    nusra = next(n for n in late["nodes"] if n["id"] == "jabhat_al_nusra")
    assert nusra["name"] == "Jabhat Fateh al-Sham"  # a rename keeps the id
    # background knowledge valid on the date: Nusra's al-Qaeda membership ended in July 2016
    def qaeda(edges: list) -> bool:
        return any(e["background"] and e["type"] == "member_of" and "al_qaeda" in (e["source"], e["target"])
                   for e in edges)

    assert qaeda(early["edges"])
    assert not qaeda(late["edges"])


def test_relation_claims_carry_fact_keys(store: Store) -> None:
    store.save(Doc("a", "2016-01-05", "W").relation("fights", "russia", "islamic_state", "Russia bombed IS.")
               .relation("fights", "russia", "islamic_state", "Russia bombed IS.").findings())
    claims = relation_claims(store)
    assert len(claims) == 2 and claims[0]["fact"].startswith("a#r")
    assert claims[0]["fact"] != claims[1]["fact"] and claims[1]["fact"].endswith("-2")


def test_control_timeline_periods_changes_and_denials(store: Store) -> None:
    store.save(Doc("a", "2015-06-01", "W").holds("islamic_state", PALMYRA, "2015-05-21",
                                                 "IS has held Palmyra since May.").findings())
    store.save(Doc("b", "2016-03-28", "P").holds("syria_government", PALMYRA, "2016-03-27",
                                                 "The army now holds Palmyra.").findings())
    store.save(Doc("c", "2016-03-29", "Q").holds("syria_government", PALMYRA, None,
                                                 "Rebels say the army does not control all of Palmyra.",
                                                 negated=True).findings())
    store.save(Doc("d", "2016-02-01", "Q").holds("syria_government", ALEPPO, "2016-02-01",
                                                 "Government forces hold western Aleppo.").findings())
    [t] = timelines(store, place="Palmyra")
    assert [p["actor"] for p in t["periods"]] == ["islamic_state", "syria_government"]
    assert t["periods"][0]["until"] == "2016-03-27" and t["holder"] == "syria_government"
    assert t["changes"][0]["to_actor"] == "syria_government" and t["changes"][0]["source"]["document"] == "b"
    assert t["periods"][1]["denied_by"][0]["document"] == "c" and t["disputed"]
    held = {r["place"]: r["actor"] for r in control_as_of(store, as_of="2016-01-01")}
    assert held == {"Palmyra": "islamic_state"}
    held = {r["place"]: r["actor"] for r in control_as_of(store, as_of="2016-04-01")}
    assert held == {"Palmyra": "syria_government", "Aleppo": "syria_government"}
    assert [r["place"] for r in control_as_of(store, bbox=(38.0, 34.0, 39.0, 35.0))] == ["Palmyra"]


def test_holdings_from_memory_match_the_query_and_follow_new_claims(store: Store) -> None:
    """Without a window, holdings come from every claim kept in memory per place; a bounding
    box that takes in every place goes through the query instead: both must agree, and a new
    document or a correction must show at once."""
    store.save(Doc("a", "2015-06-01", "W").holds("islamic_state", PALMYRA, "2015-05-21", "IS holds Palmyra.")
               .holds("islamic_state", ALEPPO, "2015-05-01", "IS holds a district of Aleppo.").findings())
    store.save(Doc("b", "2016-03-28", "P").holds("syria_government", PALMYRA, "2016-03-27",
                                                 "The army holds Palmyra.").findings())
    everywhere = (30.0, 30.0, 45.0, 40.0)
    for day in (None, "2015-05-10", "2015-12-31", "2016-04-01"):
        for actor in (None, "islamic_state", "syria_government"):
            assert control_as_of(store, as_of=day, actor=actor) == \
                control_as_of(store, as_of=day, actor=actor, bbox=everywhere), (day, actor)
    assert [r["place"] for r in control_as_of(store, actor="islamic_state")] == ["Aleppo"]
    store.save(Doc("c", "2016-04-02", "Q").holds("syria_government", ALEPPO, "2016-04-01",
                                                 "The army took the district.").findings())
    assert control_as_of(store, actor="islamic_state") == []
    store.add_correction("merge_actors", "syria_government", {"into": "islamic_state"})
    assert {r["place"] for r in control_as_of(store, actor="islamic_state")} == {"Aleppo", "Palmyra"}


def test_history_follows_new_and_re_extracted_documents(store: Store) -> None:
    store.save(Doc("a", "2016-01-05", "W").relation("fights", "russia", "islamic_state", "Russia bombed IS.")
               .findings())
    assert [e["evidence"] for e in relation_edges(store)] == [1]
    store.save(Doc("b", "2016-01-07", "P").relation("fights", "islamic_state", "russia", "IS shot at Russian jets.")
               .relation("backs", "iran", "syria_government", "Iran sends advisers to Damascus.", kind="advice")
               .findings())
    edges = {(e["source"], e["type"], e["target"]): e for e in relation_edges(store)}
    assert edges[("islamic_state", "fights", "russia")]["evidence"] == 2  # one symmetric edge
    assert edges[("iran", "backs", "syria_government")]["kinds"] == ["advice"]
    # b is re-extracted and no longer finds the Iranian support
    store.save(Doc("b", "2016-01-07", "P", version="x2").relation(
        "fights", "islamic_state", "russia", "IS shot at Russian jets.").findings())
    edges = {(e["source"], e["type"], e["target"]) for e in relation_edges(store)}
    assert edges == {("islamic_state", "fights", "russia")}
    assert relation_edges(store, as_of="2016-01-06")[0]["evidence"] == 1
