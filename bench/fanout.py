"""Fan-out: one digest to 10,000 subscribed chats through an emulator that enforces Telegram's limits.

Set-up (once per invocation, copied for every run): the five seeds ingested, 10,000 private chats each
subscribed to everything daily, and each chat's digest (rendered by ``ui.render.digest_text`` from
``storage.digests.digest_entries``) queued in the outbox with ``storage.outbox.enqueue``. A run drains the outbox
with ``bot.delivery.drain`` (what the bot's send job calls) through a ``telegram.ext.ExtBot`` with the bot's
``AIORateLimiter(max_retries=3)``, until no row is pending; rows a 429 sent back are retried when due.

Time scaling: ``BotApiEmulator(time_scale=S, enforce_limits=True, limits=RateLimits.scaled(S, 0.5))`` runs
an emulated clock S times faster than the wall clock and applies Telegram's limits on it (30 messages/s
overall, token bucket; 1/s per private chat; a 429 carries ``retry_after`` converted to real seconds). It runs
in a process of its own (``bench.emulator_process``), so the sender has this process to itself.
So S x 30 real messages per second are allowed, and the client's limiter is scaled the same way:
``AIORateLimiter(overall_max_rate=30, overall_time_period=1/S, group_time_period=60/S)``, still 30 per
(emulated) second with the same burst. A 10,000-message fan-out that takes 333 s at Telegram's pace takes
333/S real seconds. The figure is the emulator's ``stats.limit_fraction()``: accepted messages per emulated
second / 30, i.e. the achieved rate divided by S, as a fraction of 30/s. S is chosen so the machine is not
the bottleneck (see ``TIME_SCALE``), and the burst the emulator tolerates is sized in real time (``JITTER_S``).
One run drains 10,000 messages in ~85 s, so this figure takes ``ceil(runs / 3)`` runs (1 by default): the
rate is already an average over 10,000 messages, and 429s, duplicates and losses are counted over all of them.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from bench.context import Context, sqlite_url
from bench.corpus import ROOT, SEEDS
from bench.report import Figure, fmt, median

FAMILY = "fanout"
CHATS = 10_000
FIRST_CHAT = 900_000_001
TOKEN = "123456789:BENCHbenchBENCHbenchBENCHbench0000"
# Emulated seconds per real second. The sender (bot.delivery.drain: claim, send, mark sent, one write transaction
# per message, all in one Python process) costs ~7 ms of CPU a message here, ~140 messages/s at most; at 4 it
# must keep up 120/s for 83 s. At 5 (150/s) the machine, not the limiter, sets the pace (0.91 of the limit).
TIME_SCALE = 4.0
# RateLimits.scaled's jitter tolerance, in real seconds: the emulator lets a burst of 30 x S x 0.5 (60 at S=4)
# through. Requests reach the emulator up to a few hundred ms after PTB's limiter released them (same process
# as SQLite and the HTTP client); with the default 0.2 (no more than the nominal 30 at S=4) a delayed burst
# meets a full bucket, a 429 follows, AIORateLimiter holds every request for retry_after (>= 1 real s = S
# emulated s) and then releases them together: measured 238-587 429s and 0.55-0.68 of the limit at S = 2-4.
JITTER_S = 0.5
TELEGRAM_RATE = 30.0
TARGET_FRACTION = 0.95
TIMEOUT_S = 600.0


def _template(ctx: Context, chats: int) -> Path:
    """A database with the seeds, ``chats`` subscribed chats and one digest queued for each."""
    from datetime import datetime

    from sqlalchemy import insert

    from scan import run_ingest
    from storage.base import utcnow
    from storage.chats import Chat
    from storage.digests import digest_entries
    from storage.engine import create_engine_for, read_session, write_session
    from storage.migrate import upgrade
    from storage.outbox import enqueue
    from storage.subscriptions import Mode, Subscription, Topic
    from ui.i18n import tr
    from ui.render import digest_text, split_message

    directory = ctx.scratch("fanout-template")
    seeds = directory / "seeds"
    shutil.copytree(SEEDS, seeds)
    path = directory / "fanout.sqlite"
    engine = create_engine_for(sqlite_url(path))
    try:
        upgrade(engine)
        since = datetime(2000, 1, 1)
        run_ingest(engine=engine, directory=seeds, settle_seconds=0.0)
        ids = range(FIRST_CHAT, FIRST_CHAT + chats)
        now = utcnow()
        with write_session(engine) as session:
            session.execute(insert(Chat.__table__), [  # type: ignore[attr-defined]
                {"chat_id": i, "type": "private", "timezone": "UTC", "digest_time": "08:00", "paused": False,
                 "created_at": now, "updated_at": now} for i in ids])
            session.execute(insert(Subscription.__table__), [  # type: ignore[attr-defined]
                {"chat_id": i, "topic": Topic.ALL, "key": "", "mode": Mode.DAILY, "created_at": since} for i in ids])
        until = utcnow()
        with read_session(engine) as session:
            entries = digest_entries(session=session, chat_id=FIRST_CHAT, until=until)
        parts = split_message(digest_text(tr("en"), entries, until.date()))
        with write_session(engine) as session:
            for i in ids:
                for n, part in enumerate(parts):
                    enqueue(session=session, chat_id=i, kind="digest", text=part,
                            dedupe_key=f"digest:{i}:{until.isoformat()}:{n}")
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    ctx.details.setdefault(FAMILY, {})["digest"] = {"parts": len(parts), "characters": sum(len(p) for p in parts),
                                                     "stories": len(entries)}
    return path


async def _drain_all(url: str, chats: int, time_scale: float, jitter: float = JITTER_S) -> dict[str, Any]:
    from telegram.ext import AIORateLimiter, ExtBot
    from telegram.request import HTTPXRequest

    from bot.delivery import DeliveryOptions, drain
    from storage.engine import create_engine_for, read_session
    from storage.outbox import outbox_counts

    emulator = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.emulator_process", "--token", TOKEN, "--time-scale", str(time_scale),
        "--jitter", str(jitter),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, cwd=ROOT,
    )
    assert emulator.stdin is not None and emulator.stdout is not None

    async def ask(line: str | None = None) -> dict[str, Any]:
        if line is not None:
            emulator.stdin.write(line.encode() + b"\n")  # type: ignore[union-attr]
            await emulator.stdin.drain()  # type: ignore[union-attr]
        return json.loads(await asyncio.wait_for(emulator.stdout.readline(), 60))  # type: ignore[union-attr]

    engine = create_engine_for(url)
    try:
        urls = await ask()
        # The bot's limiter (bot.app: AIORateLimiter(max_retries=3)) with its periods divided by the time scale.
        limiter = AIORateLimiter(overall_max_rate=TELEGRAM_RATE, overall_time_period=1 / time_scale,
                                 group_max_rate=20, group_time_period=60 / time_scale, max_retries=3)
        bot = ExtBot(TOKEN, base_url=urls["bot_base_url"], base_file_url=urls["file_base_url"],
                     rate_limiter=limiter, request=HTTPXRequest(connection_pool_size=64, pool_timeout=30.0))
        await bot.initialize()
        outcomes: dict[str, int] = {}
        started = time.monotonic()
        try:
            while time.monotonic() - started < TIMEOUT_S:
                for outcome, n in (await drain(bot, engine, DeliveryOptions(), max_rounds=1_000_000)).items():
                    outcomes[outcome] = outcomes.get(outcome, 0) + n
                with read_session(engine) as session:
                    counts = outbox_counts(session=session)
                if counts.pending + counts.sending == 0:
                    break
                await asyncio.sleep(0.05)  # rows sent back by a 429 come due after retry_after
        finally:
            await bot.shutdown()
        wall = time.monotonic() - started
        stats = await ask("stats")
    finally:
        engine.dispose()
        emulator.stdin.close()
        try:
            await asyncio.wait_for(emulator.wait(), 10)
        except TimeoutError:
            emulator.kill()
    return {
        "fraction": stats["limit_fraction"],
        "accepted": stats["messages_accepted"],
        "too_many_requests": stats["too_many_requests"],
        "duplicates": stats["duplicates"],
        "losses": chats - stats["chats"],
        "failed": counts.failed,
        "peak_fraction": stats["peak_fraction"],
        "real_rate": stats["messages_accepted"] / max(stats["elapsed_real_s"], 1e-9),
        "wall_s": wall,
        "outcomes": outcomes,
        "stats": stats,
    }


def run(ctx: Context) -> list[Figure]:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    chats = ctx.size(CHATS)
    ctx.log(f"fan-out: queuing a digest for {chats:,} chats")
    template = _template(ctx, chats)
    results = []
    for i in range(max(1, math.ceil(ctx.runs / 3))):
        copy = ctx.scratch(f"fanout-{i}") / template.name
        shutil.copyfile(template, copy)
        ctx.log(f"fan-out run {i + 1}: draining at time scale {TIME_SCALE:g}")
        results.append(asyncio.run(_drain_all(sqlite_url(copy), chats, TIME_SCALE)))
    fraction = median([r["fraction"] for r in results])
    real = median([r["real_rate"] for r in results])
    ctx.details.setdefault(FAMILY, {}).update({"time_scale": TIME_SCALE, "chats": chats, "runs": results})
    return [
        Figure(FAMILY, f"fan-out {chats:,} chats: rate / Telegram's 30 msg/s", fraction, "of limit", 1.0,
               "(30 msg/s)", target=TARGET_FRACTION, op=">=", runs=[r["fraction"] for r in results],
               detail=f"{fmt(real)} msg/s real at time scale {TIME_SCALE:g} = {fmt(real / TIME_SCALE)} msg/s "
                      f"emulated; peak second {fmt(median([r['peak_fraction'] for r in results]))} of limit"),
        Figure(FAMILY, "fan-out 429 responses", median([r["too_many_requests"] for r in results]), "count",
               runs=[r["too_many_requests"] for r in results], detail="retried by AIORateLimiter / outbox"),
        Figure(FAMILY, "fan-out duplicates", median([r["duplicates"] for r in results]), "messages", target=0,
               op="==", runs=[r["duplicates"] for r in results]),
        Figure(FAMILY, "fan-out losses (chats without the digest)", median([r["losses"] for r in results]),
               "chats", target=0, op="==", runs=[r["losses"] for r in results],
               detail=f"failed outbox rows: {median([r['failed'] for r in results]):g}"),
    ]
