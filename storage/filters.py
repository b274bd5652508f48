"""Search with filters: words (optional) plus language, date range, country, project and outlet.

``/search rogun lang:ru since:2025-03 country:TJ project:rogun outlet:Kabar``: the handler turns the user's text
into an ``ArticleFilter`` of identifiers (``ui.search_filters.parse_search``); this module turns it into SQL.
Without any filter the plain ranked search (``storage.search.search_articles``) answers. With filters every
match is listed newest first (date descending, undated last, id descending) and counted exactly: a reader who
narrows by language or date wants "every article on X since March", in order, not a relevance ranking.

The words are matched exactly as in the plain search (the same terms, FTS5 on SQLite, the ``tsvector`` column on
PostgreSQL), so a filter only ever removes matches. Outlets match case-insensitively by prefix ("Kabar" finds
"Kabar" and "Kabar.kg"); SQLite folds the case of ASCII letters only, so a Cyrillic outlet must be typed with its
capitals there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from storage.paging import check_window, rows_by_id
from storage.rows import ArticleRow, Page
from storage.search import fts5_query, pg_tsquery, query_terms, search_articles


@dataclass(frozen=True)
class ArticleFilter:
    """Identifiers an article must match (None: no condition). ``until`` is exclusive."""

    language: str | None = None  # ISO 639-1 code of the article's language
    since: date | None = None
    until: date | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    project: str | None = None  # catalog slug
    outlet: str | None = None  # prefix of the outlet's name, any case

    @property
    def empty(self) -> bool:
        return all(v is None for v in (self.language, self.since, self.until, self.country, self.project,
                                       self.outlet))


def _like_prefix(value: str) -> str:
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def filter_sql(filters: ArticleFilter, alias: str = "a") -> tuple[list[str], dict[str, Any]]:
    """SQL conditions on ``articles AS <alias>`` for ``filters`` (both backends), and their bound parameters."""
    where: list[str] = []
    params: dict[str, Any] = {}
    if filters.language is not None:
        where.append(f"{alias}.language = :f_language")
        params["f_language"] = filters.language
    if filters.since is not None:
        where.append(f"{alias}.date >= :f_since")
        params["f_since"] = filters.since
    if filters.until is not None:
        where.append(f"{alias}.date < :f_until")
        params["f_until"] = filters.until
    if filters.country is not None:
        where.append(f"EXISTS (SELECT 1 FROM article_countries AS fc WHERE fc.article_id = {alias}.id "
                     "AND fc.country = :f_country)")
        params["f_country"] = filters.country
    if filters.project is not None:
        where.append(f"EXISTS (SELECT 1 FROM article_projects AS fp JOIN projects AS p ON p.id = fp.project_id "
                     f"WHERE fp.article_id = {alias}.id AND p.slug = :f_project)")
        params["f_project"] = filters.project
    if filters.outlet is not None:
        where.append(f"lower({alias}.source) LIKE :f_outlet ESCAPE '\\'")
        params["f_outlet"] = _like_prefix(filters.outlet)
    return where, params


def search_filtered(*, session: Session, text_query: str, filters: ArticleFilter, limit: int,
                    offset: int) -> Page[ArticleRow]:
    """Return the articles matching every word of ``text_query`` (may be empty) and every filter, newest first;
    without filters, the plain ranked search."""
    check_window(limit, offset)
    if filters.empty:
        return search_articles(session=session, text=text_query, limit=limit, offset=offset)
    where, params = filter_sql(filters)
    terms = query_terms(text_query)
    if text_query.strip() and not terms:
        return Page(items=[], total=0, offset=offset, limit=limit)
    dialect = session.get_bind().dialect.name
    if terms and dialect == "sqlite":
        where.append("a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :f_match)")
        params["f_match"] = fts5_query(terms)
    elif terms and dialect == "postgresql":
        query, query_params = pg_tsquery(terms)
        where.append(f"a.search_vector @@ ({query})")
        params.update(query_params)
    elif terms:
        raise NotImplementedError(f"full-text search is not implemented for {dialect}")
    condition = " AND ".join(where)
    total = int(session.execute(text(f"SELECT count(*) FROM articles AS a WHERE {condition}"), params).scalar_one())
    if total == 0 or offset >= total:
        return Page(items=[], total=total, offset=offset, limit=limit)
    order = "a.date IS NULL, a.date DESC, a.id DESC" if dialect == "sqlite" else "a.date DESC NULLS LAST, a.id DESC"
    ids = list(session.execute(
        text(f"SELECT a.id FROM articles AS a WHERE {condition} ORDER BY {order} LIMIT :f_limit OFFSET :f_offset"),
        {**params, "f_limit": limit, "f_offset": offset},
    ).scalars())
    return Page(items=rows_by_id(session, ids), total=total, offset=offset, limit=limit)
