"""Shared table metadata: constraint naming convention and the clock used for timestamps.

Every table module (``models``, and later the chat/subscription/outbox modules) imports this first, so that
constraints get the same deterministic names on SQLite and PostgreSQL (Alembic batch mode needs named
constraints to rebuild SQLite tables).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = SQLModel.metadata
metadata.naming_convention = NAMING_CONVENTION


def utcnow() -> datetime:
    """Return the current UTC time as a naive datetime (stored the same way on SQLite and PostgreSQL)."""
    return datetime.now(UTC).replace(tzinfo=None)
