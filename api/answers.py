"""Answers to area-wide network questions, kept per graph version and shared by a process's requests.

`coverageGaps`, `crossAppointments` and `coBuildingNetwork` read a whole area (the whole city when no area
is given): at province scale one answer costs seconds of Neo4j time, yet the graph changes only when a load
runs. So their rows are kept, keyed on the graph version every load advances (graph/store/version.py: the
version and the stamp of the last load), the named query and its parameters, in the analysis layer's
single-flight cache (graph/analysis/cache.py). A load makes every kept answer
unreachable at once; a hit costs one small read of the version, never a stale answer.

Identical questions asked at the same moment are computed once: the first starts the query as a task of its
own (bounded by the API's request time limit, not by the asker's remaining time, and not cancelled with it),
and every asker waits for it within its own deadline. A computation that fails is not kept, and its error
(a timeout, Neo4j unavailable) is the answer of every request that waited for it: they asked the same.

`GOVGRAPH_ANSWER_CACHE` sets how many answers are kept (0 turns keeping off); a request with the HTTP header
`Cache-Control: no-cache` is always computed afresh (and refreshes the kept answer).

Under `govgraph serve --workers N` the workers share their answers through files keyed by the same graph
version (graph/analysis/shared.py, `GOVGRAPH_SHARED_ANSWERS`): an answer one worker computed is read by the
others, and a question another worker is computing is waited for (its key's lock), so each is computed once
on the machine, not once per worker. The gate below is per process: `serve` gives each worker its share.

Computing them is also gated: at most `GOVGRAPH_AREA_WIDE_CONCURRENCY` (default 2) area-wide questions run
in Neo4j at once, the others waiting their turn, first come first served, within their own deadlines; the
light questions (a node's partners, a neighbourhood, a search) never wait. Under more load than Neo4j can
serve, heavy questions then queue and each runs at full speed, instead of all of them sharing the CPUs and
every one slowing past its time limit. Measured on the ×10 city, 2 cores, clients cycling through the
network questions with every answer computed: with 32 clients, ungated 9.6 requests/s, p95 9.0 s and 11 of
244 over the 10 s limit; gated at 2, 14.4 requests/s, p95 4.6 s, none over. With 8 clients, 11.7 → 14.0
requests/s and p95 2.1 → 1.3 s. (Gating every query instead, light ones too, at 2/4/8: 13.7/11.2/10.3
requests/s with 32 clients, but light questions queued behind heavy ones: p50 with 8 clients 0.24 → 0.79 s.)
"""
from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Hashable
from typing import TYPE_CHECKING, Any

from graph.analysis.cache import AnalysisCache, Key, Stats
from graph.store import version

if TYPE_CHECKING:
    from api.context import Reader, Row

def _frozen(value: Any) -> Hashable:
    """A hashable stand-in for a query parameter (lists and dicts of plain values)."""
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    return value


def _read(flight: asyncio.Future[Any]) -> None:
    """Mark a flight's outcome as read (its askers, if any are left, get it through their shields)."""
    if not flight.cancelled():
        flight.exception()


class AnswerCache:
    """The last `size` answers of named queries, by graph version; see the module docstring."""

    def __init__(self, size: int, concurrency: int = 0) -> None:
        self.size = size
        self.gate = asyncio.Semaphore(concurrency) if concurrency > 0 else None  # None: no limit
        self.kept = AnalysisCache(max_entries=max(size, 0))
        self._tasks: set[asyncio.Task[list[Row]]] = set()  # computations under way (a task needs a reference)

    @property
    def stats(self) -> Stats:
        """hits, misses (computed, by this request or by one it waited for), shared (waited for one)."""
        return self.kept.stats

    async def rows(self, reader: Reader, fresh_reader: Reader, name: str, params: dict[str, Any],
                   refresh: bool = False) -> list[Row]:
        """The rows of `cypher/<name>.cypher` with `params`: kept, being computed, or computed now.

        `reader` is the asking request's (its deadline bounds the wait); `fresh_reader` has a full time limit
        and runs a shared computation.
        """
        if self.size <= 0:
            return await self._within(reader, self._computed(reader, name, params))
        key = (version.from_rows(await reader.query(version.READ)), name, _frozen(params))
        claim = self.kept.claim(key, refresh=refresh)
        if claim.found:
            return claim.value
        assert claim.future is not None
        if claim.owner:
            task = asyncio.create_task(self._shared(key, fresh_reader, name, params, refresh))
            self._tasks.add(task)
            task.add_done_callback(lambda done: self._settle(key, claim.future, done))
        flight = asyncio.wrap_future(claim.future)
        # Shielded, so an asker giving up does not cancel the flight for the others; and read when it ends,
        # because a shield whose asker left stops reading it (a failure would be logged as never retrieved).
        flight.add_done_callback(_read)
        return await self._within(reader, asyncio.shield(flight))

    async def _shared(self, key: Key, reader: Reader, name: str, params: dict[str, Any],
                      refresh: bool) -> list[Row]:
        """A flight's answer when the machine's workers share them (graph/analysis/shared.py): the one another
        process computed, or computed here under the key's cross-process lock and written for the others
        (as plain dicts: the driver's records do not pickle). A refresh computes without waiting for one."""
        shared = self.kept.shared
        held = None if shared is None or refresh else await shared.aacquire(key)
        try:
            if held is not None:
                found, value = await asyncio.to_thread(held.load)
                if found:
                    return value  # type: ignore[no-any-return]
            began = time.perf_counter()
            rows = await self._computed(reader, name, params)
            if shared is not None:
                plain = [dict(row.items()) if hasattr(row, "items") else row for row in rows]
                writer = held or shared.unlocked(key)
                await asyncio.to_thread(writer.store, plain, time.perf_counter() - began)
            return rows
        finally:
            if held is not None:
                held.release()

    async def _computed(self, reader: Reader, name: str, params: dict[str, Any]) -> list[Row]:
        """The query run once the gate lets it (its time limit counts the wait)."""
        if self.gate is None:
            return await reader.query(name, **params)
        async with self.gate:
            return await reader.query(name, **params)

    @staticmethod
    async def _within(reader: Reader, answer: Awaitable[list[Row]]) -> list[Row]:
        """`answer`, or the request's time-out once its deadline passes."""
        try:
            async with asyncio.timeout(max(reader.remaining(), 0)):
                return await answer
        except TimeoutError:
            raise reader._timed_out() from None

    def _settle(self, key: Key, future: Any, task: asyncio.Task[list[Row]]) -> None:
        """End the flight of `key` with the task's answer (kept) or its error (the answer of every waiter)."""
        self._tasks.discard(task)
        if task.cancelled():
            self.kept.fail(key, future, asyncio.CancelledError())
        elif task.exception() is not None:
            self.kept.fail(key, future, task.exception())  # type: ignore[arg-type]
        else:
            self.kept.settle(key, future, task.result())
