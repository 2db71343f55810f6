"""Area-wide answers kept per graph version (api/answers.py), on the small hand-built city.

coverageGaps, crossAppointments and coBuildingNetwork read a whole area; the API keeps their answers until
the next load advances the graph version, computes identical questions asked at once only once, and
computes afresh for a client sending `Cache-Control: no-cache`.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import gc
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI

from api.answers import AnswerCache
from api.app import create_app
from api.config import ApiSettings
from api.context import Reader
from api.errors import RequestTimeout
from graph.store import db, version
from graph.store.version import bump_graph_version
from tests.test_api_support import GraphQLClient, api_client, load_small_city

CROSS = """query($asOf: Date) { crossAppointments(asOf: $asOf) { totalCount
  edges { node { person { id } organizationCount } } } }"""
AS_OF = {"asOf": "2024-06-01"}
NEW_POST = """MATCH (x:Person {id: 'X3'}), (o:Organization {id: 'P5'})
CREATE (x)-[:SERVES_IN {role: '委员', start_date: date('2024-01-01')}]->(o)"""


@pytest.fixture
def city(graph: Any, neo4j_conn: Any) -> None:
    load_small_city(graph, neo4j_conn.database)
    bump_graph_version(graph, neo4j_conn.database)  # as every load does


@pytest.fixture
def app(neo4j_conn: Any, city: None) -> FastAPI:
    """A fresh app, so its kept answers and their counts start at nothing."""
    return create_app(neo4j_conn, ApiSettings(production=False, request_timeout=30))


@pytest.fixture
def kept(app: FastAPI) -> Iterator[GraphQLClient]:
    with api_client(app) as client:
        yield client


def counts(app: FastAPI) -> tuple[int, int, int]:
    """(hits, computed, waited for an identical question being computed)"""
    stats = app.state.answers.stats
    return stats.hits, stats.misses, stats.shared


def people(client: GraphQLClient, headers: dict[str, str] | None = None) -> dict[str, int]:
    response = client.post("/graphql", json={"query": CROSS, "variables": AS_OF}, headers=headers or {})
    edges = response.json()["data"]["crossAppointments"]["edges"]
    return {e["node"]["person"]["id"]: e["node"]["organizationCount"] for e in edges}


def test_an_area_wide_answer_is_kept_until_the_next_load(app: FastAPI, kept: GraphQLClient, graph: Any,
                                                         neo4j_conn: Any) -> None:
    first = people(kept)
    assert first == {"X1": 3, "X4": 2, "X2": 2}
    assert counts(app) == (0, 1, 0)
    assert people(kept) == first
    assert counts(app) == (1, 1, 0)
    # a hit costs one read of the graph version, not the question's query
    assert kept.round_trips(CROSS, AS_OF) == 1

    graph.execute_query(NEW_POST, database_=neo4j_conn.database)  # a write that is not a load ...
    assert people(kept) == first  # ... is not seen by a kept answer,
    assert people(kept, {"Cache-Control": "no-cache"})["X3"] == 2  # except by a client asking afresh,
    bump_graph_version(graph, neo4j_conn.database)  # and by everyone once a load advances the version
    assert people(kept) == {"X1": 3, "X4": 2, "X2": 2, "X3": 2}


def test_identical_questions_asked_at_once_are_computed_once(app: FastAPI, kept: GraphQLClient) -> None:
    async def ask_together() -> list[Any]:
        posts = [kept.client.post("/graphql", json={"query": CROSS, "variables": AS_OF}) for _ in range(6)]
        return [r.json() for r in await asyncio.gather(*posts)]

    answers = kept.portal.call(ask_together)
    assert all(a == answers[0] for a in answers) and not answers[0].get("errors")
    hits, misses, shared = counts(app)
    assert misses == 1 and hits + shared == 5


def test_different_questions_are_kept_apart(app: FastAPI, kept: GraphQLClient) -> None:
    assert people(kept) == {"X1": 3, "X4": 2, "X2": 2}
    earlier = kept.data(CROSS, {"asOf": "2019-06-01"})["crossAppointments"]
    assert {e["node"]["person"]["id"] for e in earlier["edges"]} == {"X1", "X3"}
    assert counts(app) == (0, 2, 0)


def test_keeping_can_be_turned_off(neo4j_conn: Any, city: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVGRAPH_ANSWER_CACHE", "0")
    app = create_app(neo4j_conn)
    with api_client(app) as client:
        assert people(client) == people(client)
        assert counts(app) == (0, 0, 0)
        assert client.round_trips(CROSS, AS_OF) == 1  # the question itself, every time


@pytest.mark.parametrize("name", ["GOVGRAPH_ANSWER_CACHE", "GOVGRAPH_AREA_WIDE_CONCURRENCY"])
@pytest.mark.parametrize("value", ["lots", "-1"])
def test_a_bad_setting_is_named(name: str, value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=name):
        ApiSettings.from_env()


def test_area_wide_questions_wait_their_turn_within_their_deadline(neo4j_conn: Any, city: None) -> None:
    """With one area-wide question computed at a time, the next waits while the gate is taken, and its wait
    counts against its own time limit: it ends as a TIMEOUT without reaching Neo4j; once free, it runs."""
    async def run() -> None:
        driver = db.async_driver(neo4j_conn)
        answers = AnswerCache(size=0, concurrency=1)
        params = {"areaId": None, "asOf": dt.date(2024, 6, 1), "minOrganizations": 2, "skip": 0, "first": 20}
        try:
            async with answers.gate:  # taken, as by a question being computed
                hurried = Reader(driver, neo4j_conn.database, 0.5)
                with pytest.raises(RequestTimeout, match="time limit of 0.5 s"):
                    await answers.rows(hurried, hurried, "cross_appointments", params)
                assert hurried.round_trips == 0
            patient = Reader(driver, neo4j_conn.database, 10.0)
            rows = await answers.rows(patient, patient, "cross_appointments", params)
            assert rows[0]["total"] == 3
        finally:
            await driver.close()

    asyncio.run(run())


def test_a_shared_computation_that_fails_after_its_askers_left_leaves_no_unread_error(neo4j_conn: Any,
                                                                                       city: None) -> None:
    """An asker that gives up (its own deadline) before the shared computation ends leaves nothing behind: when
    that computation later fails, its error is not logged as never retrieved, and the next asker computes."""
    unread: list[dict[str, Any]] = []

    async def run() -> None:
        asyncio.get_running_loop().set_exception_handler(lambda _, context: unread.append(context))
        driver = db.async_driver(neo4j_conn)
        answers = AnswerCache(size=4, concurrency=1)
        params = {"areaId": None, "asOf": dt.date(2024, 6, 1), "minOrganizations": 2, "skip": 0, "first": 20}
        try:
            patient = Reader(driver, neo4j_conn.database, 10.0)
            await patient.query(version.READ)  # a connection in the pool: the asker's time is spent waiting
            async with answers.gate:  # taken, so the shared computation waits past both time limits
                computing = Reader(driver, neo4j_conn.database, 0.4)
                hurried = Reader(driver, neo4j_conn.database, 0.2)
                with pytest.raises(RequestTimeout, match="time limit of 0.2 s"):
                    await answers.rows(hurried, computing, "cross_appointments", params)
                assert len(answers._tasks) == 1  # the asker left while the computation waits its turn
                await asyncio.sleep(0.3)
            while answers._tasks:  # the computation ends (its own time-out) once the gate is free
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.01)  # the flight's error reaches the asker's abandoned wait
            gc.collect()
            rows = await answers.rows(patient, patient, "cross_appointments", params)
            assert rows[0]["total"] == 3
        finally:
            await driver.close()

    asyncio.run(run())
    gc.collect()  # the abandoned wait, once nothing refers to it
    assert [context["message"] for context in unread] == []
