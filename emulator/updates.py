"""The bot's update queue: getUpdates long polling semantics and webhook delivery.

Updates stay queued until *confirmed* (a getUpdates ``offset`` greater than their id, or a 2xx
webhook answer), exactly like Telegram. Long-poll ``timeout`` values are real seconds (they are
network timeouts on the client side, so the emulated clock does not scale them).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

import aiohttp

from emulator.common import JSON, ApiError, Notifier

_LOG = logging.getLogger("emulator.updates")
DEFAULT_EXCLUDED: frozenset[str] = frozenset(
    {"chat_member", "message_reaction", "message_reaction_count"}
)
CONFLICT_OTHER_POLL = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
    "is running"
)


def update_type(update: JSON) -> str:
    return next((key for key in update if key != "update_id"), "")


class UpdateQueue:
    def __init__(self, first_update_id: int = 1) -> None:
        self._pending: list[JSON] = []
        self._log: dict[int, JSON] = {}
        self._delivered: set[int] = set()
        self._next_id = first_update_id
        self._generation = 0
        self._closed = False
        self.allowed_updates: list[str] | None = None
        self.changes = Notifier()

    # -- producing -------------------------------------------------------------------------
    def add(self, update: JSON) -> int:
        update_id = update.get("update_id")
        if not isinstance(update_id, int):
            update_id = self._next_id
            update = {"update_id": update_id, **update}
        self._next_id = max(self._next_id, update_id + 1)
        self._pending.append(update)
        self._pending.sort(key=lambda item: item["update_id"])
        self._log[update_id] = update
        self.changes.notify()
        return update_id

    def get(self, update_id: int) -> JSON | None:
        return self._log.get(update_id)

    @property
    def pending(self) -> list[JSON]:
        """Updates not yet confirmed by the bot."""
        return list(self._pending)

    def undelivered(self) -> int:
        """Pending updates that were never handed to the bot."""
        return sum(1 for item in self._pending if item["update_id"] not in self._delivered)

    # -- consuming -------------------------------------------------------------------------
    def confirm(self, offset: int) -> None:
        """Apply a getUpdates ``offset`` (negative = keep only the last ``-offset`` updates)."""
        before = len(self._pending)
        if offset > 0:
            self._pending = [item for item in self._pending if item["update_id"] >= offset]
        elif offset < 0:
            self._pending = self._pending[offset:]
        if len(self._pending) != before:
            self.changes.notify()

    def drop_all(self) -> None:
        self._pending.clear()
        self.changes.notify()

    def _is_allowed(self, update: JSON) -> bool:
        kind = update_type(update)
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in DEFAULT_EXCLUDED

    def take(self, limit: int) -> list[JSON]:
        """Up to ``limit`` pending updates; disallowed update types are discarded."""
        kept = [item for item in self._pending if self._is_allowed(item)]
        if len(kept) != len(self._pending):
            self._pending = kept
        batch = kept[:limit]
        self._delivered.update(item["update_id"] for item in batch)
        if batch:
            self.changes.notify()
        return batch

    async def long_poll(self, limit: int, seconds: float) -> list[JSON]:
        """getUpdates: wait up to ``seconds`` (real time) for updates.

        A newer poll terminates an older one with 409 Conflict, like Telegram.
        """
        self._generation += 1
        generation = self._generation
        self.changes.notify()  # wake older polls so they notice they were superseded
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while True:
            batch = self.take(limit)
            if batch or self._closed:
                return batch
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            await self.changes.wait(remaining)
            if generation != self._generation:
                raise ApiError(409, CONFLICT_OTHER_POLL)

    def close(self) -> None:
        self._closed = True
        self.changes.notify()


class WebhookDelivery:
    """Pushes queued updates to the bot's webhook, in order, one at a time."""

    def __init__(
        self, queue: UpdateQueue, url: str, secret_token: str | None, max_connections: int
    ) -> None:
        self.queue = queue
        self.url = url
        self.secret_token = secret_token
        self.max_connections = max_connections
        self.last_error_date: int | None = None
        self.last_error_message: str | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="emulator-webhook")

    async def stop(self) -> None:
        if self._task is not None:
            # The flag as well as the cancellation: on Python 3.11, asyncio.wait_for (inside Notifier.wait)
            # swallows a cancellation that arrives just as the event it waits for is set, which the queue's
            # close() right before this does; the loop would then run forever and this await never return.
            self._stopping = True
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def info(self) -> JSON:
        data: JSON = {
            "url": self.url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.queue.pending),
            "max_connections": self.max_connections,
        }
        if self.queue.allowed_updates:
            data["allowed_updates"] = list(self.queue.allowed_updates)
        if self.last_error_date is not None:
            data["last_error_date"] = self.last_error_date
            data["last_error_message"] = self.last_error_message
        return data

    async def _post(self, session: aiohttp.ClientSession, update: JSON) -> str | None:
        headers: dict[str, Any] = {}
        if self.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.secret_token
        try:
            async with session.post(self.url, json=update, headers=headers) as response:
                await response.read()
                if 200 <= response.status < 300:
                    return None
                return f"Wrong response from the webhook: {response.status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            return f"Connection error: {exc!r}"

    async def _run(self) -> None:
        backoff = 0.05
        timeout = aiohttp.ClientTimeout(total=10)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            while not self._stopping:
                batch = self.queue.take(1)
                if not batch:
                    await self.queue.changes.wait(1.0)
                    continue
                update = batch[0]
                error = await self._post(session, update)
                if error is None:
                    self.queue.confirm(update["update_id"] + 1)
                    backoff = 0.05
                    continue
                _LOG.warning("webhook delivery of update %s failed: %s", update["update_id"], error)
                self.last_error_date = int(time.time())
                self.last_error_message = error
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 2.0)
