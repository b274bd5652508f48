"""Application settings, read from the environment and `.env` (pydantic-settings)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ui.i18n import SUPPORTED_LANGUAGES

if TYPE_CHECKING:  # the fetcher (trafilatura, lxml) is imported only by what polls feeds
    from feeds.poller import PollOptions
    from scan.work import FileLimits


class Settings(BaseSettings):
    """Every setting of the bot; see `.env.example` for documentation and defaults."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    telegram_bot_token: str | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str = Field(default="https://api.telegram.org/bot", alias="TELEGRAM_API_BASE_URL")
    database_url: str = Field(default="sqlite:///data/energybridge.db", alias="DATABASE_URL")
    seeds_dir: Path = Field(default=Path("seeds"), alias="SEEDS_DIR")
    seeds_poll_seconds: float = Field(default=60.0, alias="SEEDS_POLL_SECONDS")
    seeds_settle_seconds: float = Field(default=2.0, alias="SEEDS_SETTLE_SECONDS")
    # A seed file larger than this is quarantined unread (the parser's own ceiling is 5 MB, ingest.pipeline).
    ingest_max_file_bytes: int = Field(default=5_000_000, gt=0, le=5_000_000, alias="INGEST_MAX_FILE_BYTES")
    # A file whose parse takes more CPU seconds is quarantined as "took too long" (0: no budget).
    ingest_parse_seconds: float = Field(default=10.0, ge=0, alias="INGEST_PARSE_SECONDS")
    delivery_poll_seconds: float = Field(default=2.0, alias="DELIVERY_POLL_SECONDS")
    delivery_max_attempts: int = Field(default=6, alias="DELIVERY_MAX_ATTEMPTS")
    delivery_backoff_seconds: float = Field(default=2.0, alias="DELIVERY_BACKOFF_SECONDS")
    delivery_rate: float = Field(default=29.0, gt=0, le=30, alias="DELIVERY_RATE")
    delivery_in_flight: int = Field(default=4, ge=1, le=29, alias="DELIVERY_IN_FLIGHT")
    bot_admin_ids: str = Field(default="", alias="BOT_ADMIN_IDS")
    default_language: str = Field(default="en", alias="DEFAULT_LANGUAGE")
    log_level: str = Field(default="INFO", alias="LOG_LEVEL")
    webhook_url: str | None = Field(default=None, alias="WEBHOOK_URL")
    webhook_secret: str | None = Field(default=None, alias="WEBHOOK_SECRET")
    webhook_listen: str = Field(default="127.0.0.1", alias="WEBHOOK_LISTEN")
    webhook_port: int = Field(default=8443, alias="WEBHOOK_PORT")
    sources_file: Path = Field(default=Path("sources.yaml"), alias="SOURCES_FILE")
    feeds_poll_minutes: float = Field(default=30.0, gt=0, alias="FEEDS_POLL_MINUTES")
    feeds_user_agent: str = Field(default="EnergyBridgeBot/0.1 (Telegram news bot; RSS reader)",
                                  alias="FEEDS_USER_AGENT")
    feeds_delay_seconds: float = Field(default=2.0, ge=0, alias="FEEDS_DELAY_SECONDS")
    feeds_timeout_seconds: float = Field(default=20.0, gt=0, alias="FEEDS_TIMEOUT_SECONDS")
    feeds_max_page_bytes: int = Field(default=3_000_000, gt=0, alias="FEEDS_MAX_PAGE_BYTES")

    @field_validator("default_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in SUPPORTED_LANGUAGES:
            raise ValueError(f"DEFAULT_LANGUAGE must be one of {', '.join(SUPPORTED_LANGUAGES)}")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _usable_secret(cls, value: str | None) -> str | None:
        # What Telegram accepts as setWebhook's secret_token; anything else would only fail at start-up.
        if value and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value):
            raise ValueError("WEBHOOK_SECRET must be 1-256 characters A-Z, a-z, 0-9, _ and -")
        return value or None

    def poll_options(self) -> PollOptions:
        """The feed fetcher's options (``feeds.poller``)."""
        from feeds.poller import PollOptions

        return PollOptions(seeds_dir=self.seeds_dir, user_agent=self.feeds_user_agent,
                           delay_seconds=self.feeds_delay_seconds, timeout_seconds=self.feeds_timeout_seconds,
                           max_bytes=self.feeds_max_page_bytes, default_interval_minutes=self.feeds_poll_minutes)

    def file_limits(self) -> FileLimits:
        """What one seed file may cost the ingest (``scan.work.FileLimits``)."""
        from scan.work import FileLimits

        return FileLimits(max_bytes=self.ingest_max_file_bytes, parse_seconds=self.ingest_parse_seconds)

    @property
    def admin_ids(self) -> frozenset[int]:
        # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
        return frozenset(int(x) for x in self.bot_admin_ids.replace(" ", "").split(",") if x.isascii() and x.isdigit())


def load_settings() -> Settings | None:
    """Settings from the environment and `.env`; a bad value is one line on stderr and None (callers exit 2)."""
    import sys

    from pydantic import ValidationError

    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = first["loc"][0] if first["loc"] else "settings"
        print(f"energybridge: invalid setting {name}: {first['msg']}", file=sys.stderr)
        return None
