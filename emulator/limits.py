"""The limit clock, Telegram's flood limits enforced strictly in real time, and delivery statistics.

Clock
-----
:class:`Clock` reads seconds since the emulator was created (``time.monotonic``), plus whatever
``advance_clock`` added. ``Clock(frozen=True)`` stands still unless advanced, for deterministic tests of
the limits. There is no time scaling: a benchmark against the emulator runs at Telegram's real pace, so
event-loop and network jitter in the sender count against it exactly as they would against Telegram.

Limits (``enforce_limits=True``; defaults in :class:`RateLimits`), all sliding windows over the
clock's acceptance timestamps, with no burst tolerance (a strict reading of Telegram's FAQ):

* overall: at most 30 messages in any sliding second (``(t - 1, t]``);
* group/channel (negative chat id): at most 20 in any sliding 60 s;
* private chat (positive id): at most 1 in any sliding second.

Only accepted messages (``sendMessage``, ``sendPhoto``) count; refused ones do not. A refused message
gets 429 with ``retry_after`` = the wait until it would have been accepted, rounded up to whole seconds
(at least 1, an integer, as Telegram sends).

:class:`Stats` reports the acceptance timestamps' busiest sliding second (``peak_per_second``) and the
average rate as a fraction of 30 msg/s.
"""

from __future__ import annotations

import math
import time
from collections import Counter, deque
from dataclasses import dataclass, field

from emulator.common import JSON


class Clock:
    """Seconds since creation (monotonic), plus manual advances; ``frozen`` clocks only move when advanced."""

    def __init__(self, *, frozen: bool = False) -> None:
        self.frozen = frozen
        self._origin = time.monotonic()
        self._offset = 0.0

    def now(self) -> float:
        return self._offset + (0.0 if self.frozen else time.monotonic() - self._origin)

    def advance(self, seconds: float) -> None:
        """Move the clock forward by ``seconds`` (no real waiting)."""
        self._offset += seconds

    @staticmethod
    def retry_after(wait: float) -> int:
        """The integer ``retry_after`` to report for a wait of ``wait`` seconds."""
        return max(1, math.ceil(wait - 1e-9))


@dataclass(frozen=True, slots=True)
class RateLimits:
    """Telegram's documented broadcasting limits, as sliding windows (messages per window)."""

    global_per_second: int = 30
    group_per_minute: int = 20
    private_per_second: int = 1


def _window_wait(window: deque[float], now: float, span: float, limit: int) -> float:
    """Wait until ``window`` (acceptance times) holds fewer than ``limit`` in ``(now - span, now]``."""
    while window and window[0] <= now - span:
        window.popleft()
    if len(window) < limit:
        return 0.0
    return window[-limit] + span - now


class RateLimiter:
    """Sliding windows of flood control: overall, per group/channel and per private chat."""

    def __init__(self, clock: Clock, limits: RateLimits) -> None:
        self.clock = clock
        self.limits = limits
        self._global: deque[float] = deque()
        self._chats: dict[int, deque[float]] = {}

    def check(self, chat_id: int, now: float) -> float:
        """Admit one message to ``chat_id`` at ``now``: 0.0 if accepted (and counted), else the wait until
        it would be accepted."""
        limits = self.limits
        chat_window = self._chats.setdefault(chat_id, deque())
        if chat_id < 0:
            chat_wait = _window_wait(chat_window, now, 60.0, limits.group_per_minute)
        else:
            chat_wait = _window_wait(chat_window, now, 1.0, limits.private_per_second)
        wait = max(_window_wait(self._global, now, 1.0, limits.global_per_second), chat_wait)
        if wait > 0:
            return max(wait, 1e-6)
        self._global.append(now)
        chat_window.append(now)
        return 0.0

    def reset(self) -> None:
        self._global.clear()
        self._chats.clear()


@dataclass
class Stats:
    """Counters of what the bot sent; times are the limit clock's seconds (real seconds unless advanced)."""

    messages_accepted: int = 0
    too_many_requests: int = 0
    duplicates: int = 0
    injected_faults: int = 0
    per_chat: Counter[int] = field(default_factory=Counter)
    errors: Counter[int] = field(default_factory=Counter)
    first_message_at: float | None = None
    last_message_at: float | None = None
    peak_per_second: int = 0  # most messages accepted in any sliding second
    _window: deque[float] = field(default_factory=deque, repr=False)
    _seen: set[tuple[int, str]] = field(default_factory=set, repr=False)

    def record_message(self, chat_id: int, content_key: str, now: float) -> None:
        self.messages_accepted += 1
        self.per_chat[chat_id] += 1
        if (chat_id, content_key) in self._seen:
            self.duplicates += 1
        else:
            self._seen.add((chat_id, content_key))
        if self.first_message_at is None:
            self.first_message_at = now
        self.last_message_at = now
        self._window.append(now)
        while self._window and self._window[0] <= now - 1.0:
            self._window.popleft()
        self.peak_per_second = max(self.peak_per_second, len(self._window))

    def record_error(self, error_code: int) -> None:
        self.errors[error_code] += 1
        if error_code == 429:
            self.too_many_requests += 1

    @property
    def elapsed(self) -> float:
        """Seconds between the first and the last accepted message."""
        if self.first_message_at is None or self.last_message_at is None:
            return 0.0
        return self.last_message_at - self.first_message_at

    def messages_per_second(self) -> float:
        """Average rate: intervals between accepted messages per second (0 below two messages)."""
        if self.messages_accepted < 2 or self.elapsed <= 0:
            return 0.0
        return (self.messages_accepted - 1) / self.elapsed

    def limit_fraction(self, limit: float = 30.0) -> float:
        """Average rate as a fraction of Telegram's overall limit (1.0 = exactly at the limit)."""
        return self.messages_per_second() / limit

    def peak_fraction(self, limit: float = 30.0) -> float:
        """Busiest sliding second as a fraction of the limit."""
        return self.peak_per_second / limit

    def as_dict(self) -> JSON:
        return {
            "messages_accepted": self.messages_accepted,
            "too_many_requests": self.too_many_requests,
            "duplicates": self.duplicates,
            "injected_faults": self.injected_faults,
            "errors": dict(self.errors),
            "chats": len(self.per_chat),
            "elapsed_s": round(self.elapsed, 3),
            "messages_per_second": round(self.messages_per_second(), 3),
            "limit_fraction": round(self.limit_fraction(), 4),
            "peak_per_second": self.peak_per_second,
        }

    def reset(self) -> None:
        fresh = Stats()
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(fresh, name))
