"""The API as a service: health, production mode, limits, time limits, and `govgraph serve` over real HTTP."""
from __future__ import annotations

import asyncio
import socket
import time
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.config import MAX_ALIASES, MAX_QUERY_DEPTH, ApiSettings
from api.context import Context, Reader
from api.errors import DatabaseUnavailable, RequestTimeout
from api.schema import build_schema
from graph.store import db
from graph.store.settings import Connection
from tests.cli import free_port, govgraph, serving
from tests.test_api_support import api, api_client, load_small_city  # noqa: F401 — `api` is a fixture

DEAD = Connection(uri="bolt://127.0.0.1:9", user="neo4j", password="wrong", database=None)


def test_health_says_neo4j_is_up(api: Any) -> None:
    response = api.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["neo4j"] == "up" and body["status"] == "ok" and body["version"].startswith("5.")


def test_health_and_queries_when_neo4j_is_down() -> None:
    app = create_app(DEAD, ApiSettings(production=False, request_timeout=2))
    with api_client(app) as client:
        health = client.get("/healthz")
        assert health.status_code == 503 and health.json()["neo4j"] == "down"
        error = client.error('{ node(id: "K1") { id } }')
        assert error["extensions"]["code"] in ("DATABASE_UNAVAILABLE", "TIMEOUT")


def test_a_query_neo4j_terminates_is_a_coded_error_to_try_again(neo4j_conn: Connection) -> None:
    """A transaction ended under the query (an administrator's TERMINATE TRANSACTIONS here; a transient error of
    Neo4j, such as its transaction memory running out, likewise) is DATABASE_UNAVAILABLE, not an internal error."""
    marker = "govgraph_terminated_query"

    async def run() -> Exception:
        driver = db.async_driver(neo4j_conn)
        try:
            async def terminate() -> None:
                for _ in range(200):
                    await asyncio.sleep(0.05)
                    rows, _, _ = await driver.execute_query(
                        "SHOW TRANSACTIONS YIELD transactionId, currentQuery WHERE currentQuery CONTAINS $marker "
                        "AND NOT currentQuery STARTS WITH 'SHOW' RETURN transactionId", marker=marker)
                    if rows:
                        await driver.execute_query("TERMINATE TRANSACTIONS $ids",
                                                   ids=[row["transactionId"] for row in rows])
                        return

            stopper = asyncio.create_task(terminate())
            reader = Reader(driver, neo4j_conn.database, 60)
            try:
                await reader.run(f"UNWIND range(1, 2000000000) AS i WITH i WHERE i < 0 RETURN count(*) AS {marker}",
                                 {})
            except Exception as error:  # the very exception is what is checked
                return error
            finally:
                await stopper
            raise AssertionError("the query was not terminated")
        finally:
            await driver.close()

    error = asyncio.run(run())
    assert isinstance(error, DatabaseUnavailable), repr(error)
    assert error.code == "DATABASE_UNAVAILABLE" and "terminated" in str(error) and "try again" in str(error)


def test_graphiql_and_introspection_in_development_only(neo4j_conn: Connection) -> None:
    introspection = "{ __schema { queryType { name } } }"
    with api_client(create_app(neo4j_conn, ApiSettings(production=False, request_timeout=30))) as dev:
        assert "graphiql" in dev.get("/graphql", headers={"Accept": "text/html"}).text.lower()
        assert dev.data(introspection) == {"__schema": {"queryType": {"name": "Query"}}}
    with api_client(create_app(neo4j_conn, ApiSettings(production=True, request_timeout=30))) as prod:
        assert prod.get("/graphql", headers={"Accept": "text/html"}).status_code == 404
        assert "introspection" in prod.error(introspection)["message"].lower()
        # the API's own errors keep their message in production; there are no development extensions
        body = prod.raw('{ coBuildingNetwork(areaId: "S1", first: 0) { totalNodes } }')
        assert "first: must be between 1 and 1000, got 0" in body["errors"][0]["message"]
        assert "roundTrips" not in (body.get("extensions") or {})


def test_unexpected_failures_are_masked_in_production(neo4j_conn: Connection) -> None:
    """A failure that is not the client's (here: a context without a driver) shows no internals in production."""
    query = '{ node(id: "K1") { id } }'

    async def run(production: bool) -> str:
        context = Context(None, None, ApiSettings(production, 30))  # type: ignore[arg-type]
        result = await build_schema(production).execute(query, context_value=context)
        assert result.errors
        return result.errors[0].message

    assert asyncio.run(run(production=True)) == "Unexpected error."
    assert "'session'" in asyncio.run(run(production=False))  # development shows what went wrong


def test_depth_alias_and_token_limits(api: Any) -> None:
    deep = ("{ node(id: \"K1\") { " + "... on Area { parent { " * MAX_QUERY_DEPTH + "id" + " } }" * MAX_QUERY_DEPTH
            + " } }")
    assert "exceeds maximum operation depth" in api.error(deep)["message"]
    aliases = "{ " + " ".join(f"a{i}: node(id: \"K1\") {{ id }}" for i in range(MAX_ALIASES + 1)) + " }"
    assert "aliases found" in api.error(aliases)["message"].lower()
    tokens = "{ node(id: \"K1\") { " + "id " * 3100 + "} }"
    assert "more than 3000 tokens" in api.error(tokens)["message"]


def test_a_request_over_its_time_limit_is_a_graphql_error(neo4j_conn: Connection, graph: Any) -> None:
    load_small_city(graph, neo4j_conn.database)
    with api_client(create_app(neo4j_conn, ApiSettings(production=True, request_timeout=0.001))) as client:
        error = client.error('{ compounds { totalCount edges { node { id } } } }')
        assert error["extensions"]["code"] == "TIMEOUT"
        assert "time limit of 0.001 s" in error["message"]


def test_neo4j_ends_a_query_at_the_deadline(neo4j_conn: Connection) -> None:
    """The deadline travels to Neo4j as the transaction timeout: a runaway query is stopped there too."""
    heavy = "// heavy\nUNWIND range(1, 400000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS n"

    async def run() -> None:
        driver = db.async_driver(neo4j_conn)
        try:
            reader = Reader(driver, neo4j_conn.database, timeout=1.0)
            began = time.monotonic()
            with pytest.raises(RequestTimeout, match="time limit of 1 s"):
                await reader.run(heavy, {})
            assert time.monotonic() - began < 10
            for _ in range(50):  # the server lets go of it too
                records, _, _ = await driver.execute_query("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery")
                if not any("// heavy" in (r["currentQuery"] or "") for r in records):
                    return
                await asyncio.sleep(0.2)
            pytest.fail("Neo4j still runs the query after its deadline")
        finally:
            await driver.close()

    asyncio.run(run())


def test_serve_refuses_a_port_in_use(neo4j_conn: Connection) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = govgraph("serve", "--port", str(port), timeout=60)
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_govgraph_serve_answers_over_http(neo4j_conn: Connection, graph: Any) -> None:
    load_small_city(graph, neo4j_conn.database)
    port = free_port()
    with serving(port=port, within=90) as process:
        base = f"http://127.0.0.1:{port}"
        answer = httpx.post(f"{base}/graphql", json={"query": '{ node(id: "K1") { name } }'}, timeout=30).json()
        assert answer["data"] == {"node": {"name": "阳光小区"}}
    assert process.returncode == 0
