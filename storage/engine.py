"""Engine and session factories (no import-time singletons: callers build an engine from a URL).

SQLite is tuned for several processes sharing one file: WAL journal, a 30 s busy timeout, foreign keys on.
SQLAlchemy emits BEGIN itself (the sqlite3 module's implicit transactions are switched off), so that write
transactions can start with ``BEGIN IMMEDIATE``: a deferred transaction that reads and then writes can fail at
once with "database is locked" (SQLITE_BUSY_SNAPSHOT) when another process committed in between, whatever the
busy timeout; an immediate one takes the write lock first and simply waits its turn.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

logger = logging.getLogger(__name__)

DEFAULT_DATABASE_URL = "sqlite:///data/energybridge.db"
# How long a SQLite connection waits for another writer before failing: ingest transactions are one file
# each (milliseconds), so 30 s only runs out when something is badly stuck.
SQLITE_BUSY_TIMEOUT_S = 30.0
# Execution option that makes the SQLite ``begin`` hook emit BEGIN IMMEDIATE (see ``write_session``).
WRITE_LOCK_OPTION = "energybridge_write"


def _normalise_url(url: str | URL) -> URL:
    parsed = make_url(url)
    # psycopg (3) is the installed PostgreSQL driver; a bare postgresql:// would ask for psycopg2.
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def is_sqlite(bind: Engine | Connection | Session) -> bool:
    """Return whether ``bind`` talks to SQLite."""
    if isinstance(bind, Session):
        bind = bind.get_bind()
    return bind.dialect.name == "sqlite"


def create_engine_for(url: str | URL | None = None, *, echo: bool = False) -> Engine:
    """Return a new engine for ``url`` (default ``sqlite:///data/energybridge.db``, its directory created).

    ``sqlite://`` (in memory) shares one connection through a StaticPool, for tests.
    """
    parsed = _normalise_url(url or DEFAULT_DATABASE_URL)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, echo=echo, pool_pre_ping=True)

    database = parsed.database or ""
    in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
    kwargs: dict[str, Any] = {
        "echo": echo,
        "connect_args": {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_S},
    }
    if in_memory:
        kwargs["poolclass"] = StaticPool
    else:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, **kwargs)
    _install_sqlite_hooks(engine, wal=not in_memory)
    if not in_memory:
        _attach_side_workers(engine)
    return engine


# Threads that run a second read beside a query on another pooled connection (a search's count beside its page,
# ``storage.search``); created with the engine that owns the connections, shut down when it is collected.
SIDE_WORKERS = 4
_SIDE_WORKERS_ATTR = "energybridge_side_workers"


def _attach_side_workers(engine: Engine) -> None:
    workers = ThreadPoolExecutor(max_workers=SIDE_WORKERS, thread_name_prefix="db-side")
    setattr(engine, _SIDE_WORKERS_ATTR, workers)
    weakref.finalize(engine, workers.shutdown, wait=False)


def side_workers(engine: Engine) -> ThreadPoolExecutor | None:
    """The engine's threads for reads beside a query (None for an in-memory or a server database)."""
    return getattr(engine, _SIDE_WORKERS_ATTR, None)


def _install_sqlite_hooks(engine: Engine, *, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN (see module docstring); PRAGMAs below then run outside a transaction.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            if wal:
                cursor.execute("PRAGMA journal_mode = WAL")
                # NORMAL is durable across application crashes in WAL mode and much faster than FULL.
                cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get(WRITE_LOCK_OPTION):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def new_session(engine: Engine) -> Session:
    """Return a session for reading (and ad-hoc writes); objects stay usable after commit."""
    return Session(engine, expire_on_commit=False)


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """Yield a session for queries; it is closed (and its transaction ended) on exit."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """Yield a session whose transaction takes the write lock up front; commit on success, roll back on error.

    Keep it short (one file per transaction while ingesting): on SQLite every other writer waits for it.
    """
    with Session(engine, expire_on_commit=False, execution_options={WRITE_LOCK_OPTION: True}) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
