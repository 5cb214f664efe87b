"""The text reader: title, byline, date, boilerplate and the thread rebuilt from layout."""

from __future__ import annotations

from orbat.read import read_text
from readers_support import load


def by_id(doc):
    return {c.id: c for c in doc.comments}


def test_numbered_indented_thread():
    doc = read_text(load("numbered_thread.txt"))
    assert [(c.id, c.parent) for c in doc.comments] == [
        ("c1", None),
        ("c2", None),
        ("c2_1", "c2"),
        ("c2_1_1", "c2_1"),
    ]


def test_multi_paragraph_comment_whole():
    c2 = by_id(read_text(load("numbered_thread.txt")))["c2"]
    assert "who will govern the town afterwards" in c2.text
    assert "rather than a liberation" in c2.text
    assert "Manbij Military Council" not in c2.text  # the reply stays apart


def test_header_and_boilerplate():
    doc = read_text(load("numbered_thread.txt"))
    assert doc.title == "Kurdish fighters cross the Euphrates toward Manbij"
    assert doc.author == "Amira Jansen"
    assert doc.published == "2016-06-02"
    assert doc.body.startswith("Fighters of the Syrian Democratic Forces")
    for junk in (
        "Share this",
        "Twitter",
        "Responses",
        "Comments are closed",
        "Home | About",
        "Ridge Line Blog",
    ):
        assert junk not in doc.body
    for c in doc.comments:
        assert " ".join(c.text.split()[:5]) not in doc.body


def test_says_thread_with_dates_and_reply_lines():
    doc = read_text(load("says_thread.txt"))
    c = by_id(doc)
    assert [(x.author, x.parent) for x in doc.comments] == [
        ("borderlands", None),
        ("Ece T.", "c1"),
        ("Walt", None),
    ]
    assert c["c1"].date == "2016-02-15T08:02"
    assert c["c2"].date == "2016-02-16T18:45"
    for x in doc.comments:
        assert "Reply" not in x.text and "says:" not in x.text and "Email" not in x.text
    assert doc.author == "K. Demir" and doc.published == "2016-02-15"
    assert "Categories" not in doc.body and "Tags" not in doc.body


def test_author_pipe_date_headers_and_at_mentions():
    doc = read_text(load("pipe_thread.txt"))
    assert [(x.author, x.parent) for x in doc.comments] == [
        ("Dmitri_V", None),
        ("Laila", "c1"),
        ("Hugo B.", "c1"),
    ]
    assert all("Like (" not in x.text for x in doc.comments)
    assert doc.published == "2016-03-27"
    assert "Subscribe" not in doc.comments[-1].text


def test_wire_dateline_takes_year_from_page():
    doc = read_text(load("wire.txt"))
    assert doc.published == "2015-12-09"
    assert doc.title == "Rebels and families leave Homs district of Waer under deal"
    assert doc.body.startswith("HOMS, Dec 9")
    assert "Reporting by" not in doc.body and "All rights reserved" not in doc.body
    assert doc.comments == []


def test_numbered_body_paragraphs_are_not_comments():
    raw = (
        "Monitor bulletin\n\nOvernight events in Hama countryside\n\n"
        "1) Clashes continued near Suran between government forces and rebel factions, with casualties on both sides reported.\n\n"
        "2) Warplanes struck the town of Latamneh several times during the night, according to local sources on the ground.\n\n"
        "(c) 2016 Monitor\n"
    )
    doc = read_text(raw)
    assert doc.comments == []
    assert "Latamneh" in doc.body and "Suran" in doc.body
    assert doc.title == "Overnight events in Hama countryside"


def test_flat_forum_reply_to_number():
    raw = (
        "Some headline about a siege\n\n"
        "The siege of the town entered its fifth month on Monday, residents said in messages sent to reporters.\n\n"
        "Readers' comments\n\n"
        "#1 Rami | 2016-05-01 10:00\nThe siege will not hold through the summer.\n\n"
        "#2 Noor | 2016-05-01 11:00\nIn reply to #1:\nIt has held through worse.\n\n"
        "#3 Jo | 2016-05-01 12:00\nSeparate point about the aid convoys entirely.\n"
    )
    doc = read_text(raw)
    assert [(c.author, c.parent) for c in doc.comments] == [("Rami", None), ("Noor", "c1"), ("Jo", None)]
    assert doc.comments[1].text == "It has held through worse."


def test_no_date_shown_gives_none():
    raw = (
        "A headline without a date\n\nBy Someone\n\n"
        + "Plain prose sentence that goes on for a while here. " * 3
        + "\n"
    )
    doc = read_text(raw)
    assert doc.published is None and doc.author == "Someone"


def test_subheading_is_not_a_thread_and_relative_time_headers():
    doc = read_text(load("reltime_thread.txt"))
    assert "Wadi Barada" in doc.body  # the body goes on past its "Discussion" subheading
    assert [(c.author, c.parent) for c in doc.comments] == [
        ("Abu Firas", None),
        ("Mona K", "c1"),
        ("Abu Firas", "c1_1"),
        ("Greg", None),
    ]
    assert all("ago" not in c.text and "Reply" not in c.text for c in doc.comments)
    assert doc.published == "2017-01-24" and doc.author == "Lena Kraus"


def test_sentence_like_tagline_stays_in_header():
    doc = read_text(load("tagline.txt"))
    assert doc.title == "Barrel bombs hit market in Maarat al-Numan"
    assert doc.body.startswith("At least twenty people")
    assert "Independent journalism" not in doc.body
    assert doc.published == "2016-06-12"


def test_name_over_date_headers_and_headerless_comments():
    doc = read_text(load("name_over_date.txt"))
    assert [(c.author, c.date, c.parent) for c in doc.comments] == [
        ("Tariq M", "2017-03-18T09:14", None),
        ("Nour", "2017-03-18T11:20", None),
        (None, None, None),
    ]
    assert doc.comments[2].text.startswith("Another headerless comment")
    assert "Residents of the Waer district" in doc.body and "Tariq" not in doc.body


def test_trailing_published_stamp_is_metadata():
    raw = (
        "Headline on the Tabqa dam\n\n"
        "Fighting continued near the dam on Friday as the alliance pushed towards the airbase, commanders said.\n\n"
        "Published: 24 March 2017\n"
    )
    doc = read_text(raw)
    assert doc.published == "2017-03-24"
    assert "Published" not in doc.body
