"""The network questions, answered on projections and cached against the graph version.

One place that turns (question, projection, area, date, options) into an
answer, for the CLI (`govgraph analyze`), the export and the GraphQL API:

- ``centrality``: a measure of graph/algorithms/measures.py (metric, optional k for betweenness and closeness);
- ``brokerage``: Gould–Fernandez role counts across sectors (graph/algorithms/brokerage.py);
- ``communities``: Louvain communities and modularity (graph/algorithms/communities.py);
- ``single_points``: articulation points and bridges and the compounds they
  cut off from their street (graph/algorithms/cutpoints.py, given the ontology's street and compound levels);
- ``profile``: every measure of every node at once (write-back, export).

The answering is written once, as steps (graph/analysis/steps.py): `Analyst` runs them over a sync driver
(CLI, export, bench), `AsyncAnalyst` over an async one (the API: Neo4j I/O awaited, NetworkX in a worker
thread, never on the event loop). Both share one cache of answers (`CACHE`) and one of projections
(`GRAPHS`), keyed on the graph version (graph/store/version.py): a repeated question is an in-memory lookup
after one small version query; a load bumps the version, so the next question is computed afresh; an
identical question asked while one is computing waits for that one (graph/analysis/cache.py).
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar

import networkx as nx
from neo4j import AsyncDriver, Driver

from graph import ontology
from graph.algorithms import brokerage as brokerage_roles
from graph.algorithms import communities as louvain
from graph.algorithms import cutpoints, measures
from graph.analysis import steps
from graph.analysis.cache import AnalysisCache
from graph.analysis.projections import AREA, AnalysisError, NodeKey, Scope, projection, pulling
from graph.analysis.steps import Steps, Work, cached, read
from graph.store import version as graph_meta
from graph.store.bulk import cyclic_gc_paused
from graph.store.version import Version

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


def _communities(graph: nx.Graph, resolution: float = 1.0) -> louvain.Communities:
    return louvain.communities(graph, resolution=resolution)


def single_points(graph: nx.Graph) -> cutpoints.SinglePoints:
    """Single points of failure of a projection: on the governance projection, what cuts each compound off
    from its street (the ontology's STREET_LEVEL and COMPOUND_LEVEL, through the WITHIN hierarchy the
    projection keeps in its `parent` attribute); on any, its articulation points and bridges."""
    areas = {node for node, family in graph.nodes(data="family") if family == AREA}
    kinds = graph.nodes(data="kind")
    return cutpoints.single_points(
        graph, roots=sorted(n for n in areas if kinds[n] == ontology.STREET_LEVEL),
        targets={n for n in areas if kinds[n] == ontology.COMPOUND_LEVEL}, junctions=areas,
        parent={(AREA, child): (AREA, up) for child, up in graph.graph.get("parent", {}).items()})


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
    "single_points": single_points,
    "profile": _profile,
}


def _options_key(options: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(options.items()))


def check(question: str, projection_name: str, options: dict[str, Any]) -> None:
    """Reject a bad question before any work (AnalysisError: a clear message naming the argument), so the
    algorithms' own ValueErrors are never reached."""
    if question not in QUESTIONS:
        raise AnalysisError(f"unknown question {question!r}: expected one of {', '.join(QUESTIONS)}",
                            argument="question")
    projection(projection_name)
    metric = options.get("metric")
    if question == "centrality" and metric not in measures.METRICS:
        raise AnalysisError(f"unknown metric {metric!r}: expected one of {', '.join(measures.METRICS)}",
                            argument="metric")
    k = options.get("k")
    if k is not None and (not isinstance(k, int) or k < 1):
        raise AnalysisError(f"k must be a whole number of pivots >= 1, not {k!r}", argument="k")
    if k is not None and question == "centrality" and metric not in measures.SAMPLED:
        raise AnalysisError(f"k (sampled pivots) applies to {' and '.join(measures.SAMPLED)} only, not {metric}",
                            argument="k")
    resolution = options.get("resolution")
    if resolution is not None and not resolution > 0:
        raise AnalysisError("resolution must be positive", argument="resolution")


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


def key(version: Version, name: str, scope: Scope | None, question: str,
        options: dict[str, Any]) -> tuple[Any, ...]:
    """What an answer is cached under: the graph version first (graph/analysis/cache.py), then the question."""
    area, as_of = (scope.area_id, scope.as_of.isoformat()) if scope is not None else (None, None)
    return (version, name, area, as_of, question, _options_key(options))


def reading_version() -> Steps[Version]:
    (rows,) = yield read((graph_meta.READ, {}))
    return graph_meta.from_rows(rows)


class _Analysis:
    """The questions as steps, written once for both drivers; Analyst and AsyncAnalyst run them."""

    def __init__(self, database: str | None = None, cache: AnalysisCache | None = None) -> None:
        self.database = database
        self.cache = CACHE if cache is None else cache
        self.graphs = GRAPHS if cache is None else cache

    def graphing(self, name: str, scope: Scope, version: Version | None = None) -> Steps[nx.Graph]:
        version = (yield from reading_version()) if version is None else version
        graph, _ = yield from cached(self.graphs, key(version, name, scope, "graph", {}),
                                     lambda: pulling(name, scope))
        return graph

    def asking(self, question: str, name: str, area_id: str | None = None, as_of: date | None = None,
               **options: Any) -> Steps[Answer[Any]]:
        check(question, name, options)
        began, scope = time.perf_counter(), Scope.of(area_id, as_of)
        version = yield from reading_version()

        def compute() -> Steps[tuple[Any, nx.Graph]]:
            graph = yield from self.graphing(name, scope, version)
            return (yield Work(lambda: _answer(question, graph, options))), graph

        # The answer is kept with the projection it describes, so a cached answer never needs a pull.
        (value, graph), hit = yield from cached(self.cache, key(version, name, scope, question, options), compute)
        return Answer(value, graph, version.number, hit, time.perf_counter() - began, scope)


class Analyst(_Analysis):
    """Network questions over a sync driver (CLI, export, bench)."""

    def __init__(self, driver: Driver, database: str | None = None, cache: AnalysisCache | None = None) -> None:
        super().__init__(database, cache)
        self.driver = driver

    def version(self) -> Version:
        return steps.run(reading_version(), self.driver, self.database)

    def graph(self, name: str, scope: Scope, version: Version | None = None) -> nx.Graph:
        return steps.run(self.graphing(name, scope, version), self.driver, self.database)

    def ask(self, question: str, name: str, area_id: str | None = None, as_of: date | None = None,
            **options: Any) -> Answer[Any]:
        return steps.run(self.asking(question, name, area_id, as_of, **options), self.driver, self.database)


class AsyncAnalyst(_Analysis):
    """Network questions over an async driver (the API): Neo4j I/O awaited, NetworkX in a worker thread."""

    def __init__(self, driver: AsyncDriver, database: str | None = None, cache: AnalysisCache | None = None) -> None:
        super().__init__(database, cache)
        self.driver = driver

    async def version(self) -> Version:
        return await steps.arun(reading_version(), self.driver, self.database)

    async def graph(self, name: str, scope: Scope, version: Version | None = None) -> nx.Graph:
        return await steps.arun(self.graphing(name, scope, version), self.driver, self.database)

    async def ask(self, question: str, name: str, area_id: str | None = None, as_of: date | None = None,
                  **options: Any) -> Answer[Any]:
        return await steps.arun(self.asking(question, name, area_id, as_of, **options), self.driver, self.database)
