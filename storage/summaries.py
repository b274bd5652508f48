"""Aggregates: what the store knows about a project or a country, counts per entity, overall statistics."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, func
from sqlmodel import Session, col, select

from ingest.catalog import load_catalog
from storage.counts import country_key, project_key, stored_count
from storage.models import (
    Article,
    ArticleCountry,
    ArticlePerson,
    ArticleProject,
    FigureRecord,
    PersonRecord,
    Project,
    SourceFile,
)
from storage.paging import articles_in, probe_walk
from storage.rows import (
    Counted,
    CountrySummary,
    FigureRow,
    PersonMention,
    ProjectCount,
    ProjectSummary,
    Stats,
)

# Longest lists a summary returns (people, figures, counterpart countries, related projects): a summary is
# read on a phone screen; the full lists are one query away.
SUMMARY_TOP = 20
# Articles a summary's lists (people, figures, counterpart countries, related projects) are drawn from: the most
# recently stored ones of the project or country (ids grow with ingestion, as in search's ranking window); the
# count and the first and last dates stay exact over all of them. The lists cost ~5 µs per article drawn from:
# at 100,000 articles the 26,000 of Kazakhstan took 140 ms, the slowest reply of the bot. Whole cards at 100,000
# articles (bench/queries.py's projects and countries), p50 / p95: 1,000 articles 16 / 24 ms, 500 13 / 16 ms,
# 250 9 / 12 ms. 500 (months of one country's or project's news) keeps the card under the 20 ms target.
SUMMARY_WINDOW = 500


def _summary_parts(session: Session, subject: str, value: str) -> dict[str, Any]:
    """Count, dates and the four lists of the articles linked to the project slug (``subject="project"``) or the
    country code (``"country"``) ``value``, itself left out of its lists."""
    ids = _subject_ids(subject).params(subject=value)
    # The count kept at write time (``storage.counts``), then the first and the last date from the date index
    # (each end found without reading every match: 26,000 articles of a country took 40 ms as one count/min/max
    # query at 100,000 articles).
    count = _stored_total(session, subject, value)
    first = _edge_date(session, ids, count, newest=False)
    last = _edge_date(session, ids, count, newest=True)
    countries, projects, people, figures = _list_statements(subject, windowed=count > SUMMARY_WINDOW)
    params: dict[str, Any] = {"subject": value, "window": SUMMARY_WINDOW}
    country_rows = session.exec(countries, params={**params, "exclude": value if subject == "country" else ""}).all()
    project_rows = session.exec(projects, params={**params, "exclude": value if subject == "project" else ""}).all()
    people_rows = session.exec(people, params=params).all()
    figure_rows = session.exec(figures, params=params).all()
    return {
        "article_count": int(count),
        "basis": min(int(count), SUMMARY_WINDOW),
        "first_date": first,
        "last_date": last,
        "countries": [Counted(code, int(n)) for code, n in country_rows],
        "projects": [Counted(slug, int(n)) for slug, n in project_rows],
        "people": [PersonMention(name, key, role, country, kind, portfolio)
                   for name, key, role, country, kind, portfolio, _ in people_rows],
        "figures": figures_with_sources(session, figure_rows),
    }


def _stored_total(session: Session, subject: str, value: str) -> int:
    if subject == "country":
        return stored_count(session, country_key(value))
    project_id = session.execute(select(Project.id).where(Project.slug == value)).scalar()
    return 0 if project_id is None else stored_count(session, project_key(project_id))


def figures_with_sources(session: Session, rows: Any) -> list[FigureRow]:
    """Figure rows (value, unit, text, articles, first article id) with their first article's date."""
    sources = {int(r[4]) for r in rows}
    dates = dict(session.exec(select(Article.id, Article.date).where(col(Article.id).in_(sources))).all()) \
        if sources else {}
    return [FigureRow(value, unit, text, int(n), int(source), dates.get(int(source)))
            for value, unit, text, n, source in rows]


@cache
def _subject_ids(subject: str) -> Select[Any]:
    """The link rows, one per article, of a project (``subject="project"``) or a country, with the bound
    parameter ``subject`` (the slug or the code)."""
    if subject == "project":
        return (select(ArticleProject.article_id).join(Project, col(Project.id) == ArticleProject.project_id)
                .where(Project.slug == bindparam("subject")))
    return select(ArticleCountry.article_id).where(ArticleCountry.country == bindparam("subject"))


@cache
def _list_statements(subject: str, *, windowed: bool) -> tuple[Select[Any], Select[Any], Select[Any], Select[Any]]:
    """A summary's four list statements (counterpart countries, related projects, people, figures) for a project
    or a country, with the bound parameters ``subject`` (slug or code), ``window`` (``SUMMARY_WINDOW`` when
    ``windowed``) and, for the first two, ``exclude``. Built once per process: building a statement and its
    cache key cost SQLAlchemy ~0.45 ms, as much as SQLite needs to run it (measured on a project card at
    100,000 articles: 12 statements, ~5.5 of its ~10 ms were SQLAlchemy's)."""
    ids = _subject_ids(subject)
    if windowed:  # ``ids`` selects one link row per article (the link tables' keys): its newest rows are articles
        ids = ids.order_by(ids.selected_columns[0].desc()).limit(bindparam("window"))

    in_country = func.count(func.distinct(ArticleCountry.article_id))
    countries = (
        select(ArticleCountry.country, in_country.label("n"))
        .where(col(ArticleCountry.article_id).in_(ids), ArticleCountry.country != bindparam("exclude"))
        .group_by(col(ArticleCountry.country))
        .order_by(in_country.desc(), col(ArticleCountry.country))
        .limit(SUMMARY_TOP)
    )
    in_project = func.count(func.distinct(ArticleProject.article_id))
    projects = (
        select(Project.slug, in_project)
        .join(ArticleProject, col(ArticleProject.project_id) == Project.id)
        .where(col(ArticleProject.article_id).in_(ids), Project.slug != bindparam("exclude"))
        .group_by(col(Project.slug))
        .order_by(in_project.desc(), col(Project.slug))
        .limit(SUMMARY_TOP)
    )
    mentions = func.count(func.distinct(ArticlePerson.article_id))
    people = (
        select(PersonRecord.name, PersonRecord.key, ArticlePerson.role, ArticlePerson.country,
               ArticlePerson.role_kind, ArticlePerson.portfolio, mentions)
        .join(PersonRecord, col(PersonRecord.id) == ArticlePerson.person_id)
        .where(col(ArticlePerson.article_id).in_(ids))
        .group_by(
            col(PersonRecord.name), col(PersonRecord.key), col(ArticlePerson.role), col(ArticlePerson.country),
            col(ArticlePerson.role_kind), col(ArticlePerson.portfolio),
        )
        .order_by(mentions.desc(), col(PersonRecord.name))
        .limit(SUMMARY_TOP)
    )
    quoted = func.count(func.distinct(FigureRecord.article_id))
    figures = (
        select(FigureRecord.value, FigureRecord.unit, func.min(FigureRecord.text), quoted,
               func.min(FigureRecord.article_id))
        .where(col(FigureRecord.article_id).in_(ids))
        .group_by(col(FigureRecord.value), col(FigureRecord.unit))
        .order_by(quoted.desc(), col(FigureRecord.value).desc(), col(FigureRecord.unit))
        .limit(SUMMARY_TOP)
    )
    if subject == "project":  # a project's own figures, not those of other projects named beside it
        figures = figures.where(FigureRecord.project == bindparam("subject"))
    return countries, projects, people, figures


def _edge_date(session: Session, ids: Select[Any], matches: int, *, newest: bool) -> date | None:
    """The oldest (or newest) date of the articles ``ids`` selects; None when none is dated."""
    walked = probe_walk(session, ids, matches, 1, newest=newest, dated=True)
    if walked is not None:
        return walked[0][1] if walked else None
    column = col(Article.date)
    query = (
        select(Article.date)
        .where(articles_in(session, ids, matches), column.is_not(None))
        .order_by(column.desc() if newest else column.asc())
        .limit(1)
    )
    return session.exec(query).first()


def summarize_project(*, session: Session, slug: str) -> ProjectSummary:
    """Return what the store knows about the project ``slug`` (a slug, as ``Catalog.resolve`` gives it)."""
    project = session.exec(select(Project).where(Project.slug == slug)).first()
    known = load_catalog().get(slug)
    parts = _summary_parts(session, "project", slug)
    return ProjectSummary(
        **parts,
        slug=slug,
        kind=project.kind if project and project.kind else (known.kind if known else None),
        names=dict(project.names) if project and project.names else (dict(known.names) if known else {}),
        catalog_countries=list(project.countries) if project and project.countries
        else (list(known.countries) if known else []),
    )


def summarize_country(*, session: Session, code: str) -> CountrySummary:
    """Return what the store knows about the country ``code`` (ISO 3166-1 alpha-2)."""
    parts = _summary_parts(session, "country", code)
    return CountrySummary(**parts, code=code)


def list_projects_with_counts(*, session: Session) -> list[ProjectCount]:
    """Return every stored project with its number of articles, most covered first."""
    n = func.count(func.distinct(ArticleProject.article_id))
    rows = session.exec(
        select(Project, n)
        .join(ArticleProject, col(ArticleProject.project_id) == Project.id, isouter=True)
        .group_by(col(Project.id))
        .order_by(n.desc(), col(Project.slug))
    ).all()
    return [ProjectCount(p.slug, p.kind, dict(p.names), int(count)) for p, count in rows]


def list_countries_with_counts(*, session: Session) -> list[Counted]:
    """Return every country mentioned with its number of articles, most covered first."""
    n = func.count(func.distinct(ArticleCountry.article_id))
    rows = session.exec(
        select(ArticleCountry.country, n)
        .group_by(col(ArticleCountry.country))
        .order_by(n.desc(), col(ArticleCountry.country))
    ).all()
    return [Counted(code, int(count)) for code, count in rows]


def get_stats(*, session: Session) -> Stats:
    """Return overall counts of the store."""
    articles, stories, newest = session.exec(
        select(func.count(), func.count(func.distinct(Article.story_id)), func.max(Article.date)).select_from(
            Article
        )
    ).one()
    projects = session.exec(select(func.count(func.distinct(ArticleProject.project_id)))).one()
    countries = session.exec(select(func.count(func.distinct(ArticleCountry.country)))).one()
    people = session.exec(select(func.count()).select_from(PersonRecord)).one()
    by_status = dict(
        session.exec(select(SourceFile.status, func.count()).group_by(col(SourceFile.status))).all()
    )
    last_ingest = session.exec(select(func.max(SourceFile.seen_at))).one()
    return Stats(
        articles=int(articles),
        stories=int(stories),
        projects_with_articles=int(projects),
        countries=int(countries),
        people=int(people),
        files_by_status={k: int(v) for k, v in sorted(by_status.items())},
        newest_article_date=newest,
        last_ingest_at=last_ingest,
    )
