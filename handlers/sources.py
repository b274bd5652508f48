"""``/sources``: the feeds of the sources file and their health, for the bot's administrators."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import ContextTypes

from feeds.config import SourcesError, load_sources
from handlers.common import db, deps, language_for, send
from storage.feeds import list_feed_health
from ui.render import h
from ui.sources import sources_text, sources_unreadable


async def sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the feeds with their health (bot admins only)."""
    t = await language_for(update, context)
    user = update.effective_user
    config = deps(context).config
    if user is None or user.id not in config.admin_ids:
        await send(update, context, h(t("This command is for the bot's administrators.")))
        return
    try:
        feeds = await asyncio.to_thread(load_sources, config.sources_file) if config.sources_file else []
    except SourcesError as exc:
        await send(update, context, sources_unreadable(t, str(exc)))
        return
    health = await db(context, list_feed_health)
    await send(update, context, sources_text(t, feeds, health))
