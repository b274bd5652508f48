"""A poll killed with SIGKILL in the middle loses nothing and duplicates nothing; neither does a crash between a
seed file's rename and its record."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import Engine

from feeds.config import Source
from feeds.poller import PollOptions, poll_sources
from scan import run_ingest
from storage.engine import create_engine_for, read_session
from storage.feeds import count_items
from storage.migrate import upgrade
from tests.feeds import site as S
from tests.support.feedserver import FeedServer
from tests.support.paths import ROOT

POLL = """
import asyncio, sys
from pathlib import Path
from feeds.config import Source
from feeds.poller import PollOptions, poll_sources
from storage.engine import create_engine_for
url, seeds, feed = sys.argv[1:4]
options = PollOptions(seeds_dir=Path(seeds), user_agent="EnergyBridgeBot/test", delay_seconds=0.0,
                      timeout_seconds=60.0, max_bytes=200_000)
asyncio.run(poll_sources(create_engine_for(url), [Source(feed)], options))
"""


def options(seeds: Path) -> PollOptions:
    return PollOptions(seeds_dir=seeds, user_agent="EnergyBridgeBot/test", delay_seconds=0.0, timeout_seconds=10.0,
                       max_bytes=S.MAX_BYTES)


def files(seeds: Path) -> list[str]:
    return sorted(p.name for p in seeds.iterdir()) if seeds.exists() else []


def _kill_in_the_middle(server: FeedServer, engine_url: str, seeds: Path, feed: str) -> int:
    """Run a poll in another process, SIGKILL it while it fetches the feed's third page; return its status."""
    reached, release = threading.Event(), threading.Event()

    def hold() -> None:
        reached.set()
        release.wait(timeout=60)

    server.routes["/news/ky.html"].hook = hold
    proc = subprocess.Popen([sys.executable, "-c", POLL, engine_url, str(seeds), feed], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert reached.wait(timeout=60), "the poller never reached the third page"
        proc.send_signal(signal.SIGKILL)
        return proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        release.set()
        server.routes["/news/ky.html"].hook = None


async def test_sigkill_in_the_middle_of_a_poll(engine: Engine, server: FeedServer, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    feed = server.url("/rss.xml")
    url = engine.url.render_as_string(hide_password=False)
    assert await asyncio.to_thread(_kill_in_the_middle, server, url, seeds, feed) == -signal.SIGKILL
    before = files(seeds)
    assert len(before) == 2 and all(name.startswith("feed_") for name in before)  # no partial or temporary file

    report = await poll_sources(engine, [Source(feed)], options(seeds))
    assert report.feeds[0].status == "ok" and report.feeds[0].written == 1
    last_feed_request = [h for p, h in server.requests if p == "/rss.xml"][-1]
    assert "if-none-match" not in last_feed_request  # the killed poll stored no validators: the feed is read again
    assert server.hits("/news/en.html") == 1 and server.hits("/news/ru.html") == 1 and server.hits("/news/ky.html") == 2
    after = files(seeds)
    assert len(after) == 3 and set(before) < set(after)
    with read_session(engine) as session:
        assert count_items(session=session) == {"written": 3, "skipped": 2}

    assert run_ingest(engine=engine, directory=seeds, settle_seconds=0.0).new == 3
    await poll_sources(engine, [Source(feed)], options(seeds), force=True)
    assert files(seeds) == after and run_ingest(engine=engine, directory=seeds, settle_seconds=0.0).new == 0


async def test_a_file_written_before_a_crash_is_recorded_without_fetching(
    engine: Engine, server: FeedServer, tmp_path: Path
) -> None:
    seeds = tmp_path / "seeds"
    feed = server.url("/atom.xml")
    await poll_sources(engine, [Source(feed)], options(seeds))
    written = files(seeds)
    hits = len(server.requests)
    # A second store that never recorded these items, as after a kill between the rename and the record.
    other = create_engine_for(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        upgrade(other)
        report = await poll_sources(other, [Source(feed)], options(seeds))
        assert report.feeds[0].written == 1 and files(seeds) == written
        assert [p for p, _ in server.requests[hits:] if p.startswith("/news/kk")] == []  # not fetched again
        with read_session(other) as session:
            assert count_items(session=session)["written"] == 1
    finally:
        other.dispose()
