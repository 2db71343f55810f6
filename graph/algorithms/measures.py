"""Whole-network measures on a projection: centrality, structural holes, communities.

Each measure is the NetworkX definition, and tests check the answers equal
NetworkX run directly on the same graph. Where NetworkX's implementation does
not scale to a city — a city's organisation network is thousands of small
components and one large one — the same formula is computed so that it does:
Brandes' searches run side by side as sparse matrix products, breadth-first
searches 64 to a machine word, sparse matrices, eigenpairs per component.

Conventions, as an analyst used to NetworkX, Gephi or UCINET would expect:

- **Paths count hops.** Betweenness and closeness use unweighted shortest
  paths: a tie passes information whatever its strength.
- **Strength counts.** PageRank, eigenvector centrality, Burt's constraint and
  effective size, and Louvain communities use the edge ``weight`` (the tie
  strength of graph/analysis/projections.py).
- **degree** is NetworkX's degree centrality (neighbours / (n - 1)); the
  weighted degree is ``strength``.
- **betweenness** is exact (Brandes) unless exact would cost more than
  ``EXACT_BETWEENNESS_WORK`` node visits; then, or whenever ``k`` is asked
  for, it is estimated from ``k`` pivot nodes sampled with a fixed seed,
  stratified by component (small components exact, pivots shared by size
  among the large ones, each scaled as ``nx.betweenness_centrality(k=…,
  seed=…)`` scales them). Every answer states which was used and ``k``.
- **closeness** is NetworkX's, with the Wasserman–Faust correction for
  disconnected graphs (reach share x inverse mean distance); exact unless that
  would search more than ``EXACT_CLOSENESS_CELLS`` (source, node) pairs, then
  (or whenever ``k`` is asked for) the large components' mean distances are
  estimated from ``k`` sampled pivots (Eppstein–Wang), and the answer says so.
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
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sparse
from scipy.sparse import csgraph
from scipy import linalg as dense_linalg
from scipy.sparse import linalg as sparse_linalg

from graph.analysis.projections import AnalysisError, NodeKey

SEED = 20200701  # fixed, so sampled betweenness, sampled closeness and Louvain give the same answer run after run
# Node and tie visits (betweenness_work) above which betweenness is sampled: about 10 s. Measured on the x10 demo
# city's 42,933-node component (2 shared cores): 500 pivots, 93 million visits, in 3.0 s, ~32 ns a visit (the
# pure-Python Brandes this replaced took 137-285 s for the same, ~1.5-3 us a visit).
EXACT_BETWEENNESS_WORK = 300_000_000
MIN_PIVOTS = 500  # sampled betweenness pivots at least (top-20 checked against exact in bench/analysis_speed.py)
SMALL_COMPONENT = 100  # nodes; components this small get exact betweenness (and closeness) even when sampling
SEARCH_CELLS = 8_000_000  # (node, search) pairs of betweenness searched side by side: 64 MB per float matrix
# (source, node) pairs exact closeness may search (closeness_cells); beyond, large components are sampled. About
# 4 s: the same component's 1.84 billion pairs took 26 s searched 64 to a word (SciPy csgraph's Dijkstra: 195 s).
EXACT_CLOSENESS_CELLS = 300_000_000
CLOSENESS_PIVOTS = 1_000  # sampled closeness pivots at least
SEARCH_BITS = 64_000_000  # (node, search) pairs of closeness searched side by side: 8 MB per bit matrix


@dataclass(frozen=True)
class Measure:
    """One measure of every node of a projection, and how it was computed."""

    metric: str
    values: dict[NodeKey, float]
    method: str
    k: int | None = None  # pivots, for sampled betweenness or closeness
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

    def members(self) -> list[np.ndarray]:
        """The node indices of each component, in component order, each in the graph's node order."""
        if not len(self.sizes):
            return []
        return np.split(np.argsort(self.label, kind="stable"), np.cumsum(self.sizes)[:-1])


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


def _pattern(shape: Structure) -> sparse.csr_array:
    """The 0/1 adjacency: betweenness and closeness count hops, whatever the tie strength."""
    weights = shape.weights
    return sparse.csr_array((np.ones(weights.nnz), weights.indices, weights.indptr), shape=weights.shape)


@dataclass(frozen=True)
class _Run:
    """Searches run side by side: a block of whole components (rows lo:hi of the adjacency permuted by
    `_runs`) and the seed of each search, as (row in the block, column)."""

    lo: int
    hi: int
    seed_rows: np.ndarray
    seed_cols: np.ndarray
    width: int


def _runs(shape: Structure, sources: list[np.ndarray], cells: int) -> tuple[np.ndarray, list[_Run]]:
    """Every component's searches (`sources`, node indices per component) laid out in runs of about `cells`
    (node, search) pairs, and the node order the runs' row ranges refer to.

    A search never leaves its component, so one column can hold a search in each of several components: a
    column per source rank, the components stacked (block-diagonal). Components are laid out largest first,
    so a run's components have similar numbers of sources and few cells are idle; a component too large to
    share a run runs its sources in batches. Components of fewer than 3 nodes have no paths through a node
    and no distance beyond their neighbour worth batching: they are left out (their callers know their value)."""
    sizes = shape.sizes
    by_size = np.argsort(-sizes, kind="stable")
    rank = np.empty_like(by_size)
    rank[by_size] = np.arange(len(by_size))
    order = np.argsort(rank[shape.label], kind="stable")
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    starts = np.concatenate(([0], np.cumsum(sizes[by_size])))
    runs: list[_Run] = []
    group: list[int] = []  # ranks of the components of the run being filled
    width = 0  # its widest component's number of searches

    def close() -> None:
        if group:
            lo, hi = int(starts[group[0]]), int(starts[group[-1] + 1])
            picked = [sources[by_size[r]] for r in group]
            rows = np.concatenate([position[p] - lo for p in picked])
            cols = np.concatenate([np.arange(len(p)) for p in picked])
            runs.append(_Run(lo, hi, rows, cols, width))
            group.clear()

    for r, component in enumerate(by_size.tolist()):
        size, count = int(sizes[component]), len(sources[component])
        if size < 3:
            break  # sorted by size: the rest are smaller
        if size * count > cells:
            close()
            lo, batch = int(starts[r]), max(1, cells // size)
            for begin in range(0, count, batch):
                chunk = sources[component][begin:begin + batch]
                runs.append(_Run(lo, lo + size, position[chunk] - lo, np.arange(len(chunk)), len(chunk)))
            continue
        if group and (starts[r + 1] - starts[group[0]]) * max(width, count) > cells:
            close()
        width = max(width, count) if group else count
        group.append(r)
    close()
    return order, runs


def _kept_indptr(indptr: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """The row pointers of a CSR matrix once the entries not in `keep` are dropped."""
    kept = np.zeros(len(keep) + 1, dtype=indptr.dtype)
    np.cumsum(keep, out=kept[1:])
    return kept[indptr]


def _dependencies(adjacency: sparse.csr_array, run: _Run) -> np.ndarray:
    """Brandes' dependencies of every node of a run's block, summed over its searches (unscaled, the sources'
    own left out): the level-synchronous, linear-algebraic form of Brandes' algorithm.

    Column j of the (node x column) matrices is the search from the seed(s) in column j. Forward, the path counts
    of the nodes first reached at depth d+1 are A @ (the path counts at depth d), kept where nothing was reached
    before; backward, delta at depth d is sigma * (A @ ((1 + delta) / sigma at depth d+1)), kept at depth d.
    Frontiers are sparse matrices, so each level costs the ties it crosses (in SciPy's sparse product, C++),
    not the whole block; the dense (node x column) arrays are only looked up and written at those entries."""
    n, width = adjacency.shape[0], run.width
    index = np.int32 if n * width < 2**31 else np.int64
    depth = np.full(n * width, -1, dtype=np.int32)
    sigma = np.zeros(n * width)
    row_start = np.arange(n, dtype=index) * index(width)  # entry (row, column) is row * width + column
    cells = row_start[run.seed_rows] + run.seed_cols.astype(index)
    depth[cells], sigma[cells] = 0, 1.0
    frontier = sparse.csr_array((np.ones(len(cells)), (run.seed_rows, run.seed_cols)), shape=(n, width))
    levels: list[tuple[np.ndarray, sparse.csr_array]] = []  # depth 1, 2 …: its entries, its path counts
    while True:
        reached = adjacency @ frontier
        cells = np.repeat(row_start, np.diff(reached.indptr))
        cells += reached.indices
        new = depth[cells] < 0
        cells = cells[new]
        if not len(cells):
            break
        paths = reached.data[new]
        depth[cells], sigma[cells] = len(levels) + 1, paths
        frontier = sparse.csr_array((paths, reached.indices[new], _kept_indptr(reached.indptr, new)), shape=(n, width))
        levels.append((cells, frontier))
    delta = np.zeros(n * width)
    for d in range(len(levels) - 1, 0, -1):  # levels[d] is depth d + 1; depth 0 (the sources) gets nothing
        cells, counts = levels[d]
        coefficients = sparse.csr_array(((1 + delta[cells]) / counts.data, counts.indices, counts.indptr),
                                        shape=(n, width))
        back = adjacency @ coefficients
        cells = np.repeat(row_start, np.diff(back.indptr))
        cells += back.indices
        at = depth[cells] == d
        cells = cells[at]
        delta[cells] = sigma[cells] * back.data[at]
    return delta.reshape(n, width).sum(axis=1)


def _brandes(shape: Structure, sources: list[np.ndarray]) -> np.ndarray:
    """Brandes' accumulation from `sources` (node indices, per component), unscaled, per node index."""
    raw = np.zeros(len(shape.nodes))
    order, runs = _runs(shape, sources, SEARCH_CELLS)
    adjacency = _pattern(shape)[order][:, order]
    for run in runs:
        raw[order[run.lo:run.hi]] += _dependencies(adjacency[run.lo:run.hi, run.lo:run.hi], run)
    return raw


def _draw_pivots(sources: list[np.ndarray], large: list[int], k: int | None, seed: int,
                 n: int) -> tuple[np.ndarray, list[int], int]:
    """Replace the sources of each `large` component by its share of `k` pivots, drawn in component order.

    Returns the factor scaling each node's sampled sum to the full sum ((n_c - 1) / k_c, or / (k_c - 1) for a
    pivot itself, as nx.betweenness_centrality(k, seed) scales them; 1 where nothing was sampled), the sizes
    of the components sampled, and the pivots drawn. A component no larger than its share stays exact.
    """
    in_large = sum(len(sources[c]) for c in large)
    rng = random.Random(seed)
    share = np.ones(n)
    sampled, pivots = [], 0
    for c in large:
        component = sources[c]
        k_c = max(2, round(k * len(component) / in_large))
        if k_c >= len(component):
            continue
        chosen = np.array(rng.sample(component.tolist(), k_c))  # as nx.betweenness_centrality(seed=seed) draws them
        share[component] = (len(component) - 1) / k_c
        share[chosen] = (len(component) - 1) / (k_c - 1)
        sources[c] = chosen
        sampled.append(len(component))
        pivots += k_c
    return share, sampled, pivots


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
    shape = structure(graph)
    sources = shape.members()  # every node of every component, unless sampled below
    large = [c for c, members in enumerate(sources) if len(members) > SMALL_COMPONENT] if k is not None else []
    share, sampled, pivots = _draw_pivots(sources, large, k, seed, n)
    raw = _brandes(shape, sources)
    scale = 1 / ((n - 1) * (n - 2)) if n > 2 else 1.0  # NetworkX's normalisation (endpoints excluded)
    values = dict(zip(shape.nodes, (raw * share * scale).tolist()))
    where = f"{'component' if len(sampled) == 1 else f'{len(sampled)} components'} of more than {SMALL_COMPONENT} nodes"
    return _estimated("betweenness", values, k, sampled, pivots, seed, n, "estimated", where, "")


def closeness_cells(graph: nx.Graph) -> int:
    """(source, node) pairs exact closeness searches: every component of two or more nodes, from each node."""
    sizes = structure(graph).sizes
    return int((sizes[sizes > 1].astype(np.int64) ** 2).sum())


def _distance_sums(adjacency: sparse.csr_array, run: _Run) -> np.ndarray:
    """For every node of a run's block, the sum of its hop distances to the run's seeds (to the seeds in its own
    component: the others are never reached; undirected, so from the seeds is to them).

    Breadth-first searches 64 to a machine word (multi-source BFS): bit j of a node's words is set when search j
    reaches it, so one level of all the run's searches is an OR over each node's neighbours; a node's distance
    sum grows by the depth times the searches newly reaching it. Every node of the block has a neighbour
    (components of at least 2 nodes), as the OR over each node's neighbour run (`reduceat`) needs."""
    n, words = adjacency.shape[0], -(-run.width // 64)
    frontier = np.zeros((n, words), dtype=np.uint64)
    bit = np.left_shift(np.uint64(1), (run.seed_cols % 64).astype(np.uint64))
    np.bitwise_or.at(frontier, (run.seed_rows, run.seed_cols // 64), bit)
    seen = frontier.copy()
    totals = np.zeros(n, dtype=np.int64)
    depth = 0
    while True:
        depth += 1
        reached = np.bitwise_or.reduceat(frontier[adjacency.indices], adjacency.indptr[:-1], axis=0)
        reached &= ~seen
        counts = np.bitwise_count(reached).sum(axis=1, dtype=np.int64)
        if not counts.any():
            return totals
        seen |= reached
        totals += depth * counts
        frontier = reached


def closeness(graph: nx.Graph, k: int | None = None, seed: int = SEED) -> Measure:
    """NetworkX's closeness (wf_improved): exact, or with the mean distances of large components estimated from
    `k` sampled pivots.

    Sampled when `k` is asked for (components of more than SMALL_COMPONENT nodes share the k pivots in
    proportion to size, as betweenness does), or when exact would search more than EXACT_CLOSENESS_CELLS
    (source, node) pairs: then the largest components are sampled until the others fit in that budget, with
    as many pivots as the rest of the budget pays for, at least CLOSENESS_PIVOTS. A sampled component's sum
    of distances from v is Eppstein and Wang's estimate (n_c - 1) / k' * (sum over pivots p != v of d(p, v))
    — k' the pivots other than v — unbiased, and within a few per cent of exact with hundreds of pivots on
    networks of small diameter. A component is connected, so its reach share is exact: (n_c - 1) / (n - 1)."""
    n = graph.number_of_nodes()
    if k is not None and k < 1:
        raise AnalysisError("k (pivots for sampled closeness) must be at least 1")
    asked = k
    values: dict[NodeKey, float] = dict.fromkeys(graph, 0.0)
    if n < 2:
        return Measure("closeness", values, "exact")
    shape = structure(graph)
    sizes = shape.sizes.astype(np.int64)
    sources = shape.members()
    if k is not None:
        large = [c for c, members in enumerate(sources) if len(members) > SMALL_COMPONENT]
    else:
        large, rest = [], closeness_cells(graph)
        for c in np.argsort(-sizes, kind="stable").tolist():
            if rest <= EXACT_CLOSENESS_CELLS:
                break
            large.append(c)
            rest -= int(sizes[c]) ** 2
        large.sort()  # drawn in component order, as betweenness draws them
        if large:
            squares = sum(int(sizes[c]) ** 2 for c in large)  # k pivots cost k * squares / in_large pairs
            k = max(CLOSENESS_PIVOTS, (EXACT_CLOSENESS_CELLS - rest) * int(sizes[large].sum()) // squares)
    scale, sampled, pivots = _draw_pivots(sources, large, k, seed, n)  # scale: (n_c - 1) / k' per node
    order, runs = _runs(shape, sources, SEARCH_BITS)
    adjacency = _pattern(shape)[order][:, order]
    totals = np.zeros(n)
    for run in runs:
        totals[order[run.lo:run.hi]] += _distance_sums(adjacency[run.lo:run.hi, run.lo:run.hi], run)
    totals *= scale
    others = sizes[shape.label] - 1.0  # nodes each reaches, not counting itself
    pairs = sizes[shape.label] == 2  # left out of the runs: one neighbour, at distance 1
    totals[pairs] = 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(totals > 0, others / totals * (others / (n - 1)), 0.0)
    values = dict(zip(shape.nodes, score.tolist()))
    where = "component" if len(sampled) == 1 else f"{len(sampled)} largest components"
    return _estimated("closeness", values, asked, sampled, pivots, seed, n, "mean distances estimated", where,
                      " (Eppstein–Wang)")


def _estimated(metric: str, values: dict[NodeKey, float], asked: int | None, sampled: list[int], pivots: int,
               seed: int, n: int, what: str, where: str, how: str) -> Measure:
    """The Measure of a pivot-sampled metric, saying whether sampling happened and over which components."""
    if not sampled:
        notes = (f"k={asked} asked for, but every component is either small (at most {SMALL_COMPONENT} nodes) or "
                 "no larger than its share of pivots: computed exactly",) if asked else ()
        return Measure(metric, values, "exact", notes=notes)
    return Measure(metric, values, "sampled", k=pivots, notes=(
        f"{what} from {pivots} pivots drawn at random (seed {seed}) in the {where} ({sum(sampled)} of {n} "
        f"nodes), in proportion to size{how}; every other component exact",))


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


SAMPLED = ("betweenness", "closeness")  # the measures that can be estimated from pivots: they take k and seed


def compute(graph: nx.Graph, metric: str, **options: Any) -> Measure:
    """The measure `metric` of every node; `options` (k, seed) go to the SAMPLED measures only."""
    if metric not in METRICS:
        raise AnalysisError(f"unknown metric {metric!r}: expected one of {', '.join(METRICS)}")
    if metric in SAMPLED:
        return METRICS[metric](graph, **options)
    return METRICS[metric](graph)


def finite(value: float) -> float | None:
    return value if value is not None and math.isfinite(value) else None
