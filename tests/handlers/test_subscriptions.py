"""End to end: subscriptions, instant alerts, digests and delivery faults through the Bot API emulator.

Every test runs on each configured backend (SQLite, and PostgreSQL when ``TEST_DATABASE_URL`` is set).
"""

from __future__ import annotations

import asyncio
import shutil

import pytest

from bot.jobs import scan_now
from emulator import Chat, User
from storage.chats import get_chat
from storage.engine import read_session
from storage.outbox import outbox_counts
from storage.subscriptions import list_subscriptions
from tests.support.botkit import running_bot
from ui.i18n import tr

ADMIN = User(id=42, first_name="Admin", language_code="en")
ALICE = User(id=601, first_name="Alice", language_code="en")
BOB = User(id=602, first_name="Bob", language_code="en")
CAROL = User(id=603, first_name="Carol", language_code="ru")

NEW_ARTICLE = """ date 2026-11-20 DUSHANBE, Tajikistan, November 20. The CASA-1000 line has started test \
transmissions of electricity from Tajikistan to Pakistan, Trend reports.

The Ministry of Energy and Water Resources of Tajikistan said that the first 100 megawatts crossed the border \
through Afghanistan on Thursday evening, after the last section of the 500 kV line was energised.

Engineers of the four countries will spend two weeks testing the converter stations before regular summer \
exports begin. The project will carry up to 1,300 megawatts of surplus summer hydropower to South Asia.
"""
NEAR_DUPLICATE = NEW_ARTICLE.replace("Trend reports", "Azernews reports") + "\nSubscribe to our Telegram channel\n"

FAST = {"SEEDS_POLL_SECONDS": 0.3, "SEEDS_SETTLE_SECONDS": 0.0, "DELIVERY_POLL_SECONDS": 0.2,
        "DELIVERY_BACKOFF_SECONDS": 0.05, "BOT_ADMIN_IDS": "42"}


@pytest.fixture
async def bot(tmp_path, db_url):
    async with running_bot(tmp_path, database_url=db_url, **FAST) as running:
        yield running


async def settled(engine, wait: float = 20.0) -> None:
    """Wait until the outbox has nothing pending or in flight."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    while loop.time() < deadline:
        with read_session(engine) as session:
            counts = outbox_counts(session=session)
        if counts.pending == 0 and counts.sending == 0:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"outbox not drained: {counts}")


def texts(bot, chat_id: int) -> list[str]:
    return [str(c.params["text"]) for c in bot.emu.calls_to("sendMessage", chat_id, ok=True)]


async def test_instant_alert_once_digest_with_all_sources(bot) -> None:
    alice, bob, carol = Chat.for_user(ALICE), Chat.for_user(BOB), Chat.for_user(CAROL)
    assert "Subscribed" in str((await bot.say(alice, ALICE, "/subscribe project CASA1000 instant"))[0].params["text"])
    await bot.say(bob, BOB, "/subscribe country AL instant")
    await bot.say(carol, CAROL, "/subscribe project КАСА-1000 daily")

    (bot.settings.seeds_dir / "100_casa.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    await bot.emu.wait_for(lambda: any("CASA-1000 line has started" in t for t in texts(bot, alice.id)), timeout=10)
    # A copy under another name and a near-duplicate from another outlet: no second alert.
    shutil.copy(bot.settings.seeds_dir / "100_casa.txt", bot.settings.seeds_dir / "101_copy.txt")
    (bot.settings.seeds_dir / "102_other_outlet.txt").write_text(NEAR_DUPLICATE, encoding="utf-8")
    report = await scan_now(bot.app)
    assert report.duplicate == 1 and report.near_duplicate == 1
    await bot.emu.wait_idle(timeout=5, quiet=0.8)
    alerts = [t for t in texts(bot, alice.id) if "🔔" in t]
    assert len(alerts) == 1 and "/article_" in alerts[0] and "November 20, 2026" in alerts[0]
    assert not [t for t in texts(bot, bob.id) if "🔔" in t]

    digest = await bot.say(carol, CAROL, "/digest")
    text = str(digest[0].params["text"])
    assert "CASA-1000 line has started" in text and "Azernews" in text and "Trend" in text
    assert text.count("CASA-1000 line has started") == 1
    again = await bot.say(carol, CAROL, "/digest")
    assert str(again[0].params["text"]) == tr("ru")("Nothing new since the last digest.")


async def test_delivery_faults_are_handled_and_others_still_served(bot) -> None:
    users = {name: User(id=700 + i, first_name=name) for i, name in enumerate(
        ["limited", "flaky", "blocked", "migrating", "long", "normal"])}
    for user in users.values():
        await bot.say(Chat.for_user(user), user, "/subscribe all instant")
    emu = bot.emu
    emu.fail_chat(users["limited"].id, "retry_after", times=1, retry_after=1)
    emu.fail_chat(users["flaky"].id, "server_error", times=2)
    emu.fail_chat(users["blocked"].id, "blocked")
    emu.fail_chat(users["migrating"].id, "migrated", times=1, migrate_to_chat_id=-100777)
    emu.fail_chat(users["long"].id, "too_long", max_length=300)
    (bot.settings.seeds_dir / "100_casa.txt").write_text(NEW_ARTICLE, encoding="utf-8")

    await emu.wait_for(lambda: texts(bot, users["normal"].id) and texts(bot, users["flaky"].id)
                       and texts(bot, users["limited"].id) and emu.calls_to("sendMessage", -100777, ok=True)
                       and len(texts(bot, users["long"].id)) >= 2, timeout=20)
    engine = bot.app.bot_data["deps"].engine
    await settled(engine)
    with read_session(engine) as session:
        blocked = get_chat(session=session, chat_id=users["blocked"].id)
        assert blocked is not None and blocked.paused
        assert list_subscriptions(session=session, chat_id=users["blocked"].id)  # paused, not deleted
        assert list_subscriptions(session=session, chat_id=-100777)  # re-keyed to the supergroup
        assert not list_subscriptions(session=session, chat_id=users["migrating"].id)
        counts = outbox_counts(session=session)
    assert counts.pending == 0 and counts.sending == 0
    for name in ("normal", "flaky", "limited"):
        assert len([t for t in texts(bot, users[name].id) if "🔔" in t]) == 1, name
    assert all(len(t) <= 300 for t in texts(bot, users["long"].id)[-2:])

    emu.clear_faults()
    await bot.say(Chat.for_user(users["blocked"]), users["blocked"], "/help")
    with read_session(engine) as session:
        back = get_chat(session=session, chat_id=users["blocked"].id)
        assert back is not None and not back.paused


async def test_group_subscriptions_need_an_admin(bot) -> None:
    group = Chat(id=-5001, type="supergroup", title="Energy desk")
    refused = await bot.say(group, ALICE, "/subscribe all daily")
    assert "administrators" in str(refused[0].params["text"])
    bot.emu.set_member_status(group.id, ALICE.id, "administrator")
    accepted = await bot.say(group, ALICE, "/subscribe all daily")
    assert "Subscribed" in str(accepted[0].params["text"])
    assert bot.app.job_queue.get_jobs_by_name(f"digest:{group.id}")


async def test_channel_subscription_checks_both_admins(bot) -> None:
    channel = Chat(id=-1009001, type="channel", title="Energy news", username="energychan")
    bot.emu.add_chat(channel)
    bot.emu.set_member_status(channel.id, bot.emu.bot_id, "member")
    chat = Chat.for_user(ALICE)
    refused = await bot.say(chat, ALICE, "/subscribe project TAP instant in @energychan")
    assert "not an administrator" in str(refused[0].params["text"])
    bot.emu.set_member_status(channel.id, bot.emu.bot_id, "administrator")
    refused = await bot.say(chat, ALICE, "/subscribe project TAP instant in @energychan")
    assert "Only administrators" in str(refused[0].params["text"])
    bot.emu.set_member_status(channel.id, ALICE.id, "creator")
    accepted = await bot.say(chat, ALICE, "/subscribe project TAP instant in @energychan")
    assert "Subscribed" in str(accepted[0].params["text"])
    with read_session(bot.app.bot_data["deps"].engine) as session:
        assert [s.key for s in list_subscriptions(session=session, chat_id=channel.id)] == ["tap"]


async def test_time_settings_and_bad_input(bot) -> None:
    chat = Chat.for_user(ALICE)
    bad = await bot.say(chat, ALICE, "/timezone Mars/Olympus")
    assert "Almaty" in str(bad[0].params["text"]) and "UTC+5" in str(bad[0].params["text"])
    assert "HH:MM" in str((await bot.say(chat, ALICE, "/digesttime 25:99"))[0].params["text"])
    assert "Usage" in str((await bot.say(chat, ALICE, "/subscribe"))[0].params["text"])
    assert "not found" in str((await bot.say(chat, ALICE, "/subscribe project Atlantis"))[0].params["text"])
    await bot.say(chat, ALICE, "/subscribe country Тәжікстан")
    await bot.say(chat, ALICE, "/timezone asia/almaty")
    await bot.say(chat, ALICE, "/digesttime 7:05")
    job = bot.app.job_queue.get_jobs_by_name(f"digest:{chat.id}")[0]
    trigger = str(job.job.trigger)
    assert str(job.job.trigger.timezone) == "Asia/Almaty" and "hour='7'" in trigger and "minute='5'" in trigger
    listing = await bot.say(chat, ALICE, "/subscriptions")
    assert "Tajikistan" in str(listing[0].params["text"])
    button = listing[0].params["reply_markup"]["inline_keyboard"][0][0]
    message_id = listing[0].response["result"]["message_id"]
    await bot.press(chat, ALICE, message_id, button["callback_data"])
    assert not bot.app.job_queue.get_jobs_by_name(f"digest:{chat.id}") or all(
        j.removed for j in bot.app.job_queue.get_jobs_by_name(f"digest:{chat.id}"))


async def test_admin_status_and_reload(bot) -> None:
    chat = Chat.for_user(ADMIN)
    assert "administrators" in str((await bot.say(Chat.for_user(ALICE), ALICE, "/status"))[0].params["text"])
    (bot.settings.seeds_dir / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    reload = await bot.say(chat, ADMIN, "/reload")
    assert "1 quarantined" in str(reload[0].params["text"])
    status = str((await bot.say(chat, ADMIN, "/status"))[0].params["text"])
    assert "Quarantined files: 1" in status and "bad.txt" in status and "Articles: 5" in status


async def test_digest_schedules_survive_a_restart(tmp_path, db_url) -> None:
    async with running_bot(tmp_path, database_url=db_url, **FAST) as first:
        await first.say(Chat.for_user(ALICE), ALICE, "/subscribe project TAP daily")
    async with running_bot(tmp_path / "again", database_url=db_url, **FAST) as second:
        assert second.app.job_queue.get_jobs_by_name(f"digest:{ALICE.id}")
