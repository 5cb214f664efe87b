"""The corpus reader reads only what a crawler would have (raw, format, published, outlet...)."""

from __future__ import annotations

import json

from orbat.errors import ReadError
from orbat.read import document_dict, read_corpus_line, read_paths
from readers_support import load

POISON = "POISONED FIELD THE READER MUST NOT SEE"


def line(doc_id, fmt, raw, published=None, **extra):
    d = {
        "doc_id": doc_id,
        "format": fmt,
        "raw": raw,
        "published": published,
        "outlet": "Test Outlet",
        "outlet_kind": "wire",
        "text": POISON,
        "title": POISON,
        "author": POISON,
        "comments": [{"id": "x", "parent": None, "author": POISON, "text": POISON}],
        "gold": {"actors": [POISON]},
    }
    d.update(extra)
    return d


def test_reads_raw_only():
    doc = read_corpus_line(line("t1", "text", load("says_thread.txt"), "2016-02-16"))
    flat = json.dumps(doc.to_dict())
    assert POISON not in flat
    assert doc.doc_id == "t1" and doc.outlet == "Test Outlet" and doc.outlet_kind == "wire"
    assert doc.published == "2016-02-16"  # the line's date wins
    assert len(doc.comments) == 3


def test_published_from_page_when_line_has_none():
    doc = read_corpus_line(line("h1", "html", load("wp_thread.html"), None))
    assert doc.published == "2016-11-30"
    assert [c.parent for c in doc.comments] == [None, "101", "102", None]


def test_bad_lines_yield_errors_and_others_are_read(tmp_path):
    p = tmp_path / "mini.jsonl"
    good = json.dumps(line("ok1", "text", load("wire.txt")))
    good2 = json.dumps(line("ok2", "html", load("disqus.html")))
    no_raw = json.dumps({"doc_id": "bad", "format": "text"})
    p.write_text("\n".join([good, "{not json", "[1, 2]", no_raw, good2]) + "\n", encoding="utf-8")
    out = list(read_paths([p]))
    docs = [d for d in out if not isinstance(d, ReadError)]
    errs = [d for d in out if isinstance(d, ReadError)]
    assert [d.doc_id for d in docs] == ["ok1", "ok2"]
    assert [e.code.name for e in errs] == ["E007", "E007", "E008"]
    assert all(str(p) in str(e) for e in errs)
    assert "line 2" in str(errs[0]) and "'raw'" in str(errs[2])


def test_document_dict_shape():
    doc = read_corpus_line(line("h2", "html", load("wp_thread.html")))
    d = document_dict(doc)
    assert set(d) == {"title", "author", "published", "body", "comments"}
    assert set(d["comments"][0]) == {"id", "parent", "author", "text"}
    assert d["comments"][1]["parent"] == d["comments"][0]["id"]
