"""Alembic environment for the orbat store.

At run time `orbat.store.migrate` hands over an open connection in
`config.attributes["connection"]`, so no alembic.ini is needed. A developer writing a new
revision can still run Alembic by hand with `-x url=sqlite:///dev.db` (see migrate.py).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from orbat.store.schema import metadata

config = context.config


def _configure(connection) -> None:
    # render_as_batch lets later revisions ALTER tables on SQLite (copy-and-move) as on PostgreSQL.
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                      compare_type=True)


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    engine = create_engine(url)
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("orbat migrations run online only; pass -x url=... ")
run()
