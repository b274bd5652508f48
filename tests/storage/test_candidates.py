"""Figures stored with the project they are stated with; candidate projects with their articles; migration
0013's back-fill. On each configured backend; articles written for the tests."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text

from ingest.catalog import Catalog, Project, load_catalog
from ingest.pipeline import parse_bytes
from storage import candidates, links
from storage.candidates import (
    adopt_candidates,
    adoptable_candidates,
    find_candidate_projects,
    list_candidate_projects,
)
from storage.engine import create_engine_for, read_session, write_session
from storage.migrate import upgrade
from storage.summaries import summarize_project
from storage.writes import store_article

_ONE = ("Ministers met in the capital on 10 June 2024 to discuss power links between the two neighbours.\n\n"
        "Kambarata-1 is planned at 1,860 MW. CASA-1000 will carry 1,300 MW over 970 km of new lines. "
        "The Datka–Sughd 500 kV line will run 200 km.")
_TWO = ("Engineers inspected new substations in the north on 12 June 2024 ahead of the winter season.\n\n"
        "The Datka-Sughd line will be finished next year. Kambarata-1 will have 1,900 MW after an upgrade.")


def _store(engine: Engine, tmp_path: Path, name: str, body: str) -> None:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    with write_session(engine) as session:
        store_article(session=session, parsed=parse_bytes(body.encode(), file=name), source_path=path)


def test_a_project_card_shows_only_its_own_figures_with_their_sources(engine: Engine, tmp_path: Path) -> None:
    _store(engine, tmp_path, "one.txt", _ONE)
    _store(engine, tmp_path, "two.txt", _TWO)
    with read_session(engine) as session:
        kambarata = summarize_project(session=session, slug="kambarata-hpp-1")
        casa = summarize_project(session=session, slug="casa-1000")
    assert {(f.value, f.unit) for f in kambarata.figures} == {(1860.0, "MW"), (1900.0, "MW")}  # both, own sources
    assert {(f.value, f.unit) for f in casa.figures} == {(1300.0, "MW"), (970.0, "km")}
    by_value = {f.value: f for f in kambarata.figures}
    assert by_value[1860.0].source_id != by_value[1900.0].source_id
    assert str(by_value[1860.0].source_date) == "2024-06-10"
    assert str(by_value[1900.0].source_date) == "2024-06-12"


def test_candidates_are_listed_and_found_with_their_articles_and_figures(engine: Engine, tmp_path: Path) -> None:
    _store(engine, tmp_path, "one.txt", _ONE)
    _store(engine, tmp_path, "two.txt", _TWO)
    with read_session(engine) as session:
        listed = list_candidate_projects(session=session, limit=10)
        found = find_candidate_projects(session=session, text="datka sughd")
        nothing = find_candidate_projects(session=session, text="rogun")
    assert [(c.name, c.kind, c.article_count) for c in listed] == [("Datka–Sughd 500 kV line", "line", 2)]
    assert [c.key for c in found] == ["datkasughd:line"]
    assert {(f.value, f.unit) for f in found[0].figures} == {(200.0, "km"), (500.0, "kV")}
    assert [str(a.date) for a in found[0].articles] == ["2024-06-12", "2024-06-10"]  # newest first
    assert nothing == []


def test_migration_gives_old_figures_the_one_project_of_their_article(db_url: str) -> None:
    engine = create_engine_for(db_url)
    try:
        upgrade(engine, "0012")
        with write_session(engine) as session:
            for i in (1, 2):
                session.execute(text(
                    "INSERT INTO articles (id, sha256, file, title, language, body, signature, ingested_at, updated_at)"
                    " VALUES (:i, :h, 'f', 't', 'en', 'b', '', '2024-01-01', '2024-01-01')"), {"i": i, "h": f"h{i}"})
                session.execute(
                    text("INSERT INTO figures (article_id, value, unit, text) VALUES (:i, 1, 'MW', '1 MW')"), {"i": i}
                )
            session.execute(text("INSERT INTO projects (id, slug, names, countries) VALUES (1, 'a', '{}', '[]'),"
                                 " (2, 'b', '{}', '[]')"))
            session.execute(text("INSERT INTO article_projects (article_id, project_id) VALUES (1, 1), (2, 1), (2, 2)"))
        upgrade(engine, "0013")
        with engine.connect() as conn:
            rows = dict(conn.execute(text("SELECT article_id, project FROM figures")).all())
        assert rows == {1: "a", 2: None}
    finally:
        engine.dispose()


def test_migration_0019_attributes_stored_figures_and_finds_candidates(db_url: str) -> None:
    engine = create_engine_for(db_url)
    try:
        upgrade(engine, "0018")
        body = _ONE.split("\n\n", 1)[1]
        with write_session(engine) as session:
            session.execute(text(
                "INSERT INTO articles (id, sha256, file, title, language, body, signature, ingested_at, updated_at)"
                " VALUES (1, 'h', 'f', :t, 'en', :b, '', '2024-01-01', '2024-01-01')"), {"t": _ONE.split("\n\n")[0],
                                                                                         "b": body})
            for value, unit in ((1860, "MW"), (1300, "MW"), (970, "km")):  # as stored before: no project
                session.execute(text("INSERT INTO figures (article_id, value, unit, text) VALUES (1, :v, :u, :t)"),
                                {"v": value, "u": unit, "t": f"{value:,} {unit}"})
        upgrade(engine, "0019")
        with engine.connect() as conn:
            figures = {(v, u): p for v, u, p in conn.execute(text("SELECT value, unit, project FROM figures"))}
            candidates = conn.execute(text("SELECT c.key FROM candidate_projects c JOIN article_candidates a"
                                           " ON a.candidate_id = c.id WHERE a.article_id = 1")).scalars().all()
        assert figures[(1860.0, "MW")] == "kambarata-hpp-1"
        assert figures[(1300.0, "MW")] == "casa-1000" and figures[(970.0, "km")] == "casa-1000"
        assert candidates == ["datkasughd:line"]
    finally:
        engine.dispose()


def test_the_catalog_adopts_a_candidate_with_its_articles_and_figures(engine: Engine, tmp_path: Path,
                                                                      monkeypatch) -> None:
    _store(engine, tmp_path, "one.txt", _ONE)
    _store(engine, tmp_path, "two.txt", _TWO)
    known = load_catalog()
    line = Project(slug="datka-sughd", kind="transmission-line", names={"en": "Datka–Sughd line"},
                   aliases=("Datka-Sughd line", "Datka–Sughd 500 kV line"), countries=("KG", "TJ"), capacity=None)
    monkeypatch.setattr(candidates, "load_catalog", lambda: Catalog([*known.projects, line]))
    monkeypatch.setattr(links, "load_catalog", lambda: Catalog([*known.projects, line]))
    with read_session(engine) as session:
        adoptable = adoptable_candidates(session=session)
    assert [(key, slug) for _, key, slug in adoptable] == [("datkasughd:line", "datka-sughd")]
    with write_session(engine) as session:
        assert adopt_candidates(session=session, adoptable=adoptable) == 1
    with read_session(engine) as session:
        card = summarize_project(session=session, slug="datka-sughd")
        assert list_candidate_projects(session=session, limit=5) == []
    assert card.article_count == 2
    assert {(f.value, f.unit) for f in card.figures} == {(200.0, "km"), (500.0, "kV")}
