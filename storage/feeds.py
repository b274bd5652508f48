"""Feed polling state: each feed's health and conditional-GET validators, and every item already handled.

``feed_states`` has one row per feed URL: the ETag / Last-Modified of its last good answer, when it was polled,
when it last succeeded, how many polls in a row failed, when it may be polled again (exponential backoff) and the
last error. ``feed_items`` has one row per item identity (the feed's GUID or the item's canonical URL): once an
item is ``written`` (its seed file is in SEEDS_DIR) or ``skipped`` (robots.txt, not HTML, no text) or ``failed``
too many times, no poll fetches it again, across restarts and processes. Functions work inside the caller's
transaction and never commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import DateTime, Text, func
from sqlmodel import Field, Session, SQLModel, col, select

from storage.base import utcnow


class ItemStatus(StrEnum):
    WRITTEN = "written"  # its seed file was written
    SKIPPED = "skipped"  # never will be: disallowed by robots.txt, not an HTML page, no article text
    FAILED = "failed"  # the page could not be fetched; retried until ``attempts`` reaches the caller's limit


class FeedState(SQLModel, table=True):
    __tablename__ = "feed_states"

    url: str = Field(primary_key=True, sa_type=Text)
    etag: str | None = Field(default=None, sa_type=Text)
    last_modified: str | None = Field(default=None, sa_type=Text)
    last_polled_at: datetime | None = Field(default=None, sa_type=DateTime())
    last_ok_at: datetime | None = Field(default=None, sa_type=DateTime())
    failures: int = 0  # polls in a row that failed
    next_poll_at: datetime | None = Field(default=None, sa_type=DateTime())
    last_error: str | None = Field(default=None, sa_type=Text)
    items_written: int = 0


class FeedItem(SQLModel, table=True):
    __tablename__ = "feed_items"

    key: str = Field(primary_key=True, sa_type=Text)  # GUID or canonical URL (feeds.items.item_key)
    feed_url: str = Field(sa_type=Text, index=True)
    url: str = Field(sa_type=Text)
    status: str = Field(max_length=8)
    attempts: int = 1
    seed_file: str | None = Field(default=None, sa_type=Text)  # the file's name in SEEDS_DIR
    error: str | None = Field(default=None, sa_type=Text)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime())


@dataclass(frozen=True)
class FeedHealth:
    url: str
    last_polled_at: datetime | None
    last_ok_at: datetime | None
    failures: int
    next_poll_at: datetime | None
    last_error: str | None
    items_written: int
    etag: str | None = None
    last_modified: str | None = None


def _health(row: FeedState) -> FeedHealth:
    return FeedHealth(url=row.url, last_polled_at=row.last_polled_at, last_ok_at=row.last_ok_at,
                      failures=row.failures, next_poll_at=row.next_poll_at, last_error=row.last_error,
                      items_written=row.items_written, etag=row.etag, last_modified=row.last_modified)


def _state(session: Session, url: str) -> FeedState:
    row = session.get(FeedState, url)
    if row is None:
        row = FeedState(url=url)
        session.add(row)
    return row


def get_feed_health(*, session: Session, url: str) -> FeedHealth | None:
    """Return the feed's stored state, or None when it was never polled."""
    row = session.get(FeedState, url)
    return _health(row) if row else None


def list_feed_health(*, session: Session) -> dict[str, FeedHealth]:
    """Return every polled feed's state by URL."""
    return {row.url: _health(row) for row in session.exec(select(FeedState))}


def record_feed_ok(
    *, session: Session, url: str, etag: str | None, last_modified: str | None, next_poll_at: datetime,
    now: datetime | None = None,
) -> None:
    """Record a good answer (200 or 304): keep its validators, clear the failures, schedule the next poll."""
    row = _state(session, url)
    now = now or utcnow()
    row.etag, row.last_modified = etag, last_modified
    row.last_polled_at = row.last_ok_at = now
    row.failures, row.last_error, row.next_poll_at = 0, None, next_poll_at


def record_feed_failure(
    *, session: Session, url: str, error: str, interval: timedelta, max_backoff: timedelta,
    now: datetime | None = None,
) -> datetime:
    """Record a failed poll; the next one waits ``interval`` doubled per failure in a row (at most ``max_backoff``).

    Return when the feed may be polled again.
    """
    row = _state(session, url)
    now = now or utcnow()
    row.failures = (row.failures or 0) + 1
    row.last_polled_at, row.last_error = now, error[:500]
    delay = min(interval * (2 ** min(row.failures - 1, 20)), max(max_backoff, interval))
    row.next_poll_at = now + delay
    return row.next_poll_at


def count_written(*, session: Session, url: str, written: int) -> None:
    """Add ``written`` to the feed's count of seed files written."""
    if written:
        row = _state(session, url)
        row.items_written = (row.items_written or 0) + written


def settled_item_keys(*, session: Session, keys: Iterable[str], max_attempts: int) -> set[str]:
    """Return those of ``keys`` that no poll should fetch again (written, skipped, or failed ``max_attempts``)."""
    wanted = list(dict.fromkeys(keys))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):  # bounded IN lists
        chunk = wanted[start:start + 500]
        rows = session.exec(select(FeedItem.key, FeedItem.status, FeedItem.attempts)
                            .where(col(FeedItem.key).in_(chunk)))
        found.update(key for key, status, attempts in rows
                     if status != ItemStatus.FAILED or attempts >= max_attempts)
    return found


def record_item(
    *, session: Session, key: str, feed_url: str, url: str, status: ItemStatus, seed_file: str | None = None,
    error: str | None = None,
) -> None:
    """Record what became of an item (a failure again counts one more attempt)."""
    row = session.get(FeedItem, key)
    if row is None:
        session.add(FeedItem(key=key, feed_url=feed_url, url=url, status=status, seed_file=seed_file,
                             error=error and error[:500]))
        return
    row.attempts = (row.attempts or 0) + 1 if status == ItemStatus.FAILED else row.attempts
    row.status, row.seed_file, row.error, row.updated_at = status, seed_file, error and error[:500], utcnow()


def count_items(*, session: Session, feed_url: str | None = None) -> dict[str, int]:
    """Return the number of items by status (of one feed, or of all)."""
    query = select(FeedItem.status, func.count()).group_by(FeedItem.status)
    if feed_url is not None:
        query = query.where(FeedItem.feed_url == feed_url)
    return {status: n for status, n in session.exec(query)}
