"""How long `serviceLevels` takes for the whole city: the cases' query (cypher/service_level_cases.cypher) and
the arithmetic (graph/analysis/service_levels.py summarize), by street and by department.

    python -m bench.service_levels_bench [--multiples 1,10,50] [--repeat 5]

Starts a throwaway local Neo4j (or uses NEO4J_URI), loads the demo city at scale 1, then multiplies its cases
(×10: each case copied nine times onto the same area and handler, new ids, the same times) and times each
step, median of `repeat` runs after one warm-up. The city's other structures stay at ×1: what grows with a
province is the cases, and they are what this question reads.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from graph.analysis import service_levels as sl
from graph.store import db, queries
from graph.store.neo4j_server import LocalServer
from graph.store.settings import external_connection
from loaders.demo.city import load_demo

CLONE = """
MATCH (c:Case) WHERE NOT c.id CONTAINS '-x'
MATCH (c)-[:REPORTED_IN]->(a:Area)
OPTIONAL MATCH (c)-[:HANDLED_BY]->(h:Organization)
WITH c, a, h
CALL (c, a, h) {
  UNWIND range($first, $last) AS k
  CREATE (x:Case {id: c.id + '-x' + k, name: c.name, category: c.category, status: c.status,
                  mediated: c.mediated, reported_at: c.reported_at, accepted_at: c.accepted_at,
                  handled_at: c.handled_at, closed_at: c.closed_at, source: c.source,
                  satisfaction: c.satisfaction})
  CREATE (x)-[:REPORTED_IN]->(a)
  FOREACH (_ IN CASE WHEN h IS NULL THEN [] ELSE [1] END | CREATE (x)-[:HANDLED_BY]->(h))
} IN TRANSACTIONS OF 2000 ROWS
"""


def _median(fn, repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def _measure(driver, database: str | None, multiple: int, repeat: int) -> dict:
    rows = sl.fetch(driver, database, None)
    at = time.time()
    query = _median(lambda: driver.execute_query(queries.query("service_level_cases"), areaId=None,
                                                 **{"from": None, "to": None}, database_=database), repeat)
    by_street = _median(lambda: sl.summarize(rows, "street", sl.Limits(), at), repeat)
    by_department = _median(lambda: sl.summarize(rows, "department", sl.Limits(), at), repeat)
    working = _median(lambda: sl.summarize(rows, "street", sl.Limits(working_days=True), at), repeat)
    overdue = _median(lambda: sl.overdue(rows, sl.Limits(), at), repeat)
    print(f"×{multiple:<3} {len(rows):>7,} cases  query {query:.3f} s  summarize by street {by_street:.3f} s, "
          f"by department {by_department:.3f} s, working days {working:.3f} s, overdue {overdue:.3f} s  "
          f"→ serviceLevels(groupBy: STREET) ≈ {query + by_street:.3f} s", flush=True)
    return {"multiple": multiple, "cases": len(rows), "query_s": query, "street_s": by_street,
            "department_s": by_department, "working_days_s": working, "overdue_s": overdue}


def run(multiples: list[int], repeat: int) -> list[dict]:
    external = external_connection()
    server = None
    if external is None:
        server = LocalServer(Path(tempfile.mkdtemp(prefix="govgraph-bench-sl-")))
        conn = server.start(timeout=180)
    else:
        conn = external
    results = []
    try:
        with db.driver(conn) as driver:
            load_demo(driver, conn.database)
            have = 1
            for multiple in sorted(multiples):
                if multiple > have:
                    with driver.session(database=conn.database) as session:  # IN TRANSACTIONS: auto-commit
                        session.run(CLONE, first=have, last=multiple - 1).consume()
                    have = multiple
                results.append(_measure(driver, conn.database, multiple, repeat))
    finally:
        if server is not None:
            server.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--multiples", default="1,10,50")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    run([int(m) for m in args.multiples.split(",")], args.repeat)


if __name__ == "__main__":
    main()
