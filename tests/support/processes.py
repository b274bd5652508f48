"""Child processes of the tests: a free port for one to listen on, a polite stop."""

from __future__ import annotations

import asyncio
import socket


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Seconds a stopped child gets to exit before it is killed (a bot finishing its last getUpdates and jobs).
STOP_SECONDS = 20


async def stop(proc: asyncio.subprocess.Process) -> None:
    """SIGTERM ``proc`` (if still running) and wait for it; SIGKILL after ``STOP_SECONDS``."""
    if proc.returncode is not None:
        return
    proc.terminate()
    try:
        await asyncio.wait_for(proc.wait(), timeout=STOP_SECONDS)
    except TimeoutError:
        proc.kill()
        await proc.wait()
