"""``energybridge query KIND [ARG...]``: one query of the article store, as a table or JSON."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

import click
from sqlalchemy import Engine

from bot.cli.common import fail, settings_of, with_engine
from ingest.catalog import load_catalog
from ingest.countries import resolve_country
from storage import queries
from storage.engine import read_session
from storage.migrate import current_revision
from storage.paging import MAX_LIMIT, empty_page
from storage.rows import ArticleRow, Page

QUERY_KINDS = ("project", "country", "person", "search", "latest", "stats")
_NEEDS_ARG = {"project": "a project slug or name", "country": "a country code or name",
              "person": "a person's name", "search": "words to search for"}


@click.command()
@click.argument("kind", type=click.Choice(QUERY_KINDS))
@click.argument("arg", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="print JSON")
@click.option("--limit", type=click.IntRange(1, MAX_LIMIT), default=10, show_default=True, help="page size")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="rows to skip")
@click.pass_context
def query(ctx: click.Context, kind: str, arg: tuple[str, ...], as_json: bool, limit: int, offset: int) -> int:
    """Query the article store: project, country, person, search, latest or stats."""
    text = " ".join(arg).strip()
    if kind in _NEEDS_ARG and not text:
        return fail("query", f"{kind} needs an argument ({_NEEDS_ARG[kind]})")
    if kind not in _NEEDS_ARG and text:
        return fail("query", f"{kind} takes no argument, got {text!r}")

    def action(engine: Engine) -> int:
        if current_revision(engine) is None:
            return fail("query", "the database is empty: run `energybridge db upgrade` or `ingest` first", 1)
        with read_session(engine) as session:
            if kind == "stats":
                stats = queries.get_stats(session=session)
                _print_stats(_jsonable(asdict(stats)), as_json=as_json)
                return 0
            page = _run_page_query(session, kind, text, limit, offset)
        if as_json:
            print(json.dumps([_article_json(row) for row in page.items], ensure_ascii=False, indent=2))
        else:
            _print_page(page, kind, text)
        return 0

    return with_engine(settings_of(ctx), "query", action)


def _run_page_query(session: Any, kind: str, text: str, limit: int, offset: int) -> Page[ArticleRow]:
    window = {"session": session, "limit": limit, "offset": offset}
    if kind == "project":
        slugs = load_catalog().resolve(text)
        if not slugs:
            _hint_project(text)
            return empty_page(limit, offset)
        if len(slugs) > 1:
            print(f"energybridge query: {text!r} names {', '.join(slugs)}; showing {slugs[0]}", file=sys.stderr)
        return queries.list_articles_for_project(slug=slugs[0], **window)
    if kind == "country":
        code = resolve_country(text)
        if code is None:
            print(f"energybridge query: unknown country {text!r}", file=sys.stderr)
            return empty_page(limit, offset)
        return queries.list_articles_for_country(code=code, **window)
    if kind == "person":
        return queries.list_articles_for_person(person=text, **window)
    if kind == "search":
        return queries.search_articles(text=text, **window)
    return queries.list_latest(**window)


def _hint_project(text: str) -> None:
    close = load_catalog().closest(text)
    hint = f" (did you mean: {', '.join(close)}?)" if close else ""
    print(f"energybridge query: unknown project {text!r}{hint}", file=sys.stderr)


def _article_json(row: ArticleRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "file": row.file,
        "title": row.title,
        "date": row.date.isoformat() if row.date else None,
        "language": row.language,
        "source": row.source,
        "story": row.story_id,
        "sources_in_story": row.sources_in_story,
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _print_stats(stats: dict[str, Any], *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Store statistics", show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    for key, value in stats.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items()) or "-"
        table.add_row(key.replace("_", " "), "-" if value is None else str(value))
    Console().print(table)


def _print_page(page: Page[ArticleRow], kind: str, text: str) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not page.items:
        console.print(f"No articles ({kind}{': ' + text if text else ''}).")
        return
    first, last = page.offset + 1, page.end
    table = Table(title=f"Articles {first}-{last} of {page.total}" + (f" for {text!r}" if text else ""))
    for column in ("id", "date", "lang", "source", "title", "file"):
        table.add_column(column, overflow="fold" if column == "title" else "ellipsis")
    for row in page.items:
        table.add_row(
            str(row.id),
            row.date.isoformat() if row.date else "-",
            row.language,
            ", ".join(row.sources_in_story) or "-",
            row.title,
            row.file,
        )
    console.print(table)
    if page.has_more:
        console.print(f"More: --offset {last}")
