"""A small hand-built world for the API and dashboard tests (no spaCy): real actors and places,
sentences written for these tests, and one hostile report whose text tries to run script.

The relations change over time so the network as of an early date differs from the late one:
Russia starts backing the government in the autumn of 2015, Turkey and the Kurdish YPG are at
war from early 2016, and a later pair of reports disagree about US arms for a rebel group.
"""

from __future__ import annotations

from typing import Any

from orbat.model import (
    ActorFinding,
    Comment,
    ControlClaim,
    Document,
    EventClaim,
    Evidence,
    Findings,
    Mention,
    Place,
    RelationClaim,
)

ACTORS = {
    "syria_government": ("Syrian government", "state_force"),
    "russia": ("Russia", "state"),
    "turkey": ("Turkey", "state"),
    "united_states": ("United States", "state"),
    "islamic_state": ("Islamic State", "armed_group"),
    "ypg": ("People's Protection Units", "armed_group"),
    "free_syrian_army": ("Free Syrian Army", "armed_group"),
    "jabhat_al_nusra": ("Jabhat al-Nusra", "armed_group"),
    "ahrar_al_sham": ("Ahrar al-Sham", "armed_group"),
}
PLACES = {
    "Aleppo": Place("Aleppo", "170063", 36.20, 37.16, "Aleppo", "SY"),
    "Palmyra": Place("Palmyra", "170592", 34.56, 38.28, "Homs", "SY"),
    "Manbij": Place("Manbij", "166365", 36.53, 37.95, "Aleppo", "SY"),
    "Saraqib": Place("Saraqib", "164816", 35.86, 36.80, "Idlib", "SY"),
    "Raqqa": Place("Raqqa", "163915", 35.95, 39.01, "Raqqa", "SY"),
    "Idlib": Place("Idlib", "169389", 35.93, 36.63, "Idlib", "SY"),
    "Deir ez-Zor": Place("Deir ez-Zor", "170794", 35.34, 40.14, "Deir ez-Zor", "SY"),
}

HOSTILE_BODY = (
    "Clashes broke out near Idlib between the Free Syrian Army and Jabhat al-Nusra on Monday. "
    "<script>window.__pwned = 'body';</script> "
    "<img src=x onerror=\"window.__pwned='img'\"> "
    "<a href=\"javascript:window.__pwned='link'\">read more</a>"
)
HOSTILE_TITLE = "<img src=x onerror=\"window.__pwned='title'\">Idlib clashes"
HOSTILE_COMMENT = "<svg onload=\"window.__pwned='comment'\"></svg> javascript:window.__pwned='c'"


def _finding(i: int, day: str, outlet: str, sentences: list[str], facts: list[tuple[str, int, dict[str, Any]]],
             *, title: str | None = None, body: str | None = None, comments: list[Comment] | None = None,
             url: str | None = None) -> Findings:
    """One report: `facts` are (kind, sentence index, fields); evidence spans are computed."""
    body = body if body is not None else " ".join(sentences)
    doc = Document(body=body, title=title or f"Report {i} from {outlet}", author="Staff writer", published=day,
                   outlet=outlet, url=url or f"https://news.example.org/{i}", comments=comments or [],
                   format="text", doc_id=f"t{i:03d}")
    f = Findings(doc, extractor_version="test", knowledge_version="test")
    used: set[str] = set()
    for kind, si, kw in facts:
        s = sentences[si]
        start = body.index(s)
        speaker = kw.pop("speaker", "author")
        ev = Evidence("body", s, start, start + len(s), speaker, hedged=kw.pop("hedged", False),
                      negated=kw.pop("negated", False))
        if kind == "rel":
            f.relations.append(RelationClaim(kw["type"], kw["subject"], kw["object"], ev, kw.get("kind")))
            used |= {kw["subject"], kw["object"]}
        elif kind == "event":
            place = PLACES[kw.pop("place")]
            f.events.append(EventClaim(kw.pop("type"), kw.pop("sub_type"), ev, place=place, date=kw.pop("date", day), **kw))
            used |= {x for x in (kw.get("actor1"), kw.get("actor2"), *kw.get("assoc", [])) if x}
        elif kind == "control":
            f.control.append(ControlClaim(kw["actor"], PLACES[kw["place"]], kw.get("as_of", day), ev))
            used.add(kw["actor"])
    for aid in sorted(used):
        name, typ = ACTORS[aid]
        surface = name if name in body else aid
        f.actors.append(ActorFinding(aid, name, typ, [surface]))
        if name in body:
            k = body.index(name)
            f.mentions.append(Mention(aid, name, "body", k, k + len(name)))
    return f


def world() -> list[Findings]:
    out = [
        _finding(1, "2015-10-02", "Levant Wire", [
            "Russian jets struck positions held by the Islamic State around Palmyra overnight, and Russia said it acted to help the Syrian government.",
            "Moscow has been sending aircraft and advisers to support the Syrian government since September.",
        ], [
            ("event", 0, {"type": "Explosions/Remote violence", "sub_type": "Air/drone strike", "place": "Palmyra",
                          "actor1": "russia", "actor2": "islamic_state", "date": "2015-10-01", "fatalities": 12}),
            ("rel", 1, {"type": "backs", "subject": "russia", "object": "syria_government", "kind": "air_support"}),
        ]),
        _finding(2, "2015-11-20", "Desert Monitor", [
            "Jabhat al-Nusra and Ahrar al-Sham fought side by side against government troops near Saraqib.",
            "The two groups are allies in the Army of Conquest, a local commander told us.",
        ], [
            ("event", 0, {"type": "Battles", "sub_type": "Armed clash", "place": "Saraqib",
                          "actor1": "jabhat_al_nusra", "actor2": "syria_government", "assoc": ["ahrar_al_sham"],
                          "date": "2015-11-18", "fatalities": 9}),
            ("rel", 1, {"type": "ally_of", "subject": "jabhat_al_nusra", "object": "ahrar_al_sham",
                        "speaker": "quoted:a local commander"}),
            ("rel", 0, {"type": "fights", "subject": "jabhat_al_nusra", "object": "syria_government"}),
            ("control", 0, {"actor": "jabhat_al_nusra", "place": "Saraqib"}),
        ]),
        _finding(3, "2016-02-15", "Levant Wire", [
            "Turkish artillery shelled YPG positions north of Aleppo for a third day.",
            "Ankara regards the Kurdish militia as an enemy and has vowed to keep firing.",
        ], [
            ("event", 0, {"type": "Explosions/Remote violence", "sub_type": "Shelling/artillery/missile attack",
                          "place": "Aleppo", "actor1": "turkey", "actor2": "ypg", "date": "2016-02-14"}),
            ("rel", 1, {"type": "fights", "subject": "turkey", "object": "ypg"}),
        ]),
        _finding(4, "2016-03-27", "Desert Monitor", [
            "Government forces backed by Russian air power retook Palmyra from the Islamic State on Sunday.",
            "The army now holds the ancient city, state television said.",
        ], [
            ("event", 0, {"type": "Battles", "sub_type": "Government regains territory", "place": "Palmyra",
                          "actor1": "syria_government", "actor2": "islamic_state", "assoc": ["russia"],
                          "date": "2016-03-27", "fatalities": 30}),
            ("rel", 0, {"type": "backs", "subject": "russia", "object": "syria_government", "kind": "air_support"}),
            ("control", 1, {"actor": "syria_government", "place": "Palmyra", "speaker": "quoted:state television"}),
        ]),
        _finding(5, "2016-06-05", "Levant Wire", [
            "Officials in Washington said the United States is sending weapons to the Free Syrian Army.",
        ], [
            ("rel", 0, {"type": "backs", "subject": "united_states", "object": "free_syrian_army", "kind": "arms",
                        "speaker": "quoted:officials in Washington"}),
        ]),
        _finding(6, "2016-06-20", "Desert Monitor", [
            "A spokesman for the Free Syrian Army denied that the group receives weapons from the United States.",
            "Islamic State fighters attacked the outskirts of Deir ez-Zor, killing 14 soldiers.",
        ], [
            ("rel", 0, {"type": "backs", "subject": "united_states", "object": "free_syrian_army", "kind": "arms",
                        "negated": True, "speaker": "quoted:a spokesman for the Free Syrian Army"}),
            ("event", 1, {"type": "Battles", "sub_type": "Armed clash", "place": "Deir ez-Zor",
                          "actor1": "islamic_state", "actor2": "syria_government", "date": "2016-06-19",
                          "fatalities": 14}),
        ]),
        _finding(7, "2016-08-12", "Levant Wire", [
            "Kurdish-led fighters drove the Islamic State out of Manbij after a siege of more than two months.",
            "The YPG holds Manbij, according to the Syrian Observatory.",
        ], [
            ("event", 0, {"type": "Battles", "sub_type": "Non-state actor overtakes territory", "place": "Manbij",
                          "actor1": "ypg", "actor2": "islamic_state", "date": "2016-08-12"}),
            ("rel", 0, {"type": "fights", "subject": "ypg", "object": "islamic_state"}),
            ("control", 1, {"actor": "ypg", "place": "Manbij", "speaker": "quoted:SOHR"}),
        ]),
    ]
    # The hostile report: markup in the title, body, comment and URL must all stay text.
    hostile_sentence = "Clashes broke out near Idlib between the Free Syrian Army and Jabhat al-Nusra on Monday."
    out.append(_finding(8, "2016-08-20", "Unvetted Blog", [hostile_sentence], [
        ("event", 0, {"type": "Battles", "sub_type": "Armed clash", "place": "Idlib", "actor1": "free_syrian_army",
                      "actor2": "jabhat_al_nusra", "date": "2016-08-15"}),
    ], title=HOSTILE_TITLE, body=HOSTILE_BODY, url="javascript:window.__pwned='url'",
        comments=[Comment("c1", None, "<b onmouseover=\"window.__pwned='author'\">troll</b>", None, HOSTILE_COMMENT)]))
    return out


def seed(url: str) -> None:
    from orbat.store.repository import Store

    with Store.open(url) as store:
        for f in world():
            store.save(f)
