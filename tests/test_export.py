"""Every export is read back by a real reader of its format."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest

from orbat.errors import OrbatError
from orbat.store import Store
from orbat.views.export import export
from orbat.views.export.acled import COLUMNS
from picture_fixtures import (
    ALEPPO,
    ALEPPO_NEAR,
    PALMYRA,
    Doc,
    url,  # noqa: F401 - the store URL fixture
)

ACLED_HEADER = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
                "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
                "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,"
                "fatalities,tags,timestamp")


@pytest.fixture
def store(url: str):  # noqa: F811 - `url` is the fixture imported above
    s = Store.open(url)
    a = Doc("wire-1", "2016-02-03", "Example Wire")
    a.event("Air/drone strike", "Jets struck a bakery in Aleppo, killing 7.", ALEPPO, "2016-02-02",
            type="Explosions/Remote violence", actor1="russia", fatalities=7)
    a.relation("backs", "russia", "syria_government", "Russian jets support the army.", kind="air_support")
    a.relation("fights", "jabhat_al_nusra", "islamic_state", "Nusra and IS clashed again.")
    a.holds("islamic_state", PALMYRA, "2016-02-01", "IS still holds Palmyra.")
    b = Doc("paper-1", "2016-02-04", "Daily Example")
    b.event("Air/drone strike", "Ten died when a bakery on Aleppo's edge was bombed.", ALEPPO_NEAR, "2016-02-02",
            type="Explosions/Remote violence", actor1="russia", fatalities=10)
    b.event("Armed clash", "Fighting at Palmyra's gates.", PALMYRA, "2016-03-20", actor1="syria_government",
            actor2="islamic_state", fatalities=4)
    b.relation("backs", "russia", "syria_government", "Moscow denied sending ground troops.", kind="troops",
               negated=True)
    for d in (a, b):
        s.save(d.findings())
    yield s
    s.close()


def test_acled_csv_has_acleds_header_and_one_row_per_event(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    assert export(store, "acled-csv", out) == 2
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == ACLED_HEADER and list(COLUMNS) == ACLED_HEADER.split(",")
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    strike = next(r for r in rows if r["sub_event_type"] == "Air/drone strike")
    assert strike["fatalities"] == "7" and strike["event_date"] == "2016-02-02" and strike["year"] == "2016"
    assert strike["source"] == "Example Wire; Daily Example" and "7" in strike["notes"] and "10" in strike["notes"]
    assert strike["actor1"] == "Russia" and strike["inter1"] == "8"  # a foreign state's forces: external
    assert strike["disorder_type"] == "Political violence" and strike["iso"] == "760"
    assert float(strike["latitude"]) == pytest.approx(36.20)
    clash = next(r for r in rows if r["sub_event_type"] == "Armed clash")
    assert clash["interaction"] == "12" and clash["time_precision"] == "1"
    only_march = tmp_path / "march.csv"
    assert export(store, "acled-csv", only_march, start="2016-03-01") == 1


def test_geojson_parses_as_events_and_control(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "map.geojson"
    n = export(store, "geojson", out)
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == n == 3
    kinds = sorted(f["properties"]["kind"] for f in fc["features"])
    assert kinds == ["control", "event", "event"]
    for f in fc["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert f["geometry"]["type"] == "Point" and 35 < lon < 43 and 32 < lat < 38
    ctl = next(f for f in fc["features"] if f["properties"]["kind"] == "control")
    assert ctl["properties"]["actor"] == "islamic_state" and ctl["properties"]["place"] == "Palmyra"
    export(store, "geojson", out, bbox=(38.0, 34.0, 39.0, 35.0))
    assert {f["properties"].get("place_name") or f["properties"].get("place")
            for f in json.loads(out.read_text())["features"]} == {"Palmyra"}


def test_gexf_is_dynamic_and_reads_back_in_networkx(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "net.gexf"
    export(store, "gexf", out)
    g = nx.read_gexf(out)
    assert "russia" in g and "syria_government" in g
    # knowledge-base background edges ride along; the extracted one carries the evidence
    backs = [d for _, _, d in g.edges(data=True) if d.get("relation") == "backs" and not d.get("background")]
    assert len(backs) == 1 and backs[0]["contradiction"] is True and backs[0]["evidence"] == 2
    raw = out.read_text(encoding="utf-8")
    assert 'mode="dynamic"' in raw and 'timeformat="date"' in raw and 'start="2016-02-03"' in raw


def test_graphml_reads_back_with_attributes(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "net.graphml"
    export(store, "graphml", out, as_of="2016-02-03")
    g = nx.read_graphml(out)
    assert g.nodes["russia"]["label"] == "Russia"
    fights = [d for _, _, d in g.edges(data=True) if d["relation"] == "fights"]
    assert fights and fights[0]["weight"] == 1.0 and fights[0]["first_seen"] == "2016-02-03"
    # as of before the denial, no contradiction yet
    assert not any(d["contradiction"] for _, _, d in g.edges(data=True))


def test_plover_json_records(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.json"
    export(store, "plover", out, actor="russia")
    recs = json.loads(out.read_text(encoding="utf-8"))
    assert len(recs) == 1
    r = recs[0]
    assert r["event"] == "FIGHT" and r["mode"] == "aerial" and r["date"] == "2016-02-02"
    assert r["source"][0]["code"] == "russia" and r["dead"] == 7 and len(r["sources"]) == 2
    assert {"id", "date", "source", "target", "event", "mode", "context", "text"} <= set(r)


def test_unknown_format_is_an_error(store: Store, tmp_path: Path) -> None:
    with pytest.raises(OrbatError, match="E072"):
        export(store, "kml", tmp_path / "x.kml")
