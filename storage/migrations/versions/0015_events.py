"""Events with all their sources (issue 21): ``events``, ``event_subjects``, ``event_sources``, ``event_scans``.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04

One row per reported event however many articles report it (``storage.events``); ``event_subjects`` indexes each
event under its projects and countries in date order for the timeline; ``event_scans`` records which articles had
their events extracted. The tables start empty: ``storage.events.backfill_events`` (run by every ingest, and by
``energybridge events backfill``) extracts the events of the articles already stored from their title and body.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("date_stated", sa.Boolean(), nullable=False),
        sa.Column("projects", sa.Text(), nullable=False),
        sa.Column("countries", sa.Text(), nullable=False),
        sa.Column("organizations", sa.Text(), nullable=False),
        sa.Column("amounts", sa.Text(), nullable=False),
        sa.Column("people", sa.Text(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("source_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_table(
        "event_subjects",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_event_subjects_event_id_events"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("event_id", "subject", name=op.f("pk_event_subjects")),
    )
    op.create_index("ix_event_subjects_timeline", "event_subjects", ["subject", "date", "event_id"])
    op.create_index("ix_event_subjects_fold", "event_subjects", ["subject", "kind", "date"])
    op.create_table(
        "event_sources",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name=op.f("fk_event_sources_article_id_articles"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_event_sources_event_id_events"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("event_id", "article_id", name=op.f("pk_event_sources")),
    )
    op.create_index(op.f("ix_event_sources_article_id"), "event_sources", ["article_id"])
    op.create_table(
        "event_scans",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name=op.f("fk_event_scans_article_id_articles"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_event_scans")),
    )


def downgrade() -> None:
    op.drop_table("event_scans")
    op.drop_index(op.f("ix_event_sources_article_id"), table_name="event_sources")
    op.drop_table("event_sources")
    op.drop_index("ix_event_subjects_fold", table_name="event_subjects")
    op.drop_index("ix_event_subjects_timeline", table_name="event_subjects")
    op.drop_table("event_subjects")
    op.drop_table("events")
