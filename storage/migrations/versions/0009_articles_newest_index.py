"""PostgreSQL: an index in the bot's newest-first order, ``(date DESC NULLS LAST, id DESC)``, on articles.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

/latest and every article list of a card ask for the newest articles first, undated ones last. The index on
``date`` alone cannot give that order on PostgreSQL (scanned backwards it puts NULLs first), so every such page
sorted all matching articles: on a 100,000-article copy of the benchmark store, /latest took ~60 ms (a parallel
sequential scan and a sort) and a country card ~95 ms; with this index 12 ms and ~21 ms (the page walks the index
and checks each article against the country's links). SQLite cannot index ``NULLS LAST``; its pages walk the
``date`` index (``storage.paging.probe_walk``), so nothing changes there. The index is not in the models (like
the full-text objects: ``storage.migrate.include_name``).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_articles_newest"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.create_index(INDEX, "articles", [sa.text("date DESC NULLS LAST"), sa.text("id DESC")])


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index(INDEX, table_name="articles")
