"""Events in the query benchmark's stores: a cached store built before events (``bench.stores``) gets them once.

``stores.synthetic`` copies articles and their links with bulk SQL, not events; the timeline figure needs the
events of all its articles, so the cached store is migrated and back-filled (``storage.events.backfill_events``,
the same extraction a store migrated to 0015 gets from its next ingest) the first time, and kept so.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.context import Context, sqlite_url


def ensure_events(ctx: Context, store: Path) -> None:
    """Give every article of the cached SQLite ``store`` its events (a no-op once done)."""
    from storage.engine import create_engine_for, read_session, write_session
    from storage.events import backfill_events, has_unscanned_articles
    from storage.migrate import upgrade

    engine = create_engine_for(sqlite_url(store))
    try:
        upgrade(engine)
        with read_session(engine) as session:
            if not has_unscanned_articles(session=session):
                return
        started, done = time.monotonic(), 0
        while True:
            with write_session(engine) as session:
                count = backfill_events(session=session, limit=2000)
            done += count
            if count < 2000:
                break
        ctx.log(f"events extracted for {done:,} articles of {store.name} in {time.monotonic() - started:.0f} s")
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
