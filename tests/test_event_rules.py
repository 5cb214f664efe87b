"""Event rules of ordinary news reporting (dates carried into headlines, attackers the report
names elsewhere, the other side of a change of hands), on sentences written for these tests."""

from __future__ import annotations

from orbat.model import Document, EventClaim

PUB = "2016-08-23"  # a Tuesday


def events(annotator, body: str, title: str | None = None, published: str | None = PUB) -> list[EventClaim]:
    doc = Document(title=title, body=body, published=published, doc_id="t")
    return annotator.annotate(doc).events


def by_sub_type(found: list[EventClaim], sub_type: str) -> list[EventClaim]:
    return [e for e in found if e.sub_type == sub_type]


def test_headline_event_takes_the_day_the_body_has_reached(annotator) -> None:
    body = ("Foreign ministers gathered in Geneva on Sunday for a second round of talks. "
            "A senior diplomat was shot in the chest while he was leaving a hotel in Istanbul.")
    found = events(annotator, body, title="Diplomat shot dead in Istanbul")
    shot = [e for e in found if e.place is not None and e.place.name == "Istanbul"]
    assert shot and all(e.date == "2016-08-21" for e in shot)


def test_air_strike_takes_the_owner_the_sentence_gives_the_aircraft(annotator) -> None:
    found = events(annotator, "Warplanes, which witnesses said belonged to the regime, carried out "
                              "a series of raids on the town of Saraqib on Monday.")
    strikes = by_sub_type(found, "Air/drone strike")
    assert strikes and strikes[0].actor1 == "syria_government"


def test_air_strike_takes_the_owner_named_later_in_the_report(annotator) -> None:
    body = ("Warplanes bombed a market in the town of Saraqib on Monday, killing eleven shoppers. "
            "Rescuers pulled survivors from the rubble for hours. "
            "A monitoring group said the aircraft were probably Russian.")
    strikes = by_sub_type(events(annotator, body), "Air/drone strike")
    assert strikes and strikes[0].actor1 == "russia"


def test_aircraft_seen_over_a_country_are_not_its_own(annotator) -> None:
    body = "Warplanes bombed a market in the town of Saraqib on Monday. The jets were seen over Turkey an hour before."
    strikes = by_sub_type(events(annotator, body), "Air/drone strike")
    assert strikes and strikes[0].actor1 is None


def test_an_event_noun_under_an_infinitive_of_need_is_no_event(annotator) -> None:
    found = events(annotator, "A Kremlin spokesman said there was no need to resume Russian air strikes on Aleppo.")
    assert not by_sub_type(found, "Air/drone strike")
