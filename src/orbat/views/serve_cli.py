"""`orbat serve`: the API and dashboard on a local port.

Safe by default: it binds to loopback. Writes always need a bearer token; without --token on
loopback a random one is made and printed (like a notebook server), so only someone who can
read this terminal can write. On any other interface it refuses to start unless a token is
given or writes are switched off with --read-only: a server reachable from the network with
writes open to anyone is never one flag away.
"""

from __future__ import annotations

import ipaddress
import secrets
from typing import Annotated

import typer

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    """True for localhost and the 127.0.0.0/8 and ::1 addresses; 0.0.0.0 means every interface."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def plan(host: str, token: str | None, read_only: bool) -> tuple[str | None, bool]:
    """(token to use, whether it was generated); raises typer.BadParameter when unsafe."""
    if read_only:
        return None, False
    if token:
        return token, False
    if not is_loopback(host):
        raise typer.BadParameter(
            f"refusing to serve on {host} with writes open and no token: pass --token (or set ORBAT_TOKEN), "
            "or --read-only", param_hint="--host")
    return secrets.token_urlsafe(24), True


def serve(
    db: Annotated[str, typer.Option("--db", envvar="ORBAT_DB", help="store URL or SQLite file")] = "sqlite:///orbat.db",
    host: Annotated[str, typer.Option(help="interface to bind; loopback unless you mean it")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    token: Annotated[str | None, typer.Option(envvar="ORBAT_TOKEN",
                                              help="bearer token for writes (ingest, corrections)")] = None,
    read_only: Annotated[bool, typer.Option("--read-only", help="no writes at all")] = False,
) -> None:
    """Serve the REST API (OpenAPI at /docs) and the dashboard."""
    import uvicorn

    from orbat.views.api import create_app

    use_token, generated = plan(host, token, read_only)
    allowed = ["localhost", "127.0.0.1", "[::1]", "::1", host] if is_loopback(host) else None
    app = create_app(db, use_token, allowed_hosts=allowed)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"orbat: dashboard at http://{shown}:{port}/  API docs at http://{shown}:{port}/docs")
    if read_only:
        typer.echo("orbat: read-only (writes refused)")
    elif generated:
        typer.echo(f"orbat: write token for this run: {use_token}")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def main() -> None:  # pragma: no cover - `python -m orbat.views.serve_cli` until the CLI mounts it
    typer.run(serve)


if __name__ == "__main__":  # pragma: no cover
    main()
