"""A bot process killed with SIGKILL halfway through a 120-chat digest finishes it after a restart, repeating at
most the messages it had in flight (``DELIVERY_IN_FLIGHT``), against an emulator enforcing Telegram's limits.

On each configured backend (SQLite, and PostgreSQL when ``TEST_DATABASE_URL`` is set).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from collections import Counter

from bot.jobs import _build_digest
from emulator import BotApiEmulator
from scan import run_ingest
from storage.engine import create_engine_for, write_session
from storage.migrate import upgrade
from storage.subscriptions import subscribe
from tests.support.botkit import TOKEN
from tests.support.paths import ROOT, SEEDS

CHATS = 120
IN_FLIGHT = 4


def _start_bot(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=open(os.environ.get("EB_LOG", os.devnull), "ab"))


async def test_sigkill_mid_digest_loses_nothing(tmp_path, db_url: str) -> None:
    engine = create_engine_for(db_url)
    upgrade(engine)
    chat_ids = list(range(800_001, 800_001 + CHATS))
    with write_session(engine) as session:
        for chat_id in chat_ids:
            subscribe(session=session, chat_id=chat_id, chat_type="private", title=None, topic="all", key="",
                      mode="daily")
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    run_ingest(engine=engine, directory=seeds, settle_seconds=0.0)
    for chat_id in chat_ids:  # what the daily job does at 08:00 for each chat
        queued, _ = _build_digest(engine, chat_id, "en")
        assert queued == 1
    engine.dispose()

    async with BotApiEmulator(token=TOKEN, enforce_limits=True) as emu:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": emu.bot_base_url,
               "DATABASE_URL": db_url, "SEEDS_DIR": str(seeds), "DELIVERY_POLL_SECONDS": "0.2",
               "DELIVERY_IN_FLIGHT": str(IN_FLIGHT), "LOG_LEVEL": "WARNING"}
        first = _start_bot(env)
        try:
            await emu.wait_for_calls("sendMessage", count=CHATS // 3, timeout=60)
        finally:
            first.kill()  # SIGKILL: no clean-up of any kind
            await asyncio.to_thread(first.wait, 10)
        sent_before_restart = len(emu.calls_to("sendMessage"))
        assert sent_before_restart < CHATS, "the digest finished before the kill; nothing was tested"

        second = _start_bot(env)
        try:
            await emu.wait_for(lambda: set(chat_ids) <= {c.chat_id for c in emu.calls_to("sendMessage", ok=True)},
                               timeout=90)
            await asyncio.sleep(0.5)
        finally:
            second.terminate()
            await asyncio.to_thread(second.wait, 20)  # the loop keeps serving the emulator meanwhile

    per_chat = Counter(c.chat_id for c in emu.calls_to("sendMessage", ok=True) if c.chat_id in set(chat_ids))
    assert set(per_chat) == set(chat_ids)  # nobody lost their digest
    duplicated = sum(n - 1 for n in per_chat.values())
    assert duplicated <= IN_FLIGHT, f"{duplicated} repeated messages: more than were in flight"
    assert not emu.calls_to("sendMessage", ok=False), "refused (429) messages"
