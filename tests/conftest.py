"""Fixtures shared by the whole suite."""

from tests.support.db import db_url, engine

__all__ = ["db_url", "engine"]  # fresh database per test, on every configured backend
