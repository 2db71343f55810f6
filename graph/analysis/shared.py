"""Answers shared by the processes of one machine: a folder of files keyed by graph version.

`govgraph serve --workers N` runs N processes, each with its own in-memory `AnalysisCache`
(graph/analysis/cache.py). An area-wide answer costs seconds of Neo4j or NetworkX time at province scale, so
it should be computed once for all of them, not once per worker. `SharedAnswers` is the second level behind
an in-memory cache: an answer one process computed is written to a file, and any process that does not hold
it in memory reads it from there; while one process computes a key, the others that ask for it wait on that
key's `fcntl` lock and then read its answer (single flight across processes, as the in-memory cache gives
it within one).

Why files and not Neo4j (graph/analysis/writeback.py) or a shared server: write-back stores only the whole
city's measures on the nodes, while the answers to share are rows and results of any area, date and option;
the workers are processes of one machine, so a folder under GOVGRAPH_HOME needs no new service, no new
dependency and no extra round trip to a database that is already the bottleneck. Keys start with the graph
version (graph/store/version.py), so a load makes every file unreachable at once, exactly as it does the
in-memory entries; the folders of older versions are removed when a newer version's first answer is written.
Nothing is kept while a load is in progress (its version stamp never repeats).

Layout: `<root>/<stamp>~<number>/<sha256 of the key>.pickle` (and `.lock`), plus `computed.jsonl` in each
version's folder: one line per computed answer (key digest, process id, seconds), for operators and tests.
An analysis answer carries the projection it describes (tens of MB for a province), as in memory.
The files are pickles written by this user into a folder of mode 0700 (GOVGRAPH_HOME): whoever could write
there could as well change govgraph itself. A damaged or vanished file is a miss, never an error.

    held = SharedAnswers(folder).acquire(key)     # waits while another process computes `key`
    try:
        found, value = held.load()
        if not found:
            value = compute(); held.store(value, seconds)
    finally:
        held.release()
"""
from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import json
import os
import pickle
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

Key = tuple[Any, ...]  # graph/analysis/cache.py's: the graph version first

DIR_MODE = 0o700
POLL = 0.02  # seconds between tries of a lock held by another process (async waiters)
LOG = "computed.jsonl"


def _digest(key: Key) -> str:
    return hashlib.sha256(repr(key).encode("utf-8")).hexdigest()


def _version_dir(version: Any) -> str:
    """The folder name of a graph version: `<stamp>~<number>`, the stamp made safe for a file name."""
    stamp, number = (version[0], version[1]) if isinstance(version, tuple) and len(version) == 2 else ("", version)
    return f"{re.sub(r'[^0-9A-Za-z.+-]', '_', str(stamp))}~{int(number) if isinstance(number, int) else 0}"


def _order(name: str) -> tuple[str, int]:
    stamp, _, number = name.rpartition("~")
    return stamp, int(number) if number.isdigit() else -1


class Held:
    """One key's lock, held by this process: read the answer another process wrote, or write this one's."""

    def __init__(self, store: SharedAnswers, key: Key, fd: int) -> None:
        self.answers, self.key, self.fd = store, key, fd
        self.path = store.path_of(key)

    def load(self) -> tuple[bool, Any]:
        try:
            with open(self.path, "rb") as kept:
                return True, pickle.load(kept)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
            return False, None

    def store(self, value: Any, seconds: float = 0.0) -> None:
        """Write the answer (atomically: a reader sees all of it or none) and log that it was computed."""
        if not self.answers.keeps(self.key):
            return
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
            fd, temp = tempfile.mkstemp(prefix=".answer.", dir=folder)
            with os.fdopen(fd, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, self.path)
            line = json.dumps({"key": self.path.stem, "pid": os.getpid(), "seconds": round(seconds, 6)})
            with open(folder / LOG, "a", encoding="utf-8") as log:
                log.write(line + "\n")
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(temp)
            return  # a full disk or a vanished folder costs a recomputation, never an answer
        self.answers.prune(folder.name)

    def release(self) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        with contextlib.suppress(OSError):
            os.close(self.fd)


class SharedAnswers:
    """The answers of `root`, shared by every process that opens it (see the module docstring)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_of(self, key: Key) -> Path:
        return self.root / _version_dir(key[0]) / f"{_digest(key)}.pickle"

    @staticmethod
    def keeps(key: Key) -> bool:
        """Whether answers of this key's graph version are kept (not while a load is in progress)."""
        version = key[0]
        return not (isinstance(version, tuple) and " loading " in str(version[0]))

    def _open(self, key: Key) -> int | None:
        path = self.path_of(key)
        try:
            self.root.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
            path.parent.mkdir(exist_ok=True, mode=DIR_MODE)
            return os.open(path.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return None

    def acquire(self, key: Key) -> Held | None:
        """`key`'s lock, held (waiting while another process holds it); None when nothing is kept for it."""
        fd = self._open(key) if self.keeps(key) else None
        if fd is None:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            os.close(fd)
            return None
        return Held(self, key, fd)

    def unlocked(self, key: Key) -> Held:
        """A writer for `key` without its lock (a refresh: computed afresh, whatever another process does)."""
        return Held(self, key, -1)

    async def aacquire(self, key: Key) -> Held | None:
        """`acquire` for a coroutine: the lock is tried every POLL seconds, so no thread blocks on it.
        (Cancelled while waiting, it closes its file and holds nothing.)"""
        fd = self._open(key) if self.keeps(key) else None
        if fd is None:
            return None
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return Held(self, key, fd)
                except BlockingIOError:
                    await asyncio.sleep(POLL)
        except BaseException:
            os.close(fd)
            raise

    def prune(self, current: str) -> None:
        """Remove the folders of graph versions older than `current` (best effort)."""
        newest = _order(current)
        with contextlib.suppress(OSError):
            for folder in self.root.iterdir():
                if folder.is_dir() and folder.name != current and _order(folder.name) < newest:
                    shutil.rmtree(folder, ignore_errors=True)

    def computed(self, version: Any) -> list[dict[str, Any]]:
        """The log of answers computed for `version` (one entry per computation, by whichever process)."""
        try:
            text = (self.root / _version_dir(version) / LOG).read_text(encoding="utf-8")
        except OSError:
            return []
        return [json.loads(line) for line in text.splitlines() if line.strip()]

