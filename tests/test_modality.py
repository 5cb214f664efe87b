"""Negation and hedging, each word of the lexicon's families on sentences of my own, scoped to the clause."""

from __future__ import annotations

import pytest

from relations_support import claims

BACKS = ("backs", "turkey", "ahrar_al_sham")

NEGATED = [
    "Turkey never armed Ahrar al-Sham.",
    "Turkey did not arm Ahrar al-Sham.",
    "Turkey has not funded Ahrar al-Sham.",
    "Turkey denied arming Ahrar al-Sham.",
    "Turkey refused to arm Ahrar al-Sham.",
    "Turkey stopped arming Ahrar al-Sham in 2015.",
]

HEDGED = [
    "Turkey reportedly armed Ahrar al-Sham.",
    "Turkey has allegedly armed the Hamza Division.",
    "Turkey has apparently armed the Hamza Division.",
    "Turkey is said to arm Ahrar al-Sham.",
    "Turkey may arm Ahrar al-Sham.",
    "Turkey is believed to arm Ahrar al-Sham.",
]


@pytest.mark.parametrize("sentence", NEGATED)
def test_negation(sentence):
    ev = claims(sentence)[BACKS]
    assert ev.negated


@pytest.mark.parametrize("sentence", HEDGED)
def test_hedge(sentence):
    got = claims(sentence)
    ev = got.get(BACKS) or got[("backs", "turkey", "hamza_division")]
    assert ev.hedged and not ev.negated


def test_plain_claim_has_no_flags():
    ev = claims("Turkey has armed Ahrar al-Sham since 2012.")[BACKS]
    assert not ev.hedged and not ev.negated


def test_negation_stays_in_its_clause():
    got = claims("Turkey has armed Ahrar al-Sham, but Qatar has never funded Jaysh al-Islam.")
    assert not got[BACKS].negated
    assert got[("backs", "qatar", "jaysh_al_islam")].negated


def test_hedge_stays_in_its_clause():
    got = claims("Turkey has armed Ahrar al-Sham, and Qatar reportedly funds Jaysh al-Islam.")
    assert not got[BACKS].hedged
    assert got[("backs", "qatar", "jaysh_al_islam")].hedged


def test_never_designated_is_a_negated_designation():
    ev = claims("The United States has never designated Ahrar al-Sham a terrorist group.")[
        ("designated_terrorist_by", "ahrar_al_sham", "usa")]
    assert ev.negated


def test_broken_ties_are_a_negated_membership():
    ev = claims("Jabhat al-Nusra said it had cut its ties with al-Qaeda.".replace("it had cut its", "Nusra had cut"))
    assert ev[("member_of", "jabhat_al_nusra", "al_qaeda")].negated


def test_is_not_denies_membership():
    assert claims("Ahrar al-Sham is not al-Qaeda.")[("member_of", "ahrar_al_sham", "al_qaeda")].negated


@pytest.mark.parametrize("sentence,negated", [
    ("Jabhat al-Nusra has broken its ties with al-Qaeda.", True),
    ("Jabhat al-Nusra never broke its ties with al-Qaeda.", False),
])
def test_ending_a_tie_negates_it(sentence, negated):
    assert claims(sentence)[("member_of", "jabhat_al_nusra", "al_qaeda")].negated is negated


def test_ending_an_alliance_negates_it():
    assert claims("Ahrar al-Sham ended its alliance with Jabhat al-Nusra.")[
        ("ally_of", "ahrar_al_sham", "jabhat_al_nusra")].negated


@pytest.mark.parametrize("sentence,negated", [
    ("Washington removed Ahrar al-Sham from its terrorist list in May.", True),
    ("Washington has never removed Ahrar al-Sham from its terrorist list.", False),
])
def test_removal_from_a_terror_list_negates_the_designation(sentence, negated):
    assert claims(sentence)[("designated_terrorist_by", "ahrar_al_sham", "usa")].negated is negated
