"""Organisations' network measures in GraphQL: what `govgraph analyze` wrote back, shown and sorted by.

A small hand-built organisation network (co-building agreements only, so every tie weighs 1):

    A1 … A5  five party organisations, all tied to each other (a clique)
    A1 ── H  ── B1          H: a volunteer team, the only bridge between the two groups
    B1, B2, B3  three resident units, a triangle
    Z   an owners' committee with no ties

Betweenness (paths count hops): A1 lies between the other four A's and the four on the far side (16 pairs),
H between the five A's and the three B's (15), B1 between B2, B3 and the six beyond (12): A1 > H > B1.
Every expected value below is NetworkX run directly on the same edge list, never a number written here.
"""
from __future__ import annotations

import networkx as nx
import pytest
from graphql import GraphQLNonNull
from neo4j import Driver

from api.measures import SORTABLE
from api.schema import build_schema
from graph.algorithms import measures
from graph.analysis.writeback import analyze_city
from graph.ontology import MEASURE_PROPS
from graph.store.settings import Connection
from graph.store.version import bump_graph_version, graph_version
from tests.test_api_support import GraphQLClient, api  # noqa: F401 — `api` is a fixture

ORGS: dict[str, tuple[str, str, str | None]] = {  # id -> (kind label, name, `kind` property)
    **{f"A{i}": ("PartyOrganization", f"岷江第{i}党支部", "compound_party_organization") for i in range(1, 6)},
    "H": ("VolunteerTeam", "红色志愿服务队", None),
    **{f"B{i}": ("ResidentUnit", f"驻区单位{i}", "firm") for i in range(1, 4)},
    "Z": ("OwnersCommittee", "孤立业委会", None),
}
TIES: list[tuple[str, str]] = [
    *((f"A{i}", f"A{j}") for i in range(1, 6) for j in range(i + 1, 6)),
    ("A1", "H"), ("H", "B1"),
    ("B1", "B2"), ("B1", "B3"), ("B2", "B3"),
]

BY_BETWEENNESS = """query($first: Int, $measure: OrganizationMeasure) {
  organizations(sort: MEASURE, measure: $measure, first: $first) {
    edges { node { id name measures { betweenness degree community } } }
  }
}"""


def create_network(driver: Driver, database: str | None) -> None:
    rows = [{"label": label, "props": {"id": org_id, "name": name} | ({"kind": kind} if kind else {})}
            for org_id, (label, name, kind) in ORGS.items()]
    driver.execute_query("UNWIND $rows AS row CREATE (o:Organization:$(row.label)) SET o = row.props",
                         {"rows": rows}, database_=database)
    driver.execute_query("UNWIND $ties AS tie MATCH (a:Organization {id: tie[0]}), (b:Organization {id: tie[1]}) "
                         "CREATE (a)-[:CO_BUILDS]->(b)", {"ties": TIES}, database_=database)
    bump_graph_version(driver, database)  # as a load does: analyses cached on an older graph do not apply


def reference() -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(ORGS)
    graph.add_edges_from(TIES, weight=1.0)
    return graph


def expected_order(values: dict[str, float | None]) -> list[str]:
    """Highest first, missing values last, ties by name then id: the order the API promises."""
    return sorted(values, key=lambda i: (values[i] is None, -(values[i] or 0.0), ORGS[i][1] if i in ORGS else "", i))


@pytest.fixture
def network(graph: Driver, neo4j_conn: Connection) -> Driver:
    create_network(graph, neo4j_conn.database)
    return graph


def test_measures_are_null_until_govgraph_analyze_runs(api: GraphQLClient, network: Driver) -> None:
    data = api.data(BY_BETWEENNESS, {"first": 20, "measure": "BETWEENNESS"})
    nodes = [edge["node"] for edge in data["organizations"]["edges"]]
    assert {node["id"] for node in nodes} == set(ORGS)
    assert all(node["measures"] is None for node in nodes)
    assert [node["name"] for node in nodes] == sorted(name for _, name, _ in ORGS.values())  # nothing to sort by


def test_lists_sort_by_betweenness_as_networkx_computes_it(api: GraphQLClient, network: Driver,
                                                            neo4j_conn: Connection) -> None:
    done = analyze_city(network, neo4j_conn.database)
    assert done.organizations == len(ORGS)

    data = api.data("""{ organizations(sort: MEASURE, measure: BETWEENNESS, first: 3) {
      edges { node { id measures { betweenness degree community } } } } }""")
    top = [edge["node"] for edge in data["organizations"]["edges"]]
    reference_graph = reference()
    betweenness = nx.betweenness_centrality(reference_graph)
    assert [node["id"] for node in top] == expected_order(betweenness)[:3] == ["A1", "H", "B1"]
    for node in top:
        assert node["measures"]["betweenness"] == pytest.approx(betweenness[node["id"]], abs=1e-12)
        assert node["measures"]["degree"] == reference_graph.degree(node["id"])

    # Communities: the same partition as NetworkX's Louvain (same seed), numbered from the largest.
    everyone = api.data(BY_BETWEENNESS, {"first": 20, "measure": "BETWEENNESS"})["organizations"]["edges"]
    community = {edge["node"]["id"]: edge["node"]["measures"]["community"] for edge in everyone}
    found: dict[int, set[str]] = {}
    for org_id, number in community.items():
        found.setdefault(number, set()).add(org_id)
    expected = nx.community.louvain_communities(reference_graph, weight="weight", seed=measures.SEED)
    assert {frozenset(group) for group in found.values()} == {frozenset(group) for group in expected}
    assert found[0] == max(expected, key=len) == {"A1", "A2", "A3", "A4", "A5"}


def test_other_measures_and_kind_lists_sort_the_same_way(api: GraphQLClient, network: Driver,
                                                         neo4j_conn: Connection) -> None:
    analyze_city(network, neo4j_conn.database)
    reference_graph = reference()
    data = api.data("""{
      byPagerank: organizations(measure: PAGERANK, first: 20) { edges { node { id measures { pagerank } } } }
      party: partyOrganizations(sort: MEASURE, measure: DEGREE_CENTRALITY) {
        edges { node { id measures { degreeCentrality analysisVersion } } } }
      version: node(id: "H") { ... on Organization { measures { analysisVersion } } }
    }""")
    pagerank = nx.pagerank(reference_graph, weight="weight")
    assert [edge["node"]["id"] for edge in data["byPagerank"]["edges"]] == expected_order(pagerank)
    for edge in data["byPagerank"]["edges"]:
        assert edge["node"]["measures"]["pagerank"] == pytest.approx(pagerank[edge["node"]["id"]], rel=1e-6)

    centrality = nx.degree_centrality(reference_graph)
    party = [edge["node"] for edge in data["party"]["edges"]]
    assert [node["id"] for node in party] == expected_order({i: centrality[i] for i in ORGS if i.startswith("A")})
    assert party[0]["measures"]["degreeCentrality"] == pytest.approx(centrality["A1"])
    version = graph_version(network, neo4j_conn.database)
    assert data["version"]["measures"]["analysisVersion"] == version
    assert {node["measures"]["analysisVersion"] for node in party} == {version}


def test_measures_come_with_the_node_at_no_extra_query(api: GraphQLClient, network: Driver,
                                                      neo4j_conn: Connection) -> None:
    analyze_city(network, neo4j_conn.database)
    plain = "{ organizations(first: 20) { edges { node { id name } } } }"
    measured = "{ organizations(first: 20) { edges { node { id name measures { betweenness community } } } } }"
    assert api.round_trips(measured) == api.round_trips(plain) == 1


def test_organisations_added_since_the_analysis_come_last(api: GraphQLClient, network: Driver,
                                                          neo4j_conn: Connection) -> None:
    analyze_city(network, neo4j_conn.database)
    network.execute_query("CREATE (:Organization:VolunteerTeam {id: 'N1', name: '新成立志愿队'})",
                          database_=neo4j_conn.database)
    edges = api.data(BY_BETWEENNESS, {"first": 20, "measure": "BETWEENNESS"})["organizations"]["edges"]
    assert [edge["node"]["id"] for edge in edges][-1] == "N1"
    assert edges[-1]["node"]["measures"] is None
    assert [edge["node"]["id"] for edge in edges] == expected_order(
        {**nx.betweenness_centrality(reference()), "N1": None})


def test_a_measure_is_chosen_from_the_enum_and_only_for_organisations(api: GraphQLClient, network: Driver) -> None:
    assert "Value 'NONSENSE' does not exist in 'OrganizationMeasure' enum" in api.error(
        "{ organizations(sort: MEASURE, measure: NONSENSE) { totalCount } }")["message"]
    assert "OrganizationMeasure" in api.error(
        '{ organizations(sort: MEASURE, measure: "betweenness") { totalCount } }')["message"]
    assert "Value 'name' does not exist in 'OrganizationMeasure' enum" in api.error(
        BY_BETWEENNESS, {"measure": "name"})["message"]  # variables are checked against the enum too
    assert "Unknown argument 'measure'" in api.error(
        "{ compounds(measure: BETWEENNESS) { totalCount } }")["message"]
    assert "compounds have none" in api.error("{ compounds(sort: MEASURE) { totalCount } }")["message"]
    assert "sort: MEASURE needs `measure`" in api.error(
        "{ organizations(sort: MEASURE) { totalCount } }")["message"]
    assert "goes with sort: MEASURE, not sort: NAME" in api.error(
        "{ organizations(sort: NAME, measure: DEGREE) { totalCount } }")["message"]


def test_measures_combine_with_the_other_filters(api: GraphQLClient, network: Driver, neo4j_conn: Connection) -> None:
    analyze_city(network, neo4j_conn.database)
    # H and the units are based in one community (after the analysis: placing them changes no measure).
    network.execute_query("CREATE (m:Area:Community {id: 'M1', name: '岷江社区'}) WITH m "
                          "MATCH (o:Organization) WHERE o.id IN ['H', 'B1', 'B2', 'B3'] CREATE (o)-[:BASED_IN]->(m)",
                          database_=neo4j_conn.database)
    data = api.data("""{
      named: organizations(text: "党支部", measure: BETWEENNESS, first: 2) { totalCount edges { node { id } } }
      units: organizations(kinds: [ResidentUnit], measure: CONSTRAINT) { edges { node { id } } }
      inCommunity: organizations(within: "M1", sort: MEASURE, measure: CONSTRAINT) { edges { node { id } } }
      namedInCommunity: residentUnits(within: "M1", text: "驻区单位", measure: CONSTRAINT) { edges { node { id } } }
    }""")
    assert data["named"]["totalCount"] == 5 and [e["node"]["id"] for e in data["named"]["edges"]] == ["A1", "A2"]
    # Burt's constraint is highest for B2 and B3, closed in their triangle; the broker B1 and the bridge H are freer.
    constraint = nx.constraint(reference(), weight="weight")
    in_community = expected_order({i: constraint[i] for i in ("H", "B1", "B2", "B3")})
    units = expected_order({i: constraint[i] for i in ("B1", "B2", "B3")})
    assert in_community[:2] == ["B2", "B3"] and units[-1] == "B1"  # not the order of their names
    assert [e["node"]["id"] for e in data["inCommunity"]["edges"]] == in_community
    assert [e["node"]["id"] for e in data["units"]["edges"]] == units
    assert [e["node"]["id"] for e in data["namedInCommunity"]["edges"]] == units


def test_the_measures_type_is_generated_from_the_measure_props() -> None:
    schema = build_schema(production=False)._schema
    fields = schema.get_type("OrganizationMeasures").fields
    camel = {p.name: p.name.split("_")[0] + "".join(w.capitalize() for w in p.name.split("_")[1:])
             for p in MEASURE_PROPS}
    assert set(fields) == set(camel.values())
    for prop in MEASURE_PROPS:
        field = fields[camel[prop.name]]
        assert prop.label_zh in field.description and prop.description[1:] in field.description
        assert isinstance(field.type, GraphQLNonNull) == (prop.name == "analysis_version")
    assert set(schema.get_type("OrganizationMeasure").values) == {p.name.upper() for p in SORTABLE}
    assert "ANALYSIS_VERSION" not in schema.get_type("OrganizationMeasure").values
    for name in ("Organization", "PartyOrganization", "ResidentUnit", "VolunteerTeam", "OwnersCommittee"):
        assert schema.get_type(name).fields["measures"].type.name == "OrganizationMeasures"
    assert "measures" not in schema.get_type("Compound").fields
