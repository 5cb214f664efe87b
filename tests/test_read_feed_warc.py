"""Feeds (one Document per entry) and WARC archives (one per HTML response record)."""

from __future__ import annotations

import io

from orbat.errors import ReadError
from orbat.read import read_file, read_paths
from readers_support import FIXTURES, load


def test_rss_entries(tmp_path):
    docs = read_file(FIXTURES / "feed.xml")
    assert [d.title for d in docs] == [
        "Jaish al-Fatah seizes Jisr al-Shughour",
        "Russian jets strike near Talbiseh",
    ]
    assert docs[0].published == "2015-04-25" and docs[1].published == "2015-09-30"
    assert docs[0].url.endswith("/jisr") and docs[0].outlet == "Orontes Daily"
    assert "<p>" not in docs[0].body and "Ahrar al-Sham" in docs[0].body
    assert "\n\n" in docs[0].body  # paragraphs survive the markup


def test_bad_feed_is_an_error(tmp_path):
    p = tmp_path / "broken.rss"
    p.write_text("plain words, no feed markup at all", encoding="utf-8")
    (err,) = list(read_paths([p]))
    assert isinstance(err, ReadError) and err.code.name == "E006" and "broken.rss" in str(err)
    empty = tmp_path / "empty.rss"
    empty.write_text('<rss version="2.0"><channel><title>x</title></channel></rss>', encoding="utf-8")
    assert list(read_paths([empty])) == []


def _warc(path, pages):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for url, ctype, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.0")
            w.write_record(
                w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            )


def test_warc_html_records_only(tmp_path):
    p = tmp_path / "crawl.warc.gz"
    _warc(p, [
        ("https://news.example/2016/11/30/sheikh-saeed", "text/html; charset=utf-8", load("wp_thread.html").encode()),
        ("https://news.example/logo.png", "image/png", b"\x89PNG\r\n"),
        ("https://news.example/madaya", "text/html", load("disqus.html").encode()),
    ])  # fmt: skip
    docs = read_file(p)
    assert [d.url for d in docs] == [
        "https://news.example/2016/11/30/sheikh-saeed",
        "https://news.example/madaya",
    ]
    assert all(d.format == "warc" for d in docs)
    assert len(docs[0].comments) == 4 and docs[1].comments[1].parent == docs[1].comments[0].id


def test_not_a_warc(tmp_path):
    p = tmp_path / "fake.warc"
    p.write_text("this is not an archive at all", encoding="utf-8")
    (err,) = list(read_paths([p]))
    assert isinstance(err, ReadError) and err.code.name == "E006"
