"""The feed tests' local news site (tests/feeds/site.py) on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.feeds import site
from tests.support.feedserver import FeedServer, feed_server


@pytest.fixture
def server() -> Iterator[FeedServer]:
    """The site served on a free port; its routes are a mutable dict the test may change between polls."""
    routes: dict = {}
    with feed_server(routes) as srv:
        routes.update(site.site(srv.base))
        yield srv
