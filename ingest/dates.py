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
    # Tajik and Kyrgyz add a vowel to a month in a date ("10 июни 2016", "10-июну"): one letter is allowed after it.
    month = rf"(?P<month>{months})(?:[иыяау](?!\w))?\.?"
    day = r"(?P<day>[0-3]?\d)(?:-?(?:го|ші|шы|чи|inchi|nchi|да|de|da))?"
    year = r"(?P<year>(?:19|20)\d\d)"
    year_word = r"(?:\s*(?:жылғы|жылы|жыл|ж\.|года|год|г\.|йил|йили|yil|yili|il|соли|сол|-й|-yil|-жылдын|-жылы))?"
    day_month_year = re.compile(rf"(?<!\w){day}\s+{month}(?:,?\s+{year}{year_word})?(?!\w)")
    year_day_month = re.compile(rf"(?<!\w){year}{year_word}\s+{day}[\s-]*{month}(?!\w)")
    month_day_year = re.compile(rf"(?<!\w){month}\s+{day}(?:,?\s+{year})?(?!\w)")
    return day_month_year, year_day_month, month_day_year


# "17.03.2016", "17.03.2016." (a final dot), "10.06.16" (two-digit year: 2000-2099, see ``_full_year``).
_NUMERIC = re.compile(
    r"(?<![\d.])(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d|\d\d)(?!\d|\.\d)"
)
_DIGIT = re.compile(r"\d")
# "2016-06-10", "2016-6-10", "2016/06/10".
_ISO = re.compile(r"(?<![\d-])(?P<year>(?:19|20)\d\d)([-/])(?P<month>[01]?\d)\2(?P<day>[0-3]?\d)(?![\d-])")
# A date in an article's address: ".../2016/06/10/slug", ".../20160610-slug" or "...?date=2016-06-10".
_URL_DATE = re.compile(
    r"https?://[^\s/]+/(?:[^\s]*?[/=_-])?(?P<year>(?:19|20)\d\d)(?P<sep>[/-]?)(?P<month>[01]\d)(?P=sep)"
    r"(?P<day>[0-3]\d)(?!\d)"
)
# Years in a full date elsewhere in the article give a dateline without a year its year ("ASTANA, May 10").
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# Dates "near the top": a body date in its first characters dates the article when no dateline, header or
# address does (a lead sentence "On 10 June 2016 the ministry said ..."); further on they are events' dates.
TOP_WINDOW = 400
# A byline or dateline date starts within this many characters of its paragraph: a city, a country and an outlet
# before it ("ASTANA, Kazakhstan (Trend), May 10"); a date further into a lead sentence is only "near the top".
BYLINE_START = 60
# A leap year: stands in for the unknown year to test whether a paragraph opens with a yearless dateline.
_ANY_YEAR = 2000


def find_dateline(text: str, default_year: int | None) -> tuple[date, tuple[int, int]] | None:
    """Find a dateline date at the start of ``text``; return it with its span in the normalised window.

    A dateline without a year takes ``default_year``; without either, there is no date.
    """
    return _first_date(normalize(text[:DATELINE_WINDOW]), default_year)


def _first_date(window: str, default_year: int | None) -> tuple[date, tuple[int, int]] | None:
    """The earliest date of any form in normalised ``window``, with its span."""
    return _scan(window, default_year)[0]


def _first_stated(window: str) -> tuple[tuple[date, tuple[int, int]] | None, bool]:
    """``_first_date(window, None)`` (the earliest date with its year written), and whether a date without a
    year was seen when there is no dated one: one pass where two calls cost twice."""
    found, yearless = _scan(window, None)
    return found, yearless and found is None


def _scan(window: str, default_year: int | None) -> tuple[tuple[date, tuple[int, int]] | None, bool]:
    """The earliest date in normalised ``window`` with its span (a date without a year takes ``default_year``),
    and, when ``default_year`` is None, whether a date without a year was seen."""
    if not _DIGIT.search(window):
        return None, False  # every form has a day or a year in digits: skip the month-name regexes
    best: tuple[int, date, tuple[int, int]] | None = None
    yearless = False
    table = month_table()
    for pattern in (*_patterns(), _NUMERIC, _ISO):
        for m in pattern.finditer(window):
            if best is not None and m.start() >= best[0]:
                break  # a later match cannot be the first
            groups = m.groupdict()
            month_raw = groups["month"].rstrip(".")
            month = int(month_raw) if month_raw.isdigit() else table.get(month_raw)
            if month is None:
                continue
            if groups.get("year"):
                year = _full_year(groups["year"])
            elif default_year is not None:
                year = default_year
            else:
                yearless = yearless or 1 <= int(groups["day"]) <= 31
                continue
            try:
                found = date(year, month, int(groups["day"]))
            except ValueError:
                continue
            best = (m.start(), found, m.span())
    return ((best[1], best[2]) if best else None), yearless


def _full_year(raw: str) -> int:
    # A two-digit year ("10.06.16") is of this century: the archive holds no items from the 1990s in that form.
    return int(raw) if len(raw) == 4 else 2000 + int(raw)


def find_url_date(text: str) -> date | None:
    """The date in the first article address of ``text`` that carries one (".../2016/06/10/...")."""
    if "http" not in text:
        return None
    for m in _URL_DATE.finditer(text):
        try:
            return date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
        except ValueError:
            continue
    return None


def context_year(text: str) -> int | None:
    """The year of the latest full date written in ``text`` (the year a dateline without one is in)."""
    if not _YEAR.search(text):
        return None
    dated = [d.year for d in _all_dates(normalize(text))]
    return max(dated) if dated else None


def _all_dates(window: str) -> list[date]:
    table = month_table()
    found: list[date] = []
    for pattern in (*_patterns(), _NUMERIC, _ISO):
        for m in pattern.finditer(window):
            groups = m.groupdict()
            if not groups.get("year"):
                continue
            month_raw = groups["month"].rstrip(".")
            month = int(month_raw) if month_raw.isdigit() else table.get(month_raw)
            if month is None:
                continue
            try:
                found.append(date(_full_year(groups["year"]), month, int(groups["day"])))
            except ValueError:
                continue
    return found


def publication_date(paragraphs: list[str], header: date | None, *, url: str | None = None) -> date | None:
    """The article's publication date, from the strongest evidence present, in the issue's order: a byline or
    dateline at the start of one of the first three paragraphs, then the file's date (`` date YYYY-MM-DD``
    header) or the date in the article's address (``url``, the file's ``URL:`` header, else one written in the
    text), then a date in the first ``TOP_WINDOW`` characters. Dates further on are dates mentioned, not the
    article's. A dateline without a year takes the header's year, else the year of the article's latest full date
    ("ASTANA, May 10 (Trend) —" in an article that says "10 May 2016" further on)."""
    text = "\n\n".join(paragraphs)
    for para in paragraphs[:3]:
        window = normalize(para[:DATELINE_WINDOW])
        found, yearless = _first_stated(window)
        if found is None and yearless:
            # A dateline without its year: reading the whole article for one is paid only here.
            found = _first_date(window, header.year if header else context_year(text))
        if found and found[1][0] <= BYLINE_START:
            return found[0]
        if len(para) > DATELINE_WINDOW:
            break  # the lead paragraph: the paragraphs after it are the body, not bylines
    if header is not None:
        return header
    addressed = (find_url_date(url) if url else None) or find_url_date(text)
    if addressed is not None:
        return addressed
    top = _first_date(normalize(text[:TOP_WINDOW]), None)
    return top[0] if top else None
