"""The entity part of the GraphQL API on the small hand-built city (tests/test_api_support.py):
node lookup, lists with filters, sorting and pagination, relationships both ways with their dates, and no N+1.
"""
from __future__ import annotations

from typing import Any

import pytest

from tests.test_api_support import GraphQLClient, api, load_small_city  # noqa: F401 — `api` is a fixture

pytestmark = pytest.mark.usefixtures("city")


@pytest.fixture
def city(graph: Any, neo4j_conn: Any) -> None:
    load_small_city(graph, neo4j_conn.database)


def ids(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["id"] for edge in connection["edges"]]


def test_node_looks_up_any_kind_by_id(api: GraphQLClient) -> None:
    data = api.data("""{
      compound: node(id: "K1") { id name nameEn kind kindLabelZh tieCount
                                 ... on Compound { population lat lon parent { id name kind } } }
      person: node(id: "X1") { kind ... on Person { gender partyMember } }
      missing: node(id: "nope") { id }
      wrongKind: node(id: "K1", kind: Person) { id }
      family: node(id: "K1", kind: Area) { id }
      many: nodes(ids: ["P1", "nope", "F1"]) { id kind }
    }""")
    assert data["compound"] == {"id": "K1", "name": "阳光小区", "nameEn": "Sunshine Compound", "kind": "Compound",
                                "kindLabelZh": "小区/院落", "tieCount": 8, "population": 1200, "lat": 31.13,
                                "lon": 104.39, "parent": {"id": "M1", "name": "岷江社区", "kind": "Community"}}
    assert data["person"] == {"kind": "Person", "gender": "male", "partyMember": True}
    assert data["missing"] is None and data["wrongKind"] is None
    assert data["family"] == {"id": "K1"}
    assert data["many"] == [{"id": "P1", "kind": "PartyOrganization"}, None, {"id": "F1", "kind": "Facility"}]


def test_personal_data_is_not_in_the_schema(api: GraphQLClient) -> None:
    for query in ('{ node(id: "X1") { ... on Person { phone } } }',
                  '{ node(id: "X1") { ... on Person { idNumber } } }',
                  '{ node(id: "PC1") { ... on PropertyCompany { phone } } }'):
        assert "Cannot query field" in api.error(query)["message"]


def test_lists_filter_by_area_at_any_depth_kind_subtype_and_text(api: GraphQLClient) -> None:
    data = api.data("""{
      compoundsOfStreet: compounds(within: "S1") { totalCount edges { node { id } } }
      areasOfStreet: areas(within: "S1") { totalCount }
      partyInCommunity: organizations(within: "M1", kinds: [PartyOrganization]) { totalCount edges { node { id } } }
      grand: partyOrganizations(subtype: grand_party_committee) { edges { node { id subtype } } }
      named: organizations(text: "大党委") { edges { node { id } } }
      namedInStreet: compounds(text: "花园", within: "S1") { totalCount edges { node { id } } }
      namedElsewhere: compounds(text: "花园", within: "S2") { totalCount }
      english: residentUnits(text: "deyang hospital") { edges { node { id nameEn } } }
      people: persons(within: "M1") { totalCount edges { node { id } } }
      facilities(within: "M2") { edges { node { id subtype categories } } }
    }""")
    assert data["compoundsOfStreet"]["totalCount"] == 3
    assert ids(data["compoundsOfStreet"]) == ["K3", "K2", "K1"]  # by name: 珠江花园 金沙苑 阳光小区
    assert data["areasOfStreet"]["totalCount"] == 7  # M1 M2 K1 K2 K3 G1 G2
    assert sorted(ids(data["partyInCommunity"])) == ["P1", "P3", "P4", "P5"]
    assert data["partyInCommunity"]["totalCount"] == 4
    assert [e["node"] for e in data["grand"]["edges"]] == [{"id": "P1", "subtype": "grand_party_committee"},
                                                           {"id": "P2", "subtype": "grand_party_committee"}]
    assert sorted(ids(data["named"])) == ["P1", "P2"]
    assert ids(data["namedInStreet"]) == ["K3"] and data["namedInStreet"]["totalCount"] == 1
    assert data["namedElsewhere"]["totalCount"] == 0
    assert data["english"]["edges"] == [{"node": {"id": "R1", "nameEn": "Deyang People's Hospital"}}]
    assert sorted(ids(data["people"])) == ["X1", "X2", "X3", "X4"]  # serving in organisations based in M1 or below
    assert data["facilities"]["edges"] == [{"node": {"id": "F2", "subtype": "party_mass_service_centre",
                                                     "categories": None}}]


def test_a_name_search_counts_every_match_on_any_page(api: GraphQLClient) -> None:
    # The page query counts the matches it sorts; past the last page the count comes from its own query.
    first = api.data('{ organizations(text: "大党委", first: 1) { totalCount edges { cursor node { id } } } }')
    page = first["organizations"]
    assert page["totalCount"] == 2 and len(page["edges"]) == 1
    after = page["edges"][0]["cursor"]
    second = api.data('query($after: String) { organizations(text: "大党委", first: 5, after: $after) '
                      '{ totalCount edges { cursor node { id } } } }', {"after": after})["organizations"]
    assert second["totalCount"] == 2 and len(second["edges"]) == 1
    last = second["edges"][0]["node"]["id"]
    beyond = api.data('query($after: String) { organizations(text: "大党委", first: 5, after: $after) '
                      '{ totalCount edges { node { id } } } }', {"after": second["edges"][0]["cursor"]})["organizations"]
    assert beyond == {"totalCount": 2, "edges": []}
    assert {page["edges"][0]["node"]["id"], last} == {"P1", "P2"}


def test_lists_sort_by_name_or_by_number_of_ties(api: GraphQLClient) -> None:
    data = api.data("""{
      byName: partyOrganizations { edges { node { id } } }
      byTies: partyOrganizations(sort: TIES, first: 2) { edges { node { id tieCount } } }
      compounds(sort: TIES) { edges { node { id tieCount } } }
    }""")
    # 岷江一网格党支部 岷江社区大党委 珠江社区大党委 金沙苑党小组 阳光小区党支部, in code-point order
    assert ids(data["byName"]) == ["P4", "P1", "P2", "P5", "P3"]
    assert [e["node"] for e in data["byTies"]["edges"]] == [{"id": "P1", "tieCount": 10}, {"id": "P2", "tieCount": 5}]
    counts = [e["node"]["tieCount"] for e in data["compounds"]["edges"]]
    # K1: WITHIN, 2 BASED_IN, COVERS, REPRESENTS, MANAGES, LOCATED_IN, REPORTED_IN
    assert counts == sorted(counts, reverse=True) and counts[0] == 8


def test_pages_follow_cursors(api: GraphQLClient) -> None:
    page = "query($after: String) { compounds(first: 2, after: $after) { totalCount edges { cursor node { id } } " \
           "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"
    first = api.data(page)["compounds"]
    assert ids(first) == ["K4", "K3"] and first["totalCount"] == 4
    assert first["pageInfo"]["hasNextPage"] and not first["pageInfo"]["hasPreviousPage"]
    assert first["pageInfo"]["endCursor"] == first["edges"][-1]["cursor"]
    second = api.data(page, {"after": first["pageInfo"]["endCursor"]})["compounds"]
    assert ids(second) == ["K2", "K1"]
    assert not second["pageInfo"]["hasNextPage"] and second["pageInfo"]["hasPreviousPage"]
    empty = api.data("{ compounds(first: 0) { totalCount edges { cursor } pageInfo { hasNextPage endCursor } } }")
    assert empty["compounds"] == {"totalCount": 4, "edges": [], "pageInfo": {"hasNextPage": True, "endCursor": None}}


def test_bad_list_arguments_are_clear_errors(api: GraphQLClient) -> None:
    cases = {
        '{ compounds(first: 101) { totalCount } }': "first: must be between 0 and 100, got 101",
        '{ compounds(after: "xyz") { totalCount } }': "after: 'xyz' is not a cursor this API gave",
        '{ compounds(within: "nope") { totalCount } }': "within: no area with id 'nope'",
        '{ cities(within: "C1") { totalCount } }': "within: cities are not placed in an area",
        '{ compounds(sort: RELEVANCE) { totalCount } }': "sort: RELEVANCE orders by full-text score",
        '{ organizations(kinds: [Compound]) { totalCount } }': "kinds: Compound is not a kind of Organization",
        '{ compounds(text: "  ") { totalCount } }': "text: must contain something to search for",
    }
    for query, message in cases.items():
        error = api.error(query)
        assert message in error["message"], (query, error)
        assert error["extensions"]["code"] in ("BAD_USER_INPUT", "NOT_FOUND")
    # a subtype is one of its kind's codes, checked by the schema before any resolver runs
    error = api.error('{ partyOrganizations(subtype: club) { totalCount } }')
    assert "'club' does not exist in 'PartyOrgKind' enum" in error["message"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert api.error('{ compounds(subtype: x) { totalCount } }')["extensions"]["code"] == \
        "GRAPHQL_VALIDATION_FAILED"  # a kind without subtypes has no such argument


def test_posts_and_members_navigate_serves_in_both_ways_with_dates(api: GraphQLClient) -> None:
    data = api.data("""{
      x2: node(id: "X2") { ... on Person { posts { totalCount edges {
            role partTime startDate endDate onBehalfOfId onBehalfOf { id name } node { id name } } } } }
      p2: node(id: "P2") { ... on Organization {
            all: members { totalCount edges { role endDate node { id } } }
            in2019: members(asOf: "2019-06-01") { edges { node { id } } }
            in2024: members(asOf: "2024-06-01") { edges { node { id } } } } }
    }""")
    posts = data["x2"]["posts"]
    assert posts["totalCount"] == 2
    assert posts["edges"][0] == {"role": "兼职委员", "partTime": True, "startDate": "2018-03-01", "endDate": None,
                                 "onBehalfOfId": "R1", "onBehalfOf": {"id": "R1", "name": "德阳市人民医院"},
                                 "node": {"id": "P1", "name": "岷江社区大党委"}}
    assert posts["edges"][1]["node"]["id"] == "P2" and posts["edges"][1]["onBehalfOf"] is None
    p2 = data["p2"]
    assert p2["all"]["totalCount"] == 2
    assert {e["node"]["id"]: e["endDate"] for e in p2["all"]["edges"]} == {"X2": None, "X3": "2019-12-31"}
    assert ids(p2["in2019"]) == ["X3"]  # X2 joined in 2020
    assert ids(p2["in2024"]) == ["X2"]  # X3 left at the end of 2019


def test_relationship_fields_filter_their_ties_by_property_values(api: GraphQLClient) -> None:
    data = api.data("""{
      x2: node(id: "X2") { ... on Person { since2020: posts(where: {startDate: {gte: "2020-01-01"}}) {
            totalCount nodes { id } } } }
      p2: node(id: "P2") { ... on Organization { ended: members(where: {endDate: {lte: "2019-12-31"}}) {
            totalCount nodes { id } } } }
      x1: node(id: "X1") { ... on Person { before2019: posts(where: {startDate: {lt: "2019-01-01"}}, last: 1) {
            nodes { id } } } }
    }""")
    assert data["x2"]["since2020"] == {"totalCount": 1, "nodes": [{"id": "P2"}]}  # P1's post began in 2018
    assert data["p2"]["ended"] == {"totalCount": 1, "nodes": [{"id": "X3"}]}  # a current post has no end date
    assert [n["id"] for n in data["x1"]["before2019"]["nodes"]] == ["P3"]  # P1 (2018-01) and P3 (2018-06); O1 began in 2019
    refused = api.raw('{ node(id: "P1") { ... on Organization { members(where: {role: {eq: "x"}}) { totalCount } } } }')
    assert refused["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"  # text is no range


def test_relationship_fields_count_their_ties_per_kind_of_the_other_end(api: GraphQLClient) -> None:
    data = api.data("""{ node(id: "M1") { ... on Area {
      based: organizationsBasedHere { totalCount aggregate { count } groupBy(by: KIND) { key aggregate { count } } }
      children { aggregate { count population { sum max } } groupBy(by: KIND) { key aggregate { count } } } } }
      people: organizations(first: 100) { nodes { id members { totalCount aggregate { count } } } } }""")
    area = data["node"]
    listed = api.data('{ node(id: "M1") { ... on Area { organizationsBasedHere(first: 100) { nodes { kind } } } } }')
    kinds: dict[str, int] = {}
    for node in listed["node"]["organizationsBasedHere"]["nodes"]:
        kinds[node["kind"]] = kinds.get(node["kind"], 0) + 1
    assert area["based"]["aggregate"]["count"] == area["based"]["totalCount"] == sum(kinds.values())
    assert {g["key"]: g["aggregate"]["count"] for g in area["based"]["groupBy"]} == kinds
    assert area["children"]["aggregate"] == {"count": 3, "population": {"sum": 1200 + 800, "max": 1200}}  # K1 K2 G1
    assert {g["key"]: g["aggregate"]["count"] for g in area["children"]["groupBy"]} == {"Compound": 2, "Grid": 1}
    for org in data["people"]["nodes"]:  # one query for every parent
        assert org["members"]["aggregate"]["count"] == org["members"]["totalCount"]


def test_relationship_fields_page_backwards_too(api: GraphQLClient) -> None:
    """`last` and `before` on a relationship field, for every parent of a batch at once (the orgs' members)."""
    query = """query($last: Int, $before: String) { organizations(first: 100) { nodes { id members(last: $last,
                 before: $before) { totalCount nodes { id } pageInfo { hasPreviousPage hasNextPage startCursor } } } } }"""
    everything = {o["id"]: [n["id"] for n in o["members"]["nodes"]]
                  for o in api.data(query, {"last": 100})["organizations"]["nodes"]}
    forward = api.data('{ organizations(first: 100) { nodes { id members(first: 100) { nodes { id } } } } }')
    assert everything == {o["id"]: [n["id"] for n in o["members"]["nodes"]]
                          for o in forward["organizations"]["nodes"]}
    assert everything["P1"] == ["X1", "X2"]  # 张伟, 李娜 in name order — as forward
    tail = {o["id"]: o["members"] for o in api.data(query, {"last": 1})["organizations"]["nodes"]}
    for org, members in everything.items():
        assert [n["id"] for n in tail[org]["nodes"]] == members[-1:]
        assert tail[org]["pageInfo"]["hasPreviousPage"] == (len(members) > 1)
        assert not tail[org]["pageInfo"]["hasNextPage"]
        assert tail[org]["totalCount"] == len(members)
    before = api.data(query, {"last": 1, "before": tail["P1"]["pageInfo"]["startCursor"]})["organizations"]["nodes"]
    p1 = next(o for o in before if o["id"] == "P1")["members"]
    assert [n["id"] for n in p1["nodes"]] == ["X1"] and p1["pageInfo"]["hasNextPage"]


def test_every_relationship_is_navigable_both_ways(api: GraphQLClient) -> None:
    data = api.data("""{
      k1: node(id: "K1") { ... on Compound {
            parent { id } managedBy { edges { startDate node { id } } } representedBy { edges { node { id } } }
            coveredBy { edges { node { id } } } organizationsBasedHere { edges { node { id } } }
            facilities { edges { node { id } } } cases { edges { node { id } } } } }
      m1: node(id: "M1") { ... on Area { children { edges { node { id } } } } }
      k3: node(id: "K3") { ... on Compound { projects { edges { node { id } } } } }
      k4: node(id: "K4") { ... on Compound { sentDownCadres { edges { programme mechanisms startDate node { id } } } } }
      p1: node(id: "P1") { ... on PartyOrganization {
            coBuilds(asOf: "2024-06-01") { edges { agreement mechanisms startDate node { id } } }
            everCoBuilt: coBuilds { totalCount }
            seatHolders { edges { endDate node { id } } } current: seatHolders(asOf: "2024-06-01") { totalCount }
            subOrganizations { edges { node { id } } } casesHandled { edges { node { id } } } } }
      r2: node(id: "R2") { ... on Organization { coBuilds { edges { node { id } } } basedIn { id } } }
      r1: node(id: "R1") { ... on Organization { seatsOn { edges { node { id } } } } }
      p3: node(id: "P3") { ... on Organization { parentOrganization { id } covers { edges { node { id } } } } }
      o1: node(id: "O1") { ... on OwnersCommittee { founded represents { totalCount }
        memberOf { edges { node { id } } } } }
      a1: node(id: "A1") { ... on Association { subtype memberOrganizations { edges { node { id } } } } }
      v1: node(id: "V1") { ... on VolunteerTeam { memberCount focus } }
      pc1: node(id: "PC1") { ... on PropertyCompany { partyBuildingRating manages { totalCount }
                                                      operates { edges { node { id } } } } }
      f1: node(id: "F1") { ... on Facility { locatedIn { id } operatedBy { id } } }
      j1: node(id: "J1") { ... on Project { subtype status locatedIn { id } planners { edges { role node { id } } } } }
      x2: node(id: "X2") { ... on Person { plannerRole plans { edges { role node { id } } } } }
      x1: node(id: "X1") { ... on Person { sentDownTo { edges { node { id } } } } }
      cs1: node(id: "CS1") { ... on Case { status reportedAt closedAt reportedIn { id } handledBy { id } } }
    }""")
    k1 = data["k1"]
    assert k1["parent"] == {"id": "M1"}
    assert k1["managedBy"]["edges"] == [{"startDate": "2017-01-01", "node": {"id": "PC1"}}]
    assert ids(k1["representedBy"]) == ["O1"] and ids(k1["coveredBy"]) == ["P3"]
    assert sorted(ids(k1["organizationsBasedHere"])) == ["O1", "P3"]
    assert ids(k1["facilities"]) == ["F1"] and ids(k1["cases"]) == ["CS1"]
    assert ids(data["m1"]["children"]) == ["G1", "K2", "K1"]  # 岷江一网格 金沙苑 阳光小区
    assert ids(data["k3"]["projects"]) == ["J1"]
    assert data["k4"]["sentDownCadres"]["edges"] == [{"programme": "领航行动", "mechanisms": ["group_guidance"],
                                                      "startDate": "2021-03-01", "node": {"id": "X1"}}]
    p1 = data["p1"]
    assert p1["coBuilds"]["edges"] == [{"agreement": "岷江共建协议", "startDate": "2019-01-01", "node": {"id": "R2"},
                                        "mechanisms": ["branch_co_building", "joint_work", "shared_resources"]}]
    assert p1["everCoBuilt"]["totalCount"] == 2
    assert {e["node"]["id"]: e["endDate"] for e in p1["seatHolders"]["edges"]} == {"R1": None, "R2": "2019-12-31"}
    assert p1["current"]["totalCount"] == 1
    assert ids(p1["subOrganizations"]) == ["P4", "P3"] and ids(p1["casesHandled"]) == ["CS1"]
    assert ids(data["r2"]["coBuilds"]) == ["P1"]  # stored once (P1 → R2), read both ways
    assert data["r2"]["basedIn"] == {"id": "S1"}
    assert ids(data["r1"]["seatsOn"]) == ["P1", "P2"]
    assert data["p3"]["parentOrganization"] == {"id": "P1"} and ids(data["p3"]["covers"]) == ["K1"]
    assert data["o1"]["founded"] == "2019-05-01" and data["o1"]["represents"]["totalCount"] == 2
    assert ids(data["o1"]["memberOf"]) == ["A1"]
    assert data["a1"]["subtype"] == "owners_committee_association" and ids(data["a1"]["memberOrganizations"]) == ["O1"]
    assert data["v1"] == {"memberCount": 25, "focus": "elderly"}
    assert data["pc1"]["partyBuildingRating"] == 4 and data["pc1"]["manages"]["totalCount"] == 2
    assert ids(data["pc1"]["operates"]) == ["F1"]
    assert data["f1"] == {"locatedIn": {"id": "K1"}, "operatedBy": {"id": "PC1"}}
    assert data["j1"]["subtype"] == "old_compound_renewal" and data["j1"]["locatedIn"] == {"id": "K3"}
    assert data["j1"]["planners"]["edges"] == [{"role": "builder", "node": {"id": "X2"}}]
    assert data["x2"]["plannerRole"] == "builder" and ids(data["x2"]["plans"]) == ["J1"]
    assert ids(data["x1"]["sentDownTo"]) == ["K4"]
    assert data["cs1"] == {"status": "closed", "reportedAt": "2024-03-01T09:00:00+08:00",
                           "closedAt": "2024-03-02T17:30:00+08:00", "reportedIn": {"id": "K1"},
                           "handledBy": {"id": "P1"}}


NESTED = """query($n: Int) {
  organizations(first: $n, sort: TIES) { edges { node {
    id basedIn { id parent { id } }
    members(first: 5) { totalCount edges { role onBehalfOf { id } node { id posts { edges { node { id } } } } } }
  } } }
}"""


def test_nested_fields_cost_the_same_queries_whatever_the_number_of_results(api: GraphQLClient) -> None:
    one = api.raw(NESTED, {"n": 1})
    all_ = api.raw(NESTED, {"n": 50})
    assert len(all_["data"]["organizations"]["edges"]) == 12
    members = sum(e["node"]["members"]["totalCount"] for e in all_["data"]["organizations"]["edges"])
    assert members == 9  # the posts of the small city, each seen from its organisation
    # the list with basedIn, parent, members and posts folded into it (api/folding.py), and onBehalfOf's
    # lookup: two queries for twelve organisations (one when the one organisation has no part-time member)
    assert all_["extensions"]["roundTrips"] == 2
    assert one["extensions"]["roundTrips"] <= 2


@pytest.mark.parametrize("template", ["entity_list_text", "entity_list_text_relevance", "entity_list_text_measure"])
def test_a_text_page_holds_transaction_memory_for_its_rows_not_for_its_matches(
        template: str, graph: Any, neo4j_conn: Any) -> None:
    # A Top whose rows each carried the list of every match held rows × matches of Neo4j's transaction memory
    # (at ×10, 32 name queries at once ran the server out of it); sorting every match before cutting the page
    # held them all once (cypher/entity_list_text.cypher's header). Both hold over 1 MB for 2,000 matches.
    from api.fulltext import lucene_query
    from graph.store.queries import Pattern, fill
    graph.execute_query("UNWIND range(1, 2000) AS i CREATE (:Organization:PartyOrganization "
                        "{id: 'T' + i, name: '测试党支部' + i})", database_=neo4j_conn.database)
    text = fill(template, LABEL="Organization", FILTERS=Pattern(""))
    params = {"text": lucene_query("支部"), "kinds": None, "subtype": None, "where": [], "sort": "RELEVANCE",
              "orderBy": "name", "descending": False, "measure": "betweenness", "skip": 0, "limit": 21}
    records, summary, _ = graph.execute_query("PROFILE " + text, params, database_=neo4j_conn.database)
    assert len(records) == 21
    assert summary.profile["args"]["GlobalMemory"] < 200_000, summary.profile["args"]["GlobalMemory"]
