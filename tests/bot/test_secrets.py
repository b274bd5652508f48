"""No secret in a log: a token Telegram rejects exits 2 with one line and is printed nowhere; DEBUG logs keep the
webhook secret and the token out; a webhook without WEBHOOK_SECRET refuses to start."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path

from bot.cli.startup import RedactSecrets
from emulator import BotApiEmulator
from tests.support.botkit import TOKEN
from tests.support.processes import free_port, stop

REJECTED = "987654321:REJECTEDrejectedREJECTEDrejected_-x"  # well-formed, unknown to the emulator
SECRET = "webhook-Secret_for-tests-42"


async def _run(tmp_path: Path, env: dict[str, str], *args: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli", "run", *args, cwd=tmp_path,
                                                env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env},
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode is not None
    return proc.returncode, out.decode(errors="replace"), err.decode(errors="replace")


def _env(tmp_path: Path, emu: BotApiEmulator, token: str, **more: str) -> dict[str, str]:
    (tmp_path / "seeds").mkdir(exist_ok=True)
    return {"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_BASE_URL": emu.bot_base_url,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}", "SEEDS_DIR": str(tmp_path / "seeds"),
            "SOURCES_FILE": str(tmp_path / "sources.yaml"), **more}


async def test_a_rejected_token_exits_2_with_one_line_and_is_printed_nowhere(tmp_path: Path) -> None:
    async with BotApiEmulator(token=TOKEN) as emu:
        code, out, err = await _run(tmp_path, _env(tmp_path, emu, REJECTED))
        assert code == 2
        assert out == "" and err.strip().splitlines() == [
            "energybridge: Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized): check it with @BotFather."]
        # Every log line too, at DEBUG (request URLs, the 401, PTB's InvalidToken and its traceback).
        code, out, err = await _run(tmp_path, _env(tmp_path, emu, REJECTED, LOG_LEVEL="DEBUG"))
        assert code == 2 and "getMe" in err
        assert REJECTED not in out + err and REJECTED.split(":")[1] not in out + err
        assert emu.calls_to("getMe")  # the token was really tried against the server
    assert not (tmp_path / "bot.db").exists()  # refused before touching the database


async def test_a_webhook_without_a_secret_refuses_to_start(tmp_path: Path) -> None:
    async with BotApiEmulator(token=TOKEN) as emu:
        env = _env(tmp_path, emu, TOKEN, WEBHOOK_URL="https://bot.example.com/telegram", WEBHOOK_SECRET="")
        code, out, err = await _run(tmp_path, env, "--webhook")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "WEBHOOK_SECRET is required" in err, err
    assert not (tmp_path / "bot.db").exists()


async def test_debug_logs_keep_the_webhook_secret_and_the_token_out(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    log = tmp_path / "bot.log"
    async with BotApiEmulator(token=TOKEN) as emu:
        env = _env(tmp_path, emu, TOKEN, LOG_LEVEL="DEBUG", WEBHOOK_URL=url, WEBHOOK_SECRET=SECRET,
                   WEBHOOK_LISTEN="127.0.0.1", WEBHOOK_PORT=str(port))
        with log.open("wb") as sink:
            bot = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot.cli", "run", "--webhook", cwd=tmp_path,
                env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env}, stdout=sink, stderr=sink)
        try:
            registered = await emu.wait_for(lambda: emu.calls_to("setWebhook", ok=True), timeout=60)
            assert registered[0].params.get("secret_token") == SECRET  # Telegram got it; the log must not
        finally:
            await stop(bot)
    text = log.read_text(errors="replace")
    assert "setWebhook" in text and "<secret>" in text  # PTB logged the call's parameters, redacted
    assert SECRET not in text and TOKEN not in text and TOKEN.split(":")[1] not in text


def test_the_filter_redacts_formatted_exceptions_and_stacks() -> None:
    records: list[str] = []
    handler = logging.Handler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.emit = lambda record: records.append(handler.format(record))  # type: ignore[method-assign]
    handler.addFilter(RedactSecrets(TOKEN, SECRET))
    logger = logging.getLogger("tests.secrets")
    logger.addHandler(handler)
    try:
        try:
            raise RuntimeError(f"The token `{TOKEN}` was rejected; secret {SECRET}")
        except RuntimeError:
            logger.exception("start failed for %s", TOKEN, stack_info=True)
    finally:
        logger.removeHandler(handler)
    [text] = records
    assert TOKEN not in text and SECRET not in text
    assert "start failed for <token>" in text and "The token `<token>` was rejected; secret <secret>" in text
