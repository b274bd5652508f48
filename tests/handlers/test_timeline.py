"""End to end: /timeline and the card's timeline button, through the real Application and the Bot API emulator
(on the seeds: seed 000 reports talks on CASA-1000 on 2024-02-17, seed 001 in Kazakh on 2026-03-07)."""

from __future__ import annotations

import pytest

from emulator import Chat, User
from tests.support.botkit import running_bot

ALICE = User(id=601, first_name="Alice", language_code="en")
BORIS = User(id=603, first_name="Борис", language_code="ru-RU")


@pytest.fixture
async def bot(tmp_path):
    async with running_bot(tmp_path) as running:
        yield running


def _text(call) -> str:
    return str(call.params["text"])


async def test_a_projects_events_newest_first_with_their_sources(bot) -> None:
    [reply] = await bot.say(Chat.for_user(ALICE), ALICE, "/timeline CASA-1000")
    text = _text(reply)
    assert reply.ok and reply.params["parse_mode"] == "HTML"
    assert text.startswith("<b>Timeline: CASA-1000</b>")
    assert "<b>Talks held</b>" in text and "/article_" in text and "1 source" in text
    assert text.index("2026-03-07") < text.index("2024-02-17")  # newest first


async def test_in_the_readers_language_and_for_a_country(bot) -> None:
    [reply] = await bot.say(Chat.for_user(BORIS), BORIS, "/timeline КАСА-1000")
    assert "<b>Хроника: CASA-1000</b>" in _text(reply) and "Проведены переговоры" in _text(reply)
    [country] = await bot.say(Chat.for_user(ALICE), ALICE, "/timeline Kyrgyzstan")
    assert "<b>Timeline: Kyrgyzstan</b>" in _text(country) and "2024-02-17" in _text(country)


async def test_unknown_subject_and_usage(bot) -> None:
    [missing] = await bot.say(Chat.for_user(ALICE), ALICE, "/timeline Atlantis")
    assert "No project or country “Atlantis” found." in _text(missing)
    [usage] = await bot.say(Chat.for_user(ALICE), ALICE, "/timeline")
    assert "/timeline CASA-1000" in _text(usage)


async def test_the_project_card_opens_its_timeline(bot) -> None:
    chat = Chat.for_user(ALICE)
    [card] = await bot.say(chat, ALICE, "/project CASA-1000")
    buttons = [b for row in card.params["reply_markup"]["inline_keyboard"] for b in row]
    [button] = [b for b in buttons if b["text"] == "🕒 Timeline"]
    assert button["callback_data"] == "tl:p:casa-1000:0"
    edited = await bot.press(chat, ALICE, card.response["result"]["message_id"], button["callback_data"])
    assert edited[0].method == "editMessageText"
    assert _text(edited[0]).startswith("<b>Timeline: CASA-1000</b>")
