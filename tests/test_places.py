"""The gazetteer: strict matching, written forms, disambiguation, find_all, and the data itself."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

import pytest
import yaml

from orbat.errors import OrbatError
from orbat.knowledge.places import (
    KIND_PRECISION,
    PLACES_DIR,
    build_gazetteer,
    load_gazetteer,
    validate_places,
)

SYRIA_GOVERNORATES = {
    "Damascus", "Rif Dimashq", "Aleppo", "Idlib", "Homs", "Hama", "Latakia", "Tartus", "Deir ez-Zor",
    "Raqqa", "Hasakah", "Daraa", "Quneitra", "As-Suwayda",
}


@pytest.fixture(scope="session")
def gaz():
    return load_gazetteer()


def pid(gaz, name, context=(), hint="SY"):
    p = gaz.lookup(name, context, hint)
    return p.place_id if p else None


# ---- spelling variants -------------------------------------------------------------------

@pytest.mark.parametrize("group", [
    ["Deir ez-Zor", "Deir al-Zor", "Dayr az Zawr", "Deir Ezzor", "DEIR EZ-ZOR", "Deir el-Zour"],
    ["Raqqa", "al-Raqqa", "Rakka", "Ar Raqqah", "ar-Raqqa"],
    ["Idlib", "Idleb"],
    ["Daraa", "Deraa", "Dara'a", "Dar\u2019a"],
    ["Homs", "Hims"],
    ["Hama", "Hamah"],
    ["Latakia", "Lattakia", "al-Ladhiqiyah"],
    ["Aleppo", "Halab", "Aleppo city"],
    ["Palmyra", "Tadmur", "Tadmor"],
    ["Kobani", "Ain al-Arab", "Kobanê", "Ayn al-Arab"],
    ["Tal Abyad", "Tell Abyad", "Tal Abiad"],
    ["Khan Shaykhun", "Khan Sheikhoun", "Khān Shaykhūn"],
    # feminine and nisba endings
    ["Zakiyeh", "Zakiya", "Zakia", "Zakiyah"],
    ["Kalaseh", "Kalasa", "al-Kallasa"],
    ["Qamishli", "Qamishly", "al-Qamishli"],
    ["Maskanah", "Maskaneh", "Maskana"],
])
def test_variants_meet(gaz, group):
    ids = {pid(gaz, n) for n in group}
    assert None not in ids
    assert len(ids) == 1, ids


def test_article_prefixes_and_case(gaz):
    assert pid(gaz, "al-Bab") == pid(gaz, "Bab") == pid(gaz, "el-Bab") == pid(gaz, "AL BAB")
    assert pid(gaz, "as-Suwayda") == pid(gaz, "Suwayda") == pid(gaz, "Sweida")
    assert pid(gaz, "the Castello road") == pid(gaz, "Castello Road")
    assert gaz.lookup("al-Bab").precision == 1


def test_name_is_kept_as_written(gaz):
    p = gaz.lookup("Deir Ezzor")
    assert p.name == "Deir Ezzor"
    assert p.admin1 == "Deir ez-Zor"
    assert 35 < p.lat < 35.5 and 40 < p.lon < 40.3


# ---- written forms and precision ----------------------------------------------------------

@pytest.mark.parametrize("text,base,precision", [
    ("eastern Aleppo", "Aleppo", 2),
    ("the east of Aleppo", "Aleppo", 2),
    ("Aleppo's eastern districts", "Aleppo", 2),
    ("southern districts of Damascus", "Damascus", 2),
    ("the outskirts of Homs", "Homs", 2),
    ("near Palmyra", "Palmyra", 2),
    ("about 10 km south of Palmyra", "Palmyra", 2),
    ("western countryside of Aleppo", "Aleppo", 3),
    ("the northern Hama countryside", "Hama", 3),
    ("northern Syria", "Syria", 3),
    ("rebel-held eastern Aleppo", "Aleppo", 2),
    ("besieged Madaya", "Madaya", 1),
    ("Handarat camp", "Handarat camp", 2),
    ("Hama airport", "Hama military airport", 1),
    ("Hama's northern countryside", "Hama", 3),
    ("Aleppo's Old City", "Old City of Aleppo", 2),
    ("Deir ez-Zor's military airport", "Deir ez-Zor airport", 1),
    ("the Turkish border town of Kilis", "Kilis", 1),
    ("Idlib and Hama provinces", "Idlib province", 3),
    ("al-Bab, 30 km northeast of Aleppo", "al-Bab", 1),
])
def test_directional_and_descriptive_forms(gaz, text, base, precision):
    p = gaz.lookup(text)
    assert p is not None, text
    assert p.name == text
    assert p.place_id == pid(gaz, base)
    assert p.precision == precision


def test_province_form_gives_the_governorate(gaz):
    city, prov = gaz.lookup("Idlib"), gaz.lookup("Idlib province")
    assert city.precision == 1 and prov.precision == 3
    assert prov.place_id != city.place_id and prov.admin1 == "Idlib"
    assert gaz.lookup("Idleb governorate").place_id == prov.place_id


def test_regions_and_districts_have_their_precision(gaz):
    assert gaz.lookup("Eastern Ghouta").precision == 3
    assert gaz.lookup("Jabal al-Zawiya").precision == 3
    assert gaz.lookup("the Damascus countryside").admin1 == "Rif Dimashq"
    assert gaz.lookup("Sheikh Maqsoud").precision == 2
    assert gaz.lookup("Kuweires airbase").precision == 1


def test_a_place_inside_another(gaz):
    p = gaz.lookup("the Artillery College in the Ramouseh district")
    assert p.place_id == pid(gaz, "Artillery College")
    # an unknown place near a known one falls back to the known one, coarser
    q = gaz.lookup("the small farms near Saraqib")
    assert q.place_id == pid(gaz, "Saraqib") and q.precision == 2


def test_generic_reference_needs_context(gaz):
    assert gaz.lookup("the east of the city") is None
    p = gaz.lookup("the east of the city", context=["Homs"])
    assert p.place_id == pid(gaz, "Homs") and p.precision == 2
    assert gaz.lookup("the capital").place_id == pid(gaz, "Damascus")


# ---- disambiguation ------------------------------------------------------------------------

def test_same_name_in_two_governorates_follows_context(gaz):
    north = gaz.lookup("Soran", context=["Azaz", "Marea"])
    south = gaz.lookup("Soran", context=["Hama province"])
    assert north.admin1 == "Aleppo" and south.admin1 == "Hama"
    assert north.place_id != south.place_id


def test_districts_follow_their_city(gaz):
    assert gaz.lookup("Old City", context=["Damascus"]).admin1 == "Damascus"
    assert gaz.lookup("Old City", context=["Aleppo"]).admin1 == "Aleppo"
    assert gaz.lookup("al-Khalidiya", context=["Homs"]).admin1 == "Homs"
    assert gaz.lookup("al-Khalidiya", context=["Aleppo"]).admin1 == "Aleppo"


def test_country_hint_and_foreign_context(gaz):
    assert gaz.lookup("Rabia").country == "SY"
    assert gaz.lookup("Rabia", context=["Tal Afar"]).country == "IQ"
    assert gaz.lookup("Soran (Aleppo)").admin1 == "Aleppo"
    assert gaz.lookup("Sinjar").country == "SY"  # a village in Idlib
    assert gaz.lookup("Sinjar", context=["Iraq"]).country == "IQ"
    assert gaz.lookup("Sinjar, Iraq").country == "IQ"
    assert gaz.lookup("Soran", country_hint="IQ").country == "IQ"


# ---- no loose matching -----------------------------------------------------------------------

@pytest.mark.parametrize("a,b", [("al-Eis", "Sa'sa'"), ("Salma", "Salamiyah"), ("Jobar", "Yabroud"),
                                 ("Hama", "al-Hameh"), ("Adra", "Daraa")])
def test_look_alikes_stay_apart(gaz, a, b):
    assert pid(gaz, a) is not None and pid(gaz, b) is not None
    assert pid(gaz, a) != pid(gaz, b)


@pytest.mark.parametrize("text", ["Aleppa", "Homsville", "Jobarr Yabroud", "the city", "", "the ceasefire"])
def test_unknown_names_are_not_guessed(gaz, text):
    assert gaz.lookup(text) is None


# ---- find_all --------------------------------------------------------------------------------

def test_find_all_spans_and_longest_match(gaz):
    text = ("Loyalist units pushed on toward Khan Tuman on Tuesday, while jets hit al-Bab and the "
            "garrison at Deir ez-Zor airport held out; the Castello Road stayed shut.")
    found = gaz.find_all(text)
    names = [text[s:e] for s, e, _ in found]
    assert names == ["Khan Tuman", "al-Bab", "Deir ez-Zor airport", "Castello Road"]
    assert all(p.name == text[s:e] for s, e, p in found)
    assert found[2][2].place_id == pid(gaz, "Deir ez-Zor airport")


def test_find_all_skips_words_and_group_names(gaz):
    text = ("Mayor Hamid said the Duma would vote. Hit by shells, Jabhat Fateh al-Sham and "
            "Jabhat al-Shamiya fighters withdrew; a homs-based NGO and Aleppo's council spoke.")
    names = [p.name for _, _, p in gaz.find_all(text)]
    assert names == ["Aleppo"]


def test_find_all_uses_the_text_as_context(gaz):
    text = "Turkish-backed rebels took Dabiq and then Soran, north of Aleppo."
    soran = [p for _, _, p in gaz.find_all(text) if p.name == "Soran"]
    assert soran and soran[0].admin1 == "Aleppo"


# ---- user files and loading ------------------------------------------------------------------

def test_user_file_extends_the_gazetteer(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text(yaml.safe_dump({"places": [{
        "name": "Kafr Naya", "aka": ["Kafrnaya"], "kind": "village", "lat": 36.40, "lon": 37.02,
        "admin1": "Aleppo", "country": "SY", "source": "OpenStreetMap"}]}), encoding="utf-8")
    g = load_gazetteer([extra])
    assert g.lookup("Kafrnaya").admin1 == "Aleppo"
    assert g.lookup("Aleppo") is not None
    assert load_gazetteer() is not g


def test_bad_user_file_names_the_problem(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("places:\n- {name: Nowhere, kind: village, lat: 1, lon: 2}\n", encoding="utf-8")
    with pytest.raises(OrbatError) as e:
        build_gazetteer([bad])
    assert "E020" in str(e.value) and "Nowhere" in str(e.value) and "line 2" in str(e.value)


def test_validate_reports_every_problem(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "places:\n"
        "- {name: Nowhere, kind: village, lat: 1, lon: 2}\n"
        "- {name: Offworld, kind: village, lat: 120, lon: 2, admin1: Hama, country: SY, source: Wikipedia}\n"
        "- {name: Homeless, kind: town, lat: 35, lon: 36, admin1: '', country: SY, source: Wikipedia}\n",
        encoding="utf-8")
    problems = validate_places([bad])
    text = "\n".join(problems)
    assert len(problems) == 3, problems
    assert "Nowhere" in text and "off the globe" in text and "no admin1" in text
    assert validate_places() == []


def test_version_changes_with_the_data(tmp_path, gaz):
    extra = tmp_path / "x.yaml"
    extra.write_text("stoplist: [Qara]\n", encoding="utf-8")
    forms = PLACES_DIR / "forms.yaml"
    assert gaz.version.startswith("places-")
    assert build_gazetteer([forms, extra]).version != build_gazetteer([forms]).version


def test_load_is_cached(gaz):
    assert load_gazetteer() is gaz


# ---- the data itself ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _supplement():
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((PLACES_DIR / "syria_supplement.yaml").read_text(encoding="utf-8"), Loader=loader)["places"]


def _geonames():
    with (PLACES_DIR / "geonames.tsv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_supplement_entries_are_complete():
    places = _supplement()
    assert len(places) >= 400
    for p in places:
        where = p.get("name")
        assert p["kind"] in KIND_PRECISION, where
        assert isinstance(p["lat"], float | int) and isinstance(p["lon"], float | int), where
        assert -90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180, where
        assert p["source"] in {"GeoNames", "OpenStreetMap", "Wikipedia"}, where
        assert p["country"] and len(p["country"]) == 2, where
        assert p["admin1"] or p["kind"] == "country", where
        if p["country"] == "SY" and p["kind"] != "country":
            assert p["admin1"] in SYRIA_GOVERNORATES, where
            assert 32.2 < p["lat"] < 37.4 and 35.5 < p["lon"] < 42.5, where


def test_supplement_mostly_theatre_places_beyond_any_one_corpus():
    places = _supplement()
    syria = [p for p in places if p["country"] == "SY"]
    assert len(syria) >= 400
    assert {p["admin1"] for p in syria if p["kind"] != "country"} == SYRIA_GOVERNORATES


def test_geonames_rows_are_complete():
    rows = _geonames()
    assert sum(r["country"] == "SY" for r in rows) >= 300
    for r in rows:
        assert r["admin1"], r["name"]
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180
        assert r["country"] in {"SY", "TR", "IQ", "LB", "JO", "IL"}
        if r["country"] != "SY":
            assert int(r["population"]) >= 15000
    assert {r["admin1"] for r in rows if r["country"] == "SY"} == SYRIA_GOVERNORATES


def test_ids_are_unique(gaz):
    ids = [e.id for e in gaz.entries]
    assert len(ids) == len(set(ids))


def test_licence_file_ships():
    text = (PLACES_DIR / "LICENSE-GEONAMES.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in text and "geonames.org" in text


def test_every_listed_spelling_resolves_to_its_entry(gaz):
    """No spelling in the supplement is shadowed so that lookup can never return its entry."""
    by_id = {e.id: e for e in gaz.entries}
    lost = []
    for e in by_id.values():
        if not e.supplement:
            continue
        ctx = [e.admin1] if e.admin1 else []
        for n in e.names:
            got = gaz.lookup(n, context=ctx, country_hint=e.country)
            if got is None or (got.place_id != e.id and e.kind != "governorate"):
                lost.append((e.name, n, got and got.place_id))
    assert not lost, lost[:20]


def test_data_dir_is_the_package_folder():
    assert Path(PLACES_DIR).name == "places" and (Path(PLACES_DIR) / "forms.yaml").exists()


def test_arabic_script_names(gaz):
    assert pid(gaz, "حلب") == pid(gaz, "Aleppo")
    assert pid(gaz, "الرقة") == pid(gaz, "Raqqa")
    assert pid(gaz, "دير الزور") == pid(gaz, "Deir ez-Zor")


def test_plural_settlement_noun_and_article_names() -> None:
    from orbat.annotate.places import _settlement_rx
    rx = _settlement_rx()
    assert rx is not None
    m = rx.search("Jets hit the villages of Tell al-Hawa and Qabasin overnight.")
    assert m is not None and m.group(1) == "Tell al-Hawa"


def test_place_finder_answers_each_context_afresh(gaz):
    import spacy

    from orbat.annotate.places import PlaceFinder

    finder = PlaceFinder(gaz)
    doc = spacy.blank("en")("Fighting went on all night around Soran.")
    north = [p.admin1 for _, _, p in finder.in_doc(doc, ["Azaz", "Marea"]) if p.name == "Soran"]
    south = [p.admin1 for _, _, p in finder.in_doc(doc, ["Hama province"]) if p.name == "Soran"]
    assert north and south and north != south
