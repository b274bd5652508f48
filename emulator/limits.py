"""Emulated clock, Telegram-like flood limits and delivery statistics.

Time scaling
------------
The emulator keeps an *emulated clock*: ``emulated_seconds = real_seconds * time_scale +
manual_offset`` (measured from the emulator's creation; ``advance_clock`` adds to the offset).
All limit accounting uses emulated seconds. With ``time_scale=60`` one emulated second lasts
1/60 s of wall time, so the 30 msg/s global limit admits 1800 messages per *real* second and a
10,000-message fan-out paced exactly at the limit takes 10000/30 = 333 emulated s = 5.6 real s.
Message ``date`` fields and long-poll timeouts stay in real (wall-clock) time.

Limits (``enforce_limits=True``; defaults in :class:`RateLimits`), all in emulated time:

* global: a token bucket refilled at 30 msg/s holding ``global_burst`` (default 30) tokens —
  the same model as ``aiolimiter.AsyncLimiter(30, 1)`` used by PTB's ``AIORateLimiter``, so a
  sender paced by such a limiter never sees a 429, while a sustained rate above 30/s is refused.
  (Any 1 s window can therefore hold up to ``global_burst + 30`` messages.)
* group/channel (negative chat id): more than 20 in any sliding 60 s window -> 429;
* private chat (positive id): token bucket refilled at 1 msg/s with a burst of 3, i.e. short
  bursts pass, a sustained rate above 1/s is refused.

Only accepted messages (``sendMessage``, ``sendPhoto``) count; refused ones do not.

``retry_after``: a client sleeps the reported number of *real* seconds, so the emulator converts
the emulated wait ``w`` to real time and reports ``retry_after = max(1, ceil(w / time_scale))``
(an integer, as Telegram sends). At ``time_scale=1`` this is Telegram's behaviour; at higher
scales a 429 costs the client at least one real second (= ``time_scale`` emulated seconds), so
hitting the limit stays expensive, as in production.

Pacing a sender under time scaling: a sender paced in *real* time at R msg/s appears as
R / time_scale msg per emulated second. To model a production sender that targets 30 msg/s,
pace it with ``AsyncLimiter(30, 1 / time_scale)`` (30 per emulated second, same burst). At high
scales one emulated second is only milliseconds of wall time, and event-loop/HTTP jitter (measured
at 50-170 ms in one process) bunches a smoothly paced sender into bursts far above 30 per emulated
second. ``RateLimits.scaled(time_scale)`` sizes ``global_burst`` to 200 ms of real time (6 *
time_scale): measured on a 10,000-message fan-out paced at 90% of the limit, that gives zero
429s and ``limit_fraction() ~ 0.9`` at time_scale 30 (12 s) and 60 (6.4 s), while a sender at
120-150% of the limit is still refused; the average limit stays 30/s. :class:`Stats` reports rates in emulated
seconds, so ``stats.limit_fraction()`` is directly "fraction of Telegram's 30 msg/s" and
``stats.peak_per_second`` shows the busiest 1 s window.

Throughput: in one process (client and emulator sharing an event loop) the emulator handles
roughly 1,500-2,000 sendMessage requests per real second, so keep ``30 * time_scale`` below that:
``time_scale=30`` (900 msg/s real) sends a 10,000-message fan-out in about 11 s; at
``time_scale=60`` the machine, not the sender, becomes the limit.
"""

from __future__ import annotations

import math
import time
from collections import Counter, deque
from dataclasses import dataclass, field

from emulator.common import JSON


class Clock:
    """Emulated seconds since creation, running ``time_scale`` times faster than wall time."""

    def __init__(self, time_scale: float = 1.0) -> None:
        if time_scale <= 0:
            raise ValueError("time_scale must be positive")
        self.time_scale = time_scale
        self._origin = time.monotonic()
        self._offset = 0.0

    def now(self) -> float:
        return (time.monotonic() - self._origin) * self.time_scale + self._offset

    def advance(self, seconds: float) -> None:
        """Move the emulated clock forward by ``seconds`` emulated seconds (no real waiting)."""
        self._offset += seconds

    def to_real(self, emulated_seconds: float) -> float:
        return emulated_seconds / self.time_scale

    def retry_after(self, emulated_wait: float) -> int:
        """The integer ``retry_after`` to report for an emulated wait (see module docstring)."""
        return max(1, math.ceil(self.to_real(emulated_wait) - 1e-9))


@dataclass(frozen=True, slots=True)
class RateLimits:
    """Telegram's documented broadcasting limits (emulated seconds)."""

    global_per_second: int = 30
    global_burst: int = 30
    group_per_minute: int = 20
    private_per_second: float = 1.0
    private_burst: int = 3

    @classmethod
    def scaled(cls, time_scale: float, jitter_tolerance: float = 0.2) -> RateLimits:
        """Limits whose global burst absorbs ``jitter_tolerance`` real seconds of scheduling
        jitter at ``time_scale`` (for benchmarks; see the module docstring)."""
        rate = cls().global_per_second
        return cls(global_burst=max(rate, math.ceil(rate * time_scale * jitter_tolerance)))


class RateLimiter:
    """Token buckets (global, private chats) and sliding windows (groups) of flood control."""

    def __init__(self, clock: Clock, limits: RateLimits) -> None:
        self.clock = clock
        self.limits = limits
        self._global: tuple[float, float] | None = None  # (tokens, at)
        self._groups: dict[int, deque[float]] = {}
        self._buckets: dict[int, tuple[float, float]] = {}  # chat -> (tokens, at)

    @staticmethod
    def _bucket(state: tuple[float, float] | None, now: float, rate: float,
                burst: float) -> tuple[float, float]:
        """(tokens available now, emulated wait until one token is available)."""
        tokens = burst if state is None else min(burst, state[0] + max(0.0, now - state[1]) * rate)
        return tokens, (0.0 if tokens >= 1.0 else (1.0 - tokens) / rate)

    @staticmethod
    def _window_wait(window: deque[float], now: float, span: float, limit: int) -> float:
        while window and window[0] <= now - span:
            window.popleft()
        if len(window) < limit:
            return 0.0
        return window[0] + span - now

    def check(self, chat_id: int, now: float) -> float:
        """Admit one message to ``chat_id`` at emulated time ``now``: 0.0 if accepted (and
        counted), else the emulated wait until it would be accepted."""
        limits = self.limits
        global_tokens, wait = self._bucket(
            self._global, now, limits.global_per_second, max(1, limits.global_burst)
        )
        waits = [wait]
        group_window: deque[float] | None = None
        tokens = 0.0
        if chat_id < 0:
            group_window = self._groups.setdefault(chat_id, deque())
            waits.append(self._window_wait(group_window, now, 60.0, limits.group_per_minute))
        else:
            tokens, wait = self._bucket(self._buckets.get(chat_id), now,
                                        limits.private_per_second, max(1, limits.private_burst))
            waits.append(wait)
        wait = max(waits)
        if wait > 0:
            return max(wait, 1e-6)
        self._global = (global_tokens - 1.0, now)
        if group_window is not None:
            group_window.append(now)
        else:
            self._buckets[chat_id] = (tokens - 1.0, now)
        return 0.0

    def reset(self) -> None:
        self._global = None
        self._groups.clear()
        self._buckets.clear()


@dataclass
class Stats:
    """Counters of what the bot sent. Times are emulated seconds unless named ``*_real``."""

    messages_accepted: int = 0
    too_many_requests: int = 0
    duplicates: int = 0
    injected_faults: int = 0
    per_chat: Counter[int] = field(default_factory=Counter)
    errors: Counter[int] = field(default_factory=Counter)
    first_message_at: float | None = None
    last_message_at: float | None = None
    first_message_real: float | None = None
    last_message_real: float | None = None
    peak_per_second: int = 0
    _window: deque[float] = field(default_factory=deque, repr=False)
    _seen: set[tuple[int, str]] = field(default_factory=set, repr=False)

    def record_message(self, chat_id: int, content_key: str, now: float) -> None:
        self.messages_accepted += 1
        self.per_chat[chat_id] += 1
        if (chat_id, content_key) in self._seen:
            self.duplicates += 1
        else:
            self._seen.add((chat_id, content_key))
        real = time.monotonic()
        if self.first_message_at is None:
            self.first_message_at, self.first_message_real = now, real
        self.last_message_at, self.last_message_real = now, real
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
        """Emulated seconds between the first and the last accepted message."""
        if self.first_message_at is None or self.last_message_at is None:
            return 0.0
        return self.last_message_at - self.first_message_at

    @property
    def elapsed_real(self) -> float:
        if self.first_message_real is None or self.last_message_real is None:
            return 0.0
        return self.last_message_real - self.first_message_real

    def messages_per_second(self) -> float:
        """Average accepted messages per emulated second (elapsed floored at 1 s)."""
        return self.messages_accepted / max(self.elapsed, 1.0)

    def limit_fraction(self, limit: float = 30.0) -> float:
        """Average rate as a fraction of Telegram's global limit (1.0 = exactly at the limit)."""
        return self.messages_per_second() / limit

    def peak_fraction(self, limit: float = 30.0) -> float:
        """Busiest sliding emulated second as a fraction of the limit."""
        return self.peak_per_second / limit

    def as_dict(self) -> JSON:
        return {
            "messages_accepted": self.messages_accepted,
            "too_many_requests": self.too_many_requests,
            "duplicates": self.duplicates,
            "injected_faults": self.injected_faults,
            "errors": dict(self.errors),
            "chats": len(self.per_chat),
            "elapsed_emulated_s": round(self.elapsed, 3),
            "elapsed_real_s": round(self.elapsed_real, 3),
            "messages_per_second": round(self.messages_per_second(), 3),
            "limit_fraction": round(self.limit_fraction(), 4),
            "peak_per_second": self.peak_per_second,
        }

    def reset(self) -> None:
        fresh = Stats()
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(fresh, name))
