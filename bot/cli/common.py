"""What the sub-commands share: settings loaded once (or given by a test), one-line failures, an engine."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

import click
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.settings import Settings, load_settings
from storage.engine import create_engine_for


@dataclass
class CliState:
    """The click context's ``obj``: the settings, read from the environment on first use."""

    settings: Settings | None = None


def settings_of(ctx: click.Context) -> Settings:
    """The run's settings; a bad setting has already been reported in one line, so exit 2."""
    state: CliState = ctx.find_object(CliState) or ctx.ensure_object(CliState)
    if state.settings is None:
        state.settings = load_settings()
        if state.settings is None:
            raise click.exceptions.Exit(2)
    return state.settings


def fail(command: str, message: str, code: int = 2) -> int:
    """Print ``energybridge <command>: <message>`` on stderr and return the exit code."""
    print(f"energybridge {command}: {message}", file=sys.stderr)
    return code


def with_engine(settings: Settings, command: str, action: Callable[[Engine], int]) -> int:
    """Run ``action`` on a fresh engine; a database error becomes one line and exit 1."""
    engine = create_engine_for(settings.database_url)
    try:
        return action(engine)
    except SQLAlchemyError as exc:
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return fail(command, f"database error: {detail}", 1)
    finally:
        engine.dispose()


def console_options(command: Callable[..., int]) -> Callable[..., int]:
    """The options ``chat`` and ``ask`` share: the simulated Telegram language, the chat and its kind."""
    from ui.i18n import SUPPORTED_LANGUAGES

    command = click.option("--as", "kind", type=click.Choice(["private", "group", "channel"]), default="private",
                           show_default=True, help="the chat you write in: your private chat, a group or a channel")(
        command)
    command = click.option("--chat", "chat_id", type=int, default=None,
                           help="the private chat's id (default: one chat per language, so their settings stay apart)")(
        command)
    return click.option("--lang", default="en", type=click.Choice(SUPPORTED_LANGUAGES), show_default=True,
                        help="your simulated Telegram language")(command)


def console_store(ctx: click.Context, log_level: str) -> tuple[Settings, Engine] | int:
    """Settings and a migrated store with the seeds ingested, for the console; an exit code on a start-up problem."""
    from bot.cli.startup import check_catalogs, configure_logging, prepare_store

    settings = settings_of(ctx)
    problem = check_catalogs()
    if problem:
        return fail("start", problem)
    configure_logging(settings.model_copy(update={"log_level": log_level}))
    return settings, prepare_store(settings)
