"""Numbers as reporters write them: "16", "2,000", "sixteen", "fifty-six", "at least 30", "dozens".

Casualty counts and evacuation figures come in digits and in words, behind qualifiers that are
not part of the figure. The words live in data/lexicon/quantities.yaml so another language's
reporting can be added as data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from orbat.knowledge import load_lexicon


@dataclass(frozen=True)
class Count:
    value: int
    start: int  # character offsets of the number in the text it was read from
    end: int
    vague: bool = False


class Numbers:
    """Reads numbers in digits and words; built once from the quantities lexicon."""

    def __init__(self, lex: dict[str, Any]) -> None:
        self.units: dict[str, int] = {k.lower(): int(v) for k, v in (lex.get("units") or {}).items()}
        self.tens: dict[str, int] = {k.lower(): int(v) for k, v in (lex.get("tens") or {}).items()}
        self.scales: dict[str, int] = {k.lower(): int(v) for k, v in (lex.get("scales") or {}).items()}
        self.vague: dict[str, int] = {k.lower(): int(v) for k, v in (lex.get("vague") or {}).items()}
        self.qualifiers = sorted((q.lower() for q in lex.get("qualifiers") or []), key=len, reverse=True)
        self.killed_words = [w.lower() for w in lex.get("killed_words") or []]
        self.wounded_words = [w.lower() for w in lex.get("wounded_words") or []]
        self.evacuated_words = [w.lower() for w in lex.get("evacuated_words") or []]
        self.people_words = {w.lower() for w in lex.get("people_words") or []}
        words = [*self.units, *self.tens, *self.scales]
        word = "|".join(sorted((re.escape(w) for w in words if w not in ("a", "an")), key=len, reverse=True))
        vague = "|".join(sorted((re.escape(w) for w in self.vague), key=len, reverse=True))
        self._rx = re.compile(
            r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s+(?:hundred|thousand|million))?(?![\w,]*\d)"
            r"|\b((?:" + word + r")(?:[\s-]+(?:and\s+)?(?:" + word + r"))*)\b"
            r"|\b(" + vague + r")\b",
            re.I,
        )
        # answers of `_count_near` by (text, words): each event of a sentence asks about the same text
        self._near: dict[tuple[str, tuple[str, ...]], int | None] = {}

    def word_value(self, phrase: str) -> int | None:
        """The value of a number written in words ("fifty-six", "two hundred and ten")."""
        total, current = 0, 0
        seen = False
        for w in re.split(r"[\s-]+", phrase.lower()):
            if w == "and" or not w:
                continue
            if w in self.units:
                current += self.units[w]
            elif w in self.tens:
                current += self.tens[w]
            elif w in self.scales:
                current = max(current, 1) * self.scales[w]
                if self.scales[w] >= 1000:
                    total += current
                    current = 0
            else:
                return None
            seen = True
        return total + current if seen else None

    def find(self, text: str) -> list[Count]:
        """Every number in `text`, in order."""
        out: list[Count] = []
        for m in self._rx.finditer(text):
            if m.group(1):
                raw = m.group(1).replace(",", "")
                try:
                    v = float(raw)
                except ValueError:
                    continue
                if m.group(2):
                    v *= self.scales.get(m.group(2).strip().lower(), 1)
                out.append(Count(int(v), m.start(), m.end()))
            elif m.group(3):
                v2 = self.word_value(m.group(3))
                if v2 is not None:
                    out.append(Count(v2, m.start(), m.end()))
            elif m.group(4):
                out.append(Count(self.vague[m.group(4).lower()], m.start(), m.end(), vague=True))
        return out

    def value(self, text: str) -> int | None:
        found = self.find(text)
        return found[0].value if found else None

    def _count_near(self, text: str, words: list[str]) -> int | None:
        """The figure tied to one of `words`: "killing 30", "30 people were killed", "the death toll rose to 30"."""
        key = (text, tuple(words))
        if key in self._near:
            return self._near[key]
        if len(self._near) > 20_000:
            self._near.clear()
        got = self._near[key] = self._figure_near(text, words)
        return got

    def _figure_near(self, text: str, words: list[str]) -> int | None:
        low = text.lower()
        counts = [c for c in self.find(text) if not _is_year_or_time(text, c)]
        if not counts:
            return None
        best: tuple[int, int] | None = None
        for w in words:
            for m in re.finditer(r"\b" + re.escape(w) + r"\b", low):
                for c in counts:
                    if c.end <= m.start():
                        gap = low[c.end:m.start()]
                        # "30 civilians were killed", "56 people, most of them children, died"
                        near = len(gap.split()) <= 7 and not re.search(
                            r"[;:]|\band\b.*\b(killed|wounded|injured)\b", gap)
                        counted = any(g in self.people_words or g.rstrip(",") in self.people_words
                                      for g in gap.split()) or len(gap.split()) <= 3
                        if near and counted:
                            d = m.start() - c.end
                            if best is None or d < best[0]:
                                best = (d, c.value)
                    elif c.start >= m.end():
                        gap = low[m.end():c.start]
                        # "killing at least 30", "death toll rose to 30"
                        gw = gap.split()
                        if len(gw) <= 5 and not re.search(r"[;:.]", gap) and _only_qualifiers(gap, self.qualifiers):
                            d = c.start - m.end()
                            if best is None or d < best[0]:
                                best = (d, c.value)
        return best[1] if best else None

    def killed(self, text: str) -> int | None:
        return self._count_near(text, self.killed_words)

    def wounded(self, text: str) -> int | None:
        return self._count_near(text, self.wounded_words)

    def evacuated(self, text: str) -> int | None:
        return self._count_near(text, self.evacuated_words)


_FILLER = {"to", "rose", "stood", "at", "stands", "reached", "climbed", "of", "the", "has", "had", "risen", "now",
           "toll", "is", "was", "some", "by", "killing", "leaving", "with"}


def _only_qualifiers(gap: str, qualifiers: list[str]) -> bool:
    rest = gap.lower()
    for q in qualifiers:
        rest = re.sub(r"\b" + re.escape(q) + r"\b", " ", rest)
    return all(w in _FILLER or w in ("killed", "dead") for w in re.findall(r"[a-z]+", rest))


def _is_year_or_time(text: str, c: Count) -> bool:
    """Years, clock times and percentages are not casualty figures."""
    s = text[c.start:c.end]
    after = text[c.end:c.end + 6].lower()
    if s.isdigit() and len(s) == 4 and 1900 <= c.value <= 2100:
        return True
    return bool(re.match(r"\s*(?:%|per ?cent|percent|p\.?m|a\.?m|km|kilomet|mile|:|hour|-hour|day|-day|year|-year)",
                         after))


@lru_cache(maxsize=1)
def numbers() -> Numbers:
    return Numbers(load_lexicon().get("quantities", {}))
