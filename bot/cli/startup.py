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


class RedactSecrets(logging.Filter):
    """Remove the bot token and the webhook secret from every log record: its message (httpx logs request URLs,
    which contain the token; PTB logs setWebhook's parameters at DEBUG, the secret among them), its exception
    (PTB's InvalidToken says "The token `…` was rejected") and its stack, formatted here so that the handler's
    formatter prints the redacted text."""

    def __init__(self, *secrets: str | None) -> None:
        super().__init__()
        self.secrets = tuple((s, "<token>" if i == 0 else "<secret>") for i, s in enumerate(secrets) if s)

    def _redact(self, text: str) -> str:
        for secret, mark in self.secrets:
            text = text.replace(secret, mark)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        redacted = self._redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self._redact(record.stack_info)
        return True


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # "job skipped: maximum number of running instances reached" is expected while a long scan or drain runs.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    redact = RedactSecrets(settings.telegram_bot_token, settings.webhook_secret)
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


def check_token_accepted(settings: Settings) -> str | None:
    """Return an error line when Telegram rejects the token (401 on getMe), else None (also when Telegram cannot
    be reached now: the bot's own start-up retries that)."""
    import asyncio

    from telegram import Bot
    from telegram.error import InvalidToken, TelegramError

    async def get_me() -> None:
        async with Bot(settings.telegram_bot_token or "", base_url=settings.telegram_api_base_url) as bot:
            await bot.get_me()

    try:
        asyncio.run(get_me())
    except InvalidToken:
        return TOKEN_REJECTED
    except TelegramError:
        logger.warning("Telegram could not be reached to check the token; starting anyway", exc_info=True)
    return None


TOKEN_REJECTED = "Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized): check it with @BotFather."


def check_token(token: str | None) -> str | None:
    """Return an error line for a missing or malformed token, else None."""
    if not token:
        return "TELEGRAM_BOT_TOKEN is not set (get one from @BotFather, or run `energybridge chat`)."
    if not TOKEN_PATTERN.match(token.strip()):
        return "TELEGRAM_BOT_TOKEN is malformed: expected <bot id>:<secret> as given by @BotFather."
    return None
