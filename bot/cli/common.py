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
