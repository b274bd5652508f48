"""Full-text search: words in any script, ranked; hostile query syntax never errors; the same articles found on
SQLite (FTS5) and PostgreSQL (tsvector column, GIN index)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlalchemy import text as sql

from storage.engine import read_session
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
