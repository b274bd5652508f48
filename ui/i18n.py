"""Message catalogs (gettext ``.po`` managed with Babel) and CLDR formatting for the reply language."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

# The reply languages: a catalog under locales/ for each, English being the message ids themselves.
SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "ru", "kk", "tg", "ky", "uz", "az")

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"


def catalog_path(language: str) -> Path:
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: str) -> NullTranslations:
    """The compiled catalog of ``language`` (compiled from its ``.po`` in memory, once per process)."""
    path = catalog_path(language)
    if language == "en" or not path.exists():
        return NullTranslations()
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def missing_catalogs() -> list[str]:
    """The supported languages (English aside: its messages are the ids) whose catalog is not installed."""
    return [lang for lang in SUPPORTED_LANGUAGES if lang != "en" and not catalog_path(lang).is_file()]


@dataclass(frozen=True)
class Tr:
    """Everything a renderer needs to speak one language: messages, country names, dates, numbers."""

    language: str

    def __call__(self, message: str) -> str:  # noqa: D105
        return translations(self.language).gettext(message)

    def n(self, singular: str, plural: str, count: int) -> str:
        return translations(self.language).ngettext(singular, plural, count)

    @property
    def locale(self) -> Locale:
        return _locale(self.language)

    def country(self, code: str) -> str:
        return self.locale.territories.get(code) or _locale("en").territories.get(code) or code

    def language_name(self, code: str) -> str:
        name = self.locale.languages.get(code) or _locale("en").languages.get(code) or code
        return name[:1].upper() + name[1:]

    def date(self, value: date | None) -> str:
        """CLDR's long date of the language ("2026 ж. 7 наурыз", "7 марта 2026 г."); "date unknown" in words."""
        if value is None:
            return self(N_("date unknown"))
        return format_date(value, format="long", locale=self.locale)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


def tr(language: str) -> Tr:
    return Tr(language if language in SUPPORTED_LANGUAGES else "en")


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark for translation, translate later"
    """Mark a message id for extraction where it is translated later (command menu descriptions)."""
    return message
