"""Alembic environment: targets ``SQLModel.metadata``; the URL is passed in (nothing here reads the bot settings).

``storage.migrate.upgrade`` passes an open connection in ``config.attributes["connection"]``; the ``alembic``
command line (``alembic.ini`` at the repository root) uses ``sqlalchemy.url`` if set, else ``DATABASE_URL``.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy.engine import Connection

import storage.chats  # noqa: F401  (chat settings, added by the bot issue)
import storage.counts  # noqa: F401  (article counts kept by triggers)
import storage.feeds  # noqa: F401  (feed polling state)
import storage.models  # noqa: F401  (registers every table on the metadata)
import storage.outbox  # noqa: F401
import storage.send_budget  # noqa: F401  (the workers' shared send budget)
import storage.subscriptions  # noqa: F401
from storage.base import metadata
from storage.engine import DEFAULT_DATABASE_URL, create_engine_for
from storage.migrate import include_name

config = context.config
target_metadata = metadata


def _url() -> str:
    """The URL for the ``alembic`` command line: ``sqlalchemy.url`` in alembic.ini, else ``DATABASE_URL``
    (the application passes its engine's connection instead: ``storage.migrate.upgrade``)."""
    return config.get_main_option("sqlalchemy.url") or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL


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
