"""A fresh database per test, on every configured backend.

``db_url`` is parametrized: a SQLite file in ``tmp_path`` always, and a new PostgreSQL database (created on
the server of ``TEST_DATABASE_URL``, dropped afterwards) when that variable is set; otherwise the PostgreSQL
case is skipped with the reason shown. ``engine`` is an engine on that database migrated to head.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterator
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


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a new, empty database (not migrated)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    base = os.environ.get(TEST_DATABASE_URL_ENV)
    if not base:
        pytest.skip(f"PostgreSQL not configured: set {TEST_DATABASE_URL_ENV}=postgresql://user@host:port/db")
    admin_url = _postgres_admin_url(base)
    name = f"eb_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on a fresh database migrated to head."""
    eng = create_engine_for(db_url)
    upgrade(eng)
    try:
        yield eng
    finally:
        eng.dispose()


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
