"""/latest, /search, /article and the search page buttons."""

from __future__ import annotations

import hashlib
from html import escape

from telegram import Update
from telegram.ext import ContextTypes

from handlers.common import (
    addressed_elsewhere,
    argument,
    db,
    edit,
    language_for,
    page_request,
    send,
    small_number,
)
from ingest.catalog import load_catalog
from ingest.countries import resolve_country
from storage.candidates import find_candidate_projects
from storage.filters import search_filtered
from storage.queries import get_article, list_latest
from ui import render
from ui.i18n import Tr
from ui.search_filters import FilterError, parse_search
from ui.understand import clip

# /latest answers at most this many articles at once (then pages); more is a wall of text.
MAX_LATEST = 50
# Characters of a search's text repeated in its replies: a phrase of a dozen words; a pasted page is cut with "…".
SEARCH_ECHO_CHARS = 80
# Searches remembered per chat for their page buttons (callback data cannot carry a long query).
MAX_REMEMBERED_SEARCHES = 20


async def latest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the newest articles (optionally how many)."""
    t = await language_for(update, context)
    arg = argument(context)
    limit = small_number(arg) if arg else render.PAGE_SIZE
    if limit is None or not 1 <= limit <= MAX_LATEST:
        await send(update, context, escape(t("Usage: /latest [n], where n is a number from 1 to {max}.")
                                           .format(max=MAX_LATEST)))
        return
    page = await db(context, list_latest, limit=limit, offset=0)
    text = t("<b>Latest articles</b>") + "\n\n" + render.article_list(t, page)
    await send(update, context, text, render.pager(t, "lat", str(limit), page))


async def _search_view(context: ContextTypes.DEFAULT_TYPE, t: Tr, text: str, key: str, offset: int):
    request = parse_search(text)
    if isinstance(request, FilterError):  # checked by /search before it remembered the text
        return escape(t(request.message).format(part=request.part)), None
    page = await db(context, search_filtered, text_query=request.text, filters=request.filters,
                    limit=render.PAGE_SIZE, offset=offset)
    hint = "" if offset or not request.filters.empty else _subject_hint(t, text)
    if not hint and not offset and request.filters.empty and request.text:
        hint = await _candidate_hint(context, t, request.text)
    if not page.items and offset == 0:
        if not request.text:
            return escape(t("No articles match these filters.")), None
        return escape(t("No articles match “{query}”.").format(query=clip(text, SEARCH_ECHO_CHARS))) + hint, None
    header = t("<b>Results for</b> “{query}”").format(query=escape(clip(text, SEARCH_ECHO_CHARS)))
    return header + hint + "\n\n" + render.article_list(t, page), render.pager(t, "src", key, page)


def _subject_hint(t: Tr, text: str) -> str:
    """A line pointing to /country or /project when the searched text names one: search finds the words as
    typed, in one language; those commands find the subject in articles of every language and script."""
    code = resolve_country(text)
    if code:
        line = t("“{query}” is a country: {command} shows its articles in every language.")
        return "\n" + escape(line.format(query=clip(text, SEARCH_ECHO_CHARS), command=f"/country {code}"))
    slugs = load_catalog().named(text)
    if len(slugs) == 1:
        line = t("“{query}” is a project: {command} shows its articles in every language.")
        return "\n" + escape(line.format(query=clip(text, SEARCH_ECHO_CHARS), command=f"/project {slugs[0]}"))
    return ""


async def _candidate_hint(context: ContextTypes.DEFAULT_TYPE, t: Tr, text: str) -> str:
    """A line pointing to the card of a project the catalog does not know yet, when the text names one."""
    found = await db(context, find_candidate_projects, text=text, limit=1)
    if not found:
        return ""
    line = t("“{query}” names a project not in the catalog yet: {command}")
    return "\n" + escape(line.format(query=clip(text, SEARCH_ECHO_CHARS), command=f"/project {found[0].name}"))


async def search(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Full-text search over titles and bodies (any syntax in the text is just text)."""
    t = await language_for(update, context)
    text = argument(context)
    if not text:
        await send(update, context, escape(t("Usage: /search <text>, for example /search hydropower")))
        return
    request = parse_search(text)
    if isinstance(request, FilterError):
        await send(update, context, escape(t(request.message).format(part=request.part)) + "\n"
                   + escape(t("Search filters: /help search")))
        return
    key = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    if context.chat_data is not None:
        remembered = context.chat_data.setdefault("searches", {})
        remembered[key] = text
        while len(remembered) > MAX_REMEMBERED_SEARCHES:
            remembered.pop(next(iter(remembered)))
    html, keyboard = await _search_view(context, t, text, key, 0)
    await send(update, context, html, keyboard)


async def list_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Turn a page of /latest or /search results."""
    query = update.callback_query
    assert query is not None
    request = await page_request(update, context)
    if request is None:
        return
    t, kind, key, offset = request
    if kind == "lat":
        limit = small_number(key) or render.PAGE_SIZE
        limit = limit if limit <= MAX_LATEST else render.PAGE_SIZE
        page = await db(context, list_latest, limit=limit, offset=offset)
        html = t("<b>Latest articles</b>") + "\n\n" + render.article_list(t, page)
        keyboard = render.pager(t, "lat", str(limit), page)
    else:
        text = (context.chat_data or {}).get("searches", {}).get(key)
        if text is None:
            await query.answer(t("This list has expired. Please send the command again."), show_alert=True)
            return
        html, keyboard = await _search_view(context, t, text, key, offset)
    await query.answer()
    await edit(update, html, keyboard)


async def article(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the cleaned full text of an article (several messages when long)."""
    if addressed_elsewhere(update, context):
        return  # "/article_1@OtherBot" in a group is for another bot
    t = await language_for(update, context)
    arg = argument(context)
    message = update.effective_message
    if not arg and message and message.text and message.text.startswith("/article_"):
        arg = message.text.split()[0].split("@")[0].removeprefix("/article_")
    if not (arg.isascii() and arg.isdigit()):
        await send(update, context, escape(t("Usage: /article <id>, for example /article 1")))
        return
    article_id = small_number(arg)  # None: more digits than any stored id can have
    detail = await db(context, get_article, article_id=article_id) if article_id is not None else None
    if detail is None:
        await send(update, context, escape(t("There is no article {id}.").format(id=clip(arg))))
        return
    await send(update, context, render.article_text(t, detail))
