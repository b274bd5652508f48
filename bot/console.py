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
# The console's private chat (and user) id for each language: each language is its own chat, so a setting made
# while trying one language (/language, /timezone, a subscription) does not follow into another.
PRIVATE_CHAT_BASE = 1001
# The chats ``/as group`` and ``/as channel`` play (a supergroup and a public channel with the console user in it).
GROUP_CHAT = Chat(id=-1001001, type="supergroup", title="Console group")
CHANNEL_CHAT = Chat(id=-1001002, type="channel", title="Console channel", username="console_channel")
# How often ``energybridge chat`` looks for messages the bot sends on its own (alerts, digests).
DELIVERY_POLL_SECONDS = 0.5


@dataclass
class Session:
    emulator: BotApiEmulator
    app: Application
    chat: Chat
    user: User
    last_keyboard: list[tuple[str, str]]
    last_message_id: int | None = None
    media_dir: Path = MEDIA_DIR
    seen_calls: int = 0  # emulator calls already shown (replies or deliveries)
    busy: bool = False  # an exchange is waiting for its replies


def console_chat(kind: str, language: str, chat_id: int | None = None) -> Chat:
    """The chat the console plays: ``private`` (one per language, or ``chat_id``), ``group`` or ``channel``."""
    if kind == "group":
        return GROUP_CHAT
    if kind == "channel":
        return CHANNEL_CHAT
    from ui.i18n import SUPPORTED_LANGUAGES

    index = SUPPORTED_LANGUAGES.index(language) if language in SUPPORTED_LANGUAGES else 0
    return Chat(id=chat_id or PRIVATE_CHAT_BASE + index, type="private", first_name="Console")


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
async def console_session(settings: Settings, engine: Engine, language: str, *, chat_id: int | None = None,
                          kind: str = "private") -> AsyncIterator[Session]:
    async with BotApiEmulator(token=CONSOLE_TOKEN, bot_username="EnergyBridgeBot") as emulator:
        async with polling_against(emulator, settings, engine) as app:
            private = console_chat("private", language, chat_id)
            yield Session(emulator, app, console_chat(kind, language, chat_id),
                          User(id=private.id, first_name="Console", language_code=language), [])


def deliveries(session: Session) -> list[str]:
    """What the bot sent to the console's chat on its own since last shown (alerts, digests), as console lines."""
    calls = session.emulator.calls
    out = [to_console(str(c.params.get("text", ""))) for c in calls[session.seen_calls:]
           if c.method == "sendMessage" and c.chat_id == session.chat.id]
    session.seen_calls = len(calls)
    return out


async def exchange(session: Session, text: str, *, wait_seconds: float = REPLY_TIMEOUT_SECONDS) -> list[str]:
    """Send ``text`` as the console user (or press a button: ``/press N``) and return the bot's replies (waiting at
    most ``wait_seconds`` for the first)."""
    emu = session.emulator
    before = len(emu.calls)
    session.busy = True
    try:
        return await _exchange(session, text, before, wait_seconds)
    finally:
        session.seen_calls = max(session.seen_calls, len(emu.calls))
        session.busy = False


async def _exchange(session: Session, text: str, before: int, wait_seconds: float) -> list[str]:
    emu = session.emulator
    press = re.fullmatch(r"/press\s+(\d+)", text.strip())
    if press:
        index = int(press.group(1)) - 1
        if not (0 <= index < len(session.last_keyboard)) or session.last_message_id is None:
            return ["(no such button)"]
        emu.press_button(session.chat, session.user, session.last_message_id, session.last_keyboard[index][1])
    else:
        emu.send_text(session.chat, session.user, text)
    deadline = asyncio.get_running_loop().time() + wait_seconds
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


async def _print_deliveries(session: Session) -> None:
    """Show alerts and digests as they arrive, between exchanges."""
    while True:
        await asyncio.sleep(DELIVERY_POLL_SECONDS)
        if not session.busy:
            for text in deliveries(session):
                print(f"\nbot (delivered)> {text}\n")


def switch_role(session: Session, what: str) -> str:
    """``/as kk`` (Telegram language), ``/as group``, ``/as channel`` or ``/as private`` (the chat played)."""
    language = session.user.language_code or "en"
    if what in ("group", "channel", "private"):
        session.chat = console_chat(what, language)
        session.last_keyboard, session.last_message_id = [], None
        return f"(you now write in the {what} chat {session.chat.id})"
    session.user = User(id=session.user.id, first_name="Console", language_code=what)
    if session.chat.type == "private":
        session.chat = console_chat("private", what)
        session.user = User(id=session.chat.id, first_name="Console", language_code=what)
    return f"(your Telegram language is now {what})"


async def chat_loop(settings: Settings, engine, language: str, *, chat_id: int | None = None,
                    kind: str = "private") -> int:
    async with console_session(settings, engine, language, chat_id=chat_id, kind=kind) as session:
        print("Energy Bridge console: the real bot against a local Bot API emulator, on the seed articles.")
        print("Try /help, /project CASA1000, /country Tajikistan, /latest. /as kk switches your Telegram "
              "language, /as group or /as channel the chat you write in (/as private goes back); /press N "
              "presses a button; alerts and digests show as they arrive; /quit leaves.\n")
        session.seen_calls = len(session.emulator.calls)
        printer = asyncio.create_task(_print_deliveries(session))
        try:
            return await _read_loop(session)
        finally:
            printer.cancel()


async def _read_loop(session: Session) -> int:
    """Read the console user's lines until /quit; print the bot's replies."""
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
        switch = re.fullmatch(r"/as\s+([a-z]{2}|group|channel|private)", line)
        if switch:
            print(switch_role(session, switch.group(1)))
            continue
        for reply in await exchange(session, line):
            print(f"bot> {reply}\n")


async def ask_once(settings: Settings, engine, text: str, language: str, *, chat_id: int | None = None,
                   kind: str = "private") -> int:
    async with console_session(settings, engine, language, chat_id=chat_id, kind=kind) as session:
        replies = await exchange(session, text)
        sys.stdout.write("\n\n".join(replies) + "\n")
    return 0
