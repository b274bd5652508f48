"""The admin's ``/sources`` reply: every feed of the sources file with its health."""

from __future__ import annotations

from datetime import datetime
from html import escape

from feeds.config import Source
from storage.feeds import FeedHealth
from ui.i18n import Tr
from ui.render import h


def _when(t: Tr, moment: datetime | None) -> str:
    return f"{t.date(moment.date())} {moment:%H:%M} UTC" if moment else "—"


def feed_status(t: Tr, health: FeedHealth | None) -> str:
    """One feed's health in words: not polled yet, working, or failing with its last error."""
    if health is None or health.last_polled_at is None:
        return t("not polled yet")
    if health.failures:
        return t("failing; failed polls in a row: {n}; next try: {when}; error: {error}").format(
            n=health.failures, when=_when(t, health.next_poll_at), error=health.last_error or "")
    return t("working; articles so far: {n}; last good poll: {when}").format(
        n=health.items_written, when=_when(t, health.last_ok_at))


def sources_text(t: Tr, feeds: list[Source], health: dict[str, FeedHealth]) -> str:
    """Telegram HTML: the feeds, each linked, with its language and health (failing feeds marked)."""
    if not feeds:
        return h(t("No feeds yet. Add one on the server with {command}.")).format(
            command="<code>energybridge sources add URL</code>")
    lines = [f"<b>{h(t('Feeds: {n}').format(n=len(feeds)))}</b>"]
    for feed in feeds:
        state = health.get(feed.url)
        mark = "⚠️" if state and state.failures else "•"
        language = f" ({h(t.language_name(feed.language))})" if feed.language else ""
        link = f'<a href="{escape(feed.url, quote=True)}">{h(feed.outlet or feed.url)}</a>'
        lines.append(f"{mark} {link}{language}\n"
                     f"    {h(feed_status(t, state))}")
    return "\n".join(lines)


def sources_unreadable(t: Tr, error: str) -> str:
    return h(t("The sources file cannot be read: {error}").format(error=error))
