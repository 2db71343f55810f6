"""An in-memory cache of analysis results, keyed on the graph version.

Keys start with the graph version (graph.analysis.Version: the time of the
last load and the number every load advances), then projection, area, date,
question and options: a repeated question on an unchanged graph is answered
from memory; after a load the version differs, so nothing stale can be
returned, and entries of older versions are dropped as soon as a newer
version is seen.

Thread-safe, and single-flight: when several API requests ask the same new
question at once, one computes and the others wait for its answer instead of
computing it again (NetworkX work runs in worker threads).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

Key = tuple[Hashable, ...]  # (graph version: ordered, only grows, projection, area, as_of, question, options …)


@dataclass
class Stats:
    hits: int = 0
    misses: int = 0


class AnalysisCache:
    def __init__(self, max_entries: int = 256) -> None:
        self.max_entries = max_entries
        self.stats = Stats()
        self._entries: OrderedDict[Key, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Key, threading.Lock] = {}
        self._version: Any = None

    def __len__(self) -> int:
        return len(self._entries)

    def _see_version(self, version: Any) -> bool:
        """Forget answers about older graphs; False if `version` is itself older (called with the lock held)."""
        if self._version is not None and version < self._version:
            return False
        if version != self._version:
            for key in [k for k in self._entries if k[0] != version]:
                del self._entries[key]
            self._version = version
        return True

    def _store(self, key: Key, value: Any) -> None:
        """Keep an answer, unless a newer graph has been seen meanwhile (called with the lock held)."""
        if self._see_version(key[0]):
            self._entries[key] = value
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def peek(self, key: Key) -> tuple[bool, Any]:
        """(True, value) if the answer is in memory, without computing (counts a hit)."""
        with self._lock:
            self._see_version(key[0])
            if key in self._entries:
                self._entries.move_to_end(key)
                self.stats.hits += 1
                return True, self._entries[key]
            return False, None

    def get_or_compute(self, key: Key, compute: Callable[[], Any]) -> tuple[Any, bool]:
        """The answer for `key` and whether it came from memory; `compute()` runs at most once per key at a time."""
        found, value = self.peek(key)
        if found:
            return value, True
        with self._lock:
            flight = self._computing.setdefault(key, threading.Lock())
        with flight:
            with self._lock:  # another thread may have answered while we waited
                if key in self._entries:
                    self.stats.hits += 1
                    return self._entries[key], True
            try:
                value = compute()
                with self._lock:
                    self.stats.misses += 1
                    self._store(key, value)
            finally:
                with self._lock:
                    self._computing.pop(key, None)
        return value, False

    def put(self, key: Key, value: Any) -> None:
        with self._lock:
            self._store(key, value)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
