"""Scheduled jobs (APScheduler through PTB's JobQueue): scan SEEDS_DIR, send the outbox, daily digests."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session
from telegram.ext import Application, ContextTypes

from bot.delivery import DeliveryOptions, drain, release_dead_claims
from bot.i18n import tr
from bot.render import digest_text, split_message
from ingest.model import ParsedArticle
from scan import IngestReport, run_ingest
from storage.base import utcnow
from storage.chats import get_chat
from storage.digests import digest_entries, queue_alerts, queue_digest
from storage.engine import read_session, write_session
from storage.subscriptions import chats_with_daily
from storage.writes import Outcome, StoreResult

logger = logging.getLogger(__name__)


def alerts_hook(session: Session, stored: StoreResult, parsed: ParsedArticle) -> None:
    """Queue instant alerts for a newly stored article, inside the article's own transaction."""
    if stored.outcome in (Outcome.NEW, Outcome.NEAR_DUPLICATE) and stored.article_id is not None:
        queue_alerts(session=session, article_id=stored.article_id, story_id=stored.story_id,
                     projects=parsed.projects, countries=parsed.countries)


def _deps(app: Application):  # type: ignore[no-untyped-def]
    return app.bot_data["deps"]


def delivery_options(app: Application) -> DeliveryOptions:
    s = _deps(app).settings
    return DeliveryOptions(default_language=s.default_language, max_attempts=s.delivery_max_attempts,
                           backoff_seconds=s.delivery_backoff_seconds)


async def send_pending(app: Application) -> dict[str, int]:
    """Drain the outbox once (one drain at a time per process)."""
    lock: asyncio.Lock = app.bot_data.setdefault("drain_lock", asyncio.Lock())
    async with lock:
        counts = await drain(app.bot, _deps(app).engine, delivery_options(app),
                             on_paused=lambda chat_id: app.chat_data[chat_id].pop("active", None))
    if counts:
        logger.info("delivery round: %s", counts)
    return counts


async def scan_now(app: Application) -> IngestReport:
    """Ingest new files (alerts are queued with their articles), then send what is due."""
    deps = _deps(app)
    lock: asyncio.Lock = app.bot_data.setdefault("scan_lock", asyncio.Lock())
    async with lock:
        report = await asyncio.to_thread(
            run_ingest, engine=deps.engine, directory=deps.settings.seeds_dir,
            settle_seconds=deps.settings.seeds_settle_seconds, on_stored=alerts_hook,
        )
    app.bot_data["last_scan"] = (datetime.now().astimezone(), report.summary_line())
    await send_pending(app)
    return report


async def _scan_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    if not _deps(context.application).settings.seeds_dir.is_dir():
        logger.warning("SEEDS_DIR %s does not exist", _deps(context.application).settings.seeds_dir)
        return
    await scan_now(context.application)


async def _send_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await send_pending(context.application)


def _build_digest(engine: Engine, chat_id: int, default_language: str) -> tuple[int, datetime]:
    until = utcnow()
    with read_session(engine) as session:
        entries = digest_entries(session=session, chat_id=chat_id, until=until)
        chat = get_chat(session=session, chat_id=chat_id)
    parts: list[str] = []
    if entries:
        t = tr((chat.language if chat else None) or default_language)
        today = datetime.now(ZoneInfo(chat.timezone if chat else "UTC")).date()
        parts = split_message(digest_text(t, entries, today))
    with write_session(engine) as session:
        queued = queue_digest(session=session, chat_id=chat_id, until=until, parts=parts)
    return queued, until


async def digest_now(app: Application, chat_id: int) -> int:
    """Queue this chat's digest of what is new since the previous one and send it; return parts queued."""
    deps = _deps(app)
    queued, _ = await asyncio.to_thread(_build_digest, deps.engine, chat_id, deps.settings.default_language)
    if queued:
        await send_pending(app)
    return queued


async def _digest_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    assert context.job is not None
    await digest_now(context.application, int(context.job.data))  # type: ignore[arg-type]


def schedule_digest(app: Application, chat_id: int, digest_time: str, timezone: str) -> None:
    """(Re)schedule the chat's daily digest at ``digest_time`` (HH:MM) in ``timezone``."""
    assert app.job_queue is not None
    name = f"digest:{chat_id}"
    for job in app.job_queue.get_jobs_by_name(name):
        job.schedule_removal()
    hour, minute = (int(x) for x in digest_time.split(":"))
    app.job_queue.run_daily(_digest_job, time=time(hour, minute, tzinfo=ZoneInfo(timezone)), name=name,
                            data=chat_id, chat_id=chat_id)


def unschedule_digest(app: Application, chat_id: int) -> None:
    assert app.job_queue is not None
    for job in app.job_queue.get_jobs_by_name(f"digest:{chat_id}"):
        job.schedule_removal()


async def start_jobs(app: Application) -> None:
    """Start-up: rebuild digest schedules from the database, start scanning and sending."""
    deps = _deps(app)
    assert app.job_queue is not None

    def load() -> list[tuple[int, str, str]]:
        with read_session(deps.engine) as session:
            out = []
            for chat_id in chats_with_daily(session=session):
                chat = get_chat(session=session, chat_id=chat_id)
                if chat is not None:
                    out.append((chat_id, chat.digest_time, chat.timezone))
            return out

    released = await asyncio.to_thread(release_dead_claims, deps.engine)
    if released:
        logger.warning("requeued %d messages left in flight by a worker that died", released)
    for chat_id, digest_time, timezone in await asyncio.to_thread(load):
        schedule_digest(app, chat_id, digest_time, timezone)
    interval = deps.settings.seeds_poll_seconds
    app.job_queue.run_repeating(_scan_job, interval=interval, first=interval, name="scan")
    app.job_queue.run_repeating(_send_job, interval=deps.settings.delivery_poll_seconds, first=0.1, name="send")
