"""Inline mode (``@bot casa`` in any chat): which project and country cards a query offers, and the results.

Matching is by prefix, as a reader types: a project matches when its slug, a name in any language or an alias
starts with the typed text (hyphens, spaces and case ignored: ``casa`` finds CASA-1000, ``рогун`` the Rogun HPP);
a country when a word of its name in the reader's language or in English, or its ISO code, starts with it. Projects
come first (they are what the bot is about), then countries; among each, the ones with most articles first. An
empty query offers every project. Each result's message is the card the /project or /country command sends.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from telegram import InlineQueryResultArticle, InputTextMessageContent, LinkPreviewOptions
from telegram.constants import ParseMode

from ingest.catalog import load_catalog
from ingest.normalize import compact, normalize
from ui.i18n import Tr
from ui.render import split_message

# Results in one answer: a screenful on a phone; Telegram asks for the next page (``next_offset``) on scroll.
INLINE_PAGE = 8


@dataclass(frozen=True)
class Candidate:
    kind: str  # "project" | "country"
    key: str  # slug | ISO code


@cache
def _project_keys() -> dict[str, tuple[str, ...]]:
    """slug -> compact forms of its slug, names and aliases."""
    return {p.slug: tuple({compact(x) for x in (p.slug, *p.names.values(), *p.aliases) if compact(x)})
            for p in load_catalog().projects}


def _country_matches(t: Tr, code: str, query: str) -> bool:
    if code.lower() == query:
        return True
    for name in {t.country(code), Tr("en").country(code)}:
        words = normalize(name).replace("-", " ").split()
        if any(w.startswith(query) for w in words) or compact(name).startswith(compact(query)):
            return True
    return False


def inline_candidates(t: Tr, query: str, project_counts: dict[str, int],
                      country_counts: dict[str, int]) -> list[Candidate]:
    """The cards ``query`` offers, projects first, most articles first (countries only those with articles)."""
    typed = compact(query)
    projects = [slug for slug, keys in _project_keys().items() if not typed or any(k.startswith(typed) for k in keys)]
    projects.sort(key=lambda s: (-project_counts.get(s, 0), s))
    countries: list[str] = []
    if typed:
        folded = normalize(query.strip())
        countries = [c for c in country_counts if _country_matches(t, c, folded)]
        countries.sort(key=lambda c: (-country_counts.get(c, 0), c))
    return [Candidate("project", s) for s in projects] + [Candidate("country", c) for c in countries]


def card_result(result_id: str, title: str, description: str, card_html: str) -> InlineQueryResultArticle:
    """An inline result whose message is ``card_html`` (its first part when longer than a message)."""
    return InlineQueryResultArticle(
        id=result_id, title=title, description=description,
        input_message_content=InputTextMessageContent(
            split_message(card_html)[0], parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True)),
    )
