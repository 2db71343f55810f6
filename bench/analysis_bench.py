"""Analysis: the time of each NetworkX measure at each scale, and exact against sampled betweenness.

Built from the analysis's own pieces (graph/analysis/analyst.py, graph/algorithms/measures.py,
and bench/analysis_speed.py's choice of pivots and top-n), bounded so a
province still finishes: each measure is timed once on the organisation
network pulled from Neo4j, as computed by default (closeness and betweenness
sample their large components past their own budgets, so they are bounded
at every scale); exact betweenness (every component searched in full) runs
only while its work — node and tie visits, as `measures.betweenness_work`
counts them — fits EXACT_BUDGET, and sampled betweenness is timed at the
pivots analysis_speed tries, each compared with the exact top 20.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from bench import analysis_speed
from bench.settings import Settings
from bench.target import Target
from graph.algorithms import brokerage, measures
from graph.analysis.analyst import Analyst, single_points
from graph.analysis.cache import AnalysisCache
from graph.analysis.projections import Scope, pull

# Exact betweenness is run while it costs at most this many visits — the ×10 city's 8 billion (about 4 minutes
# at the ~30 ns a visit of graph/algorithms/betweenness.py) fits, so exact and sampled are compared at ×10 too,
# while a province is far beyond; each sampled one while it costs at most what the API computes exactly (about
# 10 s). Beyond, the report says what it would cost.
EXACT_BUDGET = 10_000_000_000
SAMPLE_BUDGET = measures.EXACT_BETWEENNESS_WORK
QUICK_KS = (100, 500)


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    began = time.perf_counter()
    result = work()
    return time.perf_counter() - began, result


def _top_ids(measure: measures.Measure) -> list[Any]:
    return [node for node, _ in measure.top(analysis_speed.TOP)]


def betweenness(graph: Any, settings: Settings) -> dict:
    """Exact (when affordable) against sampled with growing k: time and how much of the top 20 they share."""
    n = graph.number_of_nodes()
    work = measures.betweenness_work(graph)
    result: dict[str, Any] = {"work": work, "exact_budget": EXACT_BUDGET}
    exact_top: list[Any] | None = None
    if work <= EXACT_BUDGET:
        # k = n makes every component exact (no component is larger than its share of n pivots).
        result["exact_s"], exact = _timed(lambda: measures.betweenness(graph, k=n))
        exact_top = _top_ids(exact)
    samples = []
    for k in QUICK_KS if settings.quick else analysis_speed.SAMPLE_KS:
        if k >= n:
            break
        if work * k / n > SAMPLE_BUDGET:  # each pivot searches about work / n visits
            result["samples_stopped"] = f"k={k} would take about {work * k // n:,} visits (budget {SAMPLE_BUDGET:,})"
            break
        seconds, sampled = _timed(partial(measures.betweenness, graph, k=k))
        row: dict[str, Any] = {"k": sampled.k or k, "method": sampled.method, "seconds": round(seconds, 3)}
        if exact_top is not None:
            row["top20_overlap"] = len(set(_top_ids(sampled)) & set(exact_top))
            row["top20_same_order"] = _top_ids(sampled) == exact_top
        samples.append(row)
    result["samples"] = samples
    # The headline pair: the smallest k whose top 20 is the exact one (else the largest k tried).
    if samples:
        best = next((s for s in samples if s.get("top20_overlap") == analysis_speed.TOP), samples[-1])
        result.update(k=best["k"], sampled_s=best["seconds"], top20_overlap=best.get("top20_overlap"))
        if "exact_s" in result:
            result["exact_s"] = round(result["exact_s"], 3)
            result["speedup"] = round(result["exact_s"] / best["seconds"], 2) if best["seconds"] else None
    return result


def _costly_betweenness(graph: Any) -> str | None:
    """Why betweenness as govgraph computes it by default (exact, or sampled past its budget) is not timed here."""
    n, work = graph.number_of_nodes(), measures.betweenness_work(graph)
    if work <= measures.EXACT_BETWEENNESS_WORK or not n:
        return None
    pivots = max(measures.MIN_PIVOTS, math.ceil(n * measures.EXACT_BETWEENNESS_WORK / work))
    visits = work * pivots // n
    if visits <= EXACT_BUDGET:
        return None
    return f"not run: sampled with {pivots} pivots it would take about {visits:,} visits (budget {EXACT_BUDGET:,})"


def run(target: Target, settings: Settings) -> dict:
    driver, database = target.driver, target.conn.database
    pull_s, graph = _timed(lambda: pull(driver, database, "organizations", Scope.of()))
    governance_s, governance = _timed(lambda: pull(driver, database, "governance", Scope.of()))
    # The sparse matrices and components the measures share, built once per graph: timed on their own so the
    # first measure to need them is not charged for them.
    structure_s, _ = _timed(lambda: measures.structure(graph))
    costly = _costly_betweenness(graph)

    result: dict[str, Any] = {
        "network": {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
                    "largest_component": int(measures.structure(graph).sizes.max(initial=0)),
                    "closeness_cells": measures.closeness_cells(graph),
                    "governance_nodes": governance.number_of_nodes()},
        "all_measures_cold_s": None, "all_measures_cached_ms": None,
    }
    if costly:  # the profile computes betweenness as the API does
        result["all_measures_note"] = costly
    else:
        # Every measure at once as `govgraph analyze` and the API ask for it: cold (pull included), then cached.
        analyst = Analyst(driver, database, cache=AnalysisCache())
        cold_s, _ = _timed(lambda: analyst.ask("profile", "organizations"))
        cached_s, _ = _timed(lambda: analyst.ask("profile", "organizations"))
        result.update(all_measures_cold_s=round(cold_s, 3), all_measures_cached_ms=round(cached_s * 1000, 3))

    timed: list[dict[str, Any]] = [{"measure": "pull (organisation network)", "seconds": pull_s},
                                   {"measure": "pull (governance network)", "seconds": governance_s},
                                   {"measure": "structure (shared matrices)", "seconds": structure_s}]
    for metric in measures.METRICS:
        if metric == "betweenness" and costly:
            timed.append({"measure": metric, "seconds": None, "note": costly})
            continue
        seconds, answer = _timed(partial(measures.compute, graph, metric))
        timed.append({"measure": metric, "seconds": seconds, "note": f"{answer.method}"
                                                                     + (f" (k={answer.k})" if answer.k else "")})
    timed.append({"measure": "louvain", "seconds": _timed(lambda: measures.communities(graph))[0]})
    timed.append({"measure": "brokerage", "seconds": _timed(lambda: brokerage.brokerage(graph))[0]})
    timed.append({"measure": "single_points", "seconds": _timed(lambda: single_points(governance))[0]})
    for row in timed:
        if row["seconds"] is not None:
            row["seconds"] = round(row["seconds"], 4)
    result["measures"] = timed
    result["betweenness"] = betweenness(graph, settings)
    return result
