"""Communities: NetworkX's seeded Louvain on tie strength, isolated nodes as communities of one.

Louvain moves nodes between communities while modularity grows, then merges each community into one node
and repeats. Seeded (`SEED`), so the same network gives the same partition run after run; communities are
listed largest first, and the partition's modularity is given with them.

Reference: Vincent D. Blondel, Jean-Loup Guillaume, Renaud Lambiotte and Etienne Lefebvre, "Fast unfolding
of communities in large networks", *Journal of Statistical Mechanics* P10008, 2008.

Example:

>>> import networkx as nx
>>> found = communities(nx.union(nx.complete_graph(3), nx.complete_graph([3, 4, 5])))
>>> [sorted(group) for group in found.groups]
[[0, 1, 2], [3, 4, 5]]
"""
from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

import networkx as nx

from graph.algorithms._measure import SEED


@dataclass(frozen=True)
class Communities:
    groups: tuple[frozenset[Hashable], ...]  # largest first
    modularity: float
    resolution: float
    seed: int
    membership: dict[Hashable, int] = field(default_factory=dict)  # node -> index in groups


def communities(graph: nx.Graph, resolution: float = 1.0, seed: int = SEED) -> Communities:
    """Louvain communities (NetworkX, seeded) on tie strength, largest first, with the partition's modularity.

    Isolated nodes are left out of the Louvain run and come back as communities of one."""
    if resolution <= 0:
        raise ValueError("resolution must be positive")
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
