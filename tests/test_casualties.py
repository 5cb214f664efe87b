"""Casualty figures and other quantities in digits and words."""

import pytest

from orbat.annotate.quantities import numbers


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("The strike killed sixteen people in the market.", 16),
        ("At least 30 soldiers were killed in the ambush.", 30),
        ("The blast killed at least forty-two worshippers.", 42),
        ("Dozens of fighters died in the assault.", 24),
        ("The bombing killed 1,200 people over the year.", 1200),
        ("Shelling of the camp left eleven dead.", 11),
        ("The raid killed one soldier and wounded four.", 1),
        ("The death toll rose to 73 on Sunday.", 73),
        ("Nobody was hurt when the shell landed.", None),
        ("The 72-hour truce held across the province.", None),
    ],
)
def test_killed(text: str, killed: int | None) -> None:
    assert numbers().killed(text) == killed


def test_killed_and_wounded_are_kept_apart() -> None:
    text = "Nine villagers were killed and 23 others wounded in the attack."
    assert numbers().killed(text) == 9
    assert numbers().wounded(text) == 23


def test_evacuated_fighters_are_a_quantity() -> None:
    assert numbers().evacuated("Some 2,000 fighters evacuated the district under the deal.") == 2000
    assert numbers().killed("Some 2,000 fighters evacuated the district under the deal.") is None


def test_number_words() -> None:
    n = numbers()
    assert n.word_value("two hundred and ten") == 210
    assert n.word_value("fifty-six") == 56
    assert n.word_value("three thousand") == 3000
    assert n.word_value("banana") is None
