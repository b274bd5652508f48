"""PostgreSQL full-text search: a stored ``tsvector`` column over title and body, with a GIN index on it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

Replaces the expression index of 0001. The column is generated (``GENERATED ALWAYS AS (...) STORED``), so
PostgreSQL keeps it in step with ``title`` and ``body`` on every insert and update, the way the triggers keep
the FTS5 table in step on SQLite; the title is weighted 'A' and the body left at the default 'D', which makes
``ts_rank`` count a title word ten times a body word (the bm25 weights used on SQLite). SQLite: nothing to do
(its FTS5 table is unchanged). Like the FTS5 table, the column is not part of the models (``storage.search``
reads it; ``storage.migrate.include_name`` keeps it out of schema comparison).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import TSVECTOR

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Characters turned into spaces before parsing, so that words are split where SQLite's unicode61 tokenizer and
# ``storage.search.query_terms`` split them: PostgreSQL's parser would otherwise keep "CASA-1000" (hyphenated
# word), "inbusiness.kz" (host), "3.5" (number), "a@b.kz" (e-mail), "+04" and "~x" as single lexemes, and drop
# "<b>" (tag). The colon is never followed by a letter here: SQLAlchemy would read ":x" as a bind parameter.
_SEPARATORS = "-‐‑‒–—:./@_<>&+~"
_SPLIT = f"'{_SEPARATORS}', '{' ' * len(_SEPARATORS)}'"
_SEARCH_VECTOR = (
    f"setweight(to_tsvector('simple', translate(coalesce(title, ''), {_SPLIT})), 'A') || "
    f"to_tsvector('simple', translate(coalesce(body, ''), {_SPLIT}))"
)
# The index of 0001, restored by the downgrade.
_EXPRESSION_INDEX = (
    "CREATE INDEX articles_fts_gin ON articles USING gin (to_tsvector('simple', "
    "translate(coalesce(title, '') || ' ' || coalesce(body, ''), '-‐‑‒–—', '      ')))"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS articles_fts_gin")
    op.add_column(
        "articles",
        sa.Column("search_vector", TSVECTOR(), sa.Computed(_SEARCH_VECTOR, persisted=True), nullable=True),
    )
    op.create_index("articles_fts_gin", "articles", ["search_vector"], postgresql_using="gin")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("articles_fts_gin", table_name="articles")
    op.drop_column("articles", "search_vector")
    op.execute(_EXPRESSION_INDEX)
