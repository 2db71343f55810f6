"""The network questions, answered on projections and cached against the graph version.

One place that turns (question, projection, area, date, options) into an
answer, for the CLI (`govgraph analyze`), the export and the GraphQL API:

- ``centrality``: a measure of graph/algorithms/measures.py (metric, optional k for betweenness and closeness);
- ``brokerage``: Gould–Fernandez role counts across sectors (graph/algorithms/brokerage.py);
- ``communities``: Louvain communities and modularity;
- ``single_points``: articulation points and bridges and the compounds they
  cut off from their street (graph/algorithms/cutpoints.py);
- ``profile``: every measure of every node at once (write-back, export).

`Analyst` (sync driver) and `AsyncAnalyst` (async driver, for the API) share
one cache of answers (`CACHE`) and one of projections (`GRAPHS`), keyed on the graph version: a repeated question is an
in-memory lookup after one small version query; a load bumps the version, so
the next question is computed afresh. The key is the version number together
with the time of the last load (`Version`), because wiping a database resets
the number. NetworkX work never runs on the event
loop (AsyncAnalyst sends it to a worker thread).
"""
from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, NamedTuple, TypeVar

import networkx as nx
from neo4j import AsyncDriver, Driver

from graph.algorithms import brokerage as brokerage_roles
from graph.store import queries
from graph.algorithms import cutpoints, measures
from graph import ontology
from graph.analysis.cache import AnalysisCache
from graph.store.bulk import cyclic_gc_paused
from graph.analysis.projections import AnalysisError, NodeKey, Scope, apull, projection, pull

T = TypeVar("T")

CACHE = AnalysisCache(max_entries=128)  # answers
GRAPHS = AnalysisCache(max_entries=8)  # projections: a city's governance network is tens of MB


# --- the questions -----------------------------------------------------------
@dataclass(frozen=True)
class Profile:
    """Every measure of every node of a projection: what `govgraph analyze` writes back and exports carry."""

    values: dict[NodeKey, dict[str, float | int | None]]
    methods: dict[str, str]  # metric -> how it was computed ("exact", "sampled (k=500)" …)
    modularity: float


def _centrality(graph: nx.Graph, metric: str, k: int | None = None) -> measures.Measure:
    return measures.compute(graph, metric, **({"k": k} if k is not None and metric in measures.SAMPLED else {}))


def _brokerage(graph: nx.Graph) -> dict[NodeKey, brokerage_roles.Roles]:
    return brokerage_roles.brokerage(graph, "sector")


def _communities(graph: nx.Graph, resolution: float = 1.0) -> measures.Communities:
    return measures.communities(graph, resolution=resolution)


def _single_points(graph: nx.Graph) -> cutpoints.SinglePoints:
    return cutpoints.single_points(graph)


def _profile(graph: nx.Graph, k: int | None = None) -> Profile:
    values: dict[NodeKey, dict[str, float | int | None]] = {
        node: {"degree": graph.degree(node)} for node in graph}
    methods: dict[str, str] = {}
    for metric in measures.METRICS:
        # The profile's k is betweenness's pivots (`govgraph analyze --k`); closeness, searched breadth-first
        # far faster, chooses its own pivots, and only past its budget.
        measure = _centrality(graph, metric, k if metric == "betweenness" else None)
        name = "degree_centrality" if metric == "degree" else metric
        methods[name] = measure.method + (f" (k={measure.k})" if measure.k else "")
        for node in graph:
            values[node][name] = measures.finite(measure.values.get(node, float("nan")))
    found = _communities(graph)
    for node in graph:
        values[node]["community"] = found.membership.get(node)
    for node, roles in _brokerage(graph).items():
        values[node].update({f"brokerage_{role}": count for role, count in roles.as_dict().items()})
    return Profile(values, methods, found.modularity)


QUESTIONS: dict[str, Callable[..., Any]] = {
    "centrality": _centrality,
    "brokerage": _brokerage,
    "communities": _communities,
    "single_points": _single_points,
    "profile": _profile,
}

# The node properties `govgraph analyze` writes on organisations, described as the ontology describes props,
# so the API and docs can derive fields from them (they are not loaded from files, hence not in the ontology).
MEASURE_PROPS: tuple[ontology.Prop, ...] = (
    ontology.Prop("degree", "int", "度数", description="organisations tied to this one in the organisation network"),
    ontology.Prop("degree_centrality", "float", "度中心性", description="degree / (n - 1)"),
    ontology.Prop("strength", "float", "加权度", description="sum of tie strengths"),
    ontology.Prop("betweenness", "float", "中介中心性", description="normalised; exact or sampled, see GraphMeta"),
    ontology.Prop("closeness", "float", "接近中心性", description="Wasserman–Faust closeness"),
    ontology.Prop("pagerank", "float", "PageRank", description="weighted by tie strength"),
    ontology.Prop("eigenvector", "float", "特征向量中心性", description="weighted by tie strength"),
    ontology.Prop("constraint", "float", "网络约束", description="Burt's constraint; low = structural holes"),
    ontology.Prop("effective_size", "float", "有效规模", description="Burt's effective size"),
    ontology.Prop("community", "int", "社群", description="Louvain community, 0 = largest"),
    *(ontology.Prop(f"brokerage_{role}", "int", f"中介角色:{brokerage_roles.ROLE_LABEL_ZH.get(role, '合计')}",
                    description=f"Gould–Fernandez {role} paths across sectors")
      for role in (*brokerage_roles.ROLES, "total")),
    ontology.Prop("cut_compounds", "int", "单点失效影响院落",
                  description="compounds cut off from their street if this organisation is lost"),
    ontology.Prop("analysis_version", "int", "分析所用图版本", description="graph version the measures were computed on"),
)


def _options_key(options: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(options.items()))


def check(question: str, projection_name: str, options: dict[str, Any]) -> None:
    """Reject a bad question before any work (clear message naming the argument)."""
    if question not in QUESTIONS:
        raise AnalysisError(f"unknown question {question!r}: expected one of {', '.join(QUESTIONS)}")
    projection(projection_name)
    metric = options.get("metric")
    if question == "centrality" and metric not in measures.METRICS:
        raise AnalysisError(f"unknown metric {metric!r}: expected one of {', '.join(measures.METRICS)}")
    k = options.get("k")
    if k is not None and (not isinstance(k, int) or k < 1):
        raise AnalysisError(f"k must be a whole number of pivots >= 1, not {k!r}")
    if k is not None and question == "centrality" and metric not in measures.SAMPLED:
        raise AnalysisError(f"k (sampled pivots) applies to {' and '.join(measures.SAMPLED)} only, not {metric}")


class Version(NamedTuple):
    """What analysis caches are keyed on: ordered by when the graph last changed, then by its version number."""

    stamp: str  # GraphMeta.updated_at, set by every load ('' before the first)
    number: int  # GraphMeta.version (graph.db.graph_version)


@dataclass(frozen=True)
class Answer(Generic[T]):
    value: T
    graph: nx.Graph  # the projection answered on: node attributes link results back to nodes
    graph_version: int
    cached: bool
    seconds: float
    scope: Scope = field(default_factory=Scope.of)


def _answer(question: str, graph: nx.Graph, options: dict[str, Any]) -> Any:
    with cyclic_gc_paused():  # measures make many short-lived objects and no cycles worth collecting
        return QUESTIONS[question](graph, **options)


def _key(version: Version, name: str, scope: Scope, question: str, options: dict[str, Any]) -> tuple[Any, ...]:
    return (version, name, scope.area_id, scope.as_of.isoformat(), question, _options_key(options))


class Analyst:
    """Network questions over a sync driver (CLI, export, bench)."""

    def __init__(self, driver: Driver, database: str | None = None, cache: AnalysisCache | None = None) -> None:
        self.driver, self.database = driver, database
        self.cache = CACHE if cache is None else cache
        self.graphs = GRAPHS if cache is None else cache

    def version(self) -> Version:
        records, _, _ = self.driver.execute_query(queries.query("analysis_graph_version"), database_=self.database,
                                                  routing_="r")
        return Version(records[0]["stamp"], records[0]["version"])

    def graph(self, name: str, scope: Scope, version: Version | None = None) -> nx.Graph:
        version = self.version() if version is None else version
        graph, _ = self.graphs.get_or_compute(_key(version, name, scope, "graph", {}),
                                             lambda: pull(self.driver, self.database, name, scope))
        return graph

    def ask(self, question: str, name: str, area_id: str | None = None, as_of: date | None = None,
            **options: Any) -> Answer[Any]:
        check(question, name, options)
        began, scope = time.perf_counter(), Scope.of(area_id, as_of)
        version = self.version()

        def compute() -> tuple[Any, nx.Graph]:
            graph = self.graph(name, scope, version)
            return _answer(question, graph, options), graph

        # The answer is kept with the projection it describes, so a cached answer never needs a pull.
        (value, graph), cached = self.cache.get_or_compute(_key(version, name, scope, question, options), compute)
        return Answer(value, graph, version.number, cached, time.perf_counter() - began, scope)


class AsyncAnalyst:
    """Network questions over an async driver (the API): Neo4j I/O awaited, NetworkX in a worker thread."""

    def __init__(self, driver: AsyncDriver, database: str | None = None, cache: AnalysisCache | None = None) -> None:
        self.driver, self.database = driver, database
        self.cache = CACHE if cache is None else cache
        self.graphs = GRAPHS if cache is None else cache

    async def version(self) -> Version:
        records, _, _ = await self.driver.execute_query(queries.query("analysis_graph_version"),
                                                        database_=self.database, routing_="r")
        return Version(records[0]["stamp"], records[0]["version"])

    async def graph(self, name: str, scope: Scope, version: Version | None = None) -> nx.Graph:
        version = await self.version() if version is None else version
        key = _key(version, name, scope, "graph", {})
        found, graph = self.graphs.peek(key)
        if not found:
            graph = await apull(self.driver, self.database, name, scope)
            self.graphs.put(key, graph)
        return graph

    async def ask(self, question: str, name: str, area_id: str | None = None, as_of: date | None = None,
                  **options: Any) -> Answer[Any]:
        check(question, name, options)
        began, scope = time.perf_counter(), Scope.of(area_id, as_of)
        version = await self.version()
        key = _key(version, name, scope, question, options)
        found, kept = self.cache.peek(key)
        if found:
            value, graph = kept
            return Answer(value, graph, version.number, True, time.perf_counter() - began, scope)
        graph = await self.graph(name, scope, version)
        (value, graph), cached = await asyncio.to_thread(
            self.cache.get_or_compute, key, lambda: (_answer(question, graph, options), graph))
        return Answer(value, graph, version.number, cached, time.perf_counter() - began, scope)
