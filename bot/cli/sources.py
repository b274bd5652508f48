"""``energybridge sources add|list|remove|poll``: the feeds of SOURCES_FILE, their health, one poll (for cron)."""

from __future__ import annotations

import asyncio
import sys

import click
from sqlalchemy import Engine

from bot.cli.common import fail, settings_of, with_engine
from feeds.config import SourcesError, add_source, load_sources, make_source, remove_source
from feeds.poller import poll_sources
from storage.engine import read_session
from storage.feeds import FeedHealth, list_feed_health
from storage.migrate import upgrade


@click.group()
def sources() -> None:
    """The RSS/Atom feeds whose new items become seed files."""


@sources.command("add")
@click.argument("url")
@click.option("--language", help="what the feed publishes in (en ru kk tg ky uz az …)")
@click.option("--outlet", help="outlet name for the Outlet: header (default: the page's site name)")
@click.option("--interval", type=click.FloatRange(min=0, min_open=True), help="minutes between polls")
@click.pass_context
def add(ctx: click.Context, url: str, language: str | None, outlet: str | None, interval: float | None) -> int:
    """Add a feed (or change the one with this URL)."""
    path = settings_of(ctx).sources_file
    try:
        new = add_source(path, make_source(url, language=language, outlet=outlet, interval_minutes=interval))
    except (SourcesError, OSError) as exc:
        return fail("sources add", str(exc))
    print(f"{'added' if new else 'updated'} {url.strip()} in {path}")
    return 0


@sources.command("remove")
@click.argument("url")
@click.pass_context
def remove(ctx: click.Context, url: str) -> int:
    """Remove a feed (the items it brought stay)."""
    path = settings_of(ctx).sources_file
    try:
        removed = remove_source(path, url)
    except (SourcesError, OSError) as exc:
        return fail("sources remove", str(exc))
    if not removed:
        return fail("sources remove", f"no feed {url.strip()} in {path}")
    print(f"removed {url.strip()} from {path}")
    return 0


def _health_line(health: FeedHealth | None) -> str:
    if health is None or health.last_polled_at is None:
        return "not polled yet"
    when = f"{health.last_ok_at:%Y-%m-%d %H:%M} UTC" if health.last_ok_at else "never"
    line = f"{health.items_written} articles, last good poll {when}"
    if health.failures:
        line += f", FAILING ({health.failures} in a row, next try {health.next_poll_at:%Y-%m-%d %H:%M} UTC): "
        line += health.last_error or ""
    return line


@sources.command("list")
@click.pass_context
def list_command(ctx: click.Context) -> int:
    """List the feeds with their health."""
    settings = settings_of(ctx)
    try:
        feeds = load_sources(settings.sources_file)
    except SourcesError as exc:
        return fail("sources list", str(exc))
    if not feeds:
        print(f"no feeds in {settings.sources_file}: add one with `energybridge sources add URL`")
        return 0

    def action(engine: Engine) -> int:
        upgrade(engine)
        with read_session(engine) as session:
            health = list_feed_health(session=session)
        for feed in feeds:
            details = ", ".join(x for x in (feed.outlet, feed.language,
                                            f"every {feed.interval_minutes:g} min" if feed.interval_minutes else None)
                                if x)
            print(f"{feed.url}{f' ({details})' if details else ''}\n    {_health_line(health.get(feed.url))}")
        return 0

    return with_engine(settings, "sources list", action)


@sources.command("poll")
@click.option("--force", is_flag=True, help="poll every feed now, also those not due yet")
@click.pass_context
def poll(ctx: click.Context, force: bool) -> int:
    """Poll the due feeds once: new items become seed files in SEEDS_DIR (the next scan ingests them)."""
    settings = settings_of(ctx)
    try:
        feeds = load_sources(settings.sources_file)
    except SourcesError as exc:
        return fail("sources poll", str(exc))

    def action(engine: Engine) -> int:
        upgrade(engine)
        report = asyncio.run(poll_sources(engine, feeds, settings.poll_options(), force=force))
        for result in report.feeds:
            if result.status == "failed":
                print(f"energybridge sources poll: {result.url}: {result.error}", file=sys.stderr)
        print(report.summary_line())
        return 0

    return with_engine(settings, "sources poll", action)
