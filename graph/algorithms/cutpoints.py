"""Single points of failure: articulation points and bridges, and what their loss cuts off.

Two questions, one depth-first search (Hopcroft–Tarjan: discovery order,
low-points and subtree sizes; a child w of v whose low-point does not reach
above v hangs on v alone, and on the tie v–w too if it does not reach v):

1. **On any projection**: the articulation points (nodes) and bridges (ties)
   of the network, each with ``nodes_separated`` — how many nodes its loss
   separates from the largest remaining part of its component.

2. **On the governance projection** (organisations + areas, see
   graph/analysis/projections.py): *organisations or ties whose loss disconnects
   compounds from their street*. For each street the search runs on the
   street's own governance network — the street, the areas below it (through
   the WITHIN hierarchy kept in the graph attribute ``parent``), the
   organisations tied to any of them, and the ties among these — rooted at
   the street. An organisation v cuts off the compounds in the subtree of a
   child w with low(w) >= disc(v); a tie v–w cuts off those below w when
   low(w) > disc(v). Compounds with no path to their street at all are
   already cut off (a coverage gap, not a single point of failure) and are
   reported apart. Areas themselves are junctions, not points that can be
   lost, so only organisations are reported as points.
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

import networkx as nx

from graph.analysis.projections import AREA, ORG, NodeKey


@dataclass
class _Search:
    """A depth-first search tree of one connected component."""

    order: list[Hashable] = field(default_factory=list)  # nodes by discovery
    disc: dict[Hashable, int] = field(default_factory=dict)
    low: dict[Hashable, int] = field(default_factory=dict)
    size: dict[Hashable, int] = field(default_factory=dict)  # nodes in the subtree
    parent: dict[Hashable, Hashable | None] = field(default_factory=dict)
    children: dict[Hashable, list[Hashable]] = field(default_factory=lambda: defaultdict(list))


def search(graph: nx.Graph, root: Hashable, within: set[Hashable] | None = None) -> _Search:
    """Iterative DFS from `root` (optionally kept to the nodes `within`), with low-points and subtree sizes."""
    tree = _Search()
    tree.parent[root] = None
    tree.disc[root] = tree.low[root] = 0
    tree.order.append(root)
    stack: list[tuple[Hashable, Iterable[Hashable]]] = [(root, iter(graph[root]))]
    while stack:
        v, neighbours = stack[-1]
        advanced = False
        for u in neighbours:
            if u == v or (within is not None and u not in within):
                continue
            if u not in tree.disc:
                tree.parent[u] = v
                tree.children[v].append(u)
                tree.disc[u] = tree.low[u] = len(tree.order)
                tree.order.append(u)
                stack.append((u, iter(graph[u])))
                advanced = True
                break
            if u != tree.parent[v]:
                tree.low[v] = min(tree.low[v], tree.disc[u])
        if advanced:
            continue
        stack.pop()
        tree.size[v] = 1 + sum(tree.size[w] for w in tree.children[v])
        p = tree.parent[v]
        if p is not None:
            tree.low[p] = min(tree.low[p], tree.low[v])
    return tree


def _hanging(tree: _Search, v: Hashable) -> list[Hashable]:
    """Children of v whose whole subtree is reached only through v."""
    if tree.parent[v] is None:
        return tree.children[v] if len(tree.children[v]) > 1 else []
    return [w for w in tree.children[v] if tree.low[w] >= tree.disc[v]]


@dataclass(frozen=True)
class CutPoint:
    node: NodeKey
    nodes_separated: int  # nodes its loss parts from the largest remaining piece of its component
    compounds_cut_off: tuple[str, ...] = ()  # compound ids losing every path to their street
    residents_cut_off: int = 0


@dataclass(frozen=True)
class CutTie:
    source: NodeKey
    target: NodeKey
    kinds: tuple[str, ...]
    nodes_separated: int
    compounds_cut_off: tuple[str, ...] = ()
    residents_cut_off: int = 0


@dataclass(frozen=True)
class SinglePoints:
    points: list[CutPoint]  # most compounds cut off first, then most nodes separated
    ties: list[CutTie]
    streets: int  # streets checked (0 outside the governance projection)
    compounds_unreached: tuple[str, ...]  # compounds with no path to their street even now


def _edge(u: NodeKey, v: NodeKey) -> tuple[NodeKey, NodeKey]:
    return (u, v) if u <= v else (v, u)


def network_cuts(graph: nx.Graph) -> tuple[dict[NodeKey, int], dict[tuple[NodeKey, NodeKey], int]]:
    """Articulation points and bridges of the whole graph, with the nodes each separates."""
    points: dict[NodeKey, int] = {}
    bridges: dict[tuple[NodeKey, NodeKey], int] = {}
    seen: set[NodeKey] = set()
    for root in sorted(graph):
        if root in seen:
            continue
        tree = search(graph, root)
        seen.update(tree.order)
        component = len(tree.order)
        for v in tree.order:
            pieces = [tree.size[w] for w in _hanging(tree, v)]
            if pieces:
                rest = component - 1 - sum(pieces)
                points[v] = component - 1 - max(pieces + [rest])
            for w in tree.children[v]:
                if tree.low[w] > tree.disc[v]:
                    bridges[_edge(v, w)] = min(tree.size[w], component - tree.size[w])
    return points, bridges


def _street_areas(graph: nx.Graph) -> dict[NodeKey, set[NodeKey]]:
    """Each street of the graph with the areas below it, from the WITHIN hierarchy kept aside."""
    children: dict[str, list[str]] = defaultdict(list)
    for child, parent in graph.graph.get("parent", {}).items():
        children[parent].append(child)
    streets = {}
    for node, data in graph.nodes(data=True):
        if data.get("kind") != "Street":
            continue
        below, todo = set(), [node[1]]
        while todo:
            for child in children.get(todo.pop(), ()):
                if (AREA, child) in graph and (AREA, child) not in below:
                    below.add((AREA, child))
                    todo.append(child)
        streets[node] = below
    return streets


def single_points(graph: nx.Graph) -> SinglePoints:
    """Articulation points and bridges, with the compounds each cuts off from its street (governance projection)."""
    points, bridges = network_cuts(graph)
    cut_by_point: dict[NodeKey, set[str]] = defaultdict(set)
    cut_by_tie: dict[tuple[NodeKey, NodeKey], set[str]] = defaultdict(set)
    unreached: set[str] = set()
    streets = _street_areas(graph)
    for street, areas in sorted(streets.items()):
        members = {street} | areas
        members |= {n for a in areas | {street} for n in graph[a] if n[0] == ORG}
        tree = search(graph, street, within=members)
        compounds = sorted((tree.disc[a], a) for a in areas
                           if graph.nodes[a]["kind"] == "Compound" and a in tree.disc)
        unreached |= {a[1] for a in areas if graph.nodes[a]["kind"] == "Compound" and a not in tree.disc}
        discs = [d for d, _ in compounds]

        def below(w: NodeKey) -> list[str]:
            start = tree.disc[w]  # a subtree is a run of consecutive discovery numbers
            lo, hi = bisect.bisect_left(discs, start), bisect.bisect_left(discs, start + tree.size[w])
            return [a[1] for _, a in compounds[lo:hi]]

        for v in tree.order[1:]:
            for w in tree.children[v]:
                if tree.low[w] >= tree.disc[v] and v[0] == ORG:
                    cut_by_point[v].update(below(w))
                if tree.low[w] > tree.disc[v]:
                    cut_by_tie[_edge(v, w)].update(below(w))
        for w in tree.children[street]:  # ties from the street itself
            if tree.low[w] > tree.disc[street]:
                cut_by_tie[_edge(street, w)].update(below(w))

    def residents(ids: Iterable[str]) -> int:
        return sum(graph.nodes[(AREA, i)].get("population") or 0 for i in ids)

    found_points = [CutPoint(v, points.get(v, 0), tuple(sorted(cut_by_point.get(v, ()))),
                             residents(cut_by_point.get(v, ())))
                    for v in set(points) | set(cut_by_point)]
    found_ties = [CutTie(u, v, tuple(graph.edges[u, v].get("kinds", ())), bridges.get((u, v), 0),
                         tuple(sorted(cut_by_tie.get((u, v), ()))), residents(cut_by_tie.get((u, v), ())))
                  for u, v in set(bridges) | set(cut_by_tie)]
    found_points.sort(key=lambda p: (-len(p.compounds_cut_off), -p.nodes_separated, p.node))
    found_ties.sort(key=lambda t: (-len(t.compounds_cut_off), -t.nodes_separated, t.source, t.target))
    return SinglePoints(found_points, found_ties, len(streets), tuple(sorted(unreached)))
