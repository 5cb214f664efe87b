"""Events in ACLED's taxonomy from sentences written for these tests, one or more per sub-type family."""

from __future__ import annotations

import pytest

from orbat.annotate import Annotator
from orbat.model import Document, EventClaim

PUB = "2016-08-23"  # a Tuesday


@pytest.fixture(scope="session")
def ann() -> Annotator:
    return Annotator()


def events(ann: Annotator, text: str, published: str | None = PUB) -> list[EventClaim]:
    return ann.annotate(Document(body=text, published=published, doc_id="t")).events


def one(ann: Annotator, text: str) -> EventClaim:
    found = events(ann, text)
    assert found, f"no event in {text!r}"
    return found[0]


# ---- Battles --------------------------------------------------------------------------------

def test_armed_clash_between_two_sides(ann: Annotator) -> None:
    e = one(ann, "Heavy clashes broke out between the Islamic State and the Syrian army near Palmyra on Sunday.")
    assert (e.type, e.sub_type) == ("Battles", "Armed clash")
    assert e.actor1 == "islamic_state" and e.actor2 == "syria_government"
    assert e.date == "2016-08-21"


def test_government_force_retaking_is_government_regains(ann: Annotator) -> None:
    e = one(ann, "The Syrian army recaptured the town of Palmyra from the Islamic State on Friday.")
    assert e.sub_type == "Government regains territory"
    assert e.actor1 == "syria_government" and e.actor2 == "islamic_state"
    assert e.place is not None and e.place.name == "Palmyra" and e.place.admin1 == "Homs"


def test_non_state_group_taking_is_overtakes(ann: Annotator) -> None:
    e = one(ann, "Islamic State militants seized the town of Palmyra on Saturday.")
    assert e.sub_type == "Non-state actor overtakes territory"
    assert e.actor1 == "islamic_state"


def test_lost_to_reverses_the_sides(ann: Annotator) -> None:
    e = one(ann, "The Syrian army lost the town of Palmyra to the Islamic State on Sunday.")
    assert e.sub_type == "Non-state actor overtakes territory"
    assert e.actor2 == "syria_government"


def test_fell_to(ann: Annotator) -> None:
    e = one(ann, "Palmyra fell to the Islamic State on Sunday after a week of fighting.")
    assert e.sub_type == "Non-state actor overtakes territory"
    assert e.actor1 == "islamic_state"


def test_typing_without_known_actors(ann: Annotator) -> None:
    e = one(ann, "Government troops retook the village of Kambar from insurgents after two days of fighting.")
    assert e.sub_type == "Government regains territory"


# ---- Explosions/Remote violence ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "sub_type"),
    [
        ("Russian warplanes bombed a bakery in the town of Atarib on Monday.", "Air/drone strike"),
        ("Turkish artillery shelled Kurdish positions around Manbij on Monday.", "Shelling/artillery/missile attack"),
        ("A rocket struck a school in the city of Idlib, killing three children.", "Shelling/artillery/missile attack"),
        ("A suicide bomber blew himself up at a checkpoint outside Azaz.", "Suicide bomb"),
        ("A roadside bomb exploded beside a bus on the road to Homs.", "Remote explosive/landmine/IED"),
        ("Doctors said a chlorine attack on the town of Sarmin left dozens choking.", "Chemical weapon"),
        ("Attackers threw a grenade into a cafe in the town of Azaz.", "Grenade"),
    ],
)
def test_explosive_sub_type_follows_the_weapon(ann: Annotator, text: str, sub_type: str) -> None:
    e = one(ann, text)
    assert (e.type, e.sub_type) == ("Explosions/Remote violence", sub_type)


def test_actor1_first_named_partner_in_assoc(ann: Annotator) -> None:
    e = one(ann, "Russian warplanes and Syrian jets pounded rebel positions in Atarib on Friday.")
    assert e.sub_type == "Air/drone strike"
    assert e.actor1 == "russia" and "syria_government" in e.assoc
    assert e.date == "2016-08-19"


def test_killed_leader_and_fatalities(ann: Annotator) -> None:
    e = one(ann, "Russian warplanes struck a meeting in Ghouta, killing the leader of Jaysh al-Islam, Zahran Alloush.")
    assert e.sub_type == "Air/drone strike"
    assert e.actor1 == "russia"
    assert e.killed_leader == "zahran_alloush"
    e = one(ann, "A car bomb exploded at a checkpoint in Azaz, killing at least 30 people.")
    assert e.fatalities == 30


# ---- Violence against civilians, protests, riots ------------------------------------------------

@pytest.mark.parametrize(
    ("text", "etype", "sub_type"),
    [
        ("Gunmen shot dead four farmers in a village near Hama.", "Violence against civilians", "Attack"),
        ("Militants kidnapped twenty villagers near the town of Salamiyah.", "Violence against civilians",
         "Abduction/forced disappearance"),
        ("Fighters raped women during a raid on a village near Homs.", "Violence against civilians", "Sexual violence"),
        ("Thousands of residents demonstrated in the town square of Kafranbel.", "Protests", "Peaceful protest"),
        ("Rioters torched shops and cars in the centre of the town of Suwayda.", "Riots", "Violent demonstration"),
    ],
)
def test_civilian_and_crowd_events(ann: Annotator, text: str, etype: str, sub_type: str) -> None:
    e = one(ann, text)
    assert (e.type, e.sub_type) == (etype, sub_type)


# ---- Strategic developments ---------------------------------------------------------------------

def test_evacuation_deal_is_an_agreement_with_quantities(ann: Annotator) -> None:
    e = one(ann, "The Syrian government negotiated an evacuation deal under which 1,500 rebel fighters "
                 "will be evacuated from Daraya.")
    assert (e.type, e.sub_type) == ("Strategic developments", "Agreement")
    assert e.actor1 == "syria_government"
    assert e.quantities.get("evacuated") == 1500


def test_handover_is_transfer_and_agreement(ann: Annotator) -> None:
    found = events(ann, "The rebels handed over the town of Daraya to the Syrian army under the surrender terms.")
    subs = {e.sub_type for e in found}
    assert {"Non-violent transfer of territory", "Agreement"} <= subs


def test_two_states_agreeing_a_truce(ann: Annotator) -> None:
    e = one(ann, "Russia and Turkey agreed on a truce for the city of Aleppo last Wednesday.")
    assert e.sub_type == "Agreement"
    assert e.actor1 == "russia" and e.actor2 == "turkey"
    assert e.date == "2016-08-17"


@pytest.mark.parametrize(
    ("text", "sub_type"),
    [
        ("Police arrested eleven suspected militants in the city of Latakia.", "Arrests"),
        ("Two brigades announced that they had merged into a new front in Idlib.", "Change to group/activity"),
        ("Fighters set fire to several buses outside the village of Foua.", "Looting/property destruction"),
        ("A humanitarian aid convoy entered the besieged town of Madaya on Monday.", "Other"),
    ],
)
def test_strategic_developments(ann: Annotator, text: str, sub_type: str) -> None:
    e = one(ann, text)
    assert (e.type, e.sub_type) == ("Strategic developments", sub_type)


# ---- what is not an event -----------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "The minister said the economy grew by three percent last year.",
        "The Syrian army has never shelled the town of Atarib.",
        "If talks fail, the rebels could attack the city of Hama.",
    ],
)
def test_no_event(ann: Annotator, text: str) -> None:
    assert events(ann, text) == []


def test_duplicate_mentions_merge(ann: Annotator) -> None:
    text = ("The Syrian army recaptured Palmyra on Sunday. Officials said the capture of Palmyra "
            "by the Syrian army came after a month-long offensive.")
    regains = [e for e in events(ann, text) if e.sub_type == "Government regains territory"]
    assert len(regains) == 1
    assert regains[0].date == "2016-08-21"


def test_place_resolved_by_the_documents_other_places(ann: Annotator) -> None:
    # Khalidiya is a district of Homs and one of Aleppo
    homs = events(ann, "Homs was quiet on Monday. Mortar shells hit the Khalidiya district on Monday.")
    aleppo = events(ann, "Aleppo was quiet on Monday. Mortar shells hit the Khalidiya district on Monday.")
    h = [e for e in homs if e.place is not None]
    a = [e for e in aleppo if e.place is not None]
    assert h and a
    assert h[0].place.admin1 == "Homs" and a[0].place.admin1 == "Aleppo"


def test_plover_type(ann: Annotator) -> None:
    e = one(ann, "Russian warplanes bombed a bakery in the town of Atarib on Monday.")
    assert e.plover == "ASSAULT"


def test_commander_men_act_for_his_group(ann: Annotator) -> None:
    e = one(ann, "Zahran Alloush, who heads Jaysh al-Islam, said his men had taken the town of Mayda'a on Sunday.")
    assert e.actor1 == "jaysh_al_islam"


def test_sponsor_is_a_partner(ann: Annotator) -> None:
    e = one(ann, "Syrian rebels backed by Turkey seized the town of Jarabulus from the Islamic State on Wednesday.")
    assert e.actor1 == "rebels_generic" and "turkey" in e.assoc


def test_headline_merges_into_the_body(ann: Annotator) -> None:
    doc = Document(title="Syrian army retakes Palmyra",
                   body="The Syrian army recaptured Palmyra from the Islamic State on Sunday, officials said. "
                        "The streets were quiet later in the day. Engineers began clearing the roads. "
                        "Residents started to return.",
                   published=PUB, doc_id="t")
    regains = [e for e in ann.annotate(doc).events if e.sub_type == "Government regains territory"]
    assert len(regains) == 1 and regains[0].date == "2016-08-21"


def test_destination_is_not_the_place_of_a_deal(ann: Annotator) -> None:
    text = ("Fighting in Daraya ended on Thursday. The surrender deal lets 700 rebel fighters travel "
            "north to Idlib on buses.")
    deals = [e for e in events(ann, text) if e.sub_type == "Agreement"]
    assert deals and deals[0].place is not None and deals[0].place.name == "Daraya"


# ---- context: places that locate others, restated sides, comments -----------------------------

def test_a_district_located_in_a_city_is_the_place(ann: Annotator) -> None:
    e = one(ann, "Government troops recaptured the Hanano district in eastern Aleppo on Saturday.")
    assert e.place is not None and e.place.name.startswith("Hanano")


def test_a_town_described_by_its_region_is_the_place(ann: Annotator) -> None:
    e = one(ann, "In Douma, the biggest town of Eastern Ghouta, medics said government jets bombed a market "
                 "on Monday.")
    assert e.place is not None and e.place.name == "Douma"


def test_led_coalition_acts_as_the_coalition(ann: Annotator) -> None:
    e = one(ann, "The Kurdish-led Syrian Democratic Forces seized the town of Tabqa from the Islamic State on Sunday.")
    assert e.actor1 == "sdf"


def test_generic_rebels_restate_the_named_group(ann: Annotator) -> None:
    doc = Document(title="Free Syrian Army takes Dabiq",
                   body="Syrian rebels captured Dabiq from the Islamic State on Sunday, a commander said. "
                        "The village lies north of Aleppo. Turkish artillery had shelled it for days. "
                        "Residents fled weeks ago.",
                   published=PUB, doc_id="t")
    takes = [e for e in ann.annotate(doc).events if e.sub_type == "Non-state actor overtakes territory"]
    assert len(takes) == 1 and takes[0].actor1 == "fsa" and takes[0].date == "2016-08-21"


def test_a_comment_reports_an_event_only_with_place_and_date(ann: Annotator) -> None:
    from orbat.model import Comment
    doc = Document(body="Talks resumed in Geneva. Delegates met for hours. Nothing was agreed. They will meet again.",
                   published=PUB, doc_id="t",
                   comments=[Comment(id="c1", parent=None, author="x", date=None,
                                     text="The regime attacks its own people and always will."),
                             Comment(id="c2", parent=None, author="y", date=None,
                                     text="Government jets bombed Saraqib on Sunday, my cousin says.")])
    found = [e for e in ann.annotate(doc).events if e.evidence.segment.startswith("comment")]
    assert [e.evidence.segment for e in found] == ["comment:c2"]


def test_quantified_event_noun_takes_the_clause_subject(ann: Annotator) -> None:
    e = one(ann, "On Monday Russian warplanes carried out scores of raids on the town of Talbiseh.")
    assert e.sub_type == "Air/drone strike" and e.actor1 == "russia" and e.date == "2016-08-22"


def test_the_following_day_counts_from_the_narrative(ann: Annotator) -> None:
    text = ("Rebels shelled the town of Mahardeh on Friday. The following day government jets bombed "
            "the village of Kafr Zita.")
    strikes = [e for e in events(ann, text) if e.sub_type == "Air/drone strike"]
    assert strikes and strikes[0].date == "2016-08-20"


def test_agency_dateline_is_not_the_place(ann: Annotator) -> None:
    e = one(ann, "Homs, SANA - Army units took control of the village of Um Sharshouh in the northern "
                 "countryside of Homs on Monday.")
    assert e.place is not None and e.place.name == "Um Sharshouh"


def test_a_place_that_is_a_topic_is_not_where_it_happened(ann: Annotator) -> None:
    text = ("Turkish troops clashed with Islamic State fighters in Kilis on Monday. The militants had posted "
            "videos about Aleppo before Turkish troops killed them in a gunfight.")
    found = events(ann, text)
    assert found and all(e.place is None or e.place.name != "Aleppo" for e in found)


def test_it_as_object_takes_the_place_told_before(ann: Annotator) -> None:
    text = ("Fighting raged around the town of Tell Rifaat. The town lies on the road that links Azaz with "
            "Aleppo, and Kurdish fighters had captured it in February.")
    takes = [e for e in events(ann, text) if e.type == "Battles" and e.sub_type != "Armed clash"]
    assert takes and takes[0].place is not None and takes[0].place.name == "Tell Rifaat"


def test_named_group_in_a_generic_phrase_acts(ann: Annotator) -> None:
    e = one(ann, "On Sunday, rebels of the Free Syrian Army stormed the village of Tal Malid.")
    assert e.actor1 == "fsa"


def test_the_blamed_side_is_the_attacker(ann: Annotator) -> None:
    e = one(ann, "On Monday a mortar shell hit an armoured vehicle near Kilis, killing two soldiers; "
                 "Ankara blamed the Islamic State.")
    assert e.sub_type == "Shelling/artillery/missile attack" and e.actor1 == "islamic_state"


def test_subject_place_described_as_a_district_of_a_city(ann: Annotator) -> None:
    e = one(ann, "Jobar was the first district of Damascus to fall to the rebels in 2013.")
    assert e.place is not None and e.place.name == "Jobar"


def test_foe_named_after_against_is_the_other_side(ann: Annotator) -> None:
    text = ("The Syrian Democratic Forces, Washington's main ally against the Islamic State, captured the "
            "town of Shaddadi on Friday. The Syrian army was not involved. Residents returned. Shops reopened.")
    takes = [e for e in events(ann, text) if e.sub_type == "Non-state actor overtakes territory"]
    assert takes and takes[0].actor1 == "sdf" and takes[0].actor2 == "islamic_state"


def test_relative_pronoun_subject_is_the_noun_it_hangs_from(ann: Annotator) -> None:
    e = one(ann, "Fighters joined the Jaish al-Fatah alliance that overran the town of Jisr al-Shughur in April 2015.")
    assert e.actor1 == "jaysh_al_fateh" and e.date == "2015-04-15"
