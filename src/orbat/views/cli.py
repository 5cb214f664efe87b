"""The `orbat` command line: ingest reports, extract predictions, evaluate, and look at the picture.

Every command that touches the store takes `--db URL` (a SQLAlchemy URL or a file path; SQLite
`orbat.db` in the current folder by default). Long work shows a progress bar on stderr; errors
are one line with a stable code and what to do next.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from orbat.errors import OrbatError, ReadError
from orbat.model import Document
from orbat.views import render
from orbat.views.progress import err, progress

DEFAULT_DB = "sqlite:///orbat.db"
EXAMPLES = Path(__file__).resolve().parents[3] / "examples"

app = typer.Typer(help=__doc__.splitlines()[0], no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False)

Db = Annotated[str, typer.Option("--db", help="store URL (sqlite:///file.db, postgresql+psycopg://...) or a file path")]
AsOf = Annotated[str | None, typer.Option("--as-of", help="only facts dated on or before YYYY-MM-DD")]
ActorOpt = Annotated[str | None, typer.Option("--actor", help="only facts involving this actor id")]
Json = Annotated[bool, typer.Option("--json", help="print JSON instead of a table")]


def _fail(exc: Exception) -> None:
    err.print(f"[red]error[/red] {exc}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def _store(db: str):
    from orbat.store.repository import Store

    try:
        return Store.open(db)
    except OrbatError as exc:
        _fail(exc)


def _documents(paths: list[str], max_mb: float, errors: list[str]) -> Iterator[Document]:
    from orbat.read import read_paths

    for item in read_paths(paths, max_mb=max_mb):
        if isinstance(item, ReadError):
            errors.append(str(item))
            err.print(f"[yellow]skipped[/yellow] {item}", highlight=False, soft_wrap=True)
        else:
            yield item


def _words(doc: Document) -> int:
    return len(doc.body.split()) + sum(len(c.text.split()) for c in doc.comments)


@app.command()
def ingest(paths: Annotated[list[str], typer.Argument(help="files, folders or globs")], db: Db = DEFAULT_DB,
           max_mb: Annotated[float, typer.Option(help="skip files larger than this")] = 50.0,
           force: Annotated[bool, typer.Option(help="re-extract documents already stored")] = False) -> None:
    """Read reports, extract their facts and store them (re-ingesting a document changes nothing)."""
    from orbat.annotate import Annotator
    from orbat.store.decisions import StoreDecisions

    store = _store(db)
    errors: list[str] = []
    added = skipped = 0
    annotator: Annotator | None = None
    with progress() as bar:
        task = bar.add_task("ingest", total=None, rate="")
        words = 0
        for doc in _documents(paths, max_mb, errors):
            if not force and store.has_document(doc.content_hash):
                skipped += 1
            else:
                annotator = annotator or Annotator(decisions=StoreDecisions(store))
                store.save(annotator.annotate(doc))
                added += 1
                words += _words(doc)
            elapsed = bar.tasks[0].elapsed or 1e-9
            bar.update(task, advance=1, rate=f"{words / elapsed:,.0f} words/s")
    store.close()
    err.print(f"ingested {added} new, {skipped} already stored, {len(errors)} unreadable → {db}", soft_wrap=True)
    if errors and not added and not skipped:
        raise typer.Exit(1)


@app.command()
def extract(corpus: Annotated[list[str], typer.Argument(help="corpus .jsonl (or any readable source)")],
            output: Annotated[Path, typer.Option("-o", "--output", help="predictions file (JSONL)")] = Path("-"),
            max_mb: float = 200.0) -> None:
    """Write FORMAT.md predictions, one line per document, streaming as documents are read."""
    from orbat.annotate import Annotator
    from orbat.eval.predictions import prediction

    annotator = Annotator()
    errors: list[str] = []
    fh = sys.stdout if str(output) == "-" else output.open("w", encoding="utf-8")
    n = 0
    try:
        with progress() as bar:
            task = bar.add_task("extract", total=None, rate="")
            for findings in annotator.annotate_many(_documents(corpus, max_mb, errors)):
                fh.write(json.dumps(prediction(findings), ensure_ascii=False) + "\n")
                fh.flush()
                n += 1
                bar.update(task, advance=1, rate="")
    finally:
        if fh is not sys.stdout:
            fh.close()
    err.print(f"{n} documents → {output}" + (f", {len(errors)} unreadable" if errors else ""))


@app.command("read")
def read_cmd(paths: list[str], json_out: Annotated[bool, typer.Option("--json")] = False,
             max_mb: float = 50.0) -> None:
    """Show documents as read: body, metadata and the reader comment tree."""
    errors: list[str] = []
    docs = [d.to_dict() for d in _documents(paths, max_mb, errors)]
    if json_out:
        render.as_json(docs if len(docs) != 1 else docs[0])
        return
    for d in docs:
        render.out.rule(d.get("title") or d.get("source") or "")
        render.out.print(f"author: {d['author']}  published: {d['published']}  outlet: {d['outlet']}  url: {d['url']}")
        render.out.print(d["body"], highlight=False)
        for c in d["comments"]:
            render.out.print(f"  [{c['id']} ← {c['parent']}] {c['author']}: {c['text'][:200]}", highlight=False)
    if errors and not docs:
        raise typer.Exit(1)


@app.command("eval")
def eval_cmd(gold: Path, predictions: Annotated[Path | None, typer.Option("--pred", help="score these "
             "predictions instead of extracting")] = None, json_out: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Extract the gold corpus (reading only what a system may read) and print the accuracy figures."""
    from orbat.eval.metrics import evaluate, summary_lines

    gold_docs = [json.loads(x) for x in gold.read_text(encoding="utf-8").splitlines() if x.strip()]
    if predictions is None:
        from orbat.annotate import Annotator
        from orbat.eval.predictions import prediction
        from orbat.read.corpus import read_corpus_line

        allowed = ("doc_id", "format", "raw", "published", "outlet", "outlet_kind", "url")
        annotator = Annotator()
        preds: dict[str, dict[str, Any]] = {}
        with progress() as bar:
            task = bar.add_task("extract", total=len(gold_docs), rate="")
            for d in gold_docs:
                doc = read_corpus_line({k: d[k] for k in allowed if k in d})
                preds[d["doc_id"]] = prediction(annotator.annotate(doc))
                bar.update(task, advance=1)
    else:
        preds = {p["doc_id"]: p for p in map(json.loads, predictions.read_text(encoding="utf-8").splitlines()) if p}
    result = evaluate(gold_docs, preds)
    if json_out:
        render.as_json(result)
    else:
        for line in summary_lines(result):
            render.out.print(line, highlight=False)


@app.command()
def actors(db: Db = DEFAULT_DB, as_of: AsOf = None, actor: ActorOpt = None, json_out: Json = False) -> None:
    """Actors seen in the store, with the names they were found under."""
    with _store(db) as store:
        rows = store.actors(as_of=as_of, actor=actor)
    render.as_json(rows) if json_out else render.out.print(render.actors_table(rows))


@app.command()
def relations(db: Db = DEFAULT_DB, as_of: AsOf = None, actor: ActorOpt = None,
              type: Annotated[str | None, typer.Option("--type")] = None, json_out: Json = False) -> None:
    """Relation claims (backs, ally_of, fights, member_of, leads, ...) with their evidence."""
    with _store(db) as store:
        rows = store.relations(as_of=as_of, actor=actor, type=type)
    render.as_json(rows) if json_out else render.out.print(render.relations_table(rows))


@app.command()
def events(db: Db = DEFAULT_DB, as_of: AsOf = None, actor: ActorOpt = None,
           start: Annotated[str | None, typer.Option(help="from YYYY-MM-DD")] = None,
           end: Annotated[str | None, typer.Option(help="to YYYY-MM-DD")] = None, json_out: Json = False) -> None:
    """Event claims in ACLED's taxonomy with place, date, actors and evidence."""
    with _store(db) as store:
        rows = store.events(as_of=as_of, actor=actor, start=start, end=end)
    render.as_json(rows) if json_out else render.out.print(render.events_table(rows))


@app.command()
def control(db: Db = DEFAULT_DB, as_of: AsOf = None, actor: ActorOpt = None,
            place: Annotated[str | None, typer.Option(help="a place name or id")] = None, json_out: Json = False) -> None:
    """Who holds which place, as of which date, on whose word."""
    with _store(db) as store:
        rows = store.control(as_of=as_of, actor=actor, place=place)
    render.as_json(rows) if json_out else render.out.print(render.control_table(rows))


@app.command()
def show(actor: str, db: Db = DEFAULT_DB, json_out: Json = False) -> None:
    """One actor: aliases, relations, events and control, each with its evidence and speaker."""
    with _store(db) as store:
        try:
            prof = store.actor_profile(actor)
        except OrbatError as exc:
            _fail(exc)
    if json_out:
        render.as_json(prof)
        return
    render.out.rule(f"{prof['name']} ({prof['id']}, {prof.get('type')})")
    render.out.print("aliases: " + ", ".join(prof.get("aliases") or []), highlight=False)
    for table, rows in ((render.relations_table, prof["relations"]), (render.events_table, prof["events"]),
                        (render.control_table, prof["control"])):
        if rows:
            render.out.print(table(rows))


@app.command()
def doc(key: Annotated[str | None, typer.Argument(help="document key")] = None, db: Db = DEFAULT_DB,
        list_docs: Annotated[bool, typer.Option("--list", help="list stored documents")] = False,
        json_out: Json = False) -> None:
    """A stored document with its facts highlighted in the text."""
    with _store(db) as store:
        if list_docs or key is None:
            rows = store.documents()
            if json_out:
                render.as_json(rows)
            else:
                for r in rows:
                    render.out.print(f"{r['key']}  {r.get('published') or '':10}  {r.get('outlet') or '':24} "
                                     f"{(r.get('title') or '')[:70]}", highlight=False)
            return
        try:
            d = store.document(key)
        except OrbatError as exc:
            _fail(exc)
    if json_out:
        render.as_json(d)
        return
    render.out.print(render.highlighted(d))


@app.command()
def report(db: Db = DEFAULT_DB, as_of: AsOf = None) -> None:
    """The order of battle: actors with aliases, relations, events and control, each with its source."""
    with _store(db) as store:
        render.out.print(render.actors_table(store.actors(as_of=as_of)))
        render.out.print(render.relations_table(store.relations(as_of=as_of)))
        render.out.print(render.events_table(store.events(as_of=as_of)))
        render.out.print(render.control_table(store.control(as_of=as_of)))


@app.command()
def demo(db: Db = "sqlite:///orbat-demo.db",
         examples: Annotated[Path | None, typer.Option(help="folder of reports [default: the repository's "
                                                             "examples/]")] = None) -> None:
    """Ingest the example reports shipped with orbat and print the order of battle."""
    examples = examples or EXAMPLES
    if not examples.is_dir():
        _fail(FileNotFoundError(f"no examples folder at {examples}; pass --examples DIR"))
    ingest([str(examples)], db=db, max_mb=50.0, force=False)
    report(db=db, as_of=None)


from orbat.views import kb_cli  # noqa: E402  (sub-apps register after the core commands)
from orbat.views.batch_cli import batch  # noqa: E402
from orbat.views.picture_cli import register  # noqa: E402
from orbat.views.serve_cli import serve  # noqa: E402

app.add_typer(kb_cli.app, name="kb")
app.command("serve")(serve)
app.command("batch")(batch)

register(app)  # the picture's commands (fuse, network, picture, correct, export)


def main() -> None:
    try:
        app()
    except OrbatError as exc:
        _fail(exc)


if __name__ == "__main__":
    main()
