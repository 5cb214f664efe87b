"""orbat's own accuracy figures on hand-made gold and predictions."""

from __future__ import annotations

from orbat.eval.metrics import align_actors, evaluate, same_date, same_place


def test_alignment_by_shared_surfaces():
    gold = [{"id": "a", "surface": ["Army of Islam", "Jaysh al-Islam"]}, {"id": "b", "surface": ["Turkey"]}]
    pred = [{"id": "x", "surface": ["the Army of Islam"]}, {"id": "y", "surface": ["Ankara's army"]}]
    assert align_actors(gold, pred) == {"x": "a"}


def test_symmetric_relations_and_negation():
    doc = {"doc_id": "d", "gold": {"actors": [{"id": "a", "surface": ["Alpha"]}, {"id": "b", "surface": ["Beta"]}],
                                   "relations": [{"type": "fights", "subject": "a", "object": "b", "negated": False},
                                                 {"type": "backs", "subject": "a", "object": "b", "negated": True}],
                                   "events": [], "control": []}}
    pred = {"doc_id": "d", "actors": [{"id": "p", "surface": ["Alpha"]}, {"id": "q", "surface": ["Beta"]}],
            "relations": [{"type": "fights", "subject": "q", "object": "p"},
                          {"type": "backs", "subject": "p", "object": "q", "negated": False}]}
    r = evaluate([doc], {"d": pred})
    assert (r["relations"]["tp"], r["relations"]["fp"], r["relations"]["fn"]) == (1, 1, 1)
    assert r["actors"]["f1"] == 1.0


def test_place_and_date_tolerance():
    assert same_place("Deir al-Zor", "Deir al-Zor city")
    assert same_place("al-Raqqa", "Raqqa")
    assert not same_place("Homs", "Hama")
    assert same_date({"date": "2016-01-10", "date_precision": "week"}, {"date": "2016-01-15"})
    assert not same_date({"date": "2016-01-10", "date_precision": "day"}, {"date": "2016-01-11"})
    assert same_date({"date": "2016-01-10", "date_precision": "month"}, {"date": "2016-01-30"})
