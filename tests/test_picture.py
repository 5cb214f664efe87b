"""The picture through the Python API (`orbat.open`) and the CLI commands."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from typer.testing import CliRunner

import orbat
from orbat.store import Store
from orbat.views.cli import app
from picture_fixtures import ALEPPO, PALMYRA, Doc

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'pic.db'}"
    with Store.open(url) as s:
        a = Doc("a", "2016-01-10", "Wire A")
        a.relation("fights", "jabhat_al_nusra", "islamic_state", "Nusra fighters clashed with IS.")
        a.event("Armed clash", "Nusra and IS fought near Aleppo; 5 died.", ALEPPO, "2016-01-09",
                actor1="jabhat_al_nusra", actor2="islamic_state", fatalities=5)
        a.holds("islamic_state", PALMYRA, "2016-01-10", "IS holds Palmyra.")
        b = Doc("b", "2016-03-01", "Paper B")
        b.relation("backs", "usa", "jaysh_al_islam", "Washington arms the Army of Islam.")
        b.relation("backs", "usa", "jaysh_al_islam", "US officials deny arming the group.", negated=True)
        b.event("Armed clash", "Six were killed in fighting at Aleppo between Nusra and IS.", ALEPPO, "2016-01-09",
                actor1="islamic_state", actor2="jabhat_al_nusra", fatalities=6)
        s.save(a.findings())
        s.save(b.findings())
    return url


def test_python_api_returns_frames(db: str) -> None:
    with orbat.open(db) as pic:
        net = pic.network(as_of="2016-02-01", background=False)
        assert isinstance(net.edges, pd.DataFrame) and list(net.edges["type"]) == ["fights"]
        assert set(net.nodes["id"]) == {"jabhat_al_nusra", "islamic_state"}
        g = net.to_networkx()
        assert isinstance(g, nx.MultiDiGraph) and g.number_of_edges() == 1
        ev = pic.events()
        assert len(ev) == 1 and ev.iloc[0]["n_sources"] == 2 and ev.iloc[0]["fatalities"] == 5
        assert len(pic.events(bbox=(38.0, 34.0, 39.0, 35.0))) == 0
        rel = pic.relations()
        assert bool(rel.set_index("type").loc["backs", "contradiction"])
        ctl = pic.control(as_of="2016-02-01")
        assert list(ctl["actor"]) == ["islamic_state"]
        prof = pic.profile("islamic_state")
        assert prof["events"] == 1 and prof["holds"][0]["place"] == "Palmyra"


def test_cli_network_as_of_json(db: str) -> None:
    r = runner.invoke(app, ["network", "--as-of", "2016-02-01", "--json", "--no-background", "--db", db])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["as_of"] == "2016-02-01" and [e["type"] for e in data["edges"]] == ["fights"]
    r = runner.invoke(app, ["network", "--db", db], env={"COLUMNS": "250"})
    assert r.exit_code == 0 and "CONTRADICTED" in r.output


def test_cli_fuse_picture_and_corrections(db: str, tmp_path: Path) -> None:
    r = runner.invoke(app, ["fuse", "--db", db, "--json"])
    assert r.exit_code == 0 and json.loads(r.output)["created"] == 1
    r = runner.invoke(app, ["picture", "events", "--db", db, "--json"])
    [e] = json.loads(r.output)
    fact = e["sources"][0]["fact"]
    r = runner.invoke(app, ["correct", "edit-event", fact, "fatalities", "7", "--who", "tester", "--db", db])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["picture", "events", "--db", db], env={"COLUMNS": "250"})
    assert r.exit_code == 0 and "7 (5/6)" in r.output
    r = runner.invoke(app, ["picture", "relations", "--claims", "--db", db, "--json"])
    key = next(c["fact"] for c in json.loads(r.output) if c["negated"])
    assert runner.invoke(app, ["correct", "reject-fact", key, "--db", db]).exit_code == 0
    r = runner.invoke(app, ["picture", "contradictions", "--db", db])
    assert "no contradictions" in r.output
    r = runner.invoke(app, ["corrections", "--db", db, "--json"])
    rows = json.loads(r.output)
    assert [x["kind"] for x in rows] == ["edit_event", "reject_fact"] and rows[0]["who"] == "tester"
    r = runner.invoke(app, ["correct", "reject-fact", "a#rnothing", "--db", db])
    assert r.exit_code == 2 and "E070" in r.output
    r = runner.invoke(app, ["picture", "timeline", "Palmyra", "--db", db])
    assert r.exit_code == 0 and "islamic_state" in r.output
    r = runner.invoke(app, ["picture", "control", "--db", db, "--as-of", "2016-02-01"])
    assert r.exit_code == 0 and "Palmyra" in r.output


def test_cli_export_every_format(db: str, tmp_path: Path) -> None:
    for fmt, name in (("acled-csv", "e.csv"), ("geojson", "e.geojson"), ("gexf", "n.gexf"),
                      ("graphml", "n.graphml"), ("plover", "e.json")):
        out = tmp_path / name
        r = runner.invoke(app, ["export", fmt, "-o", str(out), "--db", db, "--as-of", "2016-12-31"])
        assert r.exit_code == 0, r.output
        assert out.stat().st_size > 0
    r = runner.invoke(app, ["export", "shapefile", "-o", str(tmp_path / "x"), "--db", db])
    assert r.exit_code == 2 and "E072" in r.output
