"""Text normalisation shared by actor linking and place lookup.

Names in conflict reporting come in many spellings: "al-Nusra", "el Nusra", "Nusra";
"Hay'at" and "Hayat"; "Sham" and "Shām"; "Assad's" and "Assad". Both knowledge entries and text
go through the same normalisation so that matching is a dictionary look-up instead of fuzzy
comparison.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# articles and transliterated Arabic article forms that writers add or drop freely
DROP = {"the", "al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "s"}
_POSS = re.compile(r"['\u2019\u2018`\u00b4]s\b")
_APOS = re.compile(r"['\u2019\u2018`\u02bf\u02be\u00b4]")
_SPLIT = re.compile(r"[^0-9a-z\u0600-\u06ff]+")
# Arabic letter variants writers use interchangeably (alef forms, taa marbuta, alef maqsura)
_ARABIC = str.maketrans({"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0629": "\u0647",
                         "\u0649": "\u064a", "\u0640": None})


def fold(text: str) -> str:
    """Lowercase, strip diacritics, possessive 's and apostrophes ("Hay'at" == "Hayat", "Shām" == "Sham")."""
    if text.isascii():  # most text: nothing to decompose, no marks, no Arabic or dotless i
        return _APOS.sub("", _POSS.sub("", text.lower()))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().translate(_ARABIC)
    text = text.replace("\u0131", "i")  # Turkish dotless i
    return _APOS.sub("", _POSS.sub("", text))


def words(text: str) -> list[str]:
    """The matching words of a string: folded, split on anything not a letter or digit, articles dropped."""
    return [w for w in _SPLIT.split(fold(text)) if w and w not in DROP]


@lru_cache(maxsize=200_000)
def token_words(text: str) -> tuple[str, ...]:
    """`words` of one token, cached: a corpus repeats its tokens, so linking pays for each once."""
    return tuple(words(text))


def key(text: str) -> str:
    return " ".join(words(text))


def singular(word: str) -> str:
    """A crude singular so that "militias" finds "militia"; only used as a second try."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
