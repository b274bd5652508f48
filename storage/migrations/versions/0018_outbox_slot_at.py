"""Outbox: the send instant the paced sender gave each claimed row (``slot_at``, Unix seconds).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04

Every worker's sliding-second guard counts the rows in flight at all workers (claimed and past their instant) beside
those marked sent within the last second (``storage.outbox.sends_in_window``), so that workers sharing one budget
cannot bunch more than 30 acceptances into one second between them.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("slot_at", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("slot_at")
