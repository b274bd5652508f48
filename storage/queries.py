"""Read queries for the bot and the CLI: plain keyword-only functions returning frozen dataclasses.

Every list is paginated (``limit`` + ``offset``) and ordered newest first (date descending, undated last,
then id descending). Projects and countries are taken as identifiers (a catalog slug, an ISO code): the caller
turns the user's words into one, once (``Catalog.resolve``, ``ingest.countries.resolve_country``). People are
matched here, by ``person_key`` with a fuzzy fallback over the spellings seen (``storage.people``).
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from storage.counts import country_key, project_key, stored_count
from storage.models import (
    Article,
    ArticleCountry,
    ArticleOrganisation,
    ArticlePerson,
    ArticleProject,
    FigureRecord,
    Organisation,
    PersonRecord,
    Project,
)
from storage.paging import (
    article_page,
    article_rows,
    empty_page,
    newest_first,
    story_sources,
    to_row,
)
from storage.people import find_people, match_person_ids
from storage.rows import ArticleDetail, ArticleRow, FigureRow, Page, PersonMention
from storage.search import search_articles
from storage.summaries import (
    get_stats,
    list_countries_with_counts,
    list_projects_with_counts,
    summarize_country,
    summarize_project,
)

__all__ = [
    "find_people",
    "get_article",
    "get_stats",
    "list_articles_for_country",
    "list_articles_for_person",
    "list_articles_for_project",
    "list_countries_with_counts",
    "list_latest",
    "list_projects_with_counts",
    "search_articles",
    "summarize_country",
    "summarize_project",
]


def list_latest(*, session: Session, limit: int, offset: int) -> Page[ArticleRow]:
    """Return the newest articles."""
    return article_page(session, None, limit=limit, offset=offset)


def list_articles_for_project(
    *, session: Session, slug: str, limit: int, offset: int, total: int | None = None
) -> Page[ArticleRow]:
    """Return the articles on the project ``slug``. ``total``: their number, when the caller has counted them
    already (a card's summary)."""
    project_id = session.execute(select(Project.id).where(Project.slug == slug)).scalar()
    if project_id is None:
        return empty_page(limit, offset)
    ids = select(ArticleProject.article_id).where(ArticleProject.project_id == project_id)
    if total is None:
        total = stored_count(session, project_key(project_id))
    return article_page(session, ids, limit=limit, offset=offset, unique=True, total=total)


def list_articles_for_country(
    *, session: Session, code: str, limit: int, offset: int, total: int | None = None
) -> Page[ArticleRow]:
    """Return the articles that mention the country ``code`` (ISO 3166-1 alpha-2). ``total``: their number,
    when the caller has counted them already (a card's summary)."""
    ids = select(ArticleCountry.article_id).where(ArticleCountry.country == code)
    if total is None:
        total = stored_count(session, country_key(code))
    return article_page(session, ids, limit=limit, offset=offset, unique=True, total=total)


def list_articles_for_person(*, session: Session, person: str, limit: int, offset: int) -> Page[ArticleRow]:
    """Return the articles that mention the person ``person`` names (any script, fuzzy as a fallback)."""
    person_ids = match_person_ids(session=session, text=person)
    return list_articles_for_people(session=session, person_ids=person_ids, limit=limit, offset=offset)


def list_articles_for_people(*, session: Session, person_ids: list[int], limit: int, offset: int,
                             total: int | None = None) -> Page[ArticleRow]:
    """Return the articles that mention any of the people ``person_ids`` (``total``: their number, counted
    already by the caller)."""
    if not person_ids:
        return empty_page(limit, offset)
    ids = select(ArticlePerson.article_id).where(col(ArticlePerson.person_id).in_(person_ids))
    return article_page(session, ids, limit=limit, offset=offset, unique=len(person_ids) == 1, total=total)


def get_article(*, session: Session, article_id: int) -> ArticleDetail | None:
    """Return one article with its body, entities, figures and the other articles of its story."""
    article = session.get(Article, article_id)
    if article is None:
        return None
    outlets = story_sources(session, [article.story_id] if article.story_id is not None else [])
    countries = session.exec(
        select(ArticleCountry.country)
        .where(ArticleCountry.article_id == article_id)
        .order_by(col(ArticleCountry.position), col(ArticleCountry.country))
    ).all()
    projects = session.exec(
        select(Project.slug)
        .join(ArticleProject, col(ArticleProject.project_id) == Project.id)
        .where(ArticleProject.article_id == article_id)
        .order_by(col(Project.slug))
    ).all()
    people = session.exec(
        select(ArticlePerson, PersonRecord.key)
        .join(PersonRecord, col(PersonRecord.id) == ArticlePerson.person_id)
        .where(ArticlePerson.article_id == article_id)
        .order_by(col(ArticlePerson.person_id))
    ).all()
    organisations = session.exec(
        select(Organisation.name)
        .join(ArticleOrganisation, col(ArticleOrganisation.organisation_id) == Organisation.id)
        .where(ArticleOrganisation.article_id == article_id)
        .order_by(col(Organisation.name))
    ).all()
    figures = session.exec(
        select(FigureRecord).where(FigureRecord.article_id == article_id).order_by(col(FigureRecord.id))
    ).all()
    others: list[Article] = []
    if article.story_id is not None:
        others = list(
            session.exec(
                select(Article)
                .where(Article.story_id == article.story_id, Article.id != article_id)
                .order_by(*newest_first())
            )
        )
    return ArticleDetail(
        article=to_row(article, outlets.get(article.story_id, []) if article.story_id is not None else []),
        body=article.body,
        countries=list(countries),
        projects=list(projects),
        people=[PersonMention(link.name, key, link.role, link.country, link.role_kind, link.portfolio)
                for link, key in people],
        organisations=list(organisations),
        figures=[FigureRow(f.value, f.unit, f.text) for f in figures],
        other_in_story=article_rows(session, others),
    )
