"""Publication dates from datelines, with month names in every supported language from CLDR (Babel)."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from babel.dates import get_month_names

from ingest.normalize import normalize

# Locales whose month names (format and stand-alone, wide and abbreviated) are recognised.
MONTH_LOCALES = ("en", "ru", "kk", "tg", "ky", "uz", "uz_Cyrl", "az")
# Datelines sit at the very start of an article; looking further finds dates of events, not of publication.
DATELINE_WINDOW = 160


@cache
def month_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for loc in MONTH_LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, loc).items():
                    key = normalize(name).rstrip(".")
                    if len(key) >= 3:
                        table.setdefault(key, number)
    return table


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    months = "|".join(sorted((re.escape(m) for m in month_table()), key=len, reverse=True))
    month = rf"(?P<month>{months})\.?"
    day = r"(?P<day>[0-3]?\d)(?:-?(?:го|ші|шы|чи|inchi|nchi|да|de|da))?"
    year = r"(?P<year>(?:19|20)\d\d)"
    year_word = r"(?:\s*(?:жылғы|жылы|жыл|ж\.|года|год|г\.|йил|йили|yil|yili|il|соли|сол|-й|-yil|-жылдын|-жылы))?"
    day_month_year = re.compile(rf"(?<!\w){day}\s+{month}(?:,?\s+{year}{year_word})?(?!\w)")
    year_day_month = re.compile(rf"(?<!\w){year}{year_word}\s+{day}[\s-]*{month}(?!\w)")
    month_day_year = re.compile(rf"(?<!\w){month}\s+{day}(?:,?\s+{year})?(?!\w)")
    return day_month_year, year_day_month, month_day_year


_NUMERIC = re.compile(r"(?<![\d.])(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)(?![\d.])")
_DIGIT = re.compile(r"\d")
_ISO = re.compile(r"(?<![\d-])(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?![\d-])")


def find_dateline(text: str, default_year: int | None) -> tuple[date, tuple[int, int]] | None:
    """Find a dateline date at the start of ``text``; return it with its span in the normalised window.

    A dateline without a year takes ``default_year``; without either, there is no date.
    """
    window = normalize(text[:DATELINE_WINDOW])
    if not _DIGIT.search(window):
        return None  # every form has a day or a year in digits: skip the month-name regexes
    best: tuple[int, date, tuple[int, int]] | None = None
    table = month_table()
    for pattern in (*_patterns(), _NUMERIC, _ISO):
        for m in pattern.finditer(window):
            groups = m.groupdict()
            month_raw = groups["month"].rstrip(".")
            month = int(month_raw) if month_raw.isdigit() else table.get(month_raw)
            year = int(groups["year"]) if groups.get("year") else default_year
            if month is None or year is None:
                continue
            try:
                found = date(year, month, int(groups["day"]))
            except ValueError:
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), found, m.span())
    return (best[1], best[2]) if best else None
