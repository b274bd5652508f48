"""The Bot API emulator in a process of its own, for the fan-out figure (the sender gets a core to itself).

``python -m bench.emulator_process --token T --time-scale 4 --jitter 0.5`` starts ``BotApiEmulator(
time_scale=4, enforce_limits=True, limits=RateLimits.scaled(4, jitter_tolerance=0.5))``, prints one JSON line
``{"bot_base_url": ..., "file_base_url": ...}`` and then answers each ``stats`` line on stdin with one JSON line
(``Stats.as_dict()`` plus ``peak_fraction``); end of input stops it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from emulator import BotApiEmulator, RateLimits


async def _serve(token: str, time_scale: float, jitter: float) -> None:
    emu = BotApiEmulator(token=token, time_scale=time_scale, enforce_limits=True,
                         limits=RateLimits.scaled(time_scale, jitter_tolerance=jitter))
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
    parser.add_argument("--time-scale", type=float, required=True)
    parser.add_argument("--jitter", type=float, default=0.2, help="RateLimits.scaled's jitter_tolerance (real s)")
    args = parser.parse_args()
    asyncio.run(_serve(args.token, args.time_scale, args.jitter))


if __name__ == "__main__":
    main()
