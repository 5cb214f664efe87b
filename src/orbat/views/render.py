"""Printing the order of battle on a terminal: tables for people, JSON for programs."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

out = Console()


def as_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def source(claim: dict[str, Any]) -> str:
    """`speaker @ document` for a stored claim."""
    return f"{claim.get('speaker') or 'author'} @ {claim.get('document') or ''}".strip()


def _flags(ev: dict[str, Any] | None) -> str:
    if not ev:
        return ""
    return " ".join(x for x, on in (("NOT", ev.get("negated")), ("hedged", ev.get("hedged"))) if on)


def actors_table(rows: list[dict[str, Any]]) -> Table:
    t = Table(title="Actors", show_lines=False)
    for c in ("id", "name", "type", "aliases seen", "mentions"):
        t.add_column(c)
    for r in rows:
        aliases = ", ".join((r.get("aliases") or [])[:8])
        t.add_row(r["id"], r.get("name") or "", r.get("type") or "", aliases, str(r.get("mentions", "")))
    return t


def relations_table(rows: list[dict[str, Any]]) -> Table:
    t = Table(title="Relations")
    for c in ("subject", "relation", "object", "flags", "source", "evidence"):
        t.add_column(c, overflow="fold")
    for r in rows:
        ev = r.get("evidence") or {}
        rel = r["type"] + (f" ({r['kind']})" if r.get("kind") else "")
        t.add_row(r.get("subject_name") or r["subject"], rel, r.get("object_name") or r["object"], _flags(ev),
                  source(r), Text(ev.get("sentence", "")[:160]))
    return t


def events_table(rows: list[dict[str, Any]]) -> Table:
    t = Table(title="Events")
    for c in ("date", "event", "actor1", "actor2", "place", "killed", "source", "evidence"):
        t.add_column(c, overflow="fold")
    for r in rows:
        ev = r.get("evidence") or {}
        place = (r.get("place") or {}).get("name") or ""
        date = f"{r.get('date') or '?'} ({r.get('date_precision') or ''})"
        t.add_row(date, f"{r['sub_type']}", r.get("actor1_name") or r.get("actor1") or "-",
                  r.get("actor2_name") or r.get("actor2") or "-", place,
                  "" if r.get("fatalities") is None else str(r["fatalities"]), source(r),
                  Text(ev.get("sentence", "")[:160]))
    return t


def control_table(rows: list[dict[str, Any]]) -> Table:
    t = Table(title="Control")
    for c in ("place", "held by", "as of", "source", "evidence"):
        t.add_column(c, overflow="fold")
    for r in rows:
        ev = r.get("evidence") or {}
        place = (r.get("place") or {}).get("name") or ""
        t.add_row(place, r.get("actor_name") or r["actor"], r.get("as_of") or "", source(r),
                  Text(ev.get("sentence", "")[:160]))
    return t


def highlighted(d: dict[str, Any]) -> Text:
    """The body with every fact's evidence span underlined, then the facts listed."""
    body = d.get("body") or ""
    text = Text(f"{d.get('title') or ''}\n{d.get('published') or ''} {d.get('outlet') or ''}\n\n", style="bold")
    t = Text(body)
    for kind, style in (("relations", "underline cyan"), ("events", "underline magenta"), ("control", "underline green")):
        for f in d.get(kind, []):
            ev = f.get("evidence") or {}
            if ev.get("segment") == "body" and ev.get("end", 0) <= len(body):
                t.stylize(style, ev["start"], ev["end"])
    text.append(t)
    for c in d.get("comments") or []:
        text.append(f"\n\n[{c['id']}] {c.get('author') or ''}: ", style="bold")
        text.append(c.get("text") or "")
    return text
