"""Turning article selections into pages of ``ArticleRow`` (shared by the query and search modules)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Select, func
from sqlmodel import Session, col, select

from storage.models import Article
from storage.rows import ArticleRow, Page

# Upper bound of one page: callers (bot, CLI) show a handful; this only stops a runaway request.
MAX_LIMIT = 500


def check_window(limit: int, offset: int) -> None:
    """Raise ValueError for a page window no caller should ask for."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    if offset < 0:
        raise ValueError(f"offset must be >= 0, got {offset}")


def newest_first() -> tuple[Any, ...]:
    """ORDER BY terms: date descending with undated articles last, then id descending."""
    return (col(Article.date).desc().nulls_last(), col(Article.id).desc())


def article_page(session: Session, ids: Select[Any], *, limit: int, offset: int) -> Page[ArticleRow]:
    """Return one page, newest first, of the articles whose ids ``ids`` selects."""
    check_window(limit, offset)
    where = col(Article.id).in_(ids)
    total = session.exec(select(func.count()).select_from(Article).where(where)).one()
    query = select(Article).where(where).order_by(*newest_first()).limit(limit).offset(offset)
    articles = session.exec(query)
    return Page(items=article_rows(session, list(articles)), total=total, offset=offset, limit=limit)


def article_rows(session: Session, articles: Sequence[Article]) -> list[ArticleRow]:
    """Convert articles to rows, with the outlets of every story they belong to."""
    outlets = story_sources(session, {a.story_id for a in articles if a.story_id is not None})
    return [to_row(a, outlets.get(a.story_id, [])) for a in articles]


def story_sources(session: Session, story_ids: Iterable[int]) -> dict[int, list[str]]:
    """Return, per story id, the distinct outlets of its articles (sorted)."""
    ids = list(story_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(Article.story_id, Article.source)
        .where(col(Article.story_id).in_(ids), col(Article.source).is_not(None))
        .distinct()
    )
    out: dict[int, set[str]] = {}
    for story_id, source in rows:
        if story_id is not None and source:
            out.setdefault(story_id, set()).add(source)
    return {k: sorted(v) for k, v in out.items()}


def to_row(article: Article, sources_in_story: list[str]) -> ArticleRow:
    assert article.id is not None
    return ArticleRow(
        id=article.id,
        file=article.file,
        title=article.title,
        date=article.date,
        language=article.language,
        source=article.source,
        story_id=article.story_id,
        sources_in_story=sources_in_story or ([article.source] if article.source else []),
    )
