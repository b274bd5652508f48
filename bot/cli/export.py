"""``energybridge export --project NAME [--format csv|json] [--output FILE]``: a project's articles as a file."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from sqlalchemy import Engine

from bot.cli.common import fail, settings_of, with_engine
from ingest.catalog import load_catalog
from storage.engine import read_session
from storage.exports import export_project
from storage.migrate import current_revision
from ui.exports import export_csv, export_json


@click.command()
@click.option("--project", "project_name", required=True, help="a project slug or any of its names")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True,
              help="CSV (UTF-8 with BOM, for spreadsheets) or JSON")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="write to FILE instead of standard output")
@click.pass_context
def export(ctx: click.Context, project_name: str, fmt: str, output: Path | None) -> int:
    """Export a project's articles with dates, outlets, links, countries, people and figures."""
    slugs = load_catalog().resolve(project_name)
    if len(slugs) != 1:
        found = f"several projects match: {', '.join(slugs)}" if slugs else "no such project"
        return fail("export", f"{project_name!r}: {found}")

    def action(engine: Engine) -> int:
        if current_revision(engine) is None:
            return fail("export", "the database is empty: run `energybridge db upgrade` or `ingest` first", 1)
        with read_session(engine) as session:
            rows = export_project(session=session, slug=slugs[0])
        data = export_csv(rows) if fmt == "csv" else export_json(rows)
        if output is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            output.write_bytes(data)
            print(f"{len(rows)} articles written to {output}", file=sys.stderr)
        return 0

    return with_engine(settings_of(ctx), "export", action)
