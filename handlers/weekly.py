"""/digestday: the weekday of the chat's weekly digest (sent at its /digesttime, in its /timezone)."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import ContextTypes

from handlers.common import db, db_write, deps, language_for, send
from handlers.subscriptions import _target
from storage.chats import upsert_chat
from storage.subscriptions import chats_with_daily
from ui.weekly import parse_weekday, weekday_name


async def digestday(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Set the weekday of the weekly digest (a name in any supported language, or 1-7 from Monday)."""
    t = await language_for(update, context)
    typed = " ".join(context.args or []).strip()
    weekday = parse_weekday(typed) if typed else None
    if weekday is None:
        await send(update, context, escape(t("Usage: /digestday <day>, for example /digestday Monday or "
                                             "/digestday 5 (1 is Monday).")))
        return
    target = await _target(update, context, t, None)  # a group's settings: its administrators only
    if target is None:
        return
    row = await db_write(context, upsert_chat, chat_id=target.id, type=target.type, title=target.title,
                         digest_weekday=weekday)
    if target.id in await db(context, chats_with_daily):
        deps(context).jobs.schedule_digest(target.id, row.digest_time, row.timezone)
    await send(update, context, escape(t("Weekly digest on {day} at {time} ({timezone}).").format(
        day=weekday_name(t, weekday), time=row.digest_time, timezone=row.timezone)))
