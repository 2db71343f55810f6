"""Analysis written once as steps (graph/analysis/steps.py), run over a sync or an async driver, with no Neo4j:
both runners give the same answer, a failed step is thrown back where it was asked, and identical questions
asked at once over the async driver are computed once (graph/analysis/cache.py)."""
from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from graph.analysis.cache import AnalysisCache
from graph.analysis.steps import Steps, Work, arun, cached, read, run


class Record:
    def __init__(self, **values: Any) -> None:
        self.values = values

    def keys(self) -> list[str]:
        return list(self.values)

    def data(self) -> dict[str, Any]:
        return dict(self.values)


def answer(params: dict[str, Any]) -> list[Record]:
    if params.get("fail"):
        raise ConnectionError("Neo4j does not answer")
    return [Record(n=params["n"]), Record(n=params["n"] + 1)]


class SyncDriver:
    def __init__(self) -> None:
        self.queries = 0

    def execute_query(self, text: str, params: dict[str, Any], **_: Any) -> tuple[list[Record], None, None]:
        self.queries += 1
        return answer(params), None, None


class AsyncDriver:
    def __init__(self) -> None:
        self.queries = 0

    async def execute_query(self, text: str, params: dict[str, Any], **_: Any) -> tuple[list[Record], None, None]:
        self.queries += 1
        await asyncio.sleep(0.05)
        return answer(params), None, None


def summing(n: int) -> Steps[int]:
    first, second = yield read(("graph_version", {"n": n}), ("graph_version", {"n": 10 * n}))
    return (yield Work(lambda: sum(r["n"] for r in first + second)))


def falling_back() -> Steps[str]:
    try:
        yield read(("graph_version", {"fail": True}))
    except ConnectionError as error:
        return f"caught: {error}"
    return "not reached"


def test_both_runners_give_the_same_answer() -> None:
    assert run(summing(1), SyncDriver()) == asyncio.run(arun(summing(1), AsyncDriver())) == 1 + 2 + 10 + 11


def test_a_failed_step_is_thrown_where_it_was_asked() -> None:
    assert run(falling_back(), SyncDriver()) == asyncio.run(arun(falling_back(), AsyncDriver())) == \
        "caught: Neo4j does not answer"


def test_identical_questions_asked_at_once_are_computed_once() -> None:
    cache, driver, computed = AnalysisCache(), AsyncDriver(), []

    def question() -> Steps[tuple[int, bool]]:
        def compute() -> Steps[int]:
            computed.append(threading.get_ident())
            return (yield from summing(2))
        return (yield from cached(cache, (1, "sum"), compute))

    async def ask_together() -> list[tuple[int, bool]]:
        return list(await asyncio.gather(*(arun(question(), driver) for _ in range(5))))

    answers = asyncio.run(ask_together())
    assert sorted(answers) == [(46, False)] + [(46, True)] * 4
    assert len(computed) == 1 and driver.queries == 2
    assert (cache.stats.misses, cache.stats.shared) == (1, 4)
    assert run(question(), SyncDriver()) == (46, True) and cache.stats.hits == 1


def test_a_failed_computation_is_the_answer_of_every_waiter_and_is_not_kept() -> None:
    cache = AnalysisCache()

    def question(fail: bool) -> Steps[tuple[int, bool]]:
        def compute() -> Steps[int]:
            yield read(("graph_version", {"fail": fail, "n": 1}))
            return 1
        return (yield from cached(cache, (1, "q"), compute))

    async def ask_together() -> list[Any]:
        return list(await asyncio.gather(*(arun(question(True), AsyncDriver()) for _ in range(3)),
                                         return_exceptions=True))

    assert all(isinstance(error, ConnectionError) for error in asyncio.run(ask_together()))
    assert run(question(False), SyncDriver()) == (1, False)  # nothing kept: computed afresh


def test_a_step_error_the_steps_do_not_catch_reaches_the_caller() -> None:
    def uncaught() -> Steps[None]:
        yield read(("graph_version", {"fail": True}))

    with pytest.raises(ConnectionError, match="does not answer"):
        run(uncaught(), SyncDriver())
    with pytest.raises(ConnectionError, match="does not answer"):
        asyncio.run(arun(uncaught(), AsyncDriver()))
