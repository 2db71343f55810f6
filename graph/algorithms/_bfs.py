"""Breadth-first searches run side by side, and the pivots that sampled measures search from.

Shared by betweenness.py and closeness.py. Both are one breadth-first search per source node; a city's
network is thousands of small components and one large one, so the searches of many components share one
sparse matrix (block-diagonal: a search never leaves its component) and advance together, a level at a
time, as matrix products (`runs` lays them out). When exact would cost too much, a large component's
sources are replaced by pivots drawn at random (`draw_pivots`), and the answer says so (`estimated`).

References: Aydın Buluç and John R. Gilbert, "The Combinatorial BLAS: design, implementation, and
applications", *Int. J. High Performance Computing Applications* 25(4), 2011 (level-synchronous search as
sparse matrix products); Ulrik Brandes and Christian Pich, "Centrality estimation in large networks",
*Int. J. Bifurcation and Chaos* 17(7), 2007 (pivot sampling).

Example (two components, every node a source, in one run):

>>> import networkx as nx
>>> from graph.algorithms.structure import structure
>>> shape = structure(nx.union(nx.path_graph(3), nx.path_graph([3, 4, 5])))
>>> order, laid_out = runs(shape, shape.members(), cells=100)
>>> [(run.lo, run.hi, run.width) for run in laid_out]
[(0, 6, 3)]
"""
from __future__ import annotations

import random
from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np

from graph.algorithms._measure import Measure
from graph.algorithms.structure import Structure

SMALL_COMPONENT = 100  # nodes; components this small get exact betweenness (and closeness) even when sampling


@dataclass(frozen=True)
class Run:
    """Searches run side by side: a block of whole components (rows lo:hi of the adjacency permuted by
    `runs`) and the seed of each search, as (row in the block, column)."""

    lo: int
    hi: int
    seed_rows: np.ndarray
    seed_cols: np.ndarray
    width: int


def runs(shape: Structure, sources: list[np.ndarray], cells: int) -> tuple[np.ndarray, list[Run]]:
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
    runs: list[Run] = []
    group: list[int] = []  # ranks of the components of the run being filled
    width = 0  # its widest component's number of searches

    def close() -> None:
        if group:
            lo, hi = int(starts[group[0]]), int(starts[group[-1] + 1])
            picked = [sources[by_size[r]] for r in group]
            rows = np.concatenate([position[p] - lo for p in picked])
            cols = np.concatenate([np.arange(len(p)) for p in picked])
            runs.append(Run(lo, hi, rows, cols, width))
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
                runs.append(Run(lo, lo + size, position[chunk] - lo, np.arange(len(chunk)), len(chunk)))
            continue
        if group and (starts[r + 1] - starts[group[0]]) * max(width, count) > cells:
            close()
        width = max(width, count) if group else count
        group.append(r)
    close()
    return order, runs


def kept_indptr(indptr: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """The row pointers of a CSR matrix once the entries not in `keep` are dropped."""
    kept = np.zeros(len(keep) + 1, dtype=indptr.dtype)
    np.cumsum(keep, out=kept[1:])
    return kept[indptr]


def draw_pivots(sources: list[np.ndarray], large: list[int], k: int | None, seed: int,
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

def estimated(metric: str, values: dict[Hashable, float], asked: int | None, sampled: list[int], pivots: int,
               seed: int, n: int, what: str, where: str, how: str) -> Measure:
    """The Measure of a pivot-sampled metric, saying whether sampling happened and over which components."""
    if not sampled:
        notes = (f"k={asked} asked for, but every component is either small (at most {SMALL_COMPONENT} nodes) or "
                 "no larger than its share of pivots: computed exactly",) if asked else ()
        return Measure(metric, values, "exact", notes=notes)
    return Measure(metric, values, "sampled", k=pivots, notes=(
        f"{what} from {pivots} pivots drawn at random (seed {seed}) in the {where} ({sum(sampled)} of {n} "
        f"nodes), in proportion to size{how}; every other component exact",))

