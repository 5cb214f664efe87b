"""Relations in prediction lines: one per speaker, as the annotation guidelines count them."""

from __future__ import annotations

from orbat.eval.predictions import relation_dicts
from orbat.model import Document, Evidence, Findings, RelationClaim


def _claim(rtype, s, o, speaker="author", negated=False):
    return RelationClaim(rtype, s, o, Evidence("body", "A sentence.", 0, 11, speaker=speaker, negated=negated))


def _findings(*claims):
    return Findings(document=Document(body="x", doc_id="d1"), relations=list(claims))


def test_same_claim_same_speaker_once():
    got = relation_dicts(_findings(_claim("backs", "turkey", "fsa"), _claim("backs", "turkey", "fsa")))
    assert len(got) == 1


def test_symmetric_claim_in_either_order_once():
    got = relation_dicts(_findings(_claim("fights", "isis", "sdf"), _claim("fights", "sdf", "isis")))
    assert len(got) == 1


def test_each_speaker_keeps_its_claim():
    got = relation_dicts(_findings(
        _claim("backs", "turkey", "fsa"),
        _claim("backs", "turkey", "fsa", speaker="commenter:c1"),
        _claim("backs", "turkey", "fsa", speaker="quoted:SANA"),
        _claim("backs", "turkey", "fsa", speaker="quoted:the SANA"),
        _claim("backs", "turkey", "fsa", speaker="quoted:Reuters"),
    ))
    assert sorted(r["speaker"] for r in got) == ["author", "commenter:c1", "quoted:Reuters", "quoted:SANA"]


def test_assertion_and_denial_both_kept():
    got = relation_dicts(_findings(_claim("backs", "turkey", "fsa"), _claim("backs", "turkey", "fsa", negated=True)))
    assert sorted(r["negated"] for r in got) == [False, True]


def test_battles_between_two_actors_are_fights():
    from orbat.model import EventClaim

    ev = Evidence("body", "Rebels attacked the army.", 0, 25)
    quoted = Evidence("body", "Rebels hit the militia, SOHR said.", 26, 60, speaker="quoted:SOHR")
    f = _findings()
    f.events = [EventClaim("Battles", "Armed clash", ev, actor1="rebels", actor2="army"),
                EventClaim("Battles", "Armed clash", ev, actor1="army", actor2="rebels"),
                EventClaim("Battles", "Armed clash", quoted, actor1="rebels", actor2="militia"),
                EventClaim("Violence against civilians", "Attack", ev, actor1="army", actor2="civilians"),
                EventClaim("Strategic developments", "Agreement", ev, actor1="army", actor2="rebels")]
    got = relation_dicts(f)
    assert [(r["type"], r["subject"], r["object"], r["speaker"]) for r in got] == [
        ("fights", "rebels", "army", "author")]
