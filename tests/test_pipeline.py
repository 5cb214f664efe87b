"""The whole flow on documents written for these tests: read → annotate → predictions."""

from __future__ import annotations

from orbat.eval.predictions import prediction
from orbat.model import Comment, Document


def _doc(body: str, comments: list[Comment] | None = None, published: str = "2016-03-14") -> Document:
    return Document(body=body, title="Test report", published=published, comments=comments or [], doc_id="t1")


def test_actors_found_under_their_names(annotator):
    f = annotator.annotate(_doc("Fighters of Jaish al-Islam and the Army of Islam's allies met near Douma."))
    ids = {a.id for a in f.actors}
    assert "jaysh_al_islam" in ids
    surf = next(a for a in f.actors if a.id == "jaysh_al_islam").surfaces
    assert any("Jaish al-Islam" in s for s in surf) and any("Army of Islam" in s for s in surf)


def test_short_acronym_only_matches_in_capitals(annotator):
    f = annotator.annotate(_doc("They told us the ISIS convoy left at dawn."))
    ids = {a.id for a in f.actors}
    assert "islamic_state" in ids
    assert "usa" not in ids  # "us" is a pronoun, not the United States


def test_comment_claims_belong_to_the_commenter(annotator):
    c = Comment(id="c7", parent=None, author="reader", date=None, text="Qatar has armed Ahrar al-Sham for years, everyone knows it.")
    f = annotator.annotate(_doc("A quiet week on the northern front.", [c]))
    rel = [r for r in f.relations if r.type == "backs" and r.subject == "qatar"]
    assert rel, f.relations
    assert rel[0].speaker == "commenter:c7"
    assert rel[0].evidence.segment == "comment:c7"


def test_evidence_points_at_the_sentence(annotator):
    body = "The weather was mild. Turkey backs the Free Syrian Army in the north."
    f = annotator.annotate(_doc(body))
    rel = next(r for r in f.relations if r.type == "backs")
    ev = rel.evidence
    assert body[ev.start:ev.end] == ev.sentence
    assert ev.sentence.startswith("Turkey backs")


def test_prediction_line_has_the_format_fields(annotator):
    f = annotator.annotate(_doc("Russian jets bombed rebel positions in Idlib on Sunday."))
    p = prediction(f)
    assert p["doc_id"] == "t1"
    assert set(p) >= {"actors", "relations", "events", "control", "document"}
    assert p["document"]["body"].startswith("Russian jets")
    ev = p["events"][0]
    assert ev["type"] == "Explosions/Remote violence"
    assert ev["date"] == "2016-03-13"  # the Sunday before a Monday publication
