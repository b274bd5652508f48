"""Getting updates: getUpdates (long polling) and the webhook methods."""

from __future__ import annotations

import re

from emulator.common import JSON, ApiError, bad_request, clone
from emulator.core import Core
from emulator.methods.base import Described, Handler
from emulator.params import Params

_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)


def _allowed_updates(core: Core, p: Params) -> None:
    allowed = p.get_json("allowed_updates", "allowed_updates JSON object")
    if allowed is None:
        return  # "If not specified, the previous setting will be used."
    if not isinstance(allowed, list) or not all(isinstance(item, str) for item in allowed):
        raise bad_request("can't parse allowed_updates JSON object")
    core.updates.allowed_updates = list(allowed) or None


async def get_updates(core: Core, p: Params) -> list[JSON]:
    if core.webhook is not None:
        raise ApiError(409, WEBHOOK_ACTIVE)
    offset = p.get_int("offset", 0) or 0
    limit = min(100, max(1, p.get_int("limit", 100) or 100))
    timeout = max(0.0, p.get_float("timeout", 0.0))
    _allowed_updates(core, p)
    core.updates.confirm(offset)
    updates = await core.updates.long_poll(limit, timeout)
    return clone(updates)


async def set_webhook(core: Core, p: Params) -> Described:
    url = (p.get_str("url", "") or "").strip()
    if p.get_bool("drop_pending_updates"):
        core.updates.drop_all()
    if not url:
        existed = await core.delete_webhook()
        return Described(True, "Webhook was deleted" if existed else "Webhook is already deleted")
    if not url.lower().startswith(("https://", "http://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = p.get_str("secret_token")
    if secret is not None and not _SECRET_RE.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    max_connections = p.get_int("max_connections", 40) or 40
    if not 1 <= max_connections <= 100:
        raise bad_request("bad webhook: max_connections must be between 1 and 100")
    _allowed_updates(core, p)
    if core.webhook is not None and core.webhook.url == url and core.webhook.secret_token == secret:
        return Described(True, "Webhook is already set")
    await core.set_webhook(url, secret, max_connections)
    return Described(True, "Webhook was set")


async def delete_webhook(core: Core, p: Params) -> Described:
    if p.get_bool("drop_pending_updates"):
        core.updates.drop_all()
    existed = await core.delete_webhook()
    return Described(True, "Webhook was deleted" if existed else "Webhook is already deleted")


async def get_webhook_info(core: Core, p: Params) -> JSON:
    if core.webhook is not None:
        return core.webhook.info()
    return {"url": "", "has_custom_certificate": False,
            "pending_update_count": len(core.updates.pending)}


HANDLERS: dict[str, Handler] = {
    "getUpdates": get_updates,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
}
