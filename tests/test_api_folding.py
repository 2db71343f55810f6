"""Relationship fields folded into their root list's query (api/folding.py), on the small hand-built city:
the answer is the one the field-by-field resolution gives, to the cursor, in fewer round trips.

A field with a directive is never folded, so `@include(if: true)` on each relationship field asks the very same
question the unfolded way: each document below is run both ways and the answers compared whole.
"""
from __future__ import annotations

import asyncio
from typing import Any

import pytest

from api.config import ApiSettings
from api.context import Context
from api.loading import load_nodes
from api.schema import build_schema
from graph.store import db
from graph.store.queries import Slot, projection
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
    "edges showing some tie properties, nodes some of theirs": """{
      organizations(first: 20) { edges { node { id __typename kind kindLabelZh
        members(first: 5) @X { edges { cursor role startDate onBehalfOfId node { id nameEn gender tieCount
          posts(first: 3) @X { nodes { id name } } } } } } } } }""",
    "fields a fold reads every property for: measures, fragments on kinds, edges through a fragment": """
      fragment Tie on ServesInOrganizationEdge { role endDate }
      { persons(first: 20) { edges { node { id
          posts(first: 5) @X { edges { partTime node { id ... on PartyOrganization { subtype } } } }
          again: posts(first: 5) @X { edges { ...Tie node { id measures { degree } } } } } } } }""",
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


def _cypher(neo4j_conn: Any, document: str) -> str:
    """The text of the one query the API ran for `document`."""
    async def run() -> str:
        driver = db.async_driver(neo4j_conn)
        try:
            context = Context(driver, neo4j_conn.database, ApiSettings(production=False, request_timeout=30),
                              load_nodes=load_nodes)
            result = await build_schema(production=False).execute(document, context_value=context)
            assert not result.errors, result.errors
            [(text, _)] = context.reader.ran
            return text
        finally:
            await driver.close()

    return asyncio.run(run())


def test_a_folded_page_reads_only_the_tie_and_node_properties_its_fields_show(neo4j_conn: Any) -> None:
    text = _cypher(neo4j_conn, """{ organizations(first: 20, sort: TIES) { edges { node { id
                                     members(first: 5) { edges { role node { name } } } } } } }""")
    assert "tie: r {.role}" in text and "node: m {.id, .name}" in text
    assert "tie: properties(r)" not in text and "node: properties(m)" not in text


def test_a_fold_reads_every_property_where_a_field_might_need_any(neo4j_conn: Any) -> None:
    text = _cypher(neo4j_conn, """{ persons(first: 20, sort: TIES) { edges { node { id
                                     posts(first: 5) { edges { role node { id measures { degree } } } } } } } }""")
    assert "tie: r {.role}" in text and "node: properties(m)" in text
    text = _cypher(neo4j_conn, """{ persons(first: 20, sort: TIES) { edges { node { id
                                     posts(first: 5) { edges { cursor node { ... on PartyOrganization { subtype } } }
                                   } } } } }""")
    assert "tie: r {}" in text and "node: properties(m)" in text


def test_a_projection_splices_only_ontology_property_names() -> None:
    assert projection(Slot("r"), ("role", "start_date")) == "r {.role, .start_date}"
    assert projection(Slot("m"), None) == "properties(m)"
    with pytest.raises(ValueError, match="not an ontology property"):
        projection(Slot("m"), ("name}) DETACH DELETE m //",))
