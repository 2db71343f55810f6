"""The schema as a contract with client developers (issue 13): the committed SDL is the live one, every breaking
change since the last release is written in CHANGELOG.md, a failing field does not take its siblings down, and
cursors are opaque, signed and bound to their list."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from graphql import build_schema as parse_sdl
from graphql import find_breaking_changes, lexicographic_sort_schema, print_schema

from api.schema import build_schema
from tests.test_api_support import GraphQLClient, api, load_small_city  # noqa: F401 — `api` is a fixture

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "api" / "schema.graphql"
RELEASED = ROOT / "api" / "schema.released.graphql"
CHANGELOG = ROOT / "CHANGELOG.md"


def live_sdl() -> str:
    return build_schema(production=False).as_str() + "\n"


def canonical(sdl: str) -> str:
    """The SDL with its types in name order (the order strawberry prints them in follows import order)."""
    return print_schema(lexicographic_sort_schema(parse_sdl(sdl)))


def test_the_committed_sdl_is_the_live_one() -> None:
    assert canonical(SNAPSHOT.read_text(encoding="utf-8")) == canonical(live_sdl()), \
        "the schema changed: run `govgraph graphql-schema > api/schema.graphql` and commit it"


def unreleased() -> str:
    text = CHANGELOG.read_text(encoding="utf-8")
    match = re.search(r"^## Unreleased\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, "CHANGELOG.md has no '## Unreleased' section"
    return match.group(1)


def test_every_breaking_change_since_the_release_is_in_the_changelog() -> None:
    changes = find_breaking_changes(parse_sdl(RELEASED.read_text(encoding="utf-8")), parse_sdl(live_sdl()))
    section = unreleased()
    missing = [c.description for c in changes if c.description not in section]
    assert not missing, "breaking changes not written in CHANGELOG.md's Unreleased section:\n" + "\n".join(missing)


@pytest.fixture
def city(graph: Any, neo4j_conn: Any) -> None:
    load_small_city(graph, neo4j_conn.database)


@pytest.mark.usefixtures("city")
def test_a_failing_field_leaves_its_siblings_answered(api: GraphQLClient) -> None:
    body = api.raw('{ good: node(id: "P1") { id } bad: coBuilders(organizationId: "nope") { totalCount } '
                   'also: search(text: "岷江", first: 1) { totalCount } }')
    assert body["data"]["good"] == {"id": "P1"} and body["data"]["bad"] is None
    assert body["data"]["also"]["totalCount"] >= 1
    [error] = body["errors"]
    assert error["path"] == ["bad"] and error["extensions"]["code"] == "NOT_FOUND"


COMPOUNDS = "query($after: String, $before: String, $first: Int, $last: Int, $within: ID) { " \
            "compounds(first: $first, after: $after, last: $last, before: $before, within: $within) { totalCount " \
            "edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"


@pytest.mark.usefixtures("city")
def test_cursors_page_both_ways_and_are_bound_to_their_list(api: GraphQLClient) -> None:
    everything = api.data(COMPOUNDS, {"first": 100})["compounds"]
    ids = [e["node"]["id"] for e in everything["edges"]]
    assert len(ids) == everything["totalCount"] >= 3
    first = api.data(COMPOUNDS, {"first": 2})["compounds"]
    assert [e["node"]["id"] for e in first["edges"]] == ids[:2] and first["pageInfo"]["hasNextPage"]
    rest = api.data(COMPOUNDS, {"first": 100, "after": first["pageInfo"]["endCursor"]})["compounds"]
    assert [e["node"]["id"] for e in rest["edges"]] == ids[2:] and rest["pageInfo"]["hasPreviousPage"]
    tail = api.data(COMPOUNDS, {"last": 2})["compounds"]
    assert [e["node"]["id"] for e in tail["edges"]] == ids[-2:] and not tail["pageInfo"]["hasNextPage"]
    before = api.data(COMPOUNDS, {"last": 1, "before": rest["edges"][0]["cursor"]})["compounds"]
    assert [e["node"]["id"] for e in before["edges"]] == [ids[1]] and before["pageInfo"]["hasNextPage"]
    cursor = first["pageInfo"]["endCursor"]
    forged = cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB")
    for variables, argument in (({"after": forged}, "after"), ({"after": "b2Zmc2V0OjE="}, "after"),
                                ({"after": cursor, "within": "D1"}, "after"), ({"first": 1, "last": 1}, "first")):
        error = api.error(COMPOUNDS, variables)
        assert error["extensions"]["code"] == "BAD_USER_INPUT" and argument in error["message"]
    other = api.raw('query($c: String) { persons(after: $c) { totalCount } }', {"c": cursor})
    assert other["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
