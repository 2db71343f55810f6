"""Brokerage roles across groups, after Gould and Fernandez (1989).

A node b *brokers* an ordered two-step path a -> b -> c when a and c are
different nodes with no tie a -> c. The groups of a, b and c (here the
sector: party, government, owners, property, resident_unit …) name the role:

=============== ================= ========================================
role            groups            example in a street
=============== ================= ========================================
coordinator     a = b = c         a party branch linking two party branches
itinerant       a = c != b        a firm linking two party committees
(consultant)
representative  a = b != c        a party committee carrying a party
                                  branch's business to the street office
gatekeeper      a != b = c        a street office letting a hospital reach
                                  another government body
liaison         a, b, c all       a party committee linking a property
                different         company and an owners' committee
=============== ================= ========================================

Orientation. On a directed graph (nx.DiGraph) paths follow the ties. The
projections of graph/analysis/projections.py are undirected: a tie is read as
reciprocal, so each unordered pair {a, c} of unconnected contacts of b gives
two paths, a -> b -> c and c -> b -> a. In an undirected network therefore
gatekeeper and representative counts are equal (one of each per mixed pair)
and coordinator, itinerant and liaison counts are twice the number of pairs
(UCINET's convention for symmetric data).

Counts are raw (not normalised by expected values). The count is computed
from group sizes among b's contacts minus the pairs that are tied, so the
cost is that of listing triangles rather than every pair of contacts;
`brokerage_by_paths` walks every two-step path instead — the definition
itself, kept as the test oracle.

Reference: Roger V. Gould and Roberto M. Fernandez, "Structures of mediation:
a formal approach to brokerage in transaction networks", *Sociological
Methodology* 19, 1989, pp. 89–126.

Example (b between a and c of two other groups: a liaison, both ways round):

>>> import networkx as nx
>>> graph = nx.Graph([("a", "b"), ("b", "c")])
>>> brokerage(graph, {"a": "party", "b": "government", "c": "owners"})["b"].liaison
2
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import networkx as nx

ROLES: tuple[str, ...] = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


@dataclass(frozen=True)
class Roles:
    coordinator: int = 0
    itinerant: int = 0
    representative: int = 0
    gatekeeper: int = 0
    liaison: int = 0

    @property
    def total(self) -> int:
        return self.coordinator + self.itinerant + self.representative + self.gatekeeper + self.liaison

    def as_dict(self) -> dict[str, int]:
        return {role: getattr(self, role) for role in ROLES} | {"total": self.total}


def role(group_a: Hashable, group_b: Hashable, group_c: Hashable) -> str:
    """The Gould–Fernandez role of b on the path a -> b -> c, from the three groups."""
    if group_a == group_c:
        return "coordinator" if group_a == group_b else "itinerant"
    if group_a == group_b:
        return "representative"
    if group_b == group_c:
        return "gatekeeper"
    return "liaison"


def brokerage(graph: nx.Graph, group: str | Mapping[Hashable, Hashable] = "sector") -> dict[Hashable, Roles]:
    """Gould–Fernandez role counts of every node; `group` is a node attribute name or a node -> group map."""
    groups = group if isinstance(group, Mapping) else {n: d.get(group) for n, d in graph.nodes(data=True)}
    directed = graph.is_directed()
    result: dict[Hashable, Roles] = {}
    for b in graph:
        sources = set(graph.predecessors(b) if directed else graph[b]) - {b}
        targets = set(graph.successors(b) if directed else graph[b]) - {b}
        counts: Counter[str] = Counter()
        # Every (a, c) with a among sources and c among targets, counted through group sizes …
        in_groups, out_groups = Counter(groups[a] for a in sources), Counter(groups[c] for c in targets)
        for group_a, n_a in in_groups.items():
            for group_c, n_c in out_groups.items():
                counts[role(group_a, groups[b], group_c)] += n_a * n_c
        # … less the paths that are not brokerage: a = c (a mutual tie with b), and a tied to c.
        for a in sources & targets:
            counts[role(groups[a], groups[b], groups[a])] -= 1
        for a in sources:
            for c in graph.successors(a) if directed else graph[a]:
                if c != a and c in targets:
                    counts[role(groups[a], groups[b], groups[c])] -= 1
        result[b] = Roles(**{r: counts[r] for r in ROLES})
    return result


def brokerage_by_paths(graph: nx.Graph, group: str = "sector") -> dict[Hashable, Roles]:
    """The same counts by walking every two-step path: the definition itself, for checking `brokerage`."""
    groups = {n: d.get(group) for n, d in graph.nodes(data=True)}
    digraph = graph if graph.is_directed() else graph.to_directed()
    counts: dict[Hashable, Counter[str]] = {n: Counter() for n in graph}
    for b in digraph:
        for a in digraph.predecessors(b):
            for c in digraph.successors(b):
                if len({a, b, c}) == 3 and not digraph.has_edge(a, c):
                    counts[b][role(groups[a], groups[b], groups[c])] += 1
    return {n: Roles(**{r: c[r] for r in ROLES}) for n, c in counts.items()}
