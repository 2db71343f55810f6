"""Betweenness centrality on hop paths: Brandes' algorithm, as sparse matrix products, exact or sampled.

The betweenness of v is the share of shortest paths between other pairs that pass through v, normalised as
NetworkX normalises it (by (n - 1)(n - 2), endpoints excluded); ties count as hops, whatever their strength.
Brandes' accumulation runs from many sources at once, a level at a time (graph/algorithms/_bfs.py), so a
city's 40,000-node component is measured in seconds where pure-Python Brandes takes minutes. Exact unless
exact would cost more than EXACT_BETWEENNESS_WORK node visits; then, or whenever `k` is asked for, estimated
from `k` pivots drawn with a fixed seed, stratified by component, each component scaled as
`nx.betweenness_centrality(k=…, seed=…)` scales it. The answer says which, and `k`.

References: Ulrik Brandes, "A faster algorithm for betweenness centrality", *Journal of Mathematical
Sociology* 25(2), 2001; Ulrik Brandes and Christian Pich, "Centrality estimation in large networks",
*Int. J. Bifurcation and Chaos* 17(7), 2007.

Example:

>>> import networkx as nx
>>> betweenness(nx.path_graph(3)).values
{0: 0.0, 1: 1.0, 2: 0.0}
"""
from __future__ import annotations

import math

import networkx as nx
import numpy as np
import scipy.sparse as sparse

from graph.algorithms._bfs import SMALL_COMPONENT, Run, draw_pivots, estimated, kept_indptr, runs
from graph.algorithms._measure import SEED, Measure
from graph.algorithms.structure import Structure, pattern, structure

# Node and tie visits (betweenness_work) above which betweenness is sampled: about 10 s. Measured on the x10 demo
# city's 42,933-node component (2 shared cores): 500 pivots, 93 million visits, in 3.0 s, ~32 ns a visit (the
# pure-Python Brandes this replaced took 137-285 s for the same, ~1.5-3 us a visit).
EXACT_BETWEENNESS_WORK = 300_000_000
MIN_PIVOTS = 500  # sampled betweenness pivots at least (top-20 checked against exact in bench/analysis_speed.py)
SEARCH_CELLS = 8_000_000  # (node, search) pairs of betweenness searched side by side: 64 MB per float matrix


def betweenness_work(graph: nx.Graph) -> int:
    """Node and tie visits exact betweenness makes: a breadth-first search from every node, within its component."""
    shape = structure(graph)
    return int((shape.sizes.astype(np.int64) * (shape.sizes + 2 * shape.ties)).sum())



def _dependencies(adjacency: sparse.csr_array, run: Run) -> np.ndarray:
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
        frontier = sparse.csr_array((paths, reached.indices[new], kept_indptr(reached.indptr, new)), shape=(n, width))
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
    order, laid_out = runs(shape, sources, SEARCH_CELLS)
    adjacency = pattern(shape)[order][:, order]
    for run in laid_out:
        raw[order[run.lo:run.hi]] += _dependencies(adjacency[run.lo:run.hi, run.lo:run.hi], run)
    return raw


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
        raise ValueError("k (pivots for sampled betweenness) must be at least 1")
    if k is None:
        work = betweenness_work(graph)
        if work > EXACT_BETWEENNESS_WORK:
            k = max(MIN_PIVOTS, math.ceil(n * EXACT_BETWEENNESS_WORK / work))
    shape = structure(graph)
    sources = shape.members()  # every node of every component, unless sampled below
    large = [c for c, members in enumerate(sources) if len(members) > SMALL_COMPONENT] if k is not None else []
    share, sampled, pivots = draw_pivots(sources, large, k, seed, n)
    raw = _brandes(shape, sources)
    scale = 1 / ((n - 1) * (n - 2)) if n > 2 else 1.0  # NetworkX's normalisation (endpoints excluded)
    values = dict(zip(shape.nodes, (raw * share * scale).tolist()))
    where = f"{'component' if len(sampled) == 1 else f'{len(sampled)} components'} of more than {SMALL_COMPONENT} nodes"
    return estimated("betweenness", values, k, sampled, pivots, seed, n, "estimated", where, "")

