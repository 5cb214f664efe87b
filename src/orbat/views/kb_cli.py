"""`orbat kb`: validate knowledge files and settle provisional actors.

Knowledge stays in files (the shipped KB plus the user's `local.yaml`), decisions in the store
(its corrections table, `--db`), so re-extraction never loses an analyst's work: `orbat ingest`
re-applies them to fresh findings.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer
import yaml

from orbat.annotate.discovery import PREFIX, pending
from orbat.knowledge.actors import load_actor_kb, user_dir
from orbat.knowledge.validate import validate_files

app = typer.Typer(help="The actor knowledge base: validate files, settle provisional actors, add aliases.")


Db = Annotated[str, typer.Option("--db", help="the store that keeps decisions (SQLAlchemy URL or file path)")]
DEFAULT_DB = "sqlite:///orbat.db"


class _Decisions:
    """The store's decisions for one command, closing the store afterwards."""

    def __init__(self, db: str) -> None:
        from orbat.store.decisions import StoreDecisions
        from orbat.store.repository import Store

        self.store = Store.open(db)
        self.decisions = StoreDecisions(self.store)

    def __enter__(self):
        return self.decisions

    def __exit__(self, *exc: object) -> None:
        self.store.close()


def store_pending(db: str) -> list[dict]:
    """Pending provisional actors of a store, in the shape `pending` reads (one item per document)."""
    from orbat.store.decisions import StoreDecisions
    from orbat.store.repository import Store

    with Store.open(db) as store:
        items = []
        for a in store.actors():
            if not a["id"].startswith(PREFIX):
                continue
            prof = store.actor_profile(a["id"])
            docs: dict[str, dict] = {}
            for kind in ("relations", "events"):
                for c in prof[kind]:
                    d = docs.setdefault(c["document"], {"doc_id": c["document"], "relations": [], "events": [],
                                                        "actors": [{"id": a["id"], "name": a["name"],
                                                                    "surface": a.get("aliases") or []}]})
                    d[kind].append({**c, "evidence": c["evidence"]["sentence"]})
            items += list(docs.values()) or [{"doc_id": None, "relations": [], "events": [],
                                              "actors": [{"id": a["id"], "name": a["name"],
                                                          "surface": a.get("aliases") or []}]}]
        return pending(items, StoreDecisions(store).all())


def _who() -> str:
    return os.environ.get("USER") or "analyst"


@app.command()
def validate(files: Annotated[list[Path] | None,
                               typer.Argument(help="Actor files; default: every file orbat loads")] = None) -> None:
    """Check actor files; print `file:line: problem` for each problem, exit 1 if any."""
    problems = validate_files(list(files) if files else None)
    for p in problems:
        typer.echo(str(p))
    if problems:
        typer.echo(f"{len(problems)} problem(s)", err=True)
        raise typer.Exit(1)
    typer.echo("ok")


@app.command("pending")
def pending_cmd(predictions: Annotated[Path | None, typer.Argument(
                    help="prediction JSONL written by `orbat extract`; default: the store's actors")] = None,
                db: Db = DEFAULT_DB, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Provisional actors not yet accepted, merged or rejected, with documents and evidence."""
    if predictions is not None:
        preds = [json.loads(x) for x in predictions.read_text(encoding="utf-8").splitlines() if x.strip()]
        with _Decisions(db) as decisions:
            items = pending(preds, decisions.all())
    else:
        items = store_pending(db)
    if as_json:
        typer.echo(json.dumps(items, ensure_ascii=False, indent=1))
        return
    for e in items:
        typer.echo(f"{e['id']}  {e['name']}  ({len(e['documents'])} doc(s): {', '.join(map(str, e['documents'][:5]))})")
        typer.echo(f"    as: {'; '.join(e['surfaces'])}")
        for s in e["evidence"][:3]:
            typer.echo(f"    - {s}")


def _need_provisional(actor: str) -> None:
    if not actor.startswith(PREFIX):
        typer.echo(f"{actor!r} is not a provisional actor (ids start with {PREFIX!r})", err=True)
        raise typer.Exit(2)


@app.command()
def accept(actor: str, new_id: Annotated[str | None, typer.Option("--id")] = None,
           name: Annotated[str | None, typer.Option("--name")] = None,
           type_: Annotated[str, typer.Option("--type")] = "armed_group", db: Db = DEFAULT_DB) -> None:
    """Accept a provisional actor, optionally under a new id and name."""
    _need_provisional(actor)
    payload = {k: v for k, v in {"id": new_id, "name": name, "type": type_}.items() if v}
    with _Decisions(db) as decisions:
        decisions.add("accept", actor, payload, _who())
    typer.echo(f"accepted {actor}" + (f" as {new_id}" if new_id else ""))


@app.command()
def merge(a: str, b: str, db: Db = DEFAULT_DB) -> None:
    """Merge actor A (provisional) into actor B: A's mentions and claims become B's."""
    _need_provisional(a)
    kb = load_actor_kb()
    if b not in kb.actors and not b.startswith(PREFIX):
        typer.echo(f"unknown actor {b!r}", err=True)
        raise typer.Exit(2)
    with _Decisions(db) as decisions:
        decisions.add("merge", a, {"into": b}, _who())
    typer.echo(f"merged {a} into {b}")


@app.command()
def reject(actor: str, db: Db = DEFAULT_DB) -> None:
    """Reject a provisional actor: its mentions are dropped from every extraction."""
    _need_provisional(actor)
    with _Decisions(db) as decisions:
        decisions.add("reject", actor, {}, _who())
    typer.echo(f"rejected {actor}")


@app.command("add-alias")
def add_alias(actor: str, alias: str, db: Db = DEFAULT_DB) -> None:
    """Add an alias to a knowledge-base actor, in the user's local.yaml (the shipped file is untouched)."""
    kb = load_actor_kb()
    if actor.startswith(PREFIX):
        with _Decisions(db) as decisions:
            decisions.add("add-alias", actor, {"alias": alias}, _who())
        typer.echo(f"recorded alias {alias!r} for {actor}")
        return
    if actor not in kb.actors:
        typer.echo(f"unknown actor {actor!r}", err=True)
        raise typer.Exit(2)
    path = add_alias_to_file(user_dir() / "local.yaml", actor, alias)
    with _Decisions(db) as decisions:
        decisions.add("add-alias", actor, {"alias": alias, "file": str(path)}, _who())
    typer.echo(f"added {alias!r} to {actor} in {path}")


def add_alias_to_file(path: Path, actor: str, alias: str) -> Path:
    """Append an alias for `actor` to a user actor file, creating the file or the entry as needed."""
    data = {"actors": []}
    if path.exists():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {"actors": []}
        data.setdefault("actors", [])
    for a in data["actors"]:
        if a.get("id") == actor:
            if alias not in a.setdefault("aliases", []):
                a["aliases"].append(alias)
            break
    else:
        data["actors"].append({"id": actor, "aliases": [alias]})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# user additions to the actor knowledge base (orbat kb add-alias)\n"
                    + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
