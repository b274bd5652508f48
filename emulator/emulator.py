"""The public façade: :class:`BotApiEmulator`."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable, Collection
from types import TracebackType
from typing import TypeVar

from emulator.common import JSON, clone
from emulator.core import Core
from emulator.faults import Fault
from emulator.limits import Clock, RateLimits, Stats
from emulator.methods import lookup
from emulator.methods.bot import resolve_commands
from emulator.models import MEMBER_STATUSES, ApiCall, Chat, User
from emulator.server import ApiServer
from emulator.state import scope_key
from emulator.users import SimulatedUsers

T = TypeVar("T")


class BotApiEmulator(SimulatedUsers):
    """A local Telegram Bot API server for tests, the console chat and benchmarks.

    Point PTB at it with ``ApplicationBuilder().token(emu.token).base_url(emu.bot_base_url)
    .base_file_url(emu.file_base_url)``. See the package docstring for an overview.
    """

    def __init__(
        self,
        token: str = "123456:TEST",
        bot_username: str = "EnergyBridgeBot",
        *,
        frozen_clock: bool = False,
        bot_name: str = "Energy Bridge",
        enforce_limits: bool = False,
        limits: RateLimits | None = None,
        strict_chats: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        prefix = token.split(":", 1)[0]
        bot_user: JSON = {
            "id": int(prefix) if prefix.isdigit() else 1,
            "is_bot": True,
            "first_name": bot_name,
            "username": bot_username,
        }
        self.token = token
        self._core = Core(
            token=token, bot_user=bot_user, frozen_clock=frozen_clock, enforce_limits=enforce_limits,
            limits=limits, strict_chats=strict_chats,
        )
        self._server = ApiServer(self._core, host, port)
        self._query_ids = itertools.count(1)
        self._started = False

    # -- lifecycle ---------------------------------------------------------------------------
    async def start(self, port: int | None = None) -> BotApiEmulator:
        """Bind and serve (``port`` 0 = a free port, chosen by the OS)."""
        if port is not None:
            self._server.port = port
        await self._server.start()
        self._started = True
        return self

    async def stop(self) -> None:
        """Wake pending long polls, stop webhook delivery and close the server."""
        if self._started:
            self._started = False
            await self._server.stop()

    async def __aenter__(self) -> BotApiEmulator:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        return self._server.port

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return self._server.base_url

    @property
    def bot_base_url(self) -> str:
        """What to pass as PTB's ``base_url``: ``{base_url}/bot``."""
        return f"{self.base_url}/bot"

    @property
    def file_base_url(self) -> str:
        """What to pass as PTB's ``base_file_url``: ``{base_url}/file/bot``."""
        return f"{self.base_url}/file/bot"

    @property
    def bot_user(self) -> JSON:
        return clone(self._core.state.bot_user)

    # -- recorded traffic --------------------------------------------------------------------
    @property
    def calls(self) -> list[ApiCall]:
        """Every request received, in arrival-completion order (live list)."""
        return self._core.state.calls

    def clear_calls(self) -> None:
        self._core.state.calls.clear()

    @staticmethod
    def _canonical(method: str) -> str:
        entry = lookup(method)
        return entry[0] if entry else method

    def calls_to(
        self, method: str, chat_id: int | str | None = None, *, ok: bool | None = None,
        since: int = 0,
    ) -> list[ApiCall]:
        """Calls of ``method`` (any letter case), optionally to one chat / only (un)successful,
        starting at index ``since`` of :attr:`calls`."""
        canonical = self._canonical(method).lower()
        wanted = None if chat_id is None else self._core.lookup_chat_id(chat_id)
        return [
            call for call in self.calls[since:]
            if call.method.lower() == canonical
            and (chat_id is None or call.chat_id in (wanted, chat_id))
            and (ok is None or call.ok == ok)
        ]

    def sent_messages(self, chat_id: int | str | None = None) -> list[JSON]:
        """Messages the bot sent (sendMessage/sendPhoto), as they were when sent."""
        messages = self._core.state.sent
        if chat_id is not None:
            wanted = self._core.lookup_chat_id(chat_id)
            messages = [m for m in messages if m["chat"]["id"] == wanted]
        return clone(messages)

    def message(self, chat_id: int, message_id: int) -> JSON | None:
        """Current state of a message (after edits); None if unknown or deleted."""
        found = self._core.state.message(chat_id, message_id)
        return None if found is None else clone(found)

    def last_sent(self, chat_id: int | str | None = None) -> JSON | None:
        """Current state of the bot's most recent message (to ``chat_id``), if any."""
        sent = self.sent_messages(chat_id)
        if not sent:
            return None
        last = sent[-1]
        return self.message(last["chat"]["id"], last["message_id"])

    @property
    def stats(self) -> Stats:
        return self._core.stats

    @property
    def clock(self) -> Clock:
        return self._core.clock

    def advance_clock(self, seconds: float) -> None:
        """Advance the limit clock (rate-limit accounting) without real waiting."""
        self._core.clock.advance(seconds)

    @property
    def enforce_limits(self) -> bool:
        return self._core.enforce_limits

    @enforce_limits.setter
    def enforce_limits(self, value: bool) -> None:
        self._core.enforce_limits = value

    # -- the simulated world -----------------------------------------------------------------
    def add_chat(self, chat: Chat) -> None:
        self._core.state.add_chat(chat)

    def add_user(self, user: User) -> None:
        self._core.state.add_user(user)

    def set_member_status(self, chat_id: int, user_id: int, status: str) -> None:
        """Status getChatMember reports (default "member"); ``user_id=emu.bot_id`` for the bot."""
        if status not in MEMBER_STATUSES:
            raise ValueError(f"unknown status {status!r}; expected one of {sorted(MEMBER_STATUSES)}")
        self._core.state.members[(chat_id, user_id)] = status

    def commands(self, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        """Commands stored by setMyCommands for exactly this scope and language."""
        if isinstance(scope, dict) and "chat_id" in scope:
            scope = {**scope, "chat_id": self._core.lookup_chat_id(scope["chat_id"])}
        return clone(self._core.state.commands.get((scope_key(scope), language_code), []))

    def visible_commands(self, chat_id: int, user_id: int, language_code: str = "") -> list[JSON]:
        """Commands a user would see in a chat, applying Telegram's scope fallback order."""
        return resolve_commands(self._core, chat_id, user_id, language_code)

    def webhook_info(self) -> JSON:
        webhook = self._core.webhook
        if webhook is None:
            return {"url": "", "pending_update_count": len(self._core.updates.pending)}
        return webhook.info()

    # -- fault injection ---------------------------------------------------------------------
    def fail_chat(
        self, chat_id: int | str, kind: str, times: int | None = None, *, retry_after: int = 1,
        migrate_to_chat_id: int | None = None, max_length: int = 4096,
        methods: Collection[str] | None = None,
    ) -> Fault:
        """Make calls targeting ``chat_id`` fail ``times`` times (None = until cleared).

        ``kind``: retry_after | server_error | blocked | kicked | not_found | migrated |
        too_long (only texts longer than ``max_length`` UTF-16 units fail). ``methods``
        restricts the affected methods (default: send*, edit*, copy*, forward*).
        """
        return self._core.faults.add(
            chat_id, kind, times, retry_after=retry_after, migrate_to_chat_id=migrate_to_chat_id,
            max_length=max_length, methods=methods,
        )

    def clear_faults(self, chat_id: int | str | None = None) -> None:
        self._core.faults.clear(chat_id)

    # -- waiting -----------------------------------------------------------------------------
    async def wait_for(
        self,
        predicate: Callable[[], T | None],
        timeout: float = 5.0,  # noqa: ASYNC109 - part of the public API
    ) -> T:
        """Await the first truthy ``predicate()``, re-checked after every call/update."""
        return await self._core.changes.wait_until(predicate, timeout)

    async def wait_for_calls(
        self,
        method: str,
        count: int = 1,
        chat_id: int | str | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - part of the public API
        *,
        ok: bool | None = None,
        since: int = 0,
    ) -> list[ApiCall]:
        """Resolve once at least ``count`` matching calls were recorded; returns all matches.
        Raises TimeoutError (listing recent calls) otherwise."""
        if count <= 0:
            return self.calls_to(method, chat_id, ok=ok, since=since)

        def enough() -> list[ApiCall] | None:
            found = self.calls_to(method, chat_id, ok=ok, since=since)
            return found if len(found) >= count else None

        try:
            return await self._core.changes.wait_until(enough, timeout)
        except TimeoutError:
            got = len(self.calls_to(method, chat_id, ok=ok, since=since))
            recent = [f"{c.method}({c.chat_id})->{'ok' if c.ok else c.error}" for c in self.calls[-8:]]
            raise TimeoutError(
                f"waited {timeout}s for {count} {method} call(s) (chat_id={chat_id}), got {got}; "
                f"recent calls: {recent}"
            ) from None

    async def wait_idle(
        self,
        timeout: float = 5.0,  # noqa: ASYNC109 - part of the public API
        quiet: float = 0.05,
    ) -> None:
        """Resolve when every injected update was handed to the bot, no request is being
        processed (long polls excluded) and nothing happened for ``quiet`` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        core = self._core
        while True:
            silent_for = time.monotonic() - core.last_activity
            if core.updates.undelivered() == 0 and core.inflight == 0 and silent_for >= quiet:
                return
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"emulator not idle after {timeout}s")
            await core.changes.wait(min(remaining, max(quiet - silent_for, 0.005)))

    # -- misc --------------------------------------------------------------------------------
    def __repr__(self) -> str:
        state = "running" if self._started else "stopped"
        return f"<BotApiEmulator {self.base_url if self._started else ''} {state}>"
