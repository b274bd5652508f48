"""The card reads: one call gives the head and a page that agree, whatever spelling the user typed (resolved to
the slug or code once, as the handlers do, before the storage call)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from ingest.catalog import load_catalog
from ingest.countries import resolve_country
from storage.cards import read_country_card, read_project_card
from storage.engine import read_session
from storage.queries import list_articles_for_country, list_articles_for_project


@pytest.mark.parametrize("typed", ["casa-1000", "CASA1000", "КАСА-1000", " CASA-1000 "])
def test_a_project_card_reads_the_same_for_every_alias(seeded_engine: Engine, typed: str) -> None:
    with read_session(seeded_engine) as session:
        [slug] = load_catalog().resolve(typed)
        summary, page = read_project_card(session=session, slug=slug, limit=1, offset=0)
        second = read_project_card(session=session, slug=slug, limit=1, offset=1)[1]
        expected = list_articles_for_project(session=session, slug="casa-1000", limit=5, offset=0)
    assert summary.slug == "casa-1000"
    assert page.total == second.total == summary.article_count == expected.total == 2
    assert [r.id for r in page.items + second.items] == [r.id for r in expected.items]


@pytest.mark.parametrize("typed", ["TJ", "Tajikistan", "Тәжікстан", "Таджикистана"])
def test_a_country_card_reads_the_same_for_every_name(seeded_engine: Engine, typed: str) -> None:
    with read_session(seeded_engine) as session:
        code = resolve_country(typed)
        assert code is not None
        summary, page = read_country_card(session=session, code=code, limit=5, offset=0)
        expected = list_articles_for_country(session=session, code="TJ", limit=5, offset=0)
    assert summary.code == "TJ"
    assert page.total == summary.article_count == expected.total >= 2
    assert [r.id for r in page.items] == [r.id for r in expected.items]
