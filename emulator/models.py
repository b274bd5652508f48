"""Value objects of the public API: simulated users and chats, and recorded API calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from emulator.common import JSON

ChatType = Literal["private", "group", "supergroup", "channel"]
MemberStatus = Literal["creator", "administrator", "member", "restricted", "left", "kicked"]
MEMBER_STATUSES: frozenset[str] = frozenset(
    {"creator", "administrator", "member", "restricted", "left", "kicked"}
)


@dataclass(frozen=True, slots=True)
class User:
    """A simulated Telegram user."""

    id: int
    first_name: str = "Test"
    username: str | None = None
    language_code: str | None = "en"
    last_name: str | None = None
    is_bot: bool = False

    def to_dict(self) -> JSON:
        data: JSON = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name is not None:
            data["last_name"] = self.last_name
        if self.username is not None:
            data["username"] = self.username
        if self.language_code is not None:
            data["language_code"] = self.language_code
        return data


@dataclass(frozen=True, slots=True)
class Chat:
    """A simulated chat. Private chats use the user's id; groups/channels negative ids."""

    id: int
    type: ChatType = "private"
    title: str | None = None
    username: str | None = None
    first_name: str | None = None

    @classmethod
    def for_user(cls, user: User) -> Chat:
        """The private chat between ``user`` and the bot."""
        return cls(id=user.id, type="private", username=user.username, first_name=user.first_name)

    def to_dict(self) -> JSON:
        data: JSON = {"id": self.id, "type": self.type}
        if self.type == "private":
            data["first_name"] = self.first_name or "Test"
        else:
            data["title"] = self.title or f"Chat {self.id}"
        if self.username is not None:
            data["username"] = self.username
        return data


@dataclass(slots=True)
class ApiCall:
    """One request the bot made, as the emulator decoded and answered it.

    ``method`` is the canonical camelCase name (as typed by the client for unknown methods);
    ``params`` are decoded (JSON-typed parameters such as ``reply_markup`` are dicts/lists,
    numeric ids are ints); ``time`` is wall-clock ``time.time()`` at arrival; ``response`` is the
    JSON body returned. ``chat_id`` is the target chat resolved to an int when possible.
    """

    method: str
    params: JSON
    time: float
    response: JSON
    status: int = 200
    emulated_time: float = 0.0
    chat_id: int | str | None = None
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))

    @property
    def result(self) -> Any:
        return self.response.get("result")

    @property
    def error(self) -> str | None:
        """The error description, or None for successful calls."""
        return None if self.ok else str(self.response.get("description"))
