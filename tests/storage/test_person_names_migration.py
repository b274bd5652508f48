"""Catalogued people are shown by the catalog's name: when ingest creates them, and after migration 0010 for
people stored before it (by their first spelling). On each configured backend."""

from __future__ import annotations

from sqlalchemy import text

from ingest.people import catalog_name, person_key
from scan import run_ingest
from storage.engine import create_engine_for, read_session, write_session
from storage.migrate import current_revision, head_revision, upgrade
from storage.summaries import summarize_project
from tests.support.db import copy_seeds


def _names(engine) -> dict[str, str]:
    with engine.connect() as conn:
        return {key: name for key, name in conn.execute(text("SELECT key, name FROM people"))}


def test_catalog_name_of_known_and_unknown_people() -> None:
    assert person_key("Edi Raman") == "edi-rama"  # the catalog lists the misspelling
    assert catalog_name("edi-rama") == "Edi Rama"
    assert catalog_name(person_key("Somebody Unknown")) is None


def test_upgrade_gives_catalogued_people_the_catalog_name(db_url: str) -> None:
    engine = create_engine_for(db_url)
    try:
        upgrade(engine, "0009")
        with write_session(engine) as session:
            for key, name in (("edi-rama", "Edi Raman"), ("somebody-unknown", "Somebody Unknown")):
                session.execute(text("INSERT INTO people (key, name, spellings) VALUES (:k, :n, :s)"),
                                {"k": key, "n": name, "s": f'["{name}"]'})
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        assert _names(engine) == {"edi-rama": "Edi Rama", "somebody-unknown": "Somebody Unknown"}
        with engine.connect() as conn:  # the spelling seen is kept
            assert conn.execute(text("SELECT spellings FROM people WHERE key = 'edi-rama'")).scalar_one() \
                in ('["Edi Raman"]', ["Edi Raman"])
    finally:
        engine.dispose()


def test_ingest_names_a_catalogued_person_by_the_catalog(engine, tmp_path) -> None:
    run_ingest(engine=engine, directory=copy_seeds(tmp_path / "seeds"), settle_seconds=0.0)
    assert _names(engine)["edi-rama"] == "Edi Rama"  # seed 004 spells him "Edi Raman"
    with engine.connect() as conn:
        spelt = conn.execute(text("SELECT name FROM article_people WHERE name LIKE 'Edi Ram%'")).scalars().all()
    assert spelt and set(spelt) == {"Edi Raman"}  # the article's own spelling stays with the article
    with read_session(engine) as session:
        card_people = {p.name for p in summarize_project(session=session, slug="tap").people}
    assert "Edi Rama" in card_people and "Edi Raman" not in card_people
