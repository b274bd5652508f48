"""Outbox claims: workers take disjoint rows; a PostgreSQL claim skips rows another worker is claiming."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, text

from storage.base import utcnow
from storage.engine import write_session
from storage.outbox import claim, enqueue


def _queue(engine: Engine, count: int) -> None:
    with write_session(engine) as session:
        for n in range(count):
            enqueue(session=session, chat_id=1000 + n, kind="digest", dedupe_key=f"d:{n}", text=f"part {n}")


def _claim(engine: Engine, limit: int, worker: str, **kwargs: object) -> list[int]:
    with write_session(engine) as session:
        return [row.chat_id for row in claim(session=session, limit=limit, worker=worker, **kwargs)]


def test_claims_are_disjoint_until_the_lease_runs_out(engine: Engine) -> None:
    _queue(engine, 10)
    first = _claim(engine, 4, "host:1")
    second = _claim(engine, 100, "host:2")
    assert first == [1000, 1001, 1002, 1003] and second == list(range(1004, 1010))
    assert _claim(engine, 100, "host:3") == []
    later = utcnow() + timedelta(seconds=121)  # both leases (120 s) ran out: the rows are due again
    assert _claim(engine, 100, "host:3", now=later) == list(range(1000, 1010))


def test_postgresql_claim_skips_rows_locked_by_another_worker(postgres_engine: Engine) -> None:
    # SQLite has no row locks: its claims are serialised by the single write lock (write_session).
    engine = postgres_engine
    _queue(engine, 6)
    with engine.connect() as other:  # another worker, in the middle of claiming the first three rows
        other.execute(text("SELECT id FROM outbox ORDER BY id LIMIT 3 FOR UPDATE"))
        with write_session(engine) as session:
            session.execute(text("SET LOCAL lock_timeout = '2s'"))  # waiting for the lock would fail the test
            taken = [row.chat_id for row in claim(session=session, limit=100, worker="host:2")]
        other.rollback()
    assert taken == [1003, 1004, 1005]
    assert _claim(engine, 100, "host:3") == [1000, 1001, 1002]
