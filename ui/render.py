"""Rendering of replies as Telegram HTML: escaped, localized, split under Telegram's length limit."""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape, unescape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from ingest.catalog import Project
from storage.rows import ArticleDetail, ArticleRow, FigureRow, Page, PersonMention, PersonRow, Stats, Summary
from storage.subscriptions import Mode
from ui.collate import collation_key
from ui.i18n import Tr
from ui.people import display_name, mention_role
from ui.units import format_capacity, format_quantity

_TAG = re.compile(r"<[^>]+>")
# Telegram counts message length in UTF-16 code units after entity parsing; 4,096 is the hard limit.
MAX_MESSAGE = 4096
# Articles per page of every list: five fit a phone screen with the card above them.
PAGE_SIZE = 5
# Key figures and people shown on a card: more turns a card into a wall of text.
CARD_ITEMS = 6


def h(text: object) -> str:
    """Escape any article or user text for Telegram HTML."""
    return escape(str(text), quote=False)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def visible_len(html: str) -> int:
    """Length Telegram counts: tags removed, entities decoded."""
    return utf16_len(unescape(_TAG.sub("", html)))


def split_message(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Split on paragraph, then line, then word boundaries so that every part fits Telegram's limit.

    Splits never cut inside a tag: renderers open and close tags within one line.
    """
    if visible_len(text) <= limit and utf16_len(text) <= limit * 2:
        return [text]
    parts: list[str] = []
    current = ""
    for block in _blocks(text):
        candidate = f"{current}{block}" if current else block.lstrip("\n")
        if visible_len(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current.strip("\n"))
        current = block.lstrip("\n")
        while visible_len(current) > limit:
            cut = _cut_point(current, limit)
            parts.append(current[:cut].strip())
            current = current[cut:].lstrip()
    if current.strip():
        parts.append(current.strip("\n"))
    return parts


def _blocks(text: str) -> Iterable[str]:
    for i, para in enumerate(text.split("\n\n")):
        yield ("\n\n" if i else "") + para


def _cut_point(text: str, limit: int) -> int:
    # Largest prefix under the limit, ending at a newline or space outside a tag.
    lo, hi = 1, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if visible_len(text[:mid]) <= limit:
            lo = mid
        else:
            hi = mid - 1
    for sep in ("\n", " "):
        pos = text.rfind(sep, 0, lo)
        if pos > lo // 2 and text.rfind("<", 0, pos) <= text.rfind(">", 0, pos):
            return pos + 1
    while lo > 1 and text.rfind("<", 0, lo) > text.rfind(">", 0, lo):
        lo -= 1
    return lo


def linked_title(title: str, url: str | None) -> str:
    """The escaped title, a link to its source page when the article carries one (http or https only)."""
    if url and url.lower().startswith(("http://", "https://")):
        return f'<a href="{escape(url, quote=True)}">{h(title)}</a>'
    return h(title)


def article_line(t: Tr, row: ArticleRow) -> str:
    sources = ", ".join(h(s) for s in row.sources_in_story) or t("unknown source")
    return t("{date} · <b>{title}</b>\n{sources} · {language} · /article_{id}").format(
        date=t.date(row.date), title=linked_title(row.title, row.url), sources=sources,
        language=t.language_name(row.language),
        id=row.id,
    )


def one_per_story(rows: list[ArticleRow]) -> list[ArticleRow]:
    """The rows with the same story from several outlets kept once (the first, newest; its line names every
    outlet of the story: ``sources_in_story``)."""
    seen: set[int] = set()
    out = []
    for row in rows:
        if row.story_id is not None:
            if row.story_id in seen:
                continue
            seen.add(row.story_id)
        out.append(row)
    return out


def article_list(t: Tr, page: Page[ArticleRow]) -> str:
    """A page of articles, one entry per story; the "1–5 of 12" footer only when there is more than one page."""
    if not page.items and page.end == page.offset:
        return t("No articles yet.")
    # A page may hold no line of its own: every position was a story listed on an earlier page.
    lines = [article_line(t, row) for row in one_per_story(page.items)]
    if page.offset == 0 and not page.has_more:
        return "\n\n".join(lines)
    footer = (t("Articles {first}–{last} of {total} or more") if page.total_at_least
              else t("Articles {first}–{last} of {total}")).format(
        first=page.offset + 1, last=page.end, total=t.number(page.total)
    )
    return "\n\n".join([*lines, "<i>" + footer + "</i>"])


def pager(t: Tr, kind: str, key: str, page: Page[ArticleRow]) -> InlineKeyboardMarkup | None:
    """◀ / ▶ buttons that edit the message in place; callback data stays under 64 bytes."""
    buttons = []
    if page.offset > 0:
        prev = max(0, page.offset - page.limit)
        buttons.append(InlineKeyboardButton(t("◀ Newer"), callback_data=f"pg:{kind}:{key}:{prev}"))
    if page.has_more:
        buttons.append(InlineKeyboardButton(t("Older ▶"), callback_data=f"pg:{kind}:{key}:{page.offset + page.limit}"))
    return InlineKeyboardMarkup([buttons]) if buttons else None


def figure_list(t: Tr, figures: list[FigureRow]) -> str:
    """Figures, each once, with the article first stating it and its date when known: "1,300 MW (/article_12,
    10 Jun 2024)"; two values for one quantity are two entries, each with its source."""
    parts = []
    for f in figures[:CARD_ITEMS]:
        text = h(format_quantity(t.language, f.value, f.unit))
        if f.source_id is not None:
            source = f"/article_{f.source_id}" + (f", {h(t.date(f.source_date))}" if f.source_date else "")
            text += f" ({source})"
        parts.append(text)
    return ", ".join(parts)


def _people(t: Tr, people: list[PersonMention]) -> str:
    lines = []
    unique = list({p.key: p for p in reversed(people)}.values())[::-1]  # one line per person, first role kept
    for p in unique[:CARD_ITEMS]:
        role = mention_role(t, p)  # the taxonomy's label in the reader's language, never the article's phrase
        lines.append(f"• {h(display_name(p.name, p.key, t.language))}" + (f" — {h(role)}" if role else ""))
    return "\n".join(lines)


def kind_label(t: Tr, kind: str | None) -> str:
    labels = {
        "transmission-line": t("transmission line"), "pipeline": t("gas pipeline"),
        "hpp": t("hydropower plant"), "tpp": t("thermal power plant"),
        "chp": t("combined heat and power plant"), "corridor": t("energy corridor"),
        "gasification": t("gasification project"), "power-plant": t("power plant"),
    }
    return labels.get(kind or "", kind or "—")


def _summary_lines(t: Tr, summary: Summary, countries: list[str]) -> list[str]:
    lines = []
    if countries:
        lines.append(t("<b>Countries:</b> {countries}").format(countries=", ".join(h(t.country(c)) for c in countries)))
    if summary.figures:
        lines.append(t("<b>Key figures:</b> {figures}").format(figures=figure_list(t, summary.figures)))
    if summary.people:
        lines.append(t("<b>People:</b>") + "\n" + _people(t, summary.people))
    n = summary.article_count
    if n and summary.first_date == summary.last_date:  # one day (or none known): the date once
        lines.append(t.n("{n} article, {date}", "{n} articles, {date}", n).format(
            n=t.number(n), date=t.date(summary.first_date)))
    elif n:
        lines.append(t.n("{n} article, {first} – {last}", "{n} articles, {first} – {last}", n)
                     .format(n=t.number(n), first=t.date(summary.first_date), last=t.date(summary.last_date)))
    lines += _basis(t, summary)
    return lines


def _basis(t: Tr, summary: Summary) -> list[str]:
    """A note when the card's lists come from its newest articles only (storage.summaries.SUMMARY_WINDOW)."""
    if summary.basis >= summary.article_count:
        return []
    note = t.n("People, figures and countries are counted in the latest {n} article added.",
               "People, figures and countries are counted in the latest {n} articles added.", summary.basis)
    return ["<i>" + note.format(n=t.number(summary.basis)) + "</i>"]


def project_card(t: Tr, project: Project, summary: Summary, page: Page[ArticleRow]) -> str:
    countries = list(project.countries)
    for c in summary.countries:
        if c.key not in countries:
            countries.append(c.key)
    kind = t("<b>Kind:</b> {kind}").format(kind=kind_label(t, project.kind))
    head = [f"🔌 <b>{h(project.name(t.language))}</b>", kind]
    if project.capacity:
        head.append(t("<b>Capacity:</b> {capacity}").format(capacity=h(format_capacity(t.language, project.capacity))))
    head += _summary_lines(t, summary, countries)
    if not summary.article_count and not page.items:
        return "\n".join(head) + "\n\n" + h(no_articles(t, project.name(t.language), "/projects"))
    return "\n".join(head) + "\n\n" + article_list(t, page)


def no_articles(t: Tr, name: str, list_command: str) -> str:
    """One line for a card without articles, with the nearest useful commands."""
    return t("{name}: no articles yet. Try {list} or /latest.").format(name=name, list=list_command)


def country_card(t: Tr, code: str, summary: Summary, project_names: list[str], page: Page[ArticleRow]) -> str:
    if not summary.article_count and not page.items:
        return f"🌍 <b>{h(t.country(code))}</b>\n" + h(no_articles(t, t.country(code), "/countries"))
    head = [f"🌍 <b>{h(t.country(code))}</b>"]
    if project_names:
        head.append(t("<b>Projects:</b> {projects}").format(projects=", ".join(h(n) for n in project_names)))
    # Most mentioned first; equally often mentioned ones in the reader's alphabetical order, not by ISO code.
    ranked = sorted((c for c in summary.countries if c.key != code),
                    key=lambda c: (-c.count, collation_key(t.language, t.country(c.key))))
    counterparts = [c.key for c in ranked]
    if counterparts:
        head.append(t("<b>Counterpart countries:</b> {countries}").format(
            countries=", ".join(h(t.country(c)) for c in counterparts[:10])))
    if summary.people:
        head.append(t("<b>People:</b>") + "\n" + _people(t, summary.people))
    head.append(t.n("{n} article", "{n} articles", summary.article_count).format(n=t.number(summary.article_count)))
    head += _basis(t, summary)
    return "\n".join(head) + "\n\n" + t("<b>Latest articles</b>") + "\n\n" + article_list(t, page)


def person_name(t: Tr, person: PersonRow) -> str:
    """A person's name for the reader (plain text) in the reader's script (ui.people.display_name)."""
    return display_name(person.name, person.key, t.language, person.spellings)


def person_role(t: Tr, person: PersonRow) -> str:
    """The person's role once: the most recently stated one, with its country (plain text)."""
    for mention in person.roles:
        if mention.role_kind or mention.country:
            return mention_role(t, mention)  # the taxonomy's label in the reader's language, never the phrase
    return ""


def person_card(t: Tr, people: list[PersonRow], page: Page[ArticleRow]) -> tuple[str, InlineKeyboardMarkup | None]:
    """The person card: the person with their role (once), then a page of their articles."""
    head = []
    for person in people[:3]:
        role = person_role(t, person)
        head.append(f"👤 <b>{h(person_name(t, person))}</b>" + (f" — {h(role)}" if role else ""))
    key = people[0].key if people else ""
    return "\n".join(head) + "\n\n" + article_list(t, page), pager(t, "per", key[:40], page)


def article_text(t: Tr, detail: ArticleDetail) -> str:
    a = detail.article
    meta = [f"📰 <b>{linked_title(a.title, a.url)}</b>",
            t("{date} · {source} · {language}").format(date=t.date(a.date), source=h(a.source or t("unknown source")),
                                                        language=t.language_name(a.language))]
    if detail.countries:
        names = ", ".join(h(t.country(c)) for c in detail.countries)
        meta.append(t("<b>Countries:</b> {countries}").format(countries=names))
    if len(detail.other_in_story) > 0:
        meta.append(t("<b>Also reported by:</b> {sources}").format(
            sources=", ".join(h(o.source or o.file) for o in detail.other_in_story)))
    body = "\n\n".join(h(p) for p in detail.body.split("\n\n"))
    return "\n".join(meta) + "\n\n" + body


def help_text(t: Tr, stats: Stats, project_count: int) -> str:
    intro = t("Energy Bridge follows energy cooperation in Central and South Asia.")
    known = t(
        "I know {articles} articles about {projects} projects and {countries} countries; "
        "the newest is from {date}."
    ).format(
        articles=t.number(stats.articles), projects=t.number(project_count), countries=t.number(stats.countries),
        date=t.date(stats.newest_article_date))
    modes = "|".join(Mode)  # every delivery mode that exists ("instant|daily")
    groups = [
        (t("<b>Projects, countries, people</b>"), [
            t("/project <name> — a project: countries, figures, people, articles"),
            t("/projects — all projects"),
            t("/country <name or code> — a country's projects and news"),
            t("/countries — all countries"),
            t("/person <name> — articles about a person"),
            t("/timeline <project or country> — what happened, and when"),
        ]),
        (t("<b>Articles</b>"), [
            t("/latest [n] — the newest articles"),
            t("/search <text> — full-text search"),
            t("Search filters: /help search"),
            t("/article <id> — the full text of an article"),
            t("/trend <project or country> — a chart of articles over time"),
            t("/export <project> — the project's articles as a CSV file"),
        ]),
        (t("<b>Alerts and digests</b>"), [
            t("/subscribe project|country <name> [{modes}] — alerts or a digest; /subscribe all — everything")
            .format(modes=modes),
            t("/unsubscribe project|country <name> | all — stop a subscription"),
            t("/subscriptions — this chat's subscriptions"),
            t("/digest — this chat's digest now"),
            t("/digesttime HH:MM — time of the daily digest"),
            t("/timezone <city or UTC+5> — time zone of the digest"),
        ]),
        (t("<b>Settings</b>"), [
            t("/language — change the reply language"),
            t("/help — this list"),
        ]),
    ]
    commands = "\n\n".join(title + "\n" + "\n".join(h(line) for line in lines) for title, lines in groups)
    example = t("Example: /project CASA-1000")
    return f"⚡ <b>Energy Bridge</b>\n{h(intro)}\n\n{h(known)}\n\n{commands}\n\n{h(example)}"


def project_list(t: Tr, rows: list[tuple[str, str, int]]) -> str:
    lines = [t("<b>Projects</b>")]
    for slug, name, count in rows:
        lines.append(t.n("• {name} — {n} article (/project {slug})", "• {name} — {n} articles (/project {slug})", count)
                     .format(name=h(name), n=t.number(count), slug=slug))
    return "\n".join(lines)


def country_list(t: Tr, rows: list[tuple[str, int]]) -> str:
    lines = [t("<b>Countries</b>")]
    for code, count in rows:
        lines.append(t.n("• {name} — {n} article (/country {code})", "• {name} — {n} articles (/country {code})", count)
                     .format(name=h(t.country(code)), n=t.number(count), code=code))
    return "\n".join(lines)


def choices_keyboard(options: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data)] for label, data in options])
