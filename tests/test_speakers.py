"""Who says it: the author, a quoted or reported source, or a reader comment."""

from __future__ import annotations

import pytest

from relations_support import claims, findings

BACKS = ("backs", "turkey", "ahrar_al_sham")

REPORTED = [
    ("According to the Syrian Observatory, Turkey arms Ahrar al-Sham.", "quoted:Syrian Observatory"),
    ("SANA said that Turkey arms Ahrar al-Sham.", "quoted:SANA"),
    ("A rebel commander told Reuters that Turkey arms Ahrar al-Sham.", "quoted:rebel commander"),
    ("Russia accused Turkey of arming Ahrar al-Sham.", "quoted:Russia"),
    ('The commander said: "Turkey arms Ahrar al-Sham, and everyone knows it."', "quoted:commander"),
    ('"Turkey has armed Ahrar al-Sham," the commander said.', "quoted:commander"),
    ("Turkey, local activists say, has armed Ahrar al-Sham for years.", "quoted:local activists"),
    ("The ministry described the shelling as proof that Turkey supports Ahrar al-Sham.", "quoted:ministry"),
    ("The envoy said the raid led to one conclusion, namely that Turkey is defending Ahrar al-Sham.",
     "quoted:envoy"),
    ("An army officer told SANA that Ahrar al-Sham, armed by Turkey, had crossed the border.", "quoted:army officer"),
]


def test_author_by_default():
    assert claims("Turkey has armed Ahrar al-Sham since 2012.")[BACKS].speaker == "author"


@pytest.mark.parametrize("sentence,speaker", REPORTED)
def test_reported_source(sentence, speaker):
    assert claims(sentence)[BACKS].speaker == speaker


def test_quote_spanning_sentences_belongs_to_its_source():
    got = claims('"Turkey arms Ahrar al-Sham. Qatar funds the Hamza Division too," the commander said. '
                 "The Hamza Division denied it.")
    assert got[BACKS].speaker == "quoted:commander"
    assert got[("backs", "qatar", "hamza_division")].speaker == "quoted:commander"


def test_text_after_a_quote_is_the_author_again():
    got = claims('"We fight on," the commander said. Qatar has funded the Hamza Division since 2014.')
    assert got[("backs", "qatar", "hamza_division")].speaker == "author"


def test_description_of_the_source_is_the_authors():
    got = claims("Zahran Alloush, the leader of Jaysh al-Islam, said the talks had failed.")
    assert got[("leads", "zahran_alloush", "jaysh_al_islam")].speaker == "author"


def test_relative_clause_inside_reported_speech_is_the_authors():
    got = claims("Russian officials said that the Hamza Division, which is armed by Turkey, must leave the talks.")
    assert got[("backs", "turkey", "hamza_division")].speaker == "author"


def test_reader_comment_is_the_commenters():
    f = findings("Nothing was agreed.", comments=[("c7", "Turkey has armed Ahrar al-Sham since day one.")])
    claim = next(r for r in f.relations if r.type == "backs")
    assert claim.evidence.speaker == "commenter:c7"


def test_comment_quoting_a_source_is_the_sources():
    f = findings("Nothing was agreed.", comments=[("c8", "SANA said that Turkey arms Ahrar al-Sham.")])
    claim = next(r for r in f.relations if r.type == "backs")
    assert claim.evidence.speaker == "quoted:SANA"


def test_naming_members_is_a_statement_of_the_namer():
    got = claims("The spokesman named the Hamza Division and Ahrar al-Sham as members of the Islamic Front.")
    assert got[("member_of", "ahrar_al_sham", "islamic_front")].speaker == "quoted:spokesman"



def test_according_to_inside_an_aside_sources_only_the_aside():
    """A parse (given by hand) where "according to" hangs in a relative clause of an apposition."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from orbat.annotate.modality import Modality

    words = ["Turkey", "armed", "them", ",", "a", "move", "Assad", "exploited", ",", "according", "to", "aides"]
    heads = [1, 1, 1, 1, 5, 1, 7, 5, 7, 7, 9, 10]
    deps = ["nsubj", "ROOT", "dobj", "punct", "det", "npadvmod", "nsubj", "relcl", "punct", "prep", "prep", "pobj"]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps)
    assert Modality._aside_elsewhere(doc[9], doc[1])  # the aside's source is not the arming's
    assert not Modality._aside_elsewhere(doc[9], doc[7])


def test_partnership_of_coordinated_attackers_is_the_writers():
    got = claims("Local activists reported that the Syrian army and Hezbollah stormed the hilltop village.")
    assert got[("ally_of", "hezbollah", "syria_government")].speaker == "author"
