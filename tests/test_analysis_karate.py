"""Every measure, computed through loaders -> Neo4j -> projection, equals NetworkX run on the same graph.

Zachary's karate club (networkx.karate_club_graph): each member becomes an
organisation — Mr. Hi's side volunteer teams, the Officer's side firms (resident
units), so the two clubs are two sectors — and each friendship a co-building
agreement in co_builds.csv. Loaded by the real loaders into the test Neo4j.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from neo4j import Driver

from graph.algorithms import measures
from graph.algorithms.brokerage import brokerage_by_paths
from graph.analysis.analyst import Analyst
from graph.analysis.cache import AnalysisCache
from graph.analysis.projections import Scope
from graph.store.settings import Connection
from graph.store.version import graph_version
from tests.analysis_csv import load
from tests.cli import govgraph
from tests.conftest import clear

KARATE = nx.karate_club_graph()
SECTOR = {"Mr. Hi": "volunteers", "Officer": "resident_unit"}


def ident(member: int) -> str:
    return f"k{member:02d}"


def key(member: int) -> tuple[str, str]:
    return ("Organization", ident(member))


def karate_files() -> dict[str, list[dict]]:
    clubs = {m: KARATE.nodes[m]["club"] for m in KARATE}
    return {
        "volunteer_teams": [{"id": ident(m), "name": f"空手道会员{m}"} for m in KARATE if clubs[m] == "Mr. Hi"],
        "resident_units": [{"id": ident(m), "name": f"空手道会员{m}", "kind": "firm"}
                           for m in KARATE if clubs[m] == "Officer"],
        "co_builds": [{"source": ident(u), "target": ident(v)} for u, v in KARATE.edges],
    }


def reference() -> nx.Graph:
    """The karate club as NetworkX has it, under the projection's node keys, in the same (sorted) order."""
    graph = nx.Graph()
    for m in sorted(KARATE, key=ident):
        graph.add_node(key(m), sector=SECTOR[KARATE.nodes[m]["club"]])
    for u, v in sorted(KARATE.edges, key=lambda e: (ident(min(e)), ident(max(e)))):
        graph.add_edge(key(u), key(v), weight=1.0)
    return graph


@pytest.fixture(scope="module")
def karate(session_driver: Driver, neo4j_conn: Connection, tmp_path_factory: pytest.TempPathFactory) -> Analyst:
    clear(session_driver, neo4j_conn.database)
    load(session_driver, tmp_path_factory.mktemp("karate"), karate_files(), neo4j_conn.database)
    return Analyst(session_driver, neo4j_conn.database, cache=AnalysisCache())


NETWORKX = {
    "degree": lambda g: nx.degree_centrality(g),
    "strength": lambda g: dict(g.degree(weight="weight")),
    "betweenness": lambda g: nx.betweenness_centrality(g),
    "closeness": lambda g: nx.closeness_centrality(g),
    "pagerank": lambda g: nx.pagerank(g, weight="weight"),
    "eigenvector": lambda g: nx.eigenvector_centrality_numpy(g, weight="weight"),
    "constraint": lambda g: nx.constraint(g, weight="weight"),
    # NetworkX 3.6's matrix shortcut for effective_size divides by column maxima on weighted graphs;
    # its per-node path is the published formula, which govgraph follows.
    "effective_size": lambda g: nx.effective_size(g, nodes=list(g), weight="weight"),
}


def test_the_projection_is_the_karate_club(karate: Analyst) -> None:
    graph = karate.graph("organizations", Scope.of())
    assert graph.number_of_nodes() == 34 and graph.number_of_edges() == 78
    assert {tuple(sorted(e)) for e in graph.edges} == {tuple(sorted(e)) for e in reference().edges}
    assert graph.nodes[key(0)]["kind"] == "VolunteerTeam" and graph.nodes[key(0)]["sector"] == "volunteers"
    assert graph.nodes[key(33)]["kind"] == "ResidentUnit" and graph.nodes[key(33)]["sector"] == "resident_unit"
    assert all(data["weight"] == 1.0 and data["agreements"] == 1 for _, _, data in graph.edges(data=True))


@pytest.mark.parametrize("metric", list(measures.METRICS))
def test_every_measure_equals_networkx(karate: Analyst, metric: str) -> None:
    answer = karate.ask("centrality", "organizations", metric=metric)
    expected = NETWORKX[metric](reference())
    assert answer.value.method in ("exact", "ARPACK")
    assert set(answer.value.values) == set(expected)
    for node, value in expected.items():
        assert answer.value.values[node] == pytest.approx(value, rel=1e-6, abs=1e-9), (metric, node)


def test_the_broker_of_the_club_is_mr_hi_then_the_officer(karate: Analyst) -> None:
    top = karate.ask("centrality", "organizations", metric="betweenness").value.top(2)
    assert [node for node, _ in top] == [key(0), key(33)]
    assert top[0][1] == pytest.approx(0.437635, abs=1e-6)  # Mr. Hi's betweenness, as every textbook has it


def test_asking_for_pivots_on_a_small_network_says_it_was_computed_exactly(karate: Analyst) -> None:
    answer = karate.ask("centrality", "organizations", metric="betweenness", k=12)
    assert (answer.value.method, answer.value.k) == ("exact", None)
    assert "k=12 asked for" in answer.value.notes[0]  # 34 members: one small component, exact is cheap
    assert answer.value.values == pytest.approx(nx.betweenness_centrality(reference()))


def test_louvain_communities_equal_networkx(karate: Analyst) -> None:
    found = karate.ask("communities", "organizations").value
    expected = nx.community.louvain_communities(reference(), weight="weight", seed=measures.SEED)
    assert set(found.groups) == {frozenset(c) for c in expected}
    assert found.modularity == pytest.approx(nx.community.modularity(reference(), expected))
    clubs = [{key(m) for m in KARATE if KARATE.nodes[m]["club"] == club} for club in SECTOR]
    assert found.modularity > nx.community.modularity(reference(), clubs)  # better than the real split (0.37)
    assert len(found.groups[0]) >= len(found.groups[-1])


def test_brokerage_across_the_two_clubs_equals_walking_every_path(karate: Analyst) -> None:
    roles = karate.ask("brokerage", "organizations").value
    assert roles == brokerage_by_paths(reference(), "sector")
    assert roles[key(0)].coordinator > 0 and roles[key(0)].representative == roles[key(0)].gatekeeper
    assert roles[key(0)].liaison == 0  # two sectors only: no path crosses three


def test_articulation_points_and_bridges_equal_networkx(karate: Analyst) -> None:
    found = karate.ask("single_points", "organizations").value
    assert {p.node for p in found.points} == set(nx.articulation_points(reference())) == {key(0)}
    assert {(t.source, t.target) for t in found.ties} == {tuple(sorted(e)) for e in nx.bridges(reference())}
    assert found.points[0].nodes_separated == 6  # members 4, 5, 6, 10, 16 and 11 reach the club through Mr. Hi alone
    assert found.streets == 0


def test_a_repeated_question_is_answered_from_memory_and_a_load_invalidates_it(
        karate: Analyst, session_driver: Driver, neo4j_conn: Connection, tmp_path: Path) -> None:
    first = karate.ask("centrality", "organizations", metric="pagerank")
    again = karate.ask("centrality", "organizations", metric="pagerank")
    assert again.cached and again.value is first.value and again.graph_version == first.graph_version
    # A new agreement between the two leaders, loaded like any file: the version moves, the answer is recomputed.
    load(session_driver, tmp_path, {"co_builds": [{"source": ident(0), "target": ident(33)}]}, neo4j_conn.database)
    after = karate.ask("centrality", "organizations", metric="pagerank")
    assert after.graph_version > first.graph_version and not after.cached
    assert after.graph.has_edge(key(0), key(33))
    assert after.value.values[key(0)] != first.value.values[key(0)]


def test_ties_not_valid_at_the_date_are_left_out(karate: Analyst, session_driver: Driver,
                                                 neo4j_conn: Connection, tmp_path: Path) -> None:
    load(session_driver, tmp_path, {"co_builds": [
        {"source": ident(11), "target": ident(33), "start_date": date(2024, 1, 1), "end_date": date(2024, 12, 31)}]},
        neo4j_conn.database)
    during = karate.graph("organizations", Scope.of(None, date(2024, 6, 1)))
    after = karate.graph("organizations", Scope.of(None, date(2025, 6, 1)))
    assert during.has_edge(key(11), key(33)) and not after.has_edge(key(11), key(33))
    assert not karate.graph("organizations", Scope.of(None, date(2023, 6, 1))).has_edge(key(11), key(33))


def test_govgraph_analyze_writes_the_measures_back_for_cypher(karate: Analyst, session_driver: Driver,
                                                              neo4j_conn: Connection, tmp_path: Path) -> None:
    clear(session_driver, neo4j_conn.database)
    load(session_driver, tmp_path, karate_files(), neo4j_conn.database)
    done = govgraph("analyze", "--top", "3")
    assert done.returncode == 0, done.stderr
    assert "written to 34 organisations" in done.stdout and "betweenness: exact" in done.stdout
    records, _, _ = session_driver.execute_query(
        "MATCH (o:Organization) RETURN o.id AS id, o.betweenness AS betweenness, o.community AS community, "
        "o.analysis_version AS version, o.brokerage_total AS brokerage ORDER BY o.betweenness DESC",
        database_=neo4j_conn.database)
    expected = nx.betweenness_centrality(reference())
    assert [r["id"] for r in records[:2]] == [ident(0), ident(33)]
    for record in records:
        assert record["betweenness"] == pytest.approx(expected[("Organization", record["id"])])
        assert record["version"] == graph_version(session_driver, neo4j_conn.database)
        assert isinstance(record["community"], int) and record["brokerage"] >= 0


def test_bad_arguments_get_one_clear_line(karate: Analyst) -> None:
    for args, message in ((("centrality", "fame"), "unknown metric 'fame'"),
                          (("centrality", "degree", "--area", "nowhere"), "no area with id 'nowhere'"),
                          (("centrality", "degree", "--projection", "friends"), "unknown projection 'friends'"),
                          (("centrality", "degree", "--as-of", "June"), "--as-of: expected a date"),
                          (("centrality", "betweenness", "--k", "0"), "k must be")):
        done = govgraph(*args)
        assert done.returncode == 1, args
        assert message in done.stderr and "Traceback" not in done.stderr, done.stderr
