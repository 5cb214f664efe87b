"""Event fusion: one event per real event, its sources side by side, incremental updates."""

from __future__ import annotations

import pytest

from orbat.fuse.events import fuse_events, fused_events
from orbat.store import Store
from picture_fixtures import (
    ALEPPO,
    ALEPPO_NEAR,
    PALMYRA,
    Doc,
    url,  # noqa: F401 - the store URL fixture
)


@pytest.fixture
def store(url: str):  # noqa: F811 - `url` is the fixture imported above
    s = Store.open(url)
    yield s
    s.close()


def _two_reports(store: Store) -> None:
    a = Doc("wire-1", "2016-02-03", "Example Wire").event(
        "Air/drone strike", "Warplanes hit a market in Aleppo on Tuesday, killing 12 people.", ALEPPO, "2016-02-02",
        type="Explosions/Remote violence", actor1="russia", fatalities=12)
    b = Doc("paper-1", "2016-02-04", "Daily Example").event(
        "Air/drone strike", "Medics said 19 died when jets struck the outskirts of Aleppo.", ALEPPO_NEAR,
        "2016-02-02", type="Explosions/Remote violence", actor1="russia", fatalities=19)
    store.save(a.findings())
    store.save(b.findings())


def test_two_reports_of_one_event_fuse_with_both_tolls(store: Store) -> None:
    _two_reports(store)
    events = fused_events(store)
    assert len(events) == 1
    e = events[0]
    assert e["n_sources"] == 2 and e["n_documents"] == 2 and e["n_outlets"] == 2
    assert sorted(s["fatalities"] for s in e["sources"]) == [12, 19]
    assert e["fatalities"] == 12 and e["fatalities_low"] == 12 and e["fatalities_high"] == 19
    assert "lowest" in e["rules"]["fatalities"]
    assert e["place_name"] == "Aleppo"  # the more precise place wins
    assert e["actor1"] == "russia"


def test_different_places_dates_or_types_stay_apart(store: Store) -> None:
    d = Doc("wire-2", "2016-02-10", "Example Wire")
    d.event("Armed clash", "Rebels and troops fought in Aleppo.", ALEPPO, "2016-02-09",
            actor1="syria_government", actor2="ahrar_al_sham")
    d.event("Armed clash", "Troops fought Islamic State near Palmyra.", PALMYRA, "2016-02-09",
            actor1="syria_government", actor2="islamic_state")
    e = Doc("wire-3", "2016-02-25", "Other Wire")
    e.event("Armed clash", "Fresh fighting broke out in Aleppo.", ALEPPO, "2016-02-24",
            actor1="syria_government", actor2="ahrar_al_sham")
    e.event("Attack", "Gunmen killed villagers in Aleppo.", ALEPPO, "2016-02-09",
            type="Violence against civilians", actor1="islamic_state")
    f = Doc("wire-4", "2016-02-10", "Third Wire").event(
        "Armed clash", "Clashes between Nusra and IS in Aleppo.", ALEPPO, "2016-02-09",
        actor1="jabhat_al_nusra", actor2="islamic_state")
    for doc in (d, e, f):
        store.save(doc.findings())
    assert len(fused_events(store)) == 5


def test_compatible_sub_types_and_coarse_dates_fuse(store: Store) -> None:
    a = Doc("a", "2016-03-02", "A").event("Armed clash", "Troops fought their way into Palmyra.", PALMYRA,
                                          "2016-03", precision="month", actor1="syria_government")
    b = Doc("b", "2016-03-28", "B").event("Government regains territory", "The army retook Palmyra on Sunday.",
                                          PALMYRA, "2016-03-27", actor1="syria_government",
                                          actor2="islamic_state")
    store.save(a.findings())
    store.save(b.findings())
    [e] = fused_events(store)
    assert e["date"] == "2016-03-27" and e["date_precision"] == "day"  # finest precision wins
    assert e["n_sources"] == 2


def test_incremental_fusion_touches_only_new_documents(store: Store) -> None:
    _two_reports(store)
    first = fuse_events(store)
    assert first.mode == "full" and first.created == 1
    again = fuse_events(store)
    assert again.mode == "incremental" and again.claims == 0
    c = Doc("radio-1", "2016-02-05", "Radio Example").event(
        "Shelling/artillery/missile attack", "Bombs fell on Aleppo's market, 15 dead.", ALEPPO, "2016-02-02",
        type="Explosions/Remote violence", fatalities=15)
    other = Doc("radio-2", "2016-02-05", "Radio Example").event(
        "Armed clash", "Fighting near Palmyra.", PALMYRA, "2016-02-04")
    store.save(c.findings())
    store.save(other.findings())
    rep = fuse_events(store)
    assert rep.mode == "incremental" and rep.documents == 2 and rep.claims == 2
    assert rep.attached == 1 and rep.created == 1
    events = fused_events(store, refresh=False)
    aleppo = next(e for e in events if e["place_name"] == "Aleppo")
    assert aleppo["n_sources"] == 3 and aleppo["fatalities"] == 12 and aleppo["fatalities_high"] == 19


def test_re_extraction_replaces_sources(store: Store) -> None:
    _two_reports(store)
    fuse_events(store)
    b = Doc("paper-1", "2016-02-04", "Daily Example", version="x2").event(
        "Air/drone strike", "Medics said 19 died when jets struck the outskirts of Aleppo.", PALMYRA,
        "2016-02-02", type="Explosions/Remote violence", actor1="russia", fatalities=21)
    store.save(b.findings())
    events = fused_events(store)
    assert len(events) == 2  # the re-extracted claim now points elsewhere
    assert sorted(e["n_sources"] for e in events) == [1, 1]
    assert {e["fatalities"] for e in events} == {12, 21}


def test_filters_by_date_bbox_and_actor(store: Store) -> None:
    _two_reports(store)
    store.save(Doc("c", "2016-05-01", "C").event("Armed clash", "Fighting at Palmyra.", PALMYRA, "2016-04-30",
                                                 actor1="syria_government", actor2="islamic_state").findings())
    assert len(fused_events(store, start="2016-04-01")) == 1
    assert len(fused_events(store, end="2016-03-01")) == 1
    assert len(fused_events(store, as_of="2016-02-01")) == 0
    assert [e["place_name"] for e in fused_events(store, bbox=(37.0, 36.0, 37.5, 36.5))] == ["Aleppo"]
    assert [e["place_name"] for e in fused_events(store, actor="islamic_state")] == ["Palmyra"]


def test_denied_event_is_disputed(store: Store) -> None:
    _two_reports(store)
    store.save(Doc("d", "2016-02-05", "Ministry Wire").event(
        "Air/drone strike", "The ministry denied that its jets struck Aleppo.", ALEPPO, "2016-02-02",
        type="Explosions/Remote violence", actor1="russia", negated=True, speaker="quoted:ministry").findings())
    [e] = fused_events(store)
    assert e["disputed"] and e["n_sources"] == 3 and e["fatalities"] == 12


def _random_reports(store: Store, n_docs: int = 40, seed: int = 5) -> None:
    """Reports of the same few places and days at every date precision, by several actors."""
    import random

    from orbat.model import Place

    rng = random.Random(seed)
    places = [Place(f"Village {i}", f"v{i}", 36.0 + 0.07 * i, 37.0 + 0.05 * (i % 3), "Aleppo", "SY", 1 + i % 2)
              for i in range(6)] + [None]
    kinds = [("Armed clash", "Battles"), ("Air/drone strike", "Explosions/Remote violence"),
             ("Shelling/artillery/missile attack", "Explosions/Remote violence")]
    for d in range(n_docs):
        doc = Doc(f"r{d}", f"2016-03-{1 + d % 20:02d}", f"Outlet {d % 4}")
        for k in range(3):
            sub, typ = rng.choice(kinds)
            prec = rng.choice(["day", "day", "day", "week", "month", "year"])
            day = f"2016-03-{rng.randint(1, 28):02d}" if prec != "month" else "2016-03"
            doc.event(sub, f"Report {d} claim {k} about fighting.", rng.choice(places), rng.choice([day, None]),
                      type=typ, precision=prec, actor1=rng.choice(["syria_government", "russia", None]),
                      actor2=rng.choice(["free_syrian_army", None]), fatalities=rng.choice([None, 2, 5]))
        store.save(doc.findings())


def test_bucketed_candidates_fuse_as_the_plain_lists_did(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The in-memory index files events by type, width and date bucket to skip hopeless
    candidates; fusing with plain per-cell and per-place lists (every active event, in cell
    then creation order, as before) must give the same events."""
    from orbat.fuse import events as fe

    class Plain(fe._Active):
        def __init__(self, slack_days: int) -> None:
            self.items: list[fe.Fused] = []

        def add(self, f: fe.Fused) -> None:
            self.items.append(f)

        def remove(self, f: fe.Fused) -> None:
            self.items.remove(f)

        def candidates(self, c: fe.Claim) -> list[fe.Fused]:
            near = fe.neighbours(c.cell) if c.cell is not None else []
            out = [f for n in near for f in self.items if f.row.get("cell") == n]
            return out + [f for f in self.items if c.pkey is not None and f.row.get("place_key") == c.pkey]

    _random_reports(store)
    fuse_events(store, full=True)
    fast = sorted(tuple(sorted(s["fact"] for s in e["sources"])) for e in fused_events(store, refresh=False))
    monkeypatch.setattr(fe, "_Active", Plain)
    fuse_events(store, full=True)
    plain = sorted(tuple(sorted(s["fact"] for s in e["sources"])) for e in fused_events(store, refresh=False))
    assert fast == plain and len(fast) < 120  # some claims did fuse


def test_actor_counts_follow_incremental_fusion_and_merges(store: Store) -> None:
    """The per-actor day counts fusion keeps equal a fresh count after every kind of change."""
    from sqlalchemy import select

    from orbat.fuse.events import ACTOR_DAYS, ACTOR_DAYS_SQL
    from orbat.fuse.network import actor_profile

    def kept() -> dict[tuple[str, str], int]:
        with store.engine.connect() as conn:
            return {(r.actor, r.day): r.events for r in conn.execute(select(ACTOR_DAYS))}

    def fresh() -> dict[tuple[str, str], int]:
        from sqlalchemy import text

        with store.engine.begin() as conn:
            sql = ACTOR_DAYS_SQL.replace("INSERT INTO picture_actor_days (actor, day, events) ", "")
            return {(a, d): n for a, d, n in conn.execute(text(sql))}

    _random_reports(store, n_docs=20)
    fuse_events(store)
    assert kept() == fresh() and kept()
    _random_reports(store, n_docs=30, seed=6)  # new documents r20..r29, and r0..r19 re-extracted differently
    rep = fuse_events(store)
    assert rep.mode == "incremental" and rep.documents > 0
    assert kept() == fresh()
    store.add_correction("merge_actors", "russia", {"into": "syria_government"})
    fuse_events(store)
    assert kept() == fresh() and not any(a == "russia" for a, _ in kept())
    profile = actor_profile(store, "syria_government", as_of="2016-03-15")
    assert profile["events"] == sum(n for (a, d), n in fresh().items() if a == "syria_government" and d <= "2016-03-15~")
