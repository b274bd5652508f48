"""/person's fuzzy step: a minimum match (no person for 'aaaa' or '1e9') and every close candidate returned."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from ingest.people import person_key
from storage.cards import read_person_card
from storage.engine import read_session, write_session
from storage.models import Article, ArticlePerson, PersonRecord

PEOPLE = [("Edi Rama", 3), ("Rustam Azimov", 2), ("Rustam Azimovich", 1), ("Daler Juma", 1)]


@pytest.fixture
def store(engine: Engine) -> Engine:
    with write_session(engine) as session:
        n = 0
        for name, articles in PEOPLE:
            person = PersonRecord(key=person_key(name), name=name, spellings=[name])
            session.add(person)
            session.flush()
            for _ in range(articles):
                article = Article(sha256=f"{n:064x}", file=f"{n:03d}.txt", title=f"Article {n}", language="en",
                                  body=f"Body {n}")
                session.add(article)
                session.flush()
                assert article.id is not None and person.id is not None
                session.add(ArticlePerson(article_id=article.id, person_id=person.id, name=name))
                n += 1
    return engine


def _names(engine: Engine, text: str) -> list[str]:
    with read_session(engine) as session:
        found, page = read_person_card(session=session, text=text, limit=5, offset=0)
    if found:
        assert page.total == found[0].article_count
    return [p.name for p in found]


@pytest.mark.parametrize("text", ["aaaa", "1e9", "e", "zz", "Khan", "Ramazan Bekov"])
def test_no_person_below_the_minimum_match(store: Engine, text: str) -> None:
    assert _names(store, text) == []


@pytest.mark.parametrize(("text", "name"), [("Edi Rama", "Edi Rama"), ("Rama", "Edi Rama"),
                                            ("Daler Jumma", "Daler Juma"), ("Dalr Juma", "Daler Juma")])
def test_a_typo_or_a_surname_finds_the_person(store: Engine, text: str, name: str) -> None:
    assert _names(store, text)[0] == name


def test_several_close_people_are_all_candidates_most_mentioned_first(store: Engine) -> None:
    assert _names(store, "Rustam Azimov")[:1] == ["Rustam Azimov"]  # the exact key: one person
    assert _names(store, "Rustam Azimovch") == ["Rustam Azimov", "Rustam Azimovich"]
