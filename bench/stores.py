"""Article stores for the query, round-trip and memory figures, cached in ``bench/.cache/stores/``.

``ingested(n)`` is the real thing: the ``n``-file corpus ingested by ``scan.run_ingest`` into a migrated SQLite
database. ``synthetic(n)`` reaches ``n`` articles fast, without parsing: it copies the ingested store's rows
(articles with their full bodies, so the FTS index is real; country, project, people, organisation and figure
links, so the fan-out per article is the ingested one) as many times as needed with bulk ``INSERT ... SELECT``:
copy ``k`` gets ids shifted past the previous copy, its own SHA-256 suffix and story ids, dates moved ``97 * k``
days back. LSH bands and file records are not copied (no query reads them).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from bench.context import Context, remove_database, sqlite_url
from bench.corpus import VERSION as CORPUS_VERSION
from bench.corpus import build

# Bump when the way stores are built changes: cached stores of another version are not reused.
VERSION = 2  # 2: MinHash family and band table of migration 0008
_DATE_SHIFT_DAYS = 97
_COPIED_LINKS = (
    ("article_countries", "country, position"),
    ("article_projects", "project_id"),
    ("article_people", "person_id, name, role, country"),
    ("article_organisations", "organisation_id"),
)


def _path(ctx: Context, kind: str, n: int) -> Path:
    directory = ctx.cache / "stores"
    directory.mkdir(parents=True, exist_ok=True)
    return directory / f"v{CORPUS_VERSION}.{VERSION}-{kind}-{n}.sqlite"


def checkpoint(url: str) -> None:
    """Fold the WAL into the main file so the database is one self-contained file."""
    from storage.engine import create_engine_for

    engine = create_engine_for(url)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()


def save_ingested(ctx: Context, n: int, database: Path) -> None:
    """Keep a database the ingest figure just built as the cached ingested store of ``n`` files."""
    target = _path(ctx, "ingested", n)
    if target.exists():
        return
    checkpoint(sqlite_url(database))
    tmp = target.with_suffix(".tmp")
    shutil.copyfile(database, tmp)
    tmp.replace(target)


def ingested(ctx: Context, n: int) -> Path:
    """The cached store of the ``n``-file corpus, ingested on first use."""
    target = _path(ctx, "ingested", n)
    if target.exists():
        return target
    from scan import run_ingest
    from storage.engine import create_engine_for
    from storage.migrate import upgrade

    corpus = build(n, cache_dir=ctx.cache)
    ctx.log(f"building the ingested store of {n:,} files (cached in {target.parent})")
    tmp = target.with_suffix(".building")
    remove_database(tmp)
    engine = create_engine_for(sqlite_url(tmp))
    try:
        upgrade(engine)
        run_ingest(engine=engine, directory=corpus.directory, settle_seconds=0.0)
    finally:
        engine.dispose()
    checkpoint(sqlite_url(tmp))
    remove_database(target)
    tmp.replace(target)
    return target


def synthetic(ctx: Context, n: int, base_files: int) -> Path:
    """A store of exactly ``n`` articles made from the ingested store of ``base_files`` corpus files."""
    target = _path(ctx, f"synthetic{base_files}", n)
    if target.exists():
        return target
    base = ingested(ctx, base_files)
    ctx.log(f"building a store of {n:,} articles from {base.name}")
    tmp = target.with_suffix(".building")
    remove_database(tmp)
    shutil.copyfile(base, tmp)
    con = sqlite3.connect(tmp, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        con.execute("BEGIN IMMEDIATE")
        (have,) = con.execute("SELECT count(*) FROM articles").fetchone()
        (top,) = con.execute("SELECT max(id) FROM articles").fetchone()
        if have > n:  # fewer than the base: keep its first n articles
            _keep_first(con, n)
            have = n
        k = 0
        while have < n:
            k += 1
            count = min(n - have, top)  # articles of the base copied this round (ids 1..top, ascending)
            (last,) = con.execute("SELECT max(id) FROM (SELECT id FROM articles WHERE id <= ? ORDER BY id LIMIT ?)",
                                  (top, count)).fetchone()
            offset = k * top
            con.execute(
                "INSERT INTO articles (id, sha256, file, title, date, source, language, body, signature, story_id, "
                "ingested_at, updated_at) "
                "SELECT id + :off, substr(sha256, 1, 56) || printf('%08x', :k), printf('copy%d-', :k) || file, title, "
                "CASE WHEN date IS NULL THEN NULL ELSE date(date, printf('-%d days', :days)) END, source, language, "
                "body, signature, story_id + :off, ingested_at, updated_at FROM articles WHERE id <= :last",
                {"off": offset, "k": k, "days": k * _DATE_SHIFT_DAYS, "last": last},
            )
            for table, columns in _COPIED_LINKS:
                con.execute(
                    f"INSERT INTO {table} (article_id, {columns}) SELECT article_id + :off, {columns} FROM {table} "
                    "WHERE article_id <= :last",
                    {"off": offset, "last": last},
                )
            con.execute(
                "INSERT INTO figures (article_id, value, unit, text) SELECT article_id + :off, value, unit, text "
                "FROM figures WHERE article_id <= :last ORDER BY id",
                {"off": offset, "last": last},
            )
            (have,) = con.execute("SELECT count(*) FROM articles").fetchone()
        con.execute("COMMIT")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    remove_database(target)
    tmp.replace(target)
    for suffix in ("-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    return target


def _keep_first(con: sqlite3.Connection, n: int) -> None:
    """Delete every article after the first ``n``, with its links (file records are detached)."""
    con.execute("CREATE TEMP TABLE dropped AS SELECT id FROM articles ORDER BY id LIMIT -1 OFFSET ?", (n,))
    for table in (*(t for t, _ in _COPIED_LINKS), "figures", "article_bands"):
        con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT id FROM dropped)")
    con.execute("UPDATE source_files SET article_id = NULL WHERE article_id IN (SELECT id FROM dropped)")
    con.execute("DELETE FROM articles WHERE id IN (SELECT id FROM dropped)")
    con.execute("DROP TABLE dropped")


def working_copy(ctx: Context, store: Path, name: str) -> Path:
    """A copy of a cached store in the work directory (figures may write to it), migrated to the newest schema
    (a store cached by an older checkout lacks the newer migrations, e.g. indexes the queries rely on)."""
    from storage.engine import create_engine_for
    from storage.migrate import upgrade

    target = ctx.scratch(name) / store.name
    shutil.copyfile(store, target)
    engine = create_engine_for(sqlite_url(target))
    try:
        upgrade(engine)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    return target
