"""Running the real `govgraph` command from tests, as a user would."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx


def govgraph(*args: str, input: str | None = None, timeout: float = 600,
             columns: int = 200) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "govgraph", *args], capture_output=True, text=True, input=input,
                          timeout=timeout, env={**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1"})


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(*args: str, port: int, env: dict[str, str] | None = None,
            within: float = 120) -> Iterator[subprocess.Popen[str]]:
    """`govgraph serve --port PORT *args`, from when its /healthz answers (within `within` seconds) until it is
    stopped as a user stops it (Ctrl-C, killed after 30 s more); the caller checks its exit status after."""
    process = _serve(*args, port=port, env=env, within=within)
    try:
        yield process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _serve(*args: str, port: int, env: dict[str, str] | None, within: float) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-m", "govgraph", "serve", *args, "--port", str(port)],
                               env={**os.environ, "NO_COLOR": "1", **(env or {})}, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + within
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        if process.poll() is not None:
            raise AssertionError(process.stdout.read() if process.stdout else "govgraph serve exited")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"govgraph serve {' '.join(args)} did not answer within {within:g} s")
        time.sleep(0.5)
