"""Run the Alembic migrations programmatically, from any working directory.

The script directory is found next to this module (``storage/migrations``), never through a cwd
``alembic.ini``. Concurrent upgrades are serialised: SQLite takes the write lock before Alembic reads the
current revision; PostgreSQL takes a transaction-scoped advisory lock.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from storage.engine import WRITE_LOCK_OPTION, create_engine_for

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Arbitrary constant shared by every process that migrates this schema on PostgreSQL.
_PG_MIGRATION_LOCK = 0x45_42_4D_49  # "EBMI"
# Objects that exist in the database but not in the models: the SQLite FTS5 table and its shadow tables
# (articles_fts_data, _idx, _docsize, _config), the PostgreSQL GIN index ``articles_fts_gin`` over the
# generated ``articles.search_vector`` column (migration 0005), and PostgreSQL's newest-first index on articles
# (migration 0009: a NULLS LAST order the models cannot declare for SQLite).
_UNMODELLED = ("articles_fts", "ix_articles_newest")
_UNMODELLED_COLUMNS = {("articles", "search_vector")}


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Tell Alembic's comparison to ignore the full-text index objects (they are created by hand)."""
    if type_ in ("table", "index") and name is not None:
        return not any(name == t or name.startswith(t + "_") for t in _UNMODELLED)
    if type_ == "column":
        return (parent_names.get("table_name"), name) not in _UNMODELLED_COLUMNS
    return True


def alembic_config() -> Config:
    """Return an Alembic config pointing at ``storage/migrations``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str | None:
    """Return the newest revision id in the script directory."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """Return the revision the database is at (None for an empty database)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(target: Engine | str, revision: str = "head") -> None:
    """Migrate the database behind ``target`` (an engine or a URL) to ``revision`` (default: head)."""
    engine = target if isinstance(target, Engine) else create_engine_for(target)
    try:
        config = alembic_config()
        with engine.connect() as conn:
            conn.execution_options(**{WRITE_LOCK_OPTION: True})
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})")
                config.attributes["connection"] = conn
                command.upgrade(config, revision)
    finally:
        if engine is not target:
            engine.dispose()
