"""What every handler shares: database calls off the event loop, the reply language, sending replies."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlalchemy.engine import Engine
from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from ingest.language import detect_language, strip_command
from scan import IngestReport
from storage.chats import get_chat_language, upsert_chat
from storage.engine import read_session, write_session
from ui.i18n import SUPPORTED_LANGUAGES, Tr, tr
from ui.locale import pick_locale
from ui.render import split_message

logger = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class HandlerConfig:
    """The setting values handlers read (the application builds it from its settings)."""

    default_language: str = "en"
    admin_ids: frozenset[int] = frozenset()
    sources_file: Path | None = None  # the feeds listed by /sources (SOURCES_FILE)


class Jobs(Protocol):
    """What handlers may ask of the application's scheduled jobs."""

    async def scan_now(self) -> IngestReport: ...

    async def digest_now(self, chat_id: int) -> int: ...

    def schedule_digest(self, chat_id: int, digest_time: str, timezone: str) -> None: ...

    def unschedule_digest(self, chat_id: int) -> None: ...


@dataclass(frozen=True)
class Deps:
    """What the application hands to handlers through ``bot_data['deps']``."""

    engine: Engine
    config: HandlerConfig
    jobs: Jobs


def deps(context: ContextTypes.DEFAULT_TYPE) -> Deps:
    return context.application.bot_data["deps"]


async def db(context: ContextTypes.DEFAULT_TYPE, fn: Callable[..., T], /, **kwargs: Any) -> T:
    """Run a storage query with a fresh session in a worker thread (SQL never blocks the event loop)."""
    engine = deps(context).engine

    def call() -> T:
        with read_session(engine) as session:
            return fn(session=session, **kwargs)

    return await asyncio.to_thread(call)


async def db_write(context: ContextTypes.DEFAULT_TYPE, fn: Callable[..., T], /, **kwargs: Any) -> T:
    """Run a storage function that writes, in a transaction that takes the write lock up front (on SQLite a
    read that later wants to write fails at once with "database is locked" when another writer is active)."""
    engine = deps(context).engine

    def call() -> T:
        with write_session(engine) as session:
            return fn(session=session, **kwargs)

    return await asyncio.to_thread(call)


# chat_data[_LANGUAGE]: (the chat's /language choice or "" for none, time.monotonic() when read or set). A chat's
# record (its /language choice, whether its deliveries are paused) is read from the database at most once per
# CHAT_RECORD_TTL_S per chat and process, not on every command (a read was ~1-3 ms of each reply); webhook workers
# sharing one database see another worker's /language, or a pause after its failed delivery, within that time.
_LANGUAGE = "stored_language"
CHAT_RECORD_TTL_S = 30.0


async def stored_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | None:
    """The chat's /language choice (cached per chat for ``CHAT_RECORD_TTL_S``; ``remember_language`` updates it)."""
    chat = update.effective_chat
    cached = context.chat_data.get(_LANGUAGE) if context.chat_data is not None else None
    if cached is not None and time.monotonic() - cached[1] < CHAT_RECORD_TTL_S:
        return cached[0] or None
    if chat is None:
        return None
    language = await db(context, get_chat_language, chat_id=chat.id)
    remember_stored_language(context, language)
    return language or None


def remember_stored_language(context: ContextTypes.DEFAULT_TYPE, language: str | None) -> None:
    """Cache the chat's /language choice, read or just set (``handlers.general.resume_chat``, /language)."""
    if context.chat_data is not None:
        context.chat_data[_LANGUAGE] = (language or "", time.monotonic())


# Words a message needs before its language is guessed from it: a command's argument is mostly a name
# ("/country Tajikistan", "/person Daler Juma"), which says nothing of the reader's language, and two or three
# words are the ones langdetect confuses most (kk/ky, uz/en on "су электр станциясы", "gaz quvuri").
DETECT_MIN_WORDS = 4
# chat_data[_TEXT_LANGUAGE]: the language of the chat's last message long enough to tell.
_TEXT_LANGUAGE = "text_language"


async def language_for(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Tr:
    """The chat's /language choice, else the sender's Telegram language, else the typed text's, else default."""
    stored = await stored_language(update, context)
    user = update.effective_user
    message = update.effective_message
    typed = None
    if not stored and not (user and user.language_code) and message and message.text:
        text = strip_command(message.text)
        cache = context.chat_data if context.chat_data is not None else {}
        if len(text.split()) >= DETECT_MIN_WORDS:
            typed = cache[_TEXT_LANGUAGE] = detect_language(text)
        else:  # a name or a few words ("/country Tajikistan", "KG"): the language this chat last wrote in
            typed = cache.get(_TEXT_LANGUAGE)
    return tr(pick_locale(stored, user.language_code if user else None, SUPPORTED_LANGUAGES,
                          deps(context).config.default_language, typed))


async def remember_language(context: ContextTypes.DEFAULT_TYPE, update: Update, language: str) -> None:
    chat = update.effective_chat
    assert chat is not None
    await db_write(context, upsert_chat, chat_id=chat.id, type=chat.type, title=chat.title, language=language)
    remember_stored_language(context, language)


async def send(update: Update, context: ContextTypes.DEFAULT_TYPE, html: str,
               keyboard: InlineKeyboardMarkup | None = None) -> Message | None:
    """Send ``html`` to the update's chat, split under Telegram's limit; the keyboard goes on the last part."""
    chat = update.effective_chat
    if chat is None:
        return None
    parts = split_message(html)
    last: Message | None = None
    for i, part in enumerate(parts):
        last = await context.bot.send_message(
            chat_id=chat.id, text=part, parse_mode=ParseMode.HTML, disable_web_page_preview=True,
            reply_markup=keyboard if i == len(parts) - 1 else None,
        )
    return last


async def edit(update: Update, html: str, keyboard: InlineKeyboardMarkup | None) -> None:
    """Replace the text of the message whose button was pressed (the first part when too long); a second tap
    on the same button, which would change nothing, changes nothing (Telegram refuses an edit to the same text)."""
    query = update.callback_query
    assert query is not None
    try:
        await query.edit_message_text(split_message(html)[0], parse_mode=ParseMode.HTML, reply_markup=keyboard,
                                      disable_web_page_preview=True)
    except BadRequest as exc:
        if not is_not_modified(exc):
            raise


def is_not_modified(exc: BadRequest) -> bool:
    """Whether Telegram refused an edit because the message already reads so (a repeated tap)."""
    return "message is not modified" in exc.message.lower()


# A number typed as an argument or carried by a button: ASCII digits only (``str.isdigit`` also accepts "²" and
# other digits that ``int`` refuses) and at most 18 of them (database integers end at 2**63 - 1, and ``int`` of
# 4,300 digits or more raises).
_NUMBER = re.compile(r"[0-9]{1,18}")


def small_number(text: str) -> int | None:
    """``text`` as a non-negative integer when it is one of at most 18 ASCII digits, else None."""
    return int(text) if _NUMBER.fullmatch(text) else None


def button_parts(query: CallbackQuery, count: int) -> list[str] | None:
    """The button's data split on ":" into exactly ``count`` parts, the last one a number (a page offset); None
    for data the bot never sent (forged, or from an older version)."""
    parts = (query.data or "").split(":")
    if len(parts) != count or small_number(parts[-1]) is None:
        return None
    return parts


async def page_request(update: Update, context: ContextTypes.DEFAULT_TYPE) -> tuple[Tr, str, str, int] | None:
    """The reply language and the kind, key and offset of a page button (``pg:kind:key:offset``); None when
    the data is not one the bot sends (the button is then answered as expired)."""
    query = update.callback_query
    assert query is not None
    t = await language_for(update, context)
    parts = button_parts(query, 4)
    if parts is None:
        await answer_expired(query, t)
        return None
    return t, parts[1], parts[2], int(parts[3])


async def answer_expired(query: CallbackQuery, t: Tr) -> None:
    """Answer a button whose data cannot be used (forged, or from an older list) instead of failing."""
    await query.answer(t("This list has expired. Please send the command again."), show_alert=True)


def addressed_elsewhere(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether the message is a command for another bot (``/article_1@OtherBot``): every bot in a group gets it."""
    message = update.effective_message
    text = (message.text or "") if message else ""
    if not text.startswith("/"):
        return False
    command = text.split(maxsplit=1)[0]
    _, at, username = command.partition("@")
    return bool(at) and username.lower() != (context.bot.username or "").lower()


ADMIN_STATUSES = {ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}


async def may_change_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether the sender may change what the whole chat receives (its language, its digest): anyone in a
    private chat; in a group, its administrators (also when posting anonymously as the group); in a channel, the
    posts come from its administrators."""
    chat = update.effective_chat
    if chat is None or chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
        return chat is not None
    message = update.effective_message
    if message is not None and message.sender_chat is not None and message.sender_chat.id == chat.id:
        return True
    user = update.effective_user
    if user is None:
        return False
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError:
        return False
    return member.status in ADMIN_STATUSES


def argument(context: ContextTypes.DEFAULT_TYPE) -> str:
    return " ".join(context.args or []).strip()
