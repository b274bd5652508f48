"""/timeline <project or country> and its page buttons (also opened from a project's or country's card)."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from handlers.common import argument, button_parts, db, edit, language_for, send
from ingest.catalog import load_catalog
from ingest.countries import resolve_country
from storage.timeline import list_timeline
from ui import render
from ui.i18n import Tr
from ui.timeline import PAGE_SIZE, subject_name, timeline_pager, timeline_text
from ui.understand import clip


async def _view(context: ContextTypes.DEFAULT_TYPE, t: Tr, subject: str, offset: int
                ) -> tuple[str, InlineKeyboardMarkup | None]:
    kind, _, key = subject.partition(":")
    where = {"project": key} if kind == "p" else {"country": key}
    page = await db(context, list_timeline, limit=PAGE_SIZE, offset=offset, **where)
    return timeline_text(t, subject_name(t, subject), page), timeline_pager(t, page)


def _subject(query: str) -> str | list[str] | None:
    """``p:slug`` or ``c:XX`` for what the reader typed; several slugs when it names several projects."""
    slugs = load_catalog().resolve(query)
    if len(slugs) == 1:
        return f"p:{slugs[0]}"
    code = resolve_country(query)
    if code is not None:
        return f"c:{code}"
    return slugs or None


async def timeline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show a project's or a country's events, newest first."""
    t = await language_for(update, context)
    query = argument(context)
    if not query:
        await send(update, context, escape(t("Usage: /timeline <project or country>, for example /timeline CASA-1000")))
        return
    subject = _subject(query)
    if subject is None:
        await send(update, context, escape(t("No project or country “{query}” found.").format(query=clip(query))))
        return
    if isinstance(subject, list):
        catalog = load_catalog()
        options = [(catalog.get(s).name(t.language), f"tl:p:{s}:0") for s in subject[:8]]  # type: ignore[union-attr]
        await send(update, context, escape(t("Several projects match “{query}”. Choose one:").format(
            query=clip(query))), render.choices_keyboard(options))
        return
    text, keyboard = await _view(context, t, subject, 0)
    await send(update, context, text, keyboard)


async def timeline_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show a page of a timeline in place of the message whose button was pressed (``tl:p:slug:offset``)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    t = await language_for(update, context)
    parts = button_parts(query, 4)
    if parts is None or parts[1] not in ("p", "c"):
        return
    _, kind, key, offset = parts
    text, keyboard = await _view(context, t, f"{kind}:{key}", int(offset))
    await edit(update, text, keyboard)
