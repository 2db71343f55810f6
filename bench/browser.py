"""Headless Chromium (Debian's, never a downloaded one) and the API served on a free loopback port, for the
explorer's browser tests (tests/test_explorer.py) and its render-time benchmark (bench/explorer_speed.py)."""
from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import uvicorn

CHROMIUM_NAMES = ("chromium", "chromium-browser")
# Software WebGL (SwiftShader) so sigma.js and MapLibre draw without a GPU.
CHROMIUM_ARGS = ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist"]


def chromium_path() -> str | None:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(app: Any, timeout: float = 30.0) -> Iterator[str]:
    """Serves `app` with uvicorn in a thread on 127.0.0.1 and a free port; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, name="explorer-api", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the API did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


class RequestLog:
    """Every request a page makes; `foreign()` lists those to any host but the server's."""

    def __init__(self, base: str) -> None:
        self.origin = urlsplit(base).netloc
        self.urls: list[str] = []
        self.bodies: list[str] = []

    def attach(self, page: Any) -> None:
        page.on("request", self._record)

    def _record(self, request: Any) -> None:
        self.urls.append(request.url)
        if request.method == "POST":
            self.bodies.append(request.post_data or "")

    def foreign(self) -> list[str]:
        out = []
        for url in self.urls:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.netloc != self.origin:
                out.append(url)
        return out
