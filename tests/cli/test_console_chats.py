"""The console plays the chats a reader meets: one private chat per language (``ask --chat`` to pick one), a group,
a channel; ``energybridge chat`` shows alerts as they arrive; ``/press`` without a button does not crash."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.cli import main
from bot.console import console_session, deliveries, exchange, switch_role
from bot.settings import Settings
from tests.support.articles import ingest_articles

NEW_ARTICLE = """ date 2026-11-20 DUSHANBE, November 20 (Asia-Plus) — The Rogun HPP put its fourth turbine into \
service on Thursday, the Ministry of Energy and Water Resources of Tajikistan said.

The Rogun plant will reach 3,780 megawatts when all six units run; the dam keeps rising through the winter.
"""


@pytest.fixture
def settings(engine: Engine, db_url: str, tmp_path: Path) -> Settings:
    ingest_articles(engine, tmp_path / "inbox")
    return Settings(database_url=db_url, seeds_dir=tmp_path / "inbox", seeds_poll_seconds=0.3,
                    seeds_settle_seconds=0.0, delivery_poll_seconds=0.2)


def test_ask_keeps_one_chat_per_language_unless_told(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "/timezone UTC+5", "--lang", "ru"], settings=settings) == 0
    assert "UTC+5" in capsys.readouterr().out
    assert main(["ask", "/digesttime", "--lang", "kk"], settings=settings) == 0
    assert "(UTC)" in capsys.readouterr().out  # the Kazakh chat kept its own time zone
    assert main(["ask", "/digesttime", "--lang", "kk", "--chat", "1002"], settings=settings) == 0  # ru's chat
    assert "(UTC+5)" in capsys.readouterr().out


async def test_console_plays_a_group_and_a_channel(settings: Settings, engine: Engine) -> None:
    async with console_session(settings, engine, "ru", kind="group") as session:
        # A group: only commands and mentions (2 s of silence: a reply here comes in well under 1 s).
        assert await exchange(session, "Рогун", wait_seconds=2.0) == ["(no reply)"]
        mentioned = await exchange(session, "@EnergyBridgeBot Рогун")
        assert "Рогунская ГЭС" in mentioned[0]
        assert "channel" in switch_role(session, "channel") and session.chat.type == "channel"
        assert "/subscribe" in (await exchange(session, "/help"))[0]
        assert "private" in switch_role(session, "private") and session.chat.type == "private"
        assert await exchange(session, "/press 1") == ["(no such button)"]
        assert await exchange(session, "/press") != []


async def test_console_shows_an_alert_as_it_arrives(settings: Settings, engine: Engine) -> None:
    async with console_session(settings, engine, "en") as session:
        assert "Subscribed" in (await exchange(session, "/subscribe project Rogun instant"))[0]
        assert deliveries(session) == []
        (settings.seeds_dir / "rogun_turbine.txt").write_text(NEW_ARTICLE, encoding="utf-8")
        shown: list[str] = []
        for _ in range(150):
            shown += deliveries(session)
            if shown:
                break
            await asyncio.sleep(0.1)
    assert shown and "fourth turbine" in shown[0] and "Asia-Plus" in shown[0]
