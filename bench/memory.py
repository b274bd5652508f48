"""Peak RSS of the bot process with 100,000 articles stored.

The bot runs as it does in production, ``python -m bot.cli run``, in a subprocess, with
``TELEGRAM_API_BASE_URL`` pointing at a ``BotApiEmulator`` in this process and ``DATABASE_URL`` at a copy of the
100,000-article store (``SEEDS_DIR`` empty). Once it polls, one user sends the commands that read most:
``/start`` (statistics), ``/projects``, ``/countries``, ``/project``, ``/country``, ``/person``, ``/search``,
``/latest``, ``/article``, each answered before the next. The figure is ``VmHWM`` (peak resident set) from
``/proc/PID/status`` after the last reply. The limit beside it: the same process and commands on a store of
the five seeds, i.e. what the 100,000 articles add.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

from bench import stores
from bench.context import Context, sqlite_url
from bench.corpus import ROOT, SEEDS
from bench.queries import BASE_FILES
from bench.report import Figure, fmt, median

FAMILY = "memory"
STORE_SIZE = 100_000
TARGET_MB = 300.0
TOKEN = "123456789:BENCHbenchBENCHbenchBENCHbench0000"
REPLY_TIMEOUT_S = 120.0


def _status(pid: int) -> dict[str, int]:
    """VmHWM and VmRSS of a process, in kB."""
    out: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            out[key] = int(value.split()[0])
    return out


def _commands(database: Path) -> list[str]:
    con = sqlite3.connect(database)
    try:
        person = con.execute(
            "SELECT p.name FROM people p JOIN article_people ap ON ap.person_id = p.id "
            "GROUP BY p.id ORDER BY count(*) DESC LIMIT 1").fetchone()
        (article,) = con.execute("SELECT max(id) FROM articles").fetchone()
    finally:
        con.close()
    return ["/start", "/projects", "/countries", "/project CASA1000", "/country Kazakhstan",
            f"/person {person[0] if person else 'Daler Juma'}", "/search energy", "/latest", f"/article {article}"]


async def _peak_rss(ctx: Context, database: Path) -> dict[str, Any]:
    from emulator import BotApiEmulator, Chat, User

    seeds = ctx.scratch("memory-seeds")
    async with BotApiEmulator(token=TOKEN) as emu:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": emu.bot_base_url,
               "DATABASE_URL": sqlite_url(database), "SEEDS_DIR": str(seeds), "LOG_LEVEL": "WARNING"}
        bot = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "run", env=env, cwd=ROOT,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )
        try:
            # PTB deletes any webhook right before its first getUpdates; that long poll itself is recorded only
            # when it returns (10 s later), so it is not what to wait for.
            await emu.wait_for_calls("deleteWebhook", timeout=REPLY_TIMEOUT_S)
            started = _status(bot.pid)
            user = User(77_000_001, first_name="Memory", language_code="en")
            chat = Chat.for_user(user)
            for command in _commands(database):
                before = len(emu.calls_to("sendMessage", chat.id))
                emu.send_text(chat, user, command)
                await emu.wait_for_calls("sendMessage", count=before + 1, chat_id=chat.id, timeout=REPLY_TIMEOUT_S)
            await emu.wait_idle(timeout=REPLY_TIMEOUT_S, quiet=0.5)
            status = _status(bot.pid)
        finally:
            # Killed, not stopped: a clean stop waits for the pending long poll (10 s); nothing is left to save.
            bot.kill()
            await bot.wait()
    return {"peak_mb": status["VmHWM"] / 1024, "rss_mb": status["VmRSS"] / 1024,
            "rss_polling_mb": started["VmRSS"] / 1024}


def _seed_store(ctx: Context) -> Path:
    from scan import run_ingest
    from storage.engine import create_engine_for
    from storage.migrate import upgrade

    directory = ctx.scratch("memory-baseline")
    path = directory / "seeds.sqlite"
    engine = create_engine_for(sqlite_url(path))
    try:
        upgrade(engine)
        run_ingest(engine=engine, directory=SEEDS, settle_seconds=0.0)
    finally:
        engine.dispose()
    return path


def run(ctx: Context) -> list[Figure]:
    if not Path("/proc/self/status").exists():
        ctx.log("memory: /proc is not available on this system; skipped")
        return []
    size = ctx.size(STORE_SIZE)
    store = stores.synthetic(ctx, size, ctx.size(BASE_FILES))
    results = []
    for i in range(ctx.runs):
        copy = stores.working_copy(ctx, store, f"memory-{i}")
        ctx.log(f"memory run {i + 1}: the bot process on {size:,} articles")
        results.append(asyncio.run(_peak_rss(ctx, copy)))
    ctx.log("memory: the bot process on the five seeds")
    baseline = asyncio.run(_peak_rss(ctx, _seed_store(ctx)))
    peak = median([r["peak_mb"] for r in results])
    ctx.details[FAMILY] = {"runs": results, "seeds_only": baseline}
    return [Figure(
        FAMILY, f"bot process peak RSS, {size:,} articles", peak, "MB", baseline["peak_mb"], "MB with 5 seeds",
        target=TARGET_MB, op="<", runs=[r["peak_mb"] for r in results],
        detail=f"RSS {fmt(median([r['rss_mb'] for r in results]))} MB after the commands, "
               f"{fmt(median([r['rss_polling_mb'] for r in results]))} MB when polling started",
    )]
