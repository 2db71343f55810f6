"""Root lists and their folded relationship fields answered straight from their rows (api/precompleted.py), on
the small hand-built city: the answer is, key for key and in the same order, the one strawberry objects
completed by graphql-core give; the one-step answer is taken where the selection allows it, and not where it
does not.
"""
from __future__ import annotations

import json
from typing import Any

import pytest
from strawberry.types.nodes import SelectedField

from api import precompleted, ties
from api.connections import Connection
from api.schema import build_schema
from tests.test_api_folding import DOCUMENTS as FOLDING_DOCUMENTS
from tests.test_api_support import GraphQLClient, api, load_small_city  # noqa: F401 — `api` is a fixture

DOCUMENTS = {
    **{f"folding: {name}": text.replace("@X", "") for name, text in FOLDING_DOCUMENTS.items()},
    "the peer bench's page": """{ organizations(first: 20, sort: NAME) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { id name basedIn { id name } members(first: 20) { totalCount edges { role node { id name } } } } }
    } }""",
    "the peer bench's nested query": """{ organizations(first: 10, sort: NAME) { edges { node { id name
      members(first: 10) { edges { role node { id name posts(first: 10) { edges { role node { id name } } } } } } } } }
    }""",
    "aliases and __typename at every level, kinds and enums": """{ organizations(first: 20) { edges { node {
      __typename id kind subtype: __typename
      seats: members(first: 5) { __typename count: totalCount
        e: edges { __typename r: role since: startDate until: endDate who: node { __typename id n: name kind gender } }
        list: nodes { id nameEn } }
      home: basedIn { __typename id kind name: nameEn } } } } }""",
    "single ties below single ties and under connections": """{
      compounds { edges { node { id parent { __typename id name parent { id name parent { id kind } } } } } }
      persons { edges { node { id posts(first: 3) { edges { partTime node { id basedIn { id name } } } } } } } }""",
    "empty pages and pages of one": """{ organizations(first: 30) { edges { node { id
      none: members(first: 0) { totalCount edges { node { id } } }
      one: members(first: 1) { totalCount nodes { id name } } } } } }""",
    "root lists: cursors, every pageInfo field, aliases and __typename": """{
      first: compounds(first: 2) { __typename n: totalCount
        info: pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor }
        edges { __typename at: cursor node { id name } } nodes { id } }
      last: organizations(last: 3) { pageInfo { hasPreviousPage hasNextPage startCursor endCursor }
        edges { cursor node { __typename id kind } } }
      byText: organizations(text: "社区", first: 2, sort: NAME) { totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { id name } } }
      byTies: persons(first: 3, sort: TIES) { pageInfo { hasNextPage startCursor } edges { cursor node { id } } }
      empty: compounds(first: 0) { totalCount pageInfo { hasNextPage startCursor endCursor } edges { cursor } } }""",
    "search: scores, cursors and every pageInfo field": """{
      search(text: "社区", first: 3) { __typename totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor s: score node { __typename id name kind } } nodes { id nameEn } }
      none: search(text: "没有这样的名字", first: 3) { totalCount pageInfo { hasNextPage endCursor } edges { score } } }""",
}

# Root lists read by keyset and by offset, forward and backward: (a first page, the page after or before one of
# its cursors, which of its pageInfo's cursors).
PAGED = [
    ("compounds(first: 2)", 'compounds(first: 2, after: "{}")', "endCursor"),
    ("compounds(last: 2)", 'compounds(last: 2, before: "{}")', "startCursor"),
    ('organizations(text: "社区", first: 1, sort: NAME)', 'organizations(text: "社区", first: 1, sort: NAME, after: "{}")',
     "endCursor"),
    ("persons(first: 2, sort: TIES)", 'persons(first: 2, sort: TIES, after: "{}")', "endCursor"),
    ('search(text: "社区", first: 2)', 'search(text: "社区", first: 2, after: "{}")', "endCursor"),
]


@pytest.fixture
def city(graph: Any, neo4j_conn: Any) -> None:
    load_small_city(graph, neo4j_conn.database)


def _as_objects(patch: pytest.MonkeyPatch) -> None:
    """Every root list and folded field answered as strawberry objects, as before this module."""
    patch.setattr(precompleted, "connection_shape", lambda *arguments: None)
    patch.setattr(precompleted, "list_shape", lambda *arguments: None)


@pytest.fixture
def objects_only(monkeypatch: pytest.MonkeyPatch) -> None:
    _as_objects(monkeypatch)


@pytest.fixture
def pages_built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The connections built as objects (api/connections.py `Connection.page`), by edge type, as they come."""
    seen: list[str] = []
    original = Connection.page

    def counted(self: Connection, *arguments: Any, **keywords: Any) -> Any:
        seen.append(self.edge.__name__)
        return original(self, *arguments, **keywords)

    monkeypatch.setattr(Connection, "page", counted)
    return seen


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The relationship fields answered as objects (api/ties.py `_connection`), by field name, as they come."""
    seen: list[str] = []
    original = ties._connection

    def counted(root: Any, info: Any, field: Any, *arguments: Any) -> Any:
        seen.append(field.name)
        return original(root, info, field, *arguments)

    monkeypatch.setattr(ties, "_connection", counted)
    return seen


@pytest.mark.usefixtures("city")
@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_a_one_step_answer_is_the_completed_objects_answer_in_the_same_order(api: GraphQLClient, name: str,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    one_step = api.raw(DOCUMENTS[name])
    with monkeypatch.context() as patch:
        _as_objects(patch)
        as_objects = api.raw(DOCUMENTS[name])
    assert "errors" not in one_step, one_step
    assert json.dumps(one_step["data"], ensure_ascii=False) == json.dumps(as_objects["data"], ensure_ascii=False)


@pytest.mark.usefixtures("city")
def test_the_peer_benchs_ties_are_answered_in_one_step(api: GraphQLClient, built: list[str]) -> None:
    for name in ("the peer bench's page", "the peer bench's nested query"):
        data = api.data(DOCUMENTS[name])
        assert data["organizations"]["edges"]
    assert built == []


@pytest.mark.usefixtures("city")
def test_the_peer_benchs_pages_are_answered_in_one_step(api: GraphQLClient, pages_built: list[str]) -> None:
    for name in ("the peer bench's page", "the peer bench's nested query"):
        assert api.data(DOCUMENTS[name])["organizations"]["edges"]
    assert api.data("""{ organizations(text: "社区", first: 20, sort: RELEVANCE) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id name basedIn { id name } } } } }""")
    assert api.data("""{ search(text: "社区", first: 20) { edges { score node { id name kind } } } }""")["search"]["edges"]
    assert pages_built == []


@pytest.mark.usefixtures("city")
@pytest.mark.parametrize(("start", "following", "cursor"), PAGED)
def test_the_cursors_of_a_one_step_page_lead_to_the_same_next_page(api: GraphQLClient, start: str, following: str,
                                                                    cursor: str,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    selection = "{ pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } }"
    given = api.data(f"{{ list: {start} {selection} }}")["list"]
    assert given["edges"], given
    following = f"{{ list: {following.format(given['pageInfo'][cursor])} {selection} }}"
    one_step = api.data(following)["list"]
    with monkeypatch.context() as patch:
        _as_objects(patch)
        as_objects = api.data(following)["list"]
    assert one_step == as_objects
    assert one_step["edges"] and {e["node"]["id"] for e in one_step["edges"]}.isdisjoint(
        e["node"]["id"] for e in given["edges"])


@pytest.mark.usefixtures("city")
@pytest.mark.parametrize("selection", [
    "aggregate { count } edges { node { id } }",  # the list's aggregates
    "edges { node { id tieCount } }",  # a resolver of its own
    "edges { node { ... on PartyOrganization { id } } }",  # a fragment
    "pageInfo { hasNextPage @skip(if: false) }",  # a directive
])
def test_what_a_compiled_list_does_not_cover_is_built_as_objects(api: GraphQLClient, pages_built: list[str],
                                                                 selection: str) -> None:
    api.data(f"{{ organizations(first: 5) {{ {selection} }} }}")
    assert pages_built == ["OrganizationEdge"]


@pytest.mark.usefixtures("city", "objects_only")
def test_without_compiled_answers_the_ties_are_built_as_objects(api: GraphQLClient, built: list[str]) -> None:
    api.data(DOCUMENTS["the peer bench's page"])
    assert set(built) == {"members"}


@pytest.mark.usefixtures("city")
@pytest.mark.parametrize("selection", [
    "edges { cursor node { id } }",  # a cursor is signed per edge
    "pageInfo { hasNextPage } edges { node { id } }",
    "edges { node { id tieCount } }",  # a resolver of its own
    "edges { node { ... on Person { id } } }",  # a fragment
    "edges { role @include(if: true) node { id } }",  # a directive
])
def test_what_a_compiled_answer_does_not_cover_is_built_as_objects(api: GraphQLClient, built: list[str],
                                                                   selection: str) -> None:
    document = f"{{ organizations(first: 20) {{ edges {{ node {{ id members(first: 5) {{ {selection} }} }} }} }} }}"
    one_way = api.data(document)
    assert "members" in built
    assert any(e["node"]["members"]["edges"] for e in one_way["organizations"]["edges"])


def _field(name: str, *selections: SelectedField) -> SelectedField:
    return SelectedField(name=name, directives={}, arguments={}, selections=list(selections))


def test_an_unusual_value_leaves_the_answer_to_graphql_core() -> None:
    schema = build_schema(production=False)._schema
    shape = precompleted.NodeShape([_field("id"), _field("name")], schema, ())
    person = {"labels": ["Person"], "node": {"id": "X1", "name": "王芳"}, "folded": []}
    assert shape.answer(person) == {"id": "X1", "name": "王芳"}
    assert str(schema.get_type("Person").fields["name"].type).endswith("!")
    with pytest.raises(precompleted.Unusual):  # a null for a non-null name: graphql-core says where, not this
        shape.answer({**person, "node": {"id": "X1"}})
    unknown = precompleted.NodeShape([_field("id"), _field("tieCount")], schema, ())
    with pytest.raises(precompleted.Unusual):  # a field of its own resolver
        unknown.answer(person)
