"""Command round trip through the emulator: update injected -> reply recorded, with 1 and 50 users.

The real ``Application`` (``bot.app.build_application``, production settings: AIORateLimiter, concurrent
updates, post_init with menus and jobs) polls a local ``BotApiEmulator`` (no rate limits enforced) in this
process, on a copy of the 10,000-article store, as in ``tests/support/botkit.py``. A simulated user sends one of
``/project``, ``/country``, ``/person``, ``/search``, ``/latest``, with the arguments of the query benchmark
(``_commands``: 30 different texts), in turn; the round trip runs from just before the update
is injected to the arrival time the emulator records for the bot's first ``sendMessage`` to that chat.

Users: 50 at once, each sending a command, waiting for the reply, then thinking 1-3 s (about 24 commands/s in
all: a busy bot, below the 30 messages/s Telegram allows a bot, which the AIORateLimiter enforces); and 1 user
alone (0.1 s between commands). A user id sends at most 10 commands (the bot answers more than 20 a minute
from one user with "slow down"), then the slot continues as a new user, with a new private chat. The
limit beside each figure: the same load on a do-nothing bot (one handler that sends "ok", same PTB set-up),
i.e. what PTB, HTTP and the emulator cost before the bot does any work.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench import stores
from bench.context import Context, sqlite_url
from bench.queries import BASE_FILES
from bench.report import Figure, fmt, median, percentile

FAMILY = "roundtrip"
STORE_SIZE = 10_000
TOKEN = "123456789:BENCHbenchBENCHbenchBENCHbench0000"
TARGET_P95_MS = 100.0  # at 50 users
USERS = (1, 50)
COMMANDS_PER_USER = {1: 30, 50: 5}  # per run
THINK_S = {1: (0.1, 0.1), 50: (1.0, 3.0)}
COMMANDS_PER_USER_ID = 10  # the flood guard answers the 21st command in a minute with "slow down"
LANGUAGES = ("en", "ru", "kk", "ky", "uz", "tg", "az")


@dataclass
class _Replies:
    """Resolves a future per chat when the emulator records the bot's first sendMessage to it."""

    emu: Any
    seen: int = 0
    closed: bool = False

    def __post_init__(self) -> None:
        self.waiting: dict[int, asyncio.Future[float]] = {}

    def pump(self) -> bool:
        calls = self.emu.calls
        while self.seen < len(calls):
            call = calls[self.seen]
            self.seen += 1
            if call.method == "sendMessage" and call.chat_id in self.waiting:
                future = self.waiting.pop(call.chat_id)
                if not future.done():
                    future.set_result(call.time)
        return self.closed


def _commands(url: str) -> list[str]:
    """The command texts users send, in turn: every argument ``bench.queries`` measures (project aliases,
    country names and codes in several languages, people's names, one misspelt, words to search), the kinds
    interleaved, and ``/latest``, plain and with a count."""
    from bench.queries import arguments

    found = arguments(url)
    by_kind = [[f"/{kind} {a}" for a in found[kind]] for kind in ("project", "country", "person", "search")]
    by_kind.append(["/latest", "/latest 10"])
    longest = max(len(texts) for texts in by_kind)
    return [texts[i % len(texts)] for i in range(longest) for texts in by_kind]


async def _load(emu: Any, users: int, commands: list[str], per_user: int, think: tuple[float, float],
                seed: int) -> list[float]:
    """Run ``users`` simulated users at once; return every round trip in ms."""
    from emulator import Chat, User

    replies = _Replies(emu)
    pump = asyncio.create_task(emu.wait_for(replies.pump, timeout=3600))
    loop = asyncio.get_running_loop()
    samples: list[float] = []

    async def user(slot: int) -> None:
        rng = random.Random(seed * 1000 + slot)
        await asyncio.sleep(rng.uniform(0, think[1]))  # users do not all start at the same instant
        for i in range(per_user):
            uid = 500_000_000 + seed * 1_000_000 + slot * 1000 + i // COMMANDS_PER_USER_ID
            person = User(uid, first_name=f"User{uid}", language_code=LANGUAGES[uid % len(LANGUAGES)])
            future: asyncio.Future[float] = loop.create_future()
            replies.waiting[uid] = future
            started = time.time()
            emu.send_text(Chat.for_user(person), person, commands[(slot + i) % len(commands)])
            replied = await asyncio.wait_for(future, timeout=60)
            samples.append((replied - started) * 1000)
            await asyncio.sleep(rng.uniform(*think))

    try:
        await asyncio.gather(*(user(slot) for slot in range(users)))
    finally:
        replies.closed = True
        pump.cancel()
    return samples


def _floor_application(emu: Any) -> Any:
    """The do-nothing bot: same PTB set-up as ``build_application``, one handler that answers "ok"."""
    from telegram import Update
    from telegram.ext import AIORateLimiter, ApplicationBuilder, ContextTypes, MessageHandler, filters

    async def ok(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        await context.bot.send_message(chat_id=update.effective_chat.id, text="ok")

    app = (ApplicationBuilder().token(TOKEN).base_url(emu.bot_base_url).base_file_url(emu.file_base_url)
           .concurrent_updates(True).connection_pool_size(64).pool_timeout(30.0)
           .rate_limiter(AIORateLimiter(max_retries=3)).build())
    app.add_handler(MessageHandler(filters.ALL, ok))
    return app


async def _session(ctx: Context, url: str | None, make: Callable[[Any], Any] | None,
                   runs: int) -> dict[int, list[list[float]]]:
    """Start the bot (``url``: the real one on that store; else the floor bot); run every load ``runs`` times."""
    from emulator import BotApiEmulator

    async with BotApiEmulator(token=TOKEN) as emu:
        engine = None
        if url is not None:
            from bot.app import build_application
            from bot.settings import Settings
            from storage.engine import create_engine_for

            settings = Settings(DATABASE_URL=url, SEEDS_DIR=ctx.scratch("roundtrip-seeds"),  # type: ignore[call-arg]
                                TELEGRAM_API_BASE_URL=emu.bot_base_url)
            engine = create_engine_for(url)
            app = build_application(settings, engine, token=TOKEN)
            commands = _commands(url)
        else:
            app = (make or _floor_application)(emu)
            commands = ["/project CASA1000", "/country Kazakhstan", "/person X", "/search energy", "/latest"]  # "ok"
        await app.initialize()
        if app.post_init:
            await app.post_init(app)
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        results: dict[int, list[list[float]]] = {}
        try:
            await _load(emu, 5, commands, 2, (0.05, 0.1), seed=99)  # warm-up: imports, catalogs, page cache
            for users in USERS:
                results[users] = []
                for run in range(runs):
                    per_user = max(2, round(COMMANDS_PER_USER[users] * min(1.0, ctx.scale)))
                    results[users].append(await _load(emu, users, commands, per_user, THINK_S[users], seed=run + 1))
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()
            if engine is not None:
                engine.dispose()
    return results


def run(ctx: Context) -> list[Figure]:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    store = stores.synthetic(ctx, ctx.size(STORE_SIZE), ctx.size(BASE_FILES))
    copy = stores.working_copy(ctx, store, "roundtrip")
    ctx.log(f"round trip: the bot on {ctx.size(STORE_SIZE):,} articles")
    bot = asyncio.run(_session(ctx, sqlite_url(copy), None, ctx.runs))
    ctx.log("round trip: the do-nothing bot (one run: a reference, not a figure)")
    floor = asyncio.run(_session(ctx, None, None, 1))
    figures = []
    details: dict[str, Any] = {}
    for users in USERS:
        p = {q: median([percentile(r, q) for r in bot[users]]) for q in (50, 95, 99)}
        f = {q: median([percentile(r, q) for r in floor[users]]) for q in (50, 95)}
        last = users == USERS[-1]
        figures.append(Figure(
            FAMILY, f"round trip, {users} user{'s' if users > 1 else ''}, p95", p[95], "ms", f[95],
            "ms do-nothing bot", target=TARGET_P95_MS if last else None, op="<" if last else "",
            runs=[percentile(r, 95) for r in bot[users]],
            detail=f"p50 {fmt(p[50])} · p99 {fmt(p[99])} ms (do-nothing p50 {fmt(f[50])}); "
                   f"{sum(len(r) for r in bot[users])} commands",
            extra={"p50": p[50], "p99": p[99], "floor_p50": f[50]},
        ))
        details[str(users)] = {"samples_per_run": [len(r) for r in bot[users]], "think_s": THINK_S[users]}
    ctx.details[FAMILY] = details
    return figures
