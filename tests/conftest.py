"""Fixtures shared by the whole suite."""

from tests.support.db import _seed_templates, db_url, engine, postgres_engine, seeded_engine

# Fresh database per test on every configured backend (see tests/support/db.py).
__all__ = ["_seed_templates", "db_url", "engine", "postgres_engine", "seeded_engine"]
