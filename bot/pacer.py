"""The pacer: outbox messages leave at evenly spaced instants, under Telegram's limits, few in flight.

Telegram allows a bot about 30 messages in any second overall, 1 a second to a private chat and 20 a minute to
a group or channel; beyond that it answers 429 with ``retry_after``. The pacer keeps under all three:

- Overall rate: every message gets a send instant ("slot") from the shared send budget
  (``storage.send_budget``): slots are ``1 / rate`` apart (``DELIVERY_RATE``, default 29/s: a little under
  30 so that network jitter cannot put 31 in one second) across every worker on the database, taken in the
  same transaction as the claim of the rows they carry.
- In flight: a worker holds at most ``in_flight`` claimed, unfinished rows (``DELIVERY_IN_FLIGHT``, default
  4): a crash repeats at most those, and a row is claimed as soon as a place frees (no rounds).
- Per chat: the claim skips chats with a message in flight or served within their gap (1 s private, 3 s for
  groups and channels: 20 a minute evenly), so one chat waiting never holds the others up.
- Sliding-second guard: a message is sent only while at most 30 messages of all workers, itself included, may
  have been accepted within the last second: those marked sent since, and those in flight (claimed and past
  their slot; ``storage.outbox.sends_in_window``). Slots alone are spaced when they are issued; a slow request
  followed by fast ones (in one process, or in two) could still bunch their acceptance at Telegram.
- 429: ``retry_after`` applies to the whole bot: the budget's next slot moves past it for every worker, and
  slots handed out before the pause (by any worker) are replaced by new ones after it, so sending resumes at
  the rate instead of in a burst.

PTB's request stack stays (``HTTPXRequest``, ``ExtBot``). ``AIORateLimiter`` stays for everything else the
bot sends (handlers' replies, with its RetryAfter retries), but the pacer's messages bypass it
(:class:`PacedRateLimiter`): its overall limiter is a token bucket that lets 30 through at once, after a 429
it holds every request and then releases them together, it retries the 429 itself (so the pacer could not
pause the other workers), and it counts only its own process. Replies still count towards Telegram's limit:
the rate stays a little under 30 to leave them room.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from typing import Any

from sqlalchemy.engine import Engine
from telegram.ext import AIORateLimiter

from storage.engine import read_session, write_session
from storage.outbox import ChatGaps, OutboxRow, claim, sends_in_window, set_slot
from storage.send_budget import lock_budget, pause_budget, paused_until, take_slots

PACED = "paced"  # rate_limit_args of the pacer's requests: PacedRateLimiter lets them through untouched
# Telegram's overall limit as a strict sliding window: the guard's bound on messages accepted in any second.
WINDOW_LIMIT = 30
WINDOW_SECONDS = 1.0
GUARD_POLL_SECONDS = 0.01  # how soon a message held by a full window looks again


class PacedRateLimiter(AIORateLimiter):
    """PTB's AIORateLimiter for every request but the pacer's (``rate_limit_args=PACED``), sent as they come."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Any,
    ) -> Any:
        if rate_limit_args == PACED:
            return await callback(*args, **kwargs)
        return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)


class Pacer:
    """One worker's pacing state: the engine its slots come from, and the end of the last 429 pause it saw."""

    def __init__(self, engine: Engine, *, rate: float, gaps: ChatGaps, lease_seconds: float, worker: str) -> None:
        if rate <= 0:
            raise ValueError("the delivery rate must be positive")
        self.engine = engine
        self.interval = 1.0 / rate
        self.gaps = gaps
        self.lease_seconds = lease_seconds
        self.worker = worker
        self.resume_at = 0.0  # wall clock: no slot of this worker starts before (the last retry_after's end)

    def claim(self, count: int) -> list[tuple[OutboxRow, float]]:
        """Claim up to ``count`` rows and a slot for each, in one transaction (blocking: call off the loop)."""
        with write_session(self.engine) as session:
            lock_budget(session=session)  # first: claims of all workers queue here, one at a time
            rows = claim(session=session, limit=count, lease_seconds=self.lease_seconds, worker=self.worker,
                         gaps=self.gaps)
            slots = take_slots(session=session, count=len(rows), interval=self.interval, now=time.time())
            for row, slot in zip(rows, slots, strict=True):
                set_slot(session=session, item_id=row.id, slot=slot)
        return list(zip(rows, slots, strict=True))

    def _new_slot(self, item_id: int) -> float:
        with write_session(self.engine) as session:
            [slot] = take_slots(session=session, count=1, interval=self.interval, now=time.time())
            set_slot(session=session, item_id=item_id, slot=slot)
        return slot

    def _pause(self, until: float) -> None:
        with write_session(self.engine) as session:
            pause_budget(session=session, until=until)

    def _window(self) -> tuple[float, bool]:
        """(end of the last pause any worker saw, whether the last second of all workers is full)."""
        with read_session(self.engine) as session:
            until = paused_until(session=session)
            # The row about to be sent is one of those in flight: it may go if it is at most the WINDOW_LIMIT-th.
            full = sends_in_window(session=session, now=time.time(), seconds=WINDOW_SECONDS) > WINDOW_LIMIT
        return until, full

    async def pause(self, seconds: float) -> None:
        """Telegram said 429: no message of any worker leaves for ``seconds``."""
        until = time.time() + seconds
        self.resume_at = max(self.resume_at, until)
        await asyncio.to_thread(self._pause, until)

    async def turn(self, item_id: int, slot: float) -> None:
        """Wait until row ``item_id`` may be sent: its slot (a new one if a 429 paused sending meanwhile) has come
        and fewer than WINDOW_LIMIT messages of all workers may have been accepted within the last second."""
        while True:
            if (wait := slot - time.time()) > 0:
                await asyncio.sleep(wait)
                continue
            if slot < self.resume_at:  # handed out before the pause: take a place in the queue after it
                slot = await asyncio.to_thread(self._new_slot, item_id)
                continue
            until, full = await asyncio.to_thread(self._window)
            if slot < until:  # another worker was told to wait since this slot was handed out
                self.resume_at = max(self.resume_at, until)
            elif full:
                await asyncio.sleep(min(self.interval, GUARD_POLL_SECONDS))
            else:
                return
