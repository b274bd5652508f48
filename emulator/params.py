"""Decoding request parameters the way the Bot API does.

Clients send parameters as a JSON body, as a query string, url-encoded form data, or multipart
form data (PTB's HTTPXRequest posts form data where every non-string value is ``json.dumps``-ed,
and files as multipart parts, sometimes referenced by ``attach://<name>``). In every encoding
nested objects may arrive as JSON *strings*; :func:`decode_params` turns them into dicts/lists,
numeric ids into ints and ``true``/``false`` into bools, leaving other strings untouched.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from emulator.common import JSON, bad_request

JSON_KEYS: frozenset[str] = frozenset(
    {"reply_markup", "entities", "caption_entities", "allowed_updates", "commands", "scope",
     "link_preview_options", "reply_parameters", "menu_button", "media", "permissions",
     "results", "rights", "options", "explanation_entities", "reaction", "message_ids",
     "button", "text_entities", "question_entities"}
)
INT_KEYS: frozenset[str] = frozenset(
    {"chat_id", "message_id", "user_id", "offset", "limit", "reply_to_message_id",
     "message_thread_id", "from_chat_id", "cache_time", "max_connections", "until_date",
     "duration", "width", "height", "sender_chat_id", "direct_messages_topic_id"}
)
FLOAT_KEYS: frozenset[str] = frozenset({"timeout", "latitude", "longitude"})
BOOL_KEYS: frozenset[str] = frozenset(
    {"disable_notification", "protect_content", "show_alert", "drop_pending_updates",
     "allow_sending_without_reply", "disable_web_page_preview", "has_spoiler",
     "show_caption_above_media", "allow_paid_broadcast", "only_if_banned", "revoke_messages",
     "for_channels", "is_anonymous", "disable_content_type_detection", "is_big"}
)
_INT_RE = re.compile(r"-?\d+")


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A multipart file part."""

    filename: str | None
    content_type: str | None
    data: bytes


def _coerce(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip()
    if key in JSON_KEYS:
        try:
            return json.loads(text)
        except ValueError:
            return value  # handlers report the Telegram-style "can't parse" error
    if key in INT_KEYS and _INT_RE.fullmatch(text):
        return int(text)
    if key in FLOAT_KEYS:
        try:
            number = float(text)
        except ValueError:
            return value
        return int(number) if number.is_integer() else number
    if key in BOOL_KEYS and text.lower() in ("true", "false", "1", "0"):
        return text.lower() in ("true", "1")
    return value


def decode_params(raw: Mapping[str, Any]) -> JSON:
    """Decode raw parameter values (strings from forms, or JSON values) into typed values."""
    return {key: _coerce(key, value) for key, value in raw.items()}


class Params:
    """Typed, validating access to a method's parameters."""

    def __init__(self, values: JSON, files: Mapping[str, UploadedFile] | None = None) -> None:
        self.values = values
        self.files: dict[str, UploadedFile] = dict(files or {})

    def __contains__(self, key: str) -> bool:
        return self.values.get(key) is not None

    def get(self, key: str, default: Any = None) -> Any:
        value = self.values.get(key)
        return default if value is None else value

    def get_str(self, key: str, default: str | None = None) -> str | None:
        value = self.values.get(key)
        if value is None:
            return default
        return value if isinstance(value, str) else json.dumps(value)

    def get_int(self, key: str, default: int | None = None) -> int | None:
        value = self.values.get(key)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and _INT_RE.fullmatch(value.strip()):
            return int(value.strip())
        raise bad_request(f"invalid {key} specified")

    def require_int(self, key: str, missing: str) -> int:
        """An integer parameter that must be present (``missing`` is the error detail)."""
        value = self.get_int(key)
        if value is None:
            raise bad_request(missing)
        return value

    def get_float(self, key: str, default: float = 0.0) -> float:
        value = self.values.get(key)
        if value is None or value == "":
            return default
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        try:
            return float(str(value))
        except ValueError:
            raise bad_request(f"invalid {key} specified") from None

    def get_bool(self, key: str, default: bool = False) -> bool:
        value = self.values.get(key)
        if value is None:
            return default
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1")
        return bool(value)

    def get_json(self, key: str, what: str) -> Any:
        """A JSON-typed parameter; a string that is not valid JSON -> ``can't parse <what>``."""
        value = self.values.get(key)
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {what}") from None
        return value

    def get_file(self, key: str) -> UploadedFile | str | None:
        """A file parameter: an uploaded part (directly or via ``attach://``) or a string."""
        if key in self.files:
            return self.files[key]
        value = self.values.get(key)
        if isinstance(value, str) and value.startswith("attach://"):
            attached = self.files.get(value[len("attach://") :])
            if attached is None:
                raise bad_request(f"wrong file identifier/HTTP URL specified for {key}")
            return attached
        return value if isinstance(value, str) else None
