"""``energybridge chat``: talk to the real bot in the console, through the local Bot API emulator."""

from __future__ import annotations

import asyncio

import click

from bot.cli.common import console_options, console_store


@click.command()
@console_options
@click.pass_context
def chat(ctx: click.Context, lang: str, chat_id: int | None, kind: str) -> int:
    """Talk to the bot in the console (local Bot API emulator, the seed articles)."""
    from bot.console import chat_loop

    started = console_store(ctx, "WARNING")
    if isinstance(started, int):
        return started
    settings, engine = started
    return asyncio.run(chat_loop(settings, engine, lang, chat_id=chat_id, kind=kind))
