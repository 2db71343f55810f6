"""Single points of failure: articulation points and bridges, and what their loss cuts off.

Two questions, one depth-first search (Hopcroft–Tarjan: discovery order,
low-points and subtree sizes; a child w of v whose low-point does not reach
above v hangs on v alone, and on the tie v–w too if it does not reach v):

1. **On any projection**: the articulation points (nodes) and bridges (ties)
   of the network, each with ``nodes_separated`` — how many nodes its loss
   separates from the largest remaining part of its component.

2. **Below roots** (on govgraph's governance projection: organisations and
   areas, each street a root, its compounds the targets): *nodes or ties
   whose loss disconnects targets from their root*. The caller says which
   nodes are the roots (`roots`), which the targets (`targets`), which are
   junctions that cannot themselves be lost (`junctions`), and the hierarchy
   below each root (`parent`, child -> parent, kept outside the edges). For
   each root the search runs on the root's own network — the root, the
   junctions below it, the other nodes tied to any of them, and the ties
   among these — rooted at the root. A node v cuts off the targets in the
   subtree of a child w with low(w) >= disc(v); a tie v–w cuts off those
   below w when low(w) > disc(v). Targets with no path to their root at all
   are already cut off (a coverage gap, not a single point of failure) and
   are reported apart. Targets are named by their ``id`` attribute (the node
   itself without one), and weighted by their ``population`` attribute.

References: John Hopcroft and Robert Tarjan, "Algorithm 447: efficient
algorithms for graph manipulation", *Communications of the ACM* 16(6), 1973;
Robert Tarjan, "Depth-first search and linear graph algorithms", *SIAM
Journal on Computing* 1(2), 1972.

Example (a root r reaching targets a and b only through node x):

>>> import networkx as nx
>>> graph = nx.Graph([("r", "x"), ("x", "a"), ("x", "b")])
>>> found = single_points(graph, roots=["r"], targets={"a", "b"}, junctions={"r", "a", "b"},
...                       parent={"a": "r", "b": "r"})
>>> [(p.node, p.compounds_cut_off) for p in found.points]
[('x', ('a', 'b'))]
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import networkx as nx


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
    node: Hashable
    nodes_separated: int  # nodes its loss parts from the largest remaining piece of its component
    compounds_cut_off: tuple[str, ...] = ()  # targets (compound ids) losing every path to their root
    residents_cut_off: int = 0


@dataclass(frozen=True)
class CutTie:
    source: Hashable
    target: Hashable
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


def _edge(u: Hashable, v: Hashable) -> tuple[Hashable, Hashable]:
    return (u, v) if u <= v else (v, u)


def network_cuts(graph: nx.Graph) -> tuple[dict[Hashable, int], dict[tuple[Hashable, Hashable], int]]:
    """Articulation points and bridges of the whole graph, with the nodes each separates."""
    points: dict[Hashable, int] = {}
    bridges: dict[tuple[Hashable, Hashable], int] = {}
    seen: set[Hashable] = set()
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


def _targets_below(tree: _Search, compounds: list[tuple[int, Hashable]], discs: list[int],
                   name: Callable[[Hashable], Any], w: Hashable) -> list[Any]:
    """The names of the targets in the subtree of w (`compounds`: (discovery number, target), sorted)."""
    start = tree.disc[w]  # a subtree is a run of consecutive discovery numbers
    lo, hi = bisect.bisect_left(discs, start), bisect.bisect_left(discs, start + tree.size[w])
    return [name(a) for _, a in compounds[lo:hi]]


def _below(roots: Iterable[Hashable], parent: Mapping[Hashable, Hashable],
           graph: nx.Graph) -> dict[Hashable, set[Hashable]]:
    """Each root with the nodes of the graph below it in the hierarchy `parent` (child -> parent)."""
    children: dict[Hashable, list[Hashable]] = defaultdict(list)
    for child, up in parent.items():
        children[up].append(child)
    below_root = {}
    for root in roots:
        below, todo = set(), [root]
        while todo:
            for child in children.get(todo.pop(), ()):
                if child in graph and child not in below:
                    below.add(child)
                    todo.append(child)
        below_root[root] = below
    return below_root


def single_points(graph: nx.Graph, roots: Iterable[Hashable] = (), targets: Collection[Hashable] = (),
                  junctions: Collection[Hashable] = (), parent: Mapping[Hashable, Hashable] | None = None,
                  ) -> SinglePoints:
    """Articulation points and bridges, with the targets each cuts off from their root (see the module docstring).

    `roots` (streets), `targets` (compounds), `junctions` (areas: never reported as points) and `parent` (the
    hierarchy below the roots) are the caller's; without roots, only the network's own cuts are found."""
    points, bridges = network_cuts(graph)
    cut_by_point: dict[Hashable, set[str]] = defaultdict(set)
    cut_by_tie: dict[tuple[Hashable, Hashable], set[str]] = defaultdict(set)
    unreached: set[str] = set()
    junctions = set(junctions)
    streets = _below(roots, parent or {}, graph)

    def name(node: Hashable) -> Any:
        return graph.nodes[node].get("id", node)

    for street, areas in sorted(streets.items()):
        members = {street} | areas
        members |= {n for a in areas | {street} for n in graph[a] if n not in junctions}
        tree = search(graph, street, within=members)
        compounds = sorted((tree.disc[a], a) for a in areas if a in targets and a in tree.disc)
        unreached |= {name(a) for a in areas if a in targets and a not in tree.disc}
        below = partial(_targets_below, tree, compounds, [d for d, _ in compounds], name)

        for v in tree.order[1:]:
            for w in tree.children[v]:
                if tree.low[w] >= tree.disc[v] and v not in junctions:
                    cut_by_point[v].update(below(w))
                if tree.low[w] > tree.disc[v]:
                    cut_by_tie[_edge(v, w)].update(below(w))
        for w in tree.children[street]:  # ties from the street itself
            if tree.low[w] > tree.disc[street]:
                cut_by_tie[_edge(street, w)].update(below(w))

    named = {name(t): t for t in targets if t in graph}

    def residents(ids: Iterable[str]) -> int:
        return sum(graph.nodes[named[i]].get("population") or 0 for i in ids)

    found_points = [CutPoint(v, points.get(v, 0), tuple(sorted(cut_by_point.get(v, ()))),
                             residents(cut_by_point.get(v, ())))
                    for v in set(points) | set(cut_by_point)]
    found_ties = [CutTie(u, v, tuple(graph.edges[u, v].get("kinds", ())), bridges.get((u, v), 0),
                         tuple(sorted(cut_by_tie.get((u, v), ()))), residents(cut_by_tie.get((u, v), ())))
                  for u, v in set(bridges) | set(cut_by_tie)]
    found_points.sort(key=lambda p: (-len(p.compounds_cut_off), -p.nodes_separated, p.node))
    found_ties.sort(key=lambda t: (-len(t.compounds_cut_off), -t.nodes_separated, t.source, t.target))
    return SinglePoints(found_points, found_ties, len(streets), tuple(sorted(unreached)))
