"""The emulated Telegram world: chats, users, memberships, messages, commands and files."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from emulator.common import JSON, bad_request, clone
from emulator.models import ApiCall, Chat, User


@dataclass(slots=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes | None
    mime_type: str | None = None

    def to_dict(self) -> JSON:
        result: JSON = {"file_id": self.file_id, "file_unique_id": self.file_unique_id,
                        "file_path": self.file_path}
        if self.data is not None:
            result["file_size"] = len(self.data)
        return result


def scope_key(scope: Any) -> str:
    """Canonical key of a BotCommandScope (``None`` = default scope)."""
    if scope is None:
        scope = {"type": "default"}
    if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
        raise bad_request("can't parse BotCommandScope JSON object")
    kind = scope["type"]
    if kind not in ("default", "all_private_chats", "all_group_chats", "all_chat_administrators",
                    "chat", "chat_administrators", "chat_member"):
        raise bad_request("wrong BotCommandScope type specified")
    fields: JSON = {"type": kind}
    if kind in ("chat", "chat_administrators", "chat_member"):
        if "chat_id" not in scope:
            raise bad_request("chat_id is empty")
        fields["chat_id"] = scope["chat_id"]
    if kind == "chat_member":
        if "user_id" not in scope:
            raise bad_request("user_id is empty")
        fields["user_id"] = scope["user_id"]
    return json.dumps(fields, sort_keys=True)


class EmulatorState:
    def __init__(self, bot_user: JSON) -> None:
        self.bot_user = bot_user
        self.chats: dict[int, JSON] = {}
        self.usernames: dict[str, int] = {}
        self.users: dict[int, JSON] = {bot_user["id"]: dict(bot_user)}
        self.members: dict[tuple[int, int], str] = {}
        self.messages: dict[tuple[int, int], JSON] = {}
        self.sent: list[JSON] = []
        self.bot_messages: set[tuple[int, int]] = set()
        self.deleted: list[tuple[int, int]] = []
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.texts: dict[tuple[str, str], str] = {}  # (kind, language) -> description/name
        self.menu_buttons: dict[int | None, JSON] = {}
        self.files: dict[str, StoredFile] = {}
        self.callback_queries: dict[str, JSON] = {}  # query id -> {"update_id", "answer"}
        self.inline_queries: dict[str, JSON] = {}  # query id -> {"update_id", "sent_at", "answer"}
        self.calls: list[ApiCall] = []
        self._message_ids: dict[int, int] = {}
        self._file_seq = 0

    # -- chats & users ---------------------------------------------------------------------
    def add_chat(self, chat: Chat | JSON) -> JSON:
        data = chat.to_dict() if isinstance(chat, Chat) else dict(chat)
        existing = self.chats.get(data["id"])
        if existing is not None:
            existing.update(data)
            data = existing
        else:
            self.chats[data["id"]] = data
        if data.get("username"):
            self.usernames[str(data["username"]).lower()] = data["id"]
        return data

    def add_user(self, user: User | JSON) -> JSON:
        data = user.to_dict() if isinstance(user, User) else dict(user)
        self.users[data["id"]] = data
        return data

    def find_chat(self, chat_id: int | str) -> JSON | None:
        if isinstance(chat_id, str):
            target = self.usernames.get(chat_id.lstrip("@").lower())
            return None if target is None else self.chats.get(target)
        return self.chats.get(chat_id)

    def user(self, user_id: int) -> JSON:
        """A known user, or a synthesized minimal one."""
        known = self.users.get(user_id)
        if known is not None:
            return known
        chat = self.chats.get(user_id)
        name = chat.get("first_name", "User") if chat else "User"
        return {"id": user_id, "is_bot": False, "first_name": name}

    def member_status(self, chat: JSON, user_id: int) -> str:
        status = self.members.get((chat["id"], user_id))
        if status is not None:
            return status
        if user_id == self.bot_user["id"] and chat["type"] == "channel":
            return "administrator"
        return "member"

    # -- messages --------------------------------------------------------------------------
    def next_message_id(self, chat_id: int) -> int:
        value = self._message_ids.get(chat_id, 0) + 1
        self._message_ids[chat_id] = value
        return value

    def store_message(self, message: JSON, *, sent_by_bot: bool) -> None:
        key = (message["chat"]["id"], message["message_id"])
        self.messages[key] = message
        if sent_by_bot:
            self.bot_messages.add(key)
            self.sent.append(clone(message))

    def message(self, chat_id: int, message_id: int) -> JSON | None:
        return self.messages.get((chat_id, message_id))

    def delete_message(self, chat_id: int, message_id: int) -> bool:
        if self.messages.pop((chat_id, message_id), None) is None:
            return False
        self.deleted.append((chat_id, message_id))
        return True

    # -- files -----------------------------------------------------------------------------
    def add_file(self, data: bytes | None, folder: str, extension: str,
                 mime_type: str | None = None) -> StoredFile:
        self._file_seq += 1
        number = self._file_seq
        stored = StoredFile(
            file_id=f"EMU{number:06d}-{folder}",
            file_unique_id=f"U{number:06d}",
            file_path=f"{folder}/file_{number}.{extension}",
            data=data,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        return stored

    def file_by_path(self, path: str) -> StoredFile | None:
        return next((item for item in self.files.values() if item.file_path == path), None)
