"""Migrations: an empty database upgraded to head matches the models exactly."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

import storage
from storage.base import metadata
from storage.engine import create_engine_for
from storage.migrate import alembic_config, current_revision, head_revision, include_name, upgrade


def _import_every_table_module() -> None:
    """Load every storage module, so a table that no migration (or env.py) knows about shows up as a diff."""
    for module in pkgutil.iter_modules(storage.__path__):
        if module.name != "migrations":
            importlib.import_module(f"storage.{module.name}")


def _differences(engine) -> list:
    _import_every_table_module()
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_name, "compare_type": True})
        return compare_metadata(context, metadata)


def test_upgrade_empty_database_to_head_matches_models(db_url: str) -> None:
    engine = create_engine_for(db_url)
    try:
        assert current_revision(engine) is None
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        assert _differences(engine) == []
        tables = set(inspect(engine).get_table_names())
        assert {"articles", "source_files", "article_countries", "figures", "people"} <= tables
    finally:
        engine.dispose()


def test_upgrade_is_idempotent_and_independent_of_cwd(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no alembic.ini here: the script directory is found from the package
    upgrade(db_url)
    upgrade(db_url)
    engine = create_engine_for(db_url)
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_newest_migration_downgrades_and_upgrades_again(engine) -> None:
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "-1")
    assert current_revision(engine) != head_revision()
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert _differences(engine) == []


def test_sqlite_full_text_index_exists_only_on_sqlite(engine) -> None:
    names = set(inspect(engine).get_table_names())
    assert ("articles_fts" in names) == (engine.dialect.name == "sqlite")


def test_in_memory_sqlite_migrates() -> None:
    engine = create_engine_for("sqlite://")
    try:
        upgrade(engine)
        assert _differences(engine) == []
    finally:
        engine.dispose()
