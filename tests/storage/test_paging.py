"""Pages and summary dates of subjects with many matches: the probe walk and its fallback give the exact order.

With the thresholds shrunk (more than 3 matches count as many, a probe checks 10 articles, a summary's lists
come from its 5 newest articles), a store of 60 articles exercises every path: a subject spread over the whole
store (the probe finds its pages), one whose articles are all among the oldest (the probe gives up and every
match is read), one whose articles are all undated (last in the newest-first order), one with few matches
(never probed), dates shared by many articles, and pages beyond the end. Every page must equal the same slice
of the order computed here in Python: date descending, undated last, then id descending.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from storage import paging, summaries
from storage.engine import read_session, write_session
from storage.models import Article, ArticleCountry
from storage.queries import list_articles_for_country, summarize_country

ARTICLES = 60


@pytest.fixture
def store(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> tuple[Engine, dict[str, list[tuple[int, date | None]]]]:
    """60 articles; per country, its articles' (id, date). Dates repeat (ten distinct) and a fifth are undated."""
    monkeypatch.setattr(paging, "_MANY_MATCHES", 3)
    monkeypatch.setattr(paging, "PROBE_ROWS", 10)
    monkeypatch.setattr(summaries, "SUMMARY_WINDOW", 5)
    rng = random.Random(7)
    days = [date(2024, 1, 1) + timedelta(days=30 * k) for k in range(10)]
    links: dict[str, list[tuple[int, date | None]]] = {}
    with write_session(engine) as session:
        for i in range(ARTICLES):
            day = None if rng.random() < 0.2 else rng.choice(days)
            article = Article(sha256=f"{i:064x}", file=f"{i:03d}.txt", title=f"Article {i}", date=day,
                              language="en", body=f"Body {i}")
            session.add(article)
            session.flush()
            assert article.id is not None
            codes = ["KZ"] if rng.random() < 0.5 else []  # spread over the store
            if day is not None and day <= days[1]:
                codes.append("TJ")  # only the oldest dates
            if day is None:
                codes.append("UZ")  # only undated
            if i in (5, 40):
                codes.append("AF")  # two matches: never probed
            if i % 3 == 0:
                codes.append("RU")  # a counterpart for the summary lists
            for position, code in enumerate(codes):
                session.add(ArticleCountry(article_id=article.id, country=code, position=position))
                links.setdefault(code, []).append((article.id, day))
    return engine, links


def _newest_first(rows: list[tuple[int, date | None]]) -> list[int]:
    dated = sorted((r for r in rows if r[1] is not None), key=lambda r: (r[1], r[0]), reverse=True)
    undated = sorted((r for r in rows if r[1] is None), key=lambda r: r[0], reverse=True)
    return [i for i, _ in dated + undated]


@pytest.mark.parametrize("code", ["KZ", "TJ", "UZ", "AF"])
def test_every_page_is_the_same_slice_of_the_order(store, code: str) -> None:
    engine, links = store
    expected = _newest_first(links[code])
    assert len(expected) > 1
    with read_session(engine) as session:
        for limit in (1, 3, 7):
            for offset in range(0, len(expected) + 2):
                page = list_articles_for_country(session=session, code=code, limit=limit, offset=offset)
                assert page.total == len(expected)
                assert [row.id for row in page.items] == expected[offset : offset + limit], (limit, offset)


def test_the_probe_answers_near_the_top_and_gives_up_far_down(store, db_url: str) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the probe walk is SQLite's; PostgreSQL plans by its statistics")
    engine, links = store
    with read_session(engine) as session:
        spread = select(ArticleCountry.article_id).where(ArticleCountry.country == "KZ")
        walked = paging.probe_walk(session, spread, len(links["KZ"]), 3, newest=True)
        assert walked is not None and [i for i, _ in walked] == _newest_first(links["KZ"])[:3]
        oldest = select(ArticleCountry.article_id).where(ArticleCountry.country == "TJ")
        assert paging.probe_walk(session, oldest, len(links["TJ"]), 3, newest=True) is None
        # ... and the same subject from the other end: its oldest dated article is near the top of that order.
        first = paging.probe_walk(session, oldest, len(links["TJ"]), 1, newest=False, dated=True)
        assert first is not None and first[0][1] == min(d for _, d in links["TJ"] if d is not None)


@pytest.mark.parametrize("code", ["KZ", "TJ", "UZ", "AF"])
def test_summary_counts_and_dates_are_exact(store, code: str) -> None:
    engine, links = store
    dates = [d for _, d in links[code] if d is not None]
    with read_session(engine) as session:
        summary = summarize_country(session=session, code=code)
    assert summary.article_count == len(links[code])
    assert (summary.first_date, summary.last_date) == ((min(dates), max(dates)) if dates else (None, None))
    assert summary.basis == min(len(links[code]), summaries.SUMMARY_WINDOW)


def test_summary_lists_come_from_the_most_recently_stored_articles(store) -> None:
    engine, links = store
    newest = sorted(i for i, _ in links["KZ"])[-summaries.SUMMARY_WINDOW :]
    expected: dict[str, int] = {}
    for code, rows in links.items():
        if code != "KZ":
            n = sum(1 for i, _ in rows if i in newest)
            if n:
                expected[code] = n
    with read_session(engine) as session:
        summary = summarize_country(session=session, code="KZ")
    assert {c.key: c.count for c in summary.countries} == expected
    assert len(links["KZ"]) > summaries.SUMMARY_WINDOW == summary.basis


def test_postgresql_pages_newest_first_through_the_newest_index(postgres_engine: Engine) -> None:
    """The page query /latest sends is answered in index order on PostgreSQL (migration 0009), not by a sort."""
    from sqlalchemy import event

    from storage.queries import list_latest

    with write_session(postgres_engine) as session:
        for i in range(20):
            session.add(Article(sha256=f"{i:064x}", file=f"{i:03d}.txt", title=f"Article {i}", language="en",
                                date=None if i % 5 == 0 else date(2024, 1, 1) + timedelta(days=i % 7), body="x"))
    sent: list[tuple[str, object]] = []
    listener = lambda _c, _cur, statement, params, _ctx, _many: sent.append((statement, params))  # noqa: E731
    event.listen(postgres_engine, "before_cursor_execute", listener)
    try:
        with read_session(postgres_engine) as session:
            page = list_latest(session=session, limit=5, offset=5)
    finally:
        event.remove(postgres_engine, "before_cursor_execute", listener)
    statement, params = next((s, p) for s, p in sent if "ORDER BY" in s and "LIMIT" in s)
    with postgres_engine.connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")  # 20 rows: make the planner show what it would use
        plan = "\n".join(row[0] for row in conn.exec_driver_sql("EXPLAIN " + statement, params))
    assert "ix_articles_newest" in plan and "Sort" not in plan, plan
    ordered = sorted(((i + 1, None if i % 5 == 0 else date(2024, 1, 1) + timedelta(days=i % 7)) for i in range(20)),
                     key=lambda r: (r[1] is None, -(r[1].toordinal() if r[1] else 0), -r[0]))
    assert [row.id for row in page.items] == [article_id for article_id, _ in ordered[5:10]]
