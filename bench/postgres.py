"""A PostgreSQL copy of a benchmark store, for the query figures on PostgreSQL (``--postgres URL``).

The SQLite store's rows are copied (``COPY``) into a fresh schema of the given server, migrated to head, so both
backends answer the same data with the same code; then ``VACUUM ANALYZE``, as autovacuum would have left a store
that grew by ingestion (visibility map set, statistics fresh), and a ``CHECKPOINT``, so that writing the copy out
does not fall into the measurement. The schema is dropped at the end. Copying the
100,000-article store takes about a minute.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from bench.context import Context

# Parents before children (foreign keys); articles by id, so a story's first article precedes the others.
_TABLES = ("articles", "organisations", "people", "projects", "article_countries", "article_organisations",
           "article_people", "article_projects", "figures")


def driver_url(url: str) -> str:
    """``url`` as psycopg itself takes it (no SQLAlchemy driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def scratch_schema(admin_url: str) -> Iterator[str]:
    """Yield the URL of a new, empty schema on ``admin_url``'s server (its connections use only it); drop it after."""
    name = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_url(admin_url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
        yield (make_url(admin_url).set(drivername="postgresql+psycopg")
               .update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(hide_password=False))
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        admin.dispose()


@contextmanager
def copy_of(ctx: Context, store: Path, admin_url: str) -> Iterator[str]:
    """Yield the URL of a new schema on ``admin_url``'s server holding ``store``'s articles and links."""
    import psycopg

    from storage.engine import create_engine_for
    from storage.migrate import upgrade

    with scratch_schema(admin_url) as url:
        engine = create_engine_for(url)
        try:
            upgrade(engine)
        finally:
            engine.dispose()
        ctx.log(f"copying {store.name} to a scratch schema on PostgreSQL")
        source = sqlite3.connect(store)
        try:
            with psycopg.connect(driver_url(url)) as conn:
                for table in _TABLES:
                    _copy_table(source, conn, table)
            with psycopg.connect(driver_url(url), autocommit=True) as conn:
                for table in _TABLES:
                    conn.execute(f"ANALYZE {table}")
                _vacuum(conn)
                try:  # write the copy out now, not in a checkpoint during the measurement
                    conn.execute("CHECKPOINT")
                except psycopg.errors.InsufficientPrivilege:
                    ctx.log("no CHECKPOINT privilege: a checkpoint may run during the measurement")
        finally:
            source.close()
        yield url


def _vacuum(conn: object, attempts: int = 3) -> None:
    """VACUUM until every page of the copied tables is marked all-visible (index-only scans need it).

    A VACUUM that starts right after the bulk load can find its rows not yet visible to every transaction and
    leave the pages unmarked (seen here: /latest then counted with a sequential scan, 50 ms instead of 7)."""
    import psycopg

    assert isinstance(conn, psycopg.Connection)
    for attempt in range(attempts):
        for table in _TABLES:
            conn.execute(f"VACUUM {table}")
        unmarked = conn.execute(
            "SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace "
            "AND relname = ANY(%s) AND relallvisible < relpages", (list(_TABLES),)).fetchone()
        if not unmarked or not unmarked[0]:
            return
        time.sleep(0.5 * (attempt + 1))


def _copy_table(source: sqlite3.Connection, conn: object, table: str) -> None:
    import psycopg

    assert isinstance(conn, psycopg.Connection)
    types = dict(conn.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = %s", (table,)).fetchall())
    generated = {c for (c,) in conn.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = %s AND is_generated = 'ALWAYS'", (table,))}
    columns = [c for (_, c, *_rest) in source.execute(f"PRAGMA table_info({table})")
               if c in types and c not in generated]
    booleans = [i for i, c in enumerate(columns) if types[c] == "boolean"]
    order = " ORDER BY id" if "id" in columns else ""
    with conn.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in source.execute(f"SELECT {', '.join(columns)} FROM {table}{order}"):
            if booleans:
                row = tuple(bool(v) if i in booleans and v is not None else v for i, v in enumerate(row))
            copy.write_row(row)
    if "id" in columns:  # the serial goes on after the copied ids
        conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 1)) FROM {table}")
