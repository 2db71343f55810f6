"""How fast the network analysis is on the demo city, and how good sampled betweenness is.

    .venv/bin/python -m bench.analysis_speed            # on the configured Neo4j (loads the demo city if empty)
    .venv/bin/python -m bench.analysis_speed --json out.json

Measured (never asserted in a test), on the whole city's organisation network:

- **cold**: every measure (`profile`: degree, strength, betweenness, closeness,
  PageRank, eigenvector, constraint, effective size, Louvain, brokerage) with
  an empty cache — pulling the projection from Neo4j included — and, apart,
  the single points of failure on the governance network;
- **cached**: the same question again: one version query and a dictionary look-up;
- **each measure** on the pulled graph, and the projection pull alone;
- **NetworkX's own betweenness** on the largest component (the city whole would
  take minutes: NetworkX starts each search with a dict over all n nodes), against
  govgraph's on the same component (Brandes' searches side by side as sparse
  matrix products, graph/algorithms/measures.py);
- **sampled betweenness**: for growing k, the time and whether its top 20 is the
  exact top 20 (as a set, and in order), to choose k for networks too large for exact;
- **nx-parallel**: whether NetworkX's backend dispatch to nx-parallel can run here. With this
  project's Python 3.11 and NetworkX 3.6 it cannot: nx-parallel 0.3 fails to import against NetworkX
  3.6 and 0.4 needs Python 3.12. In a scratch environment (NetworkX 3.4.2, nx-parallel 0.3, the same
  2 shared cores) it made betweenness slower, not faster: 379-node scale-free graph 0.13 s -> 0.23 s,
  2,000 nodes 4.6 s -> 4.9 s, a city-like 13,813-node graph with k=1000 5.7 s -> 7.5 s (joblib's
  process start and graph pickling outweigh a second core). The gain came from the algorithm instead:
  searches that touch only their component, run side by side as sparse matrix products in C++ (SciPy).

`measure(driver, database)` returns the figures as a dict (bench/analysis_bench.py
can call it); `main()` prints them.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import networkx as nx
from neo4j import Driver

from graph.algorithms import brokerage, measures
from graph.analysis.analyst import Analyst, single_points
from graph.analysis.cache import AnalysisCache
from graph.analysis.projections import Scope, pull
from graph.store import db

SAMPLE_KS = (100, 250, 500, 1000, 2000, 4000)
TOP = 20


def _seconds(work: Callable[[], Any], repeats: int = 1) -> tuple[float, Any]:
    """The median time of `repeats` runs, and the last result."""
    times, result = [], None
    for _ in range(repeats):
        began = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def _top(values: dict[Any, float], n: int = TOP) -> list[Any]:
    return [node for node, _ in sorted(values.items(), key=lambda item: (-item[1], item[0]))[:n]]


def _nx_parallel() -> str:
    """Whether NetworkX can dispatch to nx-parallel here, and if not why."""
    try:
        import nx_parallel  # noqa: F401
    except Exception as error:  # not installed, or installed but broken against this NetworkX
        return f"unavailable: {type(error).__name__}: {error}"
    try:
        nx.betweenness_centrality(nx.path_graph(4), backend="parallel")
    except Exception as error:
        return f"installed but fails: {type(error).__name__}: {error}"
    return "available"


def measure(driver: Driver, database: str | None = None, repeats: int = 3) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    scope = Scope.of()

    # Cold and cached, as the API and `govgraph analyze` see it.
    colds, cacheds = [], []
    for _ in range(repeats):
        analyst = Analyst(driver, database, cache=AnalysisCache())
        began = time.perf_counter()
        profile = analyst.ask("profile", "organizations")
        colds.append(time.perf_counter() - began)
        began = time.perf_counter()
        again = analyst.ask("profile", "organizations")
        cacheds.append(time.perf_counter() - began)
        assert again.cached
    figures["all_measures_cold_s"] = statistics.median(colds)
    figures["all_measures_cached_ms"] = statistics.median(cacheds) * 1000
    figures["methods"] = profile.value.methods
    analyst = Analyst(driver, database, cache=AnalysisCache())
    figures["single_points_cold_s"], _ = _seconds(lambda: analyst.ask("single_points", "governance"))

    # The parts.
    figures["pull_organizations_s"], graph = _seconds(lambda: pull(driver, database, "organizations", scope), repeats)
    figures["pull_governance_s"], governance = _seconds(lambda: pull(driver, database, "governance", scope))
    components = sorted(nx.connected_components(graph), key=len, reverse=True)
    figures["network"] = {"nodes": graph.number_of_nodes(), "ties": graph.number_of_edges(),
                          "components": len(components), "largest_component": len(components[0]),
                          "betweenness_work": measures.betweenness_work(graph)}
    parts: dict[str, float] = {}
    for metric in measures.METRICS:
        parts[metric], _ = _seconds(partial(measures.compute, graph, metric), repeats)
    parts["louvain"], _ = _seconds(lambda: measures.communities(graph), repeats)
    parts["brokerage"], _ = _seconds(lambda: brokerage.brokerage(graph), repeats)
    parts["single_points"], _ = _seconds(lambda: single_points(governance), repeats)
    figures["measure_s"] = parts

    # NetworkX's betweenness against govgraph's, where NetworkX can finish: the largest component.
    largest = graph.subgraph(components[0]).copy()
    figures["largest_component_betweenness_s"] = {
        "networkx": _seconds(lambda: nx.betweenness_centrality(largest))[0],
        "govgraph": _seconds(lambda: measures.betweenness(largest))[0],
    }
    figures["nx_parallel"] = _nx_parallel()

    # Sampled against exact betweenness.
    exact_s, exact = _seconds(lambda: measures.betweenness(graph))
    exact_top = _top(exact.values)
    samples = []
    for k in SAMPLE_KS:
        if k >= graph.number_of_nodes():
            break
        seconds, sampled = _seconds(partial(measures.betweenness, graph, k=k))
        top = _top(sampled.values)
        samples.append({"k": k, "seconds": seconds, "top20_same_set": set(top) == set(exact_top),
                        "top20_same_order": top == exact_top, "top20_shared": len(set(top) & set(exact_top))})
    figures["betweenness_exact_s"] = exact_s
    figures["betweenness_sampled"] = samples
    return figures


def _print(figures: dict[str, Any]) -> None:
    net = figures["network"]
    print(f"demo city organisation network: {net['nodes']} nodes, {net['ties']} ties, {net['components']} "
          f"components (largest {net['largest_component']}); exact betweenness work {net['betweenness_work']:,}")
    print(f"all measures, cold (pull included): {figures['all_measures_cold_s']:.2f} s   (goal <= 5 s)")
    print(f"all measures, cached:               {figures['all_measures_cached_ms']:.1f} ms  (goal <= 20 ms)")
    print(f"single points of failure, cold:     {figures['single_points_cold_s']:.2f} s")
    print(f"pull: organisations {figures['pull_organizations_s']:.2f} s, "
          f"governance {figures['pull_governance_s']:.2f} s")
    for name, seconds in figures["measure_s"].items():
        print(f"  {name:<15} {seconds:.3f} s")
    largest = figures["largest_component_betweenness_s"]
    print(f"betweenness of the largest component: NetworkX {largest['networkx']:.3f} s, govgraph "
          f"{largest['govgraph']:.3f} s")
    print(f"nx-parallel: {figures['nx_parallel']}")
    print(f"exact betweenness, whole city: {figures['betweenness_exact_s']:.2f} s")
    for sample in figures["betweenness_sampled"]:
        print(f"  k={sample['k']:<5} {sample['seconds']:.2f} s  top-20 same set: {sample['top20_same_set']}, "
              f"same order: {sample['top20_same_order']}, shared {sample['top20_shared']}/20")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    conn = db.connection()
    with db.driver(conn) as driver:
        if Analyst(driver, conn.database).version().number == 0:  # nothing loaded yet
            from loaders.demo.city import load_demo

            print("loading the demo city …")
            load_demo(driver, conn.database)
        figures = measure(driver, conn.database, args.repeats)
    _print(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
