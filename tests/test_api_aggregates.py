"""Aggregations, property filters and orders on the root lists (issue 13, points 6 and 7), on the small city of
tests/test_api_support.py: every figure is checked against the same figure computed in Python from the city's
own values, and against the list's own pages."""
from __future__ import annotations

from typing import Any

import pytest

from tests.test_api_support import GraphQLClient, api, load_small_city  # noqa: F401 — `api` is a fixture

# The small city's compounds: id → (population, community, street).
COMPOUNDS = {"K1": (1200, "M1", "S1"), "K2": (800, "M1", "S1"), "K3": (2000, "M2", "S1"), "K4": (300, "M3", "S2")}


@pytest.fixture(scope="module", autouse=True)
def city(session_driver: Any, neo4j_conn: Any) -> None:
    from tests.conftest import clear

    clear(session_driver, neo4j_conn.database)
    load_small_city(session_driver, neo4j_conn.database)


def ids(connection: dict[str, Any]) -> list[str]:
    return [n["id"] for n in connection["nodes"]]


def test_a_where_filter_keeps_the_compounds_in_a_population_range(api: GraphQLClient) -> None:
    data = api.data("""{
      big: compounds(where: {population: {gte: 800}}) { totalCount nodes { id } }
      band: compounds(where: {population: {gt: 300, lt: 2000}}) { totalCount nodes { id } }
      exact: compounds(where: {population: {eq: 300}}) { nodes { id } }
      inS1: compounds(within: "S1", where: {population: {lte: 1200}}) { totalCount nodes { id } }
      named: compounds(text: "小区", where: {population: {gte: 1000}}) { nodes { id } }
    }""")
    assert ids(data["big"]) == sorted((k for k, v in COMPOUNDS.items() if v[0] >= 800),
                                      key=lambda k: {"K1": "阳光小区", "K2": "金沙苑", "K3": "珠江花园"}[k])
    assert data["big"]["totalCount"] == 3
    assert set(ids(data["band"])) == {"K1", "K2"} and data["band"]["totalCount"] == 2
    assert ids(data["exact"]) == ["K4"]
    assert set(ids(data["inS1"])) == {"K1", "K2"} and data["inS1"]["totalCount"] == 2
    assert ids(data["named"]) == ["K1"]


def test_a_node_without_the_property_never_matches_a_filter_on_it(api: GraphQLClient) -> None:
    # Streets and communities have no population in the small city; the city has one.
    data = api.data('{ areas(where: {population: {gte: 0}}) { nodes { id } } }')
    assert set(ids(data["areas"])) == {"C1", *COMPOUNDS}


def test_a_date_filter_reads_dates(api: GraphQLClient) -> None:
    data = api.data("""{
      after: ownersCommittees(where: {founded: {gte: "2019-01-01"}}) { nodes { id } }
      before: ownersCommittees(where: {founded: {lt: "2019-01-01"}}) { nodes { id } }
    }""")
    assert ids(data["after"]) == ["O1"] and ids(data["before"]) == []


def test_order_by_a_property_either_way_puts_those_without_it_last(api: GraphQLClient) -> None:
    data = api.data("""{
      up: compounds(orderBy: {field: POPULATION}) { nodes { id population } }
      down: compounds(orderBy: {field: POPULATION, direction: DESC}) { nodes { id } }
      areas(orderBy: {field: POPULATION, direction: DESC}, first: 6) { nodes { id } }
      byNameDown: compounds(orderBy: {field: NAME, direction: DESC}) { nodes { name } }
    }""")
    by_population = sorted(COMPOUNDS, key=lambda k: COMPOUNDS[k][0])
    assert ids(data["up"]) == by_population
    assert ids(data["down"]) == by_population[::-1]
    assert ids(data["areas"])[:5] == ["C1", *by_population[::-1]]  # then an area without a population
    names = [n["name"] for n in data["byNameDown"]["nodes"]]
    assert names == sorted(names, reverse=True)


def test_pages_of_an_ordered_and_filtered_list_follow_their_cursors(api: GraphQLClient) -> None:
    query = """query($after: String) { compounds(where: {population: {gte: 500}},
                 orderBy: {field: POPULATION, direction: DESC}, first: 2, after: $after) {
                   nodes { id } pageInfo { hasNextPage endCursor } } }"""
    first = api.data(query)["compounds"]
    second = api.data(query, {"after": first["pageInfo"]["endCursor"]})["compounds"]
    assert ids(first) + ids(second) == ["K3", "K1", "K2"]
    assert first["pageInfo"]["hasNextPage"] and not second["pageInfo"]["hasNextPage"]
    # the cursor is bound to its list: another filter refuses it
    other = api.raw("""query($after: String) { compounds(where: {population: {gte: 501}},
                       orderBy: {field: POPULATION, direction: DESC}, first: 2, after: $after) { nodes { id } } }""",
                    {"after": first["pageInfo"]["endCursor"]})
    assert other["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_aggregate_counts_sums_and_averages_over_every_page(api: GraphQLClient) -> None:
    data = api.data("""{ compounds(first: 1) {
      totalCount
      aggregate { count population { present sum avg min max } households { present sum } }
    } }""")["compounds"]
    populations = [v[0] for v in COMPOUNDS.values()]
    assert data["totalCount"] == data["aggregate"]["count"] == len(COMPOUNDS)
    assert data["aggregate"]["population"] == {
        "present": 4, "sum": sum(populations), "avg": pytest.approx(sum(populations) / 4),
        "min": min(populations), "max": max(populations)}
    assert data["aggregate"]["households"] == {"present": 0, "sum": None}  # no compound has them here


def test_aggregate_uses_the_lists_own_filters(api: GraphQLClient) -> None:
    data = api.data("""{
      s1: compounds(within: "S1", where: {population: {lt: 2000}}) { aggregate { count population { sum } } }
      text: compounds(text: "小区") { aggregate { count } }
      none: compounds(where: {population: {gt: 100000}}) { aggregate { count population { sum min } } }
      dates: ownersCommittees { aggregate { count founded { min max } } }
    }""")
    assert data["s1"]["aggregate"] == {"count": 2, "population": {"sum": 1200 + 800}}
    assert data["text"]["aggregate"] == {"count": 1}
    assert data["none"]["aggregate"] == {"count": 0, "population": None}
    assert data["dates"]["aggregate"] == {"count": 1, "founded": {"min": "2019-05-01", "max": "2019-05-01"}}


def test_group_by_an_area_level_sums_the_residents_of_each(api: GraphQLClient) -> None:
    data = api.data("""{ compounds {
      byStreet: groupBy(by: STREET) { key area { name } aggregate { count population { sum } } }
      byCommunity: groupBy(by: COMMUNITY) { key aggregate { count } }
    } }""")["compounds"]
    expected: dict[str, list[int]] = {}
    for population, _, street in COMPOUNDS.values():
        expected.setdefault(street, []).append(population)
    assert {g["key"]: (g["aggregate"]["count"], g["aggregate"]["population"]["sum"]) for g in data["byStreet"]} == \
        {street: (len(p), sum(p)) for street, p in expected.items()}
    assert [g["area"]["name"] for g in data["byStreet"]] == ["旌阳街道", "东湖街道"]  # largest group first
    assert {g["key"]: g["aggregate"]["count"] for g in data["byCommunity"]} == {"M1": 2, "M2": 1, "M3": 1}


def test_group_by_kind_and_subtype_count_a_familys_members(api: GraphQLClient) -> None:
    data = api.data("""{ organizations {
      totalCount
      byKind: groupBy(by: KIND) { key aggregate { count } }
      bySubtype: groupBy(by: SUBTYPE) { key aggregate { count } }
    } partyOrganizations { groupBy(by: SUBTYPE) { key aggregate { count } } } }""")
    kinds = {g["key"]: g["aggregate"]["count"] for g in data["organizations"]["byKind"]}
    assert kinds == {"PartyOrganization": 5, "OwnersCommittee": 1, "PropertyCompany": 1, "ResidentUnit": 3,
                     "Association": 1, "VolunteerTeam": 1}
    assert sum(kinds.values()) == data["organizations"]["totalCount"]
    assert {g["key"]: g["aggregate"]["count"] for g in data["partyOrganizations"]["groupBy"]} == {
        "grand_party_committee": 2, "compound_party_organization": 2, "grid_party_branch": 1}


def test_an_organisation_is_grouped_by_the_street_its_area_lies_in(api: GraphQLClient) -> None:
    data = api.data('{ residentUnits { groupBy(by: STREET) { key aggregate { count } } } }')
    assert {g["key"]: g["aggregate"]["count"] for g in data["residentUnits"]["groupBy"]} == {"S1": 2, "S2": 1}


def test_lists_that_cannot_be_grouped_or_filtered_so_say_why(api: GraphQLClient) -> None:
    people = api.raw('{ persons { groupBy(by: STREET) { key } } }')
    assert people["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "organisation" in people["errors"][0]["message"]
    both = api.raw('{ compounds(sort: TIES, orderBy: {field: POPULATION}) { totalCount } }')
    assert both["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    # a property that is not comparable, or personal, is no filter at all: a validation error
    assert api.raw('{ persons(where: {phone: {eq: "1"}}) { totalCount } }')["errors"][0]["extensions"]["code"] == \
        "GRAPHQL_VALIDATION_FAILED"


def test_coverage_gaps_count_the_residents_they_leave_out_per_street(api: GraphQLClient) -> None:
    # The canteen F1 stands beside 阳光小区 (K1); 金沙苑 (K2) is some 700 m away, the others over a kilometre.
    data = api.data("""{ coverageGaps(kind: COMPOUND_NO_FACILITY, radiusMeters: 1000, facilityKind: canteen,
                                      first: 1) {
      totalCount nodes { subject { ... on Node { id } } population }
      aggregate { count population { sum max } }
      groupBy(by: STREET) { key area { name } aggregate { count population { sum } } }
    } }""")["coverageGaps"]
    assert data["totalCount"] == data["aggregate"]["count"] == 2
    assert data["aggregate"]["population"] == {"sum": 2000 + 300, "max": 2000}
    assert [(g["key"], g["area"]["name"], g["aggregate"]["count"], g["aggregate"]["population"]["sum"])
            for g in data["groupBy"]] == [("S1", "旌阳街道", 1, 2000), ("S2", "东湖街道", 1, 300)]
    assert [n["subject"]["id"] for n in data["nodes"]] == ["K3"]  # the page is still a page


def test_coverage_gaps_group_by_kind_across_subjects(api: GraphQLClient) -> None:
    data = api.data("""{ coverageGaps(kind: RESIDENT_UNIT_NO_COMMITTEE) {
      groupBy(by: STREET) { key aggregate { count } } byKind: groupBy(by: KIND) { key aggregate { count } } } }""")
    # R2, the school, whose seat ended in 2019, and R3, the firm, which never had one
    assert data["coverageGaps"]["groupBy"] == [{"key": "S1", "aggregate": {"count": 1}},
                                               {"key": "S2", "aggregate": {"count": 1}}]
    assert data["coverageGaps"]["byKind"] == [{"key": "ResidentUnit", "aggregate": {"count": 2}}]


def test_a_change_between_two_pages_of_an_offset_list_is_refused_not_hidden(api: GraphQLClient, session_driver: Any,
                                                                           neo4j_conn: Any) -> None:
    query = """query($after: String, $before: String, $first: Int, $last: Int) {
      compounds(orderBy: {field: POPULATION, direction: DESC}, first: $first, after: $after, last: $last,
                before: $before) { nodes { id } pageInfo { startCursor endCursor } } }"""
    first = api.data(query, {"first": 2})["compounds"]
    assert ids(first) == ["K3", "K1"]
    last = api.data(query, {"last": 2})["compounds"]
    assert ids(last) == ["K2", "K4"]
    # unchanged, both ways follow their cursors
    assert ids(api.data(query, {"first": 2, "after": first["pageInfo"]["endCursor"]})["compounds"]) == ["K2", "K4"]
    assert ids(api.data(query, {"last": 2, "before": last["pageInfo"]["startCursor"]})["compounds"]) == ["K3", "K1"]
    session_driver.execute_query("MATCH (m:Community {id: 'M3'}) CREATE (:Area:Compound {id: 'K9', name: '新小区', "
                                 "population: 5000})-[:WITHIN]->(m)", database_=neo4j_conn.database)
    try:
        moved = api.raw(query, {"first": 2, "after": first["pageInfo"]["endCursor"]})
        assert moved["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert "the list has changed since this cursor" in moved["errors"][0]["message"]
        before = api.raw(query, {"last": 2, "before": last["pageInfo"]["startCursor"]})
        assert "the list has changed since this cursor" in before["errors"][0]["message"]
    finally:
        session_driver.execute_query("MATCH (k:Compound {id: 'K9'}) DETACH DELETE k", database_=neo4j_conn.database)


def test_search_hits_are_counted_per_kind_as_facets(api: GraphQLClient) -> None:
    data = api.data("""{ search(text: "岷江", first: 1) { totalCount aggregate { count }
      groupBy(by: KIND) { key aggregate { count } } bySubtype: groupBy(by: SUBTYPE) { key aggregate { count } } } }""")
    hits = data["search"]
    everything = api.data('{ search(text: "岷江", first: 100) { nodes { id kind } } }')["search"]["nodes"]
    kinds: dict[str, int] = {}
    for node in everything:
        kinds[node["kind"]] = kinds.get(node["kind"], 0) + 1
    assert hits["aggregate"]["count"] == hits["totalCount"] == len(everything)
    assert {g["key"]: g["aggregate"]["count"] for g in hits["groupBy"]} == kinds
    assert sum(g["aggregate"]["count"] for g in hits["bySubtype"]) == len(everything)
    refused = api.raw('{ search(text: "岷江") { groupBy(by: STREET) { key } } }')
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_co_builders_are_counted_per_kind_with_their_tie_weights(api: GraphQLClient) -> None:
    data = api.data("""{ coBuilders(organizationId: "P1", first: 1) {
      totalCount edges { weight }
      aggregate { count weight { present sum min max avg } }
      groupBy(by: KIND) { key aggregate { count weight { sum } } }
      bySubtype: groupBy(by: SUBTYPE) { key aggregate { count } } } }""")["coBuilders"]
    every = api.data('{ coBuilders(organizationId: "P1", first: 100) { edges { weight node { kind subtype: kind } } } }')
    weights = [e["weight"] for e in every["coBuilders"]["edges"]]
    assert data["aggregate"]["count"] == data["totalCount"] == len(weights) > 1
    assert data["aggregate"]["weight"]["sum"] == pytest.approx(sum(weights))
    assert data["aggregate"]["weight"]["max"] == pytest.approx(max(weights)) == data["edges"][0]["weight"]
    assert data["aggregate"]["weight"]["min"] == pytest.approx(min(weights))
    by_kind: dict[str, float] = {}
    for edge in every["coBuilders"]["edges"]:
        by_kind[edge["node"]["kind"]] = by_kind.get(edge["node"]["kind"], 0) + edge["weight"]
    assert {g["key"]: pytest.approx(g["aggregate"]["weight"]["sum"]) for g in data["groupBy"]} == by_kind
    assert sum(g["aggregate"]["count"] for g in data["bySubtype"]) == len(weights)


def test_cross_appointments_are_counted_with_their_numbers_of_organisations(api: GraphQLClient) -> None:
    data = api.data("""{ crossAppointments(first: 1) { totalCount
      aggregate { count organizationCount { present sum max min } } } }""")["crossAppointments"]
    every = api.data("{ crossAppointments(first: 100) { nodes { organizationCount } } }")["crossAppointments"]["nodes"]
    counts = [n["organizationCount"] for n in every]
    assert data["aggregate"] == {"count": len(counts), "organizationCount": {
        "present": len(counts), "sum": sum(counts), "max": max(counts), "min": min(counts)}}
    assert data["totalCount"] == len(counts) >= 2  # 张伟 (3 organisations), 李娜 (2)
