"""Actor linking: name variants, demonyms, metonymy, descriptors, ambiguity, renames."""

from __future__ import annotations

import pytest

from orbat.annotate.actors import ActorLinker, actor_findings
from orbat.annotate.nlp import load_nlp
from orbat.annotate.segments import Segment
from orbat.knowledge.actors import load_actor_kb


@pytest.fixture(scope="session")
def kb():
    return load_actor_kb()


@pytest.fixture(scope="session")
def linker(kb):
    return ActorLinker(kb)


@pytest.fixture(scope="session")
def nlp():
    return load_nlp()  # cached: one model per test session


def links(nlp, linker, text):
    return [(m.actor_id, m.text) for m in linker.link(nlp(text), "body")]


def ids(nlp, linker, text):
    return [a for a, _ in links(nlp, linker, text)]


@pytest.mark.parametrize("text", [
    "Fighters of Jabhat al-Nusra shelled the town.",
    "Fighters of Jabhat el-Nusra shelled the town.",
    "Fighters of JABHAT AL NUSRA shelled the town.",
    "Nusra's fighters shelled the town.",
    "The Front for the Conquest of the Levant shelled the town.",
    "Hayat Tahrir al-Sham shelled the town.",
    "Hay’at Taḥrīr al-Shām shelled the town.",
    "جبهة النصرة shelled the town.",
])
def test_spelling_variants_of_one_actor(nlp, linker, text):
    assert ids(nlp, linker, text) == ["jabhat_al_nusra"]


def test_plural_and_possessive(nlp, linker):
    assert "pro_government_militias" in ids(nlp, linker, "Two pro-government militias stormed the village.")
    assert ids(nlp, linker, "Alloush's aides left the town.") == ["zahran_alloush"]
    assert ids(nlp, linker, "Alloush's men left the town.") == ["jaysh_al_islam", "zahran_alloush"]


def test_short_acronyms_only_in_capitals(nlp, linker):
    assert ids(nlp, linker, "IS fighters withdrew from the ridge.") == ["islamic_state"]
    assert "islamic_state" not in ids(nlp, linker, "It is what it is, said the farmer.")
    assert "usa" not in ids(nlp, linker, "Let us hope the road opens.")


def test_longest_match_islamic_front_vs_state(nlp, linker):
    assert ids(nlp, linker, "The Islamic Front and the Islamic State clashed near the dam.") == [
        "islamic_front", "islamic_state"]


def test_group_noun_extends_the_mention(nlp, linker):
    ms = linker.link(nlp("Several Free Syrian Army brigades entered the village."), "body")
    assert [(m.actor_id, m.text) for m in ms] == [("fsa", "Free Syrian Army brigades")]
    assert "Free Syrian Army" in ms[0].forms


def test_metonym_only_when_the_capital_acts(nlp, linker):
    assert "russia" in ids(nlp, linker, "Moscow denied that its jets hit the market.")
    assert "russia" not in ids(nlp, linker, "The delegation flew to Moscow on Monday.")
    assert "syria_government" in ids(nlp, linker, "Damascus accused Ankara of arming the insurgents.")
    assert "turkey" in ids(nlp, linker, "Damascus accused Ankara of arming the insurgents.")


def test_demonym_only_before_a_force_noun(nlp, linker):
    assert "russia" in ids(nlp, linker, "Russian warplanes pounded the eastern districts overnight.")
    assert "turkey" in ids(nlp, linker, "The Turkish-backed rebels advanced on the town.")
    assert "russia" not in ids(nlp, linker, "He studied Russian literature in the city.")


def test_demonym_before_a_force_noun_maps_the_whole_phrase(nlp, linker):
    got = links(nlp, linker, "Iranian military advisers were killed near the airport.")
    assert got == [("iran", "Iranian military advisers")]


def test_attitude_and_place_compounds_are_not_actors(nlp, linker):
    assert "bashar_al_assad" not in ids(nlp, linker, "A pro-Assad newspaper printed the claim.")
    assert "uk" not in ids(nlp, linker, "A Britain-based monitor reported the deaths.")


def test_descriptors(nlp, linker):
    assert ids(nlp, linker, "The regime dropped barrel bombs on the market.") == ["syria_government"]
    assert "ypg" in ids(nlp, linker, "The Kurdish militia pushed west of the river.")


def test_civilians_only_as_victims(nlp, linker):
    assert "civilians" in ids(nlp, linker, "Eleven civilians were killed in the strike.")
    assert "civilians" not in ids(nlp, linker, "Residents gathered in the square to celebrate the harvest.")


def test_surname_inside_another_name_is_not_the_person(nlp, linker):
    assert "bashar_al_assad" not in ids(nlp, linker, "Shells fell on Dahiyat al-Assad in the west of the city.")


def _segments(nlp, linker, *texts):
    segs = []
    for i, t in enumerate(texts):
        d = nlp(t)
        segs.append(Segment(f"s{i}", t, "author", d, linker.link(d, f"s{i}")))
    linker.resolve_document(segs)
    return segs


def test_the_army_is_syrian_unless_the_document_has_only_another(nlp, linker):
    segs = _segments(nlp, linker, "The Free Syrian Army said the army had shelled its positions.")
    assert [m.actor_id for m in segs[0].mentions] == ["fsa", "syria_government"]
    segs = _segments(nlp, linker, "The Turkish army crossed the border. Later the army seized two hills.")
    assert [m.actor_id for m in segs[0].mentions] == ["turkey", "turkey"]


def test_surname_goes_to_the_person_named_in_full(nlp, linker):
    segs = _segments(nlp, linker, "Mohammed Alloush led the delegation. Alloush rejected the draft.")
    assert [m.actor_id for m in segs[0].mentions] == ["mohammed_alloush", "mohammed_alloush"]


def test_state_named_only_as_a_place_is_dropped(nlp, linker):
    segs = _segments(nlp, linker, "Thousands of families fled to Lebanon as the regime advanced.")
    assert "lebanon" not in [m.actor_id for m in segs[0].mentions]
    assert "syria_government" in [m.actor_id for m in segs[0].mentions]
    segs = _segments(nlp, linker, "Lebanon closed its border crossings.")
    assert [m.actor_id for m in segs[0].mentions] == ["lebanon"]


def test_rename_resolved_by_document_date(kb, nlp, linker):
    ms = linker.link(nlp("Jabhat al-Nusra fighters attacked the base."), "body")
    assert actor_findings(kb, ms, "2015-05-01")[0].name == "Jabhat al-Nusra"
    assert actor_findings(kb, ms, "2016-09-01")[0].name == "Jabhat Fateh al-Sham"
    assert actor_findings(kb, ms, "2018-01-01")[0].name == "Hay'at Tahrir al-Sham"
    assert kb.get("jabhat_al_nusra").name_on(None) == "Jabhat al-Nusra"


def test_inner_name_beats_the_demonym(nlp, linker):
    assert "syria_government" not in ids(nlp, linker, "Syrian opposition forces repelled the assault.")
    assert ids(nlp, linker, "Syrian Kurdish fighters crossed the river.") == ["ypg"]


def test_capital_possessing_a_place_is_a_place(nlp, linker):
    assert "syria_government" not in ids(nlp, linker, "Rockets hit Damascus's eastern suburbs on Sunday.")
    assert "syria_government" in ids(nlp, linker, "Damascus's response came within hours.")


def test_acronyms_in_a_capitalised_headline_are_not_names(nlp, linker):
    assert "islamic_state" not in ids(nlp, linker, "WHY THE WAR IS FAR FROM OVER")
    assert "islamic_state" in ids(nlp, linker, "IS claims the bombing in Tartus")


def test_the_government_of_the_only_state_named(nlp, linker):
    segs = _segments(nlp, linker, "The Iraqi government sent troops north. The government said the road was open.")
    assert [m.actor_id for m in segs[0].mentions] == ["iraq", "iraq"]


def test_sponsor_inside_a_description_is_its_own_mention(nlp, linker):
    doc = nlp("The Turkish-backed rebels entered the village at dawn.")
    seg = Segment("body", doc.text, "author", doc, linker.link(doc, "body"))
    seg.index()
    by_text = {t.text: seg.actor_at(t) for t in doc}
    assert by_text["Turkish"] == "turkey"
    assert by_text["rebels"] == "fsa"


def test_leader_possessive_forces_are_the_state_and_the_leader_stays(nlp, linker):
    doc = nlp("Bashar al-Assad's forces recaptured the hill.")
    seg = Segment("body", doc.text, "author", doc, linker.link(doc, "body"))
    seg.index()
    by_text = {t.text: seg.actor_at(t) for t in doc}
    assert by_text["forces"] == "syria_government"
    assert by_text["Assad"] == "bashar_al_assad"


def test_parenthesised_acronym_is_a_surface_form(nlp, linker):
    ms = linker.link(nlp("The Islamic Revolutionary Guard Corps (IRGC) lost a general."), "body")
    assert [m.actor_id for m in ms] == ["irgc", "irgc"]
    assert "The Islamic Revolutionary Guard Corps (IRGC)" in ms[0].forms


def test_acronyms_joined_by_a_slash(nlp, linker):
    assert ids(nlp, linker, "The PYD/YPG denied the report.")[:1] == ["pyd"]


def test_demonym_before_a_title_is_not_the_state(nlp, linker):
    assert ids(nlp, linker, "Syrian President Bashar al-Assad spoke on Sunday.") == ["bashar_al_assad"]
