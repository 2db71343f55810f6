"""Answers kept per graph version, each computed once however many ask for it at the same moment.

The one single-flight cache of govgraph: the analyst's answers and projections (graph/analysis/analyst.py),
facility plans (graph/analysis/planning.py) and the API's area-wide answers (api/answers.py) all keep theirs
in an `AnalysisCache`.

Keys start with the graph version (graph.store.version.Version: the time of the last load and the number
every load advances), then whatever names the question (projection, area, date, question, options …): a
repeated question on an unchanged graph is answered from memory; after a load the version differs, so
nothing stale can be returned, and entries of older versions are dropped as soon as a newer version is seen.
The least recently used entries go first once `max_entries` are kept.

Single flight: the first to ask a question not kept `claim`s it and computes; whoever asks the same while it
computes gets the same claim's future and waits for it (a `concurrent.futures.Future`, so a thread waits with
`future.result()` and a coroutine with `asyncio.wrap_future`). The computer ends the flight with `settle`
(the answer is kept and every waiter gets it) or `fail` (nothing is kept; every waiter gets the error: they
asked the same). Thread-safe.

    value, cached = cache.get_or_compute((version, "organizations", "betweenness"), compute)

Across processes (`govgraph serve --workers N`): a cache given `shared` (graph/analysis/shared.py) has a
second level on disk that its flights consult, under a cross-process lock per key, before computing, and
write their answers to: graph/analysis/steps.py's `cached` and api/answers.py do.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.analysis.shared import SharedAnswers

Key = tuple[Hashable, ...]  # (graph version: ordered, only grows, then what names the question …)


@dataclass
class Stats:
    hits: int = 0  # answered from memory
    misses: int = 0  # computed (by the asker, or by the flight it started)
    shared: int = 0  # waited for an identical question already being computed


@dataclass(frozen=True)
class Claim:
    """What asking for a key gave: the kept answer (`found`), or a flight to wait for or to compute (`owner`)."""

    found: bool
    value: Any = None
    future: Future[Any] | None = None
    owner: bool = False  # the asker computes, then calls settle or fail with this future


class AnalysisCache:
    def __init__(self, max_entries: int = 256) -> None:
        self.max_entries = max_entries
        self.stats = Stats()
        self._entries: OrderedDict[Key, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._flights: dict[Key, Future[Any]] = {}
        self._version: Any = None
        self.shared: SharedAnswers | None = None  # the answers of the machine's other processes, if shared

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
            self._entries.move_to_end(key)
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

    def claim(self, key: Key, refresh: bool = False) -> Claim:
        """The kept answer, else the flight computing it, else a new flight the asker owns.

        `refresh` skips the kept answer and any flight under way: the asker computes afresh, and its answer
        replaces the kept one."""
        with self._lock:
            self._see_version(key[0])
            if not refresh and key in self._entries:
                self._entries.move_to_end(key)
                self.stats.hits += 1
                return Claim(True, self._entries[key])
            flight = self._flights.get(key)
            if flight is not None and not refresh:
                self.stats.shared += 1
                return Claim(False, future=flight)
            future: Future[Any] = Future()
            self._flights[key] = future
            self.stats.misses += 1
            return Claim(False, future=future, owner=True)

    def settle(self, key: Key, future: Future[Any], value: Any) -> None:
        """End a flight with its answer: kept, and given to everyone waiting for it."""
        with self._lock:
            if self._flights.get(key) is future:
                del self._flights[key]
            self._store(key, value)
        future.set_result(value)

    def fail(self, key: Key, future: Future[Any], error: BaseException) -> None:
        """End a flight without an answer: nothing kept; the waiters get `error` (cancelled, if it is not an
        Exception: the computation was abandoned)."""
        with self._lock:
            if self._flights.get(key) is future:
                del self._flights[key]
        if isinstance(error, Exception):
            future.set_exception(error)
        else:
            future.cancel()

    def get_or_compute(self, key: Key, compute: Callable[[], Any]) -> tuple[Any, bool]:
        """The answer for `key` and whether it came from memory (or another thread's computation);
        `compute()` runs at most once per key at a time."""
        claim = self.claim(key)
        if claim.found:
            return claim.value, True
        assert claim.future is not None
        if not claim.owner:
            return claim.future.result(), True
        try:
            value = compute()
        except BaseException as error:
            self.fail(key, claim.future, error)
            raise
        self.settle(key, claim.future, value)
        return value, False

    def put(self, key: Key, value: Any) -> None:
        with self._lock:
            self._store(key, value)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
