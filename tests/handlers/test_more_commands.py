"""More end-to-end behaviour: project choices, channels, group migration, scheduled digests, token hygiene."""

from __future__ import annotations

import logging
import time

import pytest

from bot.cli.startup import RedactSecrets
from emulator import Chat, User
from tests.support.botkit import running_bot

ALICE = User(id=901, first_name="Alice", language_code="en")


@pytest.fixture
async def bot(tmp_path):
    async with running_bot(tmp_path, SEEDS_SETTLE_SECONDS=0.0, DELIVERY_POLL_SECONDS=0.2) as running:
        yield running


async def test_several_matches_offer_a_choice(bot) -> None:
    chat = Chat.for_user(ALICE)
    replies = await bot.say(chat, ALICE, "/project corridor")
    markup = replies[0].params["reply_markup"]["inline_keyboard"]
    labels = [row[0]["text"] for row in markup]
    assert len(labels) >= 2 and any("Southern Gas Corridor" in label for label in labels)
    data = next(row[0]["callback_data"] for row in markup if "Southern" in row[0]["text"])
    message_id = replies[0].response["result"]["message_id"]
    edited = await bot.press(chat, ALICE, message_id, data)
    assert edited[0].method == "editMessageText"
    assert "Southern Gas Corridor" in str(edited[0].params["text"]) and "Azernews" in str(edited[0].params["text"])


async def test_commands_in_a_channel(bot) -> None:
    channel = Chat(id=-1004242, type="channel", title="Energy wire", username="energywire")
    before = len(bot.emu.calls)
    bot.emu.post_channel(channel, "/latest 1")
    await bot.emu.wait_for(lambda: bot.emu.calls_to("sendMessage", channel.id, since=before), timeout=10)
    assert bot.emu.calls_to("sendMessage", channel.id)[0].ok


async def test_group_keeps_settings_when_it_becomes_a_supergroup(bot) -> None:
    group = Chat(id=-300, type="group", title="Desk")
    bot.emu.set_member_status(group.id, ALICE.id, "administrator")  # a group's language is its admins' to set
    await bot.say(group, ALICE, "/language kk")
    migration = {"message": {"message_id": 77, "date": int(time.time()), "chat": {"id": -300, "type": "group",
                                                                                   "title": "Desk"},
                             "from": {"id": ALICE.id, "is_bot": False, "first_name": "Alice"},
                             "migrate_to_chat_id": -100300}}
    bot.emu.add_update(migration)
    await bot.emu.wait_idle(timeout=5, quiet=0.3)
    supergroup = Chat(id=-100300, type="supergroup", title="Desk")
    replies = await bot.say(supergroup, User(id=902, first_name="Bob", language_code="en"), "/country TJ")
    assert "Тәжікстан" in str(replies[0].params["text"]).split("\n")[0]


async def test_scheduled_digest_job_sends_the_digest(bot) -> None:
    chat = Chat.for_user(ALICE)
    await bot.say(chat, ALICE, "/subscribe country Albania daily")
    (bot.settings.seeds_dir / "200_tap.txt").write_text(
        "TAP expands capacity\n\nThe Trans Adriatic Pipeline will add 1.2 bcm of capacity for Albania and Italy, "
        "Azernews reports.\n", encoding="utf-8")
    from bot.jobs import scan_now

    await scan_now(bot.app)
    job = bot.app.job_queue.get_jobs_by_name(f"digest:{chat.id}")[0]
    before = len(bot.emu.calls)
    await job.run(bot.app)  # what APScheduler does at 08:00 in the chat's time zone
    await bot.emu.wait_for(lambda: bot.emu.calls_to("sendMessage", chat.id, since=before), timeout=10)
    text = str(bot.emu.calls_to("sendMessage", chat.id, since=before)[0].params["text"])
    assert "TAP expands capacity" in text and "Albania" in text
    before = len(bot.emu.calls)
    await job.run(bot.app)  # a day with nothing new: nothing is sent
    await bot.emu.wait_idle(timeout=5, quiet=0.5)
    assert not bot.emu.calls_to("sendMessage", chat.id, since=before)


def test_token_is_redacted_from_logs(caplog) -> None:
    token = "123456789:SECRETsecretSECRETsecretSECRETsecr"
    logger = logging.getLogger("tests.redact")
    handler = logging.Handler()
    records: list[str] = []
    handler.emit = lambda record: records.append(record.getMessage())  # type: ignore[method-assign]
    handler.addFilter(RedactSecrets(token))
    logger.addHandler(handler)
    try:
        logger.warning("POST https://api.telegram.org/bot%s/getMe failed", token)
    finally:
        logger.removeHandler(handler)
    assert records and token not in records[0] and "<token>" in records[0]


async def test_alerts_in_the_subscribers_language_without_pinning_replies(bot) -> None:
    from bot.jobs import scan_now

    alibek = User(id=903, first_name="Әлібек", language_code="kk")
    chat = Chat.for_user(alibek)
    await bot.say(chat, alibek, "/subscribe all instant")
    (bot.settings.seeds_dir / "300_rogun.txt").write_text(
        "Rogun HPP fills its reservoir\n\nThe Rogun HPP in Tajikistan started filling its reservoir, Trend reports.\n",
        encoding="utf-8")
    before = len(bot.emu.calls)
    await scan_now(bot.app)
    await bot.emu.wait_for(lambda: bot.emu.calls_to("sendMessage", chat.id, since=before), timeout=10)
    alert = str(bot.emu.calls_to("sendMessage", chat.id, since=before)[0].params["text"])
    # The news first (its headline), then what it is about in the reader's language.
    assert alert.startswith("🔔 <b>Rogun HPP fills its reservoir</b>\nРогун СЭС · ")
    # The subscription did not pin the chat's language: the same user with a Russian client gets Russian.
    boris_client = User(id=903, first_name="Әлібек", language_code="ru")
    reply = await bot.say(chat, boris_client, "/country TJ")
    assert "Таджикистан" in str(reply[0].params["text"]).split("\n")[0]


async def test_a_language_chosen_through_another_worker_is_seen_within_the_ttl(bot, monkeypatch) -> None:
    import handlers.common
    from storage.chats import upsert_chat
    from storage.engine import write_session

    chat = Chat.for_user(User(id=904, first_name="Dana", language_code="en"))
    dana = User(id=904, first_name="Dana", language_code="en")
    assert "Tajikistan" in str((await bot.say(chat, dana, "/country TJ"))[0].params["text"])
    # Another worker (same database) handles "/language ru" for this chat.
    with write_session(bot.app.bot_data["deps"].engine) as session:
        upsert_chat(session=session, chat_id=chat.id, type="private", language="ru")
    # Within the TTL this worker answers from its cache, without reading the chat again ...
    assert "Tajikistan" in str((await bot.say(chat, dana, "/country TJ"))[0].params["text"])
    # ... and once the cached value is older than the TTL, it reads the new choice.
    monkeypatch.setattr(handlers.common, "CHAT_RECORD_TTL_S", 0.0)
    assert "Таджикистан" in str((await bot.say(chat, dana, "/country TJ"))[0].params["text"])


async def test_a_pause_made_by_another_worker_is_lifted_once_the_record_is_read_again(bot, monkeypatch) -> None:
    import handlers.general
    from storage.chats import get_chat, set_paused
    from storage.engine import read_session, write_session

    erlan = User(id=905, first_name="Erlan", language_code="ru")
    chat = Chat.for_user(erlan)
    engine = bot.app.bot_data["deps"].engine
    await bot.say(chat, erlan, "/subscribe all daily")
    # Another worker (same database) paused the chat after a failed delivery; this worker saw it as active.
    with write_session(engine) as session:
        assert set_paused(session=session, chat_id=chat.id, paused=True)
    await bot.say(chat, erlan, "/help")
    with read_session(engine) as session:
        record = get_chat(session=session, chat_id=chat.id)
        assert record is not None and record.paused  # within the TTL: not read again
    monkeypatch.setattr(handlers.general, "CHAT_RECORD_TTL_S", 0.0)
    await bot.say(chat, erlan, "/help")
    with read_session(engine) as session:
        record = get_chat(session=session, chat_id=chat.id)
        assert record is not None and not record.paused
