"""How long `serviceLevels` takes for the whole city: the cases' query (cypher/service_level_cases.cypher), the
arithmetic (graph/analysis/service_levels.py summarize) and the GraphQL answer through a served API.

    python -m bench.service_levels_bench [--multiples 1,10,50] [--repeat 5]

Standalone, it starts a throwaway local Neo4j (or uses NEO4J_URI, an empty database only), loads the demo
city at scale 1, then multiplies its cases (×10: each case copied nine times onto the same area and handler,
new ids, the same times; cypher/bench_clone_cases.cypher, written in transactions of CLONE_BATCH copies so a
×50 province fits the server's transaction memory) and times each step, median of `repeat` runs after one
warm-up. The city's other structures stay at ×1: what grows with a province is the cases, and they are what
this question reads.

`govgraph bench` runs `measure` as its "service levels" section on each scale's demo city (whose cases grow
with the scale), through the API it serves for that scale.

Figures: `query_s` the cases' query alone; `columns_s` its answer into arrays; `street_s` … `overdue_s` the
arithmetic on the fetched cases; `api_first_s` the first `serviceLevels(groupBy: STREET)` a fresh API answers
after one question of another kind (nothing kept; at the first multiple, the query not yet planned by Neo4j
either); `api_computed_s` the median of answers computed afresh (Cache-Control: no-cache); `api_kept_s` of
answers as served (the cases kept per graph version).
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from neo4j.exceptions import AuthError, ServiceUnavailable

from bench import servers, target
from graph.analysis import service_levels as sl
from graph.analysis.case_columns import Cases
from graph.errors import UserError
from graph.store import db, queries
from graph.store.neo4j_server import LocalServer
from graph.store.settings import external_connection
from loaders.demo.city import load_demo

CLONE_BATCH = 5_000  # copies per transaction
AT = "2021-01-01T00:00:00+08:00"  # just after the demo's year
SERVICE_LEVELS = ("query($by: ServiceGrouping!) { serviceLevels(groupBy: $by, at: \"" + AT + "\") { overall { cases "
                  "accept { share } } groups { key cases accept { share medianHours } handle { share } "
                  "close { share } } } }")


def _median(fn: Callable[[], Any], repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def _graphql(client: httpx.Client, by: str, fresh: bool) -> float:
    began = time.perf_counter()
    response = client.post("/graphql", json={"query": SERVICE_LEVELS, "variables": {"by": by}},
                           headers={"Cache-Control": "no-cache"} if fresh else {})
    seconds = time.perf_counter() - began
    body = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise RuntimeError(f"serviceLevels failed: {response.status_code} {str(body)[:500]}")
    return seconds


def measure(driver: Any, database: str | None, repeat: int, api_base: str | None = None) -> dict:
    """The figures on the graph as it is (see the module docstring); the API's only with `api_base`."""
    result: dict[str, Any] = {}
    if api_base is not None:  # first, while Neo4j has not planned the cases' query yet
        with httpx.Client(base_url=api_base, timeout=300) as client:
            # The server's own first request (its driver's connections, the schema's first run) is not this one's.
            client.post("/graphql", json={"query": "{ cases(first: 1) { totalCount } }"}).raise_for_status()
            figures = (("api_first_s", lambda: _graphql(client, "STREET", fresh=False)),
                       ("api_computed_s", lambda: _median(lambda: _graphql(client, "STREET", fresh=True), repeat)),
                       ("api_kept_s", lambda: _median(lambda: _graphql(client, "STREET", fresh=False), repeat)),
                       ("api_department_kept_s",
                        lambda: _median(lambda: _graphql(client, "DEPARTMENT", fresh=False), repeat)))
            for name, measured in figures:
                try:
                    result[name] = measured()
                except RuntimeError as error:  # e.g. past the API's time limit: said, and the rest still measured
                    result[name] = None
                    result.setdefault("api_errors", []).append(f"{name}: {error}"[:300])
    began = time.perf_counter()
    cases = sl.fetch(driver, database, None)
    result.update(cases=len(cases), fetch_s=time.perf_counter() - began)
    at = time.time()
    result["query_s"] = _median(lambda: driver.execute_query(queries.query("service_level_cases"), areaId=None,
                                                             **{"from": None, "to": None}, database_=database),
                                repeat)
    records, _, _ = driver.execute_query(queries.query("service_level_cases"), areaId=None,
                                         **{"from": None, "to": None}, database_=database)
    result["columns_s"] = _median(lambda: Cases.from_record(records[0]), repeat)
    result["street_s"] = _median(lambda: sl.summarize(cases, "street", sl.Limits(), at), repeat)
    result["department_s"] = _median(lambda: sl.summarize(cases, "department", sl.Limits(), at), repeat)
    result["working_days_s"] = _median(lambda: sl.summarize(cases, "street", sl.Limits(working_days=True), at),
                                       repeat)
    result["overdue_s"] = _median(lambda: sl.overdue(cases, sl.Limits(), at), repeat)
    return result


def _s(value: float | None) -> str:
    return "failed" if value is None else f"{value:.3f} s"


def line(result: dict) -> str:
    api = (f"  API: first {_s(result['api_first_s'])}, computed {_s(result['api_computed_s'])}, "
           f"kept {_s(result['api_kept_s'])}" if "api_first_s" in result else "")
    api += "".join(f"\n      {e}" for e in result.get("api_errors", []))
    return (f"{result['cases']:>9,} cases  query {result['query_s']:.3f} s  columns {result['columns_s']:.3f} s  "
            f"summarize by street {result['street_s']:.3f} s, by department {result['department_s']:.3f} s, "
            f"working days {result['working_days_s']:.3f} s, overdue {result['overdue_s']:.3f} s{api}")


def clone(driver: Any, database: str | None, have: int, multiple: int) -> None:
    """Copy each original case until there are `multiple` of it (copies have-1 … multiple-1 are new)."""
    with driver.session(database=database) as session:  # IN TRANSACTIONS: auto-commit
        session.run(queries.query("bench_clone_cases"), first=have, last=multiple - 1, batch=CLONE_BATCH).consume()


def _refuse_unless_empty(driver: Any, conn: Any) -> None:
    """The copies are made from the cases it finds: a database holding anything (copies of an earlier run
    among them) would give other figures, or refuse the copies' ids."""
    records, _, _ = driver.execute_query(queries.query("bench_graph_counts"), database_=conn.database)
    nodes = next(e["count"] for e in records[0]["data"]["nodes"] if "label" not in e)
    if nodes:
        raise UserError(f"NEO4J_URI ({conn.uri}) points at a database holding {nodes} nodes; this benchmark "
                        "loads the demo city and copies its cases: point it at an empty scratch database, or "
                        "unset NEO4J_URI to let it run a server of its own.")


def run(multiples: list[int], repeat: int, serve: bool = True) -> list[dict]:
    external = external_connection()
    server = None
    if external is None:
        heap, pagecache = target.server_memory(max(multiples))  # as `govgraph bench` sizes its server
        server = LocalServer(Path(tempfile.mkdtemp(prefix="govgraph-bench-sl-")), heap=heap, pagecache=pagecache)
        conn = server.start(timeout=180)
    else:
        conn = external
    env = {"NEO4J_URI": conn.uri, "NEO4J_USER": conn.user, "NEO4J_PASSWORD": conn.password,
           **({"NEO4J_DATABASE": conn.database} if conn.database else {})}
    logs = Path(tempfile.mkdtemp(prefix="govgraph-bench-sl-logs-"))
    results = []
    try:
        with db.driver(conn) as driver:
            if external is not None:
                _refuse_unless_empty(driver, conn)
            load_demo(driver, conn.database)
            have = 1
            for multiple in sorted(multiples):
                if multiple > have:
                    began = time.perf_counter()
                    clone(driver, conn.database, have, multiple)
                    print(f"×{multiple}: cases cloned in {time.perf_counter() - began:.1f} s", flush=True)
                    have = multiple
                if serve:  # a fresh API per multiple: nothing kept from the last one
                    with servers.govgraph_api({**os.environ, **env}, logs) as base:
                        result = measure(driver, conn.database, repeat, base)
                else:
                    result = measure(driver, conn.database, repeat)
                results.append({"multiple": multiple, **result})
                print(f"×{multiple:<3}" + line(result), flush=True)
    finally:
        if server is not None:
            server.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--multiples", default="1,10,50")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-api", action="store_true", help="time the query and the arithmetic only")
    args = parser.parse_args()
    try:
        run([int(m) for m in args.multiples.split(",")], args.repeat, serve=not args.no_api)
    except UserError as error:
        raise SystemExit(f"error: {error}") from None
    except (ServiceUnavailable, AuthError) as error:
        raise SystemExit(f"error: Neo4j does not answer or refuses the credentials: {error}") from None


if __name__ == "__main__":
    main()
