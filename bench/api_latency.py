"""The API's latency next to the same Cypher run directly (issue 4: aim at no more than 1.3× the direct query).

For each network question on a loaded city (the demo), in the same run and alternately:

- **api**: the GraphQL request through the API — in process over ASGI (httpx.ASGITransport: routing,
  strawberry, resolvers, JSON), or over HTTP to a running `govgraph serve` with `--url`;
- **direct**: the very Cypher the API ran for that request — captured from the request's Reader, the same
  text and parameters, the same READ routing and transaction timeout — run one after the other by the API's
  own `Reader` (api/context.py: an auto-commit read, records as the driver gives them), nothing around it.

It prints p50 and p95 (milliseconds) of each and their ratio. Measured, never asserted.

    .venv/bin/python -m bench.api_latency [--iterations 30] [--warmup 3] [--url http://127.0.0.1:8000]

`questions(subjects)` and `measure(...)` are what bench/api_bench.py reuses on the benchmark's database.
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import neo4j
from neo4j import AsyncDriver, RoutingControl

from api.app import create_app
from api.config import ApiSettings
from api.context import Context, Reader
from api.loading import load_nodes
from api.schema import build_schema
from bench.stats import latency_summary, ratio
from graph.store import db, queries
from graph.store.settings import Connection

AS_OF = "2021-01-01"  # a fixed date, so every run asks the same questions


@dataclass(frozen=True)
class Question:
    name: str  # the root field (and a variant)
    document: str
    variables: dict[str, Any]


def questions(subjects: dict[str, Any]) -> list[Question]:
    """The network questions about `subjects` (bench_api_subjects.cypher), each selecting what one query returns."""
    hub, street, chain_from, chain_to = (subjects[k] for k in ("hub", "street", "chainFrom", "chainTo"))
    found = [
        Question("coBuilders", """query($id: ID!, $asOf: Date) { coBuilders(organizationId: $id, asOf: $asOf) {
            totalCount edges { weight kinds node { id name kind } agreements { name mechanisms }
            sharedUnits { id name } sharedPeople { id name } } } }""", {"id": hub, "asOf": AS_OF}),
        Question("coBuildingNetwork", """query($area: ID!, $asOf: Date) {
            coBuildingNetwork(areaId: $area, asOf: $asOf, first: 200) { totalNodes truncated
            nodes { id name kind subtype degree strength } edges { source target weight kinds agreements
            sharedPeople } } }""", {"area": street, "asOf": AS_OF}),
        Question("coverageGaps (no canteen within 1 km, city)", """query($asOf: Date) {
            coverageGaps(kind: COMPOUND_NO_FACILITY, radiusMeters: 1000, facilityKind: canteen, asOf: $asOf,
            first: 20) { totalCount edges { cursor node { subject { ... on Node { id name } } population lat lon
            nearestFacility { id name } distanceMeters } } } }""", {"asOf": AS_OF}),
        Question("coverageGaps (三无 compounds, city)", """query($asOf: Date) {
            coverageGaps(kind: COMPOUND_THREE_WITHOUT, asOf: $asOf, first: 20) { totalCount
            edges { node { subject { ... on Node { id name } } population distanceMeters } } } }""", {"asOf": AS_OF}),
        Question("crossAppointments (city)", """query($asOf: Date) { crossAppointments(asOf: $asOf, first: 20) {
            totalCount edges { node { person { id name } organizationCount
            posts { role partTime startDate organization { id name } } } } } }""", {"asOf": AS_OF}),
        Question("coBuildingNetwork (elements)", """query($area: ID!, $asOf: Date) {
            coBuildingNetwork(areaId: $area, asOf: $asOf, first: 200) { totalNodes truncated elements } }""",
                 {"area": street, "asOf": AS_OF}),
        Question("neighborhood (depth 2)", """query($id: ID!) { neighborhood(id: $id, depth: 2, first: 100) {
            truncated nodes { id name kind } edges { type source target properties } } }""", {"id": hub}),
        Question("neighborhood (elements)", """query($id: ID!) { neighborhood(id: $id, depth: 2, first: 100) {
            truncated elements } }""", {"id": hub}),
        Question("search", """query { search(text: "社区", first: 20) {
            edges { score node { id name kind } } } }""", {}),
    ]
    if chain_from and chain_to:
        found.insert(6, Question("crossAppointmentChains", """query($from: ID!, $to: ID!, $asOf: Date) {
            crossAppointmentChains(fromId: $from, toId: $to, maxHops: 4, asOf: $asOf) {
            chains { hops nodes { id name kind } posts { role } } } }""",
                                 {"from": chain_from, "to": chain_to, "asOf": AS_OF}))
    return found


async def subjects_of(driver: AsyncDriver, database: str | None) -> dict[str, Any]:
    records, _, _ = await driver.execute_query(queries.query("bench_api_subjects"),
                                               {"asOf": neo4j.time.Date.from_iso_format(AS_OF)},
                                               routing_=RoutingControl.READ, database_=database)
    if not records or records[0]["hub"] is None or records[0]["street"] is None:
        raise RuntimeError("the database holds no city to ask about: load one first (govgraph demo)")
    return dict(records[0])


Ran = list[tuple[str, dict[str, Any]]]


async def capture(driver: AsyncDriver, database: str | None, question: Question) -> Ran:
    """The queries (text and parameters) the API runs to answer `question`."""
    context = Context(driver, database, ApiSettings(production=False, request_timeout=120), load_nodes=load_nodes)
    result = await build_schema(production=False).execute(question.document, variable_values=question.variables,
                                                          context_value=context)
    if result.errors:
        raise RuntimeError(f"{question.name}: {result.errors[0].message}")
    return context.reader.ran


async def direct(driver: AsyncDriver, database: str | None, ran: Ran) -> None:
    reader = Reader(driver, database, 120)  # the API's own way of running a query, without GraphQL around it
    for text, params in ran:
        await reader.run(text, params)


async def through_api(client: httpx.AsyncClient, question: Question) -> None:
    # computed afresh, never a kept answer (api/answers.py): the API is measured doing what the direct run does
    response = await client.post("/graphql", json={"query": question.document, "variables": question.variables},
                                 headers={"Cache-Control": "no-cache"})
    if response.status_code != 200 or b'"errors"' in response.content:
        raise RuntimeError(f"{question.name}: HTTP {response.status_code}: {response.text[:300]}")


async def measure(driver: AsyncDriver, database: str | None, client: httpx.AsyncClient, found: list[Question],
                  iterations: int = 30, warmup: int = 3,
                  progress: Callable[[str], None] = lambda line: None) -> list[dict[str, Any]]:
    rows = []
    for question in found:
        ran = await capture(driver, database, question)
        for _ in range(warmup):
            await through_api(client, question)
            await direct(driver, database, ran)
        api_times: list[float] = []
        direct_times: list[float] = []
        for i in range(iterations):
            # alternate which goes first, so neither always meets a warmer cache
            order = ((api_times, through_api, (client, question)), (direct_times, direct, (driver, database, ran)))
            for times, call, args in (order if i % 2 == 0 else order[::-1]):
                began = time.perf_counter()
                await call(*args)  # type: ignore[operator]
                times.append(time.perf_counter() - began)
        api, plain = latency_summary(api_times), latency_summary(direct_times)
        rows.append({"question": question.name, "queries": len(ran), "api": api, "direct": plain,
                     "ratio_p50": ratio(api["p50_ms"], plain["p50_ms"]),
                     "ratio_p95": ratio(api["p95_ms"], plain["p95_ms"])})
        progress(f"{question.name}: api p50 {api['p50_ms']:.1f} ms, direct p50 {plain['p50_ms']:.1f} ms")
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| question | queries | API p50 ms | API p95 ms | direct p50 ms | direct p95 ms | p50 ratio | p95 ratio |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        lines.append(f"| {r['question']} | {r['queries']} | {r['api']['p50_ms']:.1f} | {r['api']['p95_ms']:.1f} | "
                     f"{r['direct']['p50_ms']:.1f} | {r['direct']['p95_ms']:.1f} | {r['ratio_p50']:.2f}× | "
                     f"{r['ratio_p95']:.2f}× |")
    return "\n".join(lines)


@asynccontextmanager
async def api_client(conn: Connection, url: str | None) -> AsyncIterator[httpx.AsyncClient]:
    if url is not None:
        async with httpx.AsyncClient(base_url=url.rstrip("/"), timeout=120) as client:
            yield client
        return
    app = create_app(conn, ApiSettings(production=True, request_timeout=120))
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://govgraph.bench",
                                     timeout=120) as client:
            yield client


async def run(conn: Connection, url: str | None = None, iterations: int = 30, warmup: int = 3,
              progress: Callable[[str], None] = lambda line: None) -> list[dict[str, Any]]:
    driver = db.async_driver(conn)
    try:
        found = questions(await subjects_of(driver, conn.database))
        async with api_client(conn, url) as client:
            return await measure(driver, conn.database, client, found, iterations, warmup, progress)
    finally:
        await driver.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=30, help="timed requests per question and side")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first")
    parser.add_argument("--url", help="a running API (govgraph serve) instead of the in-process app")
    args = parser.parse_args(argv)
    if args.iterations < 2 or args.warmup < 0:
        parser.error("--iterations must be at least 2 and --warmup at least 0")
    conn = db.connection()
    try:
        rows = asyncio.run(run(conn, args.url, args.iterations, args.warmup,
                               lambda line: print(line, file=sys.stderr, flush=True)))
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
