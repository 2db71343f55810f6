"""Gould–Fernandez brokerage roles, on a small network worked by hand.

Sectors: p1, p2, p3 party (P); g1 government (G); o1, o2 owners (O).
Ties: p1 -> p2, o1 -> p2, p2 -> p3, p2 -> g1, p2 -> o2, and p1 -> g1.

Directed, the two-step paths through p2 are a -> p2 -> c for a in {p1, o1} and c in {p3, g1, o2}:

    p1 -> p2 -> p3   P P P   coordinator
    p1 -> p2 -> g1   P P G   (p1 is tied to g1 directly: not brokerage)
    p1 -> p2 -> o2   P P O   representative
    o1 -> p2 -> p3   O P P   gatekeeper
    o1 -> p2 -> g1   O P G   liaison
    o1 -> p2 -> o2   O P O   itinerant

so p2 holds each role once; nobody else brokers (p1 and o1 have no one before them, p3, g1, o2 no one after).
"""
from __future__ import annotations

import random

import networkx as nx
import pytest

from graph.algorithms.brokerage import ROLES, Roles, brokerage, brokerage_by_paths, role

SECTORS = {"p1": "party", "p2": "party", "p3": "party", "g1": "government", "o1": "owners", "o2": "owners"}
TIES = [("p1", "p2"), ("o1", "p2"), ("p2", "p3"), ("p2", "g1"), ("p2", "o2"), ("p1", "g1")]


def network(kind: type[nx.Graph]) -> nx.Graph:
    graph = kind()
    graph.add_nodes_from((n, {"sector": s}) for n, s in SECTORS.items())
    graph.add_edges_from(TIES)
    return graph


def test_the_five_roles_by_their_groups() -> None:
    assert role("P", "P", "P") == "coordinator"
    assert role("O", "P", "O") == "itinerant"
    assert role("P", "P", "G") == "representative"
    assert role("O", "P", "P") == "gatekeeper"
    assert role("O", "P", "G") == "liaison"


def test_directed_brokerage_worked_by_hand() -> None:
    roles = brokerage(network(nx.DiGraph))
    assert roles["p2"] == Roles(coordinator=1, itinerant=1, representative=1, gatekeeper=1, liaison=1)
    assert roles["p2"].total == 5
    assert all(roles[n].total == 0 for n in SECTORS if n != "p2")


def test_undirected_ties_are_read_both_ways() -> None:
    # p2's contacts p1, p3 (P), o1, o2 (O), g1 (G): ten pairs, less p1–g1 which are tied: nine pairs, each walked
    # both ways. P–P: coordinator x2. O–O: itinerant x2. P–O (4 pairs) and P–G (p3–g1): one representative and
    # one gatekeeper each, 5 + 5. O–G (2 pairs): liaison x2 each, 4.
    roles = brokerage(network(nx.Graph))
    assert roles["p2"] == Roles(coordinator=2, itinerant=2, representative=5, gatekeeper=5, liaison=4)
    assert roles["p2"].as_dict()["total"] == 18
    assert all(roles[n].total == 0 for n in SECTORS if n != "p2")  # p1's contacts p2 and g1 are tied


@pytest.mark.parametrize("kind", [nx.Graph, nx.DiGraph])
def test_counting_by_group_sizes_equals_walking_every_path(kind: type[nx.Graph]) -> None:
    rng = random.Random(5)
    for seed in range(5):
        graph = nx.gnm_random_graph(40, 120, seed=seed, directed=kind is nx.DiGraph)
        nx.set_node_attributes(graph, {n: rng.choice("PGORV") for n in graph}, "sector")
        assert brokerage(graph) == brokerage_by_paths(graph)


def test_groups_can_be_given_as_a_mapping() -> None:
    graph = nx.path_graph(["a", "b", "c"])
    assert brokerage(graph, {"a": 1, "b": 2, "c": 1})["b"] == Roles(itinerant=2)
    assert set(Roles().as_dict()) == {*ROLES, "total"}
