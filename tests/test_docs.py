"""Documentation that cannot drift: the CLI reference is generated and must be current."""

from __future__ import annotations

from pathlib import Path

from orbat.views.clidoc import render

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def test_cli_reference_is_current():
    assert DOC.exists(), "run: python -m orbat.views.clidoc > docs/cli.md"
    assert DOC.read_text(encoding="utf-8") == render(), "docs/cli.md is stale: python -m orbat.views.clidoc > docs/cli.md"


def test_every_command_has_help():
    text = render()
    blocks = text.split("### ")[1:]
    assert blocks
    for b in blocks:
        title, _, body = b.partition("\n")
        assert body.strip(), f"{title} has no help text"
