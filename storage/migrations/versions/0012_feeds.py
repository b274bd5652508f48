"""Feed polling: each feed's health and validators, and every feed item already handled.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04

``feed_states`` (one row per feed URL) and ``feed_items`` (one row per item identity: GUID or canonical URL) are
read and written by ``storage.feeds`` for the fetcher (``feeds.poller``), so that a restart never fetches an item
twice and ``/sources`` can show each feed's health.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feed_states",
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("last_polled_at", sa.DateTime(), nullable=True),
        sa.Column("last_ok_at", sa.DateTime(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("next_poll_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("items_written", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_feed_states")),
    )
    op.create_table(
        "feed_items",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("feed_url", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("seed_file", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_feed_items")),
    )
    op.create_index(op.f("ix_feed_items_feed_url"), "feed_items", ["feed_url"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_feed_items_feed_url"), table_name="feed_items")
    op.drop_table("feed_items")
    op.drop_table("feed_states")
