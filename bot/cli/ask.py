"""``energybridge ask TEXT``: print the bot's reply to one message, as the console chat would show it."""

from __future__ import annotations

import asyncio

import click

from bot.cli.common import fail, settings_of
from ui.i18n import SUPPORTED_LANGUAGES


@click.command()
@click.argument("text")
@click.option("--lang", default="en", type=click.Choice(SUPPORTED_LANGUAGES), show_default=True,
              help="your simulated Telegram language")
@click.option("--chat", "chat_id", type=int, default=None,
              help="the private chat's id (default: one chat per language, so their settings stay apart)")
@click.option("--as", "kind", type=click.Choice(["private", "group", "channel"]), default="private",
              show_default=True, help="the chat you write in: your private chat, a group or a channel")
@click.pass_context
def ask(ctx: click.Context, text: str, lang: str, chat_id: int | None, kind: str) -> int:
    """Print the bot's reply to one command, for example "/country Tajikistan"."""
    from bot.cli.startup import check_catalogs, configure_logging, prepare_store
    from bot.console import ask_once

    if not text.strip():
        return fail("ask", "empty command")
    settings = settings_of(ctx)
    problem = check_catalogs()
    if problem:
        return fail("start", problem)
    configure_logging(settings.model_copy(update={"log_level": "ERROR"}))
    engine = prepare_store(settings)
    return asyncio.run(ask_once(settings, engine, text, lang, chat_id=chat_id, kind=kind))
