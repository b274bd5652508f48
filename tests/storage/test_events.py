"""Events stored once with all their sources, the timeline, lead events and the back-fill; on each configured
backend, with articles written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine, text

from ingest.pipeline import parse_bytes
from storage.engine import read_session, write_session
from storage.events import backfill_events
from storage.timeline import is_reported_before, lead_events, list_recent_events, list_timeline
from storage.writes import store_article

SIGNED_EN = (" date 2025-03-14\nTajikistan and Kyrgyzstan sign a CASA-1000 memorandum\n\n"
             "Tajikistan and Kyrgyzstan signed a memorandum on the joint operation of the CASA-1000 line in "
             "Dushanbe. The ministers praised the work of the engineers.\n\nThe line is due to open next year.")
SIGNED_RU = (" date 2025-03-15\nТаджикистан и Кыргызстан подписали меморандум по CASA-1000\n\n"
             "Таджикистан и Кыргызстан подписали меморандум о совместной эксплуатации линии CASA-1000. "
             "Министры высоко оценили работу инженеров.\n\nЛинию планируют открыть в следующем году.")
LOAN = (" date 2025-06-03\nWorld Bank approves loan for Rogun\n\n"
        "The World Bank approved a $250 million loan to Tajikistan for the Rogun HPP. "
        "The money will pay for the turbines.\n\nWork continues at the site.")
SIGNED_LATER = (" date 2025-09-20\nNew CASA-1000 memorandum\n\n"
                "Tajikistan and Kyrgyzstan signed another memorandum on CASA-1000 tariffs. "
                "It replaces the rules of the previous year.\n\nOfficials gave no details.")
MEET_KZ_AZ = (" date 2025-04-02\nKazakhstan and Azerbaijan hold energy talks\n\n"
              "The energy ministers of Kazakhstan and Azerbaijan held talks in Baku. "
              "They praised the progress made.\n\nNo documents were signed.")
MEET_KZ_UZ = (" date 2025-04-02\nKazakhstan and Uzbekistan hold energy talks\n\n"
              "The energy ministers of Kazakhstan and Uzbekistan held talks in Tashkent. "
              "They praised the progress made.\n\nNo documents were signed.")


def _store(engine: Engine, tmp_path: Path, name: str, body: str) -> int:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    with write_session(engine) as session:
        result = store_article(session=session, parsed=parse_bytes(body.encode(), file=name), source_path=path)
    assert result.article_id is not None
    return result.article_id


def test_one_event_reported_in_two_languages_is_one_timeline_line(engine: Engine, tmp_path: Path) -> None:
    en = _store(engine, tmp_path, "en.txt", SIGNED_EN)
    ru = _store(engine, tmp_path, "ru.txt", SIGNED_RU)
    later = _store(engine, tmp_path, "later.txt", SIGNED_LATER)
    with read_session(engine) as session:
        page = list_timeline(session=session, project="casa-1000", limit=10)
        by_country = list_timeline(session=session, country="TJ", limit=10)
    assert page.total == 2
    newest, signing = page.events
    assert (newest.kind, newest.date, newest.article_ids) == ("agreement", date(2025, 9, 20), [later])
    assert (signing.kind, signing.date, signing.source_count) == ("agreement", date(2025, 3, 14), 2)
    assert signing.article_ids == [en, ru]
    assert set(signing.countries) == {"TJ", "KG"} and signing.projects == ["casa-1000"]
    assert [e.id for e in by_country.events] == [newest.id, signing.id]


def test_arguments_and_paging(engine: Engine, tmp_path: Path) -> None:
    _store(engine, tmp_path, "loan.txt", LOAN)
    _store(engine, tmp_path, "en.txt", SIGNED_EN)
    _store(engine, tmp_path, "later.txt", SIGNED_LATER)
    with read_session(engine) as session:
        [loan] = list_timeline(session=session, project="rogun-hpp", limit=10).events
        first = list_timeline(session=session, country="TJ", limit=2)
        second = list_timeline(session=session, country="TJ", limit=2, offset=2)
    assert loan.kind == "financing" and loan.amounts == [(250e6, "USD")] and loan.organizations[0] == "World Bank"
    assert first.total == 3 and [e.date for e in first.events] == [date(2025, 9, 20), date(2025, 6, 3)]
    assert [e.date for e in second.events] == [date(2025, 3, 14)]


def test_meetings_of_different_country_pairs_stay_apart(engine: Engine, tmp_path: Path) -> None:
    _store(engine, tmp_path, "az.txt", MEET_KZ_AZ)
    _store(engine, tmp_path, "uz.txt", MEET_KZ_UZ)
    with read_session(engine) as session:
        page = list_timeline(session=session, country="KZ", limit=10)
    assert page.total == 2 and all(e.kind == "meeting" and e.source_count == 1 for e in page.events)


def test_lead_events_and_one_alert_per_event(engine: Engine, tmp_path: Path) -> None:
    en = _store(engine, tmp_path, "en.txt", SIGNED_EN)
    ru = _store(engine, tmp_path, "ru.txt", SIGNED_RU)
    loan = _store(engine, tmp_path, "loan.txt", LOAN)
    with read_session(engine) as session:
        leads = lead_events(session=session, article_ids=[en, ru, loan])
        assert leads[en].id == leads[ru].id and leads[loan].kind == "financing"
        assert not is_reported_before(session=session, article_id=en)
        assert is_reported_before(session=session, article_id=ru)
        assert not is_reported_before(session=session, article_id=loan)
        recent = list_recent_events(session=session, since=date(2025, 3, 1))
        assert [e.kind for e in recent] == ["agreement", "financing"]  # the most reported first
        assert list_recent_events(session=session, since=date(2025, 3, 1), projects=["rogun-hpp"])[0].id == \
            leads[loan].id


def test_a_changed_article_takes_its_source_away(engine: Engine, tmp_path: Path) -> None:
    _store(engine, tmp_path, "en.txt", SIGNED_EN)
    _store(engine, tmp_path, "ru.txt", SIGNED_RU)
    path = tmp_path / "ru.txt"
    changed = SIGNED_RU.replace("подписали меморандум", "обсудили меморандум")
    path.write_text(changed, encoding="utf-8")
    with write_session(engine) as session:
        store_article(session=session, parsed=parse_bytes(changed.encode(), file="ru.txt"), source_path=path)
    with read_session(engine) as session:
        [signing] = [e for e in list_timeline(session=session, project="casa-1000", limit=10).events
                     if e.kind == "agreement"]
    assert signing.source_count == 1


def test_backfill_extracts_the_events_of_articles_stored_before(engine: Engine, tmp_path: Path) -> None:
    _store(engine, tmp_path, "en.txt", SIGNED_EN)
    _store(engine, tmp_path, "ru.txt", SIGNED_RU)
    _store(engine, tmp_path, "loan.txt", LOAN)
    with write_session(engine) as session:
        for table in ("event_sources", "event_subjects", "event_scans", "events"):
            session.execute(text(f"DELETE FROM {table}"))
    with write_session(engine) as session:
        assert backfill_events(session=session, limit=2) == 2
    with write_session(engine) as session:
        assert backfill_events(session=session) == 1
        assert backfill_events(session=session) == 0
    with read_session(engine) as session:
        [signing] = list_timeline(session=session, project="casa-1000", limit=10).events
        [loan] = list_timeline(session=session, project="rogun-hpp", limit=10).events
    assert signing.source_count == 2 and loan.amounts == [(250e6, "USD")]


def test_seed_articles_have_events(seeded_engine: Engine) -> None:
    with read_session(seeded_engine) as session:
        kyrgyzstan = list_timeline(session=session, country="KG", limit=10)
        kazakhstan = list_timeline(session=session, country="KZ", limit=10)
    assert any(e.kind == "meeting" and e.date == date(2024, 2, 17) for e in kyrgyzstan.events)
    assert any(e.kind == "agreement" for e in kazakhstan.events)


def test_an_ingest_fills_the_events_of_articles_stored_before(engine: Engine, tmp_path: Path) -> None:
    from scan import run_ingest
    from tests.support.db import copy_seeds

    inbox = copy_seeds(tmp_path / "inbox")
    run_ingest(engine=engine, directory=inbox, workers=1, settle_seconds=0)
    with read_session(engine) as session:
        before = list_timeline(session=session, country="KG", limit=50)
    with write_session(engine) as session:  # as a store migrated to 0015 holds them: articles, no events
        for table in ("event_sources", "event_subjects", "event_scans", "events"):
            session.execute(text(f"DELETE FROM {table}"))
    report = run_ingest(engine=engine, directory=inbox, workers=1, settle_seconds=0)
    with read_session(engine) as session:
        after = list_timeline(session=session, country="KG", limit=50)
    assert report.new == 0 and before.total > 0
    assert [(e.kind, e.date, e.article_ids) for e in after.events] == \
        [(e.kind, e.date, e.article_ids) for e in before.events]


def test_one_alert_per_chat_and_event(engine: Engine, tmp_path: Path) -> None:
    from storage.digests import queue_alerts
    from storage.subscriptions import subscribe
    from storage.timeline import lead_event_id

    with write_session(engine) as session:
        subscribe(session=session, chat_id=77, chat_type="private", title=None, topic="project", key="casa-1000",
                  mode="instant")
    en = _store(engine, tmp_path, "en.txt", SIGNED_EN)
    ru = _store(engine, tmp_path, "ru.txt", SIGNED_RU)
    later = _store(engine, tmp_path, "later.txt", SIGNED_LATER)
    with write_session(engine) as session:
        assert lead_event_id(session=session, article_id=en) == lead_event_id(session=session, article_id=ru)
        queued = [queue_alerts(session=session, article_id=a, story_id=a, projects=["casa-1000"], countries=[])
                  for a in (en, ru, later)]
    assert queued == [1, 0, 1]  # the Russian report of the same signing gives no second alert
