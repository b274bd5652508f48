"""Full-text search: words in any script, ranked; hostile query syntax never errors; the same articles found on
SQLite (FTS5) and PostgreSQL (tsvector column, GIN index)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, event
from sqlalchemy import text as sql

from storage import search
from storage.engine import read_session, write_session
from storage.models import Article
from storage.search import fts5_query, pg_tsquery, query_terms, search_articles
from tests.support.db import seeded_database


@pytest.fixture
def seeded(seeded_engine: Engine) -> Engine:
    return seeded_engine


def _files(engine: Engine, text: str) -> list[str]:
    with read_session(engine) as session:
        return [row.file[:3] for row in search_articles(session=session, text=text, limit=10, offset=0).items]


def test_words_are_found_with_inflections_and_ranked(seeded: Engine) -> None:
    assert sorted(_files(seeded, "CASA-1000")) == ["000", "001"]
    assert _files(seeded, "Тәжікстан") == ["001"]  # also matches "Тәжікстанда"
    assert _files(seeded, "Kokshetau Semey") == ["003"]
    assert _files(seeded, "Albania")[0] == "004"  # in the title: ranked first
    assert _files(seeded, "zzzzqqq") == []


def test_pages_of_search_results(seeded: Engine) -> None:
    with read_session(seeded) as session:
        first = search_articles(session=session, text="energy", limit=2, offset=0)
        rest = search_articles(session=session, text="energy", limit=10, offset=2)
    assert first.total == rest.total >= 3
    assert first.has_more and not rest.has_more
    assert not {r.id for r in first.items} & {r.id for r in rest.items}


HOSTILE = ['"', '""', "*", "(", ")", "energy OR", "OR", "NEAR", "NEAR(a b)", "-energy", "a:b", "title:energy",
           "^energy", "energy*", '"energy', "energy AND NOT", "{title}: x", "\x00", "'; DROP TABLE articles; --"]


def test_hostile_syntax_is_taken_literally(seeded: Engine) -> None:
    for text in HOSTILE:
        _files(seeded, text)  # no exception
        terms = query_terms(text)
        assert all(term.isalnum() for term in terms), text
        assert fts5_query(terms).count('"') == 2 * len(terms), text  # only the quotes around each term
    assert _files(seeded, "energy OR") == []  # "or" is a word to find, not an operator
    assert _files(seeded, '"CASA-1000" NEAR(') == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text())
def test_any_text_returns_a_page_never_an_error(seeded: Engine, text: str) -> None:
    with read_session(seeded) as session:
        page = search_articles(session=session, text=text, limit=5, offset=0)
    assert page.total >= len(page.items)


# Words in every script of the seeds; hyphenated codes, look-alike letters, inflections, a host name ("kz" of
# "inbusiness.kz"), numbers, several words at once, operators typed as words, and nothing at all.
PARITY_QUERIES = [
    "CASA-1000", "casa1000", "CАSA-1000", "КАСА-1000", "1000", "Тәжікстан", "Тәжікстанда", "Таджикистан",
    "Қазақстан", "Өзбекстан", "энергетикалық", "Душанбе", "Kokshetau Semey", "Ust-Kamenogorsk", "Albania",
    "energy", "Energy ministry", "heat and power", "Daler Juma", "Shahbazov", "Tirana", "Trend", "Azernews",
    "inbusiness", "kz", "24KZ", "Kyrgyz", "Tajik", "the", "of", "energy OR", '"CASA-1000" NEAR(', "zzzzqqq",
]


def _found(engine: Engine, query: str) -> tuple[list[str], int]:
    with read_session(engine) as session:
        page = search_articles(session=session, text=query, limit=50, offset=0)
    return sorted(row.file for row in page.items), page.total


def test_postgresql_finds_the_same_articles_as_sqlite(
    tmp_path: Path, _seed_templates: Callable[[str], str]
) -> None:
    with (
        seeded_database("postgresql", tmp_path, _seed_templates) as postgres,
        seeded_database("sqlite", tmp_path, _seed_templates) as sqlite,
    ):
        found = {query: (_found(sqlite, query), _found(postgres, query)) for query in PARITY_QUERIES}
    assert {q: pg for q, (_, pg) in found.items()} == {q: lite for q, (lite, _) in found.items()}
    assert sum(1 for (files, _), _ in found.values() if files) >= 25  # not a comparison of empty pages


def test_postgresql_searches_a_generated_tsvector_column_through_a_gin_index(postgres_engine: Engine) -> None:
    query, params = pg_tsquery(query_terms("CASA-1000 Тәжікстан"))
    with postgres_engine.connect() as conn:
        column = conn.execute(sql(
            "SELECT data_type, is_generated, generation_expression FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = 'articles' AND column_name = 'search_vector'"
        )).one()
        conn.exec_driver_sql("SET enable_seqscan = off")  # an empty table: make the planner show the index
        plan = conn.execute(sql(
            f"EXPLAIN SELECT a.id FROM articles AS a, (SELECT {query} AS q) AS query WHERE a.search_vector @@ query.q"
        ), params).scalars().all()
    assert column.data_type == "tsvector" and column.is_generated == "ALWAYS"
    assert "'simple'" in column.generation_expression and "title" in column.generation_expression
    assert any("articles_fts_gin" in line for line in plan), plan


@pytest.mark.parametrize(("matches", "rows", "articles", "walk"), [
    (36_000, 1_000, 100_000, True),  # a word in a third of the articles: the newest ids hold one every 3 rows
    (17_000, 1_000, 100_000, False),  # about the break-even point (measured: 17,700)
    (4_000, 1_000, 100_000, False),  # a word in 4 %: the walk would test 25,000 rows
    (1_000, 1_000, 1_000, False),  # every article matches, but the bitmap is as short as the walk
    (50_000, 40_000, 100_000, False),  # a page far down the order: the walk would test 80,000 rows
    (5, 1_000, 0.0, False),  # a table never analysed (no row estimate yet)
])
def test_postgresql_plan_is_chosen_from_the_count(matches: int, rows: int, articles: float, walk: bool) -> None:
    plan = search.pg_newest_plan(matches, rows, articles)
    off = "enable_bitmapscan" if walk else "enable_indexscan"
    assert plan == {off: "off", "enable_seqscan": "off"}


def test_postgresql_plans_follow_the_settings_and_the_settings_are_restored(postgres_engine: Engine) -> None:
    from sqlmodel import Session

    query, params = pg_tsquery(query_terms("turbine"))
    matches = f"FROM articles AS a, (SELECT {query} AS q) AS query WHERE a.search_vector @@ query.q"

    def plan(session: Session, statement: str) -> str:
        return "\n".join(session.execute(sql(f"EXPLAIN {statement}"), params).scalars())

    with Session(postgres_engine) as session:
        before = session.execute(sql("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'), "
                                     "current_setting('enable_bitmapscan')")).one()
        with search.pg_planner(session, enable_seqscan="off"):
            assert "Bitmap Index Scan on articles_fts_gin" in plan(session, f"SELECT count(*) {matches}")
        newest = f"SELECT a.id {matches} ORDER BY a.id DESC LIMIT 10"
        with search.pg_planner(session, **search.pg_newest_plan(90_000, 10, 100_000)):
            walked = plan(session, newest)
        with search.pg_planner(session, **search.pg_newest_plan(100, 10, 100_000)):
            bitmap = plan(session, newest)
        after = session.execute(sql("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'), "
                                    "current_setting('enable_bitmapscan')")).one()
    assert "Index Scan Backward using pk_articles" in walked and "articles_fts_gin" not in walked, walked
    assert "Bitmap Index Scan on articles_fts_gin" in bitmap and "Backward" not in bitmap, bitmap
    assert tuple(after) == tuple(before) == ("on", "on", "on")


# The ranked window: only the RANK_WINDOW most recently stored matches (highest ids) are ranked, the older ones
# follow newest stored first. Six articles stored in this order (ids ascending); five mention "turbine", two of
# them in the title (ranked above every body-only match when ranked at all).
WINDOW_ARTICLES = [
    ("Turbine tender announced", "The ministry opened a tender for a new turbine.", date(2020, 1, 1)),
    ("Grid report", "One turbine of the plant stopped for repairs this week.", None),
    ("Dam works", "Engineers inspected a turbine of the old dam in spring.", date(2021, 6, 1)),
    ("Solar park", "Panels were installed on the roof of the school.", date(2022, 1, 1)),
    ("Turbine factory opens", "The factory will build parts for the region.", date(2019, 5, 5)),
    ("Wind farm", "A turbine was lifted onto the last tower of the farm.", date(2024, 3, 3)),
]


def _store(engine: Engine) -> list[int]:
    """Store WINDOW_ARTICLES one by one; return their ids (ascending: ids grow with ingestion)."""
    ids = []
    for i, (title, body, day) in enumerate(WINDOW_ARTICLES):
        with write_session(engine) as session:
            article = Article(sha256=f"{i:064x}", file=f"{i:03d}.txt", title=title, date=day, language="en",
                              body=body)
            session.add(article)
            session.flush()
            assert article.id is not None
            ids.append(article.id)
    assert ids == sorted(ids)
    return ids


def _search(engine: Engine, text: str, limit: int, offset: int) -> tuple[list[int], int]:
    with read_session(engine) as session:
        page = search_articles(session=session, text=text, limit=limit, offset=offset)
    return [row.id for row in page.items], page.total


def _walk(engine: Engine, text: str, limit: int) -> list[int]:
    """Every page of ``limit`` rows, concatenated; each page reports the same total."""
    found: list[int] = []
    totals = set()
    offset = 0
    while True:
        ids, total = _search(engine, text, limit, offset)
        totals.add(total)
        if not ids:
            break
        found += ids
        offset += limit
    assert totals == {len(found)}, (limit, totals)
    return found


@pytest.fixture
def window_store(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> tuple[Engine, list[int]]:
    monkeypatch.setattr(search, "RANK_WINDOW", 2)
    return engine, _store(engine)


def test_first_page_is_the_newest_matches_ranked(window_store: tuple[Engine, list[int]]) -> None:
    engine, ids = window_store
    # The window is the two newest matches (ids[5], ids[4]); the older one has the word in its title: first.
    assert _search(engine, "turbine", 2, 0) == ([ids[4], ids[5]], 5)
    assert _search(engine, "turbine", 1, 0) == ([ids[4]], 5)


def test_pages_beyond_the_window_are_newest_stored_first(window_store: tuple[Engine, list[int]]) -> None:
    engine, ids = window_store
    # ids[0] has the word in its title but is older than the window: not ranked up.
    assert _search(engine, "turbine", 3, 2) == ([ids[2], ids[1], ids[0]], 5)
    assert _search(engine, "turbine", 5, 4) == ([ids[0]], 5)
    assert _search(engine, "turbine", 5, 5) == ([], 5)


def test_a_page_straddling_the_window_end(window_store: tuple[Engine, list[int]]) -> None:
    engine, ids = window_store
    assert _search(engine, "turbine", 2, 1) == ([ids[5], ids[2]], 5)
    assert _search(engine, "turbine", 10, 0) == ([ids[4], ids[5], ids[2], ids[1], ids[0]], 5)


def test_pages_together_hold_every_match_once(window_store: tuple[Engine, list[int]]) -> None:
    engine, ids = window_store
    expected = [ids[4], ids[5], ids[2], ids[1], ids[0]]
    for limit in range(1, 7):
        assert _walk(engine, "turbine", limit) == expected, limit


def test_a_window_holding_every_match_ranks_them_all(
    window_store: tuple[Engine, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, ids = window_store
    monkeypatch.setattr(search, "RANK_WINDOW", 1_000)
    ranked, total = _search(engine, "turbine", 10, 0)
    assert total == 5 and set(ranked[:2]) == {ids[0], ids[4]}  # both title matches first, wherever stored
    monkeypatch.setattr(search, "RANK_WINDOW", 5)  # exactly the number of matches
    for limit in (1, 2, 3, 5):
        assert _walk(engine, "turbine", limit) == ranked, limit


def test_small_window_on_the_seeds_keeps_the_ranking_within_it(
    seeded: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    everything = _walk(seeded, "energy", 10)  # the seeds' matches fit the default window: all ranked
    assert len(everything) >= 3
    monkeypatch.setattr(search, "RANK_WINDOW", 2)
    newest = sorted(everything, reverse=True)
    window = [i for i in everything if i in newest[:2]]  # the two newest, in their ranked order
    assert _walk(seeded, "energy", 1) == _walk(seeded, "energy", 4) == window + newest[2:]


def _count_threads(engine: Engine, text: str, limit: int, offset: int, *, busy: bool = False
                   ) -> tuple[tuple[list[int], int], set[str]]:
    """Search, and say on which threads the count statements ran ("page": the search's own, "beside": another).
    ``busy``: every other pooled connection is checked out meanwhile."""
    page_thread = threading.get_ident()
    threads: set[str] = set()

    def record(_conn, _cursor, statement: str, *_args) -> None:
        if statement.startswith("SELECT count(*)"):
            threads.add("page" if threading.get_ident() == page_thread else "beside")

    held = [engine.connect() for _ in range(engine.pool.size() - 1)] if busy else []  # type: ignore[attr-defined]
    event.listen(engine, "before_cursor_execute", record)
    try:
        found = _search(engine, text, limit, offset)
    finally:
        event.remove(engine, "before_cursor_execute", record)
        for connection in held:
            connection.close()
    return found, threads


def test_the_count_runs_beside_a_first_page_and_both_ways_agree(
    window_store: tuple[Engine, list[int]], monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    engine, ids = window_store
    monkeypatch.setattr(search, "RANK_WINDOW", 4)
    beside = "beside" if db_url.startswith("sqlite") else "page"  # PostgreSQL's plans depend on the count
    pages = []
    for limit, offset, where in ((2, 0, beside), (2, 2, beside), (4, 0, beside), (2, 3, "page"), (5, 4, "page")):
        serial, threads = _count_threads(engine, "turbine", limit, offset, busy=True)  # no idle connection
        assert threads == {"page"} and serial[1] == 5
        assert _count_threads(engine, "turbine", limit, offset) == (serial, {where}), (limit, offset)
        pages.append(serial[0])
    assert pages[0] + pages[1] == pages[2] and sorted(pages[2]) == sorted(ids[1:3] + ids[4:6])  # the window
    assert pages[4] == [ids[0]]  # beyond the window (crossing it: pages[3])
    assert _count_threads(engine, "nothing", 2, 0) == (([], 0), {beside})


def test_the_count_beside_counts_what_the_page_sees(
    window_store: tuple[Engine, list[int]], monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("only SQLite counts beside the page")
    engine, _ids = window_store
    monkeypatch.setattr(search, "RANK_WINDOW", 10)  # the page lies inside the window: counted beside it
    with read_session(engine) as session:
        before = search_articles(session=session, text="turbine", limit=5, offset=0)
        with write_session(engine) as other:  # committed while the search's read transaction is open
            other.add(Article(sha256="f" * 64, file="late.txt", title="Late turbine", language="en", body="turbine"))
        again = search_articles(session=session, text="turbine", limit=5, offset=0)
    assert [r.id for r in again.items] == [r.id for r in before.items] and again.total == before.total == 5
    assert _search(engine, "turbine", 5, 0)[1] == 6  # a new search sees it


def test_a_search_stops_counting_at_its_cap(seeded_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    from storage import search

    with read_session(seeded_engine) as session:
        full = search.search_articles(session=session, text="energy", limit=5, offset=0)
    assert full.total >= 3 and not full.total_at_least
    monkeypatch.setattr(search, "SEARCH_COUNT_CAP", 2)
    with read_session(seeded_engine) as session:
        capped = search.search_articles(session=session, text="energy", limit=1, offset=0)
    if seeded_engine.dialect.name == "sqlite":  # PostgreSQL counts up to where its plan choice needs to know
        assert (capped.total, capped.total_at_least) == (2, True)
    assert capped.items[0].id == full.items[0].id  # the ranked page does not depend on the count
