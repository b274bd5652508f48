"""A running bot for end-to-end tests: the real PTB Application polling the local Bot API emulator.

The database is a SQLite file in the test's directory unless the test passes ``database_url``: the ``db_url``
fixture (tests/support/db.py) gives a fresh database on every configured backend, PostgreSQL included.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from telegram.ext import Application

from bot.console import polling_against
from bot.settings import Settings
from emulator import ApiCall, BotApiEmulator, Chat, User
from storage.engine import create_engine_for
from storage.migrate import upgrade
from tests.support.paths import SEEDS

TOKEN = "123456789:TESTtestTESTtestTESTtestTESTtest000"
REPLY_METHODS = ("sendMessage", "editMessageText")


@dataclass
class RunningBot:
    emu: BotApiEmulator
    app: Application
    settings: Settings

    async def say(self, chat: Chat, user: User, text: str, *, expect: int = 1, wait: float = 10.0) -> list[ApiCall]:
        """Send ``text`` as ``user`` in ``chat``; return the bot's replies to that chat (at least ``expect``)."""
        before = len(self.emu.calls)
        self.emu.send_text(chat, user, text)
        return await self._collect(chat, before, expect, wait)

    async def press(self, chat: Chat, user: User, message_id: int, data: str, *, expect: int = 1) -> list[ApiCall]:
        before = len(self.emu.calls)
        self.emu.press_button(chat, user, message_id, data)
        return await self._collect(chat, before, expect, 10.0)

    async def _collect(self, chat: Chat, before: int, expect: int, wait: float) -> list[ApiCall]:
        if expect:
            await self.emu.wait_for(
                lambda: len([c for c in self.emu.calls[before:] if c.method in REPLY_METHODS
                             and c.chat_id == chat.id]) >= expect, timeout=wait)
        await self.emu.wait_idle(timeout=wait, quiet=0.15)
        return [c for c in self.emu.calls[before:] if c.method in REPLY_METHODS and c.chat_id == chat.id]


@asynccontextmanager
async def running_bot(
    tmp_path: Path, *, database_url: str | None = None, seeds: Path = SEEDS, **overrides: object
) -> AsyncIterator[RunningBot]:
    """Seeds ingested into ``database_url`` (default: a new SQLite file), the application started in polling mode."""
    from scan import run_ingest

    seeds_dir = tmp_path / "seeds"
    shutil.copytree(seeds, seeds_dir, dirs_exist_ok=True)
    values: dict[str, object] = {"DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'bot.db'}",
                                 "SEEDS_DIR": seeds_dir,
                                 # the feed job never reads a sources.yaml lying in the working directory
                                 "SOURCES_FILE": tmp_path / "sources.yaml"}
    values.update(overrides)
    settings = Settings(**values)  # type: ignore[arg-type]
    engine = create_engine_for(settings.database_url)
    upgrade(engine)
    run_ingest(engine=engine, directory=seeds_dir, settle_seconds=0.0)
    try:
        async with BotApiEmulator(token=TOKEN, bot_username="EnergyBridgeBot") as emu:
            async with polling_against(emu, settings, engine) as app:
                yield RunningBot(emu, app, app.bot_data["settings"])
    finally:
        engine.dispose()
