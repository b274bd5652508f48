"""Queries on the five seeds: any spelling of a country, project or person finds the same articles."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from ingest.catalog import load_catalog
from ingest.countries import resolve_country
from storage.engine import read_session
from storage.queries import (
    find_people,
    get_article,
    get_stats,
    list_articles_for_country,
    list_articles_for_person,
    list_articles_for_project,
    list_countries_with_counts,
    list_latest,
    list_projects_with_counts,
    summarize_country,
    summarize_project,
)


@pytest.fixture
def seeded(seeded_engine: Engine) -> Engine:
    return seeded_engine


def _files(page) -> list[str]:
    return [row.file[:3] for row in page.items]


# One database for all spellings (a fresh database per test, not per spelling, keeps the suite fast).
COUNTRY_NAMES = ["Tajikistan", "TJ", "Таджикистан", "Тәжікстан", "Тоҷикистон", "tajikistan", "Таджикистаном"]
PROJECT_NAMES = ["CASA1000", "casa-1000", "CАSA-1000", "КАСА-1000", "CASA 1000"]  # 3rd: Cyrillic А
PERSON_NAMES = ["Daler Juma", "Далер Джума", "Juma", "Dalerr Jumma"]


def test_country_in_any_language_finds_the_same_articles(seeded: Engine) -> None:
    with read_session(seeded) as session:
        for name in COUNTRY_NAMES:
            page = list_articles_for_country(session=session, code=resolve_country(name), limit=10, offset=0)
            assert sorted(_files(page)) == ["000", "001", "003"], name
            assert page.total == 3 and not page.has_more, name


def test_project_by_any_alias_finds_the_same_articles(seeded: Engine) -> None:
    with read_session(seeded) as session:
        for name in PROJECT_NAMES:
            assert load_catalog().resolve(name) == ["casa-1000"], name
            page = list_articles_for_project(session=session, slug="casa-1000", limit=10, offset=0)
            assert _files(page) == ["001", "000"], name  # newest first


def test_unknown_country_and_project_give_empty_pages(seeded: Engine) -> None:
    with read_session(seeded) as session:
        assert list_articles_for_country(session=session, code="XX", limit=5, offset=0).total == 0
        assert list_articles_for_project(session=session, slug="zzzz", limit=5, offset=0).items == []


def test_person_in_any_script_or_misspelt(seeded: Engine) -> None:
    with read_session(seeded) as session:
        for name in PERSON_NAMES:
            page = list_articles_for_person(session=session, person=name, limit=10, offset=0)
            people = find_people(session=session, text=name)
            assert _files(page) == ["001", "000"], name
            assert [p.key for p in people] == ["daler-juma"], name
            assert set(people[0].spellings) == {"Daler Juma", "Далер Джума"}
            assert people[0].article_count == 2
        assert list_articles_for_person(session=session, person="Nobody Atall", limit=5, offset=0).total == 0
        assert len(find_people(session=session, text="")) == get_stats(session=session).people


def test_latest_is_paginated_newest_first_with_undated_last(seeded: Engine) -> None:
    with read_session(seeded) as session:
        pages = [list_latest(session=session, limit=2, offset=offset) for offset in (0, 2, 4)]
    rows = [row for page in pages for row in page.items]
    assert [p.has_more for p in pages] == [True, True, False]
    assert all(p.total == 5 for p in pages)
    dated = [r.date for r in rows if r.date is not None]
    assert dated == sorted(dated, reverse=True) == [date(2026, 3, 7), date(2024, 2, 17), date(2023, 5, 5)]
    assert [r.date for r in rows[3:]] == [None, None]
    undated_ids = [r.id for r in rows[3:]]
    assert undated_ids == sorted(undated_ids, reverse=True)


def test_bad_page_window_is_rejected(seeded: Engine) -> None:
    with read_session(seeded) as session, pytest.raises(ValueError):
        list_latest(session=session, limit=0, offset=0)


def test_article_detail_has_entities_and_figures(seeded: Engine) -> None:
    with read_session(seeded) as session:
        first = list_articles_for_project(session=session, slug="casa-1000", limit=1, offset=1).items[0]
        detail = get_article(session=session, article_id=first.id)
        assert get_article(session=session, article_id=10_000) is None
    assert detail is not None and detail.article.file.startswith("000")
    assert detail.countries == ["KG", "TJ", "AF", "PK"]
    assert set(detail.projects) == {"casa-1000", "kambarata-hpp-1", "dushanbe-tpp-2"}
    roles = {(p.key, p.country) for p in detail.people}
    assert ("daler-juma", "TJ") in roles and ("taalaibek-ibraev", "KG") in roles
    assert {(f.value, f.unit) for f in detail.figures} == {(1300.0, "MW"), (970.0, "km")}
    assert "CASA-1000" in detail.body
    assert detail.other_in_story == []


def test_project_and_country_summaries(seeded: Engine) -> None:
    with read_session(seeded) as session:
        project = summarize_project(session=session, slug="casa-1000")
        country = summarize_country(session=session, code="TJ")
    assert project.article_count == 2
    assert (project.first_date, project.last_date) == (date(2024, 2, 17), date(2026, 3, 7))
    assert {c.key for c in project.countries} == {"KG", "TJ", "AF", "PK"}
    assert "casa-1000" not in {p.key for p in project.projects}
    assert "daler-juma" in {p.key for p in project.people}
    assert (project.figures[0].value, project.figures[0].unit) in {(1300.0, "MW"), (970.0, "km")}
    assert country.code == "TJ" and country.article_count == 3
    assert "TJ" not in {c.key for c in country.countries}
    assert {"casa-1000", "semey-chp"} <= {p.key for p in country.projects}


def test_counts_and_stats(seeded: Engine) -> None:
    with read_session(seeded) as session:
        projects = {p.slug: p.count for p in list_projects_with_counts(session=session)}
        countries = {c.key: c.count for c in list_countries_with_counts(session=session)}
        stats = get_stats(session=session)
    assert projects["casa-1000"] == 2 and projects["tap"] == 1
    assert countries["TJ"] == 3 and countries["AZ"] == 3
    assert stats.articles == 5 and stats.stories == 5
    assert stats.files_by_status == {"ok": 5}
    assert stats.newest_article_date == date(2026, 3, 7)
    assert stats.last_ingest_at is not None
    assert stats.countries == len(countries) and stats.projects_with_articles == len(projects)
