"""``energybridge ask TEXT``: print the bot's reply to one message, as the console chat would show it."""

from __future__ import annotations

import asyncio

import click

from bot.cli.common import console_options, console_store, fail


@click.command()
@click.argument("text")
@console_options
@click.pass_context
def ask(ctx: click.Context, text: str, lang: str, chat_id: int | None, kind: str) -> int:
    """Print the bot's reply to one command, for example "/country Tajikistan"."""
    from bot.console import ask_once

    if not text.strip():
        return fail("ask", "empty command")
    started = console_store(ctx, "ERROR")
    if isinstance(started, int):
        return started
    settings, engine = started
    return asyncio.run(ask_once(settings, engine, text, lang, chat_id=chat_id, kind=kind))
