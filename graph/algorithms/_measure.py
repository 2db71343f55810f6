"""What the node measures of this package return: `Measure`, a value per node and how it was computed.

Shared by betweenness, closeness, centrality, eigenvector and structural_holes; `SEED` is the one seed of
their sampled answers and of Louvain (communities), so that an answer is the same run after run.

Example:

>>> import networkx as nx
>>> from graph.algorithms.centrality import degree
>>> degree(nx.star_graph(3)).top(2)
[(0, 1.0), (1, 0.3333333333333333)]
"""
from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass

SEED = 20200701  # fixed, so sampled betweenness, sampled closeness and Louvain give the same answer run after run


@dataclass(frozen=True)
class Measure:
    """One measure of every node of a projection, and how it was computed."""

    metric: str
    values: dict[Hashable, float]
    method: str
    k: int | None = None  # pivots, for sampled betweenness or closeness
    notes: tuple[str, ...] = ()
    ascending: bool = False  # True when a low value is the notable one (constraint)

    def top(self, n: int | None = None) -> list[tuple[Hashable, float]]:
        """Nodes ranked, the notable end first; ties broken by node key so the order is stable."""
        sign = 1 if self.ascending else -1
        ranked = sorted(self.values.items(), key=lambda item: (sign * item[1], item[0]))
        return ranked if n is None else ranked[:n]



def finite(value: float) -> float | None:
    """`value`, or None for NaN and infinities (which JSON, GraphQL and Neo4j properties cannot hold)."""
    return value if value is not None and math.isfinite(value) else None
