"""``energybridge run [--webhook]``: the Telegram bot, by long polling or behind a webhook."""

from __future__ import annotations

import logging
import sys
from urllib.parse import urlsplit

import click

from bot.cli.common import settings_of
from bot.settings import Settings

logger = logging.getLogger(__name__)


def run_bot(settings: Settings, *, webhook: bool = False) -> int:
    """Run the Telegram bot until interrupted; exit 2 with one line on stderr for a bad token or webhook URL.

    Long polling by default. ``webhook``: serve ``WEBHOOK_LISTEN:WEBHOOK_PORT`` (plain HTTP: TLS is the reverse
    proxy's job) at the path of ``WEBHOOK_URL``, register ``WEBHOOK_URL`` with Telegram (setWebhook) and refuse
    requests without ``WEBHOOK_SECRET`` in ``X-Telegram-Bot-Api-Secret-Token`` (403; without the setting it does not
    start). A token Telegram rejects is one line and exit 2. Several processes may
    run at once on one PostgreSQL database behind one URL: each drains the shared outbox safely.
    """
    from telegram.error import InvalidToken

    from bot.app import build_application
    from bot.cli.startup import (
        TOKEN_REJECTED,
        check_catalogs,
        check_token,
        check_token_accepted,
        configure_logging,
        prepare_store,
    )

    problem = check_catalogs() or check_token(settings.telegram_bot_token)
    if not problem and webhook:
        problem = check_webhook_url(settings.webhook_url) or check_webhook_secret(settings.webhook_secret)
    if problem:
        print(f"energybridge: {problem}", file=sys.stderr)
        return 2
    configure_logging(settings)
    problem = check_token_accepted(settings)
    if problem:
        print(f"energybridge: {problem}", file=sys.stderr)
        return 2
    engine = prepare_store(settings)
    app = build_application(settings, engine)
    try:
        if webhook:
            assert settings.webhook_url is not None
            app.run_webhook(listen=settings.webhook_listen, port=settings.webhook_port,
                            url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
                            webhook_url=settings.webhook_url, secret_token=settings.webhook_secret)
        else:
            app.run_polling()
    except InvalidToken:  # revoked after the check above: PTB has logged it (redacted)
        print(f"energybridge: {TOKEN_REJECTED}", file=sys.stderr)
        return 2
    return 0


def check_webhook_secret(secret: str | None) -> str | None:
    """Return an error line when WEBHOOK_SECRET is missing: an open webhook accepts forged updates, which pass
    every admin check (the sender is whatever the poster writes)."""
    if not secret:
        return ("WEBHOOK_SECRET is required with --webhook (1-256 characters A-Z, a-z, 0-9, _ and -; Telegram "
                "sends it with every update).")
    return None


def check_webhook_url(url: str | None) -> str | None:
    """Return an error line for a missing or unusable WEBHOOK_URL, else None."""
    if not url:
        return "WEBHOOK_URL is required with --webhook (the public https:// address Telegram posts updates to)."
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "WEBHOOK_URL must be an https:// address, for example https://bot.example.com/telegram."
    return None


@click.command()
@click.option("--webhook", is_flag=True, help="receive updates through a webhook (WEBHOOK_URL, WEBHOOK_SECRET)")
@click.pass_context
def run(ctx: click.Context, webhook: bool) -> int:
    """Run the Telegram bot (long polling, or --webhook)."""
    return run_bot(settings_of(ctx), webhook=webhook)
