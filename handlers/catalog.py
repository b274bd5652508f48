"""/project, /projects, /country, /countries, /person and their page buttons."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import ContextTypes

from handlers.common import argument, db, edit, language_for, page_request, send
from ingest.catalog import load_catalog
from ingest.countries import resolve_country
from storage.candidates import find_candidate_projects, list_candidate_projects
from storage.cards import read_country_card, read_person_card, read_project_card
from storage.summaries import list_countries_with_counts, list_projects_with_counts
from ui import render
from ui.candidates import also_mentioned, candidate_card
from ui.collate import collation_key, sort_names
from ui.didyoumean import suggest_countries, suggest_projects
from ui.i18n import Tr
from ui.timeline import with_timeline_button
from ui.understand import clip

PAGE = render.PAGE_SIZE
# Candidate projects (named in articles, not in the catalog) listed under /projects: the most mentioned.
ALSO_MENTIONED = 10
# People offered when a misspelt name is about as close to several: more buttons than a phone screen holds
# would hide the one meant.
MAX_CANDIDATES = 6


async def _project_view(context: ContextTypes.DEFAULT_TYPE, t: Tr, slug: str, offset: int):
    project = load_catalog().get(slug)
    assert project is not None
    summary, page = await db(context, read_project_card, slug=slug, limit=PAGE, offset=offset)
    keyboard = with_timeline_button(t, render.pager(t, "prj", slug, page), f"p:{slug}")
    return render.project_card(t, project, summary, page), keyboard


async def project(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show a project: kind, countries, figures, people and its articles."""
    t = await language_for(update, context)
    query = argument(context)
    if not query:
        await send(update, context, escape(t("Usage: /project <name>, for example /project CASA-1000")))
        return
    catalog = load_catalog()
    slugs = catalog.resolve(query)
    if not slugs:
        candidates = await db(context, find_candidate_projects, text=query, limit=1)
        if candidates:  # a project the catalog does not know yet, named in articles
            await send(update, context, candidate_card(t, candidates[0]))
            return
        closest = [(catalog.get(s).name(t.language), f"pick:prj:{s}") for s in suggest_projects(query)]  # type: ignore[union-attr]
        text = t("Project “{query}” not found.").format(query=clip(query))
        if closest:
            text += " " + t("Did you mean: {names}?").format(names=", ".join(name for name, _ in closest))
        await send(update, context, escape(text), render.choices_keyboard(closest) if closest else None)
        return
    if len(slugs) > 1:
        options = [(catalog.get(s).name(t.language), f"pick:prj:{s}") for s in slugs[:8]]  # type: ignore[union-attr]
        options = sort_names(t.language, options, key=lambda o: o[0])
        await send(update, context, escape(t("Several projects match “{query}”. Choose one:").format(
            query=clip(query))), render.choices_keyboard(options))
        return
    text, keyboard = await _project_view(context, t, slugs[0], 0)
    await send(update, context, text, keyboard)


async def projects(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the project catalog with article counts."""
    t = await language_for(update, context)
    counts = {row.slug: row.count for row in await db(context, list_projects_with_counts)}
    rows = [(p.slug, p.name(t.language), counts.get(p.slug, 0)) for p in load_catalog().projects]
    rows.sort(key=lambda r: (-r[2], collation_key(t.language, r[1])))  # most written about, then alphabetical
    also = also_mentioned(t, await db(context, list_candidate_projects, limit=ALSO_MENTIONED))
    await send(update, context, render.project_list(t, rows) + (f"\n\n{also}" if also else ""))


async def _country_view(context: ContextTypes.DEFAULT_TYPE, t: Tr, code: str, offset: int):
    summary, page = await db(context, read_country_card, code=code, limit=PAGE, offset=offset)
    catalog = load_catalog()
    # Projects involving the country: those of its catalog entries, most written about first.
    involved = [p for p in catalog.projects if code in p.countries]
    counts = {c.key: c.count for c in summary.projects}
    involved.sort(key=lambda p: (-counts.get(p.slug, 0), collation_key(t.language, p.name(t.language))))
    names = [p.name(t.language) for p in involved]
    keyboard = with_timeline_button(t, render.pager(t, "cty", code, page), f"c:{code}")
    return render.country_card(t, code, summary, names, page), keyboard


async def country(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show a country: its projects, counterpart countries, people and latest articles."""
    t = await language_for(update, context)
    query = argument(context)
    if not query:
        await send(update, context, escape(t("Usage: /country <name or ISO code>, for example /country Tajikistan")))
        return
    code = resolve_country(query)
    if code is None:
        closest = [(t.country(c), f"pg:cty:{c}:0") for c in suggest_countries(query)]
        text = t("Country “{query}” not found. Try a name or a two-letter code such as TJ.").format(query=clip(query))
        if closest:
            text += " " + t("Did you mean: {names}?").format(names=", ".join(name for name, _ in closest))
        await send(update, context, escape(text), render.choices_keyboard(closest) if closest else None)
        return
    text, keyboard = await _country_view(context, t, code, 0)
    await send(update, context, text, keyboard)


async def countries(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the countries the articles mention, with counts."""
    t = await language_for(update, context)
    rows = [(c.key, c.count) for c in await db(context, list_countries_with_counts)]
    if not rows:
        await send(update, context, escape(t("No articles yet.")))
        return
    rows.sort(key=lambda r: (-r[1], collation_key(t.language, t.country(r[0]))))  # most mentioned, then alphabetical
    await send(update, context, render.country_list(t, rows))


async def person(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the articles about a person (any script)."""
    t = await language_for(update, context)
    query = argument(context)
    if not query:
        await send(update, context, escape(t("Usage: /person <name>, for example /person Daler Juma")))
        return
    people, page = await db(context, read_person_card, text=query, limit=PAGE, offset=0)
    if not people:
        await send(update, context, escape(t("Nobody called “{query}” appears in the articles.").format(
            query=clip(query))))
        return
    if len(people) > 1:  # several people are about as close to a misspelt name: the reader picks one
        options = [(render.person_name(t, p), f"pg:per:{p.key[:40]}:0") for p in people[:MAX_CANDIDATES]]
        await send(update, context, escape(t("Several people match “{query}”. Choose one:").format(
            query=clip(query))), render.choices_keyboard(options))
        return
    text, keyboard = render.person_card(t, people, page)
    await send(update, context, text, keyboard)


async def page_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Turn a page of a project, country or person list (edits the message in place)."""
    query = update.callback_query
    assert query is not None
    request = await page_request(update, context)
    if request is None:
        return
    t, kind, key, offset = request
    if kind == "prj" and load_catalog().get(key):
        text, keyboard = await _project_view(context, t, key, offset)
    elif kind == "cty":
        text, keyboard = await _country_view(context, t, key, offset)
    elif kind == "per":
        people, page = await db(context, read_person_card, text=key, limit=PAGE, offset=offset)
        text, keyboard = render.person_card(t, people[:1], page)
    else:
        await query.answer(t("This list has expired. Please send the command again."))
        return
    await query.answer()
    await edit(update, text, keyboard)


async def pick_project(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the project chosen among several matches."""
    query = update.callback_query
    assert query is not None and query.data
    t = await language_for(update, context)
    slug = query.data.split(":", 2)[-1]
    await query.answer()
    if load_catalog().get(slug) is None:
        return
    text, keyboard = await _project_view(context, t, slug, 0)
    await edit(update, text, keyboard)
