"""Choice of the reply language (a pure function with table-driven tests)."""

from __future__ import annotations

from collections.abc import Collection


def base_language(code: str | None) -> str | None:
    """'ru-RU' -> 'ru'; None and '' stay None."""
    if not code:
        return None
    return code.replace("_", "-").split("-")[0].strip().lower() or None


def pick_locale(
    stored: str | None,
    telegram_code: str | None,
    available: Collection[str],
    default: str,
    text_language: str | None = None,
) -> str:
    """The chat's explicit choice, else the sender's Telegram language (region stripped; unsupported -> en),
    else the language of the text they typed, else ``default``."""
    if stored in available:
        return stored
    telegram = base_language(telegram_code)
    if telegram:
        return telegram if telegram in available else "en"
    if text_language in available:
        return text_language
    return default
