"""The schema as a contract with client developers (issue 13): the committed SDL is the live one, every breaking
change since the last release is written in CHANGELOG.md, a failing field does not take its siblings down, and
cursors are opaque, signed and bound to their list."""
from __future__ import annotations

import re
import time
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


@pytest.mark.usefixtures("city")
def test_a_load_between_two_pages_shifts_nothing(api: GraphQLClient, graph: Any, neo4j_conn: Any) -> None:
    first = api.data(COMPOUNDS, {"first": 2})["compounds"]
    expected = api.data(COMPOUNDS, {"first": 100, "after": first["pageInfo"]["endCursor"]})["compounds"]
    # a load adds a compound sorting before the cursor and removes none: the next page is the same
    graph.execute_query("CREATE (:Area:Compound {id: 'K0', name: '!新院落'})", database_=neo4j_conn.database)
    after = api.data(COMPOUNDS, {"first": 100, "after": first["pageInfo"]["endCursor"]})["compounds"]
    assert [e["node"]["id"] for e in after["edges"]] == [e["node"]["id"] for e in expected["edges"]]
    assert after["totalCount"] == expected["totalCount"] + 1


def db_hits(plan: Any) -> int:
    return plan.get("dbHits", 0) + sum(db_hits(child) for child in plan.get("children", []))


def test_a_deep_page_costs_what_the_first_costs(graph: Any, neo4j_conn: Any) -> None:
    """20,000 people; the page after the 10,000th, by keyset, touches about as much of the store as the first
    (PROFILE's database hits: deterministic, unlike a timing), where SKIP 10,000 touched 10,000 nodes more."""
    from api.filters import narrowing
    from graph.store.queries import fill

    graph.execute_query("UNWIND range(0, 19999) AS i CREATE (:Person {id: 'p' + i, name: 'n' + right('0000' + i, 5)})",
                        database_=neo4j_conn.database)
    text = fill("entity_list_by_name", FAMILY="Person", LABEL="Person", FILTERS=narrowing(None, None, []))
    base = {"kinds": None, "subtype": None, "where": [], "beforeName": None, "beforeId": None, "limit": 21}
    hits, times = {}, {}
    skipping = ("MATCH (n:Person:Person) WHERE n.name IS NOT NULL WITH n ORDER BY n.name, n.id SKIP 10001 LIMIT 21 "
                "RETURN n")
    for label, query, after in (("first", text, (None, None)), ("deep", text, ("n10000", "p10000")),
                                ("offset", skipping, (None, None))):
        params = {**base, "afterName": after[0], "afterId": after[1]}
        summary = graph.execute_query("PROFILE " + query, params, database_=neo4j_conn.database).summary
        hits[label] = db_hits(summary.profile)
        runs = []
        for _ in range(15):
            started = time.perf_counter()
            graph.execute_query(query, params, database_=neo4j_conn.database)
            runs.append(time.perf_counter() - started)
        times[label] = sorted(runs)[len(runs) // 2] * 1000
    print(f"\ndb hits {hits}; median ms " + ", ".join(f"{k} {v:.2f}" for k, v in times.items()))
    offset = summary
    assert hits["deep"] <= 2 * hits["first"] + 50, hits
    assert db_hits(offset.profile) > 10 * hits["deep"], (hits, db_hits(offset.profile))


@pytest.mark.usefixtures("city")
@pytest.mark.parametrize(("query", "code"), [
    ("{ node(id: ", "GRAPHQL_PARSE_FAILED"),
    ("{ nothing }", "GRAPHQL_VALIDATION_FAILED"),
    ('{ node(id: 1.5) { id } }', "GRAPHQL_VALIDATION_FAILED"),
    ("{ " + " ".join(f'a{i}: node(id: "K1") {{ id }}' for i in range(31)) + " }", "GRAPHQL_VALIDATION_FAILED"),
    ('{ node(id: "K1") { ' + "... on Area { parent { " * 12 + "id" + " } }" * 12 + " } }",
     "GRAPHQL_VALIDATION_FAILED"),
    ('{ compounds(first: 101) { totalCount } }', "BAD_USER_INPUT"),
    ('{ compounds(after: "forged") { totalCount } }', "BAD_USER_INPUT"),
    ('{ coverageGaps(kind: COMPOUND_NO_FACILITY, facilityKind: spaceport) { totalCount } }',
     "GRAPHQL_VALIDATION_FAILED"),
    ('{ coBuilders(organizationId: "nope") { totalCount } }', "NOT_FOUND"),
    ('{ coBuildingNetwork(areaId: "nope") { totalNodes } }', "NOT_FOUND"),
])
def test_every_error_has_a_code(api: GraphQLClient, query: str, code: str) -> None:
    body = api.raw(query)
    assert body["errors"] and all(e["extensions"]["code"] == code for e in body["errors"]), body["errors"]


def test_limit_errors_say_the_limit_and_the_value(api: GraphQLClient) -> None:
    error = api.error("{ " + " ".join(f'a{i}: node(id: "K1") {{ id }}' for i in range(31)) + " }")
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert {"limit", "maximum", "actual"} <= set(error["extensions"]), error


def test_a_timeout_and_a_masked_failure_have_their_codes(neo4j_conn: Any, graph: Any) -> None:
    from api.app import create_app
    from api.config import ApiSettings
    from tests.test_api_support import api_client

    load_small_city(graph, neo4j_conn.database)
    with api_client(create_app(neo4j_conn, ApiSettings(production=True, request_timeout=0.001))) as client:
        body = client.raw('{ coverageGaps(kind: COMPOUND_NO_FACILITY) { totalCount } }')
        assert body["errors"][0]["extensions"]["code"] == "TIMEOUT"
    with api_client(create_app(neo4j_conn, ApiSettings(production=True, request_timeout=30))) as client:
        # a failure that is not the client's (a context without a driver), coded as the router codes it
        import asyncio

        from api.context import Context
        from api.guard import code_errors

        context = Context(None, None, ApiSettings(True, 30))  # type: ignore[arg-type]
        result = asyncio.run(build_schema(True).execute('{ node(id: "K1") { id } }', context_value=context))
        formatted = [e.formatted for e in result.errors or []]
        code_errors(formatted, list(result.errors or []), production=True)
        assert formatted and formatted[0]["message"] == "Unexpected error."
        assert formatted[0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
        assert client.raw('{ node(id: "K1") { id } }')["data"]["node"] == {"id": "K1"}


def test_every_dated_answer_says_which_date_it_used() -> None:
    """A root field taking `asOf` answers `asOf` (or its network's), so an answer keeps its meaning past midnight."""
    schema = parse_sdl(live_sdl())
    for name, field in schema.query_type.fields.items():
        if "asOf" not in field.args:
            continue
        answer = field.type
        while hasattr(answer, "of_type"):
            answer = answer.of_type
        assert "asOf" in answer.fields or "asOf" in answer.fields["network"].type.of_type.fields, name


@pytest.mark.usefixtures("city")
def test_as_of_defaults_to_today_and_is_echoed(api: GraphQLClient) -> None:
    import datetime as dt

    answer = api.data('{ coverageGaps(kind: COMPOUND_NO_PARTY_ORGANIZATION) { asOf } '
                      'crossAppointments { asOf } coBuilders(organizationId: "P1") { asOf } }')
    today = dt.date.today().isoformat()
    assert {answer[k]["asOf"] for k in answer} == {today}


ROOT_CONNECTIONS = {  # a root connection field with the arguments that give the small city's answer
    "search": 'search(text: "社区", first: 1)',
    "coBuilders": 'coBuilders(organizationId: "P1", asOf: "2024-06-01", first: 1)',
    "coverageGaps": "coverageGaps(kind: COMPOUND_NO_PARTY_ORGANIZATION, first: 1)",
    "crossAppointments": 'crossAppointments(asOf: "2024-06-01", first: 1)',
    "compounds": "compounds(first: 1)",
}


@pytest.mark.usefixtures("city")
def test_every_root_connection_signs_its_edges_cursors_when_they_are_asked_for(api: GraphQLClient) -> None:
    for name, field in ROOT_CONNECTIONS.items():
        shown = api.data(f"{{ {field} {{ edges {{ cursor }} pageInfo {{ endCursor }} }} }}")[name]
        assert len(shown["edges"]) == 1, name
        assert shown["edges"][0]["cursor"] == shown["pageInfo"]["endCursor"] is not None, name
        through_fragment = api.data(f"{{ {field} {{ ... on {_connection_type(name)} {{ edges {{ cursor }} }} }} }}")
        assert through_fragment[name]["edges"][0]["cursor"] == shown["pageInfo"]["endCursor"], name


def _connection_type(root_field: str) -> str:
    return build_schema(production=False)._schema.query_type.fields[root_field].type.name
