"""The weekly digest: the week's stories of a chat's weekly subscriptions grouped by project, led by the week's
events, queued once a week; daily digests and schedules count weekly subscriptions as digests (both backends)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from storage.base import utcnow
from storage.engine import read_session, write_session
from storage.outbox import OutboxItem
from storage.subscriptions import Mode, chats_with_daily, digest_schedules, subscribe
from storage.weekly import queue_weekly, weekly_groups
from tests.support.articles import ARTICLES, ROGUN_RU, Written, ingest_articles
from ui.i18n import tr
from ui.weekly import parse_weekday, weekday_name, weekly_digest_text

CHAT = 4242
TODAY = date.today()
RECENT = (Written("w1", "Таджикистан получит 350 млн долларов на Рогунскую ГЭС", TODAY - timedelta(days=1), "Kabar",
                  ROGUN_RU, "https://kabar.example.test/rogun-week"),)


@pytest.fixture
def store(engine: Engine, tmp_path: Path) -> Engine:
    ingest_articles(engine, tmp_path / "inbox", ARTICLES[3:] + RECENT)  # two CASA-1000 articles, a Rogun one
    return engine


def _subscribe(engine: Engine, topic: str, key: str, mode: str = Mode.WEEKLY) -> None:
    with write_session(engine) as session:
        subscribe(session=session, chat_id=CHAT, chat_type="private", title=None, topic=topic, key=key, mode=mode)


def test_weekly_groups_by_project_with_events_first(store: Engine) -> None:
    _subscribe(store, "country", "TJ")
    with read_session(store) as session:
        groups = weekly_groups(session=session, chat_id=CHAT, until=utcnow())
    by_key = {g.key: g for g in groups}
    assert set(by_key) == {"rogun-hpp", "casa-1000"}  # a country subscription, grouped by project
    assert [e.article.title[:11] for e in by_key["rogun-hpp"].entries] == ["Таджикистан"]
    assert [e.kind for e in by_key["rogun-hpp"].events] == ["financing"]  # this week's event leads the group
    assert not by_key["casa-1000"].events  # its articles are dated April 2025: no event this week
    text = weekly_digest_text(tr("ru"), groups, TODAY)
    assert text.startswith("🗞 <b>Еженедельный дайджест Energy Bridge</b>")
    rogun = text[text.index("Рогунская ГЭС"):]
    assert rogun.index("⚡") < rogun.index('<a href="https://kabar.example.test/rogun-week">')


def test_only_weekly_subscriptions_and_only_the_last_seven_days(store: Engine) -> None:
    _subscribe(store, "project", "rogun-hpp", Mode.DAILY)
    with read_session(store) as session:
        assert weekly_groups(session=session, chat_id=CHAT, until=utcnow()) == []
    _subscribe(store, "project", "casa-1000")
    with read_session(store) as session:
        assert [g.key for g in weekly_groups(session=session, chat_id=CHAT, until=utcnow())] == ["casa-1000"]
        assert weekly_groups(session=session, chat_id=CHAT, until=utcnow() + timedelta(days=8)) == []
        assert chats_with_daily(session=session) == [CHAT]
        assert CHAT in digest_schedules(session=session)


def test_a_weekly_digest_is_queued_once_a_week(store: Engine) -> None:
    _subscribe(store, "all", "")
    with write_session(store) as session:
        assert queue_weekly(session=session, chat_id=CHAT, week="2026-W49", parts=["a", "b"]) == 2
    with write_session(store) as session:
        assert queue_weekly(session=session, chat_id=CHAT, week="2026-W49", parts=["a", "b"]) == 0
        assert queue_weekly(session=session, chat_id=CHAT, week="2026-W50", parts=["a"]) == 1
    with read_session(store) as session:
        assert len(session.exec(select(OutboxItem.id).where(OutboxItem.chat_id == CHAT)).all()) == 3


def test_weekdays_in_every_language() -> None:
    assert [parse_weekday(x) for x in ("Monday", "fri", "пятница", "жұма", "ҷумъа", "juma", "cümə", "7", "0")] == [
        0, 4, 4, 4, 4, 4, 4, 6, None]
    assert weekday_name(tr("kk"), 4) == "жұма" and weekday_name(tr("en"), 0) == "Monday"
