"""Event dates resolved against the publication date, with a precision.

"on Friday" is the latest Friday on or before publication; "last week" the week before
(precision week); "earlier this month" the month; "on December 20" the most recent past
December 20; "in March 2015" a month; "in 2014", "four years ago", "this summer" a year.
`find_dates` returns every expression of a sentence with its character span, so that an event
takes the date nearest its trigger rather than the first date of a long sentence. The words
live in data/lexicon/dates.yaml; this module only does the calendar arithmetic.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from orbat.annotate.quantities import numbers
from orbat.knowledge import load_lexicon


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    iso: str
    precision: str  # day, week, month, year


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


class DateResolver:
    def __init__(self, lex: dict[str, Any]) -> None:
        self.months = [m.lower() for m in lex["months"]]
        self.month_no = {m: i + 1 for i, m in enumerate(self.months)}
        self.month_no.update({k.lower(): int(v) for k, v in (lex.get("month_abbrev") or {}).items()})
        self.weekdays = [w.lower() for w in lex["weekdays"]]
        self.seasons = {k.lower(): int(v) for k, v in (lex.get("seasons") or {}).items()}
        self.relative = lex.get("relative") or []
        self.ago_units = {k.lower(): v for k, v in (lex.get("ago_units") or {}).items()}
        month = r"(" + _alt(self.month_no) + r")\.?"
        parts = _alt(lex.get("day_parts") or [])
        lead = _alt(lex.get("month_lead") or [])
        self.rx_iso = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
        self.rx_month_day = re.compile(r"\b" + month + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?", re.I)
        self.rx_day_month = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + month + r"(?:,?\s+(\d{4})\b)?", re.I)
        self.rx_month_year = re.compile(r"\b(?:(early|mid|late|the end of|the beginning of)[\s-]+)?" + month
                                        + r",?\s+(\d{4})\b", re.I)
        self.rx_month = re.compile(r"\b(?:(" + lead + r")[\s-]+)?(?:(early|mid|late)[\s-]+)?" + month + r"\b", re.I)
        self.rx_year = re.compile(r"(?:\b(in|since|during|by|until|from|of|early|late|mid|end of|summer of|spring of|"
                                  r"autumn of|winter of)[\s-]+)(?:(early|late|mid)[\s-]+)?((?:19|20)\d\d)\b(?![-,.]?\d)",
                                  re.I)
        self.rx_weekday = re.compile(r"\b(last\s+|this\s+|on\s+|late\s+on\s+|early\s+on\s+|by\s+)?("
                                     + _alt(self.weekdays) + r")(?:\s+(?:" + parts + r"))?\b", re.I)
        self.rx_today = re.compile(r"\b(" + _alt(lex.get("today") or []) + r")\b", re.I)
        self.rx_yesterday = re.compile(r"\b(" + _alt(lex.get("yesterday") or []) + r")\b", re.I)
        self.rx_relative = [(re.compile(r"\b" + re.escape(r["phrase"]) + r"\b", re.I), r) for r in self.relative]
        self.rx_ago = re.compile(r"\b([\w-]+|\d+)\s+(" + _alt(self.ago_units) + r")\s+ago\b", re.I)
        self.narrative = [(re.compile(r"\b" + re.escape(r["phrase"]) + r"\b", re.I), int(r["days"]))
                          for r in lex.get("narrative") or []]
        self.rx_season = re.compile(r"\b(this|last|in|during|the)\s+(" + _alt(self.seasons) + r")\b(?:\s+of\s+(\d{4}))?",
                                    re.I)

    # ---- arithmetic ----------------------------------------------------------------------
    @staticmethod
    def _past(month: int, day: int, ref: date | None) -> date | None:
        if ref is None:
            return None
        for year in (ref.year, ref.year - 1):
            try:
                d = date(year, month, day)
            except ValueError:
                return None
            if d <= ref:
                return d
        return None

    @staticmethod
    def _month_shift(ref: date, months: int) -> date:
        y, m = ref.year, ref.month + months
        while m < 1:
            m += 12
            y -= 1
        while m > 12:
            m -= 12
            y += 1
        return date(y, m, 1)

    def _month_of(self, word: str) -> int:
        return self.month_no[word.lower().rstrip(".")]

    # ---- finding -------------------------------------------------------------------------
    def find(self, text: str, ref: date | None) -> list[DateMention]:
        """Every date expression in `text` that resolves, earliest first; overlaps keep the most specific."""
        found: list[DateMention] = []

        def add(m: re.Match, d: date | None, precision: str) -> None:
            if d is not None:
                found.append(DateMention(m.start(), m.end(), d.isoformat(), precision))

        for m in self.rx_iso.finditer(text):
            with contextlib.suppress(ValueError):
                add(m, date(int(m.group(1)), int(m.group(2)), int(m.group(3))), "day")
        for rx, mi, di in ((self.rx_month_day, 1, 2), (self.rx_day_month, 2, 1)):
            for m in rx.finditer(text):
                if m.group(mi).lower() == "may" and not m.group(mi)[0].isupper():
                    continue
                month, day = self._month_of(m.group(mi)), int(m.group(di))
                if m.group(3):
                    with contextlib.suppress(ValueError):
                        add(m, date(int(m.group(3)), month, day), "day")
                else:
                    add(m, self._past(month, day, ref), "day")
        for m in self.rx_month_year.finditer(text):
            month = self._month_of(m.group(2))
            day = {"early": 5, "mid": 15, "late": 25}.get((m.group(1) or "").lower(), 15)
            add(m, date(int(m.group(3)), month, day), "month")
        if ref is not None:
            for m in self.rx_month.finditer(text):
                word = m.group(3)
                if word.lower().startswith("may") and not (m.group(1) or m.group(2)):
                    continue
                if not word[0].isupper():
                    continue
                month = self._month_of(word)
                year = ref.year if month <= ref.month else ref.year - 1
                if (m.group(1) or "").lower() == "last" and month == ref.month:
                    year -= 1
                day = {"early": 5, "mid": 15, "late": 25}.get((m.group(2) or "").lower(), 15)
                d = date(year, month, day)
                add(m, min(d, ref) if d.year == ref.year and d.month == ref.month else d, "month")
        for m in self.rx_year.finditer(text):
            part = (m.group(2) or m.group(1) or "").lower()
            month = {"early": 3, "mid": 6, "late": 10, "end of": 12}.get(part, 1)
            add(m, date(int(m.group(3)), month, 1), "year")
        for m in self.rx_season.finditer(text):
            month = self.seasons[m.group(2).lower()]
            if m.group(3):
                year = int(m.group(3))
            elif ref is None:
                continue
            else:
                year = ref.year - (1 if m.group(1).lower() == "last" else 0)
                if m.group(1).lower() != "last" and date(year, month, 1) > ref:
                    year -= 1
            add(m, date(year, month, 1), "year")
        if ref is not None:
            for m in self.rx_today.finditer(text):
                add(m, ref, "day")
            for m in self.rx_yesterday.finditer(text):
                add(m, ref - timedelta(days=1), "day")
            for m in self.rx_weekday.finditer(text):
                wd = self.weekdays.index(m.group(2).lower())
                delta = (ref.weekday() - wd) % 7
                if (m.group(1) or "").strip().lower() == "last" and delta == 0:
                    delta = 7
                add(m, ref - timedelta(days=delta), "day")
            for rx, r in self.rx_relative:
                for m in rx.finditer(text):
                    if r.get("weekend"):
                        delta = (ref.weekday() - 5) % 7  # the latest Saturday
                        add(m, ref - timedelta(days=delta), r["precision"])
                    elif "months" in r:
                        d = self._month_shift(ref, int(r["months"]))
                        add(m, ref if r["months"] == 0 else d.replace(day=15), r["precision"])
                    elif "years" in r:
                        add(m, date(ref.year + int(r["years"]), 1, 1) if r["years"] else ref, r["precision"])
                    else:
                        add(m, ref + timedelta(days=int(r.get("days", 0))), r["precision"])
            for m in self.rx_ago.finditer(text):
                n = _amount(m.group(1))
                if n is None:
                    continue
                unit = m.group(2).lower()
                precision = self.ago_units[unit]
                if unit.startswith("hour"):
                    d = ref
                elif unit.startswith("day"):
                    d = ref - timedelta(days=n)
                elif unit.startswith("week"):
                    d = ref - timedelta(days=7 * n)
                elif unit.startswith("month"):
                    d = self._month_shift(ref, -n).replace(day=15)
                else:
                    d = date(ref.year - n, 1, 1)
                add(m, d, precision)
        return _best_spans(found)


_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def _amount(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    if word.lower() in ("a", "an", "one"):
        return 1
    return numbers().word_value(word)


def _best_spans(found: list[DateMention]) -> list[DateMention]:
    """Overlapping matches keep the most precise, then the longest: "of August 9" is a day, not a month."""
    found.sort(key=lambda d: (_RANK[d.precision], -(d.end - d.start)))
    out: list[DateMention] = []
    for d in found:
        if any(d.start < o.end and o.start < d.end for o in out):
            continue
        out.append(d)
    out.sort(key=lambda d: d.start)
    return out


@lru_cache(maxsize=1)
def resolver() -> DateResolver:
    return DateResolver(load_lexicon().get("dates", {}))


def find_dates(text: str, ref: date | None) -> list[DateMention]:
    return list(_find_dates(text, ref))


@lru_cache(maxsize=4096)
def _find_dates(text: str, ref: date | None) -> tuple[DateMention, ...]:
    """The event extractor asks about the same sentence several times (its running date, then
    each event's date): the answer depends on nothing else, so it is worked out once."""
    return tuple(resolver().find(text, ref))


def resolve(text: str, ref: date | None) -> tuple[str, str] | None:
    """(ISO date, precision) for the first date expression in `text`, or None."""
    found = find_dates(text, ref)
    if not found:
        return None
    d = found[0]
    if ref is not None and d.iso > ref.isoformat():
        return ref.isoformat(), d.precision
    return d.iso, d.precision


@lru_cache(maxsize=4096)
def narrative_shift(text: str) -> int | None:
    """Days from the date the narrative has reached ("The next day, ..." is +1; "the day before"
    is -1), or None when the text has no such phrase. The caller holds the running date: these
    phrases count from the last date told, not from publication."""
    for rx, days in resolver().narrative:
        if rx.search(text):
            return days
    return None
