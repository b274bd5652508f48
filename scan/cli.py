"""Command-line glue for ingestion, queries and migrations (registered by ``bot.cli``).

``add_commands(subparsers)`` adds ``ingest [DIR] [--report] [--workers N]``,
``query {project,country,person,search,latest,stats} [ARG] [--json] [--limit N] [--offset N]`` and
``db upgrade``. Each handler is ``handler(args, settings) -> int`` (set as the ``handler`` default).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from scan.report import IngestReport, list_quarantined
from scan.runner import run_ingest
from storage import queries
from storage.engine import create_engine_for, read_session
from storage.migrate import current_revision, head_revision, upgrade
from storage.paging import MAX_LIMIT
from storage.rows import ArticleRow, Page

if TYPE_CHECKING:
    from bot.settings import Settings

QUERY_KINDS = ("project", "country", "person", "search", "latest", "stats")
_NEEDS_ARG = {"project": "a project slug or name", "country": "a country code or name",
              "person": "a person's name", "search": "words to search for"}


def add_commands(subparsers: Any) -> None:
    """Register ``ingest``, ``query`` and ``db`` on an argparse sub-parsers object."""
    ingest = subparsers.add_parser("ingest", help="ingest a directory of articles (default: SEEDS_DIR)")
    ingest.add_argument("directory", nargs="?", type=Path, help="directory to ingest")
    ingest.add_argument("--report", action="store_true", help="list new articles and quarantined files")
    ingest.add_argument("--workers", type=_positive_int, default=None, help="parser processes")
    ingest.set_defaults(handler=cmd_ingest)

    query = subparsers.add_parser("query", help="query the article store")
    query.add_argument("kind", choices=QUERY_KINDS)
    query.add_argument("arg", nargs="*", help="project, country, person or search words")
    query.add_argument("--json", action="store_true", help="print JSON")
    query.add_argument("--limit", type=_limit, default=10, help=f"page size (1-{MAX_LIMIT})")
    query.add_argument("--offset", type=_non_negative_int, default=0, help="rows to skip")
    query.set_defaults(handler=cmd_query)

    db = subparsers.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    upgrade_cmd = db_commands.add_parser("upgrade", help="migrate the database to the newest schema")
    upgrade_cmd.set_defaults(handler=cmd_db_upgrade)
    for parser in (ingest, query, db, upgrade_cmd):
        _one_line_errors(parser)


def _one_line_errors(parser: argparse.ArgumentParser) -> None:
    """Report bad arguments as one line on stderr (exit 2) instead of argparse's usage block."""

    def error(message: str) -> None:
        print(f"{parser.prog}: {message} (see --help)", file=sys.stderr)
        raise SystemExit(2)

    parser.error = error  # type: ignore[method-assign]


def _positive_int(text: str) -> int:
    value = _int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _non_negative_int(text: str) -> int:
    value = _int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def _limit(text: str) -> int:
    value = _positive_int(text)
    if value > MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"must be at most {MAX_LIMIT}, got {value}")
    return value


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None


def _fail(command: str, message: str, code: int = 2) -> int:
    print(f"energybridge {command}: {message}", file=sys.stderr)
    return code


def _with_engine(settings: Settings, command: str, action: Callable[[Engine], int]) -> int:
    engine = create_engine_for(settings.database_url)
    try:
        return action(engine)
    except SQLAlchemyError as exc:
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return _fail(command, f"database error: {detail}", 1)
    finally:
        engine.dispose()


# --- ingest ----------------------------------------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """Migrate the database, ingest the directory, print the summary line (and the report)."""
    directory: Path = args.directory or settings.seeds_dir
    if not directory.is_dir():
        return _fail("ingest", f"not a directory: {directory}")

    def action(engine: Engine) -> int:
        upgrade(engine)
        report = run_ingest(engine=engine, directory=directory, workers=args.workers, progress=True)
        print(report.summary_line())
        if args.report:
            _print_report(report, list_quarantined(engine))
        return 0

    return _with_engine(settings, "ingest", action)


def _print_report(report: IngestReport, quarantined: list[tuple[str, str | None, datetime]]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if report.new_articles:
        table = Table(title="New articles")
        for column in ("id", "story", "file"):
            table.add_column(column)
        for item in report.new_articles:
            story = f"{item.story_id}" + ("" if item.new_story else " (joined)")
            table.add_row(str(item.article_id), story, Path(item.path).name)
        console.print(table)
    table = Table(title=f"Quarantined files ({len(quarantined)})")
    for column in ("file", "reason", "seen"):
        table.add_column(column)
    for path, reason, seen_at in quarantined:
        table.add_row(path, reason or "", seen_at.strftime("%Y-%m-%d %H:%M"))
    console.print(table)


# --- query -----------------------------------------------------------------------------------------------


def cmd_query(args: argparse.Namespace, settings: Settings) -> int:
    """Run one query and print its result as a table or JSON."""
    text = " ".join(args.arg).strip()
    if args.kind in _NEEDS_ARG and not text:
        return _fail("query", f"{args.kind} needs an argument ({_NEEDS_ARG[args.kind]})")
    if args.kind not in _NEEDS_ARG and text:
        return _fail("query", f"{args.kind} takes no argument, got {text!r}")

    def action(engine: Engine) -> int:
        if current_revision(engine) is None:
            return _fail("query", "the database is empty: run `energybridge db upgrade` or `ingest` first", 1)
        with read_session(engine) as session:
            if args.kind == "stats":
                stats = queries.get_stats(session=session)
                _print_stats(_jsonable(asdict(stats)), as_json=args.json)
                return 0
            page = _run_page_query(session, args.kind, text, args.limit, args.offset)
        if args.json:
            print(json.dumps([_article_json(row) for row in page.items], ensure_ascii=False, indent=2))
        else:
            _print_page(page, args.kind, text)
        return 0

    return _with_engine(settings, "query", action)


def _run_page_query(session: Any, kind: str, text: str, limit: int, offset: int) -> Page[ArticleRow]:
    window = {"session": session, "limit": limit, "offset": offset}
    if kind == "project":
        if not queries.resolve_projects(text):
            _hint_project(text)
        return queries.list_articles_for_project(project=text, **window)
    if kind == "country":
        if queries.resolve_country_code(text) is None:
            print(f"energybridge query: unknown country {text!r}", file=sys.stderr)
        return queries.list_articles_for_country(country=text, **window)
    if kind == "person":
        return queries.list_articles_for_person(person=text, **window)
    if kind == "search":
        return queries.search_articles(text=text, **window)
    return queries.list_latest(**window)


def _hint_project(text: str) -> None:
    from ingest.catalog import load_catalog

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
    first, last = page.offset + 1, page.offset + len(page.items)
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


# --- db --------------------------------------------------------------------------------------------------


def cmd_db_upgrade(_args: argparse.Namespace, settings: Settings) -> int:
    """Migrate the database to the newest revision."""

    def action(engine: Engine) -> int:
        upgrade(engine)
        print(f"database at revision {current_revision(engine)} (head {head_revision()})")
        return 0

    return _with_engine(settings, "db upgrade", action)
