"""Relationship fields folded into their root list's query (api/folding.py), on the small hand-built city:
the answer is the one the field-by-field resolution gives, to the cursor, in fewer round trips.

A field with a directive is never folded, so `@include(if: true)` on each relationship field asks the very same
question the unfolded way: each document below is run both ways and the answers compared whole.
"""
from __future__ import annotations

from typing import Any

import pytest

from tests.test_api_support import GraphQLClient, api, load_small_city  # noqa: F401 — `api` is a fixture

pytestmark = pytest.mark.usefixtures("city")
UNFOLDED = "@include(if: true)"


@pytest.fixture
def city(graph: Any, neo4j_conn: Any) -> None:
    load_small_city(graph, neo4j_conn.database)


DOCUMENTS = {
    "a page with areas and members": """{
      organizations(first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
        id name basedIn @X { id name }
        members(first: 20) @X { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
                                edges { cursor role startDate endDate node { id name } } } } } } }""",
    "a full-text search with areas": """{
      organizations(text: "党委", sort: RELEVANCE) { totalCount edges { node { id basedIn @X { id } } } } }""",
    "three levels of ties": """{
      organizations(first: 5, sort: TIES) { edges { node { id
        members(first: 3) @X { totalCount edges { role node { id
          posts(first: 2) @X { totalCount pageInfo { hasNextPage endCursor } edges { role node { id name } } } } } }
      } } } }""",
    "single ties in chains and under connections": """{
      compounds { edges { node { id parent @X { id name parent @X { id parent @X { id } } } } } }
      persons { edges { node { id posts @X { edges { node { id basedIn @X { id name } } } } } } } }""",
    "nodes instead of edges, empty pages, and fragments": """
      fragment Seats on Organization { members(first: 1) @X { totalCount pageInfo { hasNextPage } nodes { id } } }
      { organizations(first: 50) { nodes { id ...Seats
          none: members(first: 0) @X { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } }
          ... on Organization { basedIn @X { id } } } } }""",
    "a list within an area, both ways round": """{
      areas(within: "D1", sort: TIES) { edges { node { id
        parent @X { id }
        subareas: children @X { totalCount edges { node { id } } } } } } }""",
}


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_a_folded_answer_is_the_answer_field_by_field(api: GraphQLClient, name: str) -> None:
    document = DOCUMENTS[name]
    folded = api.raw(document.replace("@X", ""))
    unfolded = api.raw(document.replace("@X", UNFOLDED))
    assert "errors" not in folded and "errors" not in unfolded, (folded, unfolded)
    assert folded["data"] == unfolded["data"]
    assert folded["extensions"]["roundTrips"] < unfolded["extensions"]["roundTrips"]


def test_a_page_with_two_levels_of_ties_below_it_is_one_query_and_its_count(api: GraphQLClient) -> None:
    document = DOCUMENTS["three levels of ties"]
    assert api.round_trips(document.replace("@X", "")) == 1
    assert api.round_trips(document.replace("@X", UNFOLDED)) == 3  # the list, members, posts
    assert api.round_trips(DOCUMENTS["a page with areas and members"].replace("@X", "")) == 2  # and the count


def test_a_folded_tie_connection_cursor_pages_on_the_unfolded_way(api: GraphQLClient) -> None:
    first = api.data("""{ node(id: "P1") { id } organizations(first: 20) { edges { node { id
                          members(first: 1) { pageInfo { endCursor } edges { node { id } } } } } } }""")
    p1 = next(e["node"] for e in first["organizations"]["edges"] if e["node"]["id"] == "P1")
    after = p1["members"]["pageInfo"]["endCursor"]
    rest = api.data("""query($after: String) { node(id: "P1") { ... on Organization {
                          members(first: 10, after: $after) { edges { node { id } } } } } }""", {"after": after})
    everyone = api.data("""{ node(id: "P1") { ... on Organization { members(first: 11) { edges { node { id } } } } }
                          }""")
    seen = [e["node"]["id"] for e in p1["members"]["edges"]] + \
        [e["node"]["id"] for e in rest["node"]["members"]["edges"]]
    assert seen == [e["node"]["id"] for e in everyone["node"]["members"]["edges"]]
    assert len(seen) > 1


def test_what_a_fold_cannot_carry_is_resolved_as_before(api: GraphQLClient) -> None:
    # `after`, `asOf` and `where` are not folded; the answers still come, by their own queries
    data = api.data("""{ organizations(first: 20) { edges { node { id
                          dated: members(asOf: "2019-06-01") { totalCount }
                          all: members { totalCount } } } } }""")
    p1 = next(e["node"] for e in data["organizations"]["edges"] if e["node"]["id"] == "P1")
    assert p1["all"]["totalCount"] >= p1["dated"]["totalCount"] >= 1
