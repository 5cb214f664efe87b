"""`orbat batch`: archive-scale extraction on a process pool or a Ray cluster.

A Typer command function; the main CLI mounts it as `orbat batch`, and
`python -m orbat.batch` runs it on its own.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from orbat.errors import OrbatError

err = Console(stderr=True)


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]batch"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}% of input"),
        TextColumn("{task.fields[docs]}"),
        TextColumn("[cyan]{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=err,
    )


def batch(
    inputs: Annotated[list[str], typer.Argument(help="directories, JSONL shards, WARC files or globs")],
    db: Annotated[str, typer.Option("--db", help="store URL (sqlite:///file.db, postgresql://...) or a file path")]
    = "sqlite:///orbat.db",
    engine: Annotated[str, typer.Option("--engine", help="local (a process pool) or ray (a local Ray instance, or the cluster at --address; needs pip install \"orbat[ray]\")")]
    = "local",
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="worker processes (one spaCy pipeline each)")]
    = 2,
    chunk: Annotated[int, typer.Option("--chunk", min=1, help="documents (or files) per unit of work")] = 32,
    address: Annotated[str | None, typer.Option("--address", help="Ray cluster to join (auto, or ray://head:10001); "
                                                "without it --engine ray starts a local instance of --workers CPUs")]
    = None,
    max_mb: Annotated[float, typer.Option("--max-mb", help="skip loose files larger than this")] = 50.0,
    force: Annotated[bool, typer.Option(help="re-extract documents already stored")] = False,
) -> None:
    """Extract every document under INPUT... into the store, exactly once and resumably.

    Documents already stored are skipped, so a run killed at any point finishes when run again.
    """
    from orbat.batch.runner import run_batch
    from orbat.batch.units import input_bytes

    with _progress() as bar:
        task = bar.add_task("batch", total=max(1, input_bytes(inputs)), docs="", rate="")
        seen = {"read": 0, "saved": 0, "skipped": 0, "words": 0}

        def on_result(r) -> None:  # type: ignore[no-untyped-def]
            for k in seen:
                seen[k] += getattr(r, k)
            for e in r.errors:
                bar.console.print(f"[yellow]skipped[/yellow] {e}", highlight=False, soft_wrap=True)
            elapsed = bar.tasks[0].elapsed or 1e-9
            bar.update(task, advance=r.nbytes,
                       docs=f"{seen['read']:,} docs ({seen['skipped']:,} already stored)",
                       rate=f"{seen['saved'] / elapsed:,.1f} docs/s  {seen['words'] / elapsed:,.0f} words/s")

        def on_error(e: str) -> None:
            bar.console.print(f"[yellow]skipped[/yellow] {e}", highlight=False, soft_wrap=True)

        try:
            s = run_batch(inputs, db, engine=engine, workers=workers, chunk=chunk, address=address,
                          max_mb=max_mb, force=force, on_result=on_result, on_error=on_error)
        except OrbatError as exc:
            err.print(f"[red]error[/red] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
        bar.update(task, completed=bar.tasks[0].total)
    rate = s.words / s.seconds if s.seconds else 0.0
    err.print(f"batch: {s.saved:,} new, {s.skipped:,} already stored, {len(s.errors)} unreadable or failed; "
              f"{s.words:,} words in {s.seconds:,.1f} s ({rate:,.0f} words/s) → {db}", highlight=False, soft_wrap=True)
    if s.errors and not s.saved and not s.skipped:
        raise typer.Exit(1)


def main() -> None:
    typer.run(batch)
