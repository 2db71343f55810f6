"""Answers to area-wide network questions, kept per graph version and shared by a process's requests.

`coverageGaps`, `crossAppointments` and `coBuildingNetwork` read a whole area (the whole city when no area
is given): at province scale one answer costs seconds of Neo4j time, yet the graph changes only when a load
runs. So their rows are kept, keyed on the graph version every load advances (`analysis_graph_version`: the
version and the stamp of the last load), the named query and its parameters. A load makes every kept answer
unreachable at once; a hit costs one small read of the version, never a stale answer.

Identical questions asked at the same moment are computed once: the first starts the query as a task of its
own (bounded by the API's request time limit, not by the asker's remaining time, and not cancelled with it),
and every asker waits for it within its own deadline. A computation that fails is not kept, and its error
(a timeout, Neo4j unavailable) is the answer of every request that waited for it: they asked the same.

`GOVGRAPH_ANSWER_CACHE` sets how many answers are kept (0 turns keeping off); a request with the HTTP header
`Cache-Control: no-cache` is always computed afresh (and refreshes the kept answer).
"""
from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from api.context import Reader, Row


def _frozen(value: Any) -> Hashable:
    """A hashable stand-in for a query parameter (lists and dicts of plain values)."""
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    return value


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0  # computed, by this request or by one it waited for
    shared: int = 0  # waited for an identical question already being computed


class AnswerCache:
    """The last `size` answers of named queries, by graph version; see the module docstring."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.stats = CacheStats()
        self._answers: OrderedDict[Hashable, list[Row]] = OrderedDict()
        self._computing: dict[Hashable, asyncio.Task[list[Row]]] = {}

    async def rows(self, reader: Reader, fresh_reader: Reader, name: str, params: dict[str, Any],
                   refresh: bool = False) -> list[Row]:
        """The rows of `cypher/<name>.cypher` with `params`: kept, being computed, or computed now.

        `reader` is the asking request's (its deadline bounds the wait); `fresh_reader` has a full time limit
        and runs a shared computation.
        """
        if self.size <= 0:
            return await reader.query(name, **params)
        version = await reader.query("analysis_graph_version")
        key = (version[0]["stamp"], version[0]["version"], name, _frozen(params))
        if not refresh and key in self._answers:
            self._answers.move_to_end(key)
            self.stats.hits += 1
            return self._answers[key]
        task = self._computing.get(key)
        if task is None or refresh:
            self.stats.misses += 1
            task = asyncio.create_task(fresh_reader.query(name, **params))
            self._computing[key] = task
            task.add_done_callback(lambda done: self._keep(key, done))
        else:
            self.stats.shared += 1
        try:
            async with asyncio.timeout(max(reader.remaining(), 0)):
                return await asyncio.shield(task)
        except TimeoutError:
            raise reader._timed_out() from None

    def _keep(self, key: Hashable, task: asyncio.Task[list[Row]]) -> None:
        if self._computing.get(key) is task:
            del self._computing[key]
        if task.cancelled() or task.exception() is not None:
            return
        self._answers[key] = task.result()
        self._answers.move_to_end(key)
        while len(self._answers) > self.size:
            self._answers.popitem(last=False)
