"""All registration in one place: ``build_application(settings, engine) -> Application``."""

from __future__ import annotations

import logging

from sqlalchemy.engine import Engine
from telegram import BotCommand, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.jobs import AppJobs, start_jobs
from bot.pacer import PacedRateLimiter
from bot.settings import Settings
from handlers import analyst, articles, catalog, general, inline, sources, subscriptions, timeline, weekly
from handlers.common import Deps, HandlerConfig, db_write
from handlers.guess import plain_text
from storage.chats import migrate_chat
from ui.i18n import N_, SUPPORTED_LANGUAGES, tr

logger = logging.getLogger(__name__)

# Commands in the menu, with their descriptions (message ids of the catalogs).
MENU: tuple[tuple[str, str], ...] = (
    ("project", N_("A project: countries, figures, people, articles")),
    ("projects", N_("All projects")),
    ("country", N_("A country's projects and news")),
    ("countries", N_("All countries")),
    ("person", N_("Articles about a person")),
    ("timeline", N_("What happened, and when: a project's or country's events")),
    ("latest", N_("The newest articles")),
    ("search", N_("Full-text search")),
    ("trend", N_("A chart of articles over time")),
    ("export", N_("A project's articles as a CSV file")),
    ("article", N_("The full text of an article")),
    ("language", N_("Change the reply language")),
    ("subscribe", N_("Alerts or a daily digest for a project, a country or everything")),
    ("unsubscribe", N_("Stop a subscription")),
    ("subscriptions", N_("This chat's subscriptions")),
    ("digest", N_("This chat's digest now")),
    ("digesttime", N_("Time of the daily digest")),
    ("timezone", N_("Time zone of the daily digest")),
    ("digestday", N_("Day of the weekly digest")),
    ("help", N_("What the bot knows and how to ask")),
)
COMMAND_UPDATES = filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST


async def _post_init(app: Application) -> None:
    await _set_menus(app)
    await start_jobs(app)


async def _set_menus(app: Application) -> None:
    for language in (None, *SUPPORTED_LANGUAGES):
        t = tr(language or "en")
        commands = [BotCommand(name, t(description)) for name, description in MENU]
        await app.bot.set_my_commands(commands, language_code=language)


async def _chat_migrated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Keep a group's settings when it becomes a supergroup."""
    message = update.effective_message
    if message and message.migrate_to_chat_id:
        await db_write(context, migrate_chat, old_id=message.chat_id, new_id=message.migrate_to_chat_id)


def build_application(settings: Settings, engine: Engine, *, token: str | None = None,
                      rate_limiter: bool = True, set_menus: bool = True) -> Application:
    """Build the PTB application with every handler registered (not started)."""
    builder = ApplicationBuilder().token(token or settings.telegram_bot_token or "")
    builder = builder.base_url(settings.telegram_api_base_url)
    builder = builder.base_file_url(settings.telegram_api_base_url.replace("/bot", "/file/bot"))
    builder = builder.concurrent_updates(True)
    # The sender has up to DELIVERY_IN_FLIGHT messages out while handlers reply; PTB's default pool of one
    # connection would make them queue for it and time out.
    builder = builder.connection_pool_size(64).pool_timeout(30.0)
    if rate_limiter:
        # Replies go through AIORateLimiter; the outbox's paced messages pass straight through (bot.pacer).
        builder = builder.rate_limiter(PacedRateLimiter(max_retries=3))
    if set_menus:
        builder = builder.post_init(_post_init)
    app = builder.build()
    app.bot_data["settings"] = settings
    app.bot_data["deps"] = Deps(engine=engine, jobs=AppJobs(app),
                                config=HandlerConfig(default_language=settings.default_language,
                                                     admin_ids=settings.admin_ids,
                                                     sources_file=settings.sources_file))

    app.add_handler(TypeHandler(Update, general.flood_guard), group=-1)
    app.add_handler(TypeHandler(Update, general.resume_chat), group=-2)
    commands = {
        "start": general.start, "help": general.start, "language": general.language,
        "project": catalog.project, "projects": catalog.projects, "country": catalog.country,
        "countries": catalog.countries, "person": catalog.person,
        "timeline": timeline.timeline,
        "latest": articles.latest, "search": articles.search, "article": articles.article,
        "trend": analyst.trend, "export": analyst.export,
        "subscribe": subscriptions.subscribe, "unsubscribe": subscriptions.unsubscribe,
        "subscriptions": subscriptions.subscriptions, "digest": subscriptions.digest,
        "digesttime": subscriptions.digesttime, "timezone": subscriptions.timezone,
        "digestday": weekly.digestday,
        "status": subscriptions.status, "reload": subscriptions.reload,
        "sources": sources.sources,
    }
    for name, callback in commands.items():
        app.add_handler(CommandHandler(name, callback, filters=COMMAND_UPDATES))
    app.add_handler(MessageHandler(filters.Regex(r"^/article_\d+(@\w+)?$") & COMMAND_UPDATES, articles.article))
    app.add_handler(CallbackQueryHandler(catalog.page_button, pattern=r"^pg:(prj|cty|per):"))
    app.add_handler(CallbackQueryHandler(articles.list_button, pattern=r"^pg:(lat|src):"))
    app.add_handler(CallbackQueryHandler(catalog.pick_project, pattern=r"^pick:prj:"))
    app.add_handler(CallbackQueryHandler(timeline.timeline_button, pattern=r"^tl:[pc]:"))
    app.add_handler(CallbackQueryHandler(general.language_button, pattern=r"^lang:"))
    app.add_handler(CallbackQueryHandler(subscriptions.remove_button, pattern=r"^unsub:"))
    app.add_handler(CallbackQueryHandler(general.stale_button))  # any other button data: answered, not left spinning
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, _chat_migrated))
    app.add_handler(InlineQueryHandler(inline.inline_query))
    known = "|".join(commands)
    unknown_command = filters.COMMAND & ~filters.Regex(rf"^/(?:{known}|article_\d+)(?:@\w+)?(?:\s|$)")
    app.add_handler(MessageHandler(unknown_command & COMMAND_UPDATES, general.unknown))
    # Text without a command: private chats, and groups only when the bot is @mentioned (guess.addressed_text).
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE, plain_text))
    app.add_error_handler(general.on_error)
    return app
