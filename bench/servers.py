"""The HTTP servers a benchmark talks to, each a real process on 127.0.0.1.

- govgraph's API: `govgraph serve` (uvicorn, at its default number of worker processes: the cores), ready
  when /healthz answers; `ServedApi` says how many workers answered and their peak resident memory;
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


def _status_kb(pid: int, field: str) -> int | None:
    """A `kB` field of /proc/<pid>/status (VmHWM: peak resident memory; VmRSS: now), None if unreadable."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    return found


class ServedApi:
    """A running `govgraph serve`: its base URL (/graphql, /healthz), its workers and their memory."""

    def __init__(self, base: str, process: subprocess.Popen) -> None:
        self.base, self.process = base, process

    def workers(self) -> list[int]:
        """The pids answering requests: uvicorn's worker processes, or the server itself when it runs one."""
        spawned = [pid for pid in _children(self.process.pid)
                   if b"spawn_main" in _read(Path(f"/proc/{pid}/cmdline"))]
        return spawned or [self.process.pid]

    def memory(self) -> dict:
        """Peak resident memory (VmHWM) of each worker so far, their largest and their sum, in MB."""
        workers = self.workers()
        peaks = [kb for kb in (_status_kb(pid, "VmHWM") for pid in workers) if kb is not None]
        supervisor = _status_kb(self.process.pid, "VmHWM") if workers != [self.process.pid] else None
        return {"workers": len(workers), "peak_rss_mb_per_worker": [round(kb / 1024, 1) for kb in peaks],
                "peak_rss_mb_max": round(max(peaks) / 1024, 1) if peaks else None,
                "peak_rss_mb_total": round((sum(peaks) + (supervisor or 0)) / 1024, 1) if peaks else None}


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


@contextmanager
def govgraph_api(env: dict[str, str], log_dir: Path) -> Iterator[ServedApi]:
    """Serve govgraph's API (production mode, default workers) on a free loopback port."""
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
        yield ServedApi(base, process)
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
