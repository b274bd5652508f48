"""The kind and portfolio of a role stated for a person in an article (issue 19, people and roles).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04

``article_people.role`` keeps the article's own phrase ("Қазақстан Республикасының Энергетика министрі") as
evidence for the person page; a reader is shown a label for ``role_kind`` and ``portfolio`` in their own language
(``ui.people.role_label``), never that phrase. The rows stored before get both from their phrase through
``ingest.roles.classify``, the classifier ingest uses now.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ingest.roles import classify

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("article_people") as batch:
        batch.add_column(sa.Column("role_kind", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("portfolio", sa.String(length=32), nullable=True))
    links = sa.table("article_people", sa.column("role", sa.String), sa.column("role_kind", sa.String),
                     sa.column("portfolio", sa.String))
    bind = op.get_bind()
    phrases = [row[0] for row in bind.execute(sa.select(links.c.role).where(links.c.role.is_not(None)).distinct())]
    values = []
    for phrase in phrases:
        role = classify(phrase)
        if role is not None:
            values.append({"phrase": phrase, "kind": role.kind, "portfolio": role.portfolio})
    if values:
        bind.execute(
            sa.update(links)
            .where(links.c.role == sa.bindparam("phrase"))
            .values(role_kind=sa.bindparam("kind"), portfolio=sa.bindparam("portfolio")),
            values,
        )


def downgrade() -> None:
    with op.batch_alter_table("article_people") as batch:
        batch.drop_column("portfolio")
        batch.drop_column("role_kind")
