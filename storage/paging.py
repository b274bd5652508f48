"""Turning article selections into pages of ``ArticleRow`` (shared by the query and search modules)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, bindparam, func
from sqlmodel import Session, col, select

from storage.counts import ALL_ARTICLES, stored_count
from storage.models import Article
from storage.rows import ArticleRow, Page

# Upper bound of one page: callers (bot, CLI) show a handful; this only stops a runaway request.
MAX_LIMIT = 500
# Matches above which SQLite finds a page faster by walking the date index than by sorting every match: the
# walk reads ~total_articles / matches index entries per row of the page, the sort ~2 µs per match (measured
# on 100,000 articles: 1,000 matches sort in ~2 ms).
_MANY_MATCHES = 1_000
# Articles of an order (newest first, or by date) that ``probe_walk`` checks before it gives up: a check costs
# ~0.8 µs (a primary-key lookup in the link table), so a failed probe costs ~1.6 ms; a successful one replaces
# reading every match (~0.2 µs each: 8 ms for the 42,000 articles of a country at 100,000 articles).
PROBE_ROWS = 2_000


def check_window(limit: int, offset: int) -> None:
    """Raise ValueError for a page window no caller should ask for."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    if offset < 0:
        raise ValueError(f"offset must be >= 0, got {offset}")


def empty_page(limit: int, offset: int) -> Page[ArticleRow]:
    """The page of a selection that matches nothing (the window checked like any other)."""
    check_window(limit, offset)
    return Page(items=[], total=0, offset=offset, limit=limit)


def newest_first() -> tuple[Any, ...]:
    """ORDER BY terms: date descending with undated articles last, then id descending."""
    return (col(Article.date).desc().nulls_last(), col(Article.id).desc())


def article_page(session: Session, ids: Select[Any] | None, *, limit: int, offset: int,
                 unique: bool = False, total: int | None = None) -> Page[ArticleRow]:
    """Return one page, newest first, of the articles whose ids ``ids`` selects (every article when None).

    Three small queries instead of one wide one, so that no query reads more than the page's rows: the total
    is counted on the matching ids alone (``count_matches``; ``unique``: ``ids`` selects each article at most
    once; ``total``: the caller has counted them already), the page's ids are ordered on ``(date, id)`` (the
    date index), and only then are the page's articles read.
    """
    check_window(limit, offset)
    if ids is None:
        total = stored_count(session, ALL_ARTICLES) if total is None else total
        page_ids = list(session.exec(select(Article.id).order_by(*newest_first()).limit(limit).offset(offset)))
    else:
        if total is None:
            total = count_matches(session, ids, unique=unique)
        walked = probe_walk(session, ids, total, limit + offset, newest=True)
        if walked is not None:
            page_ids = [i for i, _ in walked[offset:]]
        else:
            page = select(Article.id).where(articles_in(session, ids, total))
            page_ids = list(session.exec(page.order_by(*newest_first()).limit(limit).offset(offset)))
    rows = first_of_their_story(session, ids, rows_by_id(session, page_ids))
    return Page(items=rows, total=total, offset=offset, limit=limit,
                span=len(page_ids) if len(rows) != len(page_ids) else None)


def first_of_their_story(session: Session, ids: Select[Any] | None, rows: list[ArticleRow]) -> list[ArticleRow]:
    """``rows`` without those whose story has a newer article among the ones ``ids`` selects (every article when
    None): the same story from several outlets is listed once, with its newest article (whose line names every
    outlet), on whichever page that one falls, never again on the next (one query over the stories' articles,
    through the story index; a story has a handful of versions)."""
    stories = {r.story_id for r in rows if r.story_id is not None}
    if not stories:
        return rows
    siblings = select(Article.id, Article.story_id, Article.date).where(col(Article.story_id).in_(stories))
    if ids is not None:
        siblings = siblings.where(col(Article.id).in_(ids))
    newest: dict[int, tuple[tuple[bool, int, int], int]] = {}
    for article_id, story_id, day in session.execute(siblings):
        order = (day is None, -day.toordinal() if day else 0, -article_id)  # ``newest_first``'s order
        if story_id not in newest or order < newest[story_id][0]:
            newest[story_id] = (order, article_id)
    return [r for r in rows if r.story_id is None or newest.get(r.story_id, ((False, 0, 0), r.id))[1] == r.id]


def probe_walk(session: Session, ids: Select[Any], total: int, n: int, *,
               newest: bool, dated: bool = False) -> list[tuple[int, Any]] | None:
    """The first ``n`` (id, date) rows of the articles ``ids`` selects, in one order, if they lie among the
    first ``PROBE_ROWS`` articles of that order (or at their last date); else None: the caller reads every match.

    Orders: ``newest`` is the lists' order (``newest_first``); otherwise oldest date first. ``dated`` skips
    undated articles. Only on SQLite and for more than ``_MANY_MATCHES`` matches: there SQLite walks the date
    index in order, checks each article with one primary-key lookup in the link table and stops at the ``n``-th
    match, where ``articles_in`` reads every match first. The walk is bounded by the date of the
    ``PROBE_ROWS``-th article of the order, so a subject whose articles all lie far down the order costs one
    failed probe, not a walk of the whole store.
    """
    if total <= _MANY_MATCHES or n > PROBE_ROWS or session.get_bind().dialect.name != "sqlite":
        return None
    date = col(Article.date)
    order = newest_first() if newest else (date.asc(), col(Article.id).asc())
    base = select(Article.id, Article.date)
    if dated:
        base = base.where(date.is_not(None))
    # The date of the PROBE_ROWS-th article of the order, computed once by SQLite, bounds the index range walked.
    # NULL (a smaller store, or undated articles within the probe) selects nothing: the caller reads every match.
    boundary = select(Article.date).order_by(*order).offset(PROBE_ROWS - 1).limit(1).correlate(None)
    bound = (boundary.where(date.is_not(None)) if dated else boundary).scalar_subquery()
    walk = base.where(ids.where(ids.selected_columns[0] == Article.id).exists(),
                      date >= bound if newest else date <= bound)
    found = [(i, d) for i, d in session.exec(walk.order_by(*order).limit(n))]
    if len(found) < n and len(found) < total:
        return None  # the n-th match lies beyond the probe
    return found


def count_matches(session: Session, ids: Select[Any], *, unique: bool = False) -> int:
    """How many articles ``ids`` selects, counted on the ids alone (distinct: an article linked twice counts
    once, unless ``unique`` says ``ids`` selects each article at most once, which halves the count's cost).
    Every link row references an existing article (a foreign key), so this is the number of articles, without
    reading them."""
    return session.exec(select(func.count()).select_from((ids if unique else ids.distinct()).subquery())).one()


def articles_in(session: Session, ids: Select[Any], total: int) -> ColumnElement[bool]:
    """``articles.id IN (ids)``, written so that SQLite picks the cheaper plan for ``total`` matches.

    SQLite's planner (no statistics) looks every match up by id and sorts them all: ~2 µs a match, 50 ms for
    the 26,000 articles of a country at 100,000 articles. For many matches, ``id + 0`` (the same values, but
    no longer an indexed column) makes it walk the date index newest first and stop at the page's last row.
    PostgreSQL's planner has statistics and chooses by itself.
    """
    column = col(Article.id)
    if total > _MANY_MATCHES and session.get_bind().dialect.name == "sqlite":
        return (column + 0).in_(ids)
    return column.in_(ids)


# What a row shows of an article (never the body), read for a page's ids: one statement built once per process,
# the ids a bound list. Core rows, not ORM objects: loading five articles as objects cost ~0.4 ms, as much as
# SQLite needs to find them (measured at 100,000 articles).
_ROW_COLUMNS = (Article.id, Article.file, Article.title, Article.date, Article.language, Article.source,
                Article.story_id, Article.url)
_ROWS_BY_ID = select(*_ROW_COLUMNS).where(col(Article.id).in_(bindparam("ids", expanding=True)))
_STORY_SOURCES = (
    select(Article.story_id, Article.source)
    .where(col(Article.story_id).in_(bindparam("stories", expanding=True)), col(Article.source).is_not(None))
    .distinct()
)


def rows_by_id(session: Session, ids: Sequence[int]) -> list[ArticleRow]:
    """The articles ``ids`` as rows, in that order (an id no longer stored is left out), with their stories'
    outlets."""
    if not ids:
        return []
    found = {r.id: r for r in session.execute(_ROWS_BY_ID, {"ids": list(ids)})}
    return article_rows(session, [found[i] for i in ids if i in found])


def article_rows(session: Session, articles: Sequence[Article | Row[Any]]) -> list[ArticleRow]:
    """Convert articles (or rows of their ``_ROW_COLUMNS``) to rows, with the outlets of every story they belong
    to."""
    outlets = story_sources(session, {a.story_id for a in articles if a.story_id is not None})
    return [to_row(a, outlets.get(a.story_id, [])) for a in articles]


def story_sources(session: Session, story_ids: Iterable[int]) -> dict[int, list[str]]:
    """Return, per story id, the distinct outlets of its articles (sorted)."""
    ids = list(story_ids)
    if not ids:
        return {}
    out: dict[int, set[str]] = {}
    for story_id, source in session.execute(_STORY_SOURCES, {"stories": ids}):
        if story_id is not None and source:
            out.setdefault(story_id, set()).add(source)
    return {k: sorted(v) for k, v in out.items()}


def to_row(article: Article | Row[Any], sources_in_story: list[str]) -> ArticleRow:
    """An article (or a row of its ``_ROW_COLUMNS``) as a row: its story's outlets, or its own when none."""
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
        url=article.url,
    )
