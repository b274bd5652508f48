"""End to end: a weekly subscription, its weekday (/digestday, admin-only in groups) and the weekly digest, grouped
by project and led by the week's events, delivered through the outbox."""

from __future__ import annotations

import asyncio
import shutil

import pytest

from emulator import Chat, User
from storage.engine import read_session
from storage.outbox import outbox_counts
from tests.storage.test_weekly import RECENT
from tests.support.articles import write_articles
from tests.support.botkit import running_bot
from tests.support.paths import SEEDS
from ui.i18n import tr

BORIS = User(id=701, first_name="Борис", language_code="ru")
ALICE = User(id=702, first_name="Alice", language_code="en")
FAST = {"SEEDS_POLL_SECONDS": 30.0, "DELIVERY_POLL_SECONDS": 0.2, "DELIVERY_BACKOFF_SECONDS": 0.05}


@pytest.fixture
async def bot(tmp_path):
    seeds = tmp_path / "inbox"
    shutil.copytree(SEEDS, seeds)
    write_articles(seeds, RECENT)
    async with running_bot(tmp_path, seeds=seeds, **FAST) as running:
        yield running


async def _drained(bot) -> None:
    engine = bot.app.bot_data["deps"].engine
    for _ in range(200):
        with read_session(engine) as session:
            counts = outbox_counts(session=session)
        if counts.pending == 0 and counts.sending == 0:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(counts)


async def test_weekly_subscription_day_and_digest(bot) -> None:
    ru = tr("ru")
    chat = Chat.for_user(BORIS)
    subscribed = str((await bot.say(chat, BORIS, "/subscribe project Рогун weekly"))[0].params["text"])
    assert "еженедельный дайджест" in subscribed and "понедельник" in subscribed and "/digestday" in subscribed
    assert bot.app.job_queue.get_jobs_by_name(f"digest:{chat.id}")
    listed = str((await bot.say(chat, BORIS, "/subscriptions"))[0].params["text"])
    assert ru("weekly digest") in listed
    day = str((await bot.say(chat, BORIS, "/digestday пятница"))[0].params["text"])
    assert day == ru("Weekly digest on {day} at {time} ({timezone}).").format(day="пятница", time="08:00",
                                                                           timezone="UTC")
    bad = str((await bot.say(chat, BORIS, "/digestday someday"))[0].params["text"])
    assert "/digestday 5" in bad
    before = len(bot.emu.calls)
    await bot.say(chat, BORIS, "/digest", expect=0)
    await _drained(bot)
    sent = [str(c.params["text"]) for c in bot.emu.calls_to("sendMessage", chat.id, ok=True, since=before)]
    weekly = next(t for t in sent if "Еженедельный дайджест" in t)
    assert "<b>Рогунская ГЭС</b>" in weekly and "⚡" in weekly
    assert weekly.index("⚡") < weekly.index('<a href="https://kabar.example.test/rogun-week">')


async def test_digestday_in_a_group_is_for_admins(bot) -> None:
    group = Chat(id=-7001, type="supergroup", title="Energy desk")
    refused = str((await bot.say(group, ALICE, "/digestday monday"))[0].params["text"])
    assert "administrators" in refused
    bot.emu.set_member_status(group.id, ALICE.id, "administrator")
    accepted = str((await bot.say(group, ALICE, "/digestday monday"))[0].params["text"])
    assert accepted.startswith("Weekly digest on Monday")
