"""/subscribe, /unsubscribe, /subscriptions, /digest, /digesttime, /timezone, /status, /reload."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from zoneinfo import ZoneInfo

from telegram import Chat, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from handlers.common import db, db_write, deps, edit, language_for, may_change_chat, send, small_number
from ingest.catalog import load_catalog
from ingest.countries import resolve_country
from scan import list_quarantined
from storage.chats import count_chats, get_chat, upsert_chat
from storage.outbox import outbox_counts
from storage.subscriptions import (
    DIGEST_MODES,
    Mode,
    Topic,
    chats_with_daily,
    count_subscriptions,
    list_subscriptions,
)
from storage.subscriptions import (
    subscribe as store_subscription,
)
from storage.subscriptions import (
    unsubscribe as remove_subscription,
)
from storage.summaries import get_stats
from ui import notices, render
from ui.didyoumean import suggest_countries, suggest_projects
from ui.i18n import Tr
from ui.understand import clip, parse_timezone, zone_label
from ui.weekly import weekday_name

ADMIN_STATUSES = {ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
TIMEZONE_EXAMPLES = "Almaty, Dushanbe, Bishkek, Tashkent, Baku, Europe/Moscow, UTC+5, UTC"
# Words readers use for delivery modes, existing here or not ("weekly" before a weekly digest exists): the last
# word of /subscribe being one of them is a mode, not part of the project's or country's name.
MODE_WORDS = frozenset({"instant", "daily", "weekly", "monthly", "hourly", "realtime", "immediate", "immediately"})


@dataclass(frozen=True)
class Request:
    topic: str
    key: str
    mode: str
    channel: str | None


def parse_request(words: list[str]) -> Request | str:
    """Parse ``project <name> [instant|daily] [in @channel]``; return a Request or an error message id."""
    words = list(words)
    channel = None
    if len(words) >= 2 and words[-2].lower() == "in" and words[-1].startswith("@"):
        channel = words[-1]
        words = words[:-2]
    mode = Mode.DAILY
    if words and words[-1].lower() in set(Mode):
        mode = Mode(words.pop().lower())
    elif words and words[-1].lower() in MODE_WORDS:
        return f"mode:{words[-1]}"  # a mode that does not exist here: refused, never silently daily
    if not words:
        return "usage"
    topic = words[0].lower()
    rest = " ".join(words[1:]).strip()
    if topic == Topic.ALL and not rest:
        return Request(Topic.ALL, "", mode, channel)
    if topic == Topic.PROJECT and rest:
        slugs = load_catalog().resolve(rest)
        return Request(Topic.PROJECT, slugs[0], mode, channel) if len(slugs) == 1 else "project"
    if topic == Topic.COUNTRY and rest:
        code = resolve_country(rest)
        return Request(Topic.COUNTRY, code, mode, channel) if code else "country"
    return "usage"


async def _is_admin(context: ContextTypes.DEFAULT_TYPE, chat_id: int | str, user_id: int) -> bool:
    try:
        member = await context.bot.get_chat_member(chat_id, user_id)
    except TelegramError:
        return False
    return member.status in ADMIN_STATUSES


async def _target(update: Update, context: ContextTypes.DEFAULT_TYPE, t: Tr, channel: str | None) -> Chat | None:
    """The chat whose subscriptions change: this one, or a channel named with ``in @channel``; None = refused."""
    chat = update.effective_chat
    user = update.effective_user
    assert chat is not None
    if channel:
        if user is None:
            await send(update, context, escape(t("Only a person can subscribe a channel.")))
            return None
        try:
            target = await context.bot.get_chat(channel)
        except TelegramError:
            await send(update, context, escape(t("I cannot find {channel}. Add me to the channel as an administrator "
                                                 "first.").format(channel=channel)))
            return None
        if not await _is_admin(context, target.id, context.bot.id):
            await send(update, context, escape(t("I am not an administrator of {channel}: add me there first.")
                                               .format(channel=channel)))
            return None
        if not await _is_admin(context, target.id, user.id):
            await send(update, context, escape(t("Only administrators of {channel} can change its subscriptions.")
                                               .format(channel=channel)))
            return None
        return target
    if chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
        anonymous_admin = update.effective_message is not None and update.effective_message.sender_chat is not None \
            and update.effective_message.sender_chat.id == chat.id
        if not anonymous_admin and (user is None or not await _is_admin(context, chat.id, user.id)):
            await send(update, context, escape(t("Only the group's administrators can change its subscriptions.")))
            return None
    return chat


async def _ensure_chat(context: ContextTypes.DEFAULT_TYPE, target: Chat, t: Tr) -> None:
    """Record the chat and the language it is being answered in (alerts and digests use it unless the chat
    chose one with /language)."""
    await db_write(context, upsert_chat, chat_id=target.id, type=target.type, title=target.title,
                   reply_language=t.language)


async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Subscribe this chat (or a channel) to a project, a country or everything, instant or daily."""
    t = await language_for(update, context)
    request = parse_request(context.args or [])
    if isinstance(request, str):
        await send(update, context, escape(_request_error(t, request) + _did_you_mean(t, request, context.args)))
        return
    target = await _target(update, context, t, request.channel)
    if target is None:
        return
    await _ensure_chat(context, target, t)
    _row, created = await db_write(context, store_subscription, chat_id=target.id, chat_type=target.type,
                             title=target.title, topic=request.topic, key=request.key, mode=request.mode)
    if request.mode in DIGEST_MODES:
        chat = await db(context, get_chat, chat_id=target.id)
        assert chat is not None
        deps(context).jobs.schedule_digest(target.id, chat.digest_time, chat.timezone)
    label = notices.topic_label(t, request.topic, request.key)
    if request.mode == Mode.INSTANT:
        text = t("Subscribed to {topic}: an alert as soon as a new article arrives.").format(topic=label)
    elif request.mode == Mode.WEEKLY:
        chat = await db(context, get_chat, chat_id=target.id)
        text = t("Subscribed to {topic}: a weekly digest on {day} at {time} ({timezone}); change the day with "
                 "/digestday.").format(topic=label, day=weekday_name(t, (chat.digest_weekday if chat else 0) or 0),
                                       time=chat.digest_time if chat else "08:00",
                                       timezone=chat.timezone if chat else "UTC")
    else:
        chat = await db(context, get_chat, chat_id=target.id)
        text = t("Subscribed to {topic}: a daily digest at {time} ({timezone}).").format(
            topic=label, time=chat.digest_time if chat else "08:00", timezone=chat.timezone if chat else "UTC")
    if not created:
        text = t("Subscription updated.") + " " + text
    await send(update, context, escape(text))


def _did_you_mean(t: Tr, kind: str, words: list[str] | None) -> str:
    """A "Did you mean: …?" after a project or country that /subscribe did not find (names in the reader's
    language), else nothing."""
    rest = " ".join(w for w in (words or [])[1:] if w.lower() not in MODE_WORDS and not w.startswith("@")
                    and w.lower() != "in")
    if kind == "project":
        catalog = load_catalog()
        names = [catalog.get(s).name(t.language) for s in suggest_projects(rest)]  # type: ignore[union-attr]
    elif kind == "country":
        names = [t.country(c) for c in suggest_countries(rest)]
    else:
        return ""
    return " " + t("Did you mean: {names}?").format(names=", ".join(names)) if names else ""


def _request_error(t: Tr, kind: str) -> str:
    if kind.startswith("mode:"):
        return t("Unknown mode “{mode}”. Choose one of: {modes}.").format(mode=clip(kind[5:]), modes=", ".join(Mode))
    if kind == "project":
        return t("Project not found. See /projects for the names I know.")
    if kind == "country":
        return t("Country not found. Try a name or a two-letter code such as TJ.")
    return t("Usage: /subscribe project <name> | country <name> | all [instant|daily] [in @channel]")


async def unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Remove one subscription, or all of them with /unsubscribe all."""
    t = await language_for(update, context)
    words = list(context.args or [])
    channel = None
    if len(words) >= 2 and words[-2].lower() == "in" and words[-1].startswith("@"):
        channel, words = words[-1], words[:-2]
    if words and words[-1].lower() in set(Mode):
        words.pop()
    if not words:
        await send(update, context, escape(t("Usage: /unsubscribe project <name> | country <name> | all")))
        return
    target = await _target(update, context, t, channel)
    if target is None:
        return
    if [w.lower() for w in words] == ["all"]:
        removed = await db_write(context, remove_subscription, chat_id=target.id, topic=None)
        removed += await db_write(context, remove_subscription, chat_id=target.id, topic=Topic.ALL, key="")
    else:
        request = parse_request(words)
        if isinstance(request, str):
            await send(update, context, escape(_request_error(t, request)))
            return
        removed = await db_write(context, remove_subscription, chat_id=target.id, topic=request.topic, key=request.key)
    await _sync_digest(context, target.id)
    if removed:
        await send(update, context, escape(t.n("Removed {n} subscription.", "Removed {n} subscriptions.", removed)
                                           .format(n=removed)))
    else:
        await send(update, context, escape(t("There was no such subscription. See /subscriptions.")))


async def _sync_digest(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    if chat_id not in await db(context, chats_with_daily):
        deps(context).jobs.unschedule_digest(chat_id)


async def subscriptions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List this chat's subscriptions with a remove button each."""
    t = await language_for(update, context)
    chat = update.effective_chat
    assert chat is not None
    rows = await db(context, list_subscriptions, chat_id=chat.id)
    keyboard = None
    if rows:
        options = [(f"✖ {i}. {notices.topic_label(t, r.topic, r.key)}", f"unsub:{r.id}") for i, r in enumerate(rows, 1)]
        keyboard = render.choices_keyboard(options)
    await send(update, context, notices.subscriptions_text(t, rows, None), keyboard)


async def remove_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Remove the subscription whose button was pressed (admins only in groups)."""
    query = update.callback_query
    assert query is not None and query.data
    t = await language_for(update, context)
    chat = update.effective_chat
    user = update.effective_user
    assert chat is not None
    if chat.type in (ChatType.GROUP, ChatType.SUPERGROUP) and (user is None or not await _is_admin(context, chat.id,
                                                                                                    user.id)):
        await query.answer(t("Only the group's administrators can change its subscriptions."), show_alert=True)
        return
    sub_id = small_number(query.data.split(":", 1)[1])
    if sub_id is not None:
        await db_write(context, remove_subscription, chat_id=chat.id, subscription_id=sub_id)
        await _sync_digest(context, chat.id)
    rows = await db(context, list_subscriptions, chat_id=chat.id)
    await query.answer(t("Removed."))
    options = [(f"✖ {i}. {notices.topic_label(t, r.topic, r.key)}", f"unsub:{r.id}") for i, r in enumerate(rows, 1)]
    # A second tap on the same button leaves the same list: ``edit`` lets Telegram's "not modified" pass.
    await edit(update, notices.subscriptions_text(t, rows, None),
               render.choices_keyboard(options) if options else None)


async def digest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send this chat's digest now (in a group, for its administrators: it takes what the daily one would send)."""
    t = await language_for(update, context)
    chat = update.effective_chat
    assert chat is not None
    if not await may_change_chat(update, context):
        await send(update, context, escape(t("Only the group's administrators can ask for its digest now.")))
        return
    if not await db(context, list_subscriptions, chat_id=chat.id):
        await send(update, context, escape(t("No subscriptions yet. Example: /subscribe project CASA-1000 instant")))
        return
    if not await deps(context).jobs.digest_now(chat.id):
        await send(update, context, escape(t("Nothing new since the last digest.")))


async def digesttime(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Set the time of the daily digest (HH:MM, in the chat's time zone)."""
    t = await language_for(update, context)
    value = " ".join(context.args or []).strip()
    m = _HHMM.match(value)
    if not m:
        chat = update.effective_chat
        row = await db(context, get_chat, chat_id=chat.id) if chat else None
        await send(update, context, escape(t(
            "Usage: /digesttime HH:MM in the chat's time zone ({timezone}), for example /digesttime 07:30 or "
            "/digesttime 18:00. Change the time zone with /timezone Almaty or /timezone UTC+5."
        ).format(timezone=zone_label(row.timezone if row else "UTC"))))
        return
    target = await _target(update, context, t, None)
    if target is None:
        return
    hhmm = f"{int(m.group(1)):02d}:{m.group(2)}"
    row = await db_write(context, upsert_chat, chat_id=target.id, type=target.type, title=target.title,
                         digest_time=hhmm)
    if target.id in await db(context, chats_with_daily):
        deps(context).jobs.schedule_digest(target.id, row.digest_time, row.timezone)
    await send(update, context, escape(t("Daily digest at {time} ({timezone}).").format(
        time=hhmm, timezone=zone_label(row.timezone))))


async def timezone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Set the chat's time zone (IANA name such as Asia/Almaty)."""
    t = await language_for(update, context)
    value = " ".join(context.args or []).strip()
    zone = parse_timezone(value)  # "Asia/Almaty", "Almaty", "Душанбе", "UTC+5"
    if not zone:
        await send(update, context, escape(t("Unknown time zone “{value}”. Examples: {examples}").format(
            value=clip(value), examples=TIMEZONE_EXAMPLES)))
        return
    ZoneInfo(zone)
    target = await _target(update, context, t, None)
    if target is None:
        return
    row = await db_write(context, upsert_chat, chat_id=target.id, type=target.type, title=target.title, timezone=zone)
    if target.id in await db(context, chats_with_daily):
        deps(context).jobs.schedule_digest(target.id, row.digest_time, row.timezone)
    await send(update, context, escape(t("Time zone set to {timezone}; daily digest at {time}.").format(
        timezone=zone_label(zone), time=row.digest_time)))


def _is_bot_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    user = update.effective_user
    return user is not None and user.id in deps(context).config.admin_ids


async def status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show articles, chats, subscriptions, deliveries, the last scan and quarantined files (bot admins)."""
    t = await language_for(update, context)
    if not _is_bot_admin(update, context):
        await send(update, context, escape(t("This command is for the bot's administrators.")))
        return
    stats = await db(context, get_stats)
    chats = await db(context, count_chats)
    subs = await db(context, count_subscriptions)
    outbox = await db(context, outbox_counts)
    quarantined = list_quarantined(deps(context).engine)
    last = context.application.bot_data.get("last_scan")
    last_scan = notices.last_scan(t, *last) if last else t("not yet")
    await send(update, context, notices.status_text(t, stats, chats, subs, outbox, last_scan, quarantined))


async def reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Scan SEEDS_DIR now (bot admins)."""
    t = await language_for(update, context)
    if not _is_bot_admin(update, context):
        await send(update, context, escape(t("This command is for the bot's administrators.")))
        return
    report = await deps(context).jobs.scan_now()
    await send(update, context, escape(notices.scan_summary(t, report)))
