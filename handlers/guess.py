"""Plain text without a command: in a private chat (or addressed to the bot by @mention in a group), a project
or country name shows its card, a close misspelling gets a did-you-mean, anything else is searched."""

from __future__ import annotations

from html import escape

from telegram import MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from handlers import articles, catalog
from handlers.common import db, language_for, send
from ingest.catalog import load_catalog
from ingest.countries import resolve_country
from storage.search import search_articles
from ui import render
from ui.didyoumean import suggest_countries, suggest_projects
from ui.understand import clip

# Words up to which a text may be a name ("Tajikistan", "Kambarata HPP-1", "Southern Gas Corridor"); a longer
# text is a question or a phrase to search for.
NAME_MAX_WORDS = 4


def addressed_text(update: Update, bot_username: str | None) -> str | None:
    """The text a message puts to the bot: all of it in a private chat; in a group or channel only a message
    that mentions the bot (the mention removed); None when the message is not for the bot."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None or not message.text:
        return None
    if chat.type == ChatType.PRIVATE:
        return message.text.strip()
    mention = f"@{bot_username}".lower() if bot_username else None
    for entity, value in message.parse_entities([MessageEntity.MENTION]).items():
        if mention and value.lower() == mention:
            return (message.text[: entity.offset] + message.text[entity.offset + entity.length:]).strip()
    return None


async def plain_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a text without a command: a project's or country's card, a did-you-mean, or search results."""
    text = addressed_text(update, context.bot.username)
    if not text:
        return
    short = len(text.split()) <= NAME_MAX_WORDS
    context.args = text.split()
    if short and len(load_catalog().named(text)) == 1:
        await catalog.project(update, context)
        return
    if short and resolve_country(text):
        await catalog.country(update, context)
        return
    if short:
        t = await language_for(update, context)
        options = [(t.country(c), f"pg:cty:{c}:0") for c in suggest_countries(text)]
        options += [(load_catalog().get(s).name(t.language), f"pick:prj:{s}")  # type: ignore[union-attr]
                    for s in suggest_projects(text)]
        if options:
            names = ", ".join(name for name, _ in options)
            await send(update, context, escape(t("Did you mean: {names}?").format(names=names)),
                       render.choices_keyboard(options))
            return
    if not (await db(context, search_articles, text=text, limit=1, offset=0)).items:
        t = await language_for(update, context)
        await send(update, context, escape(t("Nothing found for “{query}”. Send /help to see what I can do.").format(
            query=clip(text))))
        return
    await articles.search(update, context)
