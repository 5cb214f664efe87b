"""The store's contract, run against SQLite and (when ORBAT_TEST_PG_URL is set) PostgreSQL."""

from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from orbat.errors import OrbatError
from orbat.model import Evidence
from orbat.store import Store, migrate
from orbat.store.schema import metadata
from store_fixtures import PLACES, day, make_findings, pg_url, private_pg_database, wipe_pg

WORKER = Path(__file__).resolve().parent / "store_worker.py"
PYTHON = sys.executable


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str | None]:
    base = pg_url()
    if base is None:
        yield None
        return
    with private_pg_database(base) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path, pg_database: str | None) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    if pg_database is None:
        pytest.skip("ORBAT_TEST_PG_URL is not set (start a server with scripts/pg.sh start)")
    wipe_pg(pg_database)
    return pg_database


@pytest.fixture
def store(url: str):
    s = Store.open(url)
    yield s
    s.close()


def _dump(store: Store) -> dict[str, Any]:
    """Everything a store holds about its documents, minus row ids and timestamps."""
    docs = {}
    for d in store.documents():
        full = store.document(d["key"])
        for k in ("ingested_at", "extracted_at"):
            full.pop(k)
        for kind in ("relations", "events", "control"):
            for claim in full[kind]:
                claim.pop("id")
        docs[d["key"]] = full
    return {"counts": store.counts(), "docs": docs,
            "hashes": sorted(d["content_hash"] for d in store.documents()),
            "actors": store.actors()}


def _worker(url: str, first: int, count: int, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen([PYTHON, str(WORKER), url, str(first), str(count), *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


# -- schema and opening --------------------------------------------------------------------------


def test_migrations_build_exactly_the_models(store: Store) -> None:
    names = set(inspect(store.engine).get_table_names())
    assert set(metadata.tables) <= names and "alembic_version" in names
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert set(ctx.get_current_heads()) == migrate.heads()
        assert compare_metadata(ctx, metadata) == []


def test_reopening_at_head_writes_nothing(store: Store, url: str) -> None:
    store.save(make_findings(1))
    before = _dump(store)
    assert migrate.upgrade(store.engine) is False
    again = Store.open(url)
    assert _dump(again) == before
    again.close()


def test_bare_path_opens_a_sqlite_file_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    with Store.open(str(path)) as s:
        assert path.exists()
        with s.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


@pytest.mark.parametrize("bad", ["/no/such/dir/x.db", "postgresql://nobody@127.0.0.1:1/none", "not-a-db"])
def test_unopenable_store_is_E030(bad: str, tmp_path: Path) -> None:
    if bad == "not-a-db":
        bad = str(tmp_path / "notes.txt")
        Path(bad).write_text("these are notes, not a database\n" * 100)
    with pytest.raises(OrbatError) as e:
        Store.open(bad)
    assert e.value.code.name == "E030"


# -- writing -------------------------------------------------------------------------------------


def test_saved_findings_come_back_unchanged(store: Store) -> None:
    f = make_findings(3)  # has a comment thread and a commenter's claim
    key = store.save(f)
    assert key == "doc-0003" and store.has_document(f.document.content_hash)
    assert store.findings(key) == f
    d = store.document(f.document.content_hash)  # by hash as well as by key
    assert d["comments"] == [{"id": "c1", "parent": None, "author": "reader", "date": None,
                              "text": f.document.comments[0].text}]
    claim = next(c for c in d["control"] if c["speaker"] == "commenter:c1")
    assert claim["negated"] is True and claim["evidence"]["segment"] == "comment:c1"
    json.dumps(d)  # plain data all the way down


def test_reingesting_the_same_document_changes_nothing(store: Store) -> None:
    for i in range(4):
        store.save(make_findings(i))
    before = _dump(store)
    stamps = {d["key"]: d["extracted_at"] for d in store.documents()}
    for i in range(4):
        assert store.save(make_findings(i)) == f"doc-{i:04d}"
    assert _dump(store) == before
    assert {d["key"]: d["extracted_at"] for d in store.documents()} == stamps


def test_save_many_equals_one_by_one(store: Store, url: str, tmp_path: Path) -> None:
    batch = [make_findings(i) for i in range(7)] + [make_findings(2)]  # a repeat inside the batch
    keys = store.save_many(batch, batch=3)
    assert keys == [f"doc-{i:04d}" for i in range(7)] + ["doc-0002"]
    got = _dump(store)
    target = _reset(url, tmp_path, "one-by-one.db")
    assert _clean_run(target, 7, 0) == got


def test_reextraction_replaces_the_documents_facts(store: Store) -> None:
    store.save(make_findings(1))
    store.save(make_findings(2))
    other = store.document("doc-0002")
    v2 = make_findings(1, version=2)
    store.save(v2)
    assert store.findings("doc-0001") == v2
    d = store.document("doc-0001")
    assert {e["extractor_version"] for e in d["events"] + d["relations"] + d["control"]} == {"test-2"}
    assert len(d["events"]) == 1 and len(d["relations"]) == 3
    assert store.counts()["documents"] == 2
    assert _strip(store.document("doc-0002")) == _strip(other)


def _strip(d: dict[str, Any]) -> dict[str, Any]:
    d = copy.deepcopy(d)
    d.pop("extracted_at")
    return d


def test_a_failing_reextraction_leaves_the_old_facts(store: Store) -> None:
    v1 = make_findings(4)
    store.save(v1)
    bad = make_findings(4, version=2)
    bad.events.append(copy.deepcopy(bad.events[0]))
    bad.events[-1].evidence = Evidence("body", "x", None, None)  # type: ignore[arg-type]  # NOT NULL: fails last
    with pytest.raises(Exception):  # noqa: B017 - whichever IntegrityError the driver raises
        store.save(bad)
    assert store.findings("doc-0004") == v1
    assert store.counts()["events"] == len(v1.events)


def test_a_thread_that_repeats_a_comment_id_is_stored(store: Store) -> None:
    f = make_findings(3)
    f.document.comments.append(type(f.document.comments[0])("c1", "c1", "other reader", None, "I disagree."))
    store.save(f)
    assert [c["author"] for c in store.document("doc-0003")["comments"]] == ["reader", "other reader"]


def test_comment_metadata_outside_the_content_hash_is_updated(store: Store) -> None:
    f = make_findings(6)
    store.save(f)
    g = make_findings(6)
    g.document.comments[0].author = "renamed reader"  # not part of the content hash
    assert g.document.content_hash == f.document.content_hash
    store.save(g)
    assert [c["author"] for c in store.document("doc-0006")["comments"]] == ["renamed reader"]
    assert store.counts()["documents"] == 1 and store.findings("doc-0006") == g


def test_a_non_iso_fact_date_is_refused(store: Store) -> None:
    f = make_findings(1)
    f.events[0].date = "5 January 2016"
    with pytest.raises(OrbatError) as err:
        store.save(f)
    assert err.value.code.name == "E050" and store.counts()["documents"] == 0
    f.events[0].date = "2016-01"  # month precision is a valid partial date
    store.save(f)
    # A partial date sorts before every day of its month, so it counts as of the month's first day.
    assert [e["date"] for e in store.events(as_of="2016-01-01")] == ["2016-01", "2016-01-01"]


def test_long_free_text_fits(store: Store) -> None:
    f = make_findings(1)
    f.relations[0].evidence.speaker = "quoted:" + "a spokesman for a coalition of armed groups " * 20
    f.actors[0].surfaces.append("a long description of the group " * 20)
    store.save(f)
    assert store.findings("doc-0001") == f


def test_same_key_new_content_updates_the_document(store: Store) -> None:
    f = make_findings(5)
    store.save(f)
    old_hash = f.document.content_hash
    g = make_findings(5, version=2)
    g.document.body += " A correction was appended later."
    assert store.save(g) == "doc-0005"
    assert store.counts()["documents"] == 1
    assert not store.has_document(old_hash) and store.has_document(g.document.content_hash)
    assert store.findings("doc-0005") == g


def test_claims_create_the_actors_they_name(store: Store) -> None:
    f = make_findings(1)
    f.events[0].assoc = ["hezbollah"]  # not listed among the document's actors
    store.save(f)
    (hz,) = store.actors(actor="hezbollah")
    assert hz["provisional"] is True and hz["origin"] == "discovered" and hz["documents"] == 1
    assert [e["document"] for e in store.events(actor="hezbollah")] == ["doc-0001"]
    assert store.findings("doc-0001") == f  # the implicit actor is not added to the findings


def test_sync_actors_upserts_knowledge(store: Store) -> None:
    store.save(make_findings(0))
    n = store.sync_actors([
        {"id": "hezbollah", "name": "Hezbollah", "type": "armed_group", "country": "LB",
         "aliases": ["Hizbullah", "Hizballah"]},
        {"id": "islamic_state", "name": "Islamic State", "type": "armed_group", "aliases": ["ISIL"]},
    ])
    assert n == 2
    (hz,) = store.actors(actor="hezbollah")
    assert hz["kb_aliases"] == ["Hizballah", "Hizbullah"] and hz["origin"] == "kb" and hz["documents"] == 0
    store.sync_actors([{"id": "hezbollah", "name": "Hizbullah", "type": "armed_group", "aliases": ["Hizbullah"]}])
    (hz,) = store.actors(actor="hezbollah")
    assert hz["name"] == "Hizbullah" and len(hz["kb_aliases"]) == 2 and hz["country"] is None
    # A placeholder made from a bare reference is filled in by a later, listed actor.
    f = make_findings(1)
    f.relations[0].object = "jaysh_al_islam"
    store.save(f)
    assert store.actors(actor="jaysh_al_islam")[0]["name"] == "jaysh_al_islam"
    g = make_findings(2)
    g.actors.append(type(g.actors[0])("jaysh_al_islam", "Jaysh al-Islam", "armed_group", ["Army of Islam"]))
    store.save(g)
    assert store.actors(actor="jaysh_al_islam")[0]["name"] == "Jaysh al-Islam"


def test_corrections_are_kept_in_order(store: Store) -> None:
    a = store.add_correction("merge_actors", "rebels_generic", {"into": "fsa"}, who="analyst1")
    b = store.add_correction("reject_fact", "event:12", None)
    rows = store.corrections()
    assert [r["id"] for r in rows] == [a, b]
    assert rows[0]["payload"] == {"into": "fsa"} and rows[0]["who"] == "analyst1"
    assert rows[0]["created_at"].endswith("Z")
    assert [r["id"] for r in store.corrections(kind="reject_fact")] == [b]
    assert store.counts()["corrections"] == 2


# -- queries -------------------------------------------------------------------------------------


@pytest.fixture
def loaded(store: Store) -> Store:
    for i in range(6):
        store.save(make_findings(i))
    return store


def test_actors_as_of_counts_only_earlier_documents(loaded: Store) -> None:
    everyone = {a["id"]: a for a in loaded.actors()}
    assert set(everyone) == {"islamic_state", "rebels_generic", "russia", "syria_government", "turkey"}
    early = {a["id"]: a for a in loaded.actors(as_of=day(1))}  # documents 0 and 1 only
    assert set(early) == {"islamic_state", "rebels_generic", "russia", "syria_government"}
    assert early["islamic_state"]["documents"] == 1 and everyone["islamic_state"]["documents"] == 3
    assert early["islamic_state"]["last_seen"] == day(0) and everyone["islamic_state"]["last_seen"] == day(5)
    assert everyone["islamic_state"]["mentions"] == 3
    assert everyone["islamic_state"]["aliases"] == ["Daesh"]
    assert loaded.actors(actor="nobody") == []


def test_relations_filters(loaded: Store) -> None:
    allr = loaded.relations()
    assert len(allr) == 12
    backs = loaded.relations(type="backs", actor="russia")
    assert backs and all(r["type"] == "backs" and "russia" in (r["subject"], r["object"]) for r in backs)
    assert all(r["hedged"] for r in backs)
    early = loaded.relations(as_of=day(2))
    assert {r["document"] for r in early} == {"doc-0000", "doc-0001", "doc-0002"}
    assert all(r["date"] <= day(2) for r in early)


def test_events_filters(loaded: Store) -> None:
    assert len(loaded.events()) == 12
    window = loaded.events(start=day(2), end=day(3))
    assert window and all(day(2) <= e["date"] <= day(3) for e in window)
    assert all(e["date"] <= day(0) for e in loaded.events(as_of=day(0)))
    aleppo = PLACES[0]
    box = loaded.events(bbox=(aleppo.lon - 0.1, aleppo.lat - 0.1, aleppo.lon + 0.1, aleppo.lat + 0.1))
    assert box and {e["place"]["name"] for e in box} == {"Aleppo"}
    turkey = loaded.events(actor="turkey")
    assert turkey and all("turkey" in (e["actor1"], e["actor2"]) for e in turkey)
    quoted = [e for e in loaded.events() if e["speaker"].startswith("quoted:")]
    assert quoted and all(e["fatalities"] == e["quantities"]["fighters_lost"] for e in quoted)
    with pytest.raises(OrbatError) as err:
        loaded.events(as_of="2016-13-45")
    assert err.value.code.name == "E050"


def test_control_filters(loaded: Store) -> None:
    allc = loaded.control()
    assert len(allc) == 6 + 2  # one per document, one more from each of the two comment threads
    palmyra = loaded.control(place="palmyra")
    assert palmyra and {c["place"]["name"] for c in palmyra} == {"Palmyra"}
    assert loaded.control(place=PLACES[1].place_id) == palmyra
    assert all(c["as_of"] <= day(2) for c in loaded.control(as_of=day(2)))
    mine = loaded.control(actor="rebels_generic")
    assert mine and all(c["actor"] == "rebels_generic" for c in mine)


def test_actor_profile_carries_evidence(loaded: Store) -> None:
    p = loaded.actor_profile("russia")
    assert p["id"] == "russia" and p["aliases"] and p["relations"] and p["events"]
    for claim in p["relations"] + p["events"] + p["control"]:
        ev = claim["evidence"]
        assert ev["speaker"] == claim["speaker"]
        doc = loaded.document(claim["document"])
        segments = {"body": doc["body"], **{f"comment:{c['id']}": c["text"] for c in doc["comments"]}}
        assert segments[ev["segment"]][ev["start"]:ev["end"]] == ev["sentence"]
    json.dumps(p)
    with pytest.raises(OrbatError) as err:
        loaded.actor_profile("nobody")
    assert err.value.code.name == "E021"
    with pytest.raises(OrbatError) as err:
        loaded.document("no-such-doc")
    assert err.value.code.name == "E031"


def test_documents_and_counts(loaded: Store) -> None:
    docs = loaded.documents()
    assert [d["key"] for d in docs] == [f"doc-{i:04d}" for i in range(6)]
    assert "body" not in docs[0] and docs[0]["published"] == day(0)
    assert [d["key"] for d in loaded.documents(limit=2, offset=1)] == ["doc-0001", "doc-0002"]
    c = loaded.counts()
    assert c["documents"] == 6 and c["comments"] == 2 and c["events"] == 12 and c["mentions"] == 12


# -- crashes and concurrency -------------------------------------------------------------------------


def _clean_run(url: str, n: int, bulk: int) -> dict[str, Any]:
    with Store.open(url) as s:
        for i in range(n):
            s.save(make_findings(i, bulk=bulk))
        return _dump(s)


def _reset(url: str, tmp_path: Path, name: str) -> str:
    if url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / name}"
    wipe_pg(url)
    return url


@pytest.mark.slow
def test_kill_9_mid_save_then_rerun_equals_a_clean_run(url: str, tmp_path: Path) -> None:
    n, bulk, victim = 12, 30, 7
    clean = _clean_run(url, n, bulk)
    target = _reset(url, tmp_path, "killed.db")
    Store.open(target).close()  # schema first, so the kill lands in the saves
    proc = _worker(target, 0, n, "--bulk", str(bulk), "--hang-in", str(victim))
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        lines.append(line.strip())
        if line.strip() == "hanging":  # document `victim`'s facts are written, not committed
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL and lines[-1] == "hanging", lines
    with Store.open(target) as s:
        assert [d["key"] for d in s.documents()] == [f"doc-{i:04d}" for i in range(victim)]
        for i in range(victim):  # every stored document is whole
            assert s.findings(f"doc-{i:04d}") == make_findings(i, bulk=bulk)
        assert s.counts()["mentions"] == victim * (bulk + 2)
    rerun = _worker(target, 0, n, "--bulk", str(bulk))
    _, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    with Store.open(target) as s:
        assert _dump(s) == clean


@pytest.mark.slow
def test_kill_9_during_a_reextraction_keeps_the_old_facts(url: str) -> None:
    with Store.open(url) as s:
        s.save(make_findings(2))
        before = _dump(s)
    proc = _worker(url, 2, 1, "--bulk", "5", "--hang-in", "2")  # bulk changes the facts: a re-extraction
    assert proc.stdout is not None and proc.stdout.readline().strip() == "hanging"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Store.open(url) as s:
        assert _dump(s) == before
        assert s.save(make_findings(2, bulk=5)) == "doc-0002"
        assert s.findings("doc-0002") == make_findings(2, bulk=5)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["same-order", "opposite-order", "re-extraction"])
def test_concurrent_writers_store_each_fact_once(url: str, tmp_path: Path, mode: str) -> None:
    """Two processes save the same documents at once: new ones, or a new extraction of stored ones."""
    n = 12
    bulk = 3 if mode == "re-extraction" else 0
    clean = _clean_run(url, n, bulk)
    target = _reset(url, tmp_path, "concurrent.db")
    with Store.open(target) as s:
        if mode == "re-extraction":
            for i in range(n):
                s.save(make_findings(i))
    second = ["--reverse"] if mode == "opposite-order" else []
    procs = [_worker(target, 0, n, "--wait-go", "--bulk", str(bulk)),
             _worker(target, 0, n, "--wait-go", "--bulk", str(bulk), *second)]
    for p in procs:  # both open and waiting, then both released at once
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert len(out.splitlines()) == n
    with Store.open(target) as s:
        assert _dump(s) == clean
