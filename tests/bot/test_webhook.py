"""``energybridge run --webhook``: the bot registers its webhook, answers updates posted with the secret, refuses
the others (403), and refuses to start without WEBHOOK_URL."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest
from pydantic import ValidationError

from bot.cli.run import check_webhook_url
from bot.settings import Settings
from emulator import BotApiEmulator, Chat, User
from tests.support.botkit import TOKEN
from tests.support.processes import stop

SECRET = "s3cret-Token_for-tests"
HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEB = User(id=4301, first_name="Web", language_code="en")
INTRUDER = User(id=4302, first_name="Intruder", language_code="en")
READER = User(id=4303, first_name="Reader", language_code="en")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_update(update_id: int, user: User) -> dict:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": int(time.time()), "text": "/start",
        "chat": Chat.for_user(user).to_dict(), "from": user.to_dict(),
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
    }}


async def _listening(port: int, bot: asyncio.subprocess.Process) -> None:
    """Wait until the bot's webhook server accepts connections (PTB calls setWebhook before it listens)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            assert bot.returncode is None, "the bot exited"
            assert time.monotonic() < deadline, f"nothing listens on port {port}"
            await asyncio.sleep(0.05)
            continue
        writer.close()
        await writer.wait_closed()
        return


async def test_webhook_answers_the_right_secret_and_refuses_a_wrong_one(tmp_path: Path, db_url: str) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    (tmp_path / "seeds").mkdir()
    log = tmp_path / "bot.log"
    async with BotApiEmulator(token=TOKEN) as emu:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": emu.bot_base_url,
               "DATABASE_URL": db_url, "SEEDS_DIR": str(tmp_path / "seeds"), "LOG_LEVEL": "WARNING",
               "WEBHOOK_URL": url, "WEBHOOK_SECRET": SECRET, "WEBHOOK_LISTEN": "127.0.0.1", "WEBHOOK_PORT": str(port)}
        with log.open("wb") as stderr:
            bot = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli", "run", "--webhook",
                                                       cwd=tmp_path, env=env, stdout=stderr, stderr=stderr)
        try:
            registered = await emu.wait_for(lambda: [c for c in emu.calls_to("setWebhook", ok=True)
                                                     if c.params.get("url") == url], timeout=60)
            assert registered[0].params.get("secret_token") == SECRET
            await _listening(port, bot)

            async with aiohttp.ClientSession() as http:
                async with http.post(url, json=_start_update(1, WEB), headers={HEADER: SECRET}) as answer:
                    assert answer.status == 200
                reply = await emu.wait_for_calls("sendMessage", chat_id=WEB.id, ok=True, timeout=20)
                assert "/project" in str(reply[0].params["text"])

                for headers in ({HEADER: "wrong-secret"}, {}):
                    async with http.post(url, json=_start_update(2, INTRUDER), headers=headers) as refused:
                        assert refused.status == 403

            # Updates Telegram itself delivers (the emulator posts them with the secret) are answered too.
            emu.send_text(Chat.for_user(READER), READER, "/start")
            await emu.wait_for_calls("sendMessage", chat_id=READER.id, ok=True, timeout=20)
            await emu.wait_idle(timeout=5, quiet=0.3)
            assert not emu.calls_to("sendMessage", chat_id=INTRUDER.id)
        finally:
            await stop(bot)
    assert bot.returncode == 0, log.read_text(errors="replace")[-2000:]


def test_webhook_without_url_exits_2_with_one_line(tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TELEGRAM_BOT_TOKEN": TOKEN,
           "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "WEBHOOK_URL": ""}
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "run", "--webhook"], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=60)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "WEBHOOK_URL" in proc.stderr, proc.stderr
    assert not (tmp_path / "x.db").exists()  # refused before touching the database


@pytest.mark.parametrize("url, ok", [("https://bot.example.com/telegram", True), ("http://127.0.0.1:8443/t", True),
                                     (None, False), ("", False), ("bot.example.com/telegram", False),
                                     ("ftp://bot.example.com/telegram", False), ("https:///telegram", False)])
def test_webhook_url_check(url: str | None, ok: bool) -> None:
    assert (check_webhook_url(url) is None) is ok


def test_a_secret_telegram_would_refuse_is_an_invalid_setting() -> None:
    assert Settings(WEBHOOK_SECRET="Ok_secret-123").webhook_secret == "Ok_secret-123"
    assert Settings(WEBHOOK_SECRET="").webhook_secret is None
    with pytest.raises(ValidationError, match="WEBHOOK_SECRET"):
        Settings(WEBHOOK_SECRET="no spaces: allowed")
