"""Start-up shared by every way of running the bot: migrations, first ingest, logging."""

from __future__ import annotations

import logging
import re

from sqlalchemy.engine import Engine

from bot.settings import Settings
from storage.engine import create_engine_for
from storage.migrate import upgrade
from ui.i18n import LOCALES_DIR, missing_catalogs

logger = logging.getLogger(__name__)
# Telegram bot tokens: numeric bot id, a colon, 35 URL-safe characters.
TOKEN_PATTERN = re.compile(r"^\d{5,20}:[A-Za-z0-9_-]{30,60}$")


class _RedactToken(logging.Filter):
    """Remove the bot token from every log record (httpx logs request URLs, which contain it)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self.token:
            message = record.getMessage()
            if self.token in message:
                record.msg = message.replace(self.token, "<token>")
                record.args = ()
        return True


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # "job skipped: maximum number of running instances reached" is expected while a long scan or drain runs.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    if settings.telegram_bot_token:
        redact = _RedactToken(settings.telegram_bot_token)
        for handler in logging.getLogger().handlers:
            handler.addFilter(redact)


def prepare_store(settings: Settings, *, ingest: bool = True) -> Engine:
    """Create the engine, apply migrations and ingest ``SEEDS_DIR`` once."""
    engine = create_engine_for(settings.database_url)
    upgrade(engine)
    if ingest and settings.seeds_dir.is_dir():
        from scan import run_ingest

        report = run_ingest(engine=engine, directory=settings.seeds_dir, settle_seconds=0.0,
                            limits=settings.file_limits())
        logger.info("ingest of %s: %s", settings.seeds_dir, report.summary_line())
    return engine


def check_catalogs() -> str | None:
    """Return an error line when a reply language's message catalog is not installed, else None (a bot without
    it would answer that language's readers in English without a word)."""
    missing = missing_catalogs()
    if missing:
        return f"message catalogs missing for {', '.join(missing)} (looked in {LOCALES_DIR}); reinstall the package."
    return None


def check_token(token: str | None) -> str | None:
    """Return an error line for a missing or malformed token, else None."""
    if not token:
        return "TELEGRAM_BOT_TOKEN is not set (get one from @BotFather, or run `energybridge chat`)."
    if not TOKEN_PATTERN.match(token.strip()):
        return "TELEGRAM_BOT_TOKEN is malformed: expected <bot id>:<secret> as given by @BotFather."
    return None
