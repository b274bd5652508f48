"""``energybridge ingest [DIR] [--report] [--workers N]``: migrate, ingest a directory, print the summary."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click
from sqlalchemy import Engine

from bot.cli.common import fail, settings_of, with_engine
from scan.report import IngestReport, list_quarantined
from scan.runner import run_ingest
from storage.migrate import upgrade


@click.command()
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.option("--report", is_flag=True, help="list new articles and quarantined files")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="parser processes")
@click.pass_context
def ingest(ctx: click.Context, directory: Path | None, report: bool, workers: int | None) -> int:
    """Ingest a directory of articles (default: SEEDS_DIR)."""
    settings = settings_of(ctx)
    directory = directory or settings.seeds_dir
    if not directory.is_dir():
        return fail("ingest", f"not a directory: {directory}")

    def action(engine: Engine) -> int:
        upgrade(engine)
        result = run_ingest(engine=engine, directory=directory, workers=workers, progress=True,
                            limits=settings.file_limits())
        print(result.summary_line())
        if report:
            print_report(result, list_quarantined(engine))
        return 0

    return with_engine(settings, "ingest", action)


def print_report(report: IngestReport, quarantined: list[tuple[str, str | None, datetime]]) -> None:
    """The new articles and the quarantined files, as tables on a terminal; elsewhere (a pipe, a file) as
    tab-separated lines with full paths, never wrapped, so ``| grep`` and ``| cut`` work."""
    if not sys.stdout.isatty():
        for item in report.new_articles:
            story = f"{item.story_id}" + ("" if item.new_story else " (joined)")
            print(f"new\t{item.article_id}\t{story}\t{item.path}")
        for path, reason, seen_at in quarantined:
            print(f"quarantined\t{path}\t{reason or ''}\t{seen_at.strftime('%Y-%m-%d %H:%M')}")
        return
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
