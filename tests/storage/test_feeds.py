"""Feed state and items: validators, failures with backoff, settled items (both backends)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine

from storage.engine import read_session, write_session
from storage.feeds import (
    ItemStatus,
    count_items,
    count_written,
    get_feed_health,
    list_feed_health,
    record_feed_failure,
    record_feed_ok,
    record_item,
    settled_item_keys,
)

FEED = "https://news.example.test/rss"
NOW = datetime(2026, 3, 1, 12, 0)


def test_failures_back_off_and_a_success_clears_them(engine: Engine) -> None:
    hour, day = timedelta(hours=1), timedelta(days=1)
    with write_session(engine) as session:
        assert record_feed_failure(session=session, url=FEED, error="HTTP 500", interval=hour, max_backoff=day,
                                   now=NOW) == NOW + hour
    with write_session(engine) as session:
        assert record_feed_failure(session=session, url=FEED, error="timed out", interval=hour, max_backoff=day,
                                   now=NOW) == NOW + 2 * hour
        for _ in range(10):
            last = record_feed_failure(session=session, url=FEED, error="x" * 900, interval=hour, max_backoff=day,
                                       now=NOW)
    assert last == NOW + day  # capped
    with read_session(engine) as session:
        health = get_feed_health(session=session, url=FEED)
    assert health is not None and health.failures == 12 and health.last_error == "x" * 500
    with write_session(engine) as session:
        record_feed_ok(session=session, url=FEED, etag='"e1"', last_modified="Sun, 01 Mar 2026 10:00:00 GMT",
                       next_poll_at=NOW + hour, now=NOW)
        count_written(session=session, url=FEED, written=3)
    with read_session(engine) as session:
        health = list_feed_health(session=session)[FEED]
    assert (health.failures, health.last_error, health.etag, health.items_written) == (0, None, '"e1"', 3)
    assert health.last_ok_at == NOW and health.next_poll_at == NOW + hour


def test_settled_items_are_written_skipped_or_failed_too_often(engine: Engine) -> None:
    with write_session(engine) as session:
        record_item(session=session, key="a", feed_url=FEED, url="https://x.test/a", status=ItemStatus.WRITTEN,
                    seed_file="feed_a.txt")
        record_item(session=session, key="b", feed_url=FEED, url="https://x.test/b", status=ItemStatus.SKIPPED,
                    error="not an HTML page")
        record_item(session=session, key="c", feed_url=FEED, url="https://x.test/c", status=ItemStatus.FAILED,
                    error="HTTP 503")
    with read_session(engine) as session:
        assert settled_item_keys(session=session, keys=["a", "b", "c", "d"], max_attempts=2) == {"a", "b"}
    with write_session(engine) as session:
        record_item(session=session, key="c", feed_url=FEED, url="https://x.test/c", status=ItemStatus.FAILED,
                    error="HTTP 503")
    with read_session(engine) as session:
        assert settled_item_keys(session=session, keys=["a", "b", "c", "d"], max_attempts=2) == {"a", "b", "c"}
        assert count_items(session=session, feed_url=FEED) == {"written": 1, "skipped": 1, "failed": 1}
        assert count_items(session=session, feed_url="https://other.test/") == {}
