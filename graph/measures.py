"""Whole-network measures on a projection: centrality, structural holes, communities.

Each measure is the NetworkX definition, and tests check the answers equal
NetworkX run directly on the same graph. Where NetworkX's implementation does
not scale to a city — a city's organisation network is thousands of small
components — the same formula is computed so that it does: Brandes' searches
that touch only the component searched, breadth-first distances in C (SciPy
csgraph), sparse matrices, eigenpairs per component.

Conventions, as an analyst used to NetworkX, Gephi or UCINET would expect:

- **Paths count hops.** Betweenness and closeness use unweighted shortest
  paths: a tie passes information whatever its strength.
- **Strength counts.** PageRank, eigenvector centrality, Burt's constraint and
  effective size, and Louvain communities use the edge ``weight`` (the tie
  strength of graph/projections.py).
- **degree** is NetworkX's degree centrality (neighbours / (n - 1)); the
  weighted degree is ``strength``.
- **betweenness** is exact (Brandes) unless exact would cost more than
  ``EXACT_BETWEENNESS_WORK`` node visits; then, or whenever ``k`` is asked
  for, it is estimated from ``k`` pivot nodes sampled with a fixed seed,
  stratified by component (small components exact, pivots shared by size
  among the large ones, each scaled as ``nx.betweenness_centrality(k=…,
  seed=…)`` scales them). Every answer states which was used and ``k``.
- **closeness** is NetworkX's, with the Wasserman–Faust correction for
  disconnected graphs (reach share x inverse mean distance).
- **eigenvector** is the unit leading eigenvector; on a disconnected graph it
  lives on the component with the largest leading eigenvalue (other nodes
  score 0), and the answer says so.
- **constraint** (lower = more brokerage opportunity) and **effective_size**
  are undefined for isolated nodes; those nodes are left out.
- **communities** are NetworkX's seeded Louvain; isolated nodes are
  communities of one.
"""
from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sparse
from scipy.sparse import csgraph
from scipy import linalg as dense_linalg
from scipy.sparse import linalg as sparse_linalg

from graph.projections import AnalysisError, NodeKey

SEED = 20200701  # fixed, so sampled betweenness and Louvain give the same answer run after run
EXACT_BETWEENNESS_WORK = 20_000_000  # node and tie visits (~10 s of Python); above it betweenness is sampled
MIN_PIVOTS = 500  # sampled betweenness pivots at least (top-20 checked against exact in bench/analysis_speed.py)
SMALL_COMPONENT = 100  # nodes; components this small get exact betweenness even when sampling
CLOSENESS_CELLS = 4_000_000  # distance-matrix cells computed at once (32 MB)


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


@dataclass(frozen=True)
class Structure:
    """A projection as matrices, built once per graph and shared by the measures that need them."""

    nodes: list[NodeKey]  # in the graph's order; row i of `weights` is nodes[i]
    weights: sparse.csr_array  # symmetric tie strengths
    label: np.ndarray  # component of each node, numbered in order of each component's first node
    sizes: np.ndarray  # nodes per component
    ties: np.ndarray  # ties per component

    def components(self) -> list[list[NodeKey]]:
        """The components, each in the graph's node order."""
        order = np.argsort(self.label, kind="stable")
        bounds = np.cumsum(self.sizes)[:-1]
        return [[self.nodes[i] for i in part] for part in np.split(order, bounds)]


def structure(graph: nx.Graph) -> Structure:
    """The graph's Structure, kept in `graph.graph` (projections are never changed once built; a changed node
    or tie count rebuilds it)."""
    signature = (graph.number_of_nodes(), graph.number_of_edges())
    kept = graph.graph.get("_structure")
    if kept is not None and kept[0] == signature:
        return kept[1]
    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    rows, cols, values = [], [], []
    for u, v, weight in graph.edges(data="weight", default=1.0):
        if u != v:
            rows.append(index[u])
            cols.append(index[v])
            values.append(float(weight))
    n = len(nodes)
    half = sparse.coo_array((values, (rows, cols)), shape=(n, n))
    weights = sparse.csr_array(half + half.T)
    count, label = csgraph.connected_components(weights, directed=False)
    sizes = np.bincount(label, minlength=count)
    ties = np.bincount(label[np.asarray(rows, dtype=int)], minlength=count)
    built = Structure(nodes, weights, label, sizes, ties)
    graph.graph["_structure"] = (signature, built)
    return built


def betweenness_work(graph: nx.Graph) -> int:
    """Node and tie visits exact betweenness makes: a breadth-first search from every node, within its component."""
    shape = structure(graph)
    return int((shape.sizes.astype(np.int64) * (shape.sizes + 2 * shape.ties)).sum())


def _brandes(graph: nx.Graph, sources: list[NodeKey], raw: dict[NodeKey, float]) -> None:
    """Brandes' accumulation from `sources` into `raw`, unscaled — NetworkX's loop, but touching only the nodes
    each search reaches: NetworkX starts every search with a dict over all n nodes, which on a city of many
    small components is quadratic (7 minutes instead of about a second on the demo city)."""
    adjacency = graph.adj
    for s in sources:
        order, preds, sigma, dist = [], {s: []}, {s: 1.0}, {s: 0}
        queue = deque([s])
        while queue:
            v = queue.popleft()
            order.append(v)
            dv, sv = dist[v] + 1, sigma[v]
            for w in adjacency[v]:
                if w not in dist:
                    queue.append(w)
                    dist[w], sigma[w], preds[w] = dv, 0.0, []
                if dist[w] == dv:
                    sigma[w] += sv
                    preds[w].append(v)
        delta = dict.fromkeys(order, 0.0)
        while order:
            w = order.pop()
            coeff = (1 + delta[w]) / sigma[w]
            for v in preds[w]:
                delta[v] += sigma[v] * coeff
            if w != s:
                raw[w] += delta[w]


def betweenness(graph: nx.Graph, k: int | None = None, seed: int = SEED) -> Measure:
    """NetworkX's normalised betweenness on hop paths: exact, or estimated from `k` sampled pivots.

    Sampled when `k` is asked for, or when exact would take more than EXACT_BETWEENNESS_WORK visits (then k
    is what fits in that budget, at least MIN_PIVOTS). Sampling is stratified by component, because a path
    never leaves its component and a city is thousands of small ones: components of at most SMALL_COMPONENT
    nodes are always exact (cheap), and the k pivots are shared among the larger components in proportion to
    their size. Within a component, pivots are drawn and scaled as nx.betweenness_centrality(k, seed) does
    (unbiased: (n_c - 1) / k_c, or / (k_c - 1) for a pivot itself), so on one large connected network the
    answer is NetworkX's, pivot for pivot."""
    n = graph.number_of_nodes()
    if k is not None and k < 1:
        raise AnalysisError("k (pivots for sampled betweenness) must be at least 1")
    if k is None:
        work = betweenness_work(graph)
        if work > EXACT_BETWEENNESS_WORK:
            k = max(MIN_PIVOTS, math.ceil(n * EXACT_BETWEENNESS_WORK / work))
    components = structure(graph).components()
    large = [c for c in components if len(c) > SMALL_COMPONENT] if k is not None else []
    in_large = sum(len(c) for c in large)
    rng = random.Random(seed)
    raw = dict.fromkeys(graph, 0.0)
    share: dict[NodeKey, float] = {}  # node -> the factor scaling its sampled sum to the full sum
    sampled, pivots = [], 0
    for component in large:
        k_c = max(2, round(k * len(component) / in_large))
        if k_c >= len(component):
            continue
        chosen = rng.sample(component, k_c)  # as nx.betweenness_centrality(seed=seed) draws them
        _brandes(graph, chosen, raw)
        as_other, as_pivot = (len(component) - 1) / k_c, (len(component) - 1) / (k_c - 1)
        picked = set(chosen)
        share.update((v, as_pivot if v in picked else as_other) for v in component)
        sampled.append(component)
        pivots += k_c
    done = {id(c) for c in sampled}
    _brandes(graph, [v for c in components if id(c) not in done for v in c], raw)
    scale = 1 / ((n - 1) * (n - 2)) if n > 2 else 1.0  # NetworkX's normalisation (endpoints excluded)
    values = {v: b * share.get(v, 1.0) * scale for v, b in raw.items()}
    if not sampled:
        notes = (f"k={k} asked for, but every component is either small (at most {SMALL_COMPONENT} nodes) or no "
                 "larger than its share of pivots: computed exactly",) if k else ()
        return Measure("betweenness", values, "exact", notes=notes)
    nodes = sum(len(c) for c in sampled)
    return Measure("betweenness", values, "sampled", k=pivots, notes=(
        f"estimated from {pivots} pivots drawn at random (seed {seed}) in the "
        f"{'component' if len(sampled) == 1 else f'{len(sampled)} components'} of more than {SMALL_COMPONENT} "
        f"nodes ({nodes} of {n} nodes), in proportion to size; every other component exact",))


def closeness(graph: nx.Graph) -> Measure:
    """NetworkX's closeness (wf_improved) from breadth-first distances computed in C (scipy csgraph).

    Nodes are ordered component by component, so the distance matrix is block-diagonal: components are
    searched in groups of at most CLOSENESS_CELLS distance cells, never the whole n x n matrix."""
    n = graph.number_of_nodes()
    values: dict[NodeKey, float] = dict.fromkeys(graph, 0.0)
    if n < 2:
        return Measure("closeness", values, "exact")
    shape = structure(graph)
    order = np.argsort(shape.label, kind="stable")
    adjacency = shape.weights[order][:, order]
    for lo, hi in _groups(shape.sizes.tolist()):
        block = adjacency[lo:hi, lo:hi]
        rows = max(1, CLOSENESS_CELLS // (hi - lo))
        for start in range(0, hi - lo, rows):
            sources = np.arange(start, min(start + rows, hi - lo))
            dist = csgraph.shortest_path(block, method="D", directed=False, unweighted=True, indices=sources)
            reached = np.isfinite(dist)
            total = np.where(reached, dist, 0).sum(axis=1)
            others = reached.sum(axis=1) - 1.0  # nodes reached, not counting the source
            with np.errstate(divide="ignore", invalid="ignore"):
                score = np.where(total > 0, others / total * (others / (n - 1)), 0.0)
            values.update(zip((shape.nodes[order[lo + i]] for i in sources), score.tolist()))
    return Measure("closeness", values, "exact")


def _groups(sizes: list[int]) -> list[tuple[int, int]]:
    """Runs of consecutive components (given by size) of about CLOSENESS_CELLS distance cells each.

    Isolated nodes are skipped: their closeness is 0, there is nothing to search."""
    groups, lo, hi = [], 0, 0
    for size in sizes:
        if size < 2 or (hi > lo and (hi + size - lo) ** 2 > CLOSENESS_CELLS):
            if hi > lo:
                groups.append((lo, hi))
            lo = hi if size >= 2 else hi + size
        hi += size
    if hi > lo:
        groups.append((lo, hi))
    return groups


def pagerank(graph: nx.Graph) -> Measure:
    return Measure("pagerank", nx.pagerank(graph, weight="weight"), "exact",
                   notes=("damping 0.85, weighted by tie strength",))


def eigenvector(graph: nx.Graph) -> Measure:
    """NetworkX's eigenvector centrality: the leading eigenvector of the weighted adjacency, unit length.

    The leading eigenvector of a disconnected graph lives on the component(s) with the largest leading
    eigenvalue; NetworkX's ARPACK version then refuses (AmbiguousSolution) and its power iteration crawls.
    So each component's leading eigenpair is found on its own (dense for small components, ARPACK for large),
    and the components with the largest eigenvalue share the unit vector; every other node scores 0. If
    several components tie, any mix of theirs is an eigenvector: they get equal weight, and the answer says so."""
    if graph.number_of_nodes() == 0:
        return Measure("eigenvector", {}, "none")
    if graph.number_of_edges() == 0:
        return Measure("eigenvector", {}, "none", notes=("no ties: eigenvector centrality is undefined",))
    shape = structure(graph)
    order = np.argsort(shape.label, kind="stable")
    adjacency = shape.weights[order][:, order]  # block-diagonal: one block per component
    starts = np.concatenate(([0], np.cumsum(shape.sizes)))
    # Bounds on each component's leading eigenvalue, to solve only the components that can have the largest:
    # at least the Rayleigh quotient of the all-ones vector (mean row sum), at most the largest
    # sqrt(r_i r_j) over its ties (r: row sums) — a bound for nonnegative matrices.
    rows = np.asarray(adjacency.sum(axis=1)).ravel()
    label = shape.label[order]
    ties = adjacency.tocoo()
    upper = np.zeros(len(shape.sizes))
    np.maximum.at(upper, label[ties.row], np.sqrt(rows[ties.row] * rows[ties.col]))
    lower = np.add.reduceat(rows, starts[:-1]) / shape.sizes
    leading: list[tuple[float, list[NodeKey], np.ndarray]] = []  # (eigenvalue, nodes, vector) of candidates
    top = float(lower.max())
    try:
        for index in sorted(np.flatnonzero(upper >= top * (1 - 1e-9)).tolist(), key=lambda i: (-lower[i], i)):
            if upper[index] < top * (1 - 1e-9) or shape.sizes[index] < 2:
                continue  # cannot reach the largest eigenvalue found so far
            lo, hi = starts[index], starts[index + 1]
            value, vector = _leading_pair(adjacency[lo:hi, lo:hi])
            leading.append((value, [shape.nodes[i] for i in order[lo:hi]], vector))
            top = max(top, value)
    except Exception as error:  # ARPACK failing to converge: say so rather than guess
        return Measure("eigenvector", {}, "none", notes=(f"the leading eigenvector was not found: {error}",))
    winners = [(nodes, vector) for value, nodes, vector in leading if value >= top * (1 - 1e-9)]
    values = dict.fromkeys(graph, 0.0)
    scale = 1 / math.sqrt(len(winners))
    for nodes, vector in winners:
        values.update(zip(nodes, (vector * scale).tolist()))
    notes = []
    if len(shape.sizes) > 1:
        notes.append(f"the network has {len(shape.sizes)} components: eigenvector centrality "
                     "is concentrated on the one with the largest leading eigenvalue; nodes elsewhere score 0")
    if len(winners) > 1:
        notes.append(f"{len(winners)} components tie for the largest eigenvalue: they share the vector equally")
    return Measure("eigenvector", values, "exact", notes=tuple(notes))


def _leading_pair(matrix: sparse.csr_array) -> tuple[float, np.ndarray]:
    """The largest eigenvalue of a connected component's symmetric adjacency and its positive unit eigenvector."""
    size = matrix.shape[0]
    if size <= 200:
        eigenvalues, eigenvectors = dense_linalg.eigh(matrix.toarray(), subset_by_index=[size - 1, size - 1])
        value, vector = eigenvalues[-1], eigenvectors[:, -1]
    else:
        eigenvalues, eigenvectors = sparse_linalg.eigsh(matrix, k=1, which="LA", maxiter=10_000, tol=1e-12)
        value, vector = eigenvalues[0], eigenvectors[:, 0]
    vector = np.abs(vector)  # Perron: the leading eigenvector of a connected component is positive
    return float(value), vector / np.linalg.norm(vector)


# --- structural holes ------------------------------------------------------
def _mutual_shares(graph: nx.Graph) -> tuple[list[NodeKey], sparse.csr_array, sparse.csr_array, np.ndarray]:
    """Burt's p_ij (a_ij + a_ji over i's total) and the tie mask, as sparse matrices."""
    shape = structure(graph)
    nodes = shape.nodes
    mutual = shape.weights * 2  # a_ij + a_ji of a symmetric matrix; structure() leaves self-ties out
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
    mutual = structure(graph).weights * 2
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
    """Louvain communities (NetworkX, seeded) on tie strength, largest first, with the partition's modularity.

    Isolated nodes are left out of the Louvain run and come back as communities of one."""
    if resolution <= 0:
        raise AnalysisError("resolution must be positive")
    if graph.number_of_nodes() == 0:
        return Communities((), 0.0, resolution, seed)
    # An isolated node is a community of its own and changes no modularity gain; leaving the (many) isolated
    # organisations of a city out of the Louvain run saves most of its time.
    # (An explicit graph, not a subgraph view: a small view iterates its nodes in set order, which changes from
    # run to run with string hashing, and Louvain's seeded shuffle depends on the order it is given.)
    tied = nx.Graph()
    tied.add_nodes_from(node for node, degree in graph.degree() if degree > 0)
    tied.add_edges_from(graph.edges(data=True))
    found = nx.community.louvain_communities(tied, weight="weight", resolution=resolution, seed=seed)
    quality = nx.community.modularity(tied, found, weight="weight", resolution=resolution) if found else 0.0
    found += [{node} for node in graph if node not in tied]
    groups = tuple(sorted((frozenset(c) for c in found), key=lambda c: (-len(c), min(c))))
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
