"""Loading the knowledge files (actors, lexicon, places) once, as one versioned bundle."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from orbat.knowledge.actors import ActorKB, load_actor_kb
from orbat.knowledge.files import digest, files, load_yaml


@dataclass
class Knowledge:
    """Everything extraction knows about the world, with one version string for provenance."""

    actors: ActorKB
    lexicon: dict[str, Any]
    version: str


def load_lexicon() -> dict[str, Any]:
    """Every lexicon file, keyed by file stem (relations, events, modality, ...)."""
    out: dict[str, Any] = {}
    for path in files("lexicon"):
        out[path.stem] = load_yaml(path) or {}
    return out


@lru_cache(maxsize=1)
def load_knowledge() -> Knowledge:
    kb = load_actor_kb()
    paths = files("actors") + files("lexicon") + files("places", (".yaml", ".yml", ".tsv"))
    return Knowledge(actors=kb, lexicon=load_lexicon(), version=digest(paths))
