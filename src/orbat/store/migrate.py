"""Bring a store's schema to the revision this orbat ships, on open.

The Alembic scripts live inside the package (`orbat/store/migrations`), and the Config is built
here, so an installed orbat needs no alembic.ini. A store already at head is only read (one
query), never written. Two processes opening a fresh store at once are serialised: SQLite by
the IMMEDIATE write lock, PostgreSQL by a transaction-scoped advisory lock, and the loser then
finds the schema at head and does nothing.

To write a new revision after changing schema.py (developers only):

    python -m orbat.store.migrate revision "what changed"
"""

from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from orbat.errors import Code, OrbatError
from orbat.store.engine import WRITE, is_sqlite

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_PG_LOCK = 0x6F72626174  # "orbat": advisory lock key for schema upgrades


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def heads() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def current(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def upgrade(engine: Engine) -> bool:
    """Upgrade to head; returns True when something was applied."""
    want = heads()
    have = current(engine)
    if have == want:
        return False
    known = {r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if have - known:
        raise OrbatError(Code.E030, url=engine.url.render_as_string(hide_password=True),
                         why=f"schema revision {sorted(have - known)} is newer than this orbat; upgrade orbat")
    cfg = alembic_config()
    with engine.connect() as conn:
        conn.execution_options(**{WRITE: True})
        with conn.begin():
            if not is_sqlite(engine):
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    return True


def _revision(message: str) -> None:
    """Autogenerate a revision against a scratch SQLite store at the current head."""
    import tempfile

    from orbat.store.engine import make_engine

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(Path(tmp) / "scratch.db")
        upgrade(engine)
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.revision(cfg, message=message, autogenerate=True)
        engine.dispose()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "revision":
        _revision(sys.argv[2])
    else:
        raise SystemExit('usage: python -m orbat.store.migrate revision "message"')
