"""A graph as sparse matrices, with its connected components: the form the fast measures compute on.

`structure(graph)` builds, once per graph, the symmetric weighted adjacency (SciPy CSR) in the graph's node
order, and the connected components (SciPy's `csgraph.connected_components`, a breadth-first labelling):
each node's component, and the nodes and ties of each. Betweenness, closeness, eigenvector centrality and
Burt's measures share it; `pattern` is its 0/1 adjacency, for the measures that count hops.

Reference: Jeremy Kepner and John Gilbert (eds.), *Graph Algorithms in the Language of Linear Algebra*,
SIAM, 2011 (graphs as sparse matrices, searches as matrix products).

Example:

>>> import networkx as nx
>>> shape = structure(nx.union(nx.path_graph(3), nx.path_graph([3, 4])))
>>> shape.sizes.tolist(), shape.ties.tolist()
([3, 2], [2, 1])
"""
from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sparse
from scipy.sparse import csgraph


@dataclass(frozen=True)
class Structure:
    """A projection as matrices, built once per graph and shared by the measures that need them."""

    nodes: list[Hashable]  # in the graph's order; row i of `weights` is nodes[i]
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


def pattern(shape: Structure) -> sparse.csr_array:
    """The 0/1 adjacency: betweenness and closeness count hops, whatever the tie strength."""
    weights = shape.weights
    return sparse.csr_array((np.ones(weights.nnz), weights.indices, weights.indptr), shape=weights.shape)
