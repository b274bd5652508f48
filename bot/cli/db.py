"""``energybridge db upgrade``: migrate the database to the newest schema."""

from __future__ import annotations

import click
from sqlalchemy import Engine

from bot.cli.common import settings_of, with_engine
from storage.migrate import current_revision, head_revision, upgrade


@click.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@click.pass_context
def upgrade_command(ctx: click.Context) -> int:
    """Migrate the database to the newest schema."""

    def action(engine: Engine) -> int:
        upgrade(engine)
        print(f"database at revision {current_revision(engine)} (head {head_revision()})")
        return 0

    return with_engine(settings_of(ctx), "db upgrade", action)
