"""A page deep in a root list against the first one (issue 16: "a page deep in a list costs about what the first
page costs; the bench shows page 1 against page 1,000").

On the benchmark's graph, through the running API over HTTP: `persons(first: 20, sort: NAME)` — the largest
root list of the demo city (≈ 28,700 people at ×1), answered by keyset (cypher/entity_list_by_name.cypher) —
page 1, and page 1,000 (items 19,981–20,000), reached by following `pageInfo.endCursor` 100 items at a time
(the cursor of item 19,980, as a client paging through would hold it). If the list is shorter, the deepest
full page is used and the report names it.

Measured: p50/p95 over `iterations` requests of each, alternately (neither always meets a warmer cache), and
the database hits of the very Cypher the API ran for each (captured from a request's Reader, as
bench/api_latency.py does, and run with PROFILE through the driver's result summary). Measured, never asserted.
"""
from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import neo4j
from neo4j import AsyncDriver, RoutingControl

from bench import api_latency, http_load
from bench.settings import Settings
from bench.stats import latency_summary, ratio
from bench.target import Target
from graph.store import db

FIELD = "persons"
PAGE = 20
DEEP = 1000
STRIDE = 100  # items per request while walking to the deep page (the API's largest page)
DOCUMENT = """query($first: Int!, $after: String) { persons(first: $first, after: $after, sort: NAME) {
  edges { cursor node { id name } } pageInfo { endCursor hasNextPage } } }"""


async def _page(client: httpx.AsyncClient, first: int, after: str | None) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": DOCUMENT, "variables": {"first": first, "after": after}})
    body = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise RuntimeError(f"{FIELD}: HTTP {response.status_code}: {response.text[:300]}")
    return body["data"][FIELD]


async def _cursor_before(client: httpx.AsyncClient, items: int) -> tuple[str | None, int]:
    """The cursor of item `items` (None: the start) and how many items there were up to it."""
    after, seen = None, 0
    while seen < items:
        page = await _page(client, min(STRIDE, items - seen), after)
        if not page["edges"]:
            break
        seen += len(page["edges"])
        after = page["pageInfo"]["endCursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
    return after, seen


def _hits(plan: Any) -> int:
    if not plan:
        return 0
    return int(plan.get("dbHits", 0)) + sum(_hits(child) for child in plan.get("children", ()))


async def _db_hits(driver: AsyncDriver, database: str | None, after: str | None) -> dict[str, int]:
    question = api_latency.Question(FIELD, DOCUMENT, {"first": PAGE, "after": after})
    ran = await api_latency.capture(driver, database, question)
    hits, rows = 0, 0
    for text, params in ran:
        result = await driver.execute_query(neo4j.Query("PROFILE " + text, timeout=120), params,
                                            routing_=RoutingControl.READ, database_=database)
        hits += _hits(result.summary.profile)
        rows += len(result.records)
    return {"db_hits": hits, "queries": len(ran), "rows": rows}


async def _measure(target: Target, api_base: str, settings: Settings) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=api_base, timeout=http_load.REQUEST_TIMEOUT) as client:
        walked = time.perf_counter()
        deep_after, seen = await _cursor_before(client, (DEEP - 1) * PAGE)
        walk_s = time.perf_counter() - walked
        deep = DEEP
        if seen < (DEEP - 1) * PAGE:  # a shorter list: its deepest full page
            deep = max(seen // PAGE, 1)
            deep_after, _ = await _cursor_before(client, (deep - 1) * PAGE)
        iterations = max(settings.latency_iterations_for(target.size()["nodes"]), 5)
        first_times: list[float] = []
        deep_times: list[float] = []
        for _ in range(2):  # warm-up
            await _page(client, PAGE, None)
            await _page(client, PAGE, deep_after)
        for i in range(iterations):
            order = ((first_times, None), (deep_times, deep_after))
            for times, after in (order if i % 2 == 0 else order[::-1]):
                began = time.perf_counter()
                await _page(client, PAGE, after)
                times.append(time.perf_counter() - began)
    driver = db.async_driver(target.conn)
    try:
        first_hits = await _db_hits(driver, target.conn.database, None)
        deep_hits = await _db_hits(driver, target.conn.database, deep_after)
    finally:
        await driver.close()
    first, deeper = latency_summary(first_times), latency_summary(deep_times)
    return {"field": FIELD, "page_size": PAGE, "deep_page": deep, "walk_s": round(walk_s, 2),
            "first": {**first, **first_hits}, "deep": {**deeper, **deep_hits},
            "ratio_p50": ratio(deeper["p50_ms"], first["p50_ms"]),
            "ratio_db_hits": ratio(deep_hits["db_hits"], first_hits["db_hits"])}


def run(target: Target, api_base: str, settings: Settings) -> dict[str, Any]:
    return asyncio.run(_measure(target, api_base, settings))
