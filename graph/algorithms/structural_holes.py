"""Burt's structural holes: constraint and effective size, on tie strength, as sparse matrix products.

A node spans a structural hole when its contacts are not tied to each other: its **constraint**
c_i = sum over contacts j of (p_ij + sum_q p_iq p_qj)^2 is low (p_ij: the share of i's tie strength spent
on j), and its **effective size** — contacts less their redundancy — is high. NetworkX's formulas
(`nx.constraint`, `nx.effective_size`), computed for every node at once. Undefined for isolated nodes,
which are left out.

Reference: Ronald S. Burt, *Structural Holes: The Social Structure of Competition*, Harvard University
Press, 1992, chapters 1–2.

Example:

>>> import networkx as nx
>>> constraint(nx.star_graph(2)).values
{0: 0.5, 1: 1.0, 2: 1.0}
"""
from __future__ import annotations

from collections.abc import Hashable

import networkx as nx
import numpy as np
import scipy.sparse as sparse

from graph.algorithms._measure import Measure
from graph.algorithms.structure import structure


def _mutual_shares(graph: nx.Graph) -> tuple[list[Hashable], sparse.csr_array, sparse.csr_array, np.ndarray]:
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
    left_out = ("isolated nodes have no effective size and are left out",) if len(result) < len(nodes) else ()
    return Measure("effective_size", result, "exact", notes=left_out)

