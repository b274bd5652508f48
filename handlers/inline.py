"""Inline mode: ``@bot casa`` in any chat offers project and country cards, in the user's Telegram language.

An inline query has no chat, so the language is the user's ``language_code`` (else the default). Results come a
page of ``ui.inline.INLINE_PAGE`` at a time (``next_offset``); each page is read in one storage call and kept
per user for ``INLINE_CACHE_S`` (typing, erasing and retyping a letter asks the same again), and Telegram is told
to cache the answer for that user as long (``is_personal``).
"""

from __future__ import annotations

import time

from sqlmodel import Session
from telegram import InlineQueryResultArticle, Update
from telegram.ext import ContextTypes

from handlers.common import db, deps, small_number
from ingest.catalog import load_catalog
from storage.cards import read_country_card, read_project_card
from storage.rows import ArticleRow, Page, Summary
from storage.summaries import list_countries_with_counts, list_projects_with_counts
from ui import render
from ui.i18n import SUPPORTED_LANGUAGES, Tr, tr
from ui.inline import INLINE_PAGE, Candidate, card_result, inline_candidates
from ui.locale import pick_locale

# How long a user's inline answers are reused, here and by Telegram: a minute keeps typing cheap and still
# shows new articles soon.
INLINE_CACHE_S = 60
# Pages of answers remembered per user (a query and its scrolled pages).
MAX_REMEMBERED = 16
_ANSWERS = "inline_answers"  # user_data key: (language, query, offset) -> (time, results, next offset)


def _read_cards(*, session: Session, candidates: list[Candidate]) -> list[tuple[Summary, Page[ArticleRow]]]:
    """The card of every candidate, in one session (one worker-thread trip for the whole page)."""
    cards = []
    for c in candidates:
        if c.kind == "project":
            cards.append(read_project_card(session=session, slug=c.key, limit=render.PAGE_SIZE, offset=0))
        else:
            cards.append(read_country_card(session=session, code=c.key, limit=render.PAGE_SIZE, offset=0))
    return cards


def _result(t: Tr, candidate: Candidate, summary: Summary, page: Page[ArticleRow]) -> InlineQueryResultArticle:
    catalog = load_catalog()
    description = t.n("{n} article, {first} – {last}", "{n} articles, {first} – {last}", summary.article_count)
    description = description.format(n=summary.article_count, first=t.date(summary.first_date),
                                     last=t.date(summary.last_date))
    if candidate.kind == "project":
        project = catalog.get(candidate.key)
        assert project is not None
        name = project.name(t.language)
        card = render.project_card(t, project, summary, page)
        return card_result(f"prj:{candidate.key}", f"🔌 {name}", description, card)
    code = candidate.key
    counts = {c.key: c.count for c in summary.projects}
    involved = sorted((p for p in catalog.projects if code in p.countries), key=lambda p: -counts.get(p.slug, 0))
    card = render.country_card(t, code, summary, [p.name(t.language) for p in involved], page)
    return card_result(f"cty:{code}", f"🌍 {t.country(code)}", description, card)


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer the project and country cards the typed text names, a page at a time."""
    query = update.inline_query
    if query is None:
        return
    t = tr(pick_locale(None, query.from_user.language_code, SUPPORTED_LANGUAGES,
                       deps(context).config.default_language))
    text = query.query.strip()[:64]
    offset = small_number(query.offset) or 0  # the client echoes our next_offset; anything else starts over
    remembered = context.user_data.setdefault(_ANSWERS, {}) if context.user_data is not None else {}
    key = (t.language, text, offset)
    hit = remembered.get(key)
    if hit is not None and time.monotonic() - hit[0] < INLINE_CACHE_S:
        results, next_offset = hit[1], hit[2]
    else:
        projects = {p.slug: p.count for p in await db(context, list_projects_with_counts)}
        countries = {c.key: c.count for c in await db(context, list_countries_with_counts)}
        candidates = inline_candidates(t, text, projects, countries)
        page = candidates[offset:offset + INLINE_PAGE]
        cards = await db(context, _read_cards, candidates=page) if page else []
        results = [_result(t, c, summary, articles) for c, (summary, articles) in zip(page, cards, strict=True)]
        next_offset = str(offset + INLINE_PAGE) if offset + INLINE_PAGE < len(candidates) else ""
        remembered[key] = (time.monotonic(), results, next_offset)
        while len(remembered) > MAX_REMEMBERED:
            remembered.pop(next(iter(remembered)))
    await query.answer(results, cache_time=INLINE_CACHE_S, is_personal=True, next_offset=next_offset)
