"""The sender: drains the outbox through the bot, paced under Telegram's limits (``bot.pacer``).

Rows are claimed continuously, as places among the ``in_flight`` free up, each with its send instant; each is
sent at its instant and marked sent with its Telegram message id right after Telegram accepts it, so a crash
repeats at most the messages in flight. Failures: RetryAfter → the whole bot pauses as told (every worker),
the row is retried after it; network errors and 5xx → exponential backoff, then ``failed``; blocked/kicked/chat
not found → the chat is paused (subscriptions kept); ChatMigrated → re-key the chat and resend; "message is too
long" → re-split.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from bot.pacer import PACED, PacedRateLimiter, Pacer
from storage.chats import delivery_language, get_chat, migrate_chat, set_paused
from storage.engine import read_session, write_session
from storage.outbox import (
    ChatGaps,
    OutboxRow,
    claim_holders,
    fail_pending_for_chat,
    has_due,
    mark_failed,
    mark_sent,
    rekey_chat,
    release_claims,
    replace_with_parts,
    reschedule,
)
from storage.queries import get_article
from storage.timeline import lead_events
from ui.i18n import tr
from ui.notices import alert_text
from ui.render import MAX_MESSAGE, split_message, visible_len

logger = logging.getLogger(__name__)
# How long a drain with nothing to send waits for a chat's gap to pass before claiming again.
GAP_POLL_SECONDS = 0.1


def worker_id() -> str:
    """This process as a holder of outbox claims."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive(worker: str) -> bool:
    """Whether the worker ``host:pid`` still runs; other hosts' workers are trusted until their lease ends."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def release_dead_claims(engine: Engine) -> int:
    """Start-up: requeue rows that a crashed worker on this host had claimed but not marked sent."""
    with write_session(engine) as session:
        dead = [w for w in claim_holders(session=session) if w != worker_id() and not _alive(w)]
        return release_claims(session=session, workers=dead)


@dataclass(frozen=True)
class DeliveryOptions:
    default_language: str = "en"
    max_attempts: int = 6  # network errors / 5xx before giving up: 2+4+8+16+32 s of backoff ≈ one minute
    backoff_seconds: float = 2.0
    lease_seconds: float = 120.0  # a claimed row returns to the pool when its worker died this long ago
    # Messages a second, all workers together (Telegram: 30 in any second). At 29 the fan-out benchmark measured
    # 0.96-0.97 of 30/s with no 429 against a strict emulator; the rest is room for replies and jitter.
    rate: float = 29.0
    in_flight: int = 4  # claimed, unfinished rows per worker: at most these are sent twice after a crash
    # Least time between two messages to one chat: Telegram's 1 a second to a private chat and 20 a minute to a
    # group or channel (evenly: 3 s), plus 50 ms for the clocks of the claim and of Telegram's acceptance.
    private_gap: float = 1.05
    group_gap: float = 3.05


def _gone(error: Exception) -> bool:
    text = str(error).lower()
    return isinstance(error, Forbidden) or "chat not found" in text or "bot was kicked" in text


def _render(engine: Engine, row: OutboxRow, options: DeliveryOptions) -> str | None:
    if row.text is not None:
        return row.text
    if row.article_id is None:
        return None
    with read_session(engine) as session:
        detail = get_article(session=session, article_id=row.article_id)
        chat = get_chat(session=session, chat_id=row.chat_id)
        event = lead_events(session=session, article_ids=[row.article_id]).get(row.article_id)
    if detail is None:
        return None
    t = tr(delivery_language(chat, options.default_language))
    return alert_text(t, detail, row.topic, row.topic_key, event)


def _write(engine: Engine, fn, /, **kwargs):  # type: ignore[no-untyped-def]
    with write_session(engine) as session:
        return fn(session=session, **kwargs)


async def deliver_one(bot: Bot, engine: Engine, row: OutboxRow, options: DeliveryOptions, *,
                      pacer: Pacer | None = None, slot: float = 0.0) -> str:
    """Send one outbox row (at ``slot``, through ``pacer``); return what happened (sent, retry, failed, paused,
    migrated, split)."""
    text = await asyncio.to_thread(_render, engine, row, options)
    if not text:
        await asyncio.to_thread(_write, engine, mark_failed, item_id=row.id, error="article no longer exists")
        return "failed"
    # The pacer's requests bypass the bot's PacedRateLimiter; a bot without a rate limiter takes no such argument.
    bypass = {"rate_limit_args": PACED} if isinstance(getattr(bot, "rate_limiter", None), PacedRateLimiter) else {}
    if pacer is not None:
        await pacer.turn(row.id, slot)
    try:
        message = await bot.send_message(chat_id=row.chat_id, text=text, parse_mode=ParseMode.HTML,
                                         disable_web_page_preview=True, **bypass)
    except RetryAfter as exc:
        delay = exc.retry_after if isinstance(exc.retry_after, int | float) else exc.retry_after.total_seconds()
        logger.warning("Telegram asked to wait %s s (429): every worker pauses", delay)
        if pacer is not None:
            await pacer.pause(float(delay))
        await asyncio.to_thread(_write, engine, reschedule, item_id=row.id, delay_seconds=float(delay),
                                error=str(exc), count_attempt=False)
        return "retry"
    except ChatMigrated as exc:
        new_id = exc.new_chat_id
        await asyncio.to_thread(_write, engine, migrate_chat, old_id=row.chat_id, new_id=new_id)
        await asyncio.to_thread(_write, engine, rekey_chat, old_id=row.chat_id, new_id=new_id)
        return "migrated"
    except Forbidden as exc:
        await _pause(engine, row.chat_id, str(exc))
        return "paused"
    except BadRequest as exc:
        if _gone(exc):
            await _pause(engine, row.chat_id, str(exc))
            return "paused"
        if "too long" in str(exc).lower():
            # Telegram measured it differently from us: halve until it fits (a few rounds at most).
            parts = split_message(text, limit=max(200, min(MAX_MESSAGE, visible_len(text)) // 2))
            await asyncio.to_thread(_write, engine, replace_with_parts, item_id=row.id, parts=parts)
            return "split"
        await asyncio.to_thread(_write, engine, mark_failed, item_id=row.id, error=str(exc))
        return "failed"
    except NetworkError as exc:  # time-outs, connection errors, 5xx
        if row.attempts + 1 >= options.max_attempts:
            await asyncio.to_thread(_write, engine, mark_failed, item_id=row.id, error=f"gave up: {exc}")
            return "failed"
        delay = options.backoff_seconds * (2**row.attempts)
        await asyncio.to_thread(_write, engine, reschedule, item_id=row.id, delay_seconds=delay, error=str(exc))
        return "retry"
    await asyncio.to_thread(_write, engine, mark_sent, item_id=row.id, message_id=message.message_id)
    return "sent"


async def _pause(engine: Engine, chat_id: int, reason: str) -> None:
    logger.info("pausing deliveries to chat %s: %s", chat_id, reason)
    await asyncio.to_thread(_write, engine, set_paused, chat_id=chat_id, paused=True, reason=reason)
    await asyncio.to_thread(_write, engine, fail_pending_for_chat, chat_id=chat_id, error=reason)


async def drain(bot: Bot, engine: Engine, options: DeliveryOptions, *,
                on_paused: Callable[[int], None] | None = None) -> dict[str, int]:
    """Send every due outbox row, paced (see ``bot.pacer``); return outcome counts.

    Keeps up to ``options.in_flight`` rows in hand, claiming the next as soon as one is done; returns when
    nothing is due (rows waiting only for their chat's gap are waited for, a gap at most).
    """
    pacer = Pacer(engine, rate=options.rate, gaps=ChatGaps(options.private_gap, options.group_gap),
                  lease_seconds=options.lease_seconds, worker=worker_id())
    counts: dict[str, int] = {}
    tasks: dict[asyncio.Task[str], OutboxRow] = {}
    idle_since = 0.0
    try:
        while True:
            free = options.in_flight - len(tasks)
            if free > 0:
                for row, slot in await asyncio.to_thread(pacer.claim, free):
                    tasks[asyncio.create_task(deliver_one(bot, engine, row, options, pacer=pacer, slot=slot))] = row
            if not tasks:
                # Due rows but none claimable: their chats are within their gap (claimable within group_gap) or
                # have a message in flight at another worker. Wait a gap at most; the next send job goes on.
                idle_since = idle_since or time.monotonic()
                if time.monotonic() - idle_since > options.group_gap or not await asyncio.to_thread(_due, engine):
                    return counts
                await asyncio.sleep(GAP_POLL_SECONDS)
                continue
            idle_since = 0.0
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                row = tasks.pop(task)
                await _count(engine, options, row, task, counts, on_paused)
    finally:
        for task in tasks:  # cancelled (shutdown): the claimed rows go back to the pool when their lease ends
            task.cancel()


def _due(engine: Engine) -> bool:
    with read_session(engine) as session:
        return has_due(session=session)


async def _count(engine: Engine, options: DeliveryOptions, row: OutboxRow, task: asyncio.Task[str],
                 counts: dict[str, int], on_paused: Callable[[int], None] | None) -> None:
    error = task.exception()
    if error is not None:
        logger.error("delivery of outbox row %s failed unexpectedly", row.id, exc_info=error)
        await asyncio.to_thread(_write, engine, reschedule, item_id=row.id, delay_seconds=options.backoff_seconds,
                                error=repr(error))
        result = "error"
    else:
        result = task.result()
    counts[result] = counts.get(result, 0) + 1
    if result == "paused" and on_paused is not None:
        on_paused(row.chat_id)
