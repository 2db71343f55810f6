"""The node measures by name, and the conventions they share: what `govgraph analyze` and the API compute.

Each measure is the NetworkX definition, and tests check the answers equal NetworkX run directly on the same
graph (tests/test_analysis_measures.py, tests/test_analysis_karate.py). Where NetworkX's implementation does
not scale to a city — a city's organisation network is thousands of small components and one large one —
the same formula is computed so that it does, in the module of each measure:

============== ==================== ===================================================================
metric         module               what is computed
============== ==================== ===================================================================
degree         centrality           NetworkX's degree centrality (neighbours / (n - 1))
strength       centrality           the weighted degree
betweenness    betweenness          Brandes on hop paths, as sparse products; exact or pivot-sampled
closeness      closeness            Wasserman–Faust; exact or with sampled mean distances (Eppstein–Wang)
pagerank       centrality           NetworkX's PageRank on tie strength
eigenvector    eigenvector          the unit leading eigenvector, found per component
constraint     structural_holes     Burt's constraint (the lowest are the notable ones)
effective_size structural_holes     Burt's effective size
============== ==================== ===================================================================

Conventions, as an analyst used to NetworkX, Gephi or UCINET would expect: **paths count hops**
(betweenness, closeness); **strength counts** (PageRank, eigenvector, Burt's measures and Louvain use the
edge ``weight``); sampled answers say so, with their ``k`` and seed (`SEED`); measures undefined for a node
leave it out (constraint and effective size of an isolated node).

Example:

>>> import networkx as nx
>>> compute(nx.path_graph(3), "betweenness").values
{0: 0.0, 1: 1.0, 2: 0.0}
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import networkx as nx

from graph.algorithms._bfs import SMALL_COMPONENT
from graph.algorithms._measure import SEED, Measure, finite
from graph.algorithms.betweenness import EXACT_BETWEENNESS_WORK, MIN_PIVOTS, SEARCH_CELLS, betweenness, betweenness_work
from graph.algorithms.centrality import degree, pagerank, strength
from graph.algorithms.closeness import CLOSENESS_PIVOTS, EXACT_CLOSENESS_CELLS, SEARCH_BITS, closeness, closeness_cells
from graph.algorithms.communities import Communities, communities
from graph.algorithms.eigenvector import eigenvector
from graph.algorithms.structural_holes import constraint, effective_size
from graph.algorithms.structure import Structure, structure

__all__ = [
    "CLOSENESS_PIVOTS", "EXACT_BETWEENNESS_WORK", "EXACT_CLOSENESS_CELLS", "METRICS", "MIN_PIVOTS", "SAMPLED",
    "SEARCH_BITS", "SEARCH_CELLS", "SEED", "SMALL_COMPONENT", "Communities", "Measure", "Structure", "betweenness",
    "betweenness_work", "closeness", "closeness_cells", "communities", "compute", "constraint", "degree",
    "effective_size", "eigenvector", "finite", "pagerank", "strength", "structure",
]

METRICS: dict[str, Callable[..., Measure]] = {
    "degree": degree,
    "strength": strength,
    "betweenness": betweenness,
    "closeness": closeness,
    "pagerank": pagerank,
    "eigenvector": eigenvector,
    "constraint": constraint,
    "effective_size": effective_size,
}

SAMPLED = ("betweenness", "closeness")  # the measures that can be estimated from pivots: they take k and seed


def compute(graph: nx.Graph, metric: str, **options: Any) -> Measure:
    """The measure `metric` of every node; `options` (k, seed) go to the SAMPLED measures only.

    Raises ValueError for a metric not in METRICS (or a k below 1)."""
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}: expected one of {', '.join(METRICS)}")
    if metric in SAMPLED:
        return METRICS[metric](graph, **options)
    return METRICS[metric](graph)
