"""Publication dates as pages print them, turned into ISO dates.

Pages print dates in a handful of shapes (ISO stamps, "30 July 2016", "July 30, 2016",
"Fri Dec 16, 2016", "23.08.2016", "29-10-2016", "/2016/08/25/" in a URL). A small set of
regular expressions reads them deterministically; a general parser would also "find" dates
in any sentence, which is exactly what a page-date finder must not do.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_PATTERNS = [
    # 2016-08-25, 2016-08-25T08:00:00Z, 2016/08/25
    re.compile(r"(?<!\d)" + _YEAR + r"[-/.](?P<m>\d\d?)[-/.](?P<d>\d\d?)(?!\d)"),
    # 25 August 2016, 25th Aug. 2016, Saturday 13 August 2016
    re.compile(r"(?<!\d)(?P<d>\d\d?)(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r",?\s+" + _YEAR, re.I),
    # August 25, 2016 / Aug 25 2016 / Fri Dec 16, 2016
    re.compile(r"\b" + _MON + r"\s+(?P<d>\d\d?)(?:st|nd|rd|th)?,?\s+" + _YEAR, re.I),
    # 23.08.2016, 29-10-2016, 25/08/2016 (day first; month first only when the day cannot be a month)
    re.compile(r"(?<!\d)(?P<a>\d\d?)[./-](?P<b>\d\d?)[./-]" + _YEAR + r"(?!\d)"),
]
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(\d\d?)/(\d\d?)(?:/|$)")
_URL_YM = re.compile(r"/((?:19|20)\d\d)/(\d\d)/(?!\d)")
_TIME = re.compile(r"(?P<h>\d\d?):(?P<mi>\d\d)\s*(?P<ap>[ap]\.?m\.?)?", re.I)


def _mk(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def find_date(text: str | None) -> str | None:
    """The first full date (day, month and year) written in `text`, as YYYY-MM-DD, or None."""
    if not text:
        return None
    best: tuple[int, str] | None = None
    for i, pat in enumerate(_PATTERNS):
        for m in pat.finditer(text):
            gd = m.groupdict()
            y = int(gd["year"])
            if i == 0:
                iso = _mk(y, int(gd["m"]), int(gd["d"]))
            elif i in (1, 2):
                iso = _mk(y, MONTHS[gd["mon"].lower()[:3]], int(gd["d"]))
            else:
                a, b = int(gd["a"]), int(gd["b"])
                iso = _mk(y, b, a) if b <= 12 else _mk(y, a, b)
            if iso and (best is None or m.start() < best[0]):
                best = (m.start(), iso)
            if iso:
                break
    return best[1] if best else None


def find_datetime(text: str | None) -> str | None:
    """Like find_date, with the time of day when the text gives one (comment stamps)."""
    d = find_date(text)
    if not d or not text:
        return d
    t = _TIME.search(text)
    if not t:
        return d
    h, mi = int(t.group("h")), int(t.group("mi"))
    ap = (t.group("ap") or "").lower().replace(".", "")
    if ap == "pm" and h < 12:
        h += 12
    elif ap == "am" and h == 12:
        h = 0
    if h > 23 or mi > 59:
        return d
    return f"{d}T{h:02d}:{mi:02d}"


def date_from_url(url: str | None) -> str | None:
    """A date written into a URL path (/2016/08/25/slug), or None."""
    if not url:
        return None
    m = _URL_DATE.search(url)
    if m:
        return _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def is_date_only(line: str) -> bool:
    """True when a line is a date stamp and little else (so it is metadata, not prose)."""
    if not find_date(line):
        return False
    rest = line
    for pat in _PATTERNS:
        rest = pat.sub(" ", rest)
    rest = _TIME.sub(" ", rest)
    rest = re.sub(
        r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b(?:at|on|posted|published|updated|[ap]m|gmt|bst|est|edt|utc|cet|eet)\b",
        " ",
        rest,
        flags=re.I,
    )
    return len(re.findall(r"[A-Za-z]{2,}", rest)) <= 2
