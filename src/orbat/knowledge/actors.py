"""The actor knowledge base: actors, their aliases, descriptors, metonyms and dated names.

Knowledge is read from every `actors/*.yaml` file of the data folders (package first, then
`ORBAT_DATA`), then from the user's own file (`~/.config/orbat/actors/*.yaml`), which is where
`orbat kb add-alias` writes. A later file may extend an actor of an earlier file by repeating its
id, so the shipped file stays untouched and the user's additions survive upgrades.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from orbat.knowledge.files import files, load_yaml

ACTOR_TYPES = {
    "state", "state_force", "armed_group", "coalition", "party", "person",
    "international_org", "civilians", "generic",
}
PLURAL_TYPES = {"generic", "civilians"}


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
    adjectives: list[str] = field(default_factory=list)
    names: list[DatedName] = field(default_factory=list)
    background: list[dict] = field(default_factory=list)
    number: str = "singular"
    source: str = ""

    def name_on(self, day: str | None) -> str:
        """The name the actor went by on a date (renames keep the id, not the name)."""
        if day:
            for n in self.names:
                if (n.start is None or n.start <= day) and (n.end is None or day < n.end):
                    return n.name
        return self.name

    def forms(self) -> list[str]:
        """Every name the actor goes by: canonical, aliases and dated names."""
        out: list[str] = []
        for f in [self.name, *self.aliases, *(n.name for n in self.names)]:
            if f not in out:
                out.append(f)
        return out


@dataclass
class ActorKB:
    actors: dict[str, Actor]
    version: str
    paths: list[Path]
    linking: dict[str, Any] = field(default_factory=dict)

    def get(self, actor_id: str) -> Actor | None:
        return self.actors.get(actor_id)

    @cached_property
    def adjective_index(self) -> dict[str, list[str]]:
        """Lower-cased adjective ("Russian") -> the actors that list it, in file order. Built once
        per knowledge base: relations and events both read demonyms from it."""
        out: dict[str, list[str]] = {}
        for a in self.actors.values():
            for adj in a.adjectives:
                out.setdefault(str(adj).lower(), []).append(a.id)
        return out

    def adjective_actor(self, word: str, type: str | None = None) -> str | None:
        """The first actor (of `type`, if given) whose adjective `word` is: a predicate adjective
        ("the jets were Russian") is no actor mention, yet it names a side."""
        return next((i for i in self.adjective_index.get(word.lower(), ())
                     if type is None or self.actors[i].type == type), None)


def parse_actor(raw: dict, source: str) -> Actor:
    names = [DatedName(n["name"], _s(n.get("from")), _s(n.get("until"))) for n in raw.get("names") or []]
    typ = raw["type"]
    return Actor(
        id=raw["id"],
        name=raw["name"],
        type=typ,
        country=raw.get("country"),
        aliases=[str(a) for a in raw.get("aliases") or []],
        descriptors=[str(a) for a in raw.get("descriptors") or []],
        metonyms=[str(a) for a in raw.get("metonyms") or []],
        adjectives=[str(a) for a in raw.get("adjectives") or []],
        names=names,
        background=list(raw.get("background") or []),
        number=str(raw.get("number") or ("plural" if typ in PLURAL_TYPES else "singular")),
        source=source,
    )


def _s(v: object) -> str | None:
    return None if v is None else str(v)


def user_dir() -> Path:
    """Where the user's own actor files live: $ORBAT_DATA/actors if set, else ~/.config/orbat/actors."""
    extra = [p for p in os.environ.get("ORBAT_DATA", "").split(os.pathsep) if p]
    if extra:
        return Path(extra[0]) / "actors"
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "orbat" / "actors"


def user_files() -> list[Path]:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    d = Path(base) / "orbat" / "actors"
    if not d.is_dir():
        return []
    return sorted(p for p in d.iterdir() if p.suffix in (".yaml", ".yml"))


def actor_files() -> list[Path]:
    out: list[Path] = []
    for p in [*files("actors"), *user_files()]:
        if p not in out:
            out.append(p)
    return out


def load_actor_kb(paths: list[Path] | None = None) -> ActorKB:
    """Load every actor file; a later file may extend an earlier actor (same id) with more names."""
    paths = paths if paths is not None else actor_files()
    actors: dict[str, Actor] = {}
    versions = []
    linking: dict[str, Any] = {}
    for path in paths:
        data = load_yaml(path) or {}
        if data.get("version"):
            versions.append(str(data["version"]))
        for k, v in (data.get("linking") or {}).items():
            if isinstance(v, list):
                linking.setdefault(k, [])
                linking[k] += [x for x in v if x not in linking[k]]
            elif isinstance(v, dict):
                linking.setdefault(k, {})
                for kk, vv in v.items():
                    linking[k].setdefault(kk, [])
                    linking[k][kk] += [x for x in vv if x not in linking[k][kk]]
        for raw in data.get("actors") or []:
            if not isinstance(raw, dict) or "id" not in raw:
                continue
            if raw["id"] in actors and ("name" not in raw or "type" not in raw):
                raw = {"name": actors[raw["id"]].name, "type": actors[raw["id"]].type, **raw}
            if "name" not in raw or "type" not in raw:
                continue
            a = parse_actor(raw, str(path))
            if a.id in actors:
                old = actors[a.id]
                old.aliases += [x for x in a.aliases if x not in old.aliases]
                old.descriptors += [x for x in a.descriptors if x not in old.descriptors]
                old.metonyms += [x for x in a.metonyms if x not in old.metonyms]
                old.adjectives += [x for x in a.adjectives if x not in old.adjectives]
                old.names += a.names
                old.background += a.background
            else:
                actors[a.id] = a
    return ActorKB(actors=actors, version="+".join(versions), paths=list(paths), linking=linking)
