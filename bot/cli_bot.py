"""CLI commands that run the bot: ``run`` (Telegram), ``chat`` (console) and ``ask`` (one command)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.settings import SUPPORTED_LANGUAGES, Settings


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="run the Telegram bot (long polling, or --webhook)")
    p.add_argument("--webhook", action="store_true", help="receive updates through a webhook")
    p.set_defaults(handler=cmd_run)
    p = sub.add_parser("chat", help="talk to the bot in the console (local Bot API emulator)")
    p.add_argument("--lang", default="en", choices=SUPPORTED_LANGUAGES, help="your simulated Telegram language")
    p.set_defaults(handler=cmd_chat)
    p = sub.add_parser("ask", help="print the bot's reply to one command")
    p.add_argument("text", help='for example "/country Tajikistan"')
    p.add_argument("--lang", default="en", choices=SUPPORTED_LANGUAGES)
    p.set_defaults(handler=cmd_ask)


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.main import run_bot

    return run_bot(settings, webhook=args.webhook)


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console import chat_loop
    from bot.runner import configure_logging, prepare_store

    configure_logging(settings.model_copy(update={"log_level": "WARNING"}))
    engine = prepare_store(settings)
    return asyncio.run(chat_loop(settings, engine, args.lang))


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console import ask_once
    from bot.runner import configure_logging, prepare_store

    configure_logging(settings.model_copy(update={"log_level": "ERROR"}))
    engine = prepare_store(settings)
    if not args.text.strip():
        print("energybridge ask: empty command", file=sys.stderr)
        return 2
    return asyncio.run(ask_once(settings, engine, args.text, args.lang))
