"""Eigenvector centrality on tie strength, one component at a time.

A node is central when its neighbours are: the unit leading eigenvector of the weighted adjacency
(NetworkX's `eigenvector_centrality`). On a disconnected graph that vector lives on the component(s) with
the largest leading eigenvalue and every other node scores 0; NetworkX's ARPACK version then refuses and
its power iteration crawls, so each candidate component's leading eigenpair is found on its own (dense
LAPACK for small components, ARPACK for large), and the answer says where the vector lives.

References: Phillip Bonacich, "Factoring and weighting approaches to status scores and clique
identification", *Journal of Mathematical Sociology* 2(1), 1972; Mark Newman, *Networks*, 2nd ed., Oxford
University Press, 2018, section 7.1.2.

Example:

>>> import networkx as nx
>>> values = eigenvector(nx.star_graph(2)).values
>>> round(values[0], 4), round(values[1], 4)
(0.7071, 0.5)
"""
from __future__ import annotations

import math
from collections.abc import Hashable

import networkx as nx
import numpy as np
import scipy.sparse as sparse
from scipy import linalg as dense_linalg
from scipy.sparse import linalg as sparse_linalg

from graph.algorithms._measure import Measure
from graph.algorithms.structure import structure


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
    leading: list[tuple[float, list[Hashable], np.ndarray]] = []  # (eigenvalue, nodes, vector) of candidates
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

