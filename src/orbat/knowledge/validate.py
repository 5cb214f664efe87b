"""`orbat kb validate`: what is wrong with an actor file, and on which line.

The YAML is composed into nodes (not just loaded) so every problem can name the line where the
offending value sits; a user editing a 2,000-line file needs the line, not the actor's index.
Checks: YAML syntax, required fields, id form, duplicate ids, unknown types and fields, country
codes, dates, background relations (known type, known object, a source note), and aliases
claimed by two actors after normalisation (the linker would silently pick one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from orbat.annotate.text import words
from orbat.knowledge.actors import ACTOR_TYPES, actor_files

ID = re.compile(r"^[a-z][a-z0-9_]*$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
FIELDS = {"id", "name", "type", "country", "aliases", "descriptors", "metonyms", "adjectives", "names",
          "background", "number", "note"}
RELATIONS = {"ally_of", "fights", "backs", "member_of", "leads", "designated_terrorist_by", "splinter_of",
             "merged_into", "alias_of"}
LIST_FIELDS = ("aliases", "descriptors", "metonyms", "adjectives")


@dataclass
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def _scalar(node: yaml.Node | None) -> str | None:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else None


def _map(node: yaml.Node) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            out[str(k.value)] = (k, v)
    return out


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _valid_date(s: str) -> bool:
    if not DATE.match(s):
        return False
    parts = [int(x) for x in s.split("-")] + [1, 1]
    try:
        date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def validate_files(paths: list[Path] | None = None) -> list[Problem]:
    """Every problem in the given actor files (default: all actor files orbat loads), in file order."""
    paths = [Path(p) for p in paths] if paths is not None else actor_files()
    problems: list[Problem] = []
    ids: dict[str, tuple[str, int]] = {}
    claims: dict[str, tuple[str, str, int]] = {}  # alias key -> (actor id, path, line)
    pending_objects: list[tuple[str, int, str]] = []
    for path in paths:
        p = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            problems.append(Problem(p, 0, f"cannot read: {exc}"))
            continue
        try:
            root = yaml.compose(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problems.append(Problem(p, mark.line + 1 if mark else 0, f"not valid YAML: {getattr(exc, 'problem', exc)}"))
            continue
        if root is None:
            continue
        top = _map(root)
        if not isinstance(root, yaml.MappingNode):
            problems.append(Problem(p, _line(root), "the file must be a mapping with an `actors` list"))
            continue
        if "actors" not in top:
            if "linking" not in top:
                problems.append(Problem(p, _line(root), "no `actors` list"))
            continue
        seq = top["actors"][1]
        if not isinstance(seq, yaml.SequenceNode):
            problems.append(Problem(p, _line(seq), "`actors` must be a list"))
            continue
        seen_here: set[str] = set()
        for node in seq.value:
            problems += _check_actor(p, node, ids, seen_here, claims, pending_objects)
    for p, line, obj in pending_objects:
        if obj not in ids:
            problems.append(Problem(p, line, f"background relation to unknown actor {obj!r}"))
    return problems


def _check_actor(p, node, ids, seen_here, claims, pending_objects) -> list[Problem]:
    out: list[Problem] = []
    line = _line(node)
    if not isinstance(node, yaml.MappingNode):
        return [Problem(p, line, "an actor must be a mapping (id, name, type, ...)")]
    f = _map(node)
    aid = _scalar(f["id"][1]) if "id" in f else None
    if not aid:
        return [Problem(p, line, "missing required field `id`")]
    if not ID.match(aid):
        out.append(Problem(p, _line(f["id"][1]), f"id {aid!r} must be snake_case (a-z, 0-9, _)"))
    extends = aid in ids and aid not in seen_here  # a later file may add names to a known actor
    if aid in seen_here:
        first = ids[aid]
        out.append(Problem(p, _line(f["id"][1]), f"duplicate id {aid!r} (first at line {first[1]})"))
    seen_here.add(aid)
    ids.setdefault(aid, (p, _line(f["id"][1])))
    if not extends:
        for req in ("name", "type"):
            if req not in f:
                out.append(Problem(p, line, f"actor {aid!r}: missing required field `{req}`"))
    for k, (kn, _) in f.items():
        if k not in FIELDS:
            out.append(Problem(p, _line(kn), f"actor {aid!r}: unknown field `{k}`"))
    if "type" in f:
        t = _scalar(f["type"][1])
        if t not in ACTOR_TYPES:
            out.append(Problem(p, _line(f["type"][1]), f"actor {aid!r}: unknown type {t!r} (one of {', '.join(sorted(ACTOR_TYPES))})"))
    if "country" in f:
        c = _scalar(f["country"][1])
        if c is None or not COUNTRY.match(c):
            out.append(Problem(p, _line(f["country"][1]), f"actor {aid!r}: country {c!r} is not an ISO 3166 alpha-2 code"))
    forms: list[tuple[str, int]] = []
    if "name" in f:
        forms.append((_scalar(f["name"][1]) or "", _line(f["name"][1])))
    for lf in LIST_FIELDS:
        if lf not in f:
            continue
        v = f[lf][1]
        if not isinstance(v, yaml.SequenceNode):
            out.append(Problem(p, _line(v), f"actor {aid!r}: `{lf}` must be a list"))
            continue
        for item in v.value:
            s = _scalar(item)
            if not s or not s.strip():
                out.append(Problem(p, _line(item), f"actor {aid!r}: empty or non-text entry in `{lf}`"))
            elif not words(s):
                out.append(Problem(p, _line(item), f"actor {aid!r}: {s!r} has no letters orbat can match"))
            elif lf in ("aliases", "descriptors"):
                forms.append((s, _line(item)))
    if "names" in f:
        v = f["names"][1]
        for item in v.value if isinstance(v, yaml.SequenceNode) else []:
            m = _map(item)
            if "name" not in m:
                out.append(Problem(p, _line(item), f"actor {aid!r}: dated name without `name`"))
            else:
                forms.append((_scalar(m["name"][1]) or "", _line(m["name"][1])))
            out += _dates(p, aid, m)
    if "background" in f:
        v = f["background"][1]
        for item in v.value if isinstance(v, yaml.SequenceNode) else []:
            m = _map(item)
            t = _scalar(m["type"][1]) if "type" in m else None
            if t not in RELATIONS:
                out.append(Problem(p, _line(item), f"actor {aid!r}: background relation type {t!r} is not one of {', '.join(sorted(RELATIONS))}"))
            if "object" not in m:
                out.append(Problem(p, _line(item), f"actor {aid!r}: background relation without `object`"))
            else:
                pending_objects.append((p, _line(m["object"][1]), _scalar(m["object"][1]) or ""))
            if "source" not in m or not (_scalar(m["source"][1]) or "").strip():
                out.append(Problem(p, _line(item), f"actor {aid!r}: background relation without a `source` note"))
            out += _dates(p, aid, m)
    for s, ln in forms:
        k = " ".join(words(s))
        if not k:
            continue
        owner = claims.get(k)
        if owner and owner[0] != aid:
            out.append(Problem(p, ln, f"alias {s!r} of {aid!r} is also claimed by {owner[0]!r} ({owner[1]}:{owner[2]})"))
        elif not owner:
            claims[k] = (aid, p, ln)
    return out


def _dates(p: str, aid: str, m: dict) -> list[Problem]:
    out = []
    for k in ("from", "until"):
        if k in m:
            s = _scalar(m[k][1]) or ""
            if not _valid_date(s):
                out.append(Problem(p, _line(m[k][1]), f"actor {aid!r}: bad date {s!r} in `{k}` (use YYYY-MM-DD, YYYY-MM or YYYY)"))
    if "from" in m and "until" in m:
        a, b = _scalar(m["from"][1]) or "", _scalar(m["until"][1]) or ""
        if _valid_date(a) and _valid_date(b) and b < a:
            out.append(Problem(p, _line(m["until"][1]), f"actor {aid!r}: `until` {b} is before `from` {a}"))
    return out
