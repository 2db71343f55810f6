"""The analysis fields of the GraphQL API, on the hand-built city of tests/test_projections.py.

At 2022-01-01 the organisation network is: sp1 tied to hosp (agreement), sp2 (shared hospital seat),
so2 (shared person p1) and oc2 (agreement since 2021); cpc1 tied to oc2 (agreement); b1 and pc alone.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from neo4j import Driver

from graph.store.settings import Connection
from tests.analysis_csv import load
from tests.conftest import clear
from tests.test_api_support import GraphQLClient, api  # noqa: F401 — `api` is a fixture
from tests.test_projections import CITY


@pytest.fixture(scope="module", autouse=True)
def city(session_driver: Driver, neo4j_conn: Connection, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    clear(session_driver, neo4j_conn.database)
    load(session_driver, tmp_path_factory.mktemp("city"), CITY, neo4j_conn.database)
    yield


CENTRALITY = """query($metric: Metric!, $k: Int, $top: Int!) {
  centrality(metric: $metric, asOf: "2022-01-01", first: $top, k: $k) {
    metric method k seed notes
    network { scope asOf nodes ties components graphVersion cached }
    scores { rank value node { id name kind ... on PartyOrganization { subtype } } } } }"""


def test_centrality_links_each_score_to_its_node(api: GraphQLClient) -> None:
    first = api.data(CENTRALITY, {"metric": "DEGREE", "top": 3})["centrality"]
    assert (first["metric"], first["method"], first["k"]) == ("DEGREE", "exact", None)
    assert first["network"] | {"graphVersion": 0} == {"scope": "ORGANIZATIONS", "asOf": "2022-01-01", "nodes": 8,
                                                      "ties": 5, "components": 3, "graphVersion": 0,
                                                      "cached": False}
    top = first["scores"][0]
    assert top == {"rank": 1, "value": pytest.approx(4 / 7),
                   "node": {"id": "sp1", "name": "旌阳街道大党委", "kind": "PartyOrganization",
                            "subtype": "grand_party_committee"}}
    again = api.data(CENTRALITY, {"metric": "DEGREE", "top": 3})["centrality"]
    assert again["network"]["cached"] and again["scores"] == first["scores"]


def test_constraint_lists_the_lowest_first_and_betweenness_says_how_it_was_computed(api: GraphQLClient) -> None:
    constraint = api.data(CENTRALITY, {"metric": "CONSTRAINT", "top": 8})["centrality"]
    values = [s["value"] for s in constraint["scores"]]
    assert values == sorted(values) and constraint["scores"][0]["node"]["id"] == "sp1"
    assert len(values) == 6  # b1 and pc are isolated: no constraint
    # pivots are for networks too large for exact; this one is small, and the answer says it was exact
    asked = api.data(CENTRALITY, {"metric": "BETWEENNESS", "top": 3, "k": 3})["centrality"]
    assert (asked["method"], asked["k"], asked["seed"]) == ("exact", None, None)
    assert "k=3 asked for" in asked["notes"][0]
    assert asked["scores"][0]["node"]["id"] == "sp1"


BROKERS = """{ brokers(asOf: "2022-01-01") { role orientation
  brokers { rank sector coordinator itinerant representative gatekeeper liaison total node { id } } } }"""


def test_brokers_across_sectors(api: GraphQLClient) -> None:
    found = api.data(BROKERS)["brokers"]
    first, second = found["brokers"]
    # sp1 (party) links hosp (resident unit), sp2 (party), so2 (government), oc2 (owners), none tied to another:
    # 6 pairs, 12 paths. hosp–sp2, sp2–so2, sp2–oc2: a gatekeeper and a representative each; the three pairs of
    # two other sectors: liaison twice each.
    assert first == {"rank": 1, "sector": "party", "coordinator": 0, "itinerant": 0, "representative": 3,
                     "gatekeeper": 3, "liaison": 6, "total": 12, "node": {"id": "sp1"}}
    # oc2 (owners) joins sp1 and cpc1, two party organisations not tied to each other: itinerant both ways.
    assert second == {"rank": 2, "sector": "owners", "coordinator": 0, "itinerant": 2, "representative": 0,
                      "gatekeeper": 0, "liaison": 0, "total": 2, "node": {"id": "oc2"}}
    liaisons = api.data('{ brokers(asOf: "2022-01-01", role: LIAISON) { brokers { node { id } liaison } } }')
    assert liaisons["brokers"]["brokers"] == [{"node": {"id": "sp1"}, "liaison": 6}]


CUT_POINTS = """query($asOf: Date) { cutPoints(asOf: $asOf) {
  definition streetsChecked compoundsUnreached network { scope }
  points { node { id } compoundsCutOff residentsCutOff compounds { id name } }
  ties { source { id } target { id } kinds compoundsCutOff residentsCutOff } } }"""


def test_cut_points_name_the_compounds_cut_off_from_their_street(api: GraphQLClient) -> None:
    found = api.data(CUT_POINTS, {"asOf": "2020-06-01"})["cutPoints"]
    assert found["network"]["scope"] == "GOVERNANCE" and found["streetsChecked"] == 2
    assert found["compoundsUnreached"] == 2
    cut = [p for p in found["points"] if p["compoundsCutOff"]]
    assert [p["node"]["id"] for p in cut] == ["cpc1", "sp1"]
    assert cut[0]["residentsCutOff"] == 2000
    assert cut[0]["compounds"] == [{"id": "cp1", "name": "长江小区"}, {"id": "cp2", "name": "黄河小区"}]
    ties = [t for t in found["ties"] if t["compoundsCutOff"]]
    assert ties == [{"source": {"id": "cpc1"}, "target": {"id": "sp1"}, "kinds": ["SUB_ORGANIZATION_OF"],
                     "compoundsCutOff": 2, "residentsCutOff": 2000}]
    later = api.data(CUT_POINTS, {"asOf": "2022-01-01"})["cutPoints"]
    assert [p["node"]["id"] for p in later["points"] if p["compoundsCutOff"]] == ["sp1"]


def test_communities_cover_every_node_once(api: GraphQLClient) -> None:
    found = api.data("""{ networkCommunities(asOf: "2022-01-01", first: 100) { modularity count seed
        network { nodes } communities { index size sectors { sector count } members { id } } } }""")
    communities = found["networkCommunities"]
    members = [m["id"] for c in communities["communities"] for m in c["members"]]
    assert sorted(members) == sorted(["sp1", "sp2", "cpc1", "b1", "so2", "oc2", "pc", "hosp"])
    assert communities["count"] == len(communities["communities"])
    assert sum(c["size"] for c in communities["communities"]) == communities["network"]["nodes"] == 8
    assert 0 < communities["modularity"] < 1
    assert all(sum(s["count"] for s in c["sectors"]) == c["size"] for c in communities["communities"])


def test_facility_sites(api: GraphQLClient) -> None:
    plan = api.data("""{ recommendFacilitySites(kind: canteen, radiusMeters: 500, count: 2, areaId: "s1") {
        kind radiusMeters objective compounds residents existingFacilities coveredBefore uncoveredAfter
        residentsUncoveredAfter cached
        picks { rank site { id name population } compoundsGained residentsGained newlyCovered { id } } } }""")
    plan = plan["recommendFacilitySites"]
    # cp1, cp2 and cp3 lie within 300 m of one another: one canteen at cp1 (the smallest id) covers all three.
    assert plan | {"picks": None} == {"kind": "canteen", "radiusMeters": 500.0, "objective": "RESIDENTS",
                                      "compounds": 3, "residents": 2150, "existingFacilities": 0,
                                      "coveredBefore": 0, "uncoveredAfter": 0, "residentsUncoveredAfter": 0,
                                      "cached": False, "picks": None}
    assert plan["picks"] == [{"rank": 1, "site": {"id": "cp1", "name": "长江小区", "population": 1200},
                              "compoundsGained": 3, "residentsGained": 2150,
                              "newlyCovered": [{"id": "cp1"}, {"id": "cp2"}, {"id": "cp3"}]}]


@pytest.mark.parametrize("query, code, message", [
    ('{ centrality(metric: DEGREE, areaId: "nowhere") { method } }', "NOT_FOUND", "areaId: no area with id 'nowhere'"),
    ("{ centrality(metric: DEGREE, first: 101) { method } }", "BAD_USER_INPUT", "first: must be between 0 and 100"),
    ("{ centrality(metric: DEGREE, k: 5) { method } }", "BAD_USER_INPUT", "k: sampled pivots apply to BETWEENNESS"),
    ("{ centrality(metric: BETWEENNESS, k: 0) { method } }", "BAD_USER_INPUT", "k must be a whole number"),
    ("{ networkCommunities(resolution: 0) { count } }", "BAD_USER_INPUT", "resolution: must be above 0"),
    ('{ recommendFacilitySites(kind: spaceport) { compounds } }', "GRAPHQL_VALIDATION_FAILED",
     "Value 'spaceport' does not exist in 'FacilityKind' enum"),
    ('{ recommendFacilitySites(kind: canteen, radiusMeters: -1) { compounds } }', "BAD_USER_INPUT",
     "radiusMeters: radius must be between"),
    ('{ recommendFacilitySites(kind: canteen, areaId: "nowhere") { compounds } }', "NOT_FOUND",
     "areaId: no area with id 'nowhere'"),
])
def test_bad_arguments_are_graphql_errors_naming_the_argument(api: GraphQLClient, query: str, code: str,
                                                              message: str) -> None:
    error: dict[str, Any] = api.error(query)
    assert message in error["message"] and error["extensions"]["code"] == code
