"""Bot-level methods: getMe, commands, descriptions, menu button, files, logOut/close."""

from __future__ import annotations

import json
import re
from typing import Any

from emulator.common import JSON, bad_request, clone
from emulator.core import Core
from emulator.methods.base import Handler
from emulator.params import Params
from emulator.state import scope_key

_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE_RE = re.compile(r"[a-z]{2}")
_TEXT_LIMITS = {"description": 512, "short_description": 120, "name": 64}


async def get_me(core: Core, p: Params) -> JSON:
    return {
        **clone(core.state.bot_user),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


async def accept(core: Core, p: Params) -> bool:
    """Methods the emulator accepts without modelling (logOut, close, ...)."""
    return True


def _language(p: Params) -> str:
    code = p.get_str("language_code", "") or ""
    if code and not _LANGUAGE_RE.fullmatch(code):
        raise bad_request("invalid language code specified")
    return code


def _scope(core: Core, p: Params) -> str:
    scope = p.get_json("scope", "BotCommandScope JSON object")
    if isinstance(scope, dict) and "chat_id" in scope:
        resolved = core.lookup_chat_id(scope["chat_id"])
        if resolved is None:
            raise bad_request("chat not found")
        scope = {**scope, "chat_id": resolved}
    return scope_key(scope)


async def set_my_commands(core: Core, p: Params) -> bool:
    commands = p.get_json("commands", "commands JSON object")
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad_request("too many commands specified")
    cleaned: list[JSON] = []
    for item in commands:
        if not isinstance(item, dict):
            raise bad_request("can't parse BotCommand JSON object")
        command, description = item.get("command"), item.get("description")
        if not isinstance(command, str) or not _COMMAND_RE.fullmatch(command.removeprefix("/")):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        cleaned.append({"command": command.removeprefix("/"), "description": description})
    key = (_scope(core, p), _language(p))
    if cleaned:
        core.state.commands[key] = cleaned
    else:
        core.state.commands.pop(key, None)
    return True


async def get_my_commands(core: Core, p: Params) -> list[JSON]:
    key = (_scope(core, p), _language(p))
    return clone(core.state.commands.get(key, []))


async def delete_my_commands(core: Core, p: Params) -> bool:
    core.state.commands.pop((_scope(core, p), _language(p)), None)
    return True


def resolve_commands(core: Core, chat_id: int, user_id: int, language_code: str = "") -> list[JSON]:
    """The command list a user sees, following Telegram's scope resolution order."""
    chat = core.resolve_chat(chat_id)
    scopes: list[JSON] = []
    if chat["type"] == "private":
        scopes += [{"type": "chat", "chat_id": chat["id"]}, {"type": "all_private_chats"}]
    else:
        is_admin = core.state.member_status(chat, user_id) in ("creator", "administrator")
        scopes.append({"type": "chat_member", "chat_id": chat["id"], "user_id": user_id})
        if is_admin:
            scopes.append({"type": "chat_administrators", "chat_id": chat["id"]})
        scopes.append({"type": "chat", "chat_id": chat["id"]})
        if is_admin:
            scopes.append({"type": "all_chat_administrators"})
        scopes.append({"type": "all_group_chats"})
    scopes.append({"type": "default"})
    languages = [language_code, ""] if language_code else [""]
    for scope in scopes:
        for language in languages:
            found = core.state.commands.get((scope_key(scope), language))
            if found:
                return clone(found)
    return []


def _text_setter(kind: str) -> Handler:
    async def handler(core: Core, p: Params) -> bool:
        value = p.get_str(kind, "") or ""
        if len(value) > _TEXT_LIMITS[kind]:
            raise bad_request(f"{kind.replace('_', ' ')} is too long")
        language = _language(p)
        if value:
            core.state.texts[(kind, language)] = value
        else:
            core.state.texts.pop((kind, language), None)
        return True

    return handler


def _text_getter(kind: str) -> Handler:
    async def handler(core: Core, p: Params) -> JSON:
        default = core.state.bot_user["first_name"] if kind == "name" else ""
        return {kind: core.state.texts.get((kind, _language(p)), default)}

    return handler


async def set_chat_menu_button(core: Core, p: Params) -> bool:
    button = p.get_json("menu_button", "menu button JSON object")
    if button is not None and (not isinstance(button, dict) or button.get("type") not in
                               ("commands", "web_app", "default")):
        raise bad_request("can't parse menu button JSON object")
    chat_id = p.get("chat_id")
    key = None if chat_id is None else int(core.resolve_chat(chat_id)["id"])
    core.state.menu_buttons[key] = button or {"type": "default"}
    return True


async def get_chat_menu_button(core: Core, p: Params) -> JSON:
    chat_id = p.get("chat_id")
    key = None if chat_id is None else int(core.resolve_chat(chat_id)["id"])
    button = core.state.menu_buttons.get(key) or core.state.menu_buttons.get(None)
    return clone(button or {"type": "commands"})


async def get_file(core: Core, p: Params) -> JSON:
    stored = core.state.files.get(p.get_str("file_id") or "")
    if stored is None:
        raise bad_request("invalid file_id")
    return stored.to_dict()


async def set_default_rights(core: Core, p: Params) -> bool:
    rights: Any = p.get_json("rights", "rights JSON object")
    key = "channel_rights" if p.get_bool("for_channels") else "group_rights"
    core.state.texts[(key, "")] = json.dumps(rights or {})
    return True


async def get_default_rights(core: Core, p: Params) -> JSON:
    key = "channel_rights" if p.get_bool("for_channels") else "group_rights"
    stored = json.loads(core.state.texts.get((key, ""), "{}"))
    base = {"is_anonymous": False, "can_manage_chat": False, "can_delete_messages": False,
            "can_manage_video_chats": False, "can_restrict_members": False,
            "can_promote_members": False, "can_change_info": False, "can_invite_users": False,
            "can_post_stories": False, "can_edit_stories": False, "can_delete_stories": False}
    return {**base, **stored}


HANDLERS: dict[str, Handler] = {
    "getMe": get_me,
    "logOut": accept,
    "close": accept,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "setMyDescription": _text_setter("description"),
    "getMyDescription": _text_getter("description"),
    "setMyShortDescription": _text_setter("short_description"),
    "getMyShortDescription": _text_getter("short_description"),
    "setMyName": _text_setter("name"),
    "getMyName": _text_getter("name"),
    "setChatMenuButton": set_chat_menu_button,
    "getChatMenuButton": get_chat_menu_button,
    "getFile": get_file,
    "setMyDefaultAdministratorRights": set_default_rights,
    "getMyDefaultAdministratorRights": get_default_rights,
}
