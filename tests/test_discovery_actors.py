"""Discovery of unknown organisations, and analyst decisions re-applied after re-extraction."""

from __future__ import annotations

import pytest

from orbat.annotate.discovery import Discoverer, JsonDecisions, apply_decisions, pending, provisional_id
from orbat.annotate.nlp import load_nlp
from orbat.knowledge.actors import load_actor_kb
from orbat.model import Document


@pytest.fixture(scope="session")
def nlp():
    return load_nlp()


@pytest.fixture(scope="session")
def annotator(nlp):
    from orbat.annotate import Annotator

    return Annotator(nlp=nlp)


@pytest.fixture(scope="session")
def disc():
    return Discoverer(load_actor_kb())


def found(nlp, disc, text):
    return [m.actor_id for m in disc.discover(nlp(text), [], "body")]


def test_named_brigade_that_acts_is_discovered(nlp, disc):
    got = found(nlp, disc, "The Crescent Moon Brigade claimed the attack on the checkpoint.")
    assert got == ["prov_crescent_moon_brigade"]


def test_fighters_of_a_battalion(nlp, disc):
    got = found(nlp, disc, "Dozens of fighters of the Green Valley Battalion crossed the river at dawn.")
    assert got == ["prov_green_valley_battalion"]


def test_arabic_prefix_and_called(nlp, disc):
    got = found(nlp, disc, "A little-known faction called Liwa Suyuf al-Haqq ambushed the convoy.")
    assert got == ["prov_liwa_suyuf_haqq"]


def test_organisation_shape_alone_is_not_enough(nlp, disc):
    assert found(nlp, disc, "Reporters visited the Crescent Moon Brigade museum last year.") == []
    assert found(nlp, disc, "Operation Desert Dawn began on Monday.") == []


def test_stable_id_across_spellings():
    assert provisional_id("the Crescent Moon Brigade") == provisional_id("Crescent Moon brigade")


def test_discovered_group_accepted_then_found_again(annotator, tmp_path):
    first = annotator.annotate(Document(body="The Crescent Moon Brigade claimed the ambush near the bridge.",
                                        published="2016-02-01", doc_id="a"))
    prov = [a for a in first.actors if a.provisional]
    assert [a.id for a in prov] == ["prov_crescent_moon_brigade"]
    decisions = JsonDecisions(tmp_path / "decisions.json")
    preds = [{"doc_id": "a", "actors": [{"id": a.id, "name": a.name, "surface": a.surfaces} for a in first.actors]}]
    assert [p["id"] for p in pending(preds, decisions.all())] == ["prov_crescent_moon_brigade"]
    decisions.add("accept", "prov_crescent_moon_brigade", {"id": "crescent_moon_brigade",
                                                           "name": "Crescent Moon Brigade"}, "tester")
    assert pending(preds, decisions.all()) == []
    later = annotator.annotate(Document(body="Fighters of the Crescent Moon Brigade stormed two villages.",
                                        published="2016-05-01", doc_id="b"))
    apply_decisions(later, decisions)
    acc = [a for a in later.actors if a.id == "crescent_moon_brigade"]
    assert acc and not acc[0].provisional and acc[0].name == "Crescent Moon Brigade"
    assert all(m.actor_id != "prov_crescent_moon_brigade" for m in later.mentions)


def test_merge_and_reject(annotator, tmp_path):
    decisions = JsonDecisions(tmp_path / "d.json")
    f = annotator.annotate(Document(body="The Crescent Moon Brigade claimed the ambush near the bridge.", doc_id="c"))
    decisions.add("merge", "prov_crescent_moon_brigade", {"into": "fsa"}, "tester")
    apply_decisions(f, decisions, load_actor_kb())
    assert [a.id for a in f.actors if a.id == "fsa"] == ["fsa"]
    assert next(a for a in f.actors if a.id == "fsa").name == "Free Syrian Army"
    f = annotator.annotate(Document(body="The Crescent Moon Brigade claimed the ambush near the bridge.", doc_id="c"))
    decisions.add("reject", "prov_crescent_moon_brigade", {}, "tester")
    apply_decisions(f, decisions)
    assert not any(a.id.startswith("prov_") for a in f.actors)


def test_unknown_decision_kind_is_refused(tmp_path):
    with pytest.raises(ValueError):
        JsonDecisions(tmp_path / "d.json").add("bless", "prov_x", {}, "tester")
