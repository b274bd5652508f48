"""Alembic environment: targets ``SQLModel.metadata``; the URL comes from the caller, else from settings.

``storage.migrate.upgrade`` passes an open connection in ``config.attributes["connection"]``; the ``alembic``
command line (``alembic.ini`` at the repository root) uses ``sqlalchemy.url`` if set, else ``DATABASE_URL``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

import storage.chats  # noqa: F401  (chat settings, added by the bot issue)
import storage.feeds  # noqa: F401  (feed polling state)
import storage.models  # noqa: F401  (registers every table on the metadata)
import storage.outbox  # noqa: F401
import storage.send_budget  # noqa: F401  (the workers' shared send budget)
import storage.subscriptions  # noqa: F401
from storage.base import metadata
from storage.engine import create_engine_for
from storage.migrate import include_name

config = context.config
target_metadata = metadata


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from bot.settings import Settings

    return Settings().database_url


def _configure(**kwargs: object) -> None:
    context.configure(
        target_metadata=target_metadata,
        compare_type=True,
        include_name=include_name,
        **kwargs,
    )


def run_migrations_offline() -> None:
    url = _url()
    _configure(url=url, literal_binds=True, render_as_batch=url.startswith("sqlite"))
    with context.begin_transaction():
        context.run_migrations()


def _run_with(connection: Connection) -> None:
    _configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_with(connection)
        return
    engine = create_engine_for(_url())
    try:
        with engine.connect() as conn:
            _run_with(conn)
            conn.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
