"""The weekly digest's text, and weekdays read and named in the reader's language (CLDR through Babel)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from babel import Locale

from storage.timeline import TimelineEvent
from storage.weekly import WEEK, WeeklyGroup
from ui.i18n import SUPPORTED_LANGUAGES, Tr
from ui.notices import topic_label
from ui.render import h, linked_title

# An event's sentence is quoted up to this many characters: the lead of a group, not the article.
EVENT_SENTENCE = 200


def weekday_name(t: Tr, weekday: int) -> str:
    """Monday is 0, as ``date.weekday()`` counts."""
    return str(t.locale.days["format"]["wide"][weekday])


@cache
def _weekday_words() -> dict[str, int]:
    words: dict[str, int] = {}
    for language in SUPPORTED_LANGUAGES:
        days = Locale.parse(language).days
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in days[context][width].items():
                    words.setdefault(str(name).casefold().rstrip("."), int(number))
    return words


def parse_weekday(text: str) -> int | None:
    """A weekday typed as a number (1 = Monday … 7 = Sunday) or a name, full or short, in any supported language
    ("monday", "Mon", "понедельник", "дүйсенбі", "душанбе", "bazar ertəsi"); None when it is none."""
    value = " ".join(text.split()).casefold().rstrip(".")
    if value in ("1", "2", "3", "4", "5", "6", "7"):  # not isdigit(): "²" is a digit to it, not to int()
        return int(value) - 1
    return _weekday_words().get(value)


def _event_line(t: Tr, event: TimelineEvent) -> str:
    sentence = event.sentence if len(event.sentence) <= EVENT_SENTENCE else (
        event.sentence[:EVENT_SENTENCE].rsplit(" ", 1)[0] + "…")
    links = " ".join(f"/article_{i}" for i in event.article_ids[:3])
    return f"⚡ {t.date(event.date)} · {h(sentence)}" + (f" {links}" if links else "")


def weekly_digest_text(t: Tr, groups: list[WeeklyGroup], last_day: date) -> str:
    """The weekly digest: a heading with the week, then per project its events, then its stories."""
    first_day = last_day - WEEK + timedelta(days=1)  # the seven days ending with last_day
    out = [t("🗞 <b>Energy Bridge weekly digest</b> — {first} – {last}").format(
        first=t.date(first_day), last=t.date(last_day))]
    for group in groups:
        out.append("\n<b>" + h(topic_label(t, group.topic, group.key)) + "</b>")
        out.extend(_event_line(t, event) for event in group.events)
        for entry in group.entries:
            a = entry.article
            sources = ", ".join(h(s) for s in entry.sources) or t("unknown source")
            out.append(f"• {t.date(a.date)} · {linked_title(a.title, a.url)} — {sources} · /article_{a.id}")
        if group.more:
            out.append("<i>" + h(t.n("…and {n} more story", "…and {n} more stories", group.more)
                                 .format(n=t.number(group.more))) + "</i>")
    return "\n".join(out)
