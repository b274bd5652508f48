"""A local HTTP server for the feed tests: feeds, pages and faults on 127.0.0.1, with a log of the requests.

Each route is a ``Route`` (status, headers, body, an optional delay or a handler); the server honours
If-None-Match against a route's ETag with a 304, and records every request (path and headers) it answered.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    delay: float = 0.0  # seconds before answering (a slow server; cut short when the server shuts down)
    hook: Callable[[], None] | None = None  # called before answering (e.g. to block until released)


@dataclass
class FeedServer:
    base: str
    routes: dict[str, Route]
    requests: list[tuple[str, dict[str, str]]]
    closing: threading.Event = field(default_factory=threading.Event)  # set on shutdown: slow answers stop waiting

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)


def _handler(server_state: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            server_state.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = server_state.routes.get(self.path)
            if route is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route.hook:
                route.hook()
            if route.delay:
                server_state.closing.wait(route.delay)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            if route.etag:
                self.send_header("ETag", route.etag)
            for key, value in route.headers.items():
                self.send_header(key, value)
            self.end_headers()
            try:
                self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


@contextmanager
def feed_server(routes: dict[str, Route]) -> Iterator[FeedServer]:
    """Serve ``routes`` (mutable: tests change them between polls) on a free port of 127.0.0.1."""
    state = FeedServer(base="", routes=routes, requests=[])
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.closing.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
