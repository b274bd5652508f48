"""Texts of the analyst tools: /trend's caption and /help search (the filters of /search)."""

from __future__ import annotations

from storage.trends import Granularity, SeriesBy, Trend
from ui.i18n import Tr
from ui.render import h
from ui.search_filters import FILTER_HELP_EXAMPLE

# Telegram's limit on a photo or document caption (after entity parsing).
MAX_CAPTION = 1024


def trend_caption(t: Tr, name: str, trend: Trend, by: SeriesBy) -> str:
    """``<b>CASA-1000</b>``, the number of articles and their dates, what the lines are, undated ones left out."""
    week = trend.granularity == Granularity.WEEK
    if by == SeriesBy.LANGUAGE:
        what = t("Articles per week, by language") if week else t("Articles per month, by language")
    else:
        what = t("Articles per week, by outlet") if week else t("Articles per month, by outlet")
    dated = trend.total - trend.undated
    lines = [f"📈 <b>{h(name)}</b>", h(what),
             h(t.n("{n} article, {first} – {last}", "{n} articles, {first} – {last}", dated).format(
                 n=t.number(dated), first=t.date(trend.first_day), last=t.date(trend.last_day)))]
    if trend.undated:
        lines.append("<i>" + h(t.n("{n} undated article is not on the chart.",
                                   "{n} undated articles are not on the chart.", trend.undated)
                                .format(n=t.number(trend.undated))) + "</i>")
    return "\n".join(lines)[:MAX_CAPTION]


def search_help(t: Tr) -> str:
    """/help search: the filters of /search, one a line, and an example."""
    lines = [
        t("<b>Search filters</b> — add them to /search in any order; results are listed newest first."),
        "",
        h(t("lang:ru — articles in one language (en, ru, kk, tg, ky, uz, az)")),
        h(t("since:2025-03 — from a year, month or day on; until:2025-06 — up to its end")),
        h(t("country:TJ — articles that mention a country (a name or a code)")),
        h(t("project:rogun — articles on a project (any of its names)")),
        h(t("outlet:Kabar — articles from one outlet")),
        "",
        f"<code>{h(FILTER_HELP_EXAMPLE)}</code>",
    ]
    return "\n".join(lines)
