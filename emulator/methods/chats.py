"""Chat information methods: getChat, getChatMember, getChatAdministrators, ..."""

from __future__ import annotations

from emulator.common import JSON, bad_request, clone
from emulator.core import Core
from emulator.methods.base import Handler
from emulator.params import Params

_ADMIN_RIGHTS: tuple[str, ...] = (
    "can_manage_chat", "can_delete_messages", "can_manage_video_chats", "can_restrict_members",
    "can_change_info", "can_invite_users", "can_post_stories", "can_edit_stories",
    "can_delete_stories", "can_pin_messages",
)
_RESTRICTED_RIGHTS: tuple[str, ...] = (
    "can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos",
    "can_send_videos", "can_send_video_notes", "can_send_voice_notes", "can_send_polls",
    "can_send_other_messages", "can_add_web_page_previews", "can_change_info",
    "can_invite_users", "can_pin_messages", "can_manage_topics", "can_edit_tag",
    "can_react_to_messages",
)


def member_object(core: Core, chat: JSON, user_id: int) -> JSON:
    """A ChatMember object (the subtype matching the status table) for ``user_id``."""
    status = core.state.member_status(chat, user_id)
    user = core.state.bot_user if user_id == core.bot_id else core.state.user(user_id)
    member: JSON = {"status": status, "user": clone(user)}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update({"can_be_edited": False, "is_anonymous": False, "can_promote_members": False})
        member.update(dict.fromkeys(_ADMIN_RIGHTS, True))
        if chat["type"] == "channel":
            member.update({"can_post_messages": True, "can_edit_messages": True})
    elif status == "restricted":
        member.update({"is_member": True, "until_date": 0})
        member.update(dict.fromkeys(_RESTRICTED_RIGHTS, False))
    elif status == "kicked":
        member["until_date"] = 0
    return member


def _user_id(p: Params) -> int:
    return p.require_int("user_id", "user_id is empty")


async def get_chat(core: Core, p: Params) -> JSON:
    chat = core.resolve_chat(p.get("chat_id"))
    info = clone(chat)
    info.update({
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": False, "limited_gifts": False, "unique_gifts": False,
            "premium_subscription": False, "gifts_from_channels": False,
        },
    })
    if chat["type"] in ("group", "supergroup"):
        info["permissions"] = {"can_send_messages": True, "can_send_photos": True,
                               "can_invite_users": True}
    return info


async def get_chat_member(core: Core, p: Params) -> JSON:
    chat = core.resolve_chat(p.get("chat_id"))
    return member_object(core, chat, _user_id(p))


async def get_chat_administrators(core: Core, p: Params) -> list[JSON]:
    chat = core.resolve_chat(p.get("chat_id"))
    if chat["type"] == "private":
        raise bad_request("there are no administrators in the private chat")
    user_ids = {user for (chat_id, user) in core.state.members if chat_id == chat["id"]}
    user_ids.add(core.bot_id)
    admins = [member_object(core, chat, user) for user in sorted(user_ids)]
    admins = [member for member in admins if member["status"] in ("creator", "administrator")]
    admins.sort(key=lambda member: member["status"] != "creator")
    return admins


async def get_chat_member_count(core: Core, p: Params) -> int:
    chat = core.resolve_chat(p.get("chat_id"))
    if chat["type"] == "private":
        return 2
    users = {user for (chat_id, user) in core.state.members if chat_id == chat["id"]}
    users.add(core.bot_id)
    present = [u for u in users if core.state.member_status(chat, u) not in ("left", "kicked")]
    return max(1, len(present))


async def leave_chat(core: Core, p: Params) -> bool:
    chat = core.resolve_chat(p.get("chat_id"))
    if chat["type"] == "private":
        raise bad_request("chat member status can't be changed in private chats")
    core.state.members[(chat["id"], core.bot_id)] = "left"
    return True


HANDLERS: dict[str, Handler] = {
    "getChat": get_chat,
    "getChatMember": get_chat_member,
    "getChatAdministrators": get_chat_administrators,
    "getChatMemberCount": get_chat_member_count,
    "leaveChat": leave_chat,
}
