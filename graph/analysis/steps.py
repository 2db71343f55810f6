"""Analysis written once, run over a sync driver (CLI, export, bench) or an async one (the API).

A question is answered by a generator of *steps* — it says what it needs and is sent the result:

- `Read(queries)`: rows of named queries (`cypher/<name>.cypher`, with their parameters), as dicts;
  independent queries of one step run concurrently over an async driver;
- `Work(compute)`: CPU work (building a projection, a measure, a plan), run in a worker thread over an async
  driver, so NetworkX never runs on the event loop;
- `Wait(future)`: an identical question someone else is computing (graph/analysis/cache.py).

`run` and `arun` are the only code that differs between the two drivers; everything else — what is read,
what is cached and how (`cached`), what is computed — is written once. An error raised by a step is thrown
into the generator, which sees it where it asked.

    def answering(name) -> Steps[int]:
        (rows,) = yield Read((("kind_counts", {}),))
        return (yield Work(lambda: len(rows)))

    run(answering("x"), driver)  /  await arun(answering("x"), async_driver)
"""
from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Generator, Iterable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, TypeVar

from neo4j import AsyncDriver, Driver, RoutingControl

from graph.analysis.cache import AnalysisCache, Key
from graph.store import queries
from graph.store.bulk import cyclic_gc_paused

T = TypeVar("T")
Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class Read:
    queries: tuple[tuple[str, Mapping[str, Any]], ...]  # (query name, parameters): answered by a list of Rows


@dataclass(frozen=True)
class Work:
    compute: Callable[[], Any]


@dataclass(frozen=True)
class Wait:
    future: Future[Any]


Step = Read | Work | Wait
Steps = Generator[Step, Any, T]


def read(*named: tuple[str, Mapping[str, Any]]) -> Read:
    return Read(tuple(named))


def unpack(records: Iterable[Any]) -> Rows:
    """Rows of a packed query (`columns`, `rows`), or of a plain one (a record per row).

    Projection queries return their rows packed in one list: the Python driver spends ~45 µs on every
    record it decodes, so a record per row made pulling the demo city's organisations take 0.6 s, not 0.08 s."""
    rows: Rows = []
    for record in records:
        if "rows" in record.keys() and "columns" in record.keys():
            columns = record["columns"]
            rows += [dict(zip(columns, row)) for row in record["rows"]]
        else:
            rows.append(record.data())
    return rows


def cached(cache: AnalysisCache, key: Key, compute: Callable[[], Steps[T]]) -> Steps[tuple[T, bool]]:
    """The answer for `key` from `cache` and whether it came from memory (or another asker's computation);
    `compute()`'s steps run at most once per key at a time — once across processes too when the cache is
    `shared` (graph/analysis/shared.py: the key's lock is taken, and the answer read or written, in Work steps,
    never on an event loop)."""
    claim = cache.claim(key)
    if claim.found:
        return claim.value, True
    assert claim.future is not None
    if not claim.owner:
        return (yield Wait(claim.future)), True
    held = None
    try:
        if cache.shared is not None:
            shared = cache.shared
            held = yield Work(lambda: shared.acquire(key))
        if held is not None:
            found, value = yield Work(held.load)
            if found:
                cache.settle(key, claim.future, value)
                return value, True
        began = time.perf_counter()
        value = yield from compute()
        if held is not None:
            seconds, kept = time.perf_counter() - began, held
            yield Work(lambda: kept.store(value, seconds))
    except BaseException as error:
        cache.fail(key, claim.future, error)
        raise
    finally:
        if held is not None:
            held.release()
    cache.settle(key, claim.future, value)
    return value, False


def run(steps: Steps[T], driver: Driver, database: str | None = None) -> T:
    """Answer `steps` over a sync driver, in this thread."""
    def do(step: Step) -> Any:
        if isinstance(step, Read):
            return [unpack(driver.execute_query(queries.query(name), dict(params), database_=database,
                                                routing_=RoutingControl.READ)[0]) for name, params in step.queries]
        if isinstance(step, Work):
            return step.compute()
        return step.future.result()

    reply: Any = None
    error: BaseException | None = None
    while True:
        try:
            step = steps.send(reply) if error is None else steps.throw(error)
        except StopIteration as done:
            return done.value
        reply, error = None, None
        try:
            with cyclic_gc_paused():
                reply = do(step)
        except BaseException as failed:
            error = failed


async def arun(steps: Steps[T], driver: AsyncDriver, database: str | None = None) -> T:
    """Answer `steps` over an async driver: queries awaited, work in a worker thread."""
    async def query(name: str, params: Mapping[str, Any]) -> Rows:
        records, _, _ = await driver.execute_query(queries.query(name), dict(params), database_=database,
                                                   routing_=RoutingControl.READ)
        return unpack(records)

    async def do(step: Step) -> Any:
        if isinstance(step, Read):
            return list(await asyncio.gather(*(query(name, params) for name, params in step.queries)))
        if isinstance(step, Work):
            return await asyncio.to_thread(_paused, step.compute)
        return await asyncio.shield(asyncio.wrap_future(step.future))  # a waiter leaving ends no flight

    reply: Any = None
    error: BaseException | None = None
    while True:
        try:
            step = steps.send(reply) if error is None else steps.throw(error)
        except StopIteration as done:
            return done.value
        reply, error = None, None
        try:
            with cyclic_gc_paused():
                reply = await do(step)
        except BaseException as failed:
            error = failed


def _paused(compute: Callable[[], T]) -> T:
    with cyclic_gc_paused():
        return compute()
