"""The HTML reader: body, metadata and the reader thread from each common comment markup."""

from __future__ import annotations

import lxml.html

from orbat.read import read_html
from orbat.read.html import page_date
from readers_support import load


def by_id(doc):
    return {c.id: c for c in doc.comments}


def test_wordpress_thread_nesting_authors_dates():
    doc = read_html(load("wp_thread.html"))
    c = by_id(doc)
    assert list(c) == ["101", "102", "103", "104"]
    assert c["101"].parent is None
    assert c["102"].parent == "101"
    assert c["103"].parent == "102"
    assert c["104"].parent is None
    assert c["102"].author == "Marta"
    assert c["104"].date.startswith("2016-12-01")


def test_multi_paragraph_comment_kept_whole():
    doc = read_html(load("wp_thread.html"))
    text = by_id(doc)["101"].text
    assert "far worse for the defenders" in text
    assert "never as well fortified as the north" in text
    assert "Reply" not in text and "says:" not in text


def test_no_comment_text_in_body():
    for name in ("wp_thread.html", "disqus.html", "forum.html", "nodate_comments.html"):
        doc = read_html(load(name))
        assert doc.comments, name
        for c in doc.comments:
            first_words = " ".join(c.text.split()[:6])
            assert first_words not in doc.body, (name, c.id)


def test_metadata_title_without_outlet_suffix():
    doc = read_html(load("wp_thread.html"))
    assert doc.title == "Loyalist forces push into Sheikh Saeed"
    assert doc.outlet == "Frontline Notes"
    assert doc.published == "2016-11-30"
    assert doc.author == "Nadia Farouk"
    assert doc.body.startswith("Government troops and allied militias")
    assert "Leave a Reply" not in doc.body


def test_title_suffix_stripped_from_title_tag():
    raw = (
        "<html><head><title>Truce talks resume | Some Outlet</title></head><body><p>"
        + "word " * 40
        + "</p></body></html>"
    )
    assert read_html(raw).title == "Truce talks resume"


def test_date_found_with_comments_removed():
    # the article shows no date; its comments do. The page date must not be a comment's.
    doc = read_html(load("nodate_comments.html"))
    assert doc.published is None
    assert {c.date[:10] for c in doc.comments if c.date} == {"2016-03-04", "2016-03-05"}


def test_date_from_url_when_markup_has_none():
    doc = read_html(load("nodate_comments.html"), url="https://x.example/2016/03/02/raqqa-push")
    assert doc.published == "2016-03-02"


def test_given_published_wins():
    assert read_html(load("wp_thread.html"), published="2016-12-02").published == "2016-12-02"


def test_date_from_json_ld_and_byline():
    ld = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2016-05-03T10:00:00Z"}'
        "</script></head><body><p>text</p></body></html>"
    )
    assert page_date(lxml.html.document_fromstring(ld)) == "2016-05-03"
    byline = "<html><body><p>Posted on 4 June 2016 by a reporter</p><p>words</p></body></html>"
    assert page_date(lxml.html.document_fromstring(byline)) == "2016-06-04"


def test_generic_comment_divs_nest():
    c = by_id(read_html(load("nodate_comments.html")))
    assert c["8"].parent == "7" and c["9"].parent is None
    assert c["7"].author == "Hassan"
    assert "Ruth" not in c["7"].text  # a reply is not part of its parent's text


def test_disqus_thread():
    doc = read_html(load("disqus.html"))
    c = by_id(doc)
    assert c["502"].parent == "501" and c["503"].parent is None
    assert c["501"].author == "lena_m"
    assert c["501"].date.startswith("2016-01-12")
    assert doc.title == "Aid convoy reaches Madaya after months of siege"
    assert doc.author == "Peter Lund"
    assert not doc.body.startswith("12 January")


def test_forum_table_reply_to():
    doc = read_html(load("forum.html"))
    c = by_id(doc)
    assert [x.author for x in doc.comments] == ["Samir", "Greta", "Abdel"]
    assert c["2"].parent == "1" and c["3"].parent is None
    assert "Quote from" not in c["2"].text
    assert doc.published == "2016-02-04"


def test_old_wordpress_markup_without_content_wrapper():
    raw = """<html><body><article><h1>Head</h1><p>The body of the article is here and long enough to keep.</p></article>
    <ol class="comment-list">
      <li class="comment" id="li-comment-1"><div id="div-comment-1" class="comment-body">
        <div class="comment-author vcard"><cite class="fn">Ali</cite> <span class="says">says:</span></div>
        <div class="comment-meta commentmetadata">June 1, 2016 at 9:00 am</div>
        <p>First reader view on the matter.</p><div class="reply">Reply</div></div>
        <ul class="children"><li class="comment" id="li-comment-2"><div id="div-comment-2" class="comment-body">
          <div class="comment-author vcard"><cite class="fn">Bea</cite></div>
          <p>A reply to the first view.</p></div></li></ul>
      </li>
    </ol></body></html>"""
    doc = read_html(raw)
    c = by_id(doc)
    assert c["1"].text == "First reader view on the matter."
    assert c["2"].parent == "1"
    assert c["1"].author == "Ali"
    assert c["1"].date.startswith("2016-06-01")


def test_truncated_html_still_reads():
    raw = load("wp_thread.html")
    cut = raw[: raw.index("The advance follows") + 60]
    doc = read_html(cut)
    assert "Sheikh Saeed quarter" in doc.body
    assert doc.title == "Loyalist forces push into Sheikh Saeed"


def test_flat_list_parents_from_data_attributes_and_mentions():
    doc = read_html(load("flat_list.html"))
    assert [(c.id, c.parent, c.author) for c in doc.comments] == [
        ("11", None, "alpha"),
        ("12", "11", "beta"),
        ("13", "11", "gamma"),
    ]


def test_sidebar_date_does_not_win_over_article():
    doc = read_html(load("flat_list.html"))
    assert doc.published == "2017-03-24"
    assert "Published" not in doc.body and "Old story" not in doc.body


def test_related_posts_list_is_no_thread():
    doc = read_html(load("related_posts.html"))
    assert doc.comments == []
    assert doc.body.startswith("Government forces shelled")
