"""Figures belong to the project they are stated with; named projects outside the catalog are kept as candidates.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04

``figures.project`` (a catalog slug) or ``figures.candidate`` (a candidate's key) is the project a figure is
stated with (``ingest.projects.attach_figures``): a project card shows only its own figures, where it showed
every figure of every article naming it (the Kambarata-1 card showed CASA-1000's 1,300 MW and 970 km).
Existing figures of an article that names one project are given that project (what the card showed of them
before); those of an article naming several stay unattributed until the article is parsed again.
``candidate_projects`` and ``article_candidates`` hold named projects the catalog does not know, with their
articles (``/projects`` "also mentioned", search).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("figures") as batch:
        batch.add_column(sa.Column("project", sa.String(), nullable=True))
        batch.add_column(sa.Column("candidate", sa.String(), nullable=True))
    op.create_index(op.f("ix_figures_project_article_id"), "figures", ["project", "article_id"])
    op.execute(
        "UPDATE figures SET project = (SELECT projects.slug FROM article_projects JOIN projects"
        " ON projects.id = article_projects.project_id WHERE article_projects.article_id = figures.article_id)"
        " WHERE (SELECT count(*) FROM article_projects WHERE article_projects.article_id = figures.article_id) = 1"
    )
    op.create_table(
        "candidate_projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_projects")),
        sa.UniqueConstraint("key", name=op.f("uq_candidate_projects_key")),
    )
    op.create_table(
        "article_candidates",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_article_candidates_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"], ["candidate_projects.id"],
            name=op.f("fk_article_candidates_candidate_id_candidate_projects"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "candidate_id", name=op.f("pk_article_candidates")),
    )
    op.create_index(
        op.f("ix_article_candidates_candidate_id_article_id"), "article_candidates", ["candidate_id", "article_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_article_candidates_candidate_id_article_id"), table_name="article_candidates")
    op.drop_table("article_candidates")
    op.drop_table("candidate_projects")
    op.drop_index(op.f("ix_figures_project_article_id"), table_name="figures")
    with op.batch_alter_table("figures") as batch:
        batch.drop_column("candidate")
        batch.drop_column("project")
