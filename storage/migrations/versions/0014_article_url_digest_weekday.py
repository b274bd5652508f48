"""Articles keep the address they were fetched from (``url``: the ``URL:`` header of a fetched file, a feed item's
link; NULL for hand-made files); chats keep the weekday of their weekly digest (0 = Monday; NULL = Monday).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("url", sa.Text(), nullable=True))
    with op.batch_alter_table("chats") as batch:
        batch.add_column(sa.Column("digest_weekday", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("chats") as batch:
        batch.drop_column("digest_weekday")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("url")
