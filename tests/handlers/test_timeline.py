"""End to end: /timeline and the card's timeline button, through the real Application and the Bot API emulator
(on the seeds: seed 000 reports talks on CASA-1000 on 2024-02-17, seed 001 in Kazakh on 2026-03-07)."""

from __future__ import annotations

import asyncio

import pytest

from emulator import Chat, User
from tests.support.botkit import running_bot

ALICE = User(id=601, first_name="Alice", language_code="en")
BORIS = User(id=603, first_name="Борис", language_code="ru-RU")


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


SIGNED_EN = ("Tajikistan and Kyrgyzstan sign a CASA-1000 memorandum\n\n"
             "Tajikistan and Kyrgyzstan signed a memorandum on the joint operation of the CASA-1000 line, Trend "
             "reports.\n\nThe line is due to open next year.\n")
SIGNED_RU = ("Таджикистан и Кыргызстан подписали меморандум по CASA-1000\n\n"
             "Таджикистан и Кыргызстан подписали меморандум о совместной эксплуатации линии CASA-1000.\n\n"
             "Линию планируют открыть в следующем году.\n")


@pytest.fixture
async def fast_bot(tmp_path):
    async with running_bot(tmp_path, SEEDS_SETTLE_SECONDS=0.0, DELIVERY_POLL_SECONDS=0.2) as running:
        yield running


async def test_alerts_and_digests_lead_with_the_event_once(fast_bot) -> None:
    from bot.jobs import scan_now

    bot = fast_bot
    alerts, daily = Chat.for_user(ALICE), Chat.for_user(BORIS)
    await bot.say(alerts, ALICE, "/subscribe project CASA-1000 instant")
    await bot.say(daily, BORIS, "/subscribe project CASA-1000 daily")
    (bot.settings.seeds_dir / "400_signed_en.txt").write_text(SIGNED_EN, encoding="utf-8")
    (bot.settings.seeds_dir / "401_signed_ru.txt").write_text(SIGNED_RU, encoding="utf-8")
    before = len(bot.emu.calls)
    await scan_now(bot.app)
    await bot.emu.wait_for(lambda: bot.emu.calls_to("sendMessage", alerts.id, since=before), timeout=10)
    await asyncio.sleep(1.0)  # a second alert, if any, would be sent by now
    sent = bot.emu.calls_to("sendMessage", alerts.id, since=before)
    assert len(sent) == 1  # two articles in two languages on one signing: one alert
    assert _text(sent[0]).startswith("🔔 <b>Agreement signed: CASA-1000</b>")
    digest = await bot.say(daily, BORIS, "/digest")
    text = "\n".join(_text(c) for c in digest)
    assert text.count("Подписано соглашение: CASA-1000") == 1
