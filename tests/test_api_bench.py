"""bench/api_latency.py runs end to end (a smoke run on the small city: it measures, it asserts no timing)."""
from __future__ import annotations

import asyncio
from typing import Any

from bench.api_latency import run, table
from tests.test_api_support import load_small_city


def test_the_latency_bench_compares_every_question_with_its_own_cypher(graph: Any, neo4j_conn: Any) -> None:
    load_small_city(graph, neo4j_conn.database)
    rows = asyncio.run(run(neo4j_conn, iterations=2, warmup=0))
    names = [row["question"] for row in rows]
    for question in ("coBuilders", "coBuildingNetwork", "crossAppointments (city)", "neighborhood (depth 2)",
                     "search"):
        assert question in names
    for row in rows:
        assert row["queries"] >= 1  # the API's own Cypher was captured and replayed directly
        assert row["api"]["n"] == row["direct"]["n"] == 2
        assert row["ratio_p50"] is not None
    printed = table(rows)
    assert printed.count("\n") == len(rows) + 1 and "| coBuilders | 1 |" in printed
