"""Event dates resolved against the publication date, one test per kind of expression."""

from datetime import date

import pytest

from orbat.annotate.dates import find_dates, resolve

# A Tuesday
PUB = date(2016, 8, 23)


def first(text: str, ref: date | None = PUB) -> tuple[str, str] | None:
    return resolve(text, ref)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jets struck the bridge on Friday.", ("2016-08-19", "day")),
        ("The convoy was hit on Sunday night.", ("2016-08-21", "day")),
        ("The town fell last Tuesday.", ("2016-08-16", "day")),
        ("The post was overrun on Tuesday.", ("2016-08-23", "day")),
        ("Gunmen attacked the checkpoint yesterday.", ("2016-08-22", "day")),
        ("Rockets fell on the market today.", ("2016-08-23", "day")),
        ("Fighting intensified last week.", ("2016-08-16", "week")),
        ("The militia regrouped over the weekend.", ("2016-08-20", "week")),
        ("Dozens fled earlier this month.", ("2016-08-23", "month")),
        ("The road was cut last month.", ("2016-07-15", "month")),
        ("Talks opened on December 20.", ("2015-12-20", "day")),
        ("Talks opened on 3 August.", ("2016-08-03", "day")),
        ("The offensive began on 31 May 2014.", ("2014-05-31", "day")),
        ("The rebels entered the city in March 2015.", ("2015-03-15", "month")),
        ("The army took the hills in early June.", ("2016-06-05", "month")),
        ("The first truce was signed in 2014.", ("2014-01-01", "year")),
        ("The district fell four years ago.", ("2012-01-01", "year")),
        ("The ministry spoke eight days ago.", ("2016-08-15", "day")),
        ("The siege tightened this summer.", ("2016-07-01", "year")),
        ("The airport has been besieged since February.", ("2016-02-15", "month")),
    ],
)
def test_expressions(text: str, expected: tuple[str, str]) -> None:
    assert first(text) == expected


def test_month_after_publication_is_last_year() -> None:
    assert first("The base was built in November.") == ("2015-11-15", "month")


def test_may_as_a_verb_is_no_date() -> None:
    assert find_dates("The rebels may attack the town.", PUB) == []


def test_relative_expressions_need_a_publication_date() -> None:
    assert first("The town fell on Friday.", None) is None
    assert first("The town fell on 12 March 2016.", None) == ("2016-03-12", "day")


def test_every_expression_has_its_span() -> None:
    text = "Talks collapsed on Monday, a week after the truce of August 9."
    found = find_dates(text, PUB)
    assert [text[d.start:d.end] for d in found][0] == "on Monday"
    assert any(d.iso == "2016-08-09" for d in found)


def test_weekday_with_explicit_date_is_one_day() -> None:
    found = find_dates("The clashes began last Tuesday, August 16.", PUB)
    assert {d.iso for d in found} == {"2016-08-16"}


@pytest.mark.parametrize(("text", "days"), [("The next day the convoy left.", 1),
                                            ("A day later the town fell.", 1),
                                            ("The previous day, talks had stalled.", -1),
                                            ("Jets struck the bridge on Friday.", None)])
def test_narrative_shift(text: str, days: int | None) -> None:
    from orbat.annotate.dates import narrative_shift
    assert narrative_shift(text) == days
