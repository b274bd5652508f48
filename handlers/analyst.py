"""/trend (a chart of articles over time) and /export (a project's articles as a CSV document).

Both work in groups like every reading command (nothing here changes a chat's settings). The chart is drawn in a
worker thread (``asyncio.to_thread``) so the event loop keeps answering while matplotlib works, and kept in the
application's ``ChartCache`` keyed by the store's version: asking again before new articles arrive costs one
small query.
"""

from __future__ import annotations

import asyncio
from html import escape

from telegram import InputFile, Update
from telegram.constants import ChatAction, ParseMode
from telegram.ext import ContextTypes

from handlers.common import db, language_for, send
from ingest.catalog import load_catalog
from ingest.countries import resolve_country
from storage.exports import export_project
from storage.trends import Granularity, SeriesBy, count_mentions, store_version
from ui import analyst
from ui.charts import ChartCache, trend_png
from ui.didyoumean import suggest_countries, suggest_projects
from ui.exports import export_csv
from ui.i18n import Tr

_CHART_CACHE = "trend_charts"  # bot_data key of the application's ChartCache
# Words after the subject of /trend that choose the lines and the period (Latin, like the filters of /search).
_SERIES_WORDS = {"outlet": SeriesBy.OUTLET, "outlets": SeriesBy.OUTLET, "language": SeriesBy.LANGUAGE,
                 "languages": SeriesBy.LANGUAGE, "lang": SeriesBy.LANGUAGE}
_PERIOD_WORDS = {"week": Granularity.WEEK, "weeks": Granularity.WEEK, "weekly": Granularity.WEEK,
                 "month": Granularity.MONTH, "months": Granularity.MONTH, "monthly": Granularity.MONTH}


def trend_options(words: list[str]) -> tuple[str, SeriesBy, Granularity | None]:
    """The subject typed and the options after it: ``CASA-1000 outlet month`` -> ("CASA-1000", OUTLET, MONTH)."""
    words = list(words)
    by, granularity = SeriesBy.LANGUAGE, None
    while words and words[-1].lower() in _SERIES_WORDS | _PERIOD_WORDS:
        word = words.pop().lower()
        if word in _SERIES_WORDS:
            by = _SERIES_WORDS[word]
        else:
            granularity = _PERIOD_WORDS[word]
    return " ".join(words).strip(), by, granularity


def _did_you_mean(t: Tr, query: str, *, countries: bool) -> str:
    """" Did you mean: CASA-1000, Kambarata HPP-1?" for a misspelt subject (catalog names in every language)."""
    catalog = load_catalog()
    names = [p.name(t.language) for p in (catalog.get(s) for s in suggest_projects(query)) if p is not None]
    if countries:
        names += [t.country(code) for code in suggest_countries(query)]
    return " " + t("Did you mean: {names}?").format(names=", ".join(names[:4])) if names else ""


def _chart_cache(context: ContextTypes.DEFAULT_TYPE) -> ChartCache:
    cache = context.application.bot_data.get(_CHART_CACHE)
    if cache is None:
        cache = context.application.bot_data.setdefault(_CHART_CACHE, ChartCache())
    return cache


async def trend(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send a chart of a project's or a country's articles per week or month, by language or outlet."""
    t = await language_for(update, context)
    chat = update.effective_chat
    query, by, granularity = trend_options(context.args or [])
    if not query or chat is None:
        await send(update, context, escape(t(
            "Usage: /trend <project or country> [outlet] [week|month], for example /trend CASA-1000")))
        return
    catalog = load_catalog()
    slugs = catalog.resolve(query)
    project = catalog.get(slugs[0]) if len(slugs) == 1 else None
    code = None if project else resolve_country(query)
    if project is None and code is None:
        text = t("“{query}” is neither a project nor a country.").format(query=query[:200])
        await send(update, context, escape(text + _did_you_mean(t, query, countries=True)))
        return
    name = project.name(t.language) if project else t.country(code or "")
    version = await db(context, store_version)
    key = ("trend", project.slug if project else code, t.language, by, granularity, version)
    cache = _chart_cache(context)
    cached = cache.get(key)
    if cached is None:
        data = await db(context, count_mentions, project=project.slug if project else None, country=code, by=by,
                        granularity=granularity)
        if not data.periods:
            await send(update, context, escape(t("No dated articles on {subject} yet.").format(subject=name)))
            return
        await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_PHOTO)
        png = await asyncio.to_thread(trend_png, t, data, name, by)
        cached = (png, analyst.trend_caption(t, name, data, by))
        cache.put(key, cached)
    png, caption = cached
    await context.bot.send_photo(chat.id, photo=InputFile(png, filename="trend.png"), caption=caption,
                                 parse_mode=ParseMode.HTML)


async def export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send a project's articles (dates, outlets, countries, people, figures) as a CSV document."""
    t = await language_for(update, context)
    chat = update.effective_chat
    query = " ".join(context.args or []).strip()
    if not query or chat is None:
        await send(update, context, escape(t("Usage: /export <project>, for example /export CASA-1000")))
        return
    catalog = load_catalog()
    slugs = catalog.resolve(query)
    if len(slugs) != 1:
        text = t("Project “{query}” not found.").format(query=query[:200])
        await send(update, context, escape(text + _did_you_mean(t, query, countries=False)))
        return
    project = catalog.get(slugs[0])
    assert project is not None
    name = project.name(t.language)
    rows = await db(context, export_project, slug=project.slug)
    if not rows:
        await send(update, context, escape(t("No articles on {name} yet.").format(name=name)))
        return
    await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_DOCUMENT)
    data = await asyncio.to_thread(export_csv, rows)
    caption = escape(t.n("{name}: {n} article", "{name}: {n} articles", len(rows)).format(name=name, n=len(rows)))
    await context.bot.send_document(chat.id, document=InputFile(data, filename=f"{project.slug}.csv"),
                                    caption=caption, parse_mode=ParseMode.HTML)
