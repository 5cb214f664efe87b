"""Text normalisation shared by actor linking and place lookup.

Names in conflict reporting come in many spellings: "al-Nusra", "el Nusra", "Nusra";
"Hay'at" and "Hayat"; "Sham" and "Shām". Both knowledge entries and text go through the same
normalisation so that matching is a dictionary look-up instead of fuzzy comparison.
"""

from __future__ import annotations

import re
import unicodedata

# articles and transliterated Arabic article forms that writers add or drop freely
DROP = {"the", "al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "s"}
_APOS = re.compile(r"['\u2019\u2018`\u02bf\u02be\u00b4]")
_SPLIT = re.compile(r"[^0-9a-z\u0600-\u06ff]+")


def fold(text: str) -> str:
    """Lowercase, strip diacritics and apostrophes (so "Hay'at" == "Hayat", "Shām" == "Sham")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return _APOS.sub("", text)


def words(text: str) -> list[str]:
    """The matching words of a string: folded, split on anything not a letter or digit, articles dropped."""
    return [w for w in _SPLIT.split(fold(text)) if w and w not in DROP]


def key(text: str) -> str:
    return " ".join(words(text))


def singular(word: str) -> str:
    """A crude singular so that "Kurds" finds "Kurd"; only used as a second try."""
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
