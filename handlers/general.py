"""/start, /help, /language, unknown commands, flood control and the error handler."""

from __future__ import annotations

import logging
import time
from html import escape

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, ContextTypes

from handlers.common import (
    CHAT_RECORD_TTL_S,
    addressed_elsewhere,
    answer_expired,
    argument,
    db,
    db_write,
    edit,
    language_for,
    may_change_chat,
    remember_language,
    remember_stored_language,
    send,
)
from ingest.catalog import load_catalog
from storage.chats import get_chat, set_paused
from storage.summaries import get_stats, list_projects_with_counts
from ui import analyst, render
from ui.i18n import SUPPORTED_LANGUAGES
from ui.understand import clip, native_language_name, parse_language

logger = logging.getLogger(__name__)

# Telegram users rarely send more than a few commands a minute; 20 leaves room for paging through lists.
FLOOD_LIMIT = 20
FLOOD_WINDOW_SECONDS = 60.0


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet and explain what the bot knows and how to ask (``/help search``: the filters of /search)."""
    t = await language_for(update, context)
    if argument(context).lower() == "search":
        await send(update, context, analyst.search_help(t))
        return
    stats = await db(context, get_stats)
    projects_with_articles = len([p for p in await db(context, list_projects_with_counts) if p.count])
    await send(update, context, render.help_text(t, stats, projects_with_articles or len(load_catalog().projects)))


async def language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Set the chat's reply language, or offer a keyboard of the seven languages."""
    typed = argument(context)
    code = parse_language(typed)  # a code or a name in any supported language ("русский", "қазақша")
    if code and not await may_change_chat(update, context):
        t = await language_for(update, context)
        await send(update, context, escape(t("Only the group's administrators can change its language.")))
        return
    if code:
        await remember_language(context, update, code)
        t = await language_for(update, context)
        await send(update, context, escape(t("Language set to {language}.").format(language=t.language_name(code))))
        return
    t = await language_for(update, context)
    options = [(native_language_name(c), f"lang:{c}") for c in SUPPORTED_LANGUAGES]
    text = t("Choose the reply language:")
    if typed:
        text = t("Unknown language “{code}”.").format(code=clip(typed)) + " " + text
    await send(update, context, escape(text), render.choices_keyboard(options))


async def language_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Store the language chosen on the keyboard."""
    query = update.callback_query
    assert query is not None and query.data
    code = query.data.split(":", 1)[1]
    if code not in SUPPORTED_LANGUAGES:
        await query.answer()
        return
    if not await may_change_chat(update, context):
        t = await language_for(update, context)
        await query.answer(t("Only the group's administrators can change its language."), show_alert=True)
        return
    await remember_language(context, update, code)
    t = await language_for(update, context)
    await query.answer()
    await edit(update, escape(t("Language set to {language}.").format(language=t.language_name(code))), None)


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a button no handler knows (forged, or from an older version of the bot) instead of leaving it
    spinning."""
    query = update.callback_query
    assert query is not None
    await answer_expired(query, await language_for(update, context))


async def unknown(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Hint at /help for an unknown command in a private chat; stay quiet in groups and for other bots' commands."""
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE or addressed_elsewhere(update, context):
        return
    t = await language_for(update, context)
    await send(update, context, escape(t("Unknown command. Send /help to see what I can do.")))


async def flood_guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a user sending more than 20 commands a minute once with "slow down", then ignore them. Text without
    a command counts too in a private chat, where it is answered (``handlers.guess``: a card or a search)."""
    user = update.effective_user
    message = update.effective_message
    chat = update.effective_chat
    if user is None or message is None or not message.text:
        return
    if not message.text.startswith("/") and not (chat and chat.type == ChatType.PRIVATE):
        return
    now = time.monotonic()
    table: dict[int, list[float]] = context.bot_data.setdefault("flood", {})
    recent = [ts for ts in table.get(user.id, []) if now - ts < FLOOD_WINDOW_SECONDS]
    recent.append(now)
    table[user.id] = recent
    if len(recent) == FLOOD_LIMIT + 1:
        t = await language_for(update, context)
        await send(update, context, escape(t("You are sending commands too fast. Please wait a minute.")))
    if len(recent) > FLOOD_LIMIT:
        raise ApplicationHandlerStop


async def resume_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A chat whose deliveries were paused (blocked, kicked) talks to the bot again: resume them.

    At most once per chat and process every ``CHAT_RECORD_TTL_S`` (and at once after a delivery of this process
    paused it): one read of the chat's record, which also caches its /language choice for ``language_for``; a
    write only when the chat was paused. Another worker's pause is thus seen within that time.
    """
    chat = update.effective_chat
    if chat is None or context.chat_data is None:
        return
    checked = context.chat_data.get("active")
    if isinstance(checked, float) and time.monotonic() - checked < CHAT_RECORD_TTL_S:
        return
    record = await db(context, get_chat, chat_id=chat.id)
    remember_stored_language(context, record.language if record else None)
    context.chat_data["active"] = time.monotonic()
    if record is not None and record.paused and await db_write(context, set_paused, chat_id=chat.id, paused=False):
        logger.info("chat %s is back: deliveries resumed", chat.id)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure with the update id and apologise in the user's language."""
    update_id = update.update_id if isinstance(update, Update) else None
    logger.error("handler failed for update %s", update_id, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        t = await language_for(update, context)
    except Exception:  # the database itself may be what failed
        from ui.i18n import tr

        t = tr("en")
    try:
        await send(update, context, escape(t("Sorry, something went wrong while answering. Please try again.")))
    except Exception:
        logger.exception("could not send the apology for update %s", update_id)
