"""Delivery: the bot's shared send budget (one row per budget) and an index on outbox.sent_at.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04

``send_budget(name, next_at)`` holds the next free send instant that every worker takes its slots from
(``storage.send_budget``). ``ix_outbox_sent_at`` finds the chats served within the last few seconds, which the
claim skips to keep Telegram's per-chat spacing (``storage.outbox.claim``).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "send_budget",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("next_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_index("ix_outbox_sent_at", "outbox", ["sent_at"])


def downgrade() -> None:
    op.drop_index("ix_outbox_sent_at", table_name="outbox")
    op.drop_table("send_budget")
