"""Place names in a sentence, resolved against the gazetteer with the document as context."""

from __future__ import annotations

from spacy.tokens import Span

from orbat.model import Place

PLACE_LABELS = {"GPE", "LOC", "FAC"}


class PlaceFinder:
    """Finds places in sentences; the gazetteer decides, spaCy's entities only propose."""

    def __init__(self, gazetteer: object | None) -> None:
        self.gazetteer = gazetteer

    def in_span(self, span: Span, context: list[str] | None = None) -> list[tuple[int, int, Place]]:
        """(start char, end char, Place) for every place named in `span`, in text order."""
        out: list[tuple[int, int, Place]] = []
        if self.gazetteer is not None:
            for s, e, place in self.gazetteer.find_all(span.text):  # type: ignore[attr-defined]
                out.append((span.start_char + s, span.start_char + e, place))
            return out
        for ent in span.ents:
            if ent.label_ in PLACE_LABELS:
                out.append((ent.start_char, ent.end_char, Place(name=ent.text, precision=1)))
        return out
