"""Fan-out: one digest to 600 chats through an emulator that enforces Telegram's limits strictly, in real time.

Set-up (once per invocation, copied for every run): the five seeds ingested, 600 private chats each subscribed to
everything daily, and each chat's digest (rendered by ``ui.notices.digest_text`` from
``storage.digests.digest_entries``) queued in the outbox with ``storage.outbox.enqueue``. A run drains the outbox
with ``bot.delivery.drain`` (what the bot's send job calls, with its default ``DeliveryOptions``: 29 messages/s,
4 in flight) through a ``telegram.ext.ExtBot`` with the bot's ``PacedRateLimiter(max_retries=3)``, until no row
is pending; rows a 429 sent back are retried when due.

The emulator (``bench.emulator_process``, a process of its own so the sender has this one to itself) enforces 30
messages in any sliding second of its own acceptance timestamps, 1 a second per private chat and 20 a minute per
group: no time scaling, no burst tolerance, so the sender's own jitter counts against it as it would against
Telegram. Figures (each the median over the runs): the rate as a fraction of 30/s (messages accepted between the
first and the last acceptance), the 429 count, duplicates, losses (chats without their digest) and the most
messages accepted in any sliding second. A run of 600 messages takes ~21 s at 29/s. With ``--postgres URL`` the
same outbox is also drained by two worker processes sharing one send budget on that server
(``bench/fanout_workers.py``).
"""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from bench.context import Context, sqlite_url
from bench.corpus import ROOT, SEEDS
from bench.report import Figure, fmt, median

FAMILY = "fanout"
CHATS = 600  # the floor: --scale may raise it, never lower it
FIRST_CHAT = 900_000_001
TOKEN = "123456789:BENCHbenchBENCHbenchBENCHbench0000"
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
    from ui.notices import digest_text
    from ui.render import split_message

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


class StrictEmulator:
    """The emulator process (``bench.emulator_process``): its URLs, and its statistics on request."""

    def __init__(self, process: asyncio.subprocess.Process, urls: dict[str, Any]) -> None:
        self.process = process
        self.bot_base_url: str = urls["bot_base_url"]
        self.file_base_url: str = urls["file_base_url"]

    async def stats(self) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(b"stats\n")
        await self.process.stdin.drain()
        return await _read_json(self.process)


async def _read_json(process: asyncio.subprocess.Process) -> dict[str, Any]:
    assert process.stdout is not None
    return json.loads(await asyncio.wait_for(process.stdout.readline(), 60))


@asynccontextmanager
async def strict_emulator() -> AsyncIterator[StrictEmulator]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.emulator_process", "--token", TOKEN,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, cwd=ROOT,
    )
    try:
        yield StrictEmulator(process, await _read_json(process))
    finally:
        assert process.stdin is not None
        process.stdin.close()
        try:
            await asyncio.wait_for(process.wait(), 10)
        except TimeoutError:
            process.kill()


async def drain_until_done(url: str, bot_base_url: str, file_base_url: str,
                           ready: Callable[[], Awaitable[None]] | None = None) -> tuple[dict[str, int], int]:
    """The bot's sender on ``url`` until no row is pending or in flight: (outcome counts, failed rows)."""
    from telegram.ext import ExtBot
    from telegram.request import HTTPXRequest

    from bot.delivery import DeliveryOptions, drain
    from bot.pacer import PacedRateLimiter
    from storage.engine import create_engine_for, read_session
    from storage.outbox import outbox_counts

    engine = create_engine_for(url)
    bot = ExtBot(TOKEN, base_url=bot_base_url, base_file_url=file_base_url,
                 rate_limiter=PacedRateLimiter(max_retries=3),
                 request=HTTPXRequest(connection_pool_size=16, pool_timeout=30.0))
    outcomes: dict[str, int] = {}
    try:
        await bot.initialize()
        if ready is not None:
            await ready()
        started = time.monotonic()
        while time.monotonic() - started < TIMEOUT_S:
            for outcome, n in (await drain(bot, engine, DeliveryOptions())).items():
                outcomes[outcome] = outcomes.get(outcome, 0) + n
            with read_session(engine) as session:
                counts = outbox_counts(session=session)
            if counts.pending + counts.sending == 0:
                break
            await asyncio.sleep(0.05)  # rows sent back by a 429 come due after retry_after
    finally:
        await bot.shutdown()
        engine.dispose()
    return outcomes, counts.failed


def figures(stats: dict[str, Any], chats: int, failed: int, **extra: Any) -> dict[str, Any]:
    """One run's figures from the emulator's statistics."""
    return {
        "fraction": stats["limit_fraction"],
        "rate": stats["messages_per_second"],
        "accepted": stats["messages_accepted"],
        "too_many_requests": stats["too_many_requests"],
        "duplicates": stats["duplicates"],
        "losses": chats - stats["chats"],
        "failed": failed,
        "peak_per_second": stats["peak_per_second"],
        "stats": stats,
        **extra,
    }


async def _drain_all(url: str, chats: int) -> dict[str, Any]:
    from bot.delivery import DeliveryOptions

    async with strict_emulator() as emu:
        started = time.monotonic()
        outcomes, failed = await drain_until_done(url, emu.bot_base_url, emu.file_base_url)
        wall = time.monotonic() - started
        stats = await emu.stats()
    options = DeliveryOptions()
    return figures(stats, chats, failed, wall_s=wall, outcomes=outcomes,
                   options={"rate": options.rate, "in_flight": options.in_flight})


def run(ctx: Context) -> list[Figure]:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    chats = max(CHATS, ctx.size(CHATS))
    ctx.log(f"fan-out: queuing a digest for {chats:,} chats")
    template = _template(ctx, chats)
    results = []
    for i in range(max(1, ctx.runs)):
        copy = ctx.scratch(f"fanout-{i}") / template.name
        shutil.copyfile(template, copy)
        ctx.log(f"fan-out run {i + 1}: draining in real time against the strict emulator")
        results.append(asyncio.run(_drain_all(sqlite_url(copy), chats)))
        ctx.log(f"fan-out run {i + 1}: {_summary(results[-1])}")
    together = _with_workers(ctx, template, chats) if ctx.postgres else []
    ctx.details.setdefault(FAMILY, {}).update({"chats": chats, "runs": results, "workers_runs": together})

    def figure(name: str, key: str, unit: str, runs: list[dict[str, Any]] = results, **kwargs: Any) -> Figure:
        values = [r[key] for r in runs]
        return Figure(FAMILY, name, median(values), unit, runs=values, **kwargs)

    rate = median([r["rate"] for r in results])
    shown = [
        figure(f"fan-out {chats:,} chats: rate / Telegram's 30 msg/s", "fraction", "of limit", limit=1.0,
               limit_label="(30 msg/s)", target=TARGET_FRACTION, op=">=",
               detail=f"{fmt(rate)} msg/s, real time, strict emulator (30 in any sliding second)"),
        figure("fan-out 429 responses", "too_many_requests", "count", target=0, op="=="),
        figure("fan-out duplicates", "duplicates", "messages", target=0, op="=="),
        figure("fan-out losses (chats without the digest)", "losses", "chats", target=0, op="==",
               detail=f"failed outbox rows: {median([r['failed'] for r in results]):g}"),
        figure("fan-out most messages in any sliding second", "peak_per_second", "messages", limit=TELEGRAM_RATE,
               limit_label="(Telegram: 30)", target=TELEGRAM_RATE, op="<="),
    ]
    if together:
        lost = (f"{median([r['duplicates'] for r in together]):g} duplicates, "
                f"{median([r['losses'] for r in together]):g} lost")
        shown += [
            figure("fan-out, 2 workers on PostgreSQL: rate / 30 msg/s", "fraction", "of limit", together, limit=1.0,
                   limit_label="(30 msg/s)", target=TARGET_FRACTION, op=">=",
                   detail=f"{fmt(median([r['rate'] for r in together]))} msg/s together; {lost}"),
            figure("fan-out, 2 workers: 429 responses", "too_many_requests", "count", together, target=0, op="=="),
            figure("fan-out, 2 workers: most in any sliding second", "peak_per_second", "messages", together,
                   limit=TELEGRAM_RATE, limit_label="(Telegram: 30)", target=TELEGRAM_RATE, op="<="),
        ]
    return shown


def _with_workers(ctx: Context, template: Path, chats: int) -> list[dict[str, Any]]:
    from bench.fanout_workers import WORKERS, postgres_outbox, run_workers

    assert ctx.postgres is not None
    results = []
    for i in range(max(1, ctx.runs)):
        with postgres_outbox(ctx.postgres, template) as url:
            ctx.log(f"fan-out run {i + 1}: {WORKERS} worker processes on PostgreSQL, one send budget")
            results.append(asyncio.run(run_workers(url, chats)))
        ctx.log(f"fan-out run {i + 1}, {WORKERS} workers: {_summary(results[-1])}")
    return results


def _summary(result: dict[str, Any]) -> str:
    return (f"{result['fraction']:.3f} of 30/s ({result['rate']:.2f} msg/s), {result['too_many_requests']} x 429, "
            f"{result['duplicates']} duplicates, {result['losses']} lost, peak second {result['peak_per_second']}")
