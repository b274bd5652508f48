"""The query benchmark's stores get their events once (bench.timeline_store), on the seeds."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from bench.context import Context
from bench.timeline_store import ensure_events
from tests.support.db import seeded_database


def test_a_store_without_events_gets_them_once(tmp_path: Path, _seed_templates: Callable[[str], str]) -> None:
    with seeded_database("sqlite", tmp_path, _seed_templates) as engine:
        path = Path(engine.url.database or "")
    con = sqlite3.connect(path)
    with con:
        (before,) = con.execute("SELECT count(*) FROM events").fetchone()
        for table in ("event_sources", "event_subjects", "event_scans", "events"):
            con.execute(f"DELETE FROM {table}")
    ctx = Context(scale=1.0, runs=1, work=tmp_path / "work", cache=tmp_path / "cache")
    ensure_events(ctx, path)
    ensure_events(ctx, path)  # nothing left to do
    (after,) = con.execute("SELECT count(*) FROM events").fetchone()
    con.close()
    assert before > 0 and after == before
