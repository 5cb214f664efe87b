"""The actor knowledge base: actors, their aliases, descriptors, metonyms and dated names."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from orbat.knowledge.files import files, load_yaml

ACTOR_TYPES = {
    "state", "state_force", "armed_group", "coalition", "party", "person",
    "international_org", "civilians", "generic",
}


@dataclass
class DatedName:
    name: str
    start: str | None = None
    end: str | None = None


@dataclass
class Actor:
    id: str
    name: str
    type: str
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    descriptors: list[str] = field(default_factory=list)
    metonyms: list[str] = field(default_factory=list)
    names: list[DatedName] = field(default_factory=list)
    background: list[dict] = field(default_factory=list)
    source: str = ""

    def name_on(self, day: str | None) -> str:
        """The name the actor went by on a date (renames keep the id, not the name)."""
        if day:
            for n in self.names:
                if (n.start is None or n.start <= day) and (n.end is None or day < n.end):
                    return n.name
        return self.name


@dataclass
class ActorKB:
    actors: dict[str, Actor]
    version: str
    paths: list[Path]

    def get(self, actor_id: str) -> Actor | None:
        return self.actors.get(actor_id)


def parse_actor(raw: dict, source: str) -> Actor:
    names = [DatedName(n["name"], _s(n.get("from")), _s(n.get("until"))) for n in raw.get("names") or []]
    return Actor(
        id=raw["id"],
        name=raw["name"],
        type=raw["type"],
        country=raw.get("country"),
        aliases=[str(a) for a in raw.get("aliases") or []],
        descriptors=[str(a) for a in raw.get("descriptors") or []],
        metonyms=[str(a) for a in raw.get("metonyms") or []],
        names=names,
        background=list(raw.get("background") or []),
        source=source,
    )


def _s(v: object) -> str | None:
    return None if v is None else str(v)


def load_actor_kb(paths: list[Path] | None = None) -> ActorKB:
    """Load every actor file; a later file may extend an earlier actor (same id) with more names."""
    paths = paths if paths is not None else files("actors")
    actors: dict[str, Actor] = {}
    versions = []
    for path in paths:
        data = load_yaml(path) or {}
        versions.append(str(data.get("version", "")))
        for raw in data.get("actors") or []:
            a = parse_actor(raw, str(path))
            if a.id in actors:
                old = actors[a.id]
                old.aliases += [x for x in a.aliases if x not in old.aliases]
                old.descriptors += [x for x in a.descriptors if x not in old.descriptors]
                old.metonyms += [x for x in a.metonyms if x not in old.metonyms]
                old.names += a.names
                old.background += a.background
            else:
                actors[a.id] = a
    return ActorKB(actors=actors, version="+".join(v for v in versions if v), paths=list(paths))
