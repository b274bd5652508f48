"""Run the emulator standalone: ``python -m emulator --port 8081`` (logs every call)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal

from emulator.emulator import BotApiEmulator


def _parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081, help="0 = pick a free port")
    parser.add_argument("--token", default="123456:TEST")
    parser.add_argument("--bot-username", default="EnergyBridgeBot")
    parser.add_argument("--enforce-limits", action="store_true", help="return 429 like Telegram")
    parser.add_argument("--quiet", action="store_true", help="do not log every call")
    return parser.parse_args(argv)


async def _serve(args: argparse.Namespace) -> None:
    emu = BotApiEmulator(
        token=args.token, bot_username=args.bot_username,
        enforce_limits=args.enforce_limits, host=args.host, port=args.port,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    async with emu:
        logging.getLogger("emulator").info(
            "Bot API emulator on %s  (PTB: base_url=%s base_file_url=%s token=%s)",
            emu.base_url, emu.bot_base_url, emu.file_base_url, emu.token,
        )
        await stop.wait()


def main(argv: list[str] | None = None) -> None:
    args = _parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if args.quiet:
        logging.getLogger("emulator.calls").setLevel(logging.WARNING)
    asyncio.run(_serve(args))


if __name__ == "__main__":
    main()
