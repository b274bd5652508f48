"""Figures of stored articles get the project they are stated with; candidate projects of stored articles.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04

Migration 0013 gave an old figure its article's project only when the article names one project; those of an
article naming several stayed unattributed, and no stored article had its candidate projects. This reads every
stored article's title and body again through ``ingest.projects`` (the same functions ingest runs now) and
rewrites its figures and candidate links: on the benchmark corpus ~0.15 ms an article, about 15 s for 100,000.
The downgrade leaves the rows as they are (the columns and tables are 0013's).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ingest.catalog import load_catalog
from ingest.projects import attach_figures, find_candidates

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Articles read per query (their text is held in memory meanwhile).
BATCH = 500


def upgrade() -> None:
    conn = op.get_bind()
    catalog = load_catalog()
    candidate_ids = {key: cid for cid, key in conn.execute(sa.text("SELECT id, key FROM candidate_projects"))}
    last = 0
    while True:
        rows = conn.execute(
            sa.text("SELECT id, title, body FROM articles WHERE id > :last ORDER BY id LIMIT :n"),
            {"last": last, "n": BATCH},
        ).all()
        if not rows:
            break
        for article_id, title, body in rows:
            # The pipeline reads a separate headline before the body; a lead-sentence title is the body's start.
            text = body if body.startswith(title[:40]) else f"{title}\n\n{body}"
            figures = [
                {"a": article_id, "v": f.value, "u": f.unit, "t": f.text, "p": f.project, "c": f.candidate}
                for f in attach_figures(text, catalog)
            ]
            conn.execute(sa.text("DELETE FROM figures WHERE article_id = :a"), {"a": article_id})
            if figures:
                conn.execute(
                    sa.text("INSERT INTO figures (article_id, value, unit, text, project, candidate)"
                            " VALUES (:a, :v, :u, :t, :p, :c)"),
                    figures,
                )
            conn.execute(sa.text("DELETE FROM article_candidates WHERE article_id = :a"), {"a": article_id})
            links = []
            for candidate in find_candidates(text, catalog):
                if candidate.key not in candidate_ids:
                    candidate_ids[candidate.key] = conn.execute(
                        sa.text("INSERT INTO candidate_projects (key, name, kind) VALUES (:k, :n, :d) RETURNING id"),
                        {"k": candidate.key, "n": candidate.name, "d": candidate.kind},
                    ).scalar_one()
                links.append({"a": article_id, "c": candidate_ids[candidate.key], "n": candidate.name})
            if links:
                conn.execute(
                    sa.text("INSERT INTO article_candidates (article_id, candidate_id, name) VALUES (:a, :c, :n)"),
                    links,
                )
        last = rows[-1][0]


def downgrade() -> None:
    pass  # the rows stay: they fit 0013's columns and tables
