"""``energybridge chat``: talk to the real bot in the console, through the local Bot API emulator."""

from __future__ import annotations

import asyncio

import click

from bot.cli.common import fail, settings_of
from ui.i18n import SUPPORTED_LANGUAGES


@click.command()
@click.option("--lang", default="en", type=click.Choice(SUPPORTED_LANGUAGES), show_default=True,
              help="your simulated Telegram language")
@click.option("--chat", "chat_id", type=int, default=None,
              help="the private chat's id (default: one chat per language, so their settings stay apart)")
@click.option("--as", "kind", type=click.Choice(["private", "group", "channel"]), default="private",
              show_default=True, help="the chat you write in: your private chat, a group or a channel")
@click.pass_context
def chat(ctx: click.Context, lang: str, chat_id: int | None, kind: str) -> int:
    """Talk to the bot in the console (local Bot API emulator, the seed articles)."""
    from bot.cli.startup import check_catalogs, configure_logging, prepare_store
    from bot.console import chat_loop

    settings = settings_of(ctx)
    problem = check_catalogs()
    if problem:
        return fail("start", problem)
    configure_logging(settings.model_copy(update={"log_level": "WARNING"}))
    engine = prepare_store(settings)
    return asyncio.run(chat_loop(settings, engine, lang, chat_id=chat_id, kind=kind))
