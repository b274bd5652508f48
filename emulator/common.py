"""Small shared helpers: the JSON alias, API errors, UTF-16 counting and change notification."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

JSON = dict[str, Any]
T = TypeVar("T")


class ApiError(Exception):
    """An error answer of the Bot API: ``{"ok": false, "error_code": N, "description": ...}``."""

    def __init__(self, error_code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def to_response(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.parameters:
            body["parameters"] = dict(self.parameters)
        return body


def bad_request(detail: str) -> ApiError:
    """400 with Telegram's ``Bad Request: <detail>`` description."""
    return ApiError(400, f"Bad Request: {detail}")


def forbidden(detail: str) -> ApiError:
    """403 with Telegram's ``Forbidden: <detail>`` description."""
    return ApiError(403, f"Forbidden: {detail}")


def too_many_requests(retry_after: int) -> ApiError:
    """429 exactly as Telegram words it, with ``parameters.retry_after``."""
    return ApiError(
        429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
    )


def clone(value: T) -> T:
    """Copy a JSON-like tree (dicts, lists, scalars) — much faster than ``copy.deepcopy``."""
    if isinstance(value, dict):
        return {key: clone(item) for key, item in value.items()}  # type: ignore[return-value]
    if isinstance(value, list):
        return [clone(item) for item in value]  # type: ignore[return-value]
    return value


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (the unit of Telegram entity offsets and limits)."""
    return len(text.encode("utf-16-le")) // 2


def char_utf16(char: str) -> int:
    """UTF-16 code units of a single character (2 for astral-plane characters)."""
    return 2 if ord(char) > 0xFFFF else 1


def utf8_offset(text: str, index: int) -> int:
    """Byte offset in the UTF-8 encoding of ``text`` of the character at ``index``."""
    return len(text[:index].encode("utf-8"))


class Notifier:
    """Wakes coroutines that wait for *some* state change (event-driven, no polling sleeps).

    ``notify()`` may be called from synchronous code running in the event loop thread.
    """

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait_until(self, predicate: Callable[[], T | None], seconds: float) -> T:
        """Return the first truthy value of ``predicate()``, re-evaluated after every change.

        Raises :class:`TimeoutError` when ``seconds`` pass first.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while True:
            event = self._event
            value = predicate()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                pass

    async def wait(self, seconds: float) -> bool:
        """Wait for the next change; False if ``seconds`` passed without one."""
        event = self._event
        try:
            await asyncio.wait_for(event.wait(), seconds)
        except TimeoutError:
            return False
        return True
