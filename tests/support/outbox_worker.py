"""A delivery worker process for tests: ``python -m tests.support.outbox_worker``.

Configured like the bot, from the environment (``DATABASE_URL``, ``TELEGRAM_BOT_TOKEN``,
``TELEGRAM_API_BASE_URL``). It builds the bot the way the application does (``build_application``: the same
connection pool; no rate limiter, the emulator does not need one), prints ``ready``, waits for one line on
stdin so that several workers start at the same moment, drains the outbox with the bot's own sender
(``bot.delivery.drain``: paced by the shared send budget, ``DELIVERY_RATE`` and ``DELIVERY_IN_FLIGHT``) until
nothing is due, and prints its worker id and outcome counts as one JSON line.
"""

from __future__ import annotations

import asyncio
import json
import sys

from bot.app import build_application
from bot.delivery import DeliveryOptions, drain, worker_id
from bot.settings import Settings
from storage.engine import create_engine_for, read_session
from storage.outbox import outbox_counts


async def main() -> None:
    settings = Settings()
    engine = create_engine_for(settings.database_url)
    app = build_application(settings, engine, rate_limiter=False, set_menus=False)
    try:
        await app.bot.initialize()
        with read_session(engine) as session:  # connected: the first claims of all workers really coincide
            outbox_counts(session=session)
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.readline)
        options = DeliveryOptions(backoff_seconds=0.05, rate=settings.delivery_rate,
                                  in_flight=settings.delivery_in_flight)
        counts = await drain(app.bot, engine, options)
        print(json.dumps({"worker": worker_id(), "counts": counts}), flush=True)
    finally:
        await app.bot.shutdown()
        engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
