"""Degree, strength and PageRank: the centralities NetworkX computes fast enough as it is.

- **degree**: NetworkX's degree centrality, neighbours / (n - 1).
- **strength**: the weighted degree, the sum of a node's tie strengths (`weight`).
- **pagerank**: NetworkX's PageRank (damping 0.85) on tie strength.

References: Linton C. Freeman, "Centrality in social networks: conceptual clarification", *Social
Networks* 1(3), 1979 (degree); Alain Barrat, Marc Barthélemy, Romualdo Pastor-Satorras and Alessandro
Vespignani, "The architecture of complex weighted networks", *PNAS* 101(11), 2004 (strength); Sergey Brin
and Lawrence Page, "The anatomy of a large-scale hypertextual Web search engine", *Computer Networks and
ISDN Systems* 30, 1998 (PageRank).

Example:

>>> import networkx as nx
>>> graph = nx.Graph([(0, 1, {"weight": 2.0}), (1, 2, {"weight": 0.5})])
>>> degree(graph).values, strength(graph).values
({0: 0.5, 1: 1.0, 2: 0.5}, {0: 2.0, 1: 2.5, 2: 0.5})
"""
from __future__ import annotations

import networkx as nx

from graph.algorithms._measure import Measure


def degree(graph: nx.Graph) -> Measure:
    return Measure("degree", nx.degree_centrality(graph), "exact")


def strength(graph: nx.Graph) -> Measure:
    return Measure("strength", {n: float(d) for n, d in graph.degree(weight="weight")}, "exact")


def pagerank(graph: nx.Graph) -> Measure:
    return Measure("pagerank", nx.pagerank(graph, weight="weight"), "exact",
                   notes=("damping 0.85, weighted by tie strength",))

