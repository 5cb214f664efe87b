"""Control claims, one test per form, from sentences written for these tests."""

from __future__ import annotations

import pytest

from orbat.annotate import Annotator
from orbat.model import ControlClaim, Document

PUB = "2016-08-23"


@pytest.fixture(scope="session")
def ann() -> Annotator:
    return Annotator()


def control(ann: Annotator, text: str) -> set[tuple[str, str]]:
    return {(c.actor, c.place.name) for c in claims(ann, text)}


def claims(ann: Annotator, text: str) -> list[ControlClaim]:
    return ann.annotate(Document(body=text, published=PUB, doc_id="t")).control


def test_hyphen_held(ann: Annotator) -> None:
    got = control(ann, "Shells fell on rebel-held eastern Aleppo and on government-held western Aleppo.")
    assert ("rebels_generic", "eastern Aleppo") in got
    assert ("syria_government", "western Aleppo") in got


def test_held_by(ann: Annotator) -> None:
    got = control(ann, "Villages such as Kafr Nabl and Maarat al-Numan are held by rebels.")
    assert {("rebels_generic", "Kafr Nabl"), ("rebels_generic", "Maarat al-Numan")} <= got


def test_comma_held_by(ann: Annotator) -> None:
    assert ("islamic_state", "al-Bab") in control(ann, "The convoy drove towards al-Bab, still held by ISIS.")


def test_holding_verb_and_relative_clause(ann: Annotator) -> None:
    assert ("rebels_generic", "the north of the town") in control(
        ann, "Artillery hit the insurgents, who hold the north of the town, overnight.")


def test_stronghold(ann: Annotator) -> None:
    assert ("jaysh_al_islam", "Douma") in control(ann, "Jaysh al-Islam runs its operations from its stronghold in Douma.")


def test_where_strong(ann: Annotator) -> None:
    assert ("islamic_state", "Raqqa") in control(ann, "The fighters were sent to Raqqa, where the Islamic State is strong.")


def test_in_the_hands_of(ann: Annotator) -> None:
    assert ("islamic_state", "Palmyra") in control(ann, "By March, Palmyra was once more in the hands of the Islamic State.")


def test_retaking_is_control_as_of_the_event(ann: Annotator) -> None:
    got = claims(ann, "The Syrian army retook Palmyra from the Islamic State on Sunday.")
    held = [c for c in got if c.place.name == "Palmyra"]
    assert [c.actor for c in held] == ["syria_government"]
    assert held[0].as_of == "2016-08-21"


def test_besieged_is_not_control_by_the_besieger(ann: Annotator) -> None:
    got = control(ann, "The Islamic State has besieged Deir ez-Zor for two years.")
    assert not any(actor == "islamic_state" for actor, _ in got)


def test_hypothetical_is_no_claim(ann: Annotator) -> None:
    assert control(ann, "If the rebels hold Ramouseh, the siege is over.") == set()


def test_speaker_of_quoted_claim(ann: Annotator) -> None:
    got = claims(ann, "The Syrian army said it had liberated Hanano on Saturday.")
    assert got and got[0].speaker.startswith("quoted:")
