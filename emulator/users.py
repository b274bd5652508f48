"""Simulated users: helpers that inject the updates real Telegram users would cause."""

from __future__ import annotations

import dataclasses
import itertools
import time

from emulator.common import JSON, clone
from emulator.core import Core
from emulator.entities import detect_entities
from emulator.methods.chats import member_object
from emulator.methods.markup import callback_datas
from emulator.models import MEMBER_STATUSES, Chat, User


class SimulatedUsers:
    """Mixin of :class:`~emulator.emulator.BotApiEmulator` for injecting updates."""

    _core: Core
    _query_ids: itertools.count[int]

    @property
    def bot_id(self) -> int:
        return self._core.bot_id

    def add_update(self, update: JSON) -> int:
        """Queue a raw update (``update_id`` is assigned when missing); returns its id."""
        update_id = self._core.updates.add(clone(update))
        self._core.touch()
        return update_id

    def update(self, update_id: int) -> JSON | None:
        """An injected update by id (also after it was confirmed)."""
        found = self._core.updates.get(update_id)
        return None if found is None else clone(found)

    @property
    def pending_updates(self) -> list[JSON]:
        """Updates not yet confirmed by the bot."""
        return clone(self._core.updates.pending)

    def _register(self, chat: Chat, user: User | None = None) -> JSON:
        if chat.type == "private" and chat.first_name is None and user is not None:
            chat = dataclasses.replace(chat, first_name=user.first_name)
        if user is not None:
            self._core.state.add_user(user)
        return self._core.state.add_chat(chat)

    def _user_message(self, chat: Chat, user: User | None, text: str,
                      entities: list[JSON] | None, reply_to_message_id: int | None) -> JSON:
        chat_dict = self._register(chat, user)
        fields: JSON = {"text": text}
        found = detect_entities(text) if entities is None else entities
        if found:
            fields["entities"] = found
        if reply_to_message_id is not None:
            original = self._core.state.message(chat.id, reply_to_message_id)
            if original is None:
                raise ValueError(f"message {reply_to_message_id} not found in chat {chat.id}")
            replied = clone(original)
            replied.pop("reply_to_message", None)
            fields["reply_to_message"] = replied
        sender = None if user is None else user.to_dict()
        return self._core.new_message(chat_dict, sender, fields, by_bot=False)

    def send_text(
        self, chat: Chat, user: User, text: str, *, reply_to_message_id: int | None = None,
        entities: list[JSON] | None = None,
    ) -> int:
        """``user`` writes ``text`` in ``chat``: a ``message`` update with auto-detected entities
        (bot_command, url, mention, hashtag; UTF-16 offsets). Returns the update_id."""
        if chat.type == "channel":
            return self.post_channel(chat, text)
        message = self._user_message(chat, user, text, entities, reply_to_message_id)
        return self.add_update({"message": clone(message)})

    def post_channel(self, chat: Chat, text: str) -> int:
        """A ``channel_post`` update (``sender_chat`` = the channel)."""
        if chat.type != "channel":
            raise ValueError("post_channel needs a Chat with type='channel'")
        message = self._user_message(chat, None, text, None, None)
        return self.add_update({"channel_post": clone(message)})

    def edit_text(self, chat: Chat, user: User, message_id: int, text: str) -> int:
        """``user`` edits their earlier message: an ``edited_message`` update."""
        message = self._core.state.message(chat.id, message_id)
        if message is None or message.get("from", {}).get("id") != user.id:
            raise ValueError(f"user {user.id} has no message {message_id} in chat {chat.id}")
        message["text"] = text
        message["edit_date"] = int(time.time())
        entities = detect_entities(text)
        if entities:
            message["entities"] = entities
        else:
            message.pop("entities", None)
        return self.add_update({"edited_message": clone(message)})

    def press_button(
        self, chat: Chat, user: User, message_id: int, callback_data: str, *,
        check_button: bool = True,
    ) -> int:
        """``user`` taps an inline button of bot message ``message_id``: a ``callback_query``
        update carrying the full current message. Raises ValueError if the message (or, with
        ``check_button``, a button with that callback_data) does not exist."""
        message = self._core.state.message(chat.id, message_id)
        if message is None:
            raise ValueError(f"message {message_id} not found in chat {chat.id}")
        if check_button and callback_data not in callback_datas(message.get("reply_markup")):
            raise ValueError(
                f"message {message_id} has no button with callback_data {callback_data!r}; "
                f"buttons: {callback_datas(message.get('reply_markup'))}"
            )
        self._register(chat, user)
        query_id = str(10**15 + next(self._query_ids))
        query: JSON = {
            "id": query_id,
            "from": user.to_dict(),
            "message": clone(message),
            "chat_instance": str(10**12 + abs(chat.id)),
            "data": callback_data,
        }
        update_id = self.add_update({"callback_query": query})
        self._core.state.callback_queries[query_id] = {"update_id": update_id, "answer": None}
        return update_id

    def send_inline_query(self, user: User, query: str, *, offset: str = "", chat_type: str | None = "private") -> str:
        """``user`` types ``@bot <query>`` in a chat of ``chat_type``: an ``inline_query`` update. Returns the
        query id (``inline_answer`` gives the bot's answerInlineQuery for it)."""
        self._core.state.add_user(user)
        query_id = str(2 * 10**15 + next(self._query_ids))
        inline: JSON = {"id": query_id, "from": user.to_dict(), "query": query, "offset": offset}
        if chat_type is not None:
            inline["chat_type"] = chat_type
        update_id = self.add_update({"inline_query": inline})
        self._core.state.inline_queries[query_id] = {"update_id": update_id, "sent_at": time.time(), "answer": None}
        return query_id

    def inline_answer(self, query_id: str) -> JSON | None:
        """The bot's answer to an inline query (results, cache_time, is_personal, next_offset; None = none yet)."""
        entry = self._core.state.inline_queries.get(query_id)
        return None if entry is None or entry["answer"] is None else clone(entry["answer"])

    def callback_answer(self, update_id: int) -> JSON | None:
        """The bot's answerCallbackQuery parameters for a press_button update (None = none)."""
        for entry in self._core.state.callback_queries.values():
            if entry["update_id"] == update_id:
                answer: JSON | None = entry["answer"]
                return clone(answer)
        return None

    def change_bot_status(self, chat: Chat, by: User, status: str) -> int:
        """``by`` changes the bot's membership (add to group, block in private = "kicked"):
        updates the status table and queues a ``my_chat_member`` update."""
        if status not in MEMBER_STATUSES:
            raise ValueError(f"unknown status {status!r}")
        chat_dict = self._register(chat, by)
        old = member_object(self._core, chat_dict, self.bot_id)
        self._core.state.members[(chat.id, self.bot_id)] = status
        new = member_object(self._core, chat_dict, self.bot_id)
        return self.add_update({"my_chat_member": {
            "chat": clone(chat_dict), "from": by.to_dict(), "date": int(time.time()),
            "old_chat_member": old, "new_chat_member": new,
        }})
