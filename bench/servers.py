"""The HTTP servers a benchmark talks to, each a real process on 127.0.0.1.

- govgraph's API: `govgraph serve` (uvicorn), ready when /healthz answers;
- the peer: the Neo4j GraphQL Library under Apollo Server (`bench/peer`),
  installed with `npm ci` from the committed lock file, ready when it prints
  `ready <url>`.

Both reach the same database through NEO4J_URI and friends. Each is stopped
by its own process group when the with-block ends.
"""
from __future__ import annotations

import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from graph.errors import UserError

PEER_DIR = Path(__file__).parent / "peer"
START_TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(process: subprocess.Popen, grace: float = 15.0) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


@contextmanager
def govgraph_api(env: dict[str, str], log_dir: Path) -> Iterator[str]:
    """Serve govgraph's API (production mode) on a free loopback port; yields its base URL (/graphql, /healthz)."""
    port = free_port()
    log = log_dir / "govgraph-api.log"
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "govgraph", "serve", "--host", "127.0.0.1", "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            # The bench's own server on loopback and its own database: no accounts to log in with (its cost is
            # bench/auth_bench.py's), and no per-identity limits, since its clients stand for many users.
            env={**env, "GOVGRAPH_ENV": "production", "GOVGRAPH_NO_AUTH": "1", "GOVGRAPH_AREA_WIDE_PER_MINUTE": "0"},
            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_http(f"{base}/healthz", process, log)
        yield base
    finally:
        _stop(process)


def _wait_http(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise UserError(f"the govgraph API exited with code {process.returncode} while starting:\n{_tail(log)}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise UserError(f"the govgraph API did not answer on {url} within {START_TIMEOUT:.0f} s:\n{_tail(log)}")


def node_missing() -> str | None:
    """Why the peer cannot run here, or None when Node.js 20+ and npm are on PATH."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        return "Node.js 20+ and npm are needed for the @neo4j/graphql peer and are not on PATH"
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    major = int(version.lstrip("v").split(".")[0] or 0)
    if major < 20:
        return f"the @neo4j/graphql peer needs Node.js 20+, found {version}"
    return None


def install_peer(log_dir: Path) -> None:
    """`npm ci` in bench/peer unless node_modules already matches the lock file."""
    installed = PEER_DIR / "node_modules" / ".package-lock.json"
    lock = PEER_DIR / "package-lock.json"
    if installed.exists() and installed.stat().st_mtime >= lock.stat().st_mtime:
        return
    result = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PEER_DIR,
                            capture_output=True, text=True)
    (log_dir / "peer-npm-ci.log").write_text(result.stdout + result.stderr)
    if result.returncode != 0:
        raise UserError(f"npm ci in {PEER_DIR} failed:\n{(result.stdout + result.stderr)[-2000:]}")


@contextmanager
def graphql_peer(env: dict[str, str], log_dir: Path) -> Iterator[str]:
    """Serve the @neo4j/graphql peer on a free loopback port; yields its GraphQL URL."""
    install_peer(log_dir)
    log = log_dir / "peer.log"
    with open(log, "ab") as err:
        process = subprocess.Popen(
            ["node", "server.mjs"], cwd=PEER_DIR, stdout=subprocess.PIPE, stderr=err,
            stdin=subprocess.DEVNULL, text=True,
            env={**env, "PEER_HOST": "127.0.0.1", "PEER_PORT": str(free_port()), "NODE_ENV": "production"},
            start_new_session=True)
    try:
        url = _wait_ready_line(process, log)
        yield url
    finally:
        _stop(process)


def _wait_ready_line(process: subprocess.Popen, log: Path) -> str:
    # server.mjs prints exactly one line, `ready <url>`, once it listens (or dies with its error on stderr).
    assert process.stdout is not None
    readable, _, _ = select.select([process.stdout], [], [], START_TIMEOUT)
    line = process.stdout.readline() if readable else ""
    if not line.startswith("ready "):
        _stop(process)
        raise UserError(f"the @neo4j/graphql peer did not start within {START_TIMEOUT:.0f} s "
                        f"(exit {process.returncode}):\n{_tail(log)}")
    return line.split(" ", 1)[1].strip()
