"""Fan-out by two worker processes sharing one send budget on PostgreSQL (``python -m bench --postgres URL``).

The fan-out template's outbox rows are copied into a fresh schema of the server; two processes (``python -m
bench.fanout_workers DATABASE_URL BOT_BASE_URL FILE_BASE_URL``, each the bot's sender through
``bench.fanout.drain_until_done``) are released together against one strict emulator. Both take their send
instants from the same ``send_budget`` row, so together they must keep to 30 in any sliding second; each one's
own limiter would let 2 x 29 through.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.corpus import ROOT
from bench.fanout import drain_until_done, figures, strict_emulator
from bench.postgres import scratch_schema

WORKERS = 2


@contextmanager
def postgres_outbox(admin_url: str, template: Path) -> Iterator[str]:
    """Yield the URL of a new schema on ``admin_url``'s server holding ``template``'s queued outbox rows."""
    from sqlalchemy import insert

    from storage.base import utcnow
    from storage.engine import create_engine_for, write_session
    from storage.migrate import upgrade
    from storage.outbox import OutboxItem

    source = sqlite3.connect(template)
    try:
        rows = source.execute("SELECT chat_id, kind, dedupe_key, text FROM outbox ORDER BY id").fetchall()
    finally:
        source.close()
    with scratch_schema(admin_url) as url:
        engine = create_engine_for(url)
        try:
            upgrade(engine)
            now = utcnow()
            with write_session(engine) as session:
                session.execute(insert(OutboxItem.__table__), [  # type: ignore[attr-defined]
                    {"chat_id": chat_id, "kind": kind, "dedupe_key": key, "text": text, "status": "pending",
                     "attempts": 0, "next_attempt_at": now, "created_at": now} for chat_id, kind, key, text in rows])
        finally:
            engine.dispose()
        yield url


async def run_workers(url: str, chats: int) -> dict[str, Any]:
    """Two worker processes drain ``url``'s outbox together; the run's figures."""
    from storage.engine import create_engine_for, read_session
    from storage.outbox import outbox_counts

    async with strict_emulator() as emu:
        workers = [await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bench.fanout_workers", url, emu.bot_base_url, emu.file_base_url,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, cwd=ROOT) for _ in range(WORKERS)]
        try:
            for worker in workers:
                assert worker.stdout is not None
                line = await asyncio.wait_for(worker.stdout.readline(), 60)
                assert line.strip() == b"ready", line
            for worker in workers:  # released together
                assert worker.stdin is not None
                worker.stdin.write(b"go\n")
            outputs = [await asyncio.wait_for(worker.communicate(), 600) for worker in workers]
        finally:
            for worker in workers:
                if worker.returncode is None:
                    worker.kill()
                    await worker.wait()
        stats = await emu.stats()
    engine = create_engine_for(url)
    try:
        with read_session(engine) as session:
            failed = outbox_counts(session=session).failed
    finally:
        engine.dispose()
    outcomes = [json.loads(out.decode().strip().splitlines()[-1]) for out, _ in outputs]
    return figures(stats, chats, failed, workers=outcomes)


def main() -> None:
    url, bot_base_url, file_base_url = sys.argv[1:4]

    async def ready() -> None:  # connected; wait for the other worker
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.readline)

    outcomes, _ = asyncio.run(drain_until_done(url, bot_base_url, file_base_url, ready))
    print(json.dumps(outcomes), flush=True)


if __name__ == "__main__":
    main()
