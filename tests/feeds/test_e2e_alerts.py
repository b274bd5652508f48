"""End to end: the bot's jobs poll a local site's feeds and ingest the new items, and an instant subscriber to
Tajikistan gets one alert per article (none twice after a second poll); /sources shows the feeds' health to admins
only."""

from __future__ import annotations

from pathlib import Path

from bot.jobs import poll_feeds_now, scan_now
from emulator import Chat, User
from feeds.config import Source, save_sources
from tests.feeds import site as S
from tests.support.botkit import running_bot
from tests.support.feedserver import FeedServer

ADMIN = User(id=42, first_name="Admin", language_code="en")
ALICE = User(id=611, first_name="Alice", language_code="ru")
FAST = {"SEEDS_POLL_SECONDS": 0.3, "SEEDS_SETTLE_SECONDS": 0.0, "DELIVERY_POLL_SECONDS": 0.2,
        "DELIVERY_BACKOFF_SECONDS": 0.05, "BOT_ADMIN_IDS": "42", "FEEDS_DELAY_SECONDS": 0.0,
        "FEEDS_TIMEOUT_SECONDS": 10.0, "FEEDS_MAX_PAGE_BYTES": S.MAX_BYTES}


def alerts(bot, chat_id: int) -> list[str]:
    return [str(c.params["text"]) for c in bot.emu.calls_to("sendMessage", chat_id, ok=True)
            if "🔔" in str(c.params["text"])]


async def test_feed_items_reach_an_instant_subscriber_once(tmp_path: Path, db_url: str, server: FeedServer) -> None:
    sources_file = tmp_path / "sources.yaml"
    async with running_bot(tmp_path, database_url=db_url, SOURCES_FILE=sources_file, **FAST) as bot:
        alice = Chat.for_user(ALICE)
        await bot.say(alice, ALICE, "/subscribe country TJ instant")
        # As `energybridge sources add` would, while the bot runs: its feed job finds the feeds on its next round.
        save_sources(sources_file, [Source(server.url("/rss.xml"), "en", "Test Wire"),
                                    Source(server.url("/atom.xml")), Source(server.url("/broken.xml"),
                                                                            outlet="Broken Wire")])
        # No call from the test: the feed job (a second after start-up) writes the seed files, the scan job ingests
        # them and queues the alerts, the sender delivers them.
        await bot.emu.wait_for(lambda: len(alerts(bot, alice.id)) >= 4, timeout=60)

        report = await poll_feeds_now(bot.app, force=True)  # nothing new: no file, no alert
        assert report is not None and report.written == 0
        assert (await scan_now(bot.app)).new == 0
        await bot.emu.wait_idle(timeout=5, quiet=0.8)
        got = alerts(bot, alice.id)
        assert len(got) == 4
        for title in (S.EN[0], S.RU[0], S.KY[0], S.KK[0]):
            assert sum(title in text for text in got) == 1, title
        # The seed file's URL: header is the article's source link (issue 22 renders it).
        assert sum(f'href="{server.url("/news/en.html")}"' in text for text in got) == 1

        admin = Chat.for_user(ADMIN)
        reply = str((await bot.say(admin, ADMIN, "/sources"))[0].params["text"])
        assert "Feeds: 3" in reply and "Test Wire" in reply and "Broken Wire" in reply
        assert "failing; failed polls in a row: 2" in reply and "HTTP 500" in reply
        assert "working; articles so far: 3" in reply
        denied = str((await bot.say(alice, ALICE, "/sources"))[0].params["text"])
        assert "Feeds" not in denied and "Ленты" not in denied
