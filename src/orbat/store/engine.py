"""Engines for the two back ends, with the settings that make writes safe.

SQLite: WAL (readers never block the writer), `synchronous=NORMAL` (a killed process never
corrupts or half-applies a transaction; only a power cut may lose the last commits),
foreign keys on, a long busy timeout, and transactions that we begin ourselves. pysqlite's own
implicit BEGIN is turned off because it starts transactions late and never as IMMEDIATE: a
writer that begins DEFERRED and upgrades to a write lock later can fail with "database is
locked" instead of waiting. Write transactions here begin IMMEDIATE, so concurrent writers
queue on the busy timeout.

PostgreSQL: psycopg 3, pre-ping (a shared server restarts under long batch runs).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

from orbat.errors import Code, OrbatError

WRITE = "orbat_write"  # execution option: this connection's next transaction writes


def normalize_url(url: str | Path) -> URL:
    """Any SQLAlchemy URL, or a bare file path meaning a SQLite file; `postgresql://` gets psycopg 3."""
    s = str(url)
    if "://" not in s:
        path = Path(s).expanduser().resolve()
        if not path.parent.is_dir():
            raise OrbatError(Code.E030, url=s, why=f"directory {path.parent} does not exist")
        s = f"sqlite:///{path}"
    try:
        u = make_url(s)
    except Exception as e:  # noqa: BLE001 - any parse failure is the user's URL
        raise OrbatError(Code.E030, url=s, why=str(e)) from e
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    return u


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str | Path) -> Engine:
    u = normalize_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database in (None, "", ":memory:"):
            raise OrbatError(Code.E030, url=str(u), why="an in-memory SQLite store cannot be shared; give a file")
        engine = create_engine(u, connect_args={"timeout": 60})
        _sqlite_setup(engine)
        return engine
    try:
        return create_engine(u, pool_pre_ping=True)
    except Exception as e:  # noqa: BLE001 - missing driver, bad options
        raise OrbatError(Code.E030, url=u.render_as_string(hide_password=True), why=str(e)) from e


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see module docstring)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=60000")
        # Reads of a large store jump around (an event's sources, a profile's latest events):
        # memory-mapped pages and a 64 MB page cache per connection turn those reads into memory
        # accesses instead of a system call per page (3x faster picture queries at 10^6 events).
        cur.execute("PRAGMA mmap_size=1073741824")
        cur.execute("PRAGMA cache_size=-65536")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")
