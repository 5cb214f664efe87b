"""Place names in a sentence, resolved against the gazetteer with the document as context.

The gazetteer reads a whole segment at once, so that the other places a document names settle
which of two same-named villages a sentence means (a "Tell Abyad" in a report about Raqqa is
the Raqqa one). Results are cached per parsed segment; sentences take their slice.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span

from orbat.knowledge import load_lexicon
from orbat.model import Place

PLACE_LABELS = {"GPE", "LOC", "FAC"}


class PlaceFinder:
    """Finds places in sentences; the gazetteer decides, spaCy's entities only propose."""

    def __init__(self, gazetteer: object | None) -> None:
        self.gazetteer = gazetteer
        # the last segment's answer, keyed on the Doc itself (holding it keeps its id from being
        # reused, and `doc.text` is rebuilt from the tokens on every access, too dear for a key)
        # and on the context, which can change which of two same-named places is meant
        self._cache: tuple[Doc, tuple[str, ...], list[tuple[int, int, Place]]] | None = None

    def in_doc(self, doc: Doc, context: list[str] | None = None) -> list[tuple[int, int, Place]]:
        """(start char, end char, Place) for every place named in a parsed segment, in text order."""
        key = tuple(context or ())
        if self._cache is not None and self._cache[0] is doc and self._cache[1] == key:
            return self._cache[2]
        text = doc.text
        out: list[tuple[int, int, Place]] = []
        if self.gazetteer is not None:
            out = list(self.gazetteer.find_all(text, key))  # type: ignore[attr-defined]
        # Places outside the gazetteer's theatre still locate an event: spaCy's entities, unresolved.
        for ent in doc.ents:
            if ent.label_ in PLACE_LABELS and not any(s < ent.end_char and ent.start_char < e for s, e, _ in out):
                name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
                if name[:1].isupper():
                    out.append((ent.end_char - len(name), ent.end_char, Place(name=name, precision=1)))
        # "the town of Djibo": a capitalised name after a settlement noun is a place even when
        # neither the gazetteer nor the tagger knows it
        rx = _settlement_rx()
        if rx is not None:
            for m in rx.finditer(text):
                s, e = m.start(1), m.end(1)
                if not any(a < e and s < b for a, b, _ in out):
                    out.append((s, e, Place(name=m.group(1), precision=1)))
        out.sort(key=lambda p: p[0])
        self._cache = (doc, key, out)
        return out

    def in_span(self, span: Span, context: list[str] | None = None) -> list[tuple[int, int, Place]]:
        """(start char, end char, Place) for every place named in `span`, in text order."""
        return [p for p in self.in_doc(span.doc, context) if p[0] >= span.start_char and p[1] <= span.end_char]


@lru_cache(maxsize=1)
def _settlement_rx() -> re.Pattern[str] | None:
    nouns = (load_lexicon().get("events", {}) or {}).get("settlement_nouns") or []
    if not nouns:
        return None
    alt = "|".join(sorted((re.escape(n) for n in nouns), key=len, reverse=True))
    name = r"(?:[A-Z][\w'\u2019-]+|(?:al|el|ad|ar|as|ash|at|az|an)-[A-Z][\w'\u2019-]*)"
    # "the village of X", "the villages of X and Y": the first name after the noun, singular or plural
    plural = "|".join(re.escape(n) + "s" for n in nouns if not n.endswith("s"))
    return re.compile(r"\b(?:" + alt + "|" + plural + r")\s+of\s+(" + name
                      + r"(?:\s+(?:" + name + r"|al|el|da|de|du|des|la|le))*)")
