"""Scheduled jobs (APScheduler through PTB's JobQueue): poll feeds, scan SEEDS_DIR, send the outbox, daily digests."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session
from telegram.ext import Application, ContextTypes

from bot.delivery import DeliveryOptions, drain, release_dead_claims
from bot.settings import Settings
from feeds.config import SourcesError, load_sources
from feeds.poller import PollReport, due_sources, poll_sources
from ingest.model import ParsedArticle
from scan import IngestReport, run_ingest
from storage.base import utcnow
from storage.chats import delivery_language, lock_chat
from storage.digests import digest_entries, queue_alerts, queue_digest
from storage.engine import read_session, write_session
from storage.subscriptions import digest_schedules
from storage.weekly import queue_weekly, weekly_groups
from storage.writes import Outcome, StoreResult
from ui.i18n import tr
from ui.notices import digest_text
from ui.render import split_message
from ui.weekly import weekly_digest_text

logger = logging.getLogger(__name__)
# How often each worker re-reads the digest schedules: a subscription or /digesttime handled by another worker
# (several workers behind one webhook) reaches this worker's JobQueue within this delay. A job that fires with a
# stale time checks the database first and moves itself instead of sending.
SCHEDULE_SYNC_SECONDS = 60.0


def alerts_hook(session: Session, stored: StoreResult, parsed: ParsedArticle) -> None:
    """Queue instant alerts for a newly stored article, inside the article's own transaction."""
    if stored.outcome in (Outcome.NEW, Outcome.NEAR_DUPLICATE) and stored.article_id is not None:
        queue_alerts(session=session, article_id=stored.article_id, story_id=stored.story_id,
                     projects=parsed.projects, countries=parsed.countries)


def _deps(app: Application):  # type: ignore[no-untyped-def]
    return app.bot_data["deps"]


def _settings(app: Application) -> Settings:
    return app.bot_data["settings"]


def delivery_options(app: Application) -> DeliveryOptions:
    s = _settings(app)
    return DeliveryOptions(default_language=s.default_language, max_attempts=s.delivery_max_attempts,
                           backoff_seconds=s.delivery_backoff_seconds, rate=s.delivery_rate,
                           in_flight=s.delivery_in_flight)


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
            run_ingest, engine=deps.engine, directory=_settings(app).seeds_dir,
            settle_seconds=_settings(app).seeds_settle_seconds, on_stored=alerts_hook,
            limits=_settings(app).file_limits(),
        )
    app.bot_data["last_scan"] = (datetime.now().astimezone(), report)  # /status shows it in the reader's language
    await send_pending(app)
    return report


async def _scan_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    if not _settings(context.application).seeds_dir.is_dir():
        logger.warning("SEEDS_DIR %s does not exist", _settings(context.application).seeds_dir)
        return
    await scan_now(context.application)


async def _send_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await send_pending(context.application)


async def poll_feeds_now(app: Application, *, force: bool = False) -> PollReport | None:
    """Poll the due feeds of SOURCES_FILE once (one round at a time); their new items become seed files, which
    the scan job ingests. None when no feed is due (or the file cannot be read: logged)."""
    settings = _settings(app)
    try:
        sources = await asyncio.to_thread(load_sources, settings.sources_file)
    except SourcesError as exc:
        logger.warning("feeds not polled: %s", exc)
        return None
    if not force:
        sources = await asyncio.to_thread(due_sources, _deps(app).engine, sources)
    if not sources:
        return None
    lock: asyncio.Lock = app.bot_data.setdefault("feeds_lock", asyncio.Lock())
    async with lock:
        report = await poll_sources(_deps(app).engine, sources, settings.poll_options(), force=force)
    if any(f.status != "not_due" for f in report.feeds):
        logger.info("feeds: %s", report.summary_line())
    return report


async def _feeds_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await poll_feeds_now(context.application)


def _build_digest(engine: Engine, chat_id: int, default_language: str) -> tuple[int, datetime]:
    """Queue the chat's digest of what is new since its previous one; return (parts queued, end of the window).

    One transaction holding the chat's lock: when the digest jobs of several workers fire together, the first
    queues the digest and moves the chat's mark, and the others find nothing new (no digest twice).
    """
    with write_session(engine) as session:
        chat = lock_chat(session=session, chat_id=chat_id)
        until = utcnow()
        entries = digest_entries(session=session, chat_id=chat_id, until=until)
        parts: list[str] = []
        if entries:
            t = tr(delivery_language(chat, default_language))
            today = datetime.now(ZoneInfo(chat.timezone if chat else "UTC")).date()
            parts = split_message(digest_text(t, entries, today))
        queued = queue_digest(session=session, chat_id=chat_id, until=until, parts=parts)
    return queued, until


def _build_weekly(engine: Engine, chat_id: int, default_language: str, *, scheduled: bool) -> int:
    """Queue the chat's weekly digest (its weekly subscriptions, the last seven days); return parts queued.

    The scheduled job queues it only on the chat's digest weekday, once per chat-local ISO week (the dedupe key:
    the jobs of several workers, or a job run twice, queue it once); /digest queues it whenever asked.
    """
    with write_session(engine) as session:
        chat = lock_chat(session=session, chat_id=chat_id)
        if chat is None:
            return 0
        local = datetime.now(ZoneInfo(chat.timezone))
        if scheduled and local.weekday() != (chat.digest_weekday or 0):
            return 0
        until = utcnow()
        groups = weekly_groups(session=session, chat_id=chat_id, until=until)
        if not groups:
            return 0
        t = tr(delivery_language(chat, default_language))
        parts = split_message(weekly_digest_text(t, groups, local.date()))
        year, week, _ = local.isocalendar()
        return queue_weekly(session=session, chat_id=chat_id, week=f"{year}-W{week:02d}" if scheduled else
                            until.isoformat(), parts=parts)


async def digest_now(app: Application, chat_id: int, *, scheduled: bool = False) -> int:
    """Queue this chat's digest of what is new since the previous one, and its weekly digest (``scheduled``: on
    its weekday only), and send them; return parts queued."""
    deps = _deps(app)
    queued, _ = await asyncio.to_thread(_build_digest, deps.engine, chat_id, _settings(app).default_language)
    queued += await asyncio.to_thread(_build_weekly, deps.engine, chat_id, _settings(app).default_language,
                                      scheduled=scheduled)
    if queued:
        await send_pending(app)
    return queued


def _load_schedules(engine: Engine, chat_id: int | None = None) -> dict[int, tuple[str, str]]:
    with read_session(engine) as session:
        return digest_schedules(session=session, chat_id=chat_id)


async def _digest_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    assert context.job is not None
    app = context.application
    chat_id, digest_time, timezone = context.job.data  # type: ignore[misc]
    wanted = (await asyncio.to_thread(_load_schedules, _deps(app).engine, chat_id)).get(chat_id)
    if wanted != (digest_time, timezone):  # changed through another worker since this job was scheduled
        if wanted is None:
            unschedule_digest(app, chat_id)
        else:
            schedule_digest(app, chat_id, *wanted)
        return
    await digest_now(app, chat_id, scheduled=True)


def schedule_digest(app: Application, chat_id: int, digest_time: str, timezone: str) -> None:
    """(Re)schedule the chat's daily digest at ``digest_time`` (HH:MM) in ``timezone``."""
    assert app.job_queue is not None
    name = f"digest:{chat_id}"
    for job in app.job_queue.get_jobs_by_name(name):
        job.schedule_removal()
    hour, minute = (int(x) for x in digest_time.split(":"))
    app.job_queue.run_daily(_digest_job, time=time(hour, minute, tzinfo=ZoneInfo(timezone)), name=name,
                            data=(chat_id, digest_time, timezone), chat_id=chat_id)


def unschedule_digest(app: Application, chat_id: int) -> None:
    assert app.job_queue is not None
    for job in app.job_queue.get_jobs_by_name(f"digest:{chat_id}"):
        job.schedule_removal()


async def sync_digest_schedules(app: Application) -> None:
    """Make this worker's digest jobs match the database, including changes made through other workers."""
    assert app.job_queue is not None
    # Jobs as they were before reading: one that a handler of this worker adds meanwhile is left alone.
    current = {job.data[0]: tuple(job.data[1:]) for job in app.job_queue.jobs()  # type: ignore[index]
               if job.name and job.name.startswith("digest:") and not job.removed}
    wanted = await asyncio.to_thread(_load_schedules, _deps(app).engine)
    for chat_id, schedule in wanted.items():
        if current.get(chat_id) != schedule:
            schedule_digest(app, chat_id, *schedule)
    for chat_id in current.keys() - wanted.keys():
        unschedule_digest(app, chat_id)


async def _schedules_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await sync_digest_schedules(context.application)


async def start_jobs(app: Application) -> None:
    """Start-up: rebuild digest schedules from the database (and keep them in step), start scanning and sending."""
    deps = _deps(app)
    assert app.job_queue is not None
    released = await asyncio.to_thread(release_dead_claims, deps.engine)
    if released:
        logger.warning("requeued %d messages left in flight by a worker that died", released)
    await sync_digest_schedules(app)
    app.job_queue.run_repeating(_schedules_job, interval=SCHEDULE_SYNC_SECONDS, first=SCHEDULE_SYNC_SECONDS,
                                name="schedules")
    interval = _settings(app).seeds_poll_seconds
    app.job_queue.run_repeating(_scan_job, interval=interval, first=interval, name="scan")
    # The feed job looks for due feeds (each has its own interval, FEEDS_POLL_MINUTES by default) as often as the
    # scan job looks at SEEDS_DIR: a feed added with `energybridge sources add` is polled within that delay.
    app.job_queue.run_repeating(_feeds_job, interval=interval, first=min(interval, 1.0), name="feeds")
    app.job_queue.run_repeating(_send_job, interval=_settings(app).delivery_poll_seconds, first=0.1, name="send")


class AppJobs:
    """The application's jobs as handlers see them (``handlers.common.Jobs``): handlers never import ``bot``."""

    def __init__(self, app: Application) -> None:
        self._app = app

    async def scan_now(self) -> IngestReport:
        return await scan_now(self._app)

    async def digest_now(self, chat_id: int) -> int:
        return await digest_now(self._app, chat_id)

    def schedule_digest(self, chat_id: int, digest_time: str, timezone: str) -> None:
        schedule_digest(self._app, chat_id, digest_time, timezone)

    def unschedule_digest(self, chat_id: int) -> None:
        unschedule_digest(self._app, chat_id)
