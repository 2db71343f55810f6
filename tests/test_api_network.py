"""The network questions, on the small hand-built city (tests/test_api_support.py), with answers worked by hand.

Tie weights (graph/analysis/projections.py): agreement 1 + 0.25 per mechanism beyond the first, shared resident
unit 0.5, shared person 1.
"""
from __future__ import annotations

import math
from typing import Any

import pytest

from tests.test_api_support import GraphQLClient, api, load_small_city  # noqa: F401 — `api` is a fixture

pytestmark = pytest.mark.usefixtures("city")


@pytest.fixture
def city(graph: Any, neo4j_conn: Any) -> None:
    load_small_city(graph, neo4j_conn.database)


def node_ids(items: list[dict[str, Any]], key: str = "node") -> list[str]:
    return [item[key]["id"] for item in items]


def metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), to check the API's point.distance against."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6378140 * math.asin(math.sqrt(a))


CO_BUILDERS = """query($id: ID!, $asOf: Date) { coBuilders(organizationId: $id, asOf: $asOf) {
  organization { id } asOf totalCount
  edges { weight kinds node { id } agreements { name mechanisms startDate endDate }
             sharedUnits { id } sharedPeople { id name } } } }"""


def test_co_builders_by_agreement_shared_unit_and_shared_people(api: GraphQLClient) -> None:
    answer = api.data(CO_BUILDERS, {"id": "P1", "asOf": "2024-06-01"})["coBuilders"]
    assert answer["organization"] == {"id": "P1"} and answer["asOf"] == "2024-06-01" and answer["totalCount"] == 4
    partners = {p["node"]["id"]: p for p in answer["edges"]}
    # strongest first, ties broken by name: 岷江小学 < 珠江社区大党委, 阳光小区业委会 < 阳光小区党支部
    assert list(partners) == ["R2", "P2", "O1", "P3"]
    assert partners["R2"] == {"weight": 1.5, "kinds": ["AGREEMENT"], "node": {"id": "R2"},
                              "agreements": [{"name": "岷江共建协议", "startDate": "2019-01-01", "endDate": None,
                                              "mechanisms": ["branch_co_building", "joint_work",
                                                             "shared_resources"]}],
                              "sharedUnits": [], "sharedPeople": []}
    # the hospital sits on both grand committees, 李娜 serves in both; the 2016 agreement ended in 2018
    assert partners["P2"]["weight"] == 1.5 and partners["P2"]["kinds"] == ["SHARED_UNIT", "SHARED_PERSON"]
    assert node_ids([partners["P2"]], "node") == ["P2"] and partners["P2"]["agreements"] == []
    assert partners["P2"]["sharedUnits"] == [{"id": "R1"}]
    assert partners["P2"]["sharedPeople"] == [{"id": "X2", "name": "李娜"}]
    assert partners["O1"]["weight"] == partners["P3"]["weight"] == 1.0
    assert partners["O1"]["sharedPeople"] == partners["P3"]["sharedPeople"] == [{"id": "X1", "name": "张伟"}]


def test_co_builders_at_an_earlier_date(api: GraphQLClient) -> None:
    answer = api.data(CO_BUILDERS, {"id": "P1", "asOf": "2019-06-01"})["coBuilders"]
    weights = {p["node"]["id"]: p["weight"] for p in answer["edges"]}
    # 李娜 joined P2 only in 2020, so P2 and P1 shared just the hospital then
    assert weights == {"R2": 1.5, "O1": 1.0, "P3": 1.0, "P2": 0.5}
    none = api.data(CO_BUILDERS, {"id": "R3", "asOf": "2024-06-01"})["coBuilders"]
    assert none["totalCount"] == 0 and none["edges"] == []


NETWORK = """query($area: ID!, $limit: Int!) {
  coBuildingNetwork(areaId: $area, asOf: "2024-06-01", first: $limit) {
    area { id } totalNodes truncated
    nodes { id name kind subtype degree strength node { id } }
    edges { source target weight kinds agreements mechanisms sharedUnitIds sharedPeople } } }"""


def test_co_building_network_of_a_street(api: GraphQLClient) -> None:
    net = api.data(NETWORK, {"area": "S1", "limit": 100})["coBuildingNetwork"]
    assert net["area"] == {"id": "S1"} and net["totalNodes"] == 11 and not net["truncated"]
    strength = {n["id"]: n["strength"] for n in net["nodes"]}
    assert strength == {"P1": 5.0, "O1": 2.0, "P3": 2.0, "R2": 1.5, "P2": 1.5, "PC1": 1.0, "P5": 1.0,
                        "P4": 0.0, "R1": 0.0, "A1": 0.0, "V1": 0.0}
    assert [n["id"] for n in net["nodes"]][:3] == ["P1", "O1", "P3"]  # strongest first
    first = net["nodes"][0]
    assert first == {"id": "P1", "name": "岷江社区大党委", "kind": "PartyOrganization",
                     "subtype": "grand_party_committee", "degree": 4, "strength": 5.0, "node": {"id": "P1"}}
    edges = {(e["source"], e["target"]): e for e in net["edges"]}
    assert {k: e["weight"] for k, e in edges.items()} == {
        ("P1", "R2"): 1.5, ("P1", "P2"): 1.5, ("P1", "P3"): 1.0, ("O1", "P1"): 1.0, ("O1", "P3"): 1.0,
        ("P5", "PC1"): 1.0}
    assert edges[("P1", "R2")] == {"source": "P1", "target": "R2", "weight": 1.5, "kinds": ["AGREEMENT"],
                                   "agreements": 1, "sharedUnitIds": [], "sharedPeople": 0,
                                   "mechanisms": ["branch_co_building", "joint_work", "shared_resources"]}
    assert edges[("P1", "P2")]["sharedUnitIds"] == ["R1"] and edges[("P1", "P2")]["sharedPeople"] == 1


def test_co_building_network_as_cytoscape_elements(api: GraphQLClient) -> None:
    net = api.data('{ coBuildingNetwork(areaId: "S1", asOf: "2024-06-01", first: 3) { elements } }')
    elements = net["coBuildingNetwork"]["elements"]
    assert [n["data"]["id"] for n in elements["nodes"]] == ["Organization:P1", "Organization:O1", "Organization:P3"]
    assert elements["nodes"][0]["data"] == {"id": "Organization:P1", "nodeId": "P1", "label": "岷江社区大党委",
                                            "kind": "PartyOrganization", "subtype": "grand_party_committee",
                                            "degree": 4, "strength": 5.0}
    assert sorted((e["data"]["source"], e["data"]["target"], e["data"]["weight"]) for e in elements["edges"]) == [
        ("Organization:O1", "Organization:P1", 1.0), ("Organization:O1", "Organization:P3", 1.0),
        ("Organization:P1", "Organization:P3", 1.0)]


def test_co_building_network_limited_to_the_strongest_nodes(api: GraphQLClient) -> None:
    net = api.data(NETWORK, {"area": "S1", "limit": 3})["coBuildingNetwork"]
    assert net["truncated"] and net["totalNodes"] == 11
    assert [n["id"] for n in net["nodes"]] == ["P1", "O1", "P3"]
    assert sorted((e["source"], e["target"]) for e in net["edges"]) == [("O1", "P1"), ("O1", "P3"), ("P1", "P3")]
    other_street = api.data(NETWORK, {"area": "S2", "limit": 10})["coBuildingNetwork"]
    assert [n["id"] for n in other_street["nodes"]] == ["R3"] and other_street["edges"] == []


GAPS = """query($kind: GapKind!, $area: ID, $radius: Float, $facility: FacilityKind, $asOf: Date, $first: Int,
             $after: String) {
  coverageGaps(kind: $kind, areaId: $area, radiusMeters: $radius, facilityKind: $facility, asOf: $asOf,
               first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { subject { ... on Node { id kind } } population lat lon nearestFacility { id } distanceMeters } } } }"""


def gaps(api: GraphQLClient, kind: str, **variables: Any) -> list[str]:
    variables = {"kind": kind, "asOf": "2024-06-01", **variables}
    answer = api.data(GAPS, variables)["coverageGaps"]
    found = [edge["node"]["subject"]["id"] for edge in answer["edges"]]
    assert answer["totalCount"] == len(found) or variables.get("first") is not None
    return found


def test_compounds_lacking_party_owners_or_management(api: GraphQLClient) -> None:
    assert gaps(api, "COMPOUND_NO_PARTY_ORGANIZATION") == ["K3", "K4"]  # largest population first
    assert gaps(api, "COMPOUND_NO_PARTY_ORGANIZATION", asOf="2019-06-01") == ["K3", "K2", "K4"]  # P5 came in 2020
    assert gaps(api, "COMPOUND_NO_PARTY_ORGANIZATION", asOf="2019-06-01", area="M1") == ["K2"]
    assert gaps(api, "COMPOUND_NO_OWNERS_COMMITTEE") == ["K3", "K4"]
    assert gaps(api, "COMPOUND_NO_PROPERTY_MANAGEMENT") == ["K2", "K4"]
    assert gaps(api, "COMPOUND_THREE_WITHOUT") == ["K4"]
    assert gaps(api, "COMPOUND_PARTY_OWNERS_UNLINKED") == ["K2"]  # 张伟 links K1's branch and committee


def test_communities_grids_and_resident_units_lacking_their_organisation(api: GraphQLClient) -> None:
    assert gaps(api, "COMMUNITY_NO_GRAND_PARTY_COMMITTEE") == ["M3"]
    assert gaps(api, "GRID_NO_BRANCH") == ["G2"]
    assert gaps(api, "RESIDENT_UNIT_NO_COMMITTEE") == ["R3", "R2"]  # the school's seat ended in 2019
    assert gaps(api, "RESIDENT_UNIT_NO_COMMITTEE", asOf="2019-06-01") == ["R3"]
    assert gaps(api, "RESIDENT_UNIT_NO_COMMITTEE", area="S1") == ["R2"]


def test_compounds_beyond_a_walk_of_a_facility_with_the_nearest_one(api: GraphQLClient) -> None:
    assert gaps(api, "COMPOUND_NO_FACILITY", radius=500.0) == ["K2", "K4"]
    assert gaps(api, "COMPOUND_NO_FACILITY", radius=1000.0) == ["K4"]
    assert gaps(api, "COMPOUND_NO_FACILITY", radius=1000.0, facility="canteen") == ["K3", "K4"]
    assert gaps(api, "COMPOUND_NO_FACILITY", radius=10_000.0) == []
    answer = api.data(GAPS, {"kind": "COMPOUND_NO_FACILITY", "radius": 500.0})["coverageGaps"]
    k2, k4 = (edge["node"] for edge in answer["edges"])
    assert k2["nearestFacility"] == {"id": "F1"} and k2["population"] == 800
    assert k2["distanceMeters"] == pytest.approx(metres(31.135, 104.395, 31.131, 104.3905), rel=3e-3)
    assert 500 < k2["distanceMeters"] < 1000
    assert k4["nearestFacility"] == {"id": "F1"}
    assert k4["distanceMeters"] == pytest.approx(metres(31.14, 104.42, 31.131, 104.3905), rel=3e-3)
    # every gap kind names its nearest facility: the resident unit R3 is measured from its street, S2
    r3 = api.data(GAPS, {"kind": "RESIDENT_UNIT_NO_COMMITTEE", "facility": "party_mass_service_centre"})
    r3_gap = r3["coverageGaps"]["edges"][0]["node"]
    assert (r3_gap["subject"], r3_gap["lat"], r3_gap["nearestFacility"]) == ({"id": "R3", "kind": "ResidentUnit"},
                                                                              31.14, {"id": "F2"})


def test_coverage_gaps_come_a_page_at_a_time(api: GraphQLClient) -> None:
    first = api.data(GAPS, {"kind": "COMPOUND_NO_PARTY_ORGANIZATION", "asOf": "2019-06-01", "first": 2})
    page = first["coverageGaps"]
    assert page["totalCount"] == 3 and page["pageInfo"]["hasNextPage"]
    assert [e["node"]["subject"]["id"] for e in page["edges"]] == ["K3", "K2"]
    rest = api.data(GAPS, {"kind": "COMPOUND_NO_PARTY_ORGANIZATION", "asOf": "2019-06-01", "first": 2,
                           "after": page["pageInfo"]["endCursor"]})["coverageGaps"]
    assert [e["node"]["subject"]["id"] for e in rest["edges"]] == ["K4"] and not rest["pageInfo"]["hasNextPage"]


CROSS = """query($area: ID, $asOf: Date, $min: Int!) {
  crossAppointments(areaId: $area, asOf: $asOf, minOrganizations: $min) { totalCount
    edges { node { person { id } organizationCount
                   posts { role partTime onBehalfOf { id } startDate endDate organization { id } } } } } }"""


def people(answer: dict[str, Any]) -> dict[str, int]:
    return {e["node"]["person"]["id"]: e["node"]["organizationCount"] for e in answer["crossAppointments"]["edges"]}


def test_cross_appointments_at_a_date(api: GraphQLClient) -> None:
    now = api.data(CROSS, {"asOf": "2024-06-01", "min": 2})
    assert list(people(now).items()) == [("X1", 3), ("X4", 2), ("X2", 2)]  # then by name: 刘强 < 李娜
    x1 = now["crossAppointments"]["edges"][0]["node"]
    assert [(p["organization"]["id"], p["role"]) for p in x1["posts"]] == [("P1", "书记"), ("O1", "主任"),
                                                                            ("P3", "委员")]
    x2 = now["crossAppointments"]["edges"][2]["node"]
    assert x2["posts"][0] == {"role": "兼职委员", "partTime": True, "onBehalfOf": {"id": "R1"},
                              "startDate": "2018-03-01", "endDate": None, "organization": {"id": "P1"}}
    assert people(api.data(CROSS, {"asOf": "2019-06-01", "min": 2})) == {"X1": 3, "X3": 2}
    assert people(api.data(CROSS, {"asOf": "2024-06-01", "min": 3})) == {"X1": 3}
    assert people(api.data(CROSS, {"asOf": "2024-06-01", "min": 2, "area": "S1"})) == {"X1": 3, "X4": 2, "X2": 2}
    # in 珠江社区 only P2 is based, so nobody holds two posts there
    assert api.data(CROSS, {"asOf": "2024-06-01", "min": 2, "area": "M2"})["crossAppointments"]["totalCount"] == 0


CHAINS = """query($from: ID!, $to: ID!, $hops: Int, $asOf: Date) {
  crossAppointmentChains(fromId: $from, toId: $to, maxHops: $hops, asOf: $asOf) {
    fromOrganization { id } toOrganization { id } maxHops
    chains { hops nodes { id kind } organizations { id subtype: kind } people { id gender }
             posts { role startDate person { id } organization { id } } } } }"""


def test_shortest_cross_appointment_chains(api: GraphQLClient) -> None:
    answer = api.data(CHAINS, {"from": "O1", "to": "P2", "asOf": "2024-06-01"})["crossAppointmentChains"]
    assert answer["fromOrganization"] == {"id": "O1"} and answer["toOrganization"] == {"id": "P2"}
    assert len(answer["chains"]) == 1
    chain = answer["chains"][0]
    assert chain["hops"] == 2
    assert [n["id"] for n in chain["nodes"]] == ["O1", "X1", "P1", "X2", "P2"]
    assert [o["id"] for o in chain["organizations"]] == ["O1", "P1", "P2"]  # typed: Organization, Person
    assert chain["people"] == [{"id": "X1", "gender": "male"}, {"id": "X2", "gender": "female"}]
    assert [(p["person"]["id"], p["organization"]["id"], p["role"]) for p in chain["posts"]] == [
        ("X1", "O1", "主任"), ("X1", "P1", "书记"), ("X2", "P1", "兼职委员"), ("X2", "P2", "委员")]
    # in 2019 王芳 sat in both: one hop
    earlier = api.data(CHAINS, {"from": "O1", "to": "P2", "asOf": "2019-06-01"})["crossAppointmentChains"]
    assert [[n["id"] for n in c["nodes"]] for c in earlier["chains"]] == [["O1", "X3", "P2"]]
    # capped: no chain of at most one person in 2024; none at all to an organisation nobody serves in
    assert api.data(CHAINS, {"from": "O1", "to": "P2", "hops": 1, "asOf": "2024-06-01"})[
        "crossAppointmentChains"]["chains"] == []
    assert api.data(CHAINS, {"from": "O1", "to": "R3"})["crossAppointmentChains"]["chains"] == []


SUBGRAPH = """query($id: ID!, $depth: Int, $limit: Int) { neighborhood(id: $id, depth: $depth, first: $limit) {
  centre { id } nodes { id kind } truncated edges { type labelZh source sourceKind target targetKind properties } } }"""


def test_neighborhood_of_a_compound(api: GraphQLClient) -> None:
    sub = api.data(SUBGRAPH, {"id": "K1", "depth": 1})["neighborhood"]
    assert sub["centre"] == {"id": "K1"} and sub["nodes"][0] == {"id": "K1", "kind": "Compound"}
    assert sorted(n["id"] for n in sub["nodes"]) == ["CS1", "F1", "K1", "M1", "O1", "P3", "PC1"]
    assert not sub["truncated"]
    edges = sorted((e["source"], e["type"], e["target"]) for e in sub["edges"])
    assert edges == [("CS1", "REPORTED_IN", "K1"), ("F1", "LOCATED_IN", "K1"), ("F1", "OPERATED_BY", "PC1"),
                     ("K1", "WITHIN", "M1"), ("O1", "BASED_IN", "K1"), ("O1", "REPRESENTS", "K1"),
                     ("P3", "BASED_IN", "K1"), ("P3", "COVERS", "K1"), ("PC1", "MANAGES", "K1")]
    manages = next(e for e in sub["edges"] if e["type"] == "MANAGES")
    assert manages == {"type": "MANAGES", "labelZh": "物业服务", "source": "PC1", "sourceKind": "PropertyCompany",
                       "target": "K1", "targetKind": "Compound", "properties": {"start_date": "2017-01-01"}}
    small = api.data(SUBGRAPH, {"id": "K1", "depth": 1, "limit": 3})["neighborhood"]
    assert len(small["nodes"]) == 4 and small["truncated"]


def test_a_subgraphs_edges_carry_their_properties_typed_by_relationship_type(api: GraphQLClient) -> None:
    sub = api.data("""{ neighborhood(id: "X1", depth: 1) { edges { type source target tie {
        __typename
        ... on ServesInTie { role partTime startDate endDate }
        ... on SentDownToTie { programme mechanisms startDate } } } } }""")["neighborhood"]
    ties = {(e["type"], e["target"]): e["tie"] for e in sub["edges"]}
    assert ties[("SERVES_IN", "P1")] == {"__typename": "ServesInTie", "role": "书记", "partTime": False,
                                         "startDate": "2018-01-01", "endDate": None}
    assert ties[("SERVES_IN", "P3")]["partTime"] is None  # not written for that post
    assert ties[("SENT_DOWN_TO", "K4")] == {"__typename": "SentDownToTie", "programme": "领航行动",
                                            "mechanisms": ["group_guidance"], "startDate": "2021-03-01"}


def test_neighborhood_as_cytoscape_elements(api: GraphQLClient) -> None:
    sub = api.data('{ neighborhood(id: "K4", depth: 1) { elements } }')["neighborhood"]["elements"]
    assert sorted(n["data"]["id"] for n in sub["nodes"]) == ["Area:K4", "Area:M3", "Person:X1"]
    assert sorted((e["data"]["source"], e["data"]["type"], e["data"]["target"]) for e in sub["edges"]) == [
        ("Area:K4", "WITHIN", "Area:M3"), ("Person:X1", "SENT_DOWN_TO", "Area:K4")]
    ids = {n["data"]["id"] for n in sub["nodes"]}
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in sub["edges"])


def test_neighborhood_two_steps_out(api: GraphQLClient) -> None:
    sub = api.data(SUBGRAPH, {"id": "K4", "depth": 2})["neighborhood"]
    # K4 ← 张伟 (sent down) → his three organisations; K4 → 东湖社区 → 东湖街道
    assert sorted(n["id"] for n in sub["nodes"]) == ["K4", "M3", "O1", "P1", "P3", "S2", "X1"]
    sent = next(e for e in sub["edges"] if e["type"] == "SENT_DOWN_TO")
    assert sent["properties"] == {"mechanisms": ["group_guidance"], "programme": "领航行动", "start_date": "2021-03-01"}


SEARCH = "query($text: String!, $kinds: [Kind!]) { search(text: $text, kinds: $kinds, first: 100) { edges { score node { id kind } } } }"


def test_search_chinese_and_english_names(api: GraphQLClient) -> None:
    hits = api.data(SEARCH, {"text": "岷江"})["search"]["edges"]
    assert sorted(h["node"]["id"] for h in hits) == ["A1", "G1", "M1", "P1", "P4", "R2", "V1"]
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    assert sorted(h["node"]["id"] for h in api.data(SEARCH, {"text": "岷江", "kinds": ["Area"]})["search"]["edges"]) == [
        "G1", "M1"]
    assert [h["node"]["id"] for h in api.data(SEARCH, {"text": "岷江", "kinds": ["Grid"]})["search"]["edges"]] == ["G1"]
    assert sorted(h["node"]["id"] for h in api.data(SEARCH, {"text": "Deyang"})["search"]["edges"]) == ["C1", "R1"]
    assert [h["node"]["id"] for h in api.data(SEARCH, {"text": "阳光小区"})["search"]["edges"]][0] == "K1"
    assert sorted(h["node"]["id"] for h in api.data(SEARCH, {"text": "珠*"})["search"]["edges"]) == []  # `*` is searched for
    assert api.data(SEARCH, {"text": 'x") OR name:*'})["search"]["edges"] == []


@pytest.mark.parametrize("query, message", [
    ('{ coBuilders(organizationId: "nope") { totalCount } }', "organizationId: no organisation with id 'nope'"),
    ('{ coBuilders(organizationId: "K1") { totalCount } }', "organizationId: no organisation with id 'K1'"),
    ('{ coBuilders(organizationId: "P1", first: 101) { totalCount } }', "first: must be between 0 and 100"),
    ('{ coBuildingNetwork(areaId: "nope") { totalNodes } }', "areaId: no area with id 'nope'"),
    ('{ coBuildingNetwork(areaId: "S1", first: 0) { totalNodes } }', "first: must be between 1 and 1000, got 0"),
    ('{ coverageGaps(kind: GRID_NO_BRANCH, radiusMeters: -1) { totalCount } }',
     "radiusMeters: must be between 0 and 50000, got -1"),
    ('{ coverageGaps(kind: GRID_NO_BRANCH, areaId: "nope") { totalCount } }', "areaId: no area with id 'nope'"),
    ('{ coverageGaps(kind: GRID_NO_BRANCH, first: 1000) { totalCount } }', "first: must be between 0 and 100"),
    ('{ crossAppointments(minOrganizations: 1) { totalCount } }',
     "minOrganizations: a cross-appointment is posts in 2"),
    ('{ crossAppointments(areaId: "nope") { totalCount } }', "areaId: no area with id 'nope'"),
    ('{ crossAppointmentChains(fromId: "O1", toId: "P2", maxHops: 7) { maxHops } }',
     "maxHops: must be between 1 and 6, got 7"),
    ('{ crossAppointmentChains(fromId: "O1", toId: "O1") { maxHops } }', "toId: must name another organisation"),
    ('{ crossAppointmentChains(fromId: "nope", toId: "P2") { maxHops } }', "fromId: no organisation with id 'nope'"),
    ('{ neighborhood(id: "K1", depth: 4) { truncated } }', "depth: must be between 1 and 3, got 4"),
    ('{ neighborhood(id: "K1", first: 501) { truncated } }', "first: must be between 1 and 500, got 501"),
    ('{ neighborhood(id: "nope") { truncated } }', "id: no node with id 'nope'"),
    ('{ search(text: "  ") { totalCount } }', "text: must contain something to search for"),
    ('{ search(text: "岷江", first: 101) { totalCount } }', "first: must be between 0 and 100, got 101"),
])
def test_bad_arguments_are_clear_graphql_errors(api: GraphQLClient, query: str, message: str) -> None:
    error = api.error(query)
    assert message in error["message"]
    assert error["extensions"]["code"] in ("BAD_USER_INPUT", "NOT_FOUND")
    assert "Traceback" not in str(error)
