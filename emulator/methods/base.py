"""Types shared by the method handlers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from emulator.core import Core
from emulator.params import Params

Handler = Callable[[Core, Params], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class Described:
    """A successful result that Telegram accompanies with a ``description`` (e.g. setWebhook)."""

    result: Any
    description: str
