"""Access through HTTP: authentication, per-role schemas, area scopes, personal values, the audit trail,
persisted queries and per-identity limits (api/app.py, api/access.py, api/role_schema.py).

The small city of tests/test_api_support.py plus a second district, and people and organisations across
streets so a chain or a count could leak:

    D1 旌阳区 ─ S1 旌阳街道 (P1…P5, O1, PC1 …)   S2 东湖街道 ─ M3 ─ K4; P7 东湖社区党委 (based in M3)
    D2 罗江区 [D2] ─ S3 [S3] ─ M4 [M4] ─ K5 [K5]; P8 罗江社区党委 (based in M4)
    X6 赵敏: P5 (S1) and P7 (S2)        X7 钱进: P7 (S2) and P2 (S1)      → P5 … P2 only through S2
    X8 孙丽: P8 (D2) and P1 (D1)
"""
from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from api.app import create_app
from api.auth import Authenticator
from api.config import ApiSettings
from api.ratelimit import AreaWideLimiter
from graph.access.accounts import AccountStore
from graph.access.audit import AuditTrail
from graph.access.persisted import PersistedQueries, document_hash
from tests.access_support import Clock
from tests.test_api_support import GraphQLClient, api_client, load_small_city

MORE = """
MATCH (c:City {id: 'C1'}), (s2:Street {id: 'S2'}), (m3:Community {id: 'M3'}), (p1:PartyOrganization {id: 'P1'}),
      (p2:PartyOrganization {id: 'P2'}), (p5:PartyOrganization {id: 'P5'})
CREATE (d2:Area:District {id: 'D2', name: '罗江区'})-[:WITHIN]->(c)
CREATE (s3:Area:Street {id: 'S3', name: '万安街道'})-[:WITHIN]->(d2)
CREATE (m4:Area:Community {id: 'M4', name: '罗江社区'})-[:WITHIN]->(s3)
CREATE (k5:Area:Compound {id: 'K5', name: '罗江小区', population: 500})-[:WITHIN]->(m4)
CREATE (p7:Organization:PartyOrganization {id: 'P7', name: '东湖社区党委', kind: 'grand_party_committee'})
       -[:BASED_IN]->(m3)
CREATE (p8:Organization:PartyOrganization {id: 'P8', name: '罗江社区党委', kind: 'grand_party_committee'})
       -[:BASED_IN]->(m4)
CREATE (x6:Person {id: 'X6', name: '赵敏', phone: '13712345678'})
CREATE (x7:Person {id: 'X7', name: '钱进'})
CREATE (x8:Person {id: 'X8', name: '孙丽', phone: '13698765432', id_number: '51060319800101123X'})
CREATE (x6)-[:SERVES_IN {role: '委员', start_date: date('2020-01-01')}]->(p5)
CREATE (x6)-[:SERVES_IN {role: '委员', start_date: date('2020-01-01')}]->(p7)
CREATE (x7)-[:SERVES_IN {role: '委员', start_date: date('2020-01-01')}]->(p7)
CREATE (x7)-[:SERVES_IN {role: '委员', start_date: date('2020-01-01')}]->(p2)
CREATE (x8)-[:SERVES_IN {role: '委员', start_date: date('2020-01-01')}]->(p8)
CREATE (x8)-[:SERVES_IN {role: '委员', start_date: date('2020-01-01')}]->(p1)
"""
ACCOUNTS = {  # name → (role, area)
    "admin": ("admin", None), "wang": ("planner", "S1"), "li": ("analyst", "D2"), "zhou": ("analyst", "S1"),
    "chen": ("analyst", None), "dash": ("client", "S1"), "audit": ("auditor", None),
}
PURPOSE = {"X-Govgraph-Purpose": "calling the committee about case CS1"}
INTERNALS = ("Traceback", "neo4j.", 'File "', "strawberry", "graphql-core", "/site-packages/")


@pytest.fixture(scope="module")
def city(session_driver: Any, neo4j_conn: Any) -> None:
    session_driver.execute_query("MATCH (n) DETACH DELETE n", database_=neo4j_conn.database)
    load_small_city(session_driver, neo4j_conn.database)
    session_driver.execute_query(MORE, database_=neo4j_conn.database)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with pytest.MonkeyPatch.context() as patch:
        path = tmp_path_factory.mktemp("access") / "home"
        patch.setenv("GOVGRAPH_HOME", str(path))
        for name in ("GOVGRAPH_OIDC_ISSUER", "GOVGRAPH_TOKEN_DAYS"):
            patch.delenv(name, raising=False)
        yield path


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="module")
def store(home: Any, clock: Clock) -> AccountStore:
    accounts = AccountStore(clock=clock)
    for name, (role, area) in ACCOUNTS.items():
        accounts.add_user(name, role, area=area, password="correct horse battery" if name == "wang" else None)
    return accounts


@pytest.fixture(scope="module")
def tokens(store: AccountStore) -> dict[str, str]:
    return {name: store.create_token(name, days=30)[0] for name in ACCOUNTS}


def _app(neo4j_conn: Any, store: AccountStore, production: bool = False, limiter: AreaWideLimiter | None = None):
    return create_app(neo4j_conn, ApiSettings(production=production, request_timeout=30),
                      authenticator=Authenticator(store, verifier=None, no_auth=False), limiter=limiter)


@pytest.fixture(scope="module")
def http(neo4j_conn: Any, city: None, store: AccountStore, tokens: dict[str, str]) -> Iterator[GraphQLClient]:
    app = _app(neo4j_conn, store)
    with api_client(app) as client:
        client.app = app  # type: ignore[attr-defined]
        yield client


def flush(http: GraphQLClient) -> None:
    """Wait until every answered request's audit line is written (the app writes them in batches)."""
    http.portal.call(http.app.state.audit.flush)  # type: ignore[attr-defined]


def ask(http: GraphQLClient, who: str | None, query: str, variables: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None, tokens: dict[str, str] | None = None, **body: Any) -> Any:
    sent = dict(headers or {})
    if who is not None:
        sent["Authorization"] = f"Bearer {who if who.startswith('ggt_') else tokens[who]}"  # type: ignore[index]
    return http.post("/graphql", json={"query": query, "variables": variables or {}, **body}, headers=sent)


def no_internals(response: Any) -> None:
    assert response.status_code < 500, response.text
    for word in INTERNALS:
        assert word not in response.text, response.text


# --- authentication ------------------------------------------------------------------------------------
def test_an_anonymous_request_is_refused_with_unauthenticated_and_a_challenge(http: GraphQLClient) -> None:
    response = http.post("/graphql", json={"query": "{ compounds { totalCount } }"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="govgraph"'
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert response.json()["data"] is None
    bad = http.post("/graphql", json={"query": "{ compounds { totalCount } }"},
                    headers={"Authorization": "Bearer ggt_" + "x" * 43})
    assert bad.status_code == 401 and 'error="invalid_token"' in bad.headers["www-authenticate"]
    assert http.get("/healthz").status_code == 200  # health needs no identity


def test_login_gives_a_short_lived_token_and_wrong_passwords_are_limited(http: GraphQLClient) -> None:
    response = http.post("/auth/login", json={"user": "wang", "password": "correct horse battery"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["role"] == "planner" and body["area"] == "S1" and body["token"].startswith("ggt_")
    assert response.headers["cache-control"] == "no-store"
    answer = ask(http, body["token"], "{ compounds { totalCount } }")
    assert answer.status_code == 200 and answer.json()["data"]["compounds"]["totalCount"] == 3
    wrong = http.post("/auth/login", json={"user": "wang", "password": "wrong horse battery"})
    assert wrong.status_code == 401 and wrong.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    unknown = http.post("/auth/login", json={"user": "nobody", "password": "wrong horse battery"})
    assert unknown.json()["errors"][0]["message"] == wrong.json()["errors"][0]["message"]  # never says who exists
    assert http.post("/auth/login", content=b"[1]", headers={"content-type": "application/json"}).status_code == 400
    statuses = [http.post("/auth/login", json={"user": "wang", "password": "x" * 12}).status_code for _ in range(12)]
    assert statuses[-1] == 429


def test_an_expired_or_revoked_token_is_refused_at_once(http: GraphQLClient, store: AccountStore,
                                                        clock: Clock) -> None:
    token, info = store.create_token("zhou", days=1)
    assert ask(http, token, "{ compounds { totalCount } }").status_code == 200
    store.revoke_token(info.id)
    assert ask(http, token, "{ compounds { totalCount } }").status_code == 401
    short, _ = store.create_token("zhou", days=1)
    clock.advance(days=2)
    try:
        refused = ask(http, short, "{ compounds { totalCount } }")
        assert refused.status_code == 401 and 'error="invalid_token"' in refused.headers["www-authenticate"]
    finally:
        clock.advance(days=-2)


# --- per-role schemas ------------------------------------------------------------------------------------
MATRIX = {  # root field and a document using it → the roles it is allowed to
    "compounds": ("{ compounds { totalCount } }", {"admin", "chen", "wang", "zhou"}),
    "persons": ("{ persons { totalCount } }", {"admin", "chen", "zhou"}),
    "crossAppointments": ('{ crossAppointments(asOf: "2024-06-01") { totalCount } }', {"admin", "chen", "zhou"}),
    "crossAppointmentChains": ('{ crossAppointmentChains(fromId: "P1", toId: "P2", asOf: "2024-06-01") '
                               '{ chains { hops } } }', {"admin", "chen", "zhou"}),
    "coverageGaps": ("{ coverageGaps(kind: COMPOUND_NO_PARTY_ORGANIZATION) { totalCount } }", {"admin", "chen", "wang", "zhou"}),
    "centrality": ("{ centrality(metric: BETWEENNESS) { __typename } }", {"admin", "chen", "zhou"}),
    "auditTrail": ("{ auditTrail(last: 1) }", {"admin", "audit"}),
    "personalData": ('{ personalData(ids: ["PC1"]) { id } }', {"admin", "chen", "wang", "zhou"}),
}


@pytest.mark.parametrize("field", sorted(MATRIX))
def test_each_role_may_use_only_its_root_fields(http: GraphQLClient, tokens: dict[str, str], field: str) -> None:
    document, allowed = MATRIX[field]
    for who in ("admin", "chen", "wang", "zhou", "audit"):
        response = ask(http, who, document, tokens=tokens)
        no_internals(response)
        errors = response.json().get("errors") or []
        if who in allowed:
            assert not [e for e in errors if e["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"], (who, errors)
        else:
            assert errors and errors[0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED", (who, response.text)


def test_a_planners_schema_has_no_people_and_an_auditors_only_the_audit_trail(http: GraphQLClient,
                                                                            tokens: dict[str, str]) -> None:
    types = "{ __schema { types { name fields { name } } queryType { fields { name } } } }"
    planner = ask(http, "wang", types, tokens=tokens).json()["data"]["__schema"]
    names = {t["name"] for t in planner["types"]}
    assert "Compound" in names and not {n for n in names if "Person" in n and not n.startswith("Personal")}
    fields = {f["name"] for t in planner["types"] for f in t["fields"] or ()}
    assert "partyMember" not in fields and "persons" not in fields and "servesIn" not in fields
    kinds = ask(http, "wang", '{ __type(name: "Kind") { enumValues { name } } }', tokens=tokens).json()
    assert "Person" not in {v["name"] for v in kinds["data"]["__type"]["enumValues"]}
    auditor = ask(http, "audit", types, tokens=tokens).json()["data"]["__schema"]
    assert [f["name"] for f in auditor["queryType"]["fields"]] == ["auditTrail"]
    analyst = ask(http, "chen", types, tokens=tokens).json()["data"]["__schema"]
    assert "Person" in {t["name"] for t in analyst["types"]}


def test_a_client_runs_persisted_documents_only(http: GraphQLClient, tokens: dict[str, str], home: Any) -> None:
    document = "query Compounds { compounds { totalCount } }"
    refused = ask(http, "dash", document, tokens=tokens)
    assert refused.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_REQUIRED"
    sha = document_hash(document)
    by_hash = {"persistedQuery": {"version": 1, "sha256Hash": sha}}
    unknown = http.post("/graphql", json={"extensions": by_hash}, headers={"Authorization": f"Bearer {tokens['dash']}"})
    assert unknown.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    PersistedQueries().add(document)
    known = http.post("/graphql", json={"extensions": by_hash}, headers={"Authorization": f"Bearer {tokens['dash']}"})
    assert known.json()["data"] == {"compounds": {"totalCount": 3}}  # the client's scope: S1
    wrong = ask(http, "dash", "{ compounds { edges { cursor } } }", tokens=tokens, extensions=by_hash)
    assert wrong.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


# --- area scopes ---------------------------------------------------------------------------------------
def test_a_planner_of_one_street_sees_its_compounds_and_no_names_of_people(http: GraphQLClient,
                                                                          tokens: dict[str, str]) -> None:
    body = ask(http, "wang", "{ compounds { totalCount edges { node { id } } } organizations { totalCount } }",
               tokens=tokens).json()
    assert {e["node"]["id"] for e in body["data"]["compounds"]["edges"]} == {"K1", "K2", "K3"}
    assert body["data"]["compounds"]["totalCount"] == 3  # K4 (S2) and K5 (D2) are not counted
    everyone = ask(http, "chen", "{ compounds { totalCount } }", tokens=tokens).json()
    assert everyone["data"]["compounds"]["totalCount"] == 5
    person = ask(http, "wang", '{ node(id: "X1") { id name } }', tokens=tokens).json()
    assert person["data"]["node"] is None
    text = ask(http, "wang", '{ node(id: "P1") { id name tieCount } }', tokens=tokens).text
    for name in ("张伟", "李娜", "孙丽"):
        assert name not in text


def test_a_node_outside_the_scope_is_not_found(http: GraphQLClient, tokens: dict[str, str]) -> None:
    assert ask(http, "li", '{ node(id: "K1") { id } }', tokens=tokens).json()["data"]["node"] is None
    assert ask(http, "li", '{ node(id: "K5") { id } }', tokens=tokens).json()["data"]["node"] == {"id": "K5"}
    assert ask(http, "li", '{ node(id: "X1") { id } }', tokens=tokens).json()["data"]["node"] is None
    assert ask(http, "li", '{ node(id: "X8") { id } }', tokens=tokens).json()["data"]["node"] == {"id": "X8"}
    listed = ask(http, "li", '{ compounds(within: "S1") { totalCount } }', tokens=tokens).json()
    assert listed["errors"][0]["extensions"]["code"] == "NOT_FOUND" or listed["data"] is None
    network = ask(http, "li", '{ coverageGaps(kind: COMPOUND_NO_PARTY_ORGANIZATION, areaId: "M1") { totalCount } }',
                  tokens=tokens).json()
    missing = ask(http, "li", '{ coverageGaps(kind: COMPOUND_NO_PARTY_ORGANIZATION, areaId: "nowhere") { totalCount } }',
                  tokens=tokens).json()
    assert network["errors"][0]["message"] == missing["errors"][0]["message"].replace("nowhere", "M1")
    chain = ask(http, "li", '{ crossAppointmentChains(fromId: "P1", toId: "P2") { chains { hops } } }',
                tokens=tokens).json()
    assert chain["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_no_chain_passes_through_an_organisation_outside_the_scope(http: GraphQLClient,
                                                                   tokens: dict[str, str]) -> None:
    document = ('{ crossAppointmentChains(fromId: "P5", toId: "P2", asOf: "2024-06-01", maxHops: 4) '
                '{ chains { hops nodes { id } } } }')
    whole = ask(http, "chen", document, tokens=tokens).json()["data"]["crossAppointmentChains"]["chains"]
    assert [[n["id"] for n in c["nodes"]] for c in whole] == [["P5", "X6", "P7", "X7", "P2"]]
    street = ask(http, "zhou", document, tokens=tokens).json()
    assert street["data"]["crossAppointmentChains"]["chains"] == []


def test_a_count_of_people_across_areas_counts_only_posts_inside_the_scope(http: GraphQLClient,
                                                                          tokens: dict[str, str]) -> None:
    document = ('{ crossAppointments(asOf: "2024-06-01") { totalCount edges { node { person { id } } } } }')
    whole = ask(http, "chen", document, tokens=tokens).json()["data"]["crossAppointments"]
    street = ask(http, "zhou", document, tokens=tokens).json()["data"]["crossAppointments"]
    assert {"X6", "X8"} <= {e["node"]["person"]["id"] for e in whole["edges"]}
    assert not {"X6", "X7", "X8"} & {e["node"]["person"]["id"] for e in street["edges"]}
    assert street["totalCount"] < whole["totalCount"]


# --- personal values and the audit trail -------------------------------------------------------------------
PERSONAL = '{ personalData(ids: ["X8"]) { id values { property value masked } } }'


def test_personal_values_are_masked_unless_permitted_and_purposeful_and_then_audited(
        http: GraphQLClient, tokens: dict[str, str]) -> None:
    masked = ask(http, "li", PERSONAL, tokens=tokens).json()["data"]["personalData"][0]["values"]
    assert {v["property"]: v["value"] for v in masked} == {"phone": "136****5432", "id_number": "510603********123X"}
    clear = ask(http, "li", PERSONAL, tokens=tokens, headers=PURPOSE).json()["data"]["personalData"][0]["values"]
    assert {v["property"]: (v["value"], v["masked"]) for v in clear}["phone"] == ("13698765432", False)
    short = ask(http, "li", PERSONAL, tokens=tokens, headers={"X-Govgraph-Purpose": "x"})
    assert short.status_code == 400 and short.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    planner = ask(http, "wang", '{ personalData(ids: ["PC1", "X1"]) { values { value masked } } }',
                  tokens=tokens, headers=PURPOSE).json()["data"]["personalData"]
    assert planner == [{"values": [{"value": "138****0000", "masked": True}]}, None]
    flush(http)
    events = [e for e in AuditTrail().show(user="li") if e["revealed"]]
    assert events[-1]["revealed"] == ["Person.id_number", "Person.phone"]
    assert events[-1]["purpose"] == PURPOSE["X-Govgraph-Purpose"] and events[-1]["entities"] == 1
    assert events[-1]["scope"] == "D2" and events[-1]["role"] == "analyst"


def test_every_request_is_audited_with_redacted_variables_and_an_edit_is_caught(
        http: GraphQLClient, tokens: dict[str, str], home: Any) -> None:
    ask(http, "chen", "query Find($text: String!) { search(text: $text) { totalCount } }",
        {"text": "张伟 13900000001"}, tokens=tokens)
    flush(http)
    last = list(AuditTrail().show(user="chen"))[-1]
    assert last["operation"] == "Find" and last["variables"] == {"text": "张伟 [redacted]"}
    command = [sys.executable, "-m", "govgraph", "audit", "verify"]
    assert subprocess.run(command, capture_output=True, text=True).returncode == 0
    path = home / "audit" / "audit.jsonl"
    lines = path.read_bytes().splitlines(keepends=True)
    edited = json.loads(lines[0])
    edited["entities"] = 999
    original = path.read_bytes()
    path.write_bytes(json.dumps(edited).encode() + b"\n" + b"".join(lines[1:]))
    try:
        result = subprocess.run(command, capture_output=True, text=True)
        assert result.returncode == 1 and "1" in result.stdout + result.stderr
    finally:
        path.write_bytes(original)


# --- hostile clients --------------------------------------------------------------------------------------
def test_area_wide_questions_are_limited_per_identity_with_429(neo4j_conn: Any, city: None, store: AccountStore,
                                                               tokens: dict[str, str]) -> None:
    limiter = AreaWideLimiter(concurrency=2, per_minute=8)
    document = "{ coverageGaps(kind: COMPOUND_NO_PARTY_ORGANIZATION) { totalCount } }"
    with api_client(_app(neo4j_conn, store, limiter=limiter)) as client:
        statuses = [ask(client, "chen", document, tokens=tokens, headers={"Cache-Control": "no-cache"})
                    for _ in range(3)]
        assert [r.status_code for r in statuses] == [200, 200, 429]
        assert int(statuses[-1].headers["retry-after"]) >= 1
        assert statuses[-1].json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert ask(client, "zhou", document, tokens=tokens).status_code == 200  # another identity is not held up


NEIGHBOURS = "query Around($id: ID!) { neighborhood(id: $id, depth: 2) { nodes { id kind } edges { source target } } }"


def test_a_neighbourhood_keeps_to_the_scope_and_the_roles_families(http: GraphQLClient,
                                                                   tokens: dict[str, str]) -> None:
    around = ask(http, "li", NEIGHBOURS, {"id": "P8"}, tokens=tokens).json()["data"]["neighborhood"]
    ids = {n["id"] for n in around["nodes"]}
    assert {"P8", "X8", "M4"} <= ids and "P1" not in ids
    assert all(e["source"] in ids and e["target"] in ids for e in around["edges"])
    whole = ask(http, "chen", NEIGHBOURS, {"id": "P8"}, tokens=tokens).json()["data"]["neighborhood"]
    assert "P1" in {n["id"] for n in whole["nodes"]}
    outside = ask(http, "li", NEIGHBOURS, {"id": "P1"}, tokens=tokens).json()
    assert outside["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    planner = ask(http, "wang", NEIGHBOURS, {"id": "P1"}, tokens=tokens)
    no_internals(planner)
    assert "Person" not in {n["kind"] for n in planner.json()["data"]["neighborhood"]["nodes"]}


def test_a_tie_to_a_node_outside_the_scope_is_not_shown(http: GraphQLClient, tokens: dict[str, str]) -> None:
    document = '{ node(id: "X8") { ... on Person { posts { totalCount edges { node { id } } } } } }'
    inside = ask(http, "li", document, tokens=tokens).json()["data"]["node"]["posts"]
    assert [e["node"]["id"] for e in inside["edges"]] == ["P8"] and inside["totalCount"] == 1
    whole = ask(http, "chen", document, tokens=tokens).json()["data"]["node"]["posts"]
    assert {e["node"]["id"] for e in whole["edges"]} == {"P1", "P8"}
    # the field's aggregates count what its pages show, and no more
    counted = '{ node(id: "X8") { ... on Person { posts { aggregate { count } groupBy(by: KIND) { aggregate { count } } } } } }'
    assert ask(http, "li", counted, tokens=tokens).json()["data"]["node"]["posts"]["aggregate"]["count"] == 1
    assert ask(http, "chen", counted, tokens=tokens).json()["data"]["node"]["posts"]["aggregate"]["count"] == 2
    # and so do a scoped list's and a scoped search's
    listed = ask(http, "li", '{ partyOrganizations { totalCount aggregate { count } } '
                             'search(text: "社区党委") { totalCount aggregate { count } } }', tokens=tokens).json()["data"]
    assert listed["partyOrganizations"]["aggregate"]["count"] == listed["partyOrganizations"]["totalCount"]
    assert listed["search"]["aggregate"]["count"] == listed["search"]["totalCount"] == 1


def test_a_question_beyond_the_identitys_concurrency_waits_then_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    from api import ratelimit

    monkeypatch.setattr(ratelimit, "QUEUE_WAIT", 0.2)

    async def main() -> list[str]:
        limiter = AreaWideLimiter(concurrency=1, per_minute=1000)
        seen: list[str] = []

        async def ask_one(name: str, hold: float) -> None:
            try:
                async with limiter.slot("chen"):
                    seen.append(name)
                    await asyncio.sleep(hold)
            except ratelimit.Limited:
                seen.append(f"{name} refused")

        await asyncio.gather(ask_one("first", 0.05), ask_one("second", 0.0))  # the second waits its turn
        await asyncio.gather(ask_one("long", 0.5), ask_one("late", 0.0))  # … but not for ever
        async with limiter.slot("zhou"):
            seen.append("another identity")
        return seen

    assert asyncio.run(main()) == ["first", "second", "long", "late refused", "another identity"]


def test_search_finds_only_what_lies_inside_the_scope(http: GraphQLClient, tokens: dict[str, str]) -> None:
    document = '{ search(text: "社区党委", first: 20) { totalCount edges { node { id } } } }'
    whole = ask(http, "chen", document, tokens=tokens).json()["data"]["search"]
    assert {"P7", "P8"} <= {e["node"]["id"] for e in whole["edges"]}
    inside = ask(http, "li", document, tokens=tokens).json()["data"]["search"]
    assert [e["node"]["id"] for e in inside["edges"]] == ["P8"] and inside["totalCount"] == 1


def test_co_builders_keep_to_the_scope(http: GraphQLClient, tokens: dict[str, str]) -> None:
    document = ('{ coBuilders(organizationId: "P1", asOf: "2024-06-01", first: 50) '
                '{ totalCount edges { node { id } } } }')
    whole = ask(http, "chen", document, tokens=tokens).json()["data"]["coBuilders"]
    assert "P8" in {e["node"]["id"] for e in whole["edges"]}  # 孙丽 serves in P8 (罗江) and P1 (旌阳)
    street = ask(http, "zhou", document, tokens=tokens).json()["data"]["coBuilders"]
    assert "P8" not in {e["node"]["id"] for e in street["edges"]}
    assert street["totalCount"] == len(street["edges"]) == whole["totalCount"] - 1
    outside = ask(http, "li", document, tokens=tokens).json()
    assert outside["data"]["coBuilders"] is None and outside["errors"][0]["extensions"]["code"] == "NOT_FOUND"
