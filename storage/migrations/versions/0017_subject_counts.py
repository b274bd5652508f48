"""Counts kept by triggers: the store's articles, each country's, project's and person's, and each timeline's
events (``storage.counts``).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04

A card's or list's total was a count of its subject's link rows at read time, which grows with the store (at a
million articles /latest took 16 ms p50 of bare SQL just to count the articles, a large country ~20 ms). The table
is filled from the rows already stored, then kept by AFTER INSERT / AFTER DELETE triggers on ``articles`` and the
country, project and people link tables and ``event_subjects`` (SQLite triggers; PostgreSQL row triggers calling a
plpgsql function per table).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, the key of one of its rows: SQLite expression, PostgreSQL expression over NEW/OLD as ``{row}``)
_COUNTED = (
    ("articles", "'articles'", "'articles'"),
    ("article_countries", "'c:' || {row}.country", "'c:' || {row}.country"),
    ("article_projects", "'p:' || {row}.project_id", "'p:' || {row}.project_id::text"),
    ("article_people", "'h:' || {row}.person_id", "'h:' || {row}.person_id::text"),
    ("event_subjects", "'e:' || {row}.subject", "'e:' || {row}.subject"),
)
_FILL = (
    "INSERT INTO subject_counts (key, n) SELECT 'articles', count(*) FROM articles",
    "INSERT INTO subject_counts (key, n) SELECT 'c:' || country, count(*) FROM article_countries GROUP BY country",
    "INSERT INTO subject_counts (key, n) SELECT 'p:' || CAST(project_id AS TEXT), count(*) FROM article_projects "
    "GROUP BY project_id",
    "INSERT INTO subject_counts (key, n) SELECT 'h:' || CAST(person_id AS TEXT), count(*) FROM article_people "
    "GROUP BY person_id",
    "INSERT INTO subject_counts (key, n) SELECT 'e:' || subject, count(*) FROM event_subjects GROUP BY subject",
)


def upgrade() -> None:
    op.create_table(
        "subject_counts",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_subject_counts")),
    )
    for statement in _FILL:
        op.execute(statement)
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_triggers()
    else:
        _sqlite_triggers()


def _sqlite_triggers() -> None:
    for table, key, _ in _COUNTED:
        op.execute(
            f"CREATE TRIGGER {table}_count_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO subject_counts (key, n) VALUES ({key.format(row='NEW')}, 1) "
            "ON CONFLICT (key) DO UPDATE SET n = n + 1; END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_count_delete AFTER DELETE ON {table} BEGIN "
            f"UPDATE subject_counts SET n = n - 1 WHERE key = {key.format(row='OLD')}; END"
        )


def _postgresql_triggers() -> None:
    for table, _, key in _COUNTED:
        op.execute(
            f"CREATE FUNCTION {table}_count() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF TG_OP = 'INSERT' THEN "
            f"INSERT INTO subject_counts (key, n) VALUES ({key.format(row='NEW')}, 1) "
            "ON CONFLICT (key) DO UPDATE SET n = subject_counts.n + 1; "
            f"ELSE UPDATE subject_counts SET n = n - 1 WHERE key = {key.format(row='OLD')}; END IF; "
            "RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {table}_count AFTER INSERT OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_count()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, _, _ in _COUNTED:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_count ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_count()")
    else:
        for table, _, _ in _COUNTED:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_count_insert")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_count_delete")
    op.drop_table("subject_counts")
