"""Fixtures of the handler tests: the real Application polling the local Bot API emulator on the seeds."""

from __future__ import annotations

import pytest

from tests.support.botkit import running_bot


@pytest.fixture
async def bot(tmp_path):
    async with running_bot(tmp_path) as running:
        yield running
