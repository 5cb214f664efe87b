"""The shortcuts taken for throughput (issue #9) give the answers the long way gives.

Each test sets a cached or fast path beside the path it replaces, on text written for the test.
"""

from __future__ import annotations

import unicodedata

from orbat.annotate.control import ControlExtractor
from orbat.annotate.dates import find_dates
from orbat.annotate.quantities import numbers
from orbat.annotate.text import _APOS, _ARABIC, _POSS, fold
from orbat.model import Document


def _fold_long_way(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().translate(_ARABIC)
    return _APOS.sub("", _POSS.sub("", text.replace("\u0131", "i")))


def test_fold_ascii_fast_path_equals_full_normalisation():
    for s in ["Hay'at Tahrir al-Sham", "Assad's forces", "U.S.-backed SDF", "  Jaysh  al-Islam ", "it's", ""]:
        assert fold(s) == _fold_long_way(s)
    assert fold("Shām") == "sham"  # the non-ASCII path still strips marks


def test_find_dates_gives_each_caller_its_own_list():
    text = "The convoy left on March 3, 2016, two days after the talks."
    first = find_dates(text, None)
    assert [d.iso for d in first] == ["2016-03-03"]
    first.clear()
    assert [d.iso for d in find_dates(text, None)] == ["2016-03-03"]


def test_cached_figures_equal_fresh_ones():
    n = numbers()
    text = "Shelling on the market killed at least 14 people and wounded 30 others, medics said."
    assert n.killed(text) == n._figure_near(text, n.killed_words) == 14
    assert n.killed(text) == 14  # the cached answer
    assert n.wounded(text) == n._figure_near(text, n.wounded_words) == 30


class _OwnEvents:
    """A control extractor that ignores the events it is handed and extracts them itself."""

    def __init__(self, inner: ControlExtractor) -> None:
        self.inner = inner

    def extract(self, seg, ctx, events=None):
        return self.inner.extract(seg, ctx)


def test_control_from_handed_events_equals_control_extracting_its_own(annotator):
    doc = Document(
        body="Government troops recaptured the town of Khan Tuman from the rebels on Sunday, state media said. "
             "Further north, the village of Tal Rifaat remains held by Kurdish fighters.",
        title="Army retakes Khan Tuman", published="2016-05-10", doc_id="speed-control")
    handed = annotator.annotate(doc)
    assert handed.control  # the text states control: the comparison below is not of two empty lists
    own = ControlExtractor(annotator.knowledge.lexicon, annotator.modality, annotator.places)
    assert own.events is not annotator.events
    kept = annotator.control
    annotator.control = _OwnEvents(own)
    try:
        alone = annotator.annotate(doc)
    finally:
        annotator.control = kept
    assert alone.control == handed.control
    assert alone.events == handed.events
