"""The offline gazetteer: turn a place name as a text writes it into a `Place` with coordinates.

Why strict matching: reporting on Syria spells one village five ways, but loose similarity
matching picks the wrong village (al-Eis -> Sa'sa', Salma -> Salamiyah, Jobar -> Yabroud). So a
name matches only through a deterministic normal form (case, diacritics, apostrophes, hyphens,
Arabic articles, doubled letters, a final -h, the -iyeh/-iya and -eh/-a endings of longer words,
the standard variants of common toponym words such as Tell/Tal or Dayr/Deir) or through a
spelling the data lists. Ambiguity is settled by the context the caller passes (governorates,
countries and places named nearby, and how close the candidates lie to them), then by the
country hint, then by preferring the theatre supplement, the more prominent kind (a town over a
district of the same name, a city over its governorate) and the larger place.

Public entry points: `load_gazetteer()` (once per process), `Gazetteer.lookup()`,
`Gazetteer.find_all()`, `validate_places()` (every problem in the place files, for
`orbat kb validate`).

Directional and descriptive forms ("eastern Aleppo", "the outskirts of Homs", "Idlib province",
"villages south-west of the city") resolve to the base place with a coarser precision, and the
returned `Place.name` keeps the name as written. All word lists live in data/places/forms.yaml;
all places in data/places/*.tsv and *.yaml (a user adds a file there or passes paths).
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from orbat.errors import Code, OrbatError
from orbat.model import Place

PLACES_DIR = Path(__file__).resolve().parents[1] / "data" / "places"

KIND_PRECISION = {
    "city": 1, "town": 1, "village": 1, "military_site": 1, "crossing": 1, "landmark": 1,
    "site": 1, "district": 2, "neighbourhood": 2, "road": 2, "region": 3, "governorate": 3,
    "country": 3,
}
# Among same-named candidates with nothing else to choose by, the more prominent kind wins.
KIND_RANK = {
    "city": 9, "town": 8, "military_site": 7, "crossing": 7, "landmark": 6, "site": 6,
    "village": 5, "district": 4, "neighbourhood": 4, "road": 3, "region": 2, "governorate": 1,
    "country": 1,
}
SETTLEMENT = {"city", "town", "village"}

_APOSTROPHES = "'\u2019\u2018`\u02bc\u02bf\u02be\u00b4"
_TOKEN = re.compile(r"[^\W_](?:[^\W_]|[" + _APOSTROPHES + r"](?=[^\W_]))*")
_POSSESSIVE = re.compile(r"[" + _APOSTROPHES + r"]s$")
_APOS = re.compile(r"[" + _APOSTROPHES + r"]")
_DOUBLE = re.compile(r"(.)\1+")
_ARABIC_MAP = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": ""})


@dataclass
class Entry:
    """One place in the gazetteer, whichever file it came from."""

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    admin1: str
    country: str
    names: list[str]
    population: int = 0
    supplement: bool = False
    capital: bool = False

    @property
    def precision(self) -> int:
        return KIND_PRECISION.get(self.kind, 1)


@dataclass(slots=True)
class _Token:
    key: str
    start: int
    end: int
    raw: str
    lead: int  # start of a dropped article written just before ("al-" of "al-Bab")


@dataclass
class _Context:
    admin1: set[tuple[str, str]] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    points: list[tuple[float, float]] = field(default_factory=list)
    cities: list[Entry] = field(default_factory=list)
    any: list[Entry] = field(default_factory=list)


def _strip_marks(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


class Normaliser:
    """The one normal form shared by names in the data, names asked for and running text."""

    def __init__(self, forms: dict) -> None:
        self.articles = set(forms.get("articles") or [])
        self.variants = {str(k): str(v) for k, v in (forms.get("token_variants") or {}).items()}
        self._cache: dict[str, str] = {}
        self._lower: dict[str, str] = {}

    def fold(self, raw: str) -> str:
        """Key of one token: lower case, no marks or apostrophes, doubled letters and a final -h folded."""
        got = self._cache.get(raw)
        if got is None:
            got = self._cache[raw] = self._fold(raw)
        return got

    def _fold(self, raw: str) -> str:
        t = _strip_marks(raw).lower().translate(_ARABIC_MAP)
        t = _APOS.sub("", _POSSESSIVE.sub("", t))
        if not t:
            return t
        if "\u0600" <= t[0] <= "\u06ff":
            if t.startswith("ال") and len(t) > 4:
                t = t[2:]
            return _DOUBLE.sub(r"\1", t)
        t = self.variants.get(t, t)
        t = _DOUBLE.sub(r"\1", t)
        if len(t) > 3 and t[-1] == "h" and t[-2] in "aei":
            t = t[:-1]
        # the feminine and nisba endings: -iyeh/-iya/-ieh/-ia, -eh/-a, -y/-i (Zakiyeh = Zakiya = Zakia,
        # Kalaseh = Kalasa, Qamishly = Qamishli); only on longer words, so Hameh stays apart from Hama
        if len(t) >= 5 and t[-2:] in ("ie", "ia") and t[-3] != "y":
            t = t[:-2] + "iya"
        elif len(t) >= 6 and t[-1] == "e":
            t = t[:-1] + "a"
        elif len(t) >= 5 and t[-1] == "y" and t[-2] not in "aeiou":
            t = t[:-1] + "i"
        return self.variants.get(t, t)

    def tokens(self, text: str, *, running: bool) -> list[_Token]:
        """Tokens with their keys; articles dropped (in running text only where they are clearly articles)."""
        raw = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        out: list[_Token] = []
        lead: int | None = None
        # a whole segment goes through here for every place look-up: the caches and sets as locals
        lowers, keys, articles, n = self._lower, self._cache, self.articles, len(raw)
        for i, (w, s, e) in enumerate(raw):
            low = lowers.get(w)
            if low is None:
                low = lowers[w] = _strip_marks(w).lower()
            if low in articles and i + 1 < n:
                hyphen = text[e:e + 1] in "-\u2010\u2011"
                if not running or hyphen or low in ("al", "el") or self._article_in_name(raw, i):
                    lead = s if lead is None else lead
                    continue
            if not running and low == "the":
                continue
            if w[-1] == "s" and _POSSESSIVE.search(w):  # possessive: "Aleppo's" is "Aleppo"
                w, e = w[:-2], e - 2
            key = keys.get(w)
            if key is None:
                key = self.fold(w)
            if key:
                out.append(_Token(key, s, e, w, s if lead is None else lead))
            lead = None
        return out

    @staticmethod
    def _article_in_name(raw: list[tuple[str, int, int]], i: int) -> bool:
        """A spaced article ("Dayr az Zawr", "As Suwayda") counts only between or before capitals."""
        w = raw[i][0]
        nxt = raw[i + 1][0]
        if not nxt[:1].isupper():
            return False
        if w[:1].isupper():
            return True
        return i > 0 and raw[i - 1][0][:1].isupper()

    def key(self, name: str) -> str:
        name = re.sub(r"\([^)]*\)", " ", name)
        return " ".join(t.key for t in self.tokens(name, running=False))


def _words(items: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first, spaces and hyphens interchangeable."""
    parts = sorted({r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", str(x).lower().strip()))
                    for x in items}, key=len, reverse=True)
    return "(?:" + "|".join(parts) + ")"


class Gazetteer:
    """All places, an index from normal forms to candidates, and the rules for written forms."""

    def __init__(self, entries: list[Entry], forms: dict, version: str = "") -> None:
        self.entries = entries
        self.forms = forms
        self.version = version  # hash of the files read: goes into each finding's knowledge version
        self.norm = Normaliser(forms)
        self.index: dict[str, list[Entry]] = {}
        for e in entries:
            for n in e.names:
                k = self.norm.key(n)
                if k:
                    bucket = self.index.setdefault(k, [])
                    if e not in bucket:
                        bucket.append(e)
        stoplist = [str(w) for w in forms.get("stoplist") or []]
        self.stop = {self.norm.key(w) for w in stoplist}
        # find_all compares what the text wrote, so "Maan" is found though "Man" is stoplisted
        self.stop_surface = {self._surface(w) for w in stoplist}
        self._rules = self._compile_rules(forms)
        self._coarse_tail = re.compile(rf"\b{_words(forms.get('coarse_nouns') or [])}$", re.I)
        self._generic = {self._clean(k): v for k, v in (forms.get("generic_references") or {}).items()}
        self._automaton = None
        self._ctx_cache: dict[str, Entry | None] = {}

    @staticmethod
    def _surface(s: str) -> str:
        return re.sub(r"[\s\-\u2010\u2011]+", " ", _APOS.sub("", _strip_marks(s).lower())).strip()

    # ---- written forms -------------------------------------------------------------------

    def _compile_rules(self, f: dict) -> list[tuple[re.Pattern[str], int, str | None]]:
        """(pattern with a `base` group, precision floor, preferred kind), tried in order."""
        d = _words(f.get("directions") or [])
        part = _words(f.get("part_nouns") or [])
        coarse = _words(f.get("coarse_nouns") or [])
        gov = _words(f.get("governorate_nouns") or [])
        near = _words(f.get("near_words") or [])
        prep = _words(f.get("prepositions") or [])
        same = _words((f.get("descriptor_suffixes") or {}).get("same") or [])
        nearsuf = _words((f.get("descriptor_suffixes") or {}).get("near") or [])
        qual = _words(f.get("qualifiers") or [])
        qsuf = _words(f.get("qualifier_suffixes") or [])
        dist = r"(?:(?:about|some|around|roughly|nearly)\s+)?\d+(?:[.,]\d+)?\s*(?:km|kms|kilometres|kilometers|miles|mi)\s+"
        rules = [
            (rf"^(?:\w+[\s-]+)?{qsuf}\s+(?P<base>.+)$", 1, None),  # rebel-held X
            (rf"^{qual}\s+(?P<base>.+)$", 1, None),
            (rf"^{prep}\s+(?P<base>.+)$", 1, None),
            (rf"^{gov}\s+of\s+(?P<base>.+)$", 3, "governorate"),
            (rf"^(?P<base>.+?)\s+{gov}$", 3, "governorate"),
            (rf"^(?:{d}\s+)?{coarse}\s+(?:of|around|near)\s+(?P<base>.+)$", 3, None),
            (rf"^(?:{d}\s+)?(?P<base>.+?)\s+{coarse}$", 3, None),
            (rf"^(?:{dist})?{d}(?:ern)?\s+of\s+(?P<base>.+)$", 2, None),  # south of X, 5 km east of X
            (rf"^(?:{d}\s+)?{part}\s+(?:{dist})?{d}\s+of\s+(?P<base>.+)$", 2, None),  # villages south-west of X
            (rf"^(?:{d}\s+)?{part}\s+(?:of|in|near|around|outside|on)\s+(?P<base>.+)$", 2, None),
            (rf"^{near}\s+(?P<base>.+)$", 2, None),
            (rf"^(?P<base>.+?)['\u2019]s?\s+(?:{d}\s+)?{part}$", 2, None),  # Aleppo's eastern districts
            (rf"^{d}\s+(?P<base>.+)$", 2, None),  # eastern Aleppo
            (rf"^(?:{d}\s+)?(?P<base>.+?)\s+{part}$", 2, None),  # Aleppo outskirts
            (rf"^(?P<base>.+?)\s+{same}$", 1, None),  # Aleppo city
            (rf"^(?P<base>.+?)\s+{nearsuf}$", 2, None),  # Handarat camp, Hama airport
            # "the Turkish border town of Kilis", "the strategic rebel-held city of Saraqib"
            (r"^.*?\b(?:town|city|village|hamlet|suburb|port|capital|stronghold|bastion)\s+of\s+(?P<base>.+)$", 1, None),
        ]
        return [(re.compile(p, re.I), floor, kind) for p, floor, kind in rules]

    @staticmethod
    def _clean(text: str) -> str:
        t = _strip_marks(text).lower().strip()
        t = re.sub(r"[\u2010-\u2015]", "-", t)
        t = re.sub(r"^[\s\"'\u201c\u201d\u2018\u2019(\[]+|[\s\"'\u201c\u201d\u2018\u2019)\].,;:!?]+$", "", t)
        t = re.sub(r"^the\s+", "", t)
        return re.sub(r"\s+", " ", t)

    # ---- lookup --------------------------------------------------------------------------

    def lookup(self, name: str, context: Iterable[str] = (), country_hint: str | None = "SY") -> Place | None:
        """Resolve a place name as written; None when the gazetteer does not know it.

        `context`: governorates and place names from around the mention, used to choose among
        same-named places (and to resolve "the city"). The returned name is `name` as written.
        """
        written = (name or "").strip()
        if not written:
            return None
        ctx = self._context(context, country_hint)
        found = self._resolve(written, ctx, country_hint, 0)
        if found is None:
            return None
        e, precision = found
        return Place(name=written, place_id=e.id, lat=e.lat, lon=e.lon, admin1=e.admin1 or None,
                     country=e.country, precision=precision)

    def candidates(self, name: str) -> list[Entry]:
        """Every entry whose name (or listed spelling) has the same normal form as `name`."""
        return list(self.index.get(self.norm.key(name), []))

    def _resolve(self, text: str, ctx: _Context, hint: str | None, depth: int,
                 want: str | None = None) -> tuple[Entry, int] | None:
        if depth > 5:
            return None
        paren = re.match(r"^(?P<a>[^()]+?)\s*\((?P<b>[^()]+)\)\s*$", text.strip())
        if paren:  # "Soran (Aleppo)": the parenthesis is context, as in the data's display names
            extra = self._context([paren.group("b")], hint)
            sub = _Context(ctx.admin1 | extra.admin1, ctx.countries | extra.countries, ctx.points + extra.points,
                           ctx.cities + extra.cities, ctx.any + extra.any)
            return self._resolve(paren.group("a"), sub, hint, depth, want)
        t = self._clean(text)
        if not t:
            return None
        if t in self._generic:
            e = self._generic_ref(self._generic[t], ctx, hint)
            return (e, e.precision) if e else None
        key = self.norm.key(t)
        if depth and key in self.stop:
            return None  # a leftover word ("of the" -> "Of", Turkey) is not a place
        cands = self.index.get(key)
        if cands:
            e = self._choose(cands, ctx, hint, want)
            return e, e.precision
        # "A's B" (Aleppo's Old City, Deir ez-Zor's military airport): B in A if known, else near A.
        m = re.match(r"^(?P<a>[^']+?)['\u2019]s\s+(?P<b>.+)$", t)
        if m:
            a = self._resolve(m.group("a"), ctx, hint, depth + 1)
            if a is not None:
                sub = _Context(ctx.admin1 | {(a[0].country, a[0].admin1)}, ctx.countries | {a[0].country},
                               ctx.points + [(a[0].lat, a[0].lon)],
                               ctx.cities + ([a[0]] if a[0].kind in SETTLEMENT else []), ctx.any + [a[0]])
                b = self._resolve(m.group("b"), sub, hint, depth + 1, want)
                if b is not None:
                    return b
                return a[0], max(a[1], 3 if self._coarse_tail.search(m.group("b")) else 2)
        # "Idlib and Hama provinces", "Hama or Homs": the first place named.
        m = re.match(r"^(?P<a>.+?)\s+(?:and|or|&)\s+(?P<b>.+)$", t)
        if m:
            tail = re.search(r"\s(\S+)$", m.group("b"))
            a = m.group("a") + (" " + tail.group(1) if tail and " " in m.group("b") else "")
            for cand in (a, m.group("a")):
                r = self._resolve(cand, ctx, hint, depth + 1, want)
                if r is not None:
                    return r
        # "A in B", "A near B", "A, B": A if known (B is context for it), else somewhere near B.
        m = re.match(r"^(?P<a>.+?)(?:\s*,\s*|\s+(?P<w>in|near|outside|of|on|at)\s+(?:the\s+)?)(?P<b>.+)$", t)
        if m and depth < 5:
            b = self._resolve(m.group("b"), ctx, hint, depth + 1)
            sub = ctx
            if b is not None:
                sub = _Context(ctx.admin1 | {(b[0].country, b[0].admin1)}, ctx.countries | {b[0].country},
                               ctx.points + [(b[0].lat, b[0].lon)],
                               ctx.cities + ([b[0]] if b[0].kind in SETTLEMENT else []), ctx.any + [b[0]])
            a = self._resolve(m.group("a"), sub, hint, depth + 1)
            if a is not None:
                return a
            if b is not None and m.group("w") not in (None, "of"):
                return b[0], max(b[1], 2)
        for rx, floor, kind in self._rules:
            m = rx.match(t)
            if not m or not m.group("base") or m.group("base") == t:
                continue
            r = self._resolve(m.group("base"), ctx, hint, depth + 1, want=kind or want)
            if r is not None:
                e, p = r
                return e, max(p, floor)
        return None

    def _choose(self, cands: Sequence[Entry], ctx: _Context, hint: str | None, want: str | None) -> Entry:
        def score(e: Entry) -> tuple:
            near = 0.0
            if ctx.points:
                near = -min(_km(e.lat, e.lon, la, lo) for la, lo in ctx.points)
            bare = want is None
            return (
                (e.country, e.admin1) in ctx.admin1,
                e.country in ctx.countries,
                want is not None and e.kind == want,
                near > -75.0 if ctx.points else False,
                hint is None or e.country == hint,
                e.supplement,
                # a bare name means the place, not the governorate or country named after it
                (e.kind not in ("governorate", "country")) if bare else True,
                KIND_RANK.get(e.kind, 0),
                near,
                e.population,
                e.country == "SY",
                -len(e.id),
            )
        return max(cands, key=score)

    def _generic_ref(self, what: str, ctx: _Context, hint: str | None) -> Entry | None:
        if what == "city":
            return ctx.cities[0] if ctx.cities else None
        if what == "capital":
            caps = [e for e in self.entries if e.capital and e.country == (hint or "SY")]
            if not caps:
                return None
            cap = max(caps, key=lambda e: e.population)
            # the same city may also be in the supplement, which is the preferred record
            return self._choose(self.index.get(self.norm.key(cap.name)) or [cap], ctx, hint, None)
        return ctx.any[0] if ctx.any else None

    def _context(self, context: Iterable[str], hint: str | None) -> _Context:
        ctx = _Context()
        for c in context or ():
            if not c:
                continue
            k = f"{hint}\x00{c}"
            if k not in self._ctx_cache:
                r = self._resolve(c, _Context(), hint, 0)
                self._ctx_cache[k] = r[0] if r else None
            e = self._ctx_cache[k]
            if e is None:
                continue
            if e.kind == "country":
                ctx.countries.add(e.country)
            else:
                ctx.admin1.add((e.country, e.admin1))
            ctx.any.append(e)
            if e.kind in SETTLEMENT:
                ctx.cities.append(e)
            if e.kind not in ("governorate", "country", "region"):
                ctx.points.append((e.lat, e.lon))
        return ctx

    # ---- finding names in text -----------------------------------------------------------

    def _build_automaton(self):  # noqa: ANN202 - ahocorasick has no stubs
        import ahocorasick

        a = ahocorasick.Automaton()
        for k in self.index:
            if (" " not in k and len(k) < 3) or k.isdigit():
                continue
            a.add_word(f" {k} ", k)
        a.make_automaton()
        return a

    def find_all(self, text: str, context: Iterable[str] = (),
                 country_hint: str | None = "SY") -> list[tuple[int, int, Place]]:
        """Every gazetteer name in `text` as (start, end, Place), longest match first, no overlaps.

        A match must start with a capital letter (or a digit or Arabic script) in the text and
        cover whole words; stoplisted names (data/places/forms.yaml) are never reported alone.
        Same-named places are told apart by the other places the text names.
        """
        if self._automaton is None:
            self._automaton = self._build_automaton()
        toks = self.norm.tokens(text, running=True)
        if not toks:
            return []
        joined, starts = [" "], []
        pos = 1
        for t in toks:
            starts.append(pos)
            joined.append(t.key + " ")
            pos += len(t.key) + 1
        s = "".join(joined)
        at = {p: i for i, p in enumerate(starts)}
        hits = []
        for end, key in self._automaton.iter(s):
            first = at.get(end - len(key))
            if first is None:
                continue
            last = first + key.count(" ")
            head = toks[first].raw[:1]
            if not (head.isupper() or head.isdigit() or "\u0600" <= head <= "\u06ff"):
                continue
            if self._surface(text[toks[first].start:toks[last].end]) in self.stop_surface:
                continue
            hits.append((first, last, key))
        hits.sort(key=lambda h: (-(h[1] - h[0]), -len(h[2]), h[0]))
        taken: set[int] = set()
        chosen = []
        for first, last, key in hits:
            if taken.intersection(range(first, last + 1)):
                continue
            taken.update(range(first, last + 1))
            chosen.append((first, last, key))
        chosen.sort()
        # The places the text names unambiguously are the context for the ambiguous ones.
        names = list(context or ())
        names += [key for _, _, key in chosen if len({(e.country, e.admin1) for e in self.index[key]}) == 1]
        ctx = self._context(names, country_hint)
        out = []
        for first, last, key in chosen:
            start, end = toks[first].lead, toks[last].end
            e = self._choose(self.index[key], ctx, country_hint, None)
            out.append((start, end, Place(name=text[start:end], place_id=e.id, lat=e.lat, lon=e.lon,
                                          admin1=e.admin1 or None, country=e.country, precision=e.precision)))
        return out


def _km(la1: float, lo1: float, la2: float, lo2: float) -> float:
    p = math.pi / 180
    a = (math.sin((la2 - la1) * p / 2) ** 2
         + math.cos(la1 * p) * math.cos(la2 * p) * math.sin((lo2 - lo1) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(min(1.0, a)))


# ---- loading ---------------------------------------------------------------------------------

def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _strip_marks(s).lower()).strip("-")


def _read_tsv(path: Path) -> list[Entry]:
    """A GeoNames-style TSV (scripts/build_gazetteer.py writes the columns it needs)."""
    out = []
    with path.open(encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE), start=2):
            try:
                pop = int(row.get("population") or 0)
                names = [row["name"], row.get("asciiname") or ""]
                names += [a for a in (row.get("alternatenames") or "").split("|") if a]
                kind = "city" if pop >= 100_000 else "town" if pop >= 10_000 else "village"
                out.append(Entry(
                    id=f"geonames:{row['geonameid']}", name=row["name"], kind=kind,
                    lat=float(row["lat"]), lon=float(row["lon"]), admin1=row.get("admin1") or "",
                    country=row["country"], names=[n for n in names if n], population=pop,
                    capital=row.get("feature_code") == "PPLC",
                ))
            except (KeyError, ValueError, TypeError) as exc:
                raise OrbatError(Code.E020, path=path, line=line, why=f"bad gazetteer row ({exc})") from exc
    return out


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
REQUIRED = ("name", "kind", "lat", "lon", "admin1", "country", "source")


def _read_yaml(path: Path) -> tuple[list[Entry], dict]:
    """A YAML file with `places:` (entries) and/or form lists (`stoplist:`, `directions:`, ...)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
        raise OrbatError(Code.E020, path=path, line=line, why=f"not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise OrbatError(Code.E020, path=path, line=1, why="expected a mapping with a `places:` list")
    forms = {k: v for k, v in data.items() if k != "places"}
    return _read_yaml_entries(path, data.get("places") or []), forms


def _entry_line(path: Path, index: int) -> int:
    """The line where entry `index` (1-based) of `places:` starts; looked up only for an error."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=_LOADER)
        for k, v in root.value:
            if k.value == "places":
                return v.value[index - 1].start_mark.line + 1
    except (yaml.YAMLError, AttributeError, IndexError, OSError):
        pass
    return 0


def _read_yaml_entries(path: Path, places: list, start: int = 1) -> list[Entry]:
    out = []
    for i, p in enumerate(places, start=start):
        def bad(why: str, i: int = i) -> OrbatError:
            return OrbatError(Code.E020, path=path, line=_entry_line(path, i), why=why)

        if not isinstance(p, dict):
            raise bad(f"entry {i} is not a mapping")
        missing = [k for k in REQUIRED if k not in p]
        if missing:
            raise bad(f"{p.get('name')!r} lacks {', '.join(missing)}")
        if p["kind"] not in KIND_PRECISION:
            raise bad(f"{p['name']!r} has unknown kind {p['kind']!r} (one of {', '.join(KIND_PRECISION)})")
        try:
            lat, lon = float(p["lat"]), float(p["lon"])
        except (TypeError, ValueError) as exc:
            raise bad(f"{p['name']!r} has bad coordinates") from exc
        aka = p.get("aka") or []
        out.append(Entry(
            id=p.get("id") or f"orbat:{str(p['country']).lower()}:{_slug(str(p['name']))}",
            name=re.sub(r"\s*\([^)]*\)", "", str(p["name"])).strip(), kind=p["kind"], lat=lat, lon=lon,
            admin1=str(p["admin1"] or ""), country=str(p["country"]), names=[str(p["name"])] + [str(a) for a in aka],
            population=int(p.get("population") or 0), supplement=True,
        ))
    return out


def _merge_forms(into: dict, new: dict) -> None:
    for k, v in new.items():
        if isinstance(v, list):
            into[k] = list(into.get(k) or []) + v
        elif isinstance(v, dict):
            merged = dict(into.get(k) or {})
            for kk, vv in v.items():
                merged[kk] = (list(merged.get(kk) or []) + vv) if isinstance(vv, list) else vv
            into[k] = merged
        else:
            into[k] = v


def _files(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files += sorted(list(p.glob("*.tsv")) + list(p.glob("*.yaml")) + list(p.glob("*.yml")))
        elif p.exists():
            files.append(p)
        else:
            raise OrbatError(Code.E010, path=p)
    return files


def build_gazetteer(paths: Iterable[str | Path]) -> Gazetteer:
    """A gazetteer from exactly these files (directories are read for *.tsv and *.yaml)."""
    files = _files(paths)
    entries: list[Entry] = []
    forms: dict = {}
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.name.encode() + b"\x00" + f.read_bytes())
        if f.suffix == ".tsv":
            entries += _read_tsv(f)
        else:
            new, fm = _read_yaml(f)
            entries += new
            _merge_forms(forms, fm)
    return Gazetteer(entries, forms, version="places-" + digest.hexdigest()[:12])


def validate_places(paths: Iterable[str | Path] | None = None) -> list[str]:
    """Every problem in the place files, one line each (for `orbat kb validate`); [] when clean.

    Unlike loading, which stops at the first unreadable entry, this reads on and also reports
    what loads but is wrong: coordinates off the globe, a missing governorate, a duplicate id.
    """
    problems: list[str] = []
    entries: list[Entry] = []
    for f in _files([PLACES_DIR, *(paths or ())]):
        try:
            if f.suffix == ".tsv":
                entries += _read_tsv(f)
                continue
            data = yaml.load(f.read_text(encoding="utf-8"), Loader=_LOADER) or {}
        except (OrbatError, yaml.YAMLError, OSError) as exc:
            problems.append(f"{f}: {exc}")
            continue
        for i, p in enumerate((data.get("places") if isinstance(data, dict) else None) or [], start=1):
            try:
                entries += _read_yaml_entries(f, [p], start=i)
            except OrbatError as exc:
                problems.append(str(exc))
    seen: dict[str, Entry] = {}
    for e in entries:
        where = f"{e.id} ({e.name})"
        if not (-90 <= e.lat <= 90 and -180 <= e.lon <= 180):
            problems.append(f"{where}: coordinates {e.lat}, {e.lon} are off the globe")
        if not e.admin1 and e.kind != "country":
            problems.append(f"{where}: no admin1 (governorate)")
        if e.id in seen:
            problems.append(f"{where}: id also used by {seen[e.id].name}")
        seen[e.id] = e
    return problems


@lru_cache(maxsize=8)
def _cached(paths: tuple[str, ...]) -> Gazetteer:
    return build_gazetteer([PLACES_DIR, *paths])


def load_gazetteer(paths: Iterable[str | Path] | None = None) -> Gazetteer:
    """The shipped gazetteer plus any extra files or folders, loaded once per process."""
    return _cached(tuple(str(Path(p).resolve()) for p in (paths or ())))
