"""Filtered search, trend counts, project exports and source links, on every configured backend, over articles
written for these tests and stored through the real ingest."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from storage.engine import read_session
from storage.exports import export_project
from storage.filters import ArticleFilter, search_filtered
from storage.queries import get_article, list_articles_for_project
from storage.trends import Granularity, SeriesBy, count_mentions, store_version
from tests.support.articles import ingest_articles


@pytest.fixture
def store(engine: Engine, tmp_path: Path) -> Engine:
    ingest_articles(engine, tmp_path / "inbox")
    return engine


def _titles(engine: Engine, text: str, filters: ArticleFilter, limit: int = 10, offset: int = 0):
    with read_session(engine) as session:
        page = search_filtered(session=session, text_query=text, filters=filters, limit=limit, offset=offset)
    return [row.title[:12] for row in page.items], page.total


def test_each_filter_narrows_the_matches(store: Engine) -> None:
    assert _titles(store, "", ArticleFilter(language="en"))[1] == 2
    assert _titles(store, "", ArticleFilter(project="rogun-hpp"))[1] == 3
    assert _titles(store, "", ArticleFilter(country="PK"))[1] == 2  # "в Пакистан", "Pakistan"
    assert _titles(store, "", ArticleFilter(outlet="kab"))[1] == 3  # prefix, any case
    assert _titles(store, "", ArticleFilter(since=date(2025, 3, 1), until=date(2025, 4, 1)))[1] == 2
    titles, total = _titles(store, "", ArticleFilter(language="ru", since=date(2025, 3, 1), country="TJ",
                                                     project="rogun-hpp", outlet="Kabar"))
    assert total == 1 and titles == ["АБР обсуждае"]


def test_words_and_filters_together_newest_first_and_paged(store: Engine) -> None:
    assert _titles(store, "financing", ArticleFilter(project="rogun-hpp")) == (["World Bank d"], 1)
    assert _titles(store, "CASA", ArticleFilter(language="ru")) == (["Кыргызстан и"], 1)
    first, total = _titles(store, "", ArticleFilter(outlet="Kabar"), limit=2)
    rest, _ = _titles(store, "", ArticleFilter(outlet="Kabar"), limit=2, offset=2)
    assert total == 3 and first == ["Кыргызстан и", "АБР обсуждае"] and rest == ["Таджикистан "]
    assert _titles(store, "!!!", ArticleFilter(language="ru")) == ([], 0)  # no searchable word: nothing
    assert _titles(store, "", ArticleFilter(outlet="100%_")) == ([], 0)  # LIKE wildcards are plain letters


def test_without_filters_it_is_the_ranked_search(store: Engine) -> None:
    assert _titles(store, "CASA-1000", ArticleFilter())[1] == 2


def test_trend_counts_per_week_and_month_by_language_and_outlet(store: Engine) -> None:
    with read_session(store) as session:
        weekly = count_mentions(session=session, project="rogun-hpp")
        monthly = count_mentions(session=session, country="TJ", by=SeriesBy.OUTLET, granularity=Granularity.MONTH)
        version = store_version(session=session)
    assert weekly.granularity == Granularity.WEEK and weekly.periods[0] == date(2025, 2, 10)  # a Monday
    assert sum(weekly.series["ru"]) == 2 and sum(weekly.series["en"]) == 1
    assert (weekly.first_day, weekly.last_day, weekly.total, weekly.undated) == (date(2025, 2, 10),
                                                                                date(2025, 3, 20), 3, 0)
    assert monthly.periods == [date(2025, 2, 1), date(2025, 3, 1), date(2025, 4, 1)]
    assert monthly.series["Kabar"] == [1, 1, 1] and monthly.series["Asia-Plus"] == [0, 1, 0]
    assert version[0] == 5


def test_export_rows_carry_entities_and_links(store: Engine) -> None:
    with read_session(store) as session:
        rows = export_project(session=session, slug="casa-1000")
    assert [r.date for r in rows] == [date(2025, 4, 25), date(2025, 4, 2)]
    assert rows[0].url == "https://trend.example.test/casa" and rows[0].outlet == "Trend"
    assert "PK" in rows[0].countries and "1300 MW" in rows[0].figures


def test_article_rows_and_details_carry_the_source_url(store: Engine) -> None:
    with read_session(store) as session:
        page = list_articles_for_project(session=session, slug="rogun-hpp", limit=5, offset=0)
        detail = get_article(session=session, article_id=page.items[0].id)
    assert page.items[0].url == "https://asiaplus.example.test/rogun-wb"
    assert detail is not None and detail.article.url == page.items[0].url
