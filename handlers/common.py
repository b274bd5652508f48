"""What every handler shares: database calls off the event loop, the reply language, sending replies."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlalchemy.engine import Engine
from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
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
    """Replace the text of the message whose button was pressed (the first part when too long)."""
    query = update.callback_query
    assert query is not None
    await query.edit_message_text(split_message(html)[0], parse_mode=ParseMode.HTML, reply_markup=keyboard,
                                  disable_web_page_preview=True)


def argument(context: ContextTypes.DEFAULT_TYPE) -> str:
    return " ".join(context.args or []).strip()
