"""Message methods: send, edit, delete, chat actions and callback query answers."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from emulator.common import JSON, bad_request, clone
from emulator.core import Core
from emulator.entities import format_text
from emulator.methods.base import Handler
from emulator.methods.markup import message_markup, reply_markup_param
from emulator.params import Params, UploadedFile

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
CHAT_ACTIONS: frozenset[str] = frozenset(
    {"typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
     "upload_document", "choose_sticker", "find_location", "record_video_note",
     "upload_video_note"}
)
QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"


def _text(p: Params) -> tuple[str, list[JSON]]:
    return format_text(
        p.get("text"), p.get("parse_mode"), p.get_json("entities", "entities JSON object"),
        max_length=4096, empty_error="message text is empty", long_error="message is too long",
    )


def _caption(p: Params) -> tuple[str, list[JSON]]:
    return format_text(
        p.get("caption"), p.get("parse_mode"),
        p.get_json("caption_entities", "caption entities JSON object"),
        max_length=1024, empty_error=None, long_error="message caption is too long",
    )


def _common_fields(core: Core, chat: JSON, p: Params, markup: JSON | None) -> JSON:
    fields: JSON = {}
    reply = core.reply_target(
        chat, p.get_json("reply_parameters", "reply parameters JSON object"),
        p.get_int("reply_to_message_id"), p.get_bool("allow_sending_without_reply"),
    )
    if reply is not None:
        fields["reply_to_message"] = reply
    thread = p.get_int("message_thread_id")
    if thread is not None and chat["type"] == "supergroup":
        fields["message_thread_id"] = thread
        fields["is_topic_message"] = True
    if p.get_bool("protect_content"):
        fields["has_protected_content"] = True
    inline = message_markup(markup)
    if inline is not None:
        fields["reply_markup"] = inline
    return fields


async def send_message(core: Core, p: Params) -> JSON:
    chat = core.resolve_chat(p.get("chat_id"))
    core.check_can_send(chat)
    text, entities = _text(p)
    markup = reply_markup_param(p)
    fields: JSON = {"text": text}
    if entities:
        fields["entities"] = entities
    fields.update(_common_fields(core, chat, p, markup))
    core.admit_message(chat["id"], f"text:{text}")
    message = core.new_message(chat, core.state.bot_user, fields, by_bot=True)
    return clone(message)


def _photo_file(core: Core, photo: UploadedFile | str | None) -> tuple[JSON, str]:
    """(PhotoSize dict, duplicate-detection key) for the ``photo`` parameter."""
    if photo is None or photo == "":
        raise bad_request("there is no photo in the request")
    if isinstance(photo, UploadedFile):
        if not photo.data:
            raise bad_request("IMAGE_PROCESS_FAILED")
        stored = core.state.add_file(photo.data, "photos", "jpg", photo.content_type)
        key = "upload:" + hashlib.sha1(photo.data).hexdigest()
    elif photo.lower().startswith(("http://", "https://")):
        stored = core.state.add_file(None, "photos", "jpg")
        key = "url:" + photo
    else:
        found = core.state.files.get(photo)
        if found is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        stored, key = found, "file:" + photo
    size: JSON = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                  "width": 800, "height": 600}
    if stored.data is not None:
        size["file_size"] = len(stored.data)
    return size, key


def send_captioned(core: Core, p: Params, kind: str, media: Callable[[], tuple[JSON, str]]) -> JSON:
    """Send a media message: ``media()`` gives its fields (``{"photo": [...]}``) and duplicate-detection key,
    checked after the chat, caption and markup, as Telegram checks them."""
    chat = core.resolve_chat(p.get("chat_id"))
    core.check_can_send(chat)
    caption, entities = _caption(p)
    markup = reply_markup_param(p)
    fields, key = media()
    if caption:
        fields["caption"] = caption
    if entities:
        fields["caption_entities"] = entities
    if p.get_bool("show_caption_above_media"):
        fields["show_caption_above_media"] = True
    fields.update(_common_fields(core, chat, p, markup))
    core.admit_message(chat["id"], f"{kind}:{key}:{caption}")
    message = core.new_message(chat, core.state.bot_user, fields, by_bot=True)
    return clone(message)


async def send_photo(core: Core, p: Params) -> JSON:
    def media() -> tuple[JSON, str]:
        size, key = _photo_file(core, p.get_file("photo"))
        fields: JSON = {"photo": [size]}
        if p.get_bool("has_spoiler"):
            fields["has_media_spoiler"] = True
        return fields, key

    return send_captioned(core, p, "photo", media)


def _editable(core: Core, p: Params) -> JSON:
    if p.get("inline_message_id") is not None:
        raise bad_request("MESSAGE_ID_INVALID")
    chat = core.resolve_chat(p.get("chat_id"))
    message_id = p.require_int("message_id", "message identifier is not specified")
    message = core.state.message(chat["id"], message_id)
    if message is None:
        raise bad_request("message to edit not found")
    if (chat["id"], message_id) not in core.state.bot_messages:
        raise bad_request("message can't be edited")
    return message


def _set_or_pop(message: JSON, key: str, value: Any) -> None:
    if value:
        message[key] = value
    else:
        message.pop(key, None)


async def edit_message_text(core: Core, p: Params) -> JSON:
    message = _editable(core, p)
    if "text" not in message:
        raise bad_request("there is no text in the message to edit")
    text, entities = _text(p)
    markup = message_markup(reply_markup_param(p, inline_only=True))
    if (text, entities, markup) == (
        message["text"], message.get("entities", []), message.get("reply_markup")
    ):
        raise bad_request(NOT_MODIFIED)
    message["text"] = text
    _set_or_pop(message, "entities", entities)
    _set_or_pop(message, "reply_markup", markup)
    message["edit_date"] = int(time.time())
    return clone(message)


async def edit_message_caption(core: Core, p: Params) -> JSON:
    message = _editable(core, p)
    if "text" in message:
        raise bad_request("there is no caption in the message to edit")
    caption, entities = _caption(p)
    markup = message_markup(reply_markup_param(p, inline_only=True))
    if (caption, entities, markup) == (
        message.get("caption", ""), message.get("caption_entities", []), message.get("reply_markup")
    ):
        raise bad_request(NOT_MODIFIED)
    _set_or_pop(message, "caption", caption)
    _set_or_pop(message, "caption_entities", entities)
    _set_or_pop(message, "reply_markup", markup)
    message["edit_date"] = int(time.time())
    return clone(message)


async def edit_message_reply_markup(core: Core, p: Params) -> JSON:
    message = _editable(core, p)
    markup = message_markup(reply_markup_param(p, inline_only=True))
    if markup == message.get("reply_markup"):
        raise bad_request(NOT_MODIFIED)
    _set_or_pop(message, "reply_markup", markup)
    message["edit_date"] = int(time.time())
    return clone(message)


async def delete_message(core: Core, p: Params) -> bool:
    chat = core.resolve_chat(p.get("chat_id"))
    message_id = p.require_int("message_id", "message identifier is not specified")
    if not core.state.delete_message(chat["id"], message_id):
        raise bad_request("message to delete not found")
    return True


async def delete_messages(core: Core, p: Params) -> bool:
    chat = core.resolve_chat(p.get("chat_id"))
    ids = p.get_json("message_ids", "message_ids JSON object")
    if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
        raise bad_request("message identifiers are not specified")
    for message_id in ids:
        if isinstance(message_id, int):
            core.state.delete_message(chat["id"], message_id)
    return True


async def send_chat_action(core: Core, p: Params) -> bool:
    chat = core.resolve_chat(p.get("chat_id"))
    core.check_can_send(chat)
    if p.get_str("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


async def answer_callback_query(core: Core, p: Params) -> bool:
    query_id = p.get_str("callback_query_id")
    query = core.state.callback_queries.get(query_id or "")
    if query is None or query["answer"] is not None:
        raise bad_request(QUERY_INVALID)
    text = p.get_str("text", "") or ""
    if len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    query["answer"] = {
        "text": text,
        "show_alert": p.get_bool("show_alert"),
        "url": p.get_str("url"),
        "cache_time": p.get_int("cache_time", 0),
    }
    return True


HANDLERS: dict[str, Handler] = {
    "sendMessage": send_message,
    "sendPhoto": send_photo,
    "editMessageText": edit_message_text,
    "editMessageCaption": edit_message_caption,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "deleteMessages": delete_messages,
    "sendChatAction": send_chat_action,
    "answerCallbackQuery": answer_callback_query,
}
