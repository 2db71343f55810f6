"""Closeness centrality on hop paths: NetworkX's, searched 64 sources to a machine word, exact or sampled.

The closeness of v is the reciprocal of its mean hop distance to the nodes it reaches, times the share of
the network it reaches (Wasserman and Faust's correction for disconnected networks, NetworkX's
`wf_improved`). The distances come from breadth-first searches run 64 to a machine word (bit j of a node's
word is set when search j has reached it), many components side by side (graph/algorithms/_bfs.py). Exact
unless that would search more than EXACT_CLOSENESS_CELLS (source, node) pairs; then, or whenever `k` is
asked for, the mean distances of the large components are estimated from sampled pivots, and the answer
says so.

References: Stanley Wasserman and Katherine Faust, *Social Network Analysis: Methods and Applications*,
Cambridge University Press, 1994, section 5.3 (closeness, and its correction); David Eppstein and Joseph
Wang, "Fast approximation of centrality", *Journal of Graph Algorithms and Applications* 8(1), 2004
(the pivot estimate); Jeremy Kepner and John Gilbert, *Graph Algorithms in the Language of Linear
Algebra*, SIAM, 2011 (bit-parallel multi-source search).

Example:

>>> import networkx as nx
>>> closeness(nx.path_graph(3)).values
{0: 0.6666666666666666, 1: 1.0, 2: 0.6666666666666666}
"""
from __future__ import annotations

from collections.abc import Hashable

import networkx as nx
import numpy as np
import scipy.sparse as sparse

from graph.algorithms._bfs import SMALL_COMPONENT, Run, draw_pivots, estimated, runs
from graph.algorithms._measure import SEED, Measure
from graph.algorithms.structure import pattern, structure

# (source, node) pairs exact closeness may search (closeness_cells); beyond, large components are sampled. About
# 4 s: the same component's 1.84 billion pairs took 26 s searched 64 to a word (SciPy csgraph's Dijkstra: 195 s).
EXACT_CLOSENESS_CELLS = 300_000_000
CLOSENESS_PIVOTS = 1_000  # sampled closeness pivots at least
SEARCH_BITS = 64_000_000  # (node, search) pairs of closeness searched side by side: 8 MB per bit matrix


def closeness_cells(graph: nx.Graph) -> int:
    """(source, node) pairs exact closeness searches: every component of two or more nodes, from each node."""
    sizes = structure(graph).sizes
    return int((sizes[sizes > 1].astype(np.int64) ** 2).sum())


def _distance_sums(adjacency: sparse.csr_array, run: Run) -> np.ndarray:
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
        raise ValueError("k (pivots for sampled closeness) must be at least 1")
    asked = k
    values: dict[Hashable, float] = dict.fromkeys(graph, 0.0)
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
    scale, sampled, pivots = draw_pivots(sources, large, k, seed, n)  # scale: (n_c - 1) / k' per node
    order, laid_out = runs(shape, sources, SEARCH_BITS)
    adjacency = pattern(shape)[order][:, order]
    totals = np.zeros(n)
    for run in laid_out:
        totals[order[run.lo:run.hi]] += _distance_sums(adjacency[run.lo:run.hi, run.lo:run.hi], run)
    totals *= scale
    others = sizes[shape.label] - 1.0  # nodes each reaches, not counting itself
    pairs = sizes[shape.label] == 2  # left out of the runs: one neighbour, at distance 1
    totals[pairs] = 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(totals > 0, others / totals * (others / (n - 1)), 0.0)
    values = dict(zip(shape.nodes, score.tolist()))
    where = "component" if len(sampled) == 1 else f"{len(sampled)} largest components"
    return estimated("closeness", values, asked, sampled, pivots, seed, n, "mean distances estimated", where,
                      " (Eppstein–Wang)")

