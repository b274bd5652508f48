"""Validation of ``reply_markup`` (inline keyboards, reply keyboards, remove, force reply)."""

from __future__ import annotations

from typing import Any

from emulator.common import JSON, bad_request
from emulator.params import Params

_INLINE_ACTIONS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
)
_URL_SCHEMES = ("http://", "https://", "tg://")
_MAX_BUTTONS = 100


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
    actions = [key for key in _INLINE_ACTIONS if button.get(key) is not None]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in actions:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in actions:
        url = button["url"]
        if not isinstance(url, str) or not url.lower().startswith(_URL_SCHEMES) or " " in url:
            raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def _rows(markup: JSON, key: str) -> list[list[Any]]:
    rows = markup.get(key)
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(f'field "{key}" must be an Array of Arrays')
    if sum(len(row) for row in rows) > _MAX_BUTTONS:
        raise bad_request("reply markup is too long")
    return rows


def validate_reply_markup(value: Any, *, inline_only: bool = False) -> JSON | None:
    """Validate a decoded ``reply_markup``; returns it (or None when absent)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in value:
        for row in _rows(value, "inline_keyboard"):
            for button in row:
                _check_inline_button(button)
        return value
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in value:
        for row in _rows(value, "keyboard"):
            for button in row:
                if isinstance(button, str):
                    continue
                if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                    raise bad_request("can't parse keyboard button: KeyboardButton must be an Object")
        return value
    if value.get("remove_keyboard") is True or value.get("force_reply") is True:
        return value
    raise bad_request("can't parse reply keyboard markup JSON object")


def reply_markup_param(p: Params, *, inline_only: bool = False) -> JSON | None:
    """The ``reply_markup`` parameter, validated."""
    value = p.get_json("reply_markup", "reply keyboard markup JSON object")
    return validate_reply_markup(value, inline_only=inline_only)


def message_markup(markup: JSON | None) -> JSON | None:
    """What a Message object carries: only inline keyboards are echoed back by Telegram."""
    if markup is not None and "inline_keyboard" in markup:
        return markup
    return None


def callback_datas(markup: JSON | None) -> list[str]:
    """All callback_data values of an inline keyboard."""
    if not markup:
        return []
    return [
        button["callback_data"]
        for row in markup.get("inline_keyboard", [])
        for button in row
        if isinstance(button, dict) and isinstance(button.get("callback_data"), str)
    ]
