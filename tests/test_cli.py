"""The command line end to end on reports written for these tests, in a temporary store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orbat.views.cli import app

runner = CliRunner()

WIRE = """Aleppo, March 3 (Test Wire) - Syrian government forces retook the village of Khan Tuman on Wednesday,
a military source said. Turkey backs the Free Syrian Army, which holds the nearby town of Azaz.
"""

PAGE = """<html><head><title>Raids continue | Test Daily</title>
<meta property="article:published_time" content="2016-03-05T10:00:00Z"></head><body>
<article><h1>Raids continue</h1><p>Russian warplanes struck Islamic State positions near Palmyra on Friday,
killing at least 12 fighters, according to the monitoring group.</p>
<p>Iran supports the Syrian government with advisers and money, officials in Tehran said.</p></article>
<ol class="commentlist"><li class="comment" id="comment-1"><div class="comment-author">anon</div>
<div class="comment-content"><p>Hezbollah fights alongside the army in that area.</p></div></li></ol>
</body></html>"""


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    d = tmp_path / "reports"
    d.mkdir()
    (d / "wire.txt").write_text(WIRE, encoding="utf-8")
    (d / "page.html").write_text(PAGE, encoding="utf-8")
    (d / "broken.html").write_bytes(b"\x00\x01\x02binary\x00")
    return d


def _json(args: list[str]):
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_ingest_twice_changes_nothing(reports: Path, tmp_path: Path):
    db = f"sqlite:///{tmp_path / 'o.db'}"
    r1 = runner.invoke(app, ["ingest", str(reports), "--db", db])
    assert r1.exit_code == 0, r1.output
    assert "broken.html" in r1.output  # the bad file is named, the batch went on
    first = {k: _json([k, "--db", db, "--json"]) for k in ("actors", "relations", "events", "control")}
    assert first["events"], "the reports describe events"
    r2 = runner.invoke(app, ["ingest", str(reports), "--db", db])
    assert r2.exit_code == 0
    assert "0 new" in r2.output
    again = {k: _json([k, "--db", db, "--json"]) for k in ("actors", "relations", "events", "control")}
    assert again == first


def test_show_and_doc(reports: Path, tmp_path: Path):
    db = f"sqlite:///{tmp_path / 'o.db'}"
    runner.invoke(app, ["ingest", str(reports), "--db", db])
    prof = _json(["show", "russia", "--db", db, "--json"])
    assert prof["id"] == "russia"
    assert any(e["evidence"]["sentence"].startswith("Russian warplanes") for e in prof["events"])
    docs = _json(["doc", "--list", "--db", db, "--json"])
    assert len(docs) == 2
    one = _json(["doc", docs[0]["key"], "--db", db, "--json"])
    assert one["body"]
    missing = runner.invoke(app, ["show", "no_such_actor", "--db", db])
    assert missing.exit_code == 2 and "E021" in missing.output


def test_as_of_filters_events(reports: Path, tmp_path: Path):
    db = f"sqlite:///{tmp_path / 'o.db'}"
    runner.invoke(app, ["ingest", str(reports), "--db", db])
    before = _json(["events", "--db", db, "--as-of", "2015-12-31", "--json"])
    after = _json(["events", "--db", db, "--as-of", "2016-12-31", "--json"])
    assert before == [] and len(after) >= 1


def test_extract_and_eval_agree(tmp_path: Path):
    line = {"doc_id": "x1", "format": "text", "published": "2016-05-02", "outlet": "Test",
            "raw": "Saudi Arabia backs Jaysh al-Islam. Russian jets bombed Douma on Sunday.",
            "gold": {"actors": [{"id": "saudi_arabia", "type": "state", "surface": ["Saudi Arabia"]},
                                {"id": "jaysh_al_islam", "type": "armed_group", "surface": ["Jaysh al-Islam"]}],
                     "relations": [{"type": "backs", "subject": "saudi_arabia", "object": "jaysh_al_islam",
                                    "negated": False, "hedged": False, "speaker": "author"}],
                     "events": [], "control": []}}
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps(line) + "\n", encoding="utf-8")
    pred = tmp_path / "p.jsonl"
    r = runner.invoke(app, ["extract", str(corpus), "-o", str(pred)])
    assert r.exit_code == 0, r.output
    p = json.loads(pred.read_text().splitlines()[0])
    assert p["doc_id"] == "x1"
    res = _json(["eval", str(corpus), "--json"])
    assert res["relations"]["tp"] == 1
    assert res["actors"]["fn"] == 0
