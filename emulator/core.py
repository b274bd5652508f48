"""The emulator's engine: state + update queue + clock + limits + faults, shared by methods."""

from __future__ import annotations

import re
import time
from typing import Any

from emulator.common import JSON, ApiError, Notifier, bad_request, clone, forbidden, too_many_requests
from emulator.faults import FaultTable
from emulator.limits import Clock, RateLimiter, RateLimits, Stats
from emulator.models import ApiCall, Chat
from emulator.state import EmulatorState
from emulator.updates import UpdateQueue, WebhookDelivery

_NUMERIC = re.compile(r"-?\d+")
_CHAT_KIND = {"group": "group chat", "supergroup": "supergroup chat", "channel": "channel chat"}


class Core:
    def __init__(
        self,
        *,
        token: str,
        bot_user: JSON,
        frozen_clock: bool = False,
        enforce_limits: bool = False,
        limits: RateLimits | None = None,
        strict_chats: bool = False,
    ) -> None:
        self.token = token
        self.state = EmulatorState(bot_user)
        self.updates = UpdateQueue()
        self.clock = Clock(frozen=frozen_clock)
        self.limiter = RateLimiter(self.clock, limits or RateLimits())
        self.enforce_limits = enforce_limits
        self.faults = FaultTable()
        self.stats = Stats()
        self.strict_chats = strict_chats
        self.webhook: WebhookDelivery | None = None
        self.changes = Notifier()
        self.last_activity = time.monotonic()
        self.inflight = 0  # requests being handled, excluding getUpdates long polls

    @property
    def bot_id(self) -> int:
        return int(self.state.bot_user["id"])

    # -- chats ---------------------------------------------------------------------------
    def _normalize_chat_id(self, chat_id: Any) -> int | str:
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        if isinstance(chat_id, bool):
            raise bad_request("chat not found")
        if isinstance(chat_id, float) and chat_id.is_integer():
            return int(chat_id)
        if isinstance(chat_id, int):
            return chat_id
        if isinstance(chat_id, str):
            text = chat_id.strip()
            if _NUMERIC.fullmatch(text):
                return int(text)
            if text.startswith("@") and len(text) > 1:
                return text
        raise bad_request("chat not found")

    def lookup_chat_id(self, chat_id: Any) -> int | str | None:
        """Best-effort resolution (no auto-creation, no errors): int id, raw string or None."""
        try:
            normalized = self._normalize_chat_id(chat_id)
        except ApiError:
            return None
        if isinstance(normalized, str):
            found = self.state.find_chat(normalized)
            return normalized if found is None else int(found["id"])
        return normalized

    def resolve_chat(self, chat_id: Any) -> JSON:
        """The chat for a ``chat_id`` parameter; unknown numeric ids are auto-created unless
        ``strict_chats`` (then, like unknown ``@usernames``: 400 ``chat not found``)."""
        normalized = self._normalize_chat_id(chat_id)
        chat = self.state.find_chat(normalized)
        if chat is not None:
            return chat
        if isinstance(normalized, str) or self.strict_chats or normalized == 0:
            raise bad_request("chat not found")
        return self.state.add_chat(self._synthesize_chat(normalized))

    def _synthesize_chat(self, chat_id: int) -> Chat:
        if chat_id > 0:
            user = self.state.users.get(chat_id, {})
            return Chat(chat_id, "private", username=user.get("username"),
                        first_name=user.get("first_name", "User"))
        if str(chat_id).startswith("-100"):
            return Chat(chat_id, "supergroup", title=f"Supergroup {chat_id}")
        return Chat(chat_id, "group", title=f"Group {chat_id}")

    def check_can_send(self, chat: JSON) -> None:
        """The bot must be a member (channels: an administrator) to post."""
        if chat["type"] == "private":
            return
        status = self.state.member_status(chat, self.bot_id)
        kind = _CHAT_KIND.get(chat["type"], "group chat")
        if status == "kicked":
            raise forbidden(f"bot was kicked from the {kind}")
        if status == "left":
            raise forbidden(f"bot is not a member of the {kind}")
        if chat["type"] == "channel" and status not in ("administrator", "creator"):
            raise bad_request("need administrator rights in the channel chat")

    # -- messages ------------------------------------------------------------------------
    def admit_message(self, chat_id: int, content_key: str) -> None:
        """Flood control + statistics for one outgoing message (raises 429 when limited)."""
        now = self.clock.now()
        if self.enforce_limits:
            wait = self.limiter.check(chat_id, now)
            if wait > 0:
                raise too_many_requests(self.clock.retry_after(wait))
        self.stats.record_message(chat_id, content_key, now)

    def new_message(self, chat: JSON, sender: JSON | None, fields: JSON, *, by_bot: bool) -> JSON:
        """Create and store a message in ``chat`` (channel posts carry ``sender_chat``)."""
        message: JSON = {"message_id": self.state.next_message_id(chat["id"])}
        if chat["type"] == "channel":
            message["sender_chat"] = clone(chat)
        elif sender is not None:
            message["from"] = clone(sender)
        message["chat"] = clone(chat)
        message["date"] = int(time.time())
        message.update(fields)
        self.state.store_message(message, sent_by_bot=by_bot)
        return message

    def reply_target(self, chat: JSON, reply_parameters: Any, reply_to: int | None,
                     allow_without: bool) -> JSON | None:
        """The ``reply_to_message`` object for a send, validating that it exists."""
        if isinstance(reply_parameters, str):
            raise bad_request("can't parse reply parameters JSON object")
        if isinstance(reply_parameters, dict):
            reply_to = reply_parameters.get("message_id", reply_to)
            allow_without = bool(reply_parameters.get("allow_sending_without_reply", allow_without))
            other_chat = reply_parameters.get("chat_id")
            if other_chat is not None:
                chat = self.resolve_chat(other_chat)
        if reply_to is None:
            return None
        if not isinstance(reply_to, int):
            raise bad_request("can't parse reply parameters JSON object")
        original = self.state.message(chat["id"], reply_to)
        if original is None:
            if allow_without:
                return None
            raise bad_request("message to be replied not found")
        replied = clone(original)
        replied.pop("reply_to_message", None)
        return replied

    # -- recording -----------------------------------------------------------------------
    def record(self, call: ApiCall) -> None:
        self.state.calls.append(call)
        if not call.ok:
            self.stats.record_error(int(call.response.get("error_code", 0)))
        self.touch()

    def touch(self) -> None:
        self.last_activity = time.monotonic()
        self.changes.notify()

    # -- webhook -------------------------------------------------------------------------
    async def set_webhook(self, url: str, secret_token: str | None, max_connections: int) -> None:
        await self.delete_webhook()
        self.webhook = WebhookDelivery(self.updates, url, secret_token, max_connections)
        self.webhook.start()

    async def delete_webhook(self) -> bool:
        if self.webhook is None:
            return False
        await self.webhook.stop()
        self.webhook = None
        return True

    async def shutdown(self) -> None:
        self.updates.close()
        await self.delete_webhook()
