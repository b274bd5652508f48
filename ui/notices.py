"""What the bot sends on its own or about itself: instant alerts, daily digests, subscription lists, scan and
status reports (Telegram HTML, localized). Cards and lists a reader asks for are in ``ui.render``."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_datetime

from ingest.catalog import load_catalog
from scan import IngestReport
from storage.rows import ArticleDetail, Stats
from storage.timeline import TimelineEvent
from ui.i18n import Tr
from ui.render import h, linked_title
from ui.timeline import event_headline


def topic_label(t: Tr, topic: str, key: str) -> str:
    """Localized name of what a subscription follows."""
    from ingest.catalog import load_catalog

    if topic == "project":
        project = load_catalog().get(key)
        return project.name(t.language) if project else key
    if topic == "country":
        return t.country(key)
    return t("all news")


def alert_subject(t: Tr, detail: ArticleDetail, topic: str | None, key: str | None) -> str:
    """What an alert is about: the article's first project (a Rogun article that mentions CASA-1000 is about
    Rogun), with the subscription's project after it when that is another one; else what the subscription
    follows."""
    catalog = load_catalog()
    first = first_projects(detail.article.title, detail.body, detail.projects)[:1]
    names = [p.name(t.language) for p in (catalog.get(s) for s in first) if p is not None]
    if topic == "project" and key and key not in first:
        names.append(topic_label(t, "project", key))
    return " · ".join(names) if names else topic_label(t, topic or "all", key or "")


# Characters of an article's body read for the order in which it names its projects: the lead says what the
# article is about. Measured: find_in_text over 2,000 characters of a seed article takes ~0.5 ms (it normalises
# the text first), once per alert; a digest line reads its title only.
LEAD_CHARS = 2_000


def first_projects(title: str, body: str, slugs: list[str] | tuple[str, ...]) -> list[str]:
    """An article's project slugs in the order its headline, then its lead, first name them (the store keeps
    them unordered); the others after them."""
    mentioned = load_catalog().find_in_text(f"{title}\n\n{body[:LEAD_CHARS]}")
    return [s for s in mentioned if s in slugs] + [s for s in slugs if s not in mentioned]


def alert_text(t: Tr, detail: ArticleDetail, topic: str | None, key: str | None,
               event: TimelineEvent | None = None) -> str:
    """An instant alert: the news first (the event the article reports, else its headline), then what it is
    about (the article's own first project, not only the subscription's), date, outlets, language, the lead
    paragraph, the /article link."""
    a = detail.article
    lead = detail.body.split("\n\n", 1)[0]
    if len(lead) > 600:
        lead = lead[:600].rsplit(" ", 1)[0] + "…"
    about = h(alert_subject(t, detail, topic, key))
    meta = t("{date} · {source} · {language}").format(
        date=t.date(a.date), source=h(", ".join(a.sources_in_story) or a.source or t("unknown source")),
        language=t.language_name(a.language))
    head = ([f"🔔 <b>{h(event_headline(t, event))}</b> · {about}", f"<b>{linked_title(a.title, a.url)}</b>", meta]
            if event is not None else [f"🔔 <b>{linked_title(a.title, a.url)}</b>", f"{about} · {meta}"])
    lines = [
        *head,
        "",
        h(lead),
        "",
        t("Full text: /article_{id}").format(id=a.id),
    ]
    return "\n".join(lines)


def _digest_subject(t: Tr, entry) -> str:
    """The project a digest line is about ("Rogun HPP · "), when its group (a country, all news, or another
    project) does not name it already; "" otherwise."""
    slugs = first_projects(entry.article.title, "", getattr(entry, "projects", ()))
    if not slugs or (entry.topic == "project" and entry.key == slugs[0]):
        return ""
    project = load_catalog().get(slugs[0])
    return f"{h(project.name(t.language))} · " if project is not None else ""


def digest_text(t: Tr, entries: list, day: date) -> str:
    """A daily digest grouped by subscription topic; one line per story with all its sources. Its first line is
    the news (the first story's event, else its headline), then what the message is: the digest of a day."""
    out = [t.n("Energy Bridge digest — {date}: {n} story", "Energy Bridge digest — {date}: {n} stories",
               len(entries)).format(date=t.date(day), n=t.number(len(entries)))]
    if entries:
        first = entries[0]
        event = getattr(first, "event", None)
        lead = event_headline(t, event) if event is not None else first.article.title
        out = [f"🗞 <b>{h(lead)}</b>", "<i>" + h(out[0]) + "</i>"]
    current: tuple[str, str] | None = None
    for entry in entries:
        group = (entry.topic, entry.key)
        if group != current:
            current = group
            out.append("\n<b>" + h(topic_label(t, entry.topic, entry.key)) + "</b>")
        a = entry.article
        sources = ", ".join(h(s) for s in entry.sources) or t("unknown source")
        event = getattr(entry, "event", None)  # the event the story reports leads its line
        led = entry is entries[0] and event is not None  # the digest's first line says it already
        what = f"<b>{h(event_headline(t, event))}</b> · " if event is not None and not led else ""
        about = _digest_subject(t, entry)
        out.append(f"• {what}{about}{t.date(a.date)} · {linked_title(a.title, a.url)} — {sources} · "
                   f"/article_{a.id}")
    return "\n".join(out)


def subscriptions_text(t: Tr, rows: list, target: str | None) -> str:
    if not rows:
        return t("No subscriptions yet. Example: /subscribe project CASA-1000 instant")
    head = t("<b>Subscriptions</b>") + (f" — {h(target)}" if target else "")
    lines = [head]
    for i, row in enumerate(rows, 1):
        mode = {"instant": t("instant"), "weekly": t("weekly digest")}.get(row.mode) or t("daily digest")
        lines.append(f"{i}. {h(topic_label(t, row.topic, row.key))} — {mode}")
    return "\n".join(lines)


def scan_summary(t: Tr, report: IngestReport) -> str:
    """One scan's counts as a sentence in the reader's language (plain text)."""
    return t(
        "Scan finished in {seconds} s: {new} new, {updated} updated, {unchanged} unchanged, {duplicates} "
        "duplicates, {quarantined} quarantined, {removed} removed."
    ).format(seconds=t.number(round(report.seconds, 1)), new=t.number(report.new), updated=t.number(report.updated),
             unchanged=t.number(report.unchanged), duplicates=t.number(report.duplicate + report.near_duplicate),
             quarantined=t.number(report.quarantined), removed=t.number(report.removed))


def last_scan(t: Tr, when: datetime, report: IngestReport) -> str:
    """When the last scan ran (the reader's date and time format) and what it found (plain text)."""
    return f"{format_datetime(when, format='medium', locale=t.locale)} — {scan_summary(t, report)}"


def status_text(t: Tr, stats: Stats, chats: tuple[int, int], subscriptions: int, outbox, last_scan: str,
                quarantined: list) -> str:
    lines = [
        t("<b>Status</b>"),
        t("Articles: {n}").format(n=t.number(stats.articles)),
        t("Chats: {n} ({paused} paused)").format(n=chats[0], paused=chats[1]),
        t("Subscriptions: {n}").format(n=subscriptions),
        t("Deliveries: {pending} pending, {sent} sent, {failed} failed").format(
            pending=outbox.pending + outbox.sending, sent=outbox.sent, failed=outbox.failed),
        t("Last scan: {when}").format(when=h(last_scan)),
        t("Quarantined files: {n}").format(n=len(quarantined)),
    ]
    for chat_id, error in outbox.last_errors:
        lines.append(f"  ✗ {chat_id}: {h(error)}")
    for path, reason, _seen in quarantined[:10]:
        lines.append(f"  ⚠ {h(path.rsplit('/', 1)[-1])}: {h(reason or '')}")
    return "\n".join(lines)
