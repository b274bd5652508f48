"""SQLModel tables for articles, their extracted entities and the source files they came from.

Backend-neutral on purpose (SQLite and PostgreSQL): plain types, JSON columns, named constraints. Timestamps
are naive UTC (see ``storage.base.utcnow``). The full-text index is not a model: on SQLite the FTS5 table
``articles_fts`` maintained by triggers, on PostgreSQL the generated column ``articles.search_vector`` with a GIN
index; both are created by migrations (see ``storage.search``).
"""

from __future__ import annotations

from datetime import date as date_type
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, CheckConstraint, DateTime, Index, Text
from sqlmodel import Field, SQLModel

from storage.base import utcnow


class FileStatus(StrEnum):
    OK = "ok"  # the file produced (owns) an article
    DUPLICATE = "duplicate"  # same cleaned body as the article of ``duplicate_of``
    QUARANTINED = "quarantined"  # unreadable; ``reason`` says why; retried only when it changes
    REMOVED = "removed"  # gone from the directory; its article is kept


class ArticleBase(SQLModel):
    sha256: str = Field(max_length=64, unique=True)  # of the cleaned body: identity of an article
    file: str  # source file name (as of the last ingest)
    title: str
    date: date_type | None = Field(default=None, index=True)
    source: str | None = None  # outlet ("Trend", "Azernews")
    url: str | None = Field(default=None, sa_type=Text)  # the source page (URL: header, feed link; migration 0014)
    language: str = Field(max_length=8, index=True)
    body: str = Field(sa_type=Text)


class Article(ArticleBase, table=True):
    __tablename__ = "articles"

    id: int | None = Field(default=None, primary_key=True)
    signature: str = Field(default="", sa_type=Text)  # MinHash of the body (storage.neardup.encode)
    story_id: int | None = Field(default=None, index=True)  # id of the first article of the story
    ingested_at: datetime = Field(default_factory=utcnow, sa_type=DateTime())
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(), index=True)


class Project(SQLModel, table=True):
    __tablename__ = "projects"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    kind: str | None = None
    names: dict[str, str] = Field(default_factory=dict, sa_type=JSON)  # language -> name
    countries: list[str] = Field(default_factory=list, sa_type=JSON)  # ISO codes


class PersonRecord(SQLModel, table=True):
    __tablename__ = "people"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)  # script-independent (ingest.people.person_key)
    # display name: the catalog's for a catalogued person (ingest.people.catalog_name), else the first spelling seen
    name: str
    spellings: list[str] = Field(default_factory=list, sa_type=JSON)  # every spelling seen


class Organisation(SQLModel, table=True):
    __tablename__ = "organisations"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)  # ingest.normalize.normalize(name)
    name: str


class ArticleCountry(SQLModel, table=True):
    __tablename__ = "article_countries"
    # The articles of a country straight from the index, without reading link rows (migration 0006).
    __table_args__ = (Index("ix_article_countries_country_article_id", "country", "article_id"),)

    article_id: int = Field(foreign_key="articles.id", ondelete="CASCADE", primary_key=True)
    country: str = Field(max_length=2, primary_key=True)
    position: int = 0  # order of first mention in the article


class ArticleProject(SQLModel, table=True):
    __tablename__ = "article_projects"
    __table_args__ = (Index("ix_article_projects_project_id_article_id", "project_id", "article_id"),)

    article_id: int = Field(foreign_key="articles.id", ondelete="CASCADE", primary_key=True)
    project_id: int = Field(foreign_key="projects.id", ondelete="CASCADE", primary_key=True)


class ArticlePerson(SQLModel, table=True):
    __tablename__ = "article_people"
    __table_args__ = (Index("ix_article_people_person_id_article_id", "person_id", "article_id"),)

    article_id: int = Field(foreign_key="articles.id", ondelete="CASCADE", primary_key=True)
    person_id: int = Field(foreign_key="people.id", ondelete="CASCADE", primary_key=True)
    name: str  # spelling in this article
    role: str | None = None  # role stated in this article (its phrase, kept as evidence)
    country: str | None = Field(default=None, max_length=2)  # country of that role
    role_kind: str | None = Field(default=None, max_length=32)  # ingest.roles.ROLE_KINDS: what a reader is shown
    portfolio: str | None = Field(default=None, max_length=32)  # ingest.roles.PORTFOLIOS, for ministers


class ArticleOrganisation(SQLModel, table=True):
    __tablename__ = "article_organisations"

    article_id: int = Field(foreign_key="articles.id", ondelete="CASCADE", primary_key=True)
    organisation_id: int = Field(
        foreign_key="organisations.id", ondelete="CASCADE", primary_key=True, index=True
    )


class FigureRecord(SQLModel, table=True):
    __tablename__ = "figures"
    # A project card's figures: those stated with the project (migration 0013).
    __table_args__ = (Index("ix_figures_project_article_id", "project", "article_id"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="articles.id", ondelete="CASCADE", index=True)
    value: float
    unit: str
    text: str
    project: str | None = None  # slug of the catalog project it is stated with (ingest.projects.attach_figures)
    candidate: str | None = None  # else the key of the candidate project it is stated with


class CandidateProject(SQLModel, table=True):
    """A named project the catalog does not know ("the Datka–Sughd 500 kV line"): shown under "also mentioned"
    and found by search until the catalog adopts it (an alias in ``projects.yaml``)."""

    __tablename__ = "candidate_projects"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)  # ingest.projects.Candidate.key ("datkasughd:line")
    name: str  # the first spelling seen
    kind: str  # plant, line, pipeline, corridor, project


class ArticleCandidate(SQLModel, table=True):
    __tablename__ = "article_candidates"
    __table_args__ = (Index("ix_article_candidates_candidate_id_article_id", "candidate_id", "article_id"),)

    article_id: int = Field(foreign_key="articles.id", ondelete="CASCADE", primary_key=True)
    candidate_id: int = Field(foreign_key="candidate_projects.id", ondelete="CASCADE", primary_key=True)
    name: str  # spelling in this article


class ArticleBand(SQLModel, table=True):
    """One LSH band hash of an article's MinHash: articles sharing a band are near-duplicate candidates."""

    __tablename__ = "article_bands"
    # SQLite: clustered on the primary key, no rowid B-tree. Looked up by value alone: a band hash includes its
    # band (storage.neardup.band_hashes). Migration 0008.
    __table_args__ = (Index("ix_article_bands_value", "value"), {"sqlite_with_rowid": False})

    article_id: int = Field(foreign_key="articles.id", ondelete="CASCADE", primary_key=True)
    band: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    value: int = Field(sa_type=BigInteger)


class SourceFile(SQLModel, table=True):
    __tablename__ = "source_files"
    __table_args__ = (
        CheckConstraint("status IN ('ok', 'duplicate', 'quarantined', 'removed')", name="status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    path: str = Field(unique=True)  # absolute, resolved
    size: int = Field(sa_type=BigInteger)
    mtime_ns: int = Field(sa_type=BigInteger)
    raw_sha256: str = Field(max_length=64)  # of the raw bytes (confirms a change when size/mtime differ)
    status: str = Field(max_length=16, index=True)
    reason: str | None = None  # why it is quarantined
    article_id: int | None = Field(default=None, foreign_key="articles.id", ondelete="SET NULL", index=True)
    duplicate_of: int | None = Field(default=None, foreign_key="source_files.id", ondelete="SET NULL")
    seen_at: datetime = Field(default_factory=utcnow, sa_type=DateTime())


__all__ = [
    "Article",
    "ArticleBand",
    "ArticleBase",
    "ArticleCandidate",
    "ArticleCountry",
    "ArticleOrganisation",
    "ArticlePerson",
    "ArticleProject",
    "CandidateProject",
    "FigureRecord",
    "FileStatus",
    "Organisation",
    "PersonRecord",
    "Project",
    "SourceFile",
]
