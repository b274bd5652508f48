"""Registry of the emulated Bot API methods (names are case-insensitive, like Telegram's)."""

from __future__ import annotations

from emulator.methods import bot, chats, inline, media, messages, polling
from emulator.methods.base import Described, Handler

_ALL: dict[str, Handler] = {
    **bot.HANDLERS,
    **chats.HANDLERS,
    **inline.HANDLERS,
    **media.HANDLERS,
    **messages.HANDLERS,
    **polling.HANDLERS,
}
REGISTRY: dict[str, tuple[str, Handler]] = {name.lower(): (name, fn) for name, fn in _ALL.items()}
METHOD_NAMES: tuple[str, ...] = tuple(sorted(_ALL))


def lookup(name: str) -> tuple[str, Handler] | None:
    """(canonical camelCase name, handler) for a method name in any letter case."""
    return REGISTRY.get(name.lower())


__all__ = ["METHOD_NAMES", "REGISTRY", "Described", "Handler", "lookup"]
