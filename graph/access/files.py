"""Private files under GOVGRAPH_HOME: written whole or not at all, readable by their owner only, one writer at a time.

Every access file (accounts, tokens, the persisted-query list, the audit trail and its head, the masking
secret) goes through here, so each is created mode 0600 in a folder of mode 0700, replaced atomically (a
temporary file in the same folder, flushed to disk, then `os.replace`), and changed under an exclusive
`fcntl` lock on a sibling `.lock` file, so concurrent writers (two `govgraph users add`, an API worker
and the CLI) never lose each other's changes.

    with locked(path):
        data = read_json(path, {"users": {}})
        data["users"]["wang"] = {...}
        write_json(path, data)
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph.errors import BadInput
from graph.store.settings import govgraph_home

FILE_MODE = 0o600
DIR_MODE = 0o700


def folder(name: str) -> Path:
    """GOVGRAPH_HOME/<name> (`access`, `audit`), created mode 0700 if missing."""
    path = govgraph_home() / name
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    return path


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for `path` (on `path.lock`) across processes and threads."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def read_json(path: Path, default: Any) -> Any:
    """The JSON document in `path`, or `default` when there is no file yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return default
    try:
        return json.loads(text)
    except ValueError:
        raise BadInput(f"{path} is not valid JSON: restore it from a backup") from None


def write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically, mode 0600 (readers see the old file or the new, never half)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)  # mkstemp creates it 0600
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


def write_json(path: Path, data: Any) -> None:
    write_bytes(path, (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8"))


def stamp(path: Path) -> tuple[int, int, int] | None:
    """What changes when a file is replaced or appended to (inode, size, mtime), for cheap re-read checks."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns
