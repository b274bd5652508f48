"""The filters of /search: ``rogun lang:ru since:2025-03 country:TJ project:rogun outlet:Kabar``.

A word ``name:value`` whose name is made of Latin letters is a filter; everything else is searched text. A value
with spaces is quoted (``country:"South Africa"``, ``outlet:“Asia Plus”``). Each value becomes an identifier
here, once: a language code, a date, an ISO country code (any name in any supported language, as /country takes),
a project slug (any alias, as /project takes), an outlet prefix. A bad part is returned as a ``FilterError``
naming it, with the message id that says what is wrong (the handler translates it).

Dates: ``2025``, ``2025-03`` or ``2025-03-15``; ``since:`` starts at the first day of that year, month or day,
``until:`` ends after its last day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

from babel import Locale

from ingest.catalog import load_catalog
from ingest.countries import resolve_country
from storage.filters import ArticleFilter
from ui.i18n import N_

# name:value, where value is "quoted", “quoted”, «quoted» or runs to the next space.
_FILTER = re.compile(r'(?<!\S)([A-Za-z]+):(?:"([^"]*)"|“([^”]*)”|«([^»]*)»|(\S*))')
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
# Filter names and their aliases -> the field of ArticleFilter.
NAMES: dict[str, str] = {
    "lang": "language", "language": "language", "since": "since", "from": "since", "until": "until",
    "to": "until", "country": "country", "project": "project", "outlet": "outlet", "source": "outlet",
}
FILTER_HELP_EXAMPLE = "/search rogun lang:ru since:2025-03 country:TJ project:rogun outlet:Kabar"

UNKNOWN = N_("Unknown filter “{part}”. Filters: lang:, since:, until:, country:, project:, outlet:.")
EMPTY = N_("The filter “{part}” needs a value after the colon.")
TWICE = N_("The filter “{part}” is given twice.")
BAD_LANGUAGE = N_("“{part}”: not a language code such as ru, kk or en.")
BAD_DATE = N_("“{part}”: not a date such as 2025, 2025-03 or 2025-03-15.")
BAD_COUNTRY = N_("“{part}”: no such country. Use a name or a two-letter code such as TJ.")
BAD_PROJECT = N_("“{part}”: no such project (see /projects).")
BAD_RANGE = N_("“{part}”: the period ends before it starts.")


@dataclass(frozen=True)
class SearchRequest:
    text: str  # the words searched (filters removed), may be empty
    filters: ArticleFilter


@dataclass(frozen=True)
class FilterError:
    part: str  # the bad part as typed
    message: str  # message id with a {part} placeholder


@cache
def _language_codes() -> frozenset[str]:
    return frozenset(code for code in Locale.parse("en").languages if code.isalpha() and len(code) in (2, 3))


def _period(value: str) -> tuple[date, date] | None:
    """First day and the day after the last of ``2025``, ``2025-03`` or ``2025-03-15``; None when not a date."""
    m = _DATE.match(value)
    if not m:
        return None
    year, month, day = int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None
    try:
        if month is None:
            return date(year, 1, 1), date(year + 1, 1, 1)
        if day is None:
            start = date(year, month, 1)
            return start, date(year + (month == 12), month % 12 + 1, 1)
        start = date(year, month, day)
        return start, start + timedelta(days=1)
    except ValueError:  # month 13, 31 February, year 0
        return None


def parse_search(typed: str) -> SearchRequest | FilterError:
    """Split ``typed`` into searched words and filters; the first bad filter is returned as an error."""
    fields: dict[str, object] = {}
    parts: dict[str, str] = {}
    words: list[str] = []
    last = 0
    for m in _FILTER.finditer(typed):
        words.append(typed[last:m.start()])
        last = m.end()
        part = m[0]
        name = m[1].lower()
        value = next((g for g in m.groups()[1:] if g is not None), "").strip()
        field = NAMES.get(name)
        if field is None:
            return FilterError(part, UNKNOWN)
        if not value:
            return FilterError(part, EMPTY)
        if field in fields:
            return FilterError(part, TWICE)
        parts[field] = part
        error = _set(fields, field, value, part)
        if error is not None:
            return error
    words.append(typed[last:])
    filters = ArticleFilter(**fields)  # type: ignore[arg-type]
    if filters.since and filters.until and filters.until <= filters.since:
        return FilterError(parts["until"], BAD_RANGE)
    return _subject_as_filter(" ".join(" ".join(words).split()), filters)


def _subject_as_filter(words: str, filters: ArticleFilter) -> SearchRequest:
    """With filters, words that name exactly one project or a country become that filter (``rogun lang:ru``:
    Russian articles on Rogun, whatever the script of their words), or are dropped when the filter says it."""
    if filters.empty or not words:
        return SearchRequest(words, filters)
    slugs = load_catalog().named(words)
    if len(slugs) == 1 and filters.project in (None, slugs[0]):
        return SearchRequest("", replace(filters, project=slugs[0]))
    code = resolve_country(words)
    if code is not None and filters.country in (None, code):
        return SearchRequest("", replace(filters, country=code))
    return SearchRequest(words, filters)


def _set(fields: dict[str, object], field: str, value: str, part: str) -> FilterError | None:
    if field == "language":
        code = value.lower()
        if code not in _language_codes():
            return FilterError(part, BAD_LANGUAGE)
        fields[field] = code
    elif field in ("since", "until"):
        period = _period(value)
        if period is None:
            return FilterError(part, BAD_DATE)
        fields[field] = period[0] if field == "since" else period[1]
    elif field == "country":
        country = resolve_country(value)
        if country is None:
            return FilterError(part, BAD_COUNTRY)
        fields[field] = country
    elif field == "project":
        slugs = load_catalog().resolve(value)
        if len(slugs) != 1:
            return FilterError(part, BAD_PROJECT)
        fields[field] = slugs[0]
    else:
        fields[field] = value
    return None
