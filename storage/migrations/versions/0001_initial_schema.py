"""Initial schema: articles, entities, links, figures, near-duplicate bands, source files, full-text index.

Revision ID: 0001
Revises:
Create Date: 2026-11-23

The full-text index is not a model. On SQLite it is an external-content FTS5 table over ``articles`` kept in
step by three triggers (a later migration that rebuilds ``articles`` in batch mode must recreate them); on
PostgreSQL a GIN index over the same ``to_tsvector('simple', ...)`` expression ``storage.search`` queries.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQLITE_FTS = (
    """
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, body, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    """,
    """
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body)
            VALUES ('delete', old.id, old.title, old.body);
    END
    """,
    """
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body)
            VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    """,
)
# Hyphens become spaces first: PostgreSQL's parser reads "CASA-1000" as "casa" and the signed number "-1000".
# Replaced by the generated column ``articles.search_vector`` and its GIN index in migration 0005.
_POSTGRES_FTS = (
    "CREATE INDEX articles_fts_gin ON articles USING gin (to_tsvector('simple', "
    "translate(coalesce(title, '') || ' ' || coalesce(body, ''), '-‐‑‒–—', '      ')))"
)


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _article_fk(name: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["article_id"], ["articles.id"], name=op.f(f"fk_{name}_article_id_articles"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("source", sa.String(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        _id(),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=True),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.UniqueConstraint("sha256", name=op.f("uq_articles_sha256")),
    )
    for column in ("date", "language", "story_id", "updated_at"):
        op.create_index(op.f(f"ix_articles_{column}"), "articles", [column])

    op.create_table(
        "organisations",
        _id(),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("key", name=op.f("uq_organisations_key")),
    )
    op.create_table(
        "people",
        _id(),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("spellings", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("key", name=op.f("uq_people_key")),
    )
    op.create_table(
        "projects",
        _id(),
        sa.Column("slug", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=True),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("countries", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
        sa.UniqueConstraint("slug", name=op.f("uq_projects_slug")),
    )

    op.create_table(
        "article_bands",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        _article_fk("article_bands"),
        sa.PrimaryKeyConstraint("article_id", "band", name=op.f("pk_article_bands")),
    )
    op.create_index("ix_article_bands_band_value", "article_bands", ["band", "value"])

    op.create_table(
        "article_countries",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _article_fk("article_countries"),
        sa.PrimaryKeyConstraint("article_id", "country", name=op.f("pk_article_countries")),
    )
    op.create_index(op.f("ix_article_countries_country"), "article_countries", ["country"])

    op.create_table(
        "article_organisations",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        _article_fk("article_organisations"),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_article_organisations_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "organisation_id", name=op.f("pk_article_organisations")),
    )
    op.create_index(
        op.f("ix_article_organisations_organisation_id"), "article_organisations", ["organisation_id"]
    )

    op.create_table(
        "article_people",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        _article_fk("article_people"),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_article_people_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("article_id", "person_id", name=op.f("pk_article_people")),
    )
    op.create_index(op.f("ix_article_people_person_id"), "article_people", ["person_id"])

    op.create_table(
        "article_projects",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        _article_fk("article_projects"),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_article_projects_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "project_id", name=op.f("pk_article_projects")),
    )
    op.create_index(op.f("ix_article_projects_project_id"), "article_projects", ["project_id"])

    op.create_table(
        "figures",
        _id(),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        _article_fk("figures"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figures")),
    )
    op.create_index(op.f("ix_figures_article_id"), "figures", ["article_id"])

    op.create_table(
        "source_files",
        _id(),
        sa.Column("path", sa.String(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("mtime_ns", sa.BigInteger(), nullable=False),
        sa.Column("raw_sha256", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(), nullable=True),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("duplicate_of", sa.Integer(), nullable=True),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('ok', 'duplicate', 'quarantined', 'removed')", name=op.f("ck_source_files_status")
        ),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_source_files_article_id_articles"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["duplicate_of"], ["source_files.id"], name=op.f("fk_source_files_duplicate_of_source_files"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_files")),
        sa.UniqueConstraint("path", name=op.f("uq_source_files_path")),
    )
    op.create_index(op.f("ix_source_files_article_id"), "source_files", ["article_id"])
    op.create_index(op.f("ix_source_files_status"), "source_files", ["status"])

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in _SQLITE_FTS:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute(_POSTGRES_FTS)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("articles_fts_update", "articles_fts_delete", "articles_fts_insert"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS articles_fts_gin")
    for table in (
        "source_files",
        "figures",
        "article_projects",
        "article_people",
        "article_organisations",
        "article_countries",
        "article_bands",
        "projects",
        "people",
        "organisations",
        "articles",
    ):
        op.drop_table(table)
