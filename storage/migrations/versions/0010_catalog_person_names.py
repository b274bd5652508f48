"""People in the catalog are shown by the catalog's name, not by the first spelling an article used.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02

``people.name`` was the first spelling seen, so a misspelling in the first article to name someone became their
name on every card (seed 004 spells the Albanian prime minister "Edi Raman"; the catalog already maps that
spelling to ``edi-rama``). Ingest now stores the catalog's name (``ingest.people.catalog_name``) for a person it
creates; this gives existing catalogued people theirs. Every spelling seen stays in ``people.spellings``, and each
article's own spelling in ``article_people.name``. The downgrade keeps the names: the first spelling is not kept
apart from the others, and the catalog's name is as good a display name under the old code.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ingest.people import known_people

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    people = sa.table("people", sa.column("key", sa.String), sa.column("name", sa.String))
    rename = (
        sa.update(people)
        .where(people.c.key == sa.bindparam("person"), people.c.name != sa.bindparam("display"))
        .values(name=sa.bindparam("display"))
    )
    op.get_bind().execute(rename, [{"person": p.key, "display": p.name} for p in known_people()])


def downgrade() -> None:
    pass
