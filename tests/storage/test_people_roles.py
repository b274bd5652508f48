"""A person's role kind and portfolio: stored by ingest beside the article's phrase, read back on the person card
and in summaries, and given to rows stored before migration 0016 from their phrase. On each configured backend."""

from __future__ import annotations

from sqlalchemy import Engine, text

from ingest.people import person_key
from storage.cards import read_person_card
from storage.engine import create_engine_for, read_session, write_session
from storage.migrate import upgrade
from storage.models import Article, ArticlePerson, PersonRecord


def _store(engine: Engine, statements: list[tuple[str, str | None, str | None, str | None]]) -> None:
    with write_session(engine) as session:
        person = PersonRecord(key=person_key("Daler Juma"), name="Daler Juma", spellings=["Daler Juma"])
        session.add(person)
        session.flush()
        for i, (role, country, kind, portfolio) in enumerate(statements):
            article = Article(sha256=f"{i:064x}", file=f"{i:03d}.txt", title=f"Article {i}", language="en",
                              body=f"Body {i}")
            session.add(article)
            session.flush()
            assert article.id is not None and person.id is not None
            session.add(ArticlePerson(article_id=article.id, person_id=person.id, name="Daler Juma", role=role,
                                      country=country, role_kind=kind, portfolio=portfolio))


def test_the_person_card_reads_kind_and_portfolio(engine: Engine) -> None:
    _store(engine, [("Вазири энергетика ва захираҳои об", "TJ", "minister", "energy_and_water")])
    with read_session(engine) as session:
        found, _ = read_person_card(session=session, text="Далер Джума", limit=5, offset=0)
    (role,) = found[0].roles
    assert (role.role, role.role_kind, role.portfolio, role.country) == (
        "Вазири энергетика ва захираҳои об", "minister", "energy_and_water", "TJ")


def test_upgrade_classifies_the_phrases_stored_before(db_url: str) -> None:
    engine = create_engine_for(db_url)
    try:
        upgrade(engine, "0015")
        with write_session(engine) as session:
            session.execute(text("INSERT INTO people (key, name, spellings) VALUES ('daler-juma', 'Daler Juma', "
                                 "'[\"Daler Juma\"]')"))
            for i, role in enumerate(("Minister of Energy and Water Resources of Tajikistan", "Kyrgyz President",
                                      None, "the man who came")):
                session.add(Article(sha256=f"{i:064x}", file=f"{i}.txt", title="t", language="en", body="b"))
                session.flush()
                session.execute(
                    text("INSERT INTO article_people (article_id, person_id, name, role) SELECT a.id, p.id, "
                         "'Daler Juma', :role FROM articles a, people p WHERE a.file = :f"),
                    {"role": role, "f": f"{i}.txt"},
                )
        upgrade(engine)
        with engine.connect() as conn:
            rows = sorted(conn.execute(text("SELECT role, role_kind, portfolio FROM article_people")),
                          key=lambda r: r[0] or "")
        assert [tuple(r) for r in rows] == [
            (None, None, None),
            ("Kyrgyz President", "head_of_state", None),
            ("Minister of Energy and Water Resources of Tajikistan", "minister", "energy_and_water"),
            ("the man who came", None, None),
        ]
    finally:
        engine.dispose()
