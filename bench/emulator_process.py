"""The Bot API emulator in a process of its own, for the fan-out figure (the sender gets a core to itself).

``python -m bench.emulator_process --token T`` starts ``BotApiEmulator(enforce_limits=True)``: Telegram's limits
enforced strictly in real time (30 messages in any sliding second, 1 a second per private chat, 20 a minute per
group; no burst tolerance, no time scaling). It prints one JSON line ``{"bot_base_url": ..., "file_base_url":
...}`` and then answers each ``stats`` line on stdin with one JSON line (``Stats.as_dict()`` plus
``peak_fraction``); end of input stops it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from emulator import BotApiEmulator


async def _serve(token: str) -> None:
    emu = BotApiEmulator(token=token, enforce_limits=True)
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    async with emu:
        _say({"bot_base_url": emu.bot_base_url, "file_base_url": emu.file_base_url})
        while line := (await reader.readline()).decode().strip():
            if line == "stats":
                stats = emu.stats
                _say({**stats.as_dict(), "peak_fraction": stats.peak_fraction()})


def _say(data: dict) -> None:
    sys.stdout.write(json.dumps(data) + "\n")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.emulator_process")
    parser.add_argument("--token", required=True)
    args = parser.parse_args()
    asyncio.run(_serve(args.token))


if __name__ == "__main__":
    main()
