"""``python -m bot`` / ``make run``: the real bot with a token, the console chat without one."""

from __future__ import annotations

import logging
import sys

from bot.settings import Settings, load_settings

logger = logging.getLogger(__name__)


def run_bot(settings: Settings, *, webhook: bool = False) -> int:
    """Run the Telegram bot until interrupted; exit 2 with one line on stderr for a bad token."""
    from bot.app import build_application
    from bot.runner import check_token, configure_logging, prepare_store

    problem = check_token(settings.telegram_bot_token)
    if problem:
        print(f"energybridge: {problem}", file=sys.stderr)
        return 2
    configure_logging(settings)
    engine = prepare_store(settings)
    app = build_application(settings, engine)
    if webhook:
        if not settings.webhook_url:
            print("energybridge: WEBHOOK_URL is required with --webhook", file=sys.stderr)
            return 2
        app.run_webhook(listen=settings.webhook_listen, port=settings.webhook_port, url_path="telegram",
                        webhook_url=settings.webhook_url, secret_token=settings.webhook_secret)
    else:
        app.run_polling()
    return 0


def main() -> int:
    settings = load_settings()
    if settings is None:
        return 2
    if settings.telegram_bot_token:
        return run_bot(settings)
    from bot.cli import main as cli_main

    print("No TELEGRAM_BOT_TOKEN set: starting the console chat on the local Bot API emulator.\n")
    return cli_main(["chat", "--lang", settings.default_language])


if __name__ == "__main__":
    sys.exit(main())
