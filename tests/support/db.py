"""A fresh database per test, on every configured backend.

``db_url`` is parametrized: a SQLite file in ``tmp_path`` always, and on the PostgreSQL server of
``TEST_DATABASE_URL`` (when that variable is set; otherwise the case is skipped with the reason shown) a
new schema that the URL's connections are confined to (``search_path``), dropped afterwards. ``engine`` is
an engine on that database migrated to head. ``seeded_engine`` is the same with the five seeds already
ingested: they are ingested once per session into a template database, and every test gets a fresh copy
of it (a file copy on SQLite, ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL), so read-only query tests
don't pay for parsing each time. ``postgres_engine`` is a migrated PostgreSQL schema alone, for behaviour that
only PostgreSQL has (row locks, the tsvector column).
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url

from storage.engine import create_engine_for
from storage.migrate import upgrade
from tests.support.paths import SEEDS

TEST_DATABASE_URL_ENV = "TEST_DATABASE_URL"
BACKENDS = ("sqlite", "postgresql")


def _postgres_admin_url(base: str) -> str:
    url = make_url(base)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def _postgres_base() -> str:
    base = os.environ.get(TEST_DATABASE_URL_ENV)
    if not base:
        pytest.skip(f"PostgreSQL not configured: set {TEST_DATABASE_URL_ENV}=postgresql://user@host:port/db")
    return _postgres_admin_url(base)


@contextmanager
def _postgres_database(admin_url: str, *, template: str | None = None) -> Iterator[str]:
    """Create a uniquely named database (optionally a copy of ``template``), yield its URL, drop it."""
    name = f"eb_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            suffix = f' TEMPLATE "{template}"' if template else ""
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"{suffix}')
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


@contextmanager
def _postgres_schema(admin_url: str) -> Iterator[str]:
    """Create a uniquely named schema, yield a URL whose connections use only it, drop it.

    A schema is as empty as a new database for our purposes and costs milliseconds instead of a
    ``CREATE DATABASE`` (hundreds of them per run).
    """
    name = f"eb_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
        url = make_url(admin_url).update_query_dict({"options": f"-csearch_path={name}"})
        yield url.render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.exec_driver_sql("SET lock_timeout = '30s'")
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    finally:
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a new, empty database (not migrated)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    with _postgres_schema(_postgres_base()) as url:
        yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on a fresh database migrated to head."""
    eng = create_engine_for(db_url)
    upgrade(eng)
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture
def postgres_engine() -> Iterator[Engine]:
    """An engine on a fresh PostgreSQL schema migrated to head, for PostgreSQL-only behaviour."""
    with _postgres_schema(_postgres_base()) as url:
        eng = create_engine_for(url)
        upgrade(eng)
        try:
            yield eng
        finally:
            eng.dispose()


def _ingest_seeds(url: str, inbox: Path) -> None:
    from scan import run_ingest  # scan imports the parser: only when a seeded database is asked for

    eng = create_engine_for(url)
    try:
        upgrade(eng)
        report = run_ingest(engine=eng, directory=copy_seeds(inbox))
        assert report.new == len(list(SEEDS.glob("*.txt"))), report.summary_line()
        if eng.dialect.name == "sqlite":
            with eng.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file
    finally:
        eng.dispose()


@pytest.fixture(scope="session")
def _seed_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], str]]:
    """Template databases with the seeds ingested, built on first use per backend (URL or file path)."""
    templates: dict[str, str] = {}
    with ExitStack() as cleanup:

        def build(backend: str) -> str:
            if backend not in templates:
                root = tmp_path_factory.mktemp("seeded")
                if backend == "sqlite":
                    _ingest_seeds(f"sqlite:///{root / 'template.db'}", root / "inbox")
                    templates[backend] = str(root / "template.db")
                else:
                    url = cleanup.enter_context(_postgres_database(_postgres_base()))
                    _ingest_seeds(url, root / "inbox")
                    templates[backend] = url
            return templates[backend]

        yield build


@contextmanager
def seeded_database(backend: str, tmp_path: Path, templates: Callable[[str], str]) -> Iterator[Engine]:
    """An engine on a fresh copy of ``backend``'s seeded template (skips when PostgreSQL is not configured)."""
    if backend == "sqlite":
        target = tmp_path / "seeded.db"
        shutil.copyfile(templates("sqlite"), target)
        eng = create_engine_for(f"sqlite:///{target}")
        try:
            yield eng
        finally:
            eng.dispose()
        return
    base = _postgres_base()
    template = make_url(templates("postgresql")).database
    with _postgres_database(base, template=template) as url:
        eng = create_engine_for(url)
        try:
            yield eng
        finally:
            eng.dispose()


@pytest.fixture(params=BACKENDS)
def seeded_engine(
    request: pytest.FixtureRequest, tmp_path: Path, _seed_templates: Callable[[str], str]
) -> Iterator[Engine]:
    """An engine on a fresh database holding the five seeds, migrated to head."""
    with seeded_database(request.param, tmp_path, _seed_templates) as eng:
        yield eng


def settle(path: Path, seconds_ago: float = 60.0) -> None:
    """Set the mtime of ``path`` in the past so the scanner treats it as completely written."""
    past = time.time() - seconds_ago
    os.utime(path, (past, past))


def copy_seeds(directory: Path) -> Path:
    """Copy the seed articles into ``directory`` (created), already settled; return ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    for source in sorted(SEEDS.glob("*.txt")):
        target = directory / source.name
        shutil.copyfile(source, target)
        settle(target)
    return directory
