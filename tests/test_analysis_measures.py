"""Measures that govgraph computes its own way for speed give NetworkX's answers, on networks shaped like a city:
one large component, many small ones, isolated nodes, weighted ties. (Through Neo4j: tests/test_analysis_karate.py.)
"""
from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from graph.algorithms import betweenness as betweenness_module
from graph.algorithms import closeness as closeness_module
from graph.algorithms import measures


def city_like(seed: int) -> nx.Graph:
    """A 300-node scale-free component, 40 small random ones, 30 isolated nodes; weights 0.5–2."""
    rng = random.Random(seed)
    graph = nx.barabasi_albert_graph(300, 2, seed=seed)
    for _ in range(40):
        graph = nx.disjoint_union(graph, nx.gnm_random_graph(rng.randint(2, 12), rng.randint(1, 20), seed=rng.randrange(10**6)))
    graph.add_nodes_from(range(graph.number_of_nodes(), graph.number_of_nodes() + 30))
    for u, v in graph.edges:
        graph.edges[u, v]["weight"] = rng.choice([0.5, 1.0, 1.25, 2.0])
    return nx.relabel_nodes(graph, {n: ("Organization", f"o{n:04}") for n in graph})


def close(ours: dict, theirs: dict, tolerance: float = 1e-9) -> None:
    defined = {node: value for node, value in theirs.items() if not math.isnan(value)}
    assert set(ours) == set(defined)
    for node, value in defined.items():
        assert ours[node] == pytest.approx(value, rel=tolerance, abs=tolerance), node


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_exact_measures_equal_networkx(seed: int) -> None:
    graph = city_like(seed)
    close(measures.betweenness(graph).values, nx.betweenness_centrality(graph))
    close(measures.closeness(graph).values, nx.closeness_centrality(graph))
    close(measures.constraint(graph).values, nx.constraint(graph, weight="weight"))
    # the per-node formula: NetworkX 3.6's matrix shortcut divides by column maxima on weighted graphs
    close(measures.effective_size(graph).values, nx.effective_size(graph, nodes=list(graph), weight="weight"))


def test_eigenvector_lives_on_the_dominant_component() -> None:
    graph = city_like(4)
    ours = measures.eigenvector(graph)
    big = graph.subgraph(max(nx.connected_components(graph), key=len))
    theirs = nx.eigenvector_centrality_numpy(big, weight="weight")
    close({n: v for n, v in ours.values.items() if n in big}, theirs, 1e-7)
    assert all(v == 0 for n, v in ours.values.items() if n not in big)
    assert "components" in ours.notes[0]


def test_eigenvector_of_components_tied_for_the_largest_eigenvalue_is_shared() -> None:
    graph = nx.Graph([(("Organization", "a"), ("Organization", "b")), (("Organization", "c"), ("Organization", "d"))])
    ours = measures.eigenvector(graph)
    assert ours.values == pytest.approx(dict.fromkeys(graph, 0.5)) and "tie" in ours.notes[-1]


def test_sampled_betweenness_of_one_large_network_is_networkx_pivot_for_pivot() -> None:
    graph = nx.relabel_nodes(nx.barabasi_albert_graph(400, 2, seed=5), lambda n: ("Organization", f"o{n:03}"))
    ours = measures.betweenness(graph, k=50)
    assert (ours.method, ours.k) == ("sampled", 50)
    close(ours.values, nx.betweenness_centrality(graph, k=50, seed=measures.SEED), 1e-12)


def test_sampling_spends_pivots_on_large_components_and_keeps_small_ones_exact() -> None:
    graph = city_like(6)
    exact = nx.betweenness_centrality(graph)
    ours = measures.betweenness(graph, k=60)
    assert (ours.method, ours.k) == ("sampled", 60) and "component of more than 100 nodes" in ours.notes[0]
    small = [n for c in nx.connected_components(graph) if len(c) <= measures.SMALL_COMPONENT for n in c]
    close({n: ours.values[n] for n in small}, {n: exact[n] for n in small})
    # the large component's estimate finds its real brokers: 8 of the exact top 10 at 20% of the sources
    top = lambda values: set(sorted(values, key=values.get, reverse=True)[:10])  # noqa: E731
    assert len(top(ours.values) & top(exact)) >= 8


def test_the_default_is_exact_until_the_work_is_too_large() -> None:
    graph = city_like(7)
    assert measures.betweenness_work(graph) < measures.EXACT_BETWEENNESS_WORK
    assert measures.betweenness(graph).method == "exact"


def several_components() -> nx.Graph:
    """Components of every kind the batched searches pack differently: two larger than SMALL_COMPONENT, a path,
    a star, a cycle, a clique, a pair and isolated nodes."""
    parts = [nx.barabasi_albert_graph(260, 2, seed=9), nx.path_graph(40), nx.star_graph(30),
             nx.barabasi_albert_graph(130, 3, seed=10), nx.cycle_graph(11), nx.complete_graph(6), nx.path_graph(2)]
    graph = nx.disjoint_union_all(parts)
    graph.add_nodes_from(range(graph.number_of_nodes(), graph.number_of_nodes() + 5))
    return nx.relabel_nodes(graph, {n: ("Organization", f"o{n:04}") for n in graph})


@pytest.mark.parametrize("cells", [measures.SEARCH_CELLS, 2_000, 50])
def test_batched_betweenness_equals_networkx(cells: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # Small budgets split the large components' searches into batches and the small components into several runs.
    monkeypatch.setattr(betweenness_module, "SEARCH_CELLS", cells)
    graph = several_components()
    assert max(len(c) for c in nx.connected_components(graph)) > measures.SMALL_COMPONENT
    close(measures.betweenness(graph).values, nx.betweenness_centrality(graph), 1e-12)
    one = graph.subgraph(max(nx.connected_components(graph), key=len)).copy()
    ours = measures.betweenness(one, k=40)
    assert (ours.method, ours.k) == ("sampled", 40)
    close(ours.values, nx.betweenness_centrality(one, k=40, seed=measures.SEED), 1e-12)


@pytest.mark.parametrize("bits", [measures.SEARCH_BITS, 1_000, 3])
def test_closeness_searched_in_batches_equals_networkx(bits: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(closeness_module, "SEARCH_BITS", bits)
    graph = several_components()
    close(measures.closeness(graph).values, nx.closeness_centrality(graph), 1e-12)


def test_sampled_closeness_with_a_pivot_per_node_is_exact() -> None:
    graph = city_like(8)
    ours = measures.compute(graph, "closeness", k=graph.number_of_nodes())
    assert ours.method == "exact" and ours.k is None and "asked for" in ours.notes[0]
    close(ours.values, nx.closeness_centrality(graph))


def watts_strogatz() -> nx.Graph:
    graph = nx.connected_watts_strogatz_graph(3000, 6, 0.1, seed=7)
    return nx.relabel_nodes(graph, {n: ("Organization", f"o{n:04}") for n in graph})


def test_sampled_closeness_is_close_to_exact() -> None:
    graph = watts_strogatz()
    exact = nx.closeness_centrality(graph)
    ours = measures.closeness(graph, k=300)
    assert (ours.method, ours.k) == ("sampled", 300) and "Eppstein–Wang" in ours.notes[0]
    errors = [abs(ours.values[n] - exact[n]) / exact[n] for n in graph]
    # seeded, so these are fixed: max 4.1 %, mean 0.77 %, 13 of the top 20
    assert max(errors) < 0.05 and sum(errors) / len(errors) < 0.01
    top = lambda values: set(sorted(values, key=lambda n: (-values[n], n))[:20])  # noqa: E731
    assert len(top(ours.values) & top(exact)) >= 12


def test_closeness_is_sampled_by_default_only_past_its_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = nx.disjoint_union(watts_strogatz(), city_like(9))
    assert measures.closeness_cells(graph) > 9_000_000
    assert measures.closeness(graph).method == "exact"
    monkeypatch.setattr(closeness_module, "EXACT_CLOSENESS_CELLS", 4_000_000)
    ours = measures.closeness(graph)
    # Only the 3,000-node component is sampled (the other 91,409 cells fit), with the pivots the rest of the
    # budget pays for: (4,000,000 - 91,409) * 3,000 / 3,000^2 = 1,302, more than CLOSENESS_PIVOTS.
    assert (ours.method, ours.k) == ("sampled", 1302) and "(3000 of 3592 nodes)" in ours.notes[0]
    exact = nx.closeness_centrality(graph)
    rest = list(graph)[3000:]
    close({n: ours.values[n] for n in rest}, {n: exact[n] for n in rest})


def test_pivots_are_refused_for_a_measure_that_is_never_sampled() -> None:
    from graph.analysis.analyst import check
    from graph.analysis.projections import AnalysisError

    check("centrality", "organizations", {"metric": "closeness", "k": 50})  # sampled measures take k
    with pytest.raises(AnalysisError, match="k \\(sampled pivots\\) applies to betweenness and closeness only"):
        check("centrality", "organizations", {"metric": "pagerank", "k": 50})
