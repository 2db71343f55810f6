"""Whole-network measures on a projection: centrality, structural holes, communities.

Each measure is the NetworkX definition (tests check the answers equal NetworkX
run directly on the same graph); where NetworkX's pure-Python loop or dense
matrix would not scale to a city, the same formula is computed on sparse
matrices with SciPy.

Conventions, as an analyst used to NetworkX, Gephi or UCINET would expect:

- **Paths count hops.** Betweenness and closeness use unweighted shortest
  paths: a tie passes information whatever its strength.
- **Strength counts.** PageRank, eigenvector centrality, Burt's constraint and
  effective size, and Louvain communities use the edge ``weight`` (the tie
  strength of graph/projections.py).
- **degree** is NetworkX's degree centrality (neighbours / (n - 1)); the raw
  count of neighbours and the weighted degree (``strength``) are given too.
- **betweenness** is exact (Brandes) up to ``EXACT_BETWEENNESS_LIMIT`` nodes
  and estimated from ``k`` sampled pivot nodes (seeded) above it, or whenever
  ``k`` is asked for; every answer states which was used and ``k``.
- **closeness** is NetworkX's, with the Wasserman–Faust correction for
  disconnected graphs (reach share x inverse mean distance).
- **eigenvector** is the leading eigenvector (ARPACK, falling back to power
  iteration); on a disconnected graph it concentrates on the component with
  the largest leading eigenvalue, and the answer says so; if neither method
  converges, the measure has no values and the answer says why.
- **constraint** (lower = more brokerage opportunity) and **effective_size**
  are undefined (NaN) for isolated nodes; those nodes are left out.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sparse
from scipy.sparse import csgraph

from graph.projections import AnalysisError, NodeKey

SEED = 20200701  # fixed, so sampled betweenness and Louvain give the same answer run after run
EXACT_BETWEENNESS_LIMIT = 3000  # nodes; above it betweenness is sampled
DEFAULT_PIVOTS = 500  # sampled betweenness pivots (top-20 checked against exact in bench/analysis_speed.py)
CLOSENESS_BLOCK = 512  # sources per block of the distance matrix (memory: block x n floats)


@dataclass(frozen=True)
class Measure:
    """One measure of every node of a projection, and how it was computed."""

    metric: str
    values: dict[NodeKey, float]
    method: str
    k: int | None = None  # pivots, for sampled betweenness
    notes: tuple[str, ...] = ()
    ascending: bool = False  # True when a low value is the notable one (constraint)

    def top(self, n: int | None = None) -> list[tuple[NodeKey, float]]:
        """Nodes ranked, the notable end first; ties broken by node key so the order is stable."""
        sign = 1 if self.ascending else -1
        ranked = sorted(self.values.items(), key=lambda item: (sign * item[1], item[0]))
        return ranked if n is None else ranked[:n]


# --- centrality ------------------------------------------------------------
def degree(graph: nx.Graph) -> Measure:
    return Measure("degree", nx.degree_centrality(graph), "exact")


def strength(graph: nx.Graph) -> Measure:
    return Measure("strength", {n: float(d) for n, d in graph.degree(weight="weight")}, "exact")


def betweenness(graph: nx.Graph, k: int | None = None, seed: int = SEED) -> Measure:
    """Normalised betweenness on hop paths; sampled with `k` pivots when asked or when the graph is large."""
    n = graph.number_of_nodes()
    if k is None and n > EXACT_BETWEENNESS_LIMIT:
        k = DEFAULT_PIVOTS
    if k is not None and k < 1:
        raise AnalysisError("k (pivots for sampled betweenness) must be at least 1")
    if k is None or k >= n:
        return Measure("betweenness", nx.betweenness_centrality(graph, normalized=True), "exact")
    values = nx.betweenness_centrality(graph, k=k, normalized=True, seed=seed)
    return Measure("betweenness", values, "sampled", k=k,
                   notes=(f"estimated from {k} of {n} source nodes chosen at random (seed {seed})",))


def _adjacency(graph: nx.Graph, weight: str | None) -> sparse.csr_array:
    return nx.to_scipy_sparse_array(graph, nodelist=list(graph), weight=weight, format="csr", dtype=float)


def closeness(graph: nx.Graph) -> Measure:
    """NetworkX's closeness (wf_improved) from breadth-first distances computed in C, a block of sources at a time."""
    nodes = list(graph)
    n = len(nodes)
    values: dict[NodeKey, float] = {}
    if n == 0:
        return Measure("closeness", values, "exact")
    adjacency = _adjacency(graph, None)
    for start in range(0, n, CLOSENESS_BLOCK):
        block = np.arange(start, min(start + CLOSENESS_BLOCK, n))
        dist = csgraph.shortest_path(adjacency, method="D", directed=False, unweighted=True, indices=block)
        reached = np.isfinite(dist)
        total = np.where(reached, dist, 0).sum(axis=1)
        others = reached.sum(axis=1) - 1.0  # nodes reached, not counting the source
        with np.errstate(divide="ignore", invalid="ignore"):
            score = np.where(total > 0, others / total * (others / max(n - 1, 1)), 0.0)
        values.update(zip((nodes[i] for i in block), score.tolist()))
    return Measure("closeness", values, "exact")


def pagerank(graph: nx.Graph) -> Measure:
    return Measure("pagerank", nx.pagerank(graph, weight="weight"), "exact",
                   notes=("damping 0.85, weighted by tie strength",))


def eigenvector(graph: nx.Graph) -> Measure:
    """Leading eigenvector of the weighted adjacency; ARPACK first, power iteration if it fails."""
    if graph.number_of_nodes() == 0:
        return Measure("eigenvector", {}, "none")
    notes: list[str] = []
    components = nx.number_connected_components(graph)
    if components > 1:
        notes.append(f"the network has {components} components: eigenvector centrality concentrates on the "
                     "component with the largest leading eigenvalue, nodes elsewhere score about 0")
    if graph.number_of_edges() == 0:
        return Measure("eigenvector", {}, "none", notes=(*notes, "no ties: eigenvector centrality is undefined"))
    try:
        values = nx.eigenvector_centrality_numpy(graph, weight="weight", max_iter=1000)
        return Measure("eigenvector", _positive(values), "ARPACK", notes=tuple(notes))
    except Exception as error:  # ARPACK refuses tiny graphs and may not converge; say so and try power iteration
        notes.append(f"ARPACK failed ({type(error).__name__}); power iteration used")
    try:
        values = nx.eigenvector_centrality(graph, weight="weight", max_iter=1000)
        return Measure("eigenvector", values, "power iteration", notes=tuple(notes))
    except nx.PowerIterationFailedConvergence:
        notes.append("power iteration did not converge in 1000 iterations: no values")
        return Measure("eigenvector", {}, "none", notes=tuple(notes))


def _positive(values: dict[NodeKey, float]) -> dict[NodeKey, float]:
    """Round-off can leave -0.0 or -1e-17 on nodes outside the dominant component."""
    return {node: max(value, 0.0) for node, value in values.items()}


# --- structural holes ------------------------------------------------------
def _mutual_shares(graph: nx.Graph) -> tuple[list[NodeKey], sparse.csr_array, sparse.csr_array, np.ndarray]:
    """Burt's p_ij (a_ij + a_ji over i's total) and the tie mask, as sparse matrices."""
    nodes = list(graph)
    adjacency = _adjacency(graph, "weight")
    mutual = (adjacency + adjacency.T).tocsr()
    mutual.setdiag(0)  # a self-tie is no contact
    mutual.eliminate_zeros()
    totals = np.asarray(mutual.sum(axis=1)).ravel()
    with np.errstate(divide="ignore"):
        inverse = np.where(totals > 0, 1.0 / totals, 0.0)
    shares = sparse.diags_array(inverse) @ mutual
    mask = (mutual > 0).astype(float)
    return nodes, sparse.csr_array(shares), sparse.csr_array(mask), totals


def constraint(graph: nx.Graph) -> Measure:
    """Burt's constraint c_i = sum over contacts j of (p_ij + sum_q p_iq p_qj)^2 — NetworkX's formula, sparse."""
    nodes, shares, mask, totals = _mutual_shares(graph)
    if not nodes:
        return Measure("constraint", {}, "exact", ascending=True)
    indirect = shares @ shares
    local = mask.multiply(shares + indirect)
    values = np.asarray(local.multiply(local).sum(axis=1)).ravel()
    result = {node: float(v) for node, v, t in zip(nodes, values, totals) if t > 0}
    return Measure("constraint", result, "exact", ascending=True,
                   notes=("isolated nodes have no constraint and are left out",) if len(result) < len(nodes) else ())


def effective_size(graph: nx.Graph) -> Measure:
    """Burt's effective size sum_j (1 - sum_q p_iq m_jq), m = mutual weight over j's largest — sparse."""
    nodes, shares, mask, totals = _mutual_shares(graph)
    if not nodes:
        return Measure("effective_size", {}, "exact")
    adjacency = _adjacency(graph, "weight")
    mutual = (adjacency + adjacency.T).tocsr()
    mutual.setdiag(0)
    mutual.eliminate_zeros()
    largest = mutual.max(axis=1).toarray().ravel()
    with np.errstate(divide="ignore"):
        marginal = sparse.diags_array(np.where(largest > 0, 1.0 / largest, 0.0)) @ mutual
    redundancy = mask.multiply(shares @ sparse.csr_array(marginal).T)
    contacts = np.asarray(mask.sum(axis=1)).ravel()
    values = contacts - np.asarray(redundancy.sum(axis=1)).ravel()
    result = {node: float(v) for node, v, t in zip(nodes, values, totals) if t > 0}
    return Measure("effective_size", result, "exact",
                   notes=("isolated nodes have no effective size and are left out",) if len(result) < len(nodes) else ())


# --- communities -----------------------------------------------------------
@dataclass(frozen=True)
class Communities:
    groups: tuple[frozenset[NodeKey], ...]  # largest first
    modularity: float
    resolution: float
    seed: int
    membership: dict[NodeKey, int] = field(default_factory=dict)  # node -> index in groups


def communities(graph: nx.Graph, resolution: float = 1.0, seed: int = SEED) -> Communities:
    """Louvain communities (NetworkX, seeded) on tie strength, largest first, with the partition's modularity."""
    if resolution <= 0:
        raise AnalysisError("resolution must be positive")
    if graph.number_of_nodes() == 0:
        return Communities((), 0.0, resolution, seed)
    found = nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed)
    groups = tuple(sorted((frozenset(c) for c in found), key=lambda c: (-len(c), min(c))))
    quality = nx.community.modularity(graph, groups, weight="weight", resolution=resolution) \
        if graph.number_of_edges() else 0.0
    membership = {node: index for index, group in enumerate(groups) for node in group}
    return Communities(groups, quality, resolution, seed, membership)


# --- registry --------------------------------------------------------------
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


def compute(graph: nx.Graph, metric: str, **options: Any) -> Measure:
    """The measure `metric` of every node; `options` (k, seed) go to betweenness only."""
    if metric not in METRICS:
        raise AnalysisError(f"unknown metric {metric!r}: expected one of {', '.join(METRICS)}")
    if metric == "betweenness":
        return betweenness(graph, **options)
    return METRICS[metric](graph)


def finite(value: float) -> float | None:
    return value if value is not None and math.isfinite(value) else None
