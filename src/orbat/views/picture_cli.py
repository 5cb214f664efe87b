"""CLI commands for the picture: fuse, network as of a date, fused events, relations over time,
control timelines, corrections and exports. `register(app)` adds them to the `orbat` app.

    orbat fuse [--full]
    orbat network --as-of 2016-02-01 [--json]
    orbat picture events|relations|contradictions|control|timeline ...
    orbat correct reject-fact|merge-actors|split-actor|edit-event|confirm-relation|withdraw ...
    orbat corrections
    orbat export acled-csv|geojson|gexf|graphml|plover -o FILE [--as-of D] [--start D] [--end D] [--actor A]
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from orbat.errors import OrbatError
from orbat.views import render
from orbat.views.progress import err

DEFAULT_DB = "sqlite:///orbat.db"
Db = Annotated[str, typer.Option("--db", help="store URL (sqlite:///file.db, postgresql+psycopg://...) or a file path")]
AsOf = Annotated[str | None, typer.Option("--as-of", help="the picture as known and as it stood on YYYY-MM-DD")]
Start = Annotated[str | None, typer.Option("--start", help="from YYYY-MM-DD")]
End = Annotated[str | None, typer.Option("--end", help="to YYYY-MM-DD")]
ActorOpt = Annotated[str | None, typer.Option("--actor", help="only what involves this actor id")]
BBoxOpt = Annotated[str | None, typer.Option("--bbox", help="min_lon,min_lat,max_lon,max_lat")]
Json = Annotated[bool, typer.Option("--json", help="print JSON instead of a table")]
Who = Annotated[str | None, typer.Option("--who", help="who makes the correction (default: $USER)")]

picture_app = typer.Typer(help="The fused picture: events, relations over time, control timelines.",
                          no_args_is_help=True)
correct_app = typer.Typer(help="Record an analyst correction (kept with who and when, re-applied after "
                               "every re-extraction).", no_args_is_help=True)


def _fail(exc: Exception) -> None:
    err.print(f"[red]error[/red] {exc}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def _store(db: str) -> Any:
    from orbat.store.repository import Store

    try:
        return Store.open(db)
    except OrbatError as exc:
        _fail(exc)


def _bbox(s: str | None) -> tuple[float, float, float, float] | None:
    if not s:
        return None
    try:
        parts = tuple(float(x) for x in s.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4:
        _fail(ValueError(f"--bbox wants four numbers min_lon,min_lat,max_lon,max_lat, not {s!r}"))
    return parts  # type: ignore[return-value]


def _who(who: str | None) -> str | None:
    return who or os.environ.get("USER") or os.environ.get("USERNAME")


def _run(fn: Any) -> Any:
    try:
        return fn()
    except OrbatError as exc:
        _fail(exc)


def _yn(v: Any) -> str:
    return "yes" if v else ""


def edges_table(edges: list[dict[str, Any]], names: dict[str, str], title: str) -> Table:
    t = Table(title=title)
    for col in ("source", "type", "target", "weight", "evidence", "docs", "outlets", "first", "last", "flags"):
        t.add_column(col, overflow="fold")
    for e in edges:
        flags = [f for f, on in (("CONTRADICTED", e["contradiction"]), ("hedged-only", e["hedged_only"]),
                                 ("denied", e["asserted"] == 0 and e["negated"] > 0),
                                 ("confirmed", e["confirmed"]), ("background", e["background"])) if on]
        kind = f" ({', '.join(e['kinds'])})" if e.get("kinds") else ""
        t.add_row(names.get(e["source"], e["source"]), e["type"] + kind, names.get(e["target"], e["target"]),
                  str(e["weight"]), str(e["evidence"]), str(e["documents"]), str(e["outlets"]),
                  e["first_seen"] or "", e["last_seen"] or "", ", ".join(flags))
    return t


def network(db: Db = DEFAULT_DB, as_of: AsOf = None, start: Start = None, actor: ActorOpt = None,
            type: Annotated[str | None, typer.Option("--type", help="only this relation type")] = None,
            no_background: Annotated[bool, typer.Option("--no-background", help="leave out the knowledge "
                                                        "base's background relations")] = False,
            json_out: Json = False) -> None:
    """The actor network as known and as it stood on a date, with weights and evidence counts."""
    from orbat.fuse.network import network as build

    with _store(db) as store:
        data = _run(lambda: build(store, as_of, start=start, actor=actor, type=type, background=not no_background))
    if json_out:
        render.as_json(data)
        return
    names = {n["id"]: n["name"] for n in data["nodes"]}
    render.out.print(edges_table(data["edges"], names, f"Network as of {as_of or 'today'}: "
                                 f"{len(data['nodes'])} actors, {len(data['edges'])} relations"))


def fuse(db: Db = DEFAULT_DB, full: Annotated[bool, typer.Option("--full", help="rebuild every fused event")] = False,
         json_out: Json = False) -> None:
    """Fuse event claims into events (only documents and corrections added since the last run)."""
    from orbat.fuse.events import fuse_events

    with _store(db) as store:
        rep = _run(lambda: fuse_events(store, full=full))
    if json_out:
        render.as_json(rep.as_dict())
    else:
        render.out.print(f"{rep.mode} fusion: {rep.documents} documents, {rep.claims} claims -> {rep.created} new "
                         f"events, {rep.attached} joined existing ones, {rep.recomputed} recomputed, "
                         f"{rep.removed} removed, {rep.rejected} rejected claims left out ({rep.seconds} s)",
                         highlight=False)


@picture_app.command("events")
def picture_events(db: Db = DEFAULT_DB, as_of: AsOf = None, start: Start = None, end: End = None,
                   actor: ActorOpt = None, bbox: BBoxOpt = None,
                   type: Annotated[str | None, typer.Option("--type", help="event type or sub-type")] = None,
                   limit: Annotated[int | None, typer.Option(help="at most this many")] = None,
                   json_out: Json = False) -> None:
    """Fused events, each with its sources and their differing figures."""
    from orbat.fuse.events import fused_events

    with _store(db) as store:
        rows = _run(lambda: fused_events(store, start=start, end=end, as_of=as_of, bbox=_bbox(bbox), actor=actor,
                                         type=type, limit=limit))
    if json_out:
        render.as_json(rows)
        return
    t = Table(title=f"Fused events ({len(rows)})")
    for col in ("id", "date", "sub-type", "place", "actor1", "actor2", "dead", "sources", "flags"):
        t.add_column(col, overflow="fold")
    for e in rows:
        tolls = sorted({s["fatalities"] for s in e["sources"] if s["fatalities"] is not None})
        dead = "" if e["fatalities"] is None else str(e["fatalities"])
        if len(tolls) > 1:
            dead += f" ({'/'.join(map(str, tolls))})"
        srcs = ", ".join(dict.fromkeys(s["outlet"] or s["document"] for s in e["sources"]))
        flags = ", ".join(f for f, on in (("disputed", e["disputed"]), ("hedged", e["hedged_only"]),
                                          ("edited", e["edited"])) if on)
        t.add_row(e["event_id"], e["date"] or "", e["sub_type"], e["place_name"] or "", e["actor1"] or "",
                  e["actor2"] or "", dead, f"{e['n_sources']}: {srcs}", flags)
    render.out.print(t)


@picture_app.command("relations")
def picture_relations(db: Db = DEFAULT_DB, as_of: AsOf = None, start: Start = None, actor: ActorOpt = None,
                      type: Annotated[str | None, typer.Option("--type")] = None,
                      claims: Annotated[bool, typer.Option("--claims", help="list the claims with their fact "
                                                           "keys instead of the aggregates")] = False,
                      json_out: Json = False) -> None:
    """Relations per actor pair and type over time: sources, outlets, first/last seen, contradictions."""
    from orbat.fuse.relations import relation_claims, relation_edges

    with _store(db) as store:
        if claims:
            rows = _run(lambda: relation_claims(store, as_of=as_of, start=start, actor=actor, type=type))
        else:
            rows = _run(lambda: relation_edges(store, as_of=as_of, start=start, actor=actor, type=type))
    if json_out:
        render.as_json(rows)
        return
    if not claims:
        render.out.print(edges_table(rows, {}, f"Relations ({len(rows)})"))
        return
    t = Table(title=f"Relation claims ({len(rows)})")
    for col in ("fact", "subject", "type", "object", "published", "outlet", "speaker", "flags", "sentence"):
        t.add_column(col, overflow="fold")
    for c in rows:
        flags = ", ".join(f for f, on in (("negated", c["negated"]), ("hedged", c["hedged"]),
                                          ("REJECTED", c["rejected"])) if on)
        t.add_row(c["fact"], c["subject"], c["type"], c["object"], c["published"] or "", c["outlet"] or "",
                  c["speaker"], flags, c["sentence"])
    render.out.print(t)


@picture_app.command("contradictions")
def picture_contradictions(db: Db = DEFAULT_DB, as_of: AsOf = None, actor: ActorOpt = None,
                           json_out: Json = False) -> None:
    """Relations one source asserts and another denies, with both sides' sentences."""
    from orbat.fuse.relations import contradictions

    with _store(db) as store:
        rows = _run(lambda: contradictions(store, as_of=as_of, actor=actor))
    if json_out:
        render.as_json(rows)
        return
    for e in rows:
        render.out.rule(f"{e['source']} {e['type']} {e['target']}")
        for side, claims in (("asserts", e["asserting"]), ("denies", e["denying"])):
            for c in claims:
                render.out.print(f"  {side:8s} {c['published'] or '':10s} {c['outlet'] or c['document']} "
                                 f"({c['speaker']}): {c['sentence']}", highlight=False, soft_wrap=True)
    if not rows:
        render.out.print("no contradictions")


@picture_app.command("control")
def picture_control(db: Db = DEFAULT_DB, as_of: AsOf = None, start: Start = None, actor: ActorOpt = None,
                    bbox: BBoxOpt = None, json_out: Json = False) -> None:
    """Who held each place on a date, since when, on whose word."""
    from orbat.fuse.control import control_as_of

    with _store(db) as store:
        rows = _run(lambda: control_as_of(store, as_of=as_of, bbox=_bbox(bbox), actor=actor, start=start))
    if json_out:
        render.as_json(rows)
        return
    t = Table(title=f"Control as of {as_of or 'latest'} ({len(rows)} places)")
    for col in ("place", "held by", "since", "last seen", "sources", "outlets", "changes", "disputed"):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(r["place"] or "", r["actor"], r["since"] or "", r["last_seen"] or "", str(r["sources"]),
                  ", ".join(r["outlets"]), str(r["changes"]), _yn(r["disputed"]))
    render.out.print(t)


@picture_app.command("timeline")
def picture_timeline(place: Annotated[str | None, typer.Argument(help="place name or id (all places without)")]
                     = None, db: Db = DEFAULT_DB, as_of: AsOf = None, start: Start = None, bbox: BBoxOpt = None,
                     actor: ActorOpt = None, json_out: Json = False) -> None:
    """Control periods of a place: who held it, from when to when, on whose word, and the changes."""
    from orbat.fuse.control import timelines

    with _store(db) as store:
        rows = _run(lambda: timelines(store, place=place, as_of=as_of, start=start, bbox=_bbox(bbox), actor=actor))
    if json_out:
        render.as_json(rows)
        return
    for t in rows:
        render.out.rule(f"{t['place']} ({t['admin1'] or ''})")
        for p in t["periods"]:
            srcs = ", ".join(dict.fromkeys(f"{s['outlet'] or s['document']} ({s['speaker']})" for s in p["sources"]))
            extra = (" CONTESTED" if p["contested"] else "") + (f" denied by {len(p['denied_by'])}"
                                                               if p["denied_by"] else "")
            render.out.print(f"  {p['from'] or '?':10s} → {p['until'] or 'now':10s} {p['actor']}: {srcs}{extra}",
                             highlight=False, soft_wrap=True)


@correct_app.command("reject-fact")
def correct_reject(fact: Annotated[str, typer.Argument(help="fact key, e.g. DOC#r1a2b3c4d5e")], db: Db = DEFAULT_DB,
                   reason: Annotated[str | None, typer.Option(help="why")] = None, who: Who = None) -> None:
    """Leave a claim out of every aggregate and fused event (by its fact key)."""
    from orbat.fuse.corrections import reject_fact

    with _store(db) as store:
        cid = _run(lambda: reject_fact(store, fact, _who(who), reason))
    render.out.print(f"correction {cid}: rejected {fact}", highlight=False)


@correct_app.command("merge-actors")
def correct_merge(source: str, into: str, db: Db = DEFAULT_DB, who: Who = None) -> None:
    """Treat SOURCE as the same actor as INTO everywhere."""
    from orbat.fuse.corrections import merge_actors

    with _store(db) as store:
        cid = _run(lambda: merge_actors(store, source, into, _who(who)))
    render.out.print(f"correction {cid}: {source} merged into {into}", highlight=False)


@correct_app.command("split-actor")
def correct_split(actor: str, new_id: str,
                  documents: Annotated[list[str], typer.Option("--doc", help="a document whose mentions of ACTOR "
                                                               "mean the new actor (repeat)")],
                  name: Annotated[str | None, typer.Option(help="the new actor's name")] = None,
                  db: Db = DEFAULT_DB, who: Who = None) -> None:
    """Give ACTOR's claims in the named documents to a new actor NEW_ID."""
    from orbat.fuse.corrections import split_actor

    with _store(db) as store:
        cid = _run(lambda: split_actor(store, actor, new_id, documents, name, _who(who)))
    render.out.print(f"correction {cid}: {actor} split, {len(documents)} document(s) to {new_id}", highlight=False)


@correct_app.command("edit-event")
def correct_edit(fact: Annotated[str, typer.Argument(help="fact key of any source of the event")], field: str,
                 value: str, db: Db = DEFAULT_DB, who: Who = None) -> None:
    """Set one field of a fused event (e.g. fatalities 14, date 2016-02-03, actor1 russia)."""
    from orbat.fuse.corrections import edit_event

    with _store(db) as store:
        cid = _run(lambda: edit_event(store, fact, field, value, _who(who)))
    render.out.print(f"correction {cid}: {field} = {value} for the event of {fact}", highlight=False)


@correct_app.command("confirm-relation")
def correct_confirm(subject: str, type: str, object: str, db: Db = DEFAULT_DB,
                    kind: Annotated[str | None, typer.Option(help="for backs: money, arms, ...")] = None,
                    note: Annotated[str | None, typer.Option(help="the analyst's source or reason")] = None,
                    who: Who = None) -> None:
    """Vouch for a relation: it is marked confirmed (and shown even with no claim behind it)."""
    from orbat.fuse.corrections import confirm_relation

    with _store(db) as store:
        cid = _run(lambda: confirm_relation(store, subject, type, object, _who(who), kind, note))
    render.out.print(f"correction {cid}: confirmed {subject} {type} {object}", highlight=False)


@correct_app.command("withdraw")
def correct_withdraw(correction: int, db: Db = DEFAULT_DB, who: Who = None) -> None:
    """Withdraw an earlier correction (both stay on record)."""
    from orbat.fuse.corrections import withdraw

    with _store(db) as store:
        cid = _run(lambda: withdraw(store, correction, _who(who)))
    render.out.print(f"correction {cid}: withdrew correction {correction}", highlight=False)


def corrections(db: Db = DEFAULT_DB, json_out: Json = False) -> None:
    """Every analyst correction with who made it and when."""
    with _store(db) as store:
        rows = store.corrections()
    if json_out:
        render.as_json(rows)
        return
    withdrawn = {str(r["target"]) for r in rows if r["kind"] == "withdraw"}
    t = Table(title=f"Corrections ({len(rows)})")
    for col in ("id", "when", "who", "kind", "target", "details", "in force"):
        t.add_column(col, overflow="fold")
    for r in rows:
        details = ", ".join(f"{k}={v}" for k, v in (r["payload"] or {}).items() if v not in (None, "", []))
        t.add_row(str(r["id"]), r["created_at"] or "", r["who"] or "", r["kind"], r["target"], details,
                  "" if str(r["id"]) in withdrawn or r["kind"] == "withdraw" else "yes")
    render.out.print(t)


def export(fmt: Annotated[str, typer.Argument(help="acled-csv, geojson, gexf, graphml or plover")],
           output: Annotated[Path, typer.Option("-o", "--output", help="file to write (- for stdout)")],
           db: Db = DEFAULT_DB, as_of: AsOf = None, start: Start = None, end: End = None, actor: ActorOpt = None,
           bbox: BBoxOpt = None) -> None:
    """Export the picture for other tools (ACLED CSV, GeoJSON, Gephi GEXF, GraphML, PLOVER JSON)."""
    from orbat.views.export import export as run_export

    with _store(db) as store:
        n = _run(lambda: run_export(store, fmt, output, as_of=as_of, start=start, end=end, actor=actor,
                                    bbox=_bbox(bbox)))
    if str(output) != "-":
        render.out.print(f"wrote {n} records to {output} ({fmt})", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the picture commands to the `orbat` app."""
    app.command()(network)
    app.command()(fuse)
    app.command()(corrections)
    app.command()(export)
    app.add_typer(picture_app, name="picture")
    app.add_typer(correct_app, name="correct")
