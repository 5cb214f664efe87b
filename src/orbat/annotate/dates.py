"""Event dates resolved against the publication date, with a precision.

"on Friday" is the latest Friday on or before publication; "last week" the week before
(precision week); "earlier this month" the month; "on December 20" the most recent past
December 20. With no expression, the publication date at month precision for background and
day precision for news is decided by the caller.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
_MONTH_DAY = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b", re.I)
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(MONTHS) + r")(?:,?\s+(\d{4}))?\b", re.I)
_MONTH_YEAR = re.compile(r"\b(?:in\s+)?(" + "|".join(MONTHS) + r")(?:\s+(\d{4}))?\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_YEAR = re.compile(r"\b(?:in|since|during)\s+(20\d\d|19\d\d)\b", re.I)


def _past(month: int, day: int, ref: date) -> date | None:
    for year in (ref.year, ref.year - 1):
        try:
            d = date(year, month, day)
        except ValueError:
            return None
        if d <= ref:
            return d
    return None


def resolve(text: str, ref: date | None) -> tuple[str, str] | None:
    """(ISO date, precision) for the first date expression in `text`, or None."""
    low = text.lower()
    m = _ISO.search(text)
    if m:
        return m.group(0), "day"
    m = _MONTH_DAY.search(text)
    if m:
        month = MONTHS.index(m.group(1).lower()) + 1
        day = int(m.group(2))
        if m.group(3):
            try:
                return date(int(m.group(3)), month, day).isoformat(), "day"
            except ValueError:
                return None
        if ref:
            d = _past(month, day, ref)
            if d:
                return d.isoformat(), "day"
    m = _DAY_MONTH.search(text)
    if m:
        month = MONTHS.index(m.group(2).lower()) + 1
        day = int(m.group(1))
        if m.group(3):
            try:
                return date(int(m.group(3)), month, day).isoformat(), "day"
            except ValueError:
                return None
        if ref:
            d = _past(month, day, ref)
            if d:
                return d.isoformat(), "day"
    if ref is None:
        return None
    if re.search(r"\byesterday\b", low):
        return (ref - timedelta(days=1)).isoformat(), "day"
    if re.search(r"\btoday\b|\bthis morning\b|\btonight\b", low):
        return ref.isoformat(), "day"
    m = re.search(r"\b(last\s+)?(" + "|".join(WEEKDAYS) + r")\b", low)
    if m:
        wd = WEEKDAYS.index(m.group(2))
        delta = (ref.weekday() - wd) % 7
        if m.group(1) and delta == 0:
            delta = 7
        return (ref - timedelta(days=delta)).isoformat(), "day"
    if re.search(r"\blast week\b", low):
        return (ref - timedelta(days=7)).isoformat(), "week"
    if re.search(r"\bthis week\b|\bdays ago\b|\brecent days\b", low):
        return ref.isoformat(), "week"
    if re.search(r"\b(earlier|this|late|early) this month\b|\bthis month\b", low):
        return ref.isoformat(), "month"
    if re.search(r"\blast month\b", low):
        first = ref.replace(day=1) - timedelta(days=1)
        return first.replace(day=1).isoformat(), "month"
    m = _MONTH_YEAR.search(text)
    if m and m.group(1).lower() != "may":
        month = MONTHS.index(m.group(1).lower()) + 1
        year = int(m.group(2)) if m.group(2) else (ref.year if month <= ref.month else ref.year - 1)
        return date(year, month, 1).isoformat(), "month"
    m = _YEAR.search(text)
    if m:
        return f"{m.group(1)}-01-01", "year"
    return None
