"""Console chat and one-shot ``ask``: the real Application against the local Bot API emulator."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import html
import re
import sys
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine
from telegram.ext import Application

from bot.app import build_application
from bot.settings import Settings
from emulator import ApiCall, BotApiEmulator, Chat, User

# How long the console waits for the bot's answer to a command before saying it got none.
REPLY_TIMEOUT_SECONDS = 15.0
# Quiet time after the last reply before the answer is considered complete (multi-part answers).
SETTLE_SECONDS = 0.3
CONSOLE_TOKEN = "1000000001:CONSOLEconsoleCONSOLEconsoleCONSOLE00"
# Where the console saves the photos (/trend) and documents (/export) the bot sends; a file is named by its content,
# so asking again writes the same file.
MEDIA_DIR = Path(tempfile.gettempdir()) / "energybridge-console"
_MEDIA_METHODS = {"sendPhoto": "photo", "sendDocument": "document"}
_REPLY_METHODS = ("sendMessage", "editMessageText", *_MEDIA_METHODS)


@dataclass
class Session:
    emulator: BotApiEmulator
    app: Application
    chat: Chat
    user: User
    last_keyboard: list[tuple[str, str]]
    last_message_id: int | None = None
    media_dir: Path = MEDIA_DIR


def save_media(call: ApiCall, directory: Path) -> str:
    """Save the photo or document of a sendPhoto/sendDocument call; return the console line naming the file."""
    field = _MEDIA_METHODS[call.method]
    data = call.files.get(field, b"")
    name = "photo.png" if field == "photo" else "document"
    document = (call.result or {}).get("document") if isinstance(call.result, dict) else None
    if isinstance(document, dict) and document.get("file_name"):
        name = Path(str(document["file_name"])).name
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{hashlib.sha1(data).hexdigest()[:10]}-{name}"
    path.write_bytes(data)
    caption = to_console(str(call.params.get("caption") or ""))
    return f"[{field} saved to {path}]" + (f"\n{caption}" if caption else "")


def to_console(text: str) -> str:
    """Telegram HTML to terminal text: bold as is, tags removed, entities decoded."""
    return html.unescape(re.sub(r"</?[a-z-]+[^>]*>", "", text))


@contextlib.asynccontextmanager
async def polling_against(emulator: BotApiEmulator, settings: Settings, engine: Engine) -> AsyncIterator[Application]:
    """The real Application, started as ``run_polling()`` starts it, polling the local emulator."""
    app = build_application(settings.model_copy(update={"telegram_api_base_url": emulator.bot_base_url}), engine,
                            token=emulator.token, rate_limiter=False)
    await app.initialize()
    if app.post_init:  # run_polling() calls it; starting by hand must too
        await app.post_init(app)
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


@contextlib.asynccontextmanager
async def console_session(settings: Settings, engine: Engine, language: str) -> AsyncIterator[Session]:
    async with BotApiEmulator(token=CONSOLE_TOKEN, bot_username="EnergyBridgeBot") as emulator:
        async with polling_against(emulator, settings, engine) as app:
            yield Session(emulator, app, Chat(id=1001, type="private"),
                          User(id=1001, first_name="Console", language_code=language), [])


async def exchange(session: Session, text: str) -> list[str]:
    """Send ``text`` as the console user (or press a button: ``/press N``) and return the bot's replies."""
    emu = session.emulator
    before = len(emu.calls)
    press = re.fullmatch(r"/press\s+(\d+)", text.strip())
    if press:
        index = int(press.group(1)) - 1
        if not (0 <= index < len(session.last_keyboard)) or session.last_message_id is None:
            return ["(no such button)"]
        emu.press_button(session.chat, session.user, session.last_message_id, session.last_keyboard[index][1])
    else:
        emu.send_text(session.chat, session.user, text)
    deadline = asyncio.get_running_loop().time() + REPLY_TIMEOUT_SECONDS
    seen = before
    quiet_since = None
    while asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.05)
        replies = [c for c in emu.calls[before:] if c.method in _REPLY_METHODS]
        if len(emu.calls) != seen:
            seen, quiet_since = len(emu.calls), asyncio.get_running_loop().time()
        elif replies and quiet_since and asyncio.get_running_loop().time() - quiet_since > SETTLE_SECONDS:
            break
    out: list[str] = []
    for call in emu.calls[before:]:
        if call.method in _MEDIA_METHODS and call.ok:
            out.append(save_media(call, session.media_dir))
            continue
        if call.method not in ("sendMessage", "editMessageText"):
            continue
        out.append(to_console(str(call.params.get("text", ""))))
        markup = call.params.get("reply_markup") or {}
        buttons = [(b["text"], b.get("callback_data", "")) for row in markup.get("inline_keyboard", []) for b in row]
        if buttons:
            session.last_keyboard = buttons
            result = call.response.get("result") if isinstance(call.response, dict) else None
            if isinstance(result, dict):
                session.last_message_id = result.get("message_id")
            elif call.method == "editMessageText":
                session.last_message_id = int(call.params.get("message_id", 0)) or session.last_message_id
            out.append("   " + "  ".join(f"[{i}] {label}" for i, (label, _) in enumerate(buttons, 1))
                       + "   (type /press N)")
    return out or ["(no reply)"]


async def chat_loop(settings: Settings, engine, language: str) -> int:
    async with console_session(settings, engine, language) as session:
        print("Energy Bridge console: the real bot against a local Bot API emulator, on the seed articles.")
        print("Try /help, /project CASA1000, /country Tajikistan, /latest. /as kk switches your Telegram "
              "language; /press N presses a button; /quit leaves.\n")
        while True:
            try:
                line = await asyncio.to_thread(input, f"[{session.user.language_code}] you> ")
            except (EOFError, KeyboardInterrupt):
                print()
                return 0
            line = line.strip()
            if not line:
                continue
            if line in ("/quit", "/exit"):
                return 0
            switch = re.fullmatch(r"/as\s+([a-z]{2})", line)
            if switch:
                session.user = User(id=session.user.id, first_name="Console", language_code=switch.group(1))
                print(f"(your Telegram language is now {switch.group(1)})")
                continue
            for reply in await exchange(session, line):
                print(f"bot> {reply}\n")


async def ask_once(settings: Settings, engine, text: str, language: str) -> int:
    async with console_session(settings, engine, language) as session:
        replies = await exchange(session, text)
        sys.stdout.write("\n\n".join(replies) + "\n")
    return 0
