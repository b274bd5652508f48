"""A project's or country's events as a reader sees them: one line each, newest first, with links to the sources;
and an event as the headline of an alert ("Financing approved: $250M, World Bank → Rogun HPP")."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from ingest.catalog import load_catalog
from storage.timeline import TimelineEvent, TimelinePage
from ui.i18n import N_, Tr
from ui.units import format_quantity

# Events per timeline page.
PAGE_SIZE = 10
EVENT_LABELS = {
    "agreement": N_("Agreement signed"),
    "financing": N_("Financing approved"),
    "contract": N_("Contract awarded"),
    "construction": N_("Construction started"),
    "commissioning": N_("Commissioned"),
    "supply": N_("Supply started or stopped"),
    "meeting": N_("Talks held"),
    "study": N_("Study launched or completed"),
    "delay": N_("Delay or suspension"),
}
# Types whose first organisation is the party worth naming (the lender, the contractor, who ran the study).
_PARTY_TYPES = frozenset({"financing", "contract", "study"})
# Amounts shown in a line: the first money sum and the first other quantity are what a reader scans for.
_AMOUNTS_SHOWN = 2


def h(text: object) -> str:
    """Escape text for Telegram HTML (as ``ui.render.h``; this module sits below ``ui.render``, which uses it)."""
    return escape(str(text), quote=False)


def event_label(t: Tr, kind: str) -> str:
    return t(EVENT_LABELS[kind]) if kind in EVENT_LABELS else kind


def event_headline(t: Tr, event: TimelineEvent) -> str:
    """What happened, in one phrase of plain text: "Financing approved: $250M, World Bank → Rogun HPP"."""
    details = [format_quantity(t.language, value, unit) for value, unit in _amounts(event)]
    if event.kind in _PARTY_TYPES and event.organizations:
        details.append(event.organizations[0])
    names = [_project_name(t, slug) for slug in event.projects]
    text = event_label(t, event.kind)
    if details:
        text += ": " + ", ".join(details)
    if names:
        text += (" → " if details else ": ") + ", ".join(names)
    elif not details and event.countries:
        text += ": " + ", ".join(t.country(c) for c in event.countries)
    return text


def event_line(t: Tr, event: TimelineEvent) -> str:
    """One timeline line (HTML): "2025-03-31 · <b>Construction started</b>: … · TJ KG · 3 sources /article_4 …"."""
    label = event_label(t, event.kind)
    headline = event_headline(t, event)
    what = f"<b>{h(label)}</b>{h(headline[len(label):])}"
    sources = t.n("{n} source", "{n} sources", event.source_count).format(n=event.source_count)
    links = " ".join(f"/article_{i}" for i in event.article_ids)
    return t("{date} · {what} · {countries} · {sources}").format(
        date=event.date.isoformat() if event.date else h(t.date(None)),
        what=what,
        countries=" ".join(event.countries) or "—",
        sources=f"{sources} {links}".strip(),
    )


def timeline_text(t: Tr, name: str, page: TimelinePage) -> str:
    """The page of a timeline titled ``name`` (a project's or country's name in the reader's language)."""
    head = t("<b>Timeline: {name}</b>").format(name=h(name))
    if not page.events:
        return head + "\n\n" + h(t("{name}: no events found yet.").format(name=name))
    lines = [event_line(t, e) for e in page.events]
    footer = t("Events {first}–{last} of {total}").format(
        first=page.offset + 1, last=page.offset + len(page.events), total=page.total)
    return head + "\n\n" + "\n\n".join(lines) + "\n\n" + footer


def timeline_pager(t: Tr, page: TimelinePage, limit: int = PAGE_SIZE) -> InlineKeyboardMarkup | None:
    """◀ / ▶ buttons that edit the message in place (``tl:<subject>:<offset>``, under 64 bytes)."""
    buttons = []
    if page.offset > 0:
        newer = max(0, page.offset - limit)
        buttons.append(InlineKeyboardButton(t("◀ Newer"), callback_data=f"tl:{page.subject}:{newer}"))
    if page.offset + len(page.events) < page.total:
        buttons.append(InlineKeyboardButton(t("Older ▶"), callback_data=f"tl:{page.subject}:{page.offset + limit}"))
    return InlineKeyboardMarkup([buttons]) if buttons else None


def with_timeline_button(t: Tr, keyboard: InlineKeyboardMarkup | None, subject: str) -> InlineKeyboardMarkup:
    """``keyboard`` (a card's pager, or none) with a row opening the timeline of ``subject`` ("p:casa-1000")."""
    rows = [list(row) for row in keyboard.inline_keyboard] if keyboard else []
    rows.append([InlineKeyboardButton(t("🕒 Timeline"), callback_data=f"tl:{subject}:0")])
    return InlineKeyboardMarkup(rows)


def subject_name(t: Tr, subject: str) -> str:
    """The reader's name of a timeline subject ("p:casa-1000" -> "CASA-1000", "c:TJ" -> "Таджикистан")."""
    kind, _, key = subject.partition(":")
    return _project_name(t, key) if kind == "p" else t.country(key)


def _project_name(t: Tr, slug: str) -> str:
    project = load_catalog().get(slug)
    return project.name(t.language) if project else slug


def _amounts(event: TimelineEvent) -> list[tuple[float, str]]:
    money = [a for a in event.amounts if a[1] == "USD"][:1]
    other = [a for a in event.amounts if a[1] != "USD"][:1]
    return (money + other)[:_AMOUNTS_SHOWN]


__all__ = [
    "EVENT_LABELS",
    "PAGE_SIZE",
    "event_headline",
    "event_label",
    "event_line",
    "subject_name",
    "timeline_pager",
    "timeline_text",
    "with_timeline_button",
]
