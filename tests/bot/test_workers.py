"""Several bot workers on one database: each message delivered exactly once, each digest built once, schedules
kept in step. On each configured backend.

Delivery: 200 chats each have one digest part queued; two separate processes (``tests/support/outbox_worker.py``:
the bot's own sender, ``bot.delivery.drain``) are released together and send through the Bot API emulator, which
enforces Telegram's limits strictly (30 in any sliding second). Rows are claimed under the shared send budget's
row lock (``SELECT ... FOR UPDATE`` on PostgreSQL, SQLite's single write lock), and the two workers share that
budget: together they stay under one ``DELIVERY_RATE``.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import threading
from collections import Counter
from pathlib import Path

from sqlmodel import select

from bot.jobs import _build_digest, sync_digest_schedules
from emulator import BotApiEmulator, Chat, User
from scan import run_ingest
from storage.engine import create_engine_for, read_session, write_session
from storage.migrate import upgrade
from storage.outbox import OutboxItem, Status, enqueue
from storage.subscriptions import subscribe
from tests.support.botkit import TOKEN, running_bot
from tests.support.db import copy_seeds
from tests.support.paths import ROOT

CHATS = 200
WORKERS = 2
# Below the default 29/s so that two workers that each kept a budget of their own (2 x 25/s) would be refused.
RATE = 25.0


def _queue_digests(db_url: str) -> list[int]:
    engine = create_engine_for(db_url)
    try:
        upgrade(engine)
        chat_ids = list(range(900_001, 900_001 + CHATS))
        with write_session(engine) as session:
            for chat_id in chat_ids:
                assert enqueue(session=session, chat_id=chat_id, kind="digest", dedupe_key=f"digest:{chat_id}:test",
                               text=f"<b>Digest</b> for chat {chat_id}")
        return chat_ids
    finally:
        engine.dispose()


async def _ready(worker: asyncio.subprocess.Process) -> None:
    assert worker.stdout is not None
    line = await asyncio.wait_for(worker.stdout.readline(), timeout=60)
    assert line.strip() == b"ready", line


async def _finish(worker: asyncio.subprocess.Process) -> dict:
    out, _ = await asyncio.wait_for(worker.communicate(), timeout=120)
    assert worker.returncode == 0, out
    return json.loads(out.decode().strip().splitlines()[-1])


async def test_two_workers_deliver_each_message_exactly_once(db_url: str) -> None:
    chat_ids = await asyncio.to_thread(_queue_digests, db_url)
    async with BotApiEmulator(token=TOKEN, enforce_limits=True) as emu:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": emu.bot_base_url,
               "DATABASE_URL": db_url, "LOG_LEVEL": "WARNING", "DELIVERY_RATE": str(RATE)}
        workers = [
            await asyncio.create_subprocess_exec(
                sys.executable, "-m", "tests.support.outbox_worker", cwd=ROOT, env=env,
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            )
            for _ in range(WORKERS)
        ]
        try:
            await asyncio.gather(*(_ready(w) for w in workers))
            for worker in workers:  # released together
                assert worker.stdin is not None
                worker.stdin.write(b"go\n")
            results = await asyncio.gather(*(_finish(w) for w in workers))
        finally:
            for worker in workers:
                if worker.returncode is None:
                    worker.kill()
                    await worker.wait()

        sent = emu.calls_to("sendMessage", ok=True)
        per_chat = Counter(c.chat_id for c in sent)
        twice = sorted(chat for chat, n in per_chat.items() if n > 1)
        missing = sorted(set(chat_ids) - set(per_chat))
        assert not twice and not missing, f"{len(twice)} chats served twice, {len(missing)} never"
        assert set(per_chat) == set(chat_ids)
        assert all(str(c.params["text"]).endswith(f"chat {c.chat_id}") for c in sent)
        assert not emu.calls_to("sendMessage", ok=False)  # no 429: one shared budget
        assert emu.stats.peak_per_second <= 30
        # Slots of one budget are 1 / RATE apart: together the workers send no faster than RATE (+ jitter; two
        # budgets would make it 2 x RATE, and 429s).
        assert emu.stats.messages_per_second() <= RATE * 1.1, emu.stats.as_dict()

    engine = create_engine_for(db_url)
    try:
        with read_session(engine) as session:
            rows = list(session.exec(select(OutboxItem)))
    finally:
        engine.dispose()
    assert Counter(r.status for r in rows) == {Status.SENT: CHATS}, "lost or unfinished rows"
    by_worker = Counter(r.claimed_by for r in rows)
    reported = {r["worker"]: r["counts"] for r in results}
    assert set(by_worker) == set(reported) and len(reported) == WORKERS
    for worker, counts in reported.items():
        assert counts == {"sent": by_worker[worker]}, (worker, counts)
        assert by_worker[worker] >= CHATS // 5, f"{worker} did almost nothing: {by_worker}"
    # They worked at the same time, not one after the other.
    spans = {w: (min(r.sent_at for r in rows if r.claimed_by == w), max(r.sent_at for r in rows if r.claimed_by == w))
             for w in reported}
    (first_start, first_end), (second_start, second_end) = spans.values()
    assert first_start < second_end and second_start < first_end, spans


def test_digest_jobs_of_two_workers_firing_together_build_one_digest(db_url: str, tmp_path: Path) -> None:
    chat_ids = list(range(910_001, 910_021))
    engine = create_engine_for(db_url)
    try:
        upgrade(engine)
        with write_session(engine) as session:
            for chat_id in chat_ids:
                subscribe(session=session, chat_id=chat_id, chat_type="private", title=None, topic="all", key="",
                          mode="daily")
        run_ingest(engine=engine, directory=copy_seeds(tmp_path / "seeds"), settle_seconds=0.0)
    finally:
        engine.dispose()

    start = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def worker() -> None:  # what each worker's digest jobs do at 08:00, every chat at the same moment
        own = create_engine_for(db_url)
        try:
            start.wait(timeout=30)
            for chat_id in chat_ids:
                _build_digest(own, chat_id, "en")
        except BaseException as exc:
            errors.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors

    engine = create_engine_for(db_url)
    try:
        with read_session(engine) as session:
            keys = [row.dedupe_key for row in session.exec(select(OutboxItem))]
    finally:
        engine.dispose()
    digests = Counter(key.rsplit(":", 1)[0].split(":", 2)[1] for key in keys)  # digest:<chat>:<until>:<part>
    windows = {key.rsplit(":", 1)[0] for key in keys}
    assert set(digests) == {str(c) for c in chat_ids}, "a chat got no digest"
    assert len(windows) == len(chat_ids), "a chat got its digest twice"


ALICE = User(id=920_001, first_name="Alice", language_code="en")


async def test_schedules_changed_through_one_worker_reach_the_other(db_url: str, tmp_path: Path) -> None:
    chat = Chat.for_user(ALICE)
    fast = {"SEEDS_POLL_SECONDS": 30, "DELIVERY_POLL_SECONDS": 0.2}
    async with (
        running_bot(tmp_path / "a", database_url=db_url, **fast) as first,
        running_bot(tmp_path / "b", database_url=db_url, **fast) as second,
    ):
        await first.say(chat, ALICE, "/subscribe project TAP daily")
        assert not second.app.job_queue.get_jobs_by_name(f"digest:{chat.id}")
        await sync_digest_schedules(second.app)  # what its "schedules" job does every minute
        [job] = second.app.job_queue.get_jobs_by_name(f"digest:{chat.id}")
        assert job.data == (chat.id, "08:00", "UTC")

        await first.say(chat, ALICE, "/digesttime 9:30")
        await job.run(second.app)  # fires at the old time before the next sync: moves itself, sends nothing
        [moved] = [j for j in second.app.job_queue.get_jobs_by_name(f"digest:{chat.id}") if not j.removed]
        assert moved.data == (chat.id, "09:30", "UTC")
        assert not second.emu.calls_to("sendMessage")

        await first.say(chat, ALICE, "/unsubscribe all")
        await sync_digest_schedules(second.app)
        assert all(j.removed for j in second.app.job_queue.get_jobs_by_name(f"digest:{chat.id}"))
