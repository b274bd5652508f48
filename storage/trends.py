"""Mentions of a project or a country over time, for /trend's chart, and the store's version for its cache.

The query groups on (date, language) or (date, outlet) in SQL, so it returns one row per day and series, not per
article (a project in 10,000 articles over three years: ~1,000-3,000 rows); weeks and months are summed here, in
Python, which keeps the SQL the same on SQLite and PostgreSQL. Undated articles cannot be placed on a time axis
and are counted apart (``undated``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import func, text
from sqlmodel import Session, col, select

from storage.models import Article, ArticleCountry, ArticleProject, Project

# Series drawn on one chart: more lines than this cannot be told apart; the rest are summed as "other".
MAX_SERIES = 6
OTHER = "*"  # the key of the summed series (no language code or outlet is "*")


class Granularity(StrEnum):
    WEEK = "week"
    MONTH = "month"


class SeriesBy(StrEnum):
    LANGUAGE = "language"
    OUTLET = "outlet"


@dataclass(frozen=True)
class Trend:
    """Article counts per period (the first day of each: a Monday, or the 1st of a month), one series per key."""

    granularity: Granularity
    periods: list[date]  # every period from the first to the last, with or without articles
    series: dict[str, list[int]] = field(default_factory=dict)  # key -> count per period; OTHER sums the rest
    undated: int = 0
    total: int = 0
    first_day: date | None = None  # the oldest article's date
    last_day: date | None = None  # the newest article's date


def period_start(day: date, granularity: Granularity) -> date:
    if granularity == Granularity.WEEK:
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _next_period(day: date, granularity: Granularity) -> date:
    if granularity == Granularity.WEEK:
        return day + timedelta(days=7)
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def choose_granularity(first: date, last: date) -> Granularity:
    """Weeks for up to about half a year of articles, months beyond (more than ~26 points a line reads poorly
    on a phone)."""
    return Granularity.WEEK if (last - first).days <= 182 else Granularity.MONTH


def count_mentions(*, session: Session, project: str | None = None, country: str | None = None,
                   by: SeriesBy = SeriesBy.LANGUAGE, granularity: Granularity | None = None) -> Trend:
    """Count the articles on the project slug ``project`` (or the country code ``country``) per week or month
    (``granularity``; None: chosen from the span), one series per language or outlet (the ``MAX_SERIES - 1``
    largest, then the rest summed)."""
    if (project is None) == (country is None):
        raise ValueError("give exactly one of project, country")
    if project is not None:
        ids = (select(ArticleProject.article_id).join(Project, col(Project.id) == ArticleProject.project_id)
               .where(Project.slug == project))
    else:
        ids = select(ArticleCountry.article_id).where(ArticleCountry.country == country)
    key = col(Article.language) if by == SeriesBy.LANGUAGE else func.coalesce(col(Article.source), "")
    rows = session.exec(
        select(Article.date, key, func.count()).where(col(Article.id).in_(ids)).group_by(col(Article.date), key)
    ).all()
    return build_trend([(d, k, int(n)) for d, k, n in rows], granularity)


def build_trend(rows: list[tuple[date | None, str, int]], granularity: Granularity | None = None) -> Trend:
    """A ``Trend`` from (date, series key, count) rows."""
    dated = [(d, k, n) for d, k, n in rows if d is not None]
    undated = sum(n for d, _k, n in rows if d is None)
    total = sum(n for _d, _k, n in rows)
    if not dated:
        return Trend(granularity or Granularity.MONTH, [], {}, undated, total)
    first, last = min(d for d, _k, _n in dated), max(d for d, _k, _n in dated)
    granularity = granularity or choose_granularity(first, last)
    periods = []
    current = period_start(first, granularity)
    while current <= last:
        periods.append(current)
        current = _next_period(current, granularity)
    index = {p: i for i, p in enumerate(periods)}
    sizes: dict[str, int] = {}
    for _d, k, n in dated:
        sizes[k] = sizes.get(k, 0) + n
    ranked = sorted(sizes, key=lambda k: (-sizes[k], k))
    shown = set(ranked if len(ranked) <= MAX_SERIES else ranked[:MAX_SERIES - 1])
    series: dict[str, list[int]] = {k: [0] * len(periods) for k in ranked if k in shown}
    for d, k, n in dated:
        target = k if k in shown else OTHER
        series.setdefault(target, [0] * len(periods))[index[period_start(d, granularity)]] += n
    return Trend(granularity, periods, series, undated, total, first, last)


def store_version(*, session: Session) -> tuple[int, int, str]:
    """What changes whenever an article is stored, changed or removed: (count, newest id, latest update). Caches
    of derived things (charts) are keyed on it."""
    count, newest, updated = session.execute(
        text("SELECT count(*), coalesce(max(id), 0), max(updated_at) FROM articles")).one()
    return int(count), int(newest), str(updated)
