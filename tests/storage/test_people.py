"""A person's roles: each distinct one once, the most recently stated first, from their newest articles only."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from ingest.people import person_key
from storage import people
from storage.cards import read_person_card
from storage.engine import read_session, write_session
from storage.models import Article, ArticlePerson, PersonRecord

# (spelling, role, country) per article, in the order stored.
STATEMENTS = [
    ("Sadyr Japarov", "chairman of the cabinet", "KG"),
    ("Садыр Жапаров", None, None),
    ("Sadyr Japarov", "prime minister", "KG"),
    ("Sadyr Japarov", "president", "KG"),
    ("Садыр Жапаров", None, "KG"),
    ("Садыр Жапаров", "president", "KG"),
]


@pytest.fixture
def store(engine: Engine) -> Engine:
    with write_session(engine) as session:
        person = PersonRecord(key=person_key("Sadyr Japarov"), name="Sadyr Japarov",
                              spellings=["Sadyr Japarov", "Садыр Жапаров"])
        session.add(person)
        session.flush()
        for i, (name, role, country) in enumerate(STATEMENTS):
            article = Article(sha256=f"{i:064x}", file=f"{i:03d}.txt", title=f"Article {i}", language="en",
                              body=f"Body {i}")
            session.add(article)
            session.flush()
            assert article.id is not None and person.id is not None
            session.add(ArticlePerson(article_id=article.id, person_id=person.id, name=name, role=role,
                                      country=country))
    return engine


def _roles(engine: Engine, text: str) -> list[tuple[str, str | None, str | None]]:
    with read_session(engine) as session:
        found, page = read_person_card(session=session, text=text, limit=5, offset=0)
    assert len(found) == 1 and page.total == len(STATEMENTS)
    return [(r.name, r.role, r.country) for r in found[0].roles]


def test_roles_most_recently_stated_first_spelt_as_there(store: Engine) -> None:
    assert _roles(store, "Садыр Жапаров") == [
        ("Садыр Жапаров", "president", "KG"),
        ("Садыр Жапаров", None, "KG"),
        ("Sadyr Japarov", "prime minister", "KG"),
        ("Sadyr Japarov", "chairman of the cabinet", "KG"),
    ]


def test_roles_come_from_the_newest_statements_only(store: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(people, "ROLE_WINDOW", 3)  # the three newest articles that state a role or country
    assert _roles(store, "Sadyr Japarov") == [("Садыр Жапаров", "president", "KG"), ("Садыр Жапаров", None, "KG")]


def test_a_misspelt_name_reads_the_same_card_as_the_right_one(store: Engine) -> None:
    with read_session(store) as session:
        right = read_person_card(session=session, text="Sadyr Japarov", limit=2, offset=1)
        misspelt = read_person_card(session=session, text="Sadyr Japarvo", limit=2, offset=1)  # the fuzzy path
    assert misspelt == right
    people, page = right
    assert len(people) == 1 and page.total == people[0].article_count == len(STATEMENTS) and len(page.items) == 2
