"""The API against the same Cypher run directly, and its throughput under concurrent clients.

The questions and the measuring are bench/api_latency.py's (the API's own
benchmark): for each network question, the GraphQL request through a real
`govgraph serve` (uvicorn on 127.0.0.1, production mode) against the very
Cypher the API ran for it, with the same parameters, run directly with the
async driver, alternately. Throughput adds concurrent clients cycling through
the same questions, bounded in requests and seconds, counting every error —
twice for each number of clients: every answer computed (`Cache-Control:
no-cache`), then as served, where the area-wide answers the API keeps per
graph version (api/answers.py; the latency section has already asked these
very questions, so they are kept) come without a query.

The API's fixed cost is measured apart: `{ __typename }`, the smallest GraphQL
request there is (no resolver, no Neo4j), sent the same way — what every
request pays for the client's HTTP, uvicorn, FastAPI, the access checks,
strawberry and the JSON, whatever it asks.
"""
from __future__ import annotations

import asyncio

import httpx

from bench import api_latency, http_load
from bench.http_load import GraphQLRequest
from bench.settings import Settings
from bench.target import Target
from graph.store import db

FIXED_COST = GraphQLRequest("fixed cost", "{ __typename }")


async def _measure(target: Target, api_base: str, settings: Settings) -> dict:
    driver = db.async_driver(target.conn)
    try:
        subjects = await api_latency.subjects_of(driver, target.conn.database)
        questions = api_latency.questions(subjects)
        iterations = settings.latency_iterations_for(target.size()["nodes"])
        async with httpx.AsyncClient(base_url=api_base, timeout=http_load.REQUEST_TIMEOUT) as client:
            rows = await api_latency.measure(driver, target.conn.database, client, questions,
                                             iterations=iterations, warmup=2)
    finally:
        await driver.close()
    fixed = await http_load.sample_latency(f"{api_base}/graphql", FIXED_COST, iterations=max(iterations, 100),
                                           warmup=10)
    mix = [GraphQLRequest(q.name, q.document, q.variables) for q in questions]
    throughput = []
    for clients in settings.throughput_clients:
        for answers, headers in (("computed", http_load.COMPUTE_AFRESH), ("kept", None)):
            result = await http_load.throughput(f"{api_base}/graphql", mix, clients, settings.throughput_requests,
                                                settings.throughput_seconds, headers)
            throughput.append({**result, "answers": answers})
    return {"subjects": subjects, "questions": rows, "fixed_cost": {"request": FIXED_COST.query, **fixed},
            "throughput": throughput}


def run(target: Target, api_base: str, settings: Settings) -> dict:
    return asyncio.run(_measure(target, api_base, settings))
