"""Every article of a project with what was extracted from it, for /export and ``energybridge export``.

Five statements whatever the number of articles (the articles, then their countries, people and figures, each
selected through the same subquery of the project's article ids), newest first like every list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select
from sqlmodel import Session, col, select

from storage.models import Article, ArticleCountry, ArticlePerson, ArticleProject, FigureRecord, PersonRecord, Project
from storage.paging import newest_first

# Articles in one export: a spreadsheet of more is not read, and the document stays far below Telegram's 50 MB.
MAX_EXPORT_ROWS = 20_000


@dataclass(frozen=True)
class ExportRow:
    id: int
    date: date | None
    title: str
    language: str
    outlet: str | None
    url: str | None
    countries: list[str] = field(default_factory=list)  # ISO codes, order of first mention
    people: list[str] = field(default_factory=list)  # display names
    figures: list[str] = field(default_factory=list)  # "value unit"


def _plain(value: float) -> str:
    """A figure's value as a spreadsheet reads it: 350000000, not 3.5e+08."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e18 else repr(value)


def _project_ids(slug: str) -> Select[Any]:
    return (select(ArticleProject.article_id).join(Project, col(Project.id) == ArticleProject.project_id)
            .where(Project.slug == slug))


def export_project(*, session: Session, slug: str, limit: int = MAX_EXPORT_ROWS) -> list[ExportRow]:
    """Return the articles on the project ``slug`` (at most ``limit``, newest first) with their countries,
    people and figures."""
    ids = _project_ids(slug)
    articles = session.exec(select(Article.id, Article.date, Article.title, Article.language, Article.source,
                                   Article.url).where(col(Article.id).in_(ids)).order_by(*newest_first())
                            .limit(limit)).all()
    countries: dict[int, list[str]] = {}
    for article_id, code in session.exec(
        select(ArticleCountry.article_id, ArticleCountry.country).where(col(ArticleCountry.article_id).in_(ids))
        .order_by(col(ArticleCountry.article_id), col(ArticleCountry.position), col(ArticleCountry.country))
    ):
        countries.setdefault(article_id, []).append(code)
    people: dict[int, list[str]] = {}
    for article_id, name in session.exec(
        select(ArticlePerson.article_id, PersonRecord.name).join(PersonRecord,
                                                                 col(PersonRecord.id) == ArticlePerson.person_id)
        .where(col(ArticlePerson.article_id).in_(ids)).order_by(col(ArticlePerson.article_id), col(PersonRecord.name))
    ):
        people.setdefault(article_id, []).append(name)
    figures: dict[int, list[str]] = {}
    for article_id, value, unit in session.exec(
        select(FigureRecord.article_id, FigureRecord.value, FigureRecord.unit)
        .where(col(FigureRecord.article_id).in_(ids)).order_by(col(FigureRecord.article_id), col(FigureRecord.id))
    ):
        figures.setdefault(article_id, []).append(f"{_plain(value)} {unit}")
    out = []
    for row in articles:
        article_id = row[0]
        out.append(ExportRow(
            id=article_id, date=row[1], title=row[2], language=row[3], outlet=row[4], url=row[5],
            countries=countries.get(article_id, []),
            people=people.get(article_id, []), figures=figures.get(article_id, []),
        ))
    return out
