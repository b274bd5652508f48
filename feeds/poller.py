"""Orchestrator: poll every due feed once and turn its new items into seed files.

Stages for one feed (``poll_feed``):
1. due? a feed is polled ``interval`` minutes after its last good poll, or later after failures (backoff,
   ``storage.feeds.record_feed_failure``); ``force`` polls every feed now;
2. robots.txt allows it, conditional GET (``http``): a 304 ends here;
3. ``items.parse_feed`` (in a worker thread) -> entries; those already handled (``storage.feeds``) are dropped;
4. per new entry, in feed order: robots.txt, GET the page, ``extract.extract_article`` (worker thread; the feed's
   own content when the page has no text), ``writer.write_seed``, then the item is recorded.
5. the feed's validators (ETag, Last-Modified) are stored only when every entry was handled, so a poll cut short
   (a kill, a page that failed) is resumed in full by the next one.

The seed file goes to disk before its item is recorded: after a crash between the two the next poll finds the file
under the item's stable name and records it without fetching again. A failing feed is recorded and logged and
never stops the others. Options live in one frozen ``PollOptions``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from feeds.config import Source
from feeds.extract import extract_article, text_of_html
from feeds.http import Disallowed, FetchError, PoliteClient, TooLarge
from feeds.items import Entry, NotAFeed, parse_feed
from feeds.robots import RobotsCache
from feeds.writer import remove_stale_temporaries, render_seed, seed_name, write_seed
from ingest.model import IngestError
from storage.base import utcnow
from storage.engine import read_session, write_session
from storage.feeds import (
    FeedHealth,
    ItemStatus,
    count_written,
    get_feed_health,
    list_feed_health,
    record_feed_failure,
    record_feed_ok,
    record_item,
    settled_item_keys,
)

logger = logging.getLogger(__name__)
T = TypeVar("T")
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
HTML_TYPES = ("text/html", "application/xhtml+xml", "")  # "": a server that names no type; trafilatura decides


@dataclass(frozen=True)
class PollOptions:
    seeds_dir: Path
    user_agent: str
    # Seconds between two requests to one host: a polite crawler's usual pace; tests set 0.
    delay_seconds: float = 2.0
    timeout_seconds: float = 20.0
    # Largest feed or page read: news pages are 50-500 kB of HTML; 3 MB leaves room and bounds memory.
    max_bytes: int = 3_000_000
    max_redirects: int = 5
    default_interval_minutes: float = 30.0
    # A failing feed waits its interval doubled per failure in a row, at most this long.
    max_backoff_minutes: float = 24 * 60.0
    # A page that keeps failing is given up after this many polls (then it stays out of every poll).
    max_item_attempts: int = 5
    # New items fetched per feed and poll: a feed first seen with a long history is taken in steps.
    max_items_per_feed: int = 50
    # Feeds polled at once (pages of one host are still fetched one at a time).
    max_parallel_feeds: int = 8


@dataclass
class FeedResult:
    url: str
    status: str  # ok, not_modified, not_due, failed
    written: int = 0
    skipped: int = 0
    failed: int = 0
    error: str | None = None


@dataclass
class PollReport:
    feeds: list[FeedResult] = field(default_factory=list)

    @property
    def written(self) -> int:
        return sum(f.written for f in self.feeds)

    def summary_line(self) -> str:
        failed = [f for f in self.feeds if f.status == "failed"]
        polled = [f for f in self.feeds if f.status != "not_due"]
        line = (f"{len(polled)} feeds polled, {self.written} new articles, "
                f"{sum(f.skipped for f in self.feeds)} skipped, {sum(f.failed for f in self.feeds)} pages failed")
        if failed:
            line += f"; {len(failed)} feeds failed: " + "; ".join(f"{f.url}: {f.error}" for f in failed)
        return line


def _load_health(engine: Engine, url: str) -> FeedHealth | None:
    with read_session(engine) as session:
        return get_feed_health(session=session, url=url)


def _settled(engine: Engine, keys: list[str], max_attempts: int) -> set[str]:
    with read_session(engine) as session:
        return settled_item_keys(session=session, keys=keys, max_attempts=max_attempts)


def _write(engine: Engine, action: Callable[[Session], T]) -> T:
    """Run ``action`` in a write transaction; once more if another poller (cron beside the bot, or a second feed
    with the same item) inserted the same row first: the second attempt finds that row and updates it."""
    try:
        with write_session(engine) as session:
            return action(session)
    except IntegrityError:
        with write_session(engine) as session:
            return action(session)


def _record_item(engine: Engine, source: Source, entry: Entry, status: ItemStatus, error: str | None) -> None:
    def record(session: Session) -> None:
        record_item(session=session, key=entry.key, feed_url=source.url, url=entry.url, status=status,
                    seed_file=seed_name(entry.key) if status == ItemStatus.WRITTEN else None, error=error)
        if status == ItemStatus.WRITTEN:
            count_written(session=session, url=source.url, written=1)

    _write(engine, record)


def due_sources(engine: Engine, sources: list[Source]) -> list[Source]:
    """Those of ``sources`` whose next poll is due (never polled, interval over, backoff over): one query."""
    with read_session(engine) as session:
        health = list_feed_health(session=session)
    now = utcnow()
    return [s for s in sources if (h := health.get(s.url)) is None or h.next_poll_at is None or h.next_poll_at <= now]


class Poller:
    """Polls feeds with one polite client and one robots.txt cache; use ``async with`` (closes the client)."""

    def __init__(self, engine: Engine, options: PollOptions, *, client: PoliteClient | None = None) -> None:
        self.engine = engine
        self.options = options
        self.client = client or PoliteClient(
            user_agent=options.user_agent, delay_seconds=options.delay_seconds,
            timeout_seconds=options.timeout_seconds, max_bytes=options.max_bytes,
            max_redirects=options.max_redirects,
        )
        self.robots = RobotsCache(self.client, agent=options.user_agent)

    async def __aenter__(self) -> Poller:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.client.aclose()

    def _interval(self, source: Source) -> timedelta:
        return timedelta(minutes=source.interval_minutes or self.options.default_interval_minutes)

    async def poll(self, sources: list[Source], *, force: bool = False) -> PollReport:
        """Poll every due source (every source with ``force``); one feed's failure never stops the others."""
        await asyncio.to_thread(remove_stale_temporaries, self.options.seeds_dir)
        gate = asyncio.Semaphore(self.options.max_parallel_feeds)

        async def one(source: Source) -> FeedResult:
            async with gate:
                try:
                    return await self.poll_feed(source, force=force)
                except Exception as exc:  # a bug on one feed's data, or the store, must not stop the other feeds
                    logger.exception("feed %s: unexpected error", source.url)
                    error = f"{type(exc).__name__}: {exc}"
                    try:
                        await self._failed(source, error)
                    except Exception:
                        logger.exception("feed %s: its failure could not be recorded", source.url)
                    return FeedResult(source.url, "failed", error=error)

        return PollReport(list(await asyncio.gather(*(one(s) for s in sources))))

    async def _failed(self, source: Source, error: str) -> None:
        def record(session: Session) -> None:
            record_feed_failure(session=session, url=source.url, error=error, interval=self._interval(source),
                                max_backoff=timedelta(minutes=self.options.max_backoff_minutes))

        await asyncio.to_thread(_write, self.engine, record)

    async def poll_feed(self, source: Source, *, force: bool = False) -> FeedResult:
        """Poll one feed (see the module docstring)."""
        health = await asyncio.to_thread(_load_health, self.engine, source.url)
        if not force and health and health.next_poll_at and health.next_poll_at > utcnow():
            return FeedResult(source.url, "not_due")
        try:
            if not await self.robots.allowed(source.url):
                raise FetchError("disallowed by robots.txt")
            fetched = await self.client.get(source.url, etag=health.etag if health else None,
                                            last_modified=health.last_modified if health else None,
                                            accept=FEED_ACCEPT, may_follow=self.robots.allowed)
            if fetched.status == 304:
                await self._ok(source, health.etag if health else None, health.last_modified if health else None)
                return FeedResult(source.url, "not_modified")
            if fetched.status != 200:
                raise FetchError(f"HTTP {fetched.status}")
            feed_title, entries = await asyncio.to_thread(parse_feed, fetched.body, feed_url=source.url,
                                                          content_type=fetched.headers.get("content-type"))
        except (FetchError, NotAFeed) as exc:
            logger.warning("feed %s failed: %s", source.url, exc)
            await self._failed(source, str(exc))
            return FeedResult(source.url, "failed", error=str(exc))

        result = FeedResult(source.url, "ok")
        settled = await asyncio.to_thread(_settled, self.engine, [e.key for e in entries],
                                          self.options.max_item_attempts)
        new = [e for e in entries if e.key not in settled]
        for entry in new[: self.options.max_items_per_feed]:
            status = await self._item(source, entry, feed_title)
            if status == ItemStatus.WRITTEN:
                result.written += 1
            elif status == ItemStatus.SKIPPED:
                result.skipped += 1
            else:
                result.failed += 1
        complete = not result.failed and len(new) <= self.options.max_items_per_feed
        # Validators only for a feed read in full: otherwise the next poll must get the whole feed again.
        await self._ok(source, fetched.headers.get("etag") if complete else None,
                       fetched.headers.get("last-modified") if complete else None)
        logger.info("feed %s: %d new, %d skipped, %d failed", source.url, result.written, result.skipped,
                    result.failed)
        return result

    async def _ok(self, source: Source, etag: str | None, last_modified: str | None) -> None:
        def record(session: Session) -> None:
            record_feed_ok(session=session, url=source.url, etag=etag, last_modified=last_modified,
                           next_poll_at=utcnow() + self._interval(source))

        await asyncio.to_thread(_write, self.engine, record)

    async def _item(self, source: Source, entry: Entry, feed_title: str | None) -> ItemStatus:
        """Fetch one entry's page and write its seed file; record and return what became of it."""
        status, error = ItemStatus.FAILED, None
        if (self.options.seeds_dir / seed_name(entry.key)).exists():
            status = ItemStatus.WRITTEN  # written before a crash that came before its record: not fetched again
        else:
            try:
                status, error = await self._fetch_item(source, entry, feed_title)
            except (TooLarge, Disallowed) as exc:
                status, error = ItemStatus.SKIPPED, str(exc)
            except FetchError as exc:
                error = str(exc)
            except IngestError as exc:  # the page's bytes are not text
                status, error = ItemStatus.SKIPPED, exc.reason
            except Exception as exc:  # a parser bug on one page: that item fails (and is retried), not the feed
                logger.exception("item %s: unexpected error", entry.url)
                error = f"{type(exc).__name__}: {exc}"
        if error:
            logger.info("item %s: %s (%s)", entry.url, status, error)
        await asyncio.to_thread(_record_item, self.engine, source, entry, status, error)
        return status

    async def _fetch_item(self, source: Source, entry: Entry, feed_title: str | None) -> tuple[ItemStatus, str | None]:
        if not await self.robots.allowed(entry.url):
            return ItemStatus.SKIPPED, "disallowed by robots.txt"
        page = await self.client.get(entry.url, accept=PAGE_ACCEPT, may_follow=self.robots.allowed)
        if page.status != 200:
            raise FetchError(f"HTTP {page.status}")
        if page.content_type not in HTML_TYPES:
            return ItemStatus.SKIPPED, f"not an HTML page ({page.content_type})"
        extracted = await asyncio.to_thread(extract_article, page.body, url=page.url,
                                            declared_charset=page.charset)
        text = extracted.text if extracted else text_of_html(entry.summary_html or "")
        if not text.strip():
            return ItemStatus.SKIPPED, "no article text"
        content = render_seed(
            title=entry.title or (extracted.title if extracted else None),
            published=entry.published or (extracted.published if extracted else None),
            url=page.url,  # where the article is, after redirects
            outlet=source.outlet or (extracted.site_name if extracted else None) or feed_title,
            author=extracted.author if extracted else None,
            text=text,
        )
        await asyncio.to_thread(write_seed, self.options.seeds_dir, seed_name(entry.key), content)
        return ItemStatus.WRITTEN, None


async def poll_sources(engine: Engine, sources: list[Source], options: PollOptions, *,
                       force: bool = False) -> PollReport:
    """Poll ``sources`` once with a client of their own (for the command line and cron)."""
    async with Poller(engine, options) as poller:
        return await poller.poll(sources, force=force)
