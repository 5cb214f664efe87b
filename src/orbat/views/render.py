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
    """Who said it, where and when: `author, The Outlet 2016-03-02 [doc key]`."""
    where = claim.get("outlet") or "document"
    when = f" {claim['published']}" if claim.get("published") else ""
    return f"{claim.get('speaker') or 'author'}, {where}{when} [{claim.get('document') or ''}]"


def _flags(claim: dict[str, Any]) -> str:
    return "".join(f" [{x}]" for x, on in (("DENIED", claim.get("negated")), ("hedged", claim.get("hedged"))) if on)


def _quote(claim: dict[str, Any], width: int = 220) -> Text:
    sentence = " ".join(((claim.get("evidence") or {}).get("sentence") or "").split())
    if len(sentence) > width:
        sentence = sentence[: width - 1] + "…"
    return Text(f"    “{sentence}”", style="dim")


def _name(claim: dict[str, Any], field: str) -> str:
    return claim.get(f"{field}_name") or claim.get(field) or "?"


def actors_table(rows: list[dict[str, Any]]) -> Table:
    t = Table(title="Actors", title_justify="left")
    for c in ("id", "name", "type", "found as", "mentions"):
        t.add_column(c, overflow="fold")
    for r in rows:
        aliases = ", ".join(dict.fromkeys((r.get("aliases") or [])[:8]))
        t.add_row(r["id"], r.get("name") or "", r.get("type") or "", aliases, str(r.get("mentions", "")))
    return t


def _section(title: str, lines: list[Text]) -> Text:
    out = Text(f"\n{title} ({len(lines) // 2})\n", style="bold underline")
    for line in lines:
        out.append(line)
        out.append("\n")
    return out


def relations_table(rows: list[dict[str, Any]]) -> Text:
    lines: list[Text] = []
    for r in rows:
        rel = r["type"] + (f"({r['kind']})" if r.get("kind") else "")
        head = Text("  ")
        head.append(_name(r, "subject"), style="bold")
        head.append(f"  {rel}  ", style="cyan")
        head.append(_name(r, "object"), style="bold")
        head.append(_flags(r), style="red")
        head.append(f"  — {source(r)}", style="italic")
        lines += [head, _quote(r)]
    return _section("Relations", lines)


def events_table(rows: list[dict[str, Any]]) -> Text:
    lines: list[Text] = []
    for r in rows:
        place = r.get("place") or {}
        where = place.get("name") or "?"
        if place.get("admin1"):
            where += f" ({place['admin1']})"
        head = Text(f"  {r.get('date') or '????-??-??'} {r.get('date_precision') or ''}  ")
        head.append(r["sub_type"], style="magenta")
        head.append(f"  {_name(r, 'actor1')} → {_name(r, 'actor2')}  at {where}")
        if r.get("fatalities") is not None:
            head.append(f"  {r['fatalities']} killed", style="red")
        head.append(f"  — {source(r)}", style="italic")
        lines += [head, _quote(r)]
    return _section("Events", lines)


def control_table(rows: list[dict[str, Any]]) -> Text:
    lines: list[Text] = []
    for r in rows:
        head = Text("  ")
        head.append((r.get("place") or {}).get("name") or "?", style="bold")
        head.append(" held by ", style="green")
        head.append(_name(r, "actor"), style="bold")
        head.append(f" as of {r.get('as_of') or '?'}  — {source(r)}", style="italic")
        lines += [head, _quote(r)]
    return _section("Control", lines)


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
