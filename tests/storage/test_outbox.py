"""Outbox claims: workers take disjoint rows; a PostgreSQL claim skips rows another worker is claiming; claims
keep per-chat gaps; the shared send budget hands out spaced slots. On each configured backend."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from storage.base import utcnow
from storage.engine import write_session
from storage.outbox import ChatGaps, OutboxItem, Status, claim, enqueue, mark_sent, sends_in_window, set_slot
from storage.send_budget import pause_budget, paused_until, take_slots


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


def _claim_gapped(engine: Engine, limit: int, worker: str, now: datetime, gaps: ChatGaps) -> list[int]:
    with write_session(engine) as session:
        return [row.chat_id for row in claim(session=session, limit=limit, worker=worker, now=now, gaps=gaps)]


def test_claim_with_gaps_takes_one_row_per_chat_and_skips_busy_or_recent_chats(engine: Engine) -> None:
    with write_session(engine) as session:
        for chat_id in (5, -7):
            for part in range(3):
                enqueue(session=session, chat_id=chat_id, kind="digest", dedupe_key=f"g:{chat_id}:{part}",
                        text=f"part {part}")
        enqueue(session=session, chat_id=6, kind="digest", dedupe_key="g:6", text="only part")
    gaps = ChatGaps(private=1.0, group=3.0)
    start = utcnow()
    # One row per chat per claim, and not the chats already in flight.
    assert _claim_gapped(engine, 10, "host:1", start, gaps) == [5, -7, 6]
    assert _claim_gapped(engine, 10, "host:2", start, gaps) == []
    with write_session(engine) as session:
        sending = session.exec(select(OutboxItem).where(OutboxItem.status == Status.SENDING)).all()
        for item in sending:
            mark_sent(session=session, item_id=item.id, message_id=1)
    sent = utcnow()
    # Right after the sends: both chats wait for their gap; the private chat again after 1 s, the group after 3 s.
    assert _claim_gapped(engine, 10, "host:1", sent, gaps) == []
    assert _claim_gapped(engine, 10, "host:1", sent + timedelta(seconds=1.01), gaps) == [5]
    assert _claim_gapped(engine, 10, "host:1", sent + timedelta(seconds=2.5), gaps) == []
    assert _claim_gapped(engine, 10, "host:1", sent + timedelta(seconds=3.01), gaps) == [-7]


def test_send_budget_slots_are_spaced_shared_and_pushed_by_a_pause(engine: Engine) -> None:
    with write_session(engine) as session:
        first = take_slots(session=session, count=3, interval=0.5, now=100.0)
    with write_session(engine) as session:  # another worker, a moment later: after the first one's slots
        second = take_slots(session=session, count=2, interval=0.5, now=100.1)
    assert first == [100.0, 100.5, 101.0] and second == [101.5, 102.0]
    with write_session(engine) as session:
        assert paused_until(session=session) == 0.0
        pause_budget(session=session, until=110.0)
        assert paused_until(session=session) == 110.0
    with write_session(engine) as session:
        assert take_slots(session=session, count=1, interval=0.5, now=105.0) == [110.0]
    with write_session(engine) as session:  # idle budget: the next slot is now, not in the past
        assert take_slots(session=session, count=1, interval=0.5, now=200.0) == [200.0]


def test_postgresql_budget_lock_serialises_two_workers(postgres_engine: Engine) -> None:
    engine = postgres_engine
    with write_session(engine) as session:
        take_slots(session=session, count=1, interval=0.1, now=0.0)  # the row exists
    with engine.connect() as other:  # another worker inside its claim transaction holds the budget row
        other.execute(text("SELECT next_at FROM send_budget FOR UPDATE"))
        with pytest.raises(OperationalError), write_session(engine) as session:
            session.execute(text("SET LOCAL lock_timeout = '200ms'"))
            take_slots(session=session, count=1, interval=0.1, now=0.0)
        other.rollback()


def test_sends_in_window_counts_sent_rows_and_rows_in_flight_past_their_slot(engine: Engine) -> None:
    _queue(engine, 6)
    now = time.time()
    with write_session(engine) as session:
        rows = claim(session=session, limit=6, worker="host:1")
        for row, slot in zip(rows, (now - 5.0, now - 0.5, now - 0.1, now - 100.0, now + 0.2, now + 0.4),
                             strict=True):
            set_slot(session=session, item_id=row.id, slot=slot)
        mark_sent(session=session, item_id=rows[0].id, message_id=1)  # sent just now: within the last second
    with write_session(engine) as session:
        # rows 0 (sent), 1 and 2 (in flight); not 3 (a dead worker's, long ago) nor 4 and 5 (slots to come)
        assert sends_in_window(session=session, now=now, seconds=1.0) == 3
        assert sends_in_window(session=session, now=now + 0.3, seconds=1.0) == 4
        assert sends_in_window(session=session, now=now + 5.0, seconds=1.0) == 4  # the sent row left the window
