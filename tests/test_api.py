"""The REST API over a hand-built store: filters, the network over time, errors, tokens, headers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api_fixtures import HOSTILE_TITLE, seed
from orbat.fuse.relations import relation_edges
from orbat.model import Document, Findings
from orbat.store.repository import Store
from orbat.views.api import WEB, create_app
from orbat.views.api_queries import _dashboard_edge
from orbat.views.serve_cli import is_loopback, plan, serve

TOKEN = "test-token-123"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("api") / "world.db")
    seed(path)
    return path


@pytest.fixture(scope="module")
def client(db: str) -> TestClient:
    with TestClient(create_app(db, TOKEN)) as c:
        yield c


def test_summary_counts_and_date_range(client: TestClient) -> None:
    s = client.get("/api/summary").json()
    assert s["counts"]["documents"] == 8 and s["counts"]["events"] == 7
    assert s["dates"] == {"start": "2015-10-01", "end": "2016-08-20"}
    assert s["writes"] is True


def test_actor_profile_folds_relations_with_sources(client: TestClient) -> None:
    p = client.get("/api/actors/russia").json()
    assert p["name"] == "Russia"
    backs = [r for r in p["relations"] if r["type"] == "backs"]
    assert len(backs) == 1
    # Two reports by two outlets, each in its own voice: two independent sources.
    assert backs[0]["object"] == "syria_government" and backs[0]["sources"] == 2
    assert {e["place"]["name"] for e in p["events"]} == {"Palmyra"}


def test_unknown_actor_is_404_with_code(client: TestClient) -> None:
    r = client.get("/api/actors/no_such_group")
    assert r.status_code == 404 and r.json()["error"] == "E021"


def test_relations_min_sources_and_contradictions(client: TestClient) -> None:
    two = client.get("/api/relations", params={"min_sources": 2}).json()
    assert [(r["type"], r["subject"], r["object"]) for r in two] == [("backs", "russia", "syria_government")]
    contested = client.get("/api/relations", params={"contradictions": "true"}).json()
    assert len(contested) == 1
    c = contested[0]
    assert (c["subject"], c["object"], c["status"]) == ("united_states", "free_syrian_army", "contested")
    assert c["sources"] == 1 and c["denied_by"] == 1 and (c["asserted"], c["negated"]) == (1, 1)
    claims = client.get("/api/relations/claims", params={"type": "backs", "subject": "united_states",
                                                         "object": "free_syrian_army"}).json()
    assert [x["negated"] for x in claims] == [False, True]
    assert claims[1]["speaker"] == "quoted:a spokesman for the Free Syrian Army"
    # Symmetric relations gather both directions.
    ally = client.get("/api/relations/claims", params={"type": "ally_of", "subject": "ahrar_al_sham",
                                                       "object": "jabhat_al_nusra"}).json()
    assert len(ally) == 1 and ally[0]["subject"] == "jabhat_al_nusra"
    only_fights = client.get("/api/relations", params={"type": "fights", "actor": "ypg"}).json()
    assert {(r["subject"], r["object"]) for r in only_fights} == {("turkey", "ypg"), ("islamic_state", "ypg")}


@pytest.mark.parametrize("day", ["2015-10-01", "2015-12-31", "2016-03-27", "2016-06-19", "2016-12-31"])
def test_relations_as_of_agree_with_a_fold_of_the_claims(client: TestClient, db: str, day: str) -> None:
    """The API answers from the relation history fusion keeps; folding the claims published by
    the date in one SQL aggregate must give the same rows."""
    keys = ("type", "subject", "object", "sources", "denied_by", "asserted", "negated", "hedged", "documents",
            "status", "kinds", "first_seen", "last_seen")
    fast = [tuple(str(r[k]) for k in keys) for r in client.get("/api/relations", params={"as_of": day}).json()]
    with Store.open(db) as store:
        rows = [_dashboard_edge(e, {}) for e in relation_edges(store, as_of=day, start="1900-01-01", refresh=False)]
    rows.sort(key=lambda r: (-(r["sources"] + r["denied_by"]), r["type"], r["subject"], r["object"]))
    assert fast == [tuple(str(r[k]) for k in keys) for r in rows]
    assert fast or day == "2015-10-01"


def test_network_changes_with_the_date(client: TestClient) -> None:
    early = client.get("/api/network", params={"as_of": "2015-10-15"}).json()
    assert [(e["source"], e["type"], e["target"]) for e in early["edges"]] == [("russia", "backs", "syria_government")]
    late = client.get("/api/network", params={"as_of": "2016-08-31"}).json()
    kinds = {(e["source"], e["type"], e["target"]): e for e in late["edges"]}
    assert ("turkey", "fights", "ypg") in kinds and ("ahrar_al_sham", "ally_of", "jabhat_al_nusra") in kinds
    assert kinds[("united_states", "backs", "free_syrian_army")]["status"] == "contested"
    assert len(late["nodes"]) > len(early["nodes"])
    # The renamed group goes by its later name after July 2016 (dated names from the knowledge).
    names = {n["id"]: n["name"] for n in late["nodes"]}
    early_names = {n["id"]: n["name"] for n in client.get("/api/network", params={"as_of": "2016-01-01"}).json()["nodes"]}
    assert early_names["jabhat_al_nusra"] == "Jabhat al-Nusra"
    assert names["jabhat_al_nusra"] != "Jabhat al-Nusra"


def test_events_filters(client: TestClient) -> None:
    everything = client.get("/api/events").json()
    assert len(everything) == 7
    dates = [e["date"] for e in everything]
    assert dates == sorted(dates)
    north = client.get("/api/events", params={"bbox": "36.0,35.8,38.5,37.0"}).json()
    assert {e["place"]["name"] for e in north} == {"Aleppo", "Manbij", "Saraqib", "Idlib"}
    window = client.get("/api/events", params={"start": "2016-01-01", "end": "2016-06-30"}).json()
    assert {e["date"] for e in window} == {"2016-02-14", "2016-03-27", "2016-06-19"}
    by_actor = client.get("/api/events", params={"actor": "russia"}).json()  # actor1 and assoc roles
    assert {e["date"] for e in by_actor} == {"2015-10-01", "2016-03-27"}
    battles = client.get("/api/events", params={"type": "Battles"}).json()
    assert battles and all(e["type"] == "Battles" for e in battles) and len(battles) == 5
    assert len(client.get("/api/events", params={"limit": 2}).json()) == 2
    one = client.get(f"/api/events/{everything[0]['id']}").json()
    assert one["evidence"]["sentence"].startswith("Russian jets")
    assert client.get("/api/events/999999").status_code == 404


def test_event_points_for_the_map(client: TestClient) -> None:
    fc = client.get("/api/events.geojson").json()
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 7 and not fc["truncated"]
    first = fc["features"][0]
    assert first["geometry"]["coordinates"] == [38.28, 34.56] and first["properties"]["place"] == "Palmyra"
    newest = client.get("/api/events.geojson", params={"limit": 2}).json()
    assert newest["truncated"]
    assert [f["properties"]["date"] for f in newest["features"]] == ["2016-08-12", "2016-08-15"]
    assert len(client.get("/api/events.geojson", params={"actor": "turkey"}).json()["features"]) == 1


@pytest.mark.parametrize("params,code", [
    ({"bbox": "1,2,3"}, "E062"), ({"bbox": "nan,1,2,3"}, "E062"), ({"bbox": "10,50,5,60"}, "E062"),
])
def test_bad_bbox_is_a_client_error(client: TestClient, params: dict[str, str], code: str) -> None:
    r = client.get("/api/events", params=params)
    assert r.status_code == 422 and r.json()["error"] == code


def test_bad_date_is_a_client_error(client: TestClient) -> None:
    assert client.get("/api/events", params={"start": "2016-02-30"}).status_code == 422
    assert client.get("/api/network", params={"as_of": "yesterday"}).status_code == 422


def test_timeline_and_control(client: TestClient) -> None:
    months = client.get("/api/timeline").json()
    assert {m["month"]: m["events"] for m in months}["2016-08"] == 2
    assert sum(m["fatalities"] for m in months) == 12 + 9 + 30 + 14
    held = client.get("/api/control", params={"as_of": "2016-05-01"}).json()
    assert {(c["actor"], c["place"]["name"]) for c in held} == {("jabhat_al_nusra", "Saraqib"),
                                                                ("syria_government", "Palmyra")}
    assert client.get("/api/control", params={"place": "manbij"}).json()[0]["actor"] == "ypg"
    latest = client.get("/api/control", params={"latest": "true", "as_of": "2016-08-31"}).json()
    assert sorted(c["place"]["name"] for c in latest) == ["Manbij", "Palmyra", "Saraqib"]
    assert client.get("/api/control", params={"latest": "true", "as_of": "2015-01-01"}).json() == []


def test_document_with_facts_keeps_raw_text_as_data(client: TestClient) -> None:
    r = client.get("/api/documents/t008")
    assert r.headers["content-type"].startswith("application/json")
    d = r.json()
    assert d["title"] == HOSTILE_TITLE  # stored as written; the page escapes it
    ev = d["events"][0]["evidence"]
    assert d["body"][ev["start"]:ev["end"]] == ev["sentence"]
    assert client.get("/api/documents/nope").json()["error"] == "E031"
    listed = client.get("/api/documents", params={"limit": 3, "offset": 1}).json()
    assert [x["key"] for x in listed] == ["t002", "t003", "t004"]


def test_search_by_name_and_alias(client: TestClient) -> None:
    assert client.get("/api/search", params={"q": "nusra"}).json()[0]["id"] == "jabhat_al_nusra"
    assert client.get("/api/search", params={"q": "PEOPLE'S PROT"}).json()[0]["id"] == "ypg"
    assert client.get("/api/search", params={"q": "%"}).json() == []  # LIKE wildcards are literal
    assert client.get("/api/search", params={"q": "zzzz"}).json() == []


def test_writes_need_the_token(client: TestClient) -> None:
    body = {"kind": "reject_fact", "target": "event:1", "payload": {"why": "duplicate"}}
    before = client.get("/api/corrections").json()
    r = client.post("/api/corrections", json=body)
    assert r.status_code == 401 and r.json()["error"] == "E060" and r.headers["www-authenticate"] == "Bearer"
    r = client.post("/api/corrections", json=body, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401
    r = client.post("/api/documents", json={"body": "Some text."})
    assert r.status_code == 401
    assert client.get("/api/corrections").json() == before
    ok = client.post("/api/corrections", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 201
    stored = client.get("/api/corrections", params={"target": "event:1"}).json()
    assert stored[-1]["kind"] == "reject_fact" and stored[-1]["payload"] == {"why": "duplicate"}
    bad = client.post("/api/corrections", json={**body, "kind": "Drop Table"}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert bad.status_code == 422


def test_writes_are_off_without_a_server_token(db: str) -> None:
    with TestClient(create_app(db, None)) as c:
        r = c.post("/api/corrections", json={"kind": "add_alias", "target": "ypg"},
                   headers={"Authorization": "Bearer anything"})
        assert r.status_code == 403 and r.json()["error"] == "E061"
        assert c.get("/api/summary").json()["writes"] is False


def test_ingest_runs_the_annotator_and_is_idempotent(tmp_path: Path) -> None:
    seen: list[Document] = []

    def annotator(doc: Document) -> Findings:
        seen.append(doc)
        return Findings(doc, extractor_version="stub")

    with TestClient(create_app(str(tmp_path / "i.db"), TOKEN, annotator=annotator)) as c:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        doc = {"title": "A test report", "body": "Rebels and the army traded fire near Homs.",
               "published": "2016-04-02", "outlet": "Test Outlet", "url": "https://example.org/x",
               "comments": [{"id": "1", "text": "first reply"}, {"id": "2", "parent": "1", "text": "second"}]}
        r1 = c.post("/api/documents", json=doc, headers=auth)
        assert r1.status_code == 201
        r2 = c.post("/api/documents", json=doc, headers=auth)
        assert r2.json()["key"] == r1.json()["key"]
        assert c.get("/api/summary").json()["counts"]["documents"] == 1
        stored = c.get(f"/api/documents/{r1.json()['key']}").json()
        assert stored["published"] == "2016-04-02" and stored["comments"][1]["parent"] == "1"
        assert seen[0].comments[1].parent == "1"
        assert c.post("/api/documents", json={**doc, "published": "someday"}, headers=auth).status_code == 422
        twins = {**doc, "comments": [{"id": "1", "text": "a"}, {"id": "1", "text": "b"}]}
        assert c.post("/api/documents", json=twins, headers=auth).status_code == 422


def test_security_headers_everywhere(client: TestClient) -> None:
    for path in ("/", "/docs", "/api/summary", "/static/app.js", "/api/actors/nobody"):
        csp = client.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert client.get("/openapi.json").json()["paths"]["/api/network"]["get"]


def test_pages_have_no_inline_script_and_no_html_sinks() -> None:
    for page in ("index.html", "docs.html"):
        html = (WEB / page).read_text()
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert scripts and all("src=" in s for s in scripts)
        assert " style=" not in html and "<style" not in html and "on" + "click=" not in html
    js = (WEB / "app.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in js.replace("// innerHTML, insertAdjacentHTML", ""), sink


def test_vendored_assets_are_served_locally(client: TestClient) -> None:
    for path in ("/static/vendor/leaflet/leaflet.js", "/static/vendor/cytoscape/cytoscape.min.js",
                 "/static/vendor/swagger-ui/swagger-ui-bundle.js"):
        assert client.get(path).status_code == 200
    outlines = client.get("/static/vendor/natural-earth/countries-levant.geojson").json()
    assert any(f["properties"]["name"] == "Syria" for f in outlines["features"])
    assert "cdn" not in (WEB / "index.html").read_text().lower()


def test_trusted_hosts(db: str) -> None:
    with TestClient(create_app(db, None, allowed_hosts=["127.0.0.1", "localhost"]), base_url="http://127.0.0.1") as c:
        assert c.get("/api/summary").status_code == 200
        assert c.get("/api/summary", headers={"Host": "attacker.example"}).status_code == 400


# -- the serve command ---------------------------------------------------------------------------

@pytest.mark.parametrize("host,expected", [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.8.0.1", True),
    ("0.0.0.0", False), ("::", False), ("192.168.1.5", False), ("example.org", False),
])
def test_is_loopback(host: str, expected: bool) -> None:
    assert is_loopback(host) is expected


def test_serve_refuses_open_writes_off_loopback() -> None:
    with pytest.raises(typer.BadParameter):
        plan("0.0.0.0", None, read_only=False)
    assert plan("0.0.0.0", "tok", read_only=False) == ("tok", False)
    assert plan("0.0.0.0", None, read_only=True) == (None, False)
    token, generated = plan("127.0.0.1", None, read_only=False)
    assert generated and token and len(token) >= 24
    app = typer.Typer()
    app.command()(serve)
    r = CliRunner().invoke(app, ["--host", "0.0.0.0", "--db", "/nonexistent/dir/x.db"], env={"ORBAT_TOKEN": ""})
    assert r.exit_code != 0 and "refusing" in r.output


# -- the network fold (orbat.fuse.relations; the API reads it) ---------------------------------------

def _world(tmp_path: Path, docs: list) -> TestClient:  # type: ignore[type-arg]
    from picture_fixtures import Doc

    db = str(tmp_path / "fold.db")
    with Store.open(db) as store:
        for key, day, outlet, rels in docs:
            d = Doc(key, day, outlet)
            for t, subj, obj, flags in rels:
                d.relation(t, subj, obj, f"Sentence {key} {t} {subj} {obj}.", **flags)
            store.save(d.findings())
    return TestClient(create_app(db, TOKEN))


def test_fold_counts_voices_not_copies(tmp_path: Path) -> None:
    with _world(tmp_path, [
        ("d1", "2016-01-01", "Outlet One", [("fights", "bb", "aa", {}), ("backs", "aa", "bb", {})]),
        ("d2", "2016-02-01", "Outlet Two", [("fights", "aa", "bb", {})]),  # symmetric: the same edge
        ("d3", "2016-01-01", "Outlet Three", [("fights", "aa", "bb", {"speaker": "quoted:SOHR"})]),
        ("d4", "2016-01-01", "Outlet Four", [("fights", "aa", "bb", {"speaker": "quoted:sohr"})]),  # SOHR again
        ("d5", "2016-01-01", "Outlet One", [("backs", "bb", "aa", {})]),  # directed: another edge
    ]) as client:
        rows = {(r["type"], r["subject"], r["object"]): r for r in client.get("/api/relations").json()}
        net = client.get("/api/network").json()
    fights = rows[("fights", "aa", "bb")]
    assert fights["sources"] == 3 and fights["documents"] == 4 and fights["asserted"] == 4
    assert (fights["first_seen"], fights["last_seen"]) == ("2016-01-01", "2016-02-01")
    assert ("backs", "aa", "bb") in rows and ("backs", "bb", "aa") in rows
    assert {(e["type"], e["source"], e["target"]): e["weight"] for e in net["edges"]}[("fights", "aa", "bb")] == 3


def test_fold_marks_denials_and_contradictions(tmp_path: Path) -> None:
    with _world(tmp_path, [
        ("d1", "2016-01-01", "X", [("ally_of", "aa", "bb", {})]),
        ("d2", "2016-01-01", "Y", [("ally_of", "aa", "bb", {"negated": True}),
                                   ("ally_of", "aa", "cc", {"negated": True})]),
    ]) as client:
        rows = {r["object"]: r for r in client.get("/api/relations").json()}
        contested = client.get("/api/relations", params={"contradictions": "true"}).json()
        net = client.get("/api/network", params={"as_of": "2016-01-01"}).json()
    assert rows["bb"]["status"] == "contested" and rows["bb"]["contradiction"]
    assert rows["cc"]["status"] == "denied" and rows["cc"]["sources"] == 0 and rows["cc"]["denied_by"] == 1
    assert [r["object"] for r in contested] == ["bb"]
    assert {e["target"]: e["weight"] for e in net["edges"]} == {"bb": 1, "cc": 0}
    assert {n["id"]: n["degree"] for n in net["nodes"]} == {"aa": 2, "bb": 1, "cc": 1}


def test_fold_replays_voices_by_their_first_date(tmp_path: Path) -> None:
    with _world(tmp_path, [
        ("d1", "2016-01-05", "X", [("fights", "aa", "bb", {})]),
        ("d2", "2016-03-01", "X", [("fights", "aa", "bb", {})]),  # the same outlet again: the same voice
        ("d3", "2016-02-01", "Y", [("fights", "aa", "bb", {})]),
        ("d4", "2016-04-01", "Z", [("fights", "aa", "bb", {"negated": True})]),
    ]) as client:
        def at(day: str) -> list[dict]:  # type: ignore[type-arg]
            return client.get("/api/relations", params={"as_of": day}).json()

        assert at("2016-01-01") == []
        jan, feb, apr = (at(d)[0] for d in ("2016-01-31", "2016-02-15", "2016-04-30"))
    assert (jan["sources"], jan["asserted"], jan["status"]) == (1, 1, "asserted")
    assert (feb["sources"], feb["asserted"], feb["last_seen"]) == (2, 2, "2016-02-01")
    assert (apr["sources"], apr["denied_by"], apr["status"], apr["documents"]) == (2, 1, "contested", 4)


def test_lists_are_paginated_with_limit_and_offset(client: TestClient) -> None:
    every = client.get("/api/events").json()
    pages = [client.get("/api/events", params={"limit": 3, "offset": o}).json() for o in (0, 3, 6)]
    assert [e["id"] for page in pages for e in page] == [e["id"] for e in every] and len(pages[-1]) < 3
    dated = client.get("/api/events", params={"start": "2015-01-01", "limit": 2, "offset": 2}).json()
    assert [e["id"] for e in dated] == [e["id"] for e in every if e["date"]][2:4]
    rels = client.get("/api/relations").json()
    assert len(rels) > 2
    assert client.get("/api/relations", params={"limit": 2, "offset": 1}).json() == rels[1:3]
    spec = client.get("/openapi.json").json()["paths"]
    for path in ("/api/events", "/api/relations"):
        limit = next(p for p in spec[path]["get"]["parameters"] if p["name"] == "limit")
        assert limit["schema"]["default"] == 100 and "default 100" in limit["description"]
