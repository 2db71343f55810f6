"""The API holds against a careless or hostile client: every refusal is a coded GraphQL error with the right
HTTP status, never a 500, a plain-text page or an internal detail, and every response carries the security
headers."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from api.app import create_app
from api.config import ApiSettings
from graph.store.settings import Connection
from tests.test_api_support import GraphQLClient, api_client


@pytest.fixture(scope="module")
def production(neo4j_conn: Connection) -> Iterator[GraphQLClient]:
    settings = ApiSettings(production=True, request_timeout=10, max_request_bytes=4096,
                           cors_origins=("http://intranet.example:8080",))
    with api_client(create_app(neo4j_conn, settings)) as client:
        yield client


def codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body["errors"]]


def test_a_json_body_that_is_not_an_object_is_a_coded_400(production: GraphQLClient) -> None:
    for body in ("5", "[1, 2]", '"query"', "null", "{not json"):
        response = production.post("/graphql", content=body, headers={"content-type": "application/json"})
        assert response.status_code == 400, body
        assert codes(response.json()) == ["BAD_REQUEST"], body


def test_an_empty_document_is_a_coded_parse_failure(production: GraphQLClient) -> None:
    for body in ({"query": ""}, {"query": "   "}, {"variables": {}}):
        response = production.post("/graphql", json=body)
        assert response.status_code == 400
        assert codes(response.json()) == ["GRAPHQL_PARSE_FAILED"]


def test_a_syntax_error_is_a_coded_parse_failure(production: GraphQLClient) -> None:
    body = production.post("/graphql", json={"query": "{ node(id: "}).json()
    assert codes(body) == ["GRAPHQL_PARSE_FAILED"]


def test_an_unknown_field_is_a_validation_failure_without_suggestions_in_production(production: GraphQLClient) -> None:
    body = production.post("/graphql", json={"query": "{ compund(id: \"K1\") { id } }"}).json()
    assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "Did you mean" not in body["errors"][0]["message"]


def test_the_document_limits_say_which_limit_and_by_how_much(production: GraphQLClient,
                                                             neo4j_conn: Connection) -> None:
    inner = "id"
    for _ in range(5):
        inner = f"... on Area {{ children {{ edges {{ node {{ {inner} }} }} }} }}"
    deep = f"{{ areas {{ edges {{ node {{ {inner} }} }} }} }}"
    error = production.post("/graphql", json={"query": deep}).json()["errors"][0]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert error["extensions"]["limit"] == "depth" and error["extensions"]["maximum"] == 12
    assert error["extensions"]["actual"] > 12
    aliases = "{ " + " ".join(f"a{i}: areas(first: 1) {{ totalCount }}" for i in range(31)) + " }"
    error = production.post("/graphql", json={"query": aliases}).json()["errors"][0]
    assert (error["extensions"]["limit"], error["extensions"]["actual"]) == ("aliases", 31)
    tokens = "{ " + " ".join("__typename" for _ in range(3100)) + " }"
    response = production.post("/graphql", json={"query": tokens})
    assert response.status_code == 413  # 3,100 tokens do not fit in this server's 4 kB body limit either
    roomy = ApiSettings(production=True, request_timeout=10)
    with api_client(create_app(neo4j_conn, roomy)) as client:
        error = client.post("/graphql", json={"query": tokens}).json()["errors"][0]
    assert error["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED", "limit": "tokens", "maximum": 3000,
                                   "actual": 3001}


def test_a_method_other_than_get_or_post_is_a_coded_405(production: GraphQLClient) -> None:
    for method in ("PUT", "PATCH", "DELETE"):
        response = production.request(method, "/graphql", json={"query": "{ __typename }"})
        assert response.status_code == 405, method
        assert codes(response.json()) == ["BAD_REQUEST"], method


def test_a_body_over_the_limit_is_refused_with_413_before_it_is_read(production: GraphQLClient) -> None:
    response = production.post("/graphql", json={"query": "{ areas { totalCount } }", "pad": "x" * 5000})
    assert response.status_code == 413
    assert codes(response.json()) == ["PAYLOAD_TOO_LARGE"]


def test_every_response_carries_the_security_headers(production: GraphQLClient) -> None:
    for response in (production.get("/healthz"), production.post("/graphql", json={"query": "{ __typename }"}),
                     production.post("/graphql", content="5", headers={"content-type": "application/json"})):
        headers = response.headers
        assert "default-src 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"


def test_cors_answers_only_the_origins_allowed(production: GraphQLClient) -> None:
    allowed = production.post("/graphql", json={"query": "{ __typename }"},
                              headers={"origin": "http://intranet.example:8080"})
    assert allowed.headers["access-control-allow-origin"] == "http://intranet.example:8080"
    other = production.post("/graphql", json={"query": "{ __typename }"}, headers={"origin": "http://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_an_argument_error_keeps_its_own_code(production: GraphQLClient) -> None:
    body = production.post("/graphql", json={"query": '{ coBuilders(organizationId: "nope") { organization { id } } }'})
    assert "NOT_FOUND" in codes(body.json())
