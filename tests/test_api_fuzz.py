"""A bounded fuzz of the live API with hypothesis-graphql: valid and invalid documents for every root field of
every role's schema, sent through HTTP with that role's token, on the small city of tests/test_api_access.py.

No answer may be a 5xx or show an internal detail (a Python traceback, a file path, a Neo4j class). The run
is bounded (BUDGET seconds in all, a few documents per field and mode) and prints what it sent:
documents, answers by status, time-outs.
"""
from __future__ import annotations

import time
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis_graphql import Mode, from_schema, nodes

from api.ratelimit import AreaWideLimiter
from api.role_schema import role_schemas
from api.schema import build_schema
from tests.test_api_access import (  # noqa: F401 — fixtures
    INTERNALS,
    _app,
    city,
    clock,
    home,
    store,
    tokens,
)
from tests.test_api_support import api_client

BUDGET = 70.0  # seconds for the whole fuzz (a guard: at ~9 documents a second every field is reached first)
PER_FIELD = {Mode.POSITIVE: 2, Mode.NEGATIVE: 1}
WHO = {"auditor": "audit", "client": "dash", "planner": "wang", "analyst": "zhou", "admin": "admin"}
SCALARS = {
    "Date": st.dates().map(lambda d: nodes.String(d.isoformat())),
    "DateTime": st.datetimes().map(lambda d: nodes.String(d.isoformat() + "+08:00")),
    "JSON": st.just(nodes.String("{}")),
}


def _fuzz(client: Any, role: str, token: str, strategy: Any, examples: int, sent: Counter[str],
          statuses: Counter[int]) -> int:
    """Send `examples` documents of `strategy` as `role`; the number of time-outs among the answers."""
    timeouts = 0

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(document=strategy)
    def send(document: Any) -> None:
        nonlocal timeouts
        response = client.post("/graphql", json={"query": str(document)}, headers={"Authorization": f"Bearer {token}"})
        sent[role] += 1
        statuses[response.status_code] += 1
        assert response.status_code < 500, (role, document, response.text)
        for word in INTERNALS:
            assert word not in response.text, (role, document, response.text)
        if '"TIMEOUT"' in response.text:
            timeouts += 1

    try:
        send()
    except InvalidArgument:  # NEGATIVE mode on a field with nothing to violate (no required argument)
        pass
    return timeouts


def test_no_document_gives_a_5xx_or_an_internal_detail(neo4j_conn: Any, city: None, store: Any,
                                                       tokens: dict[str, str]) -> None:
    schemas = role_schemas(build_schema(False))
    sent: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    timeouts = 0
    began = time.monotonic()
    limiter = AreaWideLimiter(concurrency=4, per_minute=100_000)
    with api_client(_app(neo4j_conn, store, limiter=limiter)) as client:
        for role, who in WHO.items():
            schema, token = schemas[role], tokens[who]
            for field in sorted(schema._schema.query_type.fields):
                for mode, examples in PER_FIELD.items():
                    if time.monotonic() - began > BUDGET:
                        break
                    strategy = from_schema(schema._schema, fields=[field], custom_scalars=SCALARS, mode=mode,
                                           allow_x00=False)

                    timeouts += _fuzz(client, role, token, strategy, examples, sent, statuses)
    print(f"\nfuzz: {sum(sent.values())} documents in {time.monotonic() - began:.1f} s, by role {dict(sent)}; "
          f"answers by HTTP status {dict(statuses)}; 5xx: 0; time-outs: {timeouts}")
    assert sum(sent.values()) >= 100
    assert set(sent) == set(WHO)


@pytest.mark.parametrize("size", [60_000])
def test_a_large_document_does_not_stall_healthz(neo4j_conn: Any, city: None, store: Any,
                                                 tokens: dict[str, str], size: int) -> None:
    import anyio

    document = "{ " + " ".join(f"a{i}: __typename" for i in range(size // 16)) + " }"
    document = document[:size - 2] + " }" if len(document) > size else document
    app = _app(neo4j_conn, store)
    from tests.test_api_support import serving

    async def main() -> tuple[float, int]:
        async with serving(app) as c:
            headers = {"Authorization": f"Bearer {tokens['zhou']}"}
            big = [c.post("/graphql", json={"query": document}, headers=headers) for _ in range(4)]
            async with anyio.create_task_group() as group:
                answers: list[int] = []

                async def post(request: Any) -> None:
                    answers.append((await request).status_code)

                for request in big:
                    group.start_soon(post, request)
                await anyio.sleep(0.01)
                began = time.monotonic()
                health = await c.get("/healthz")
                waited = time.monotonic() - began
            assert all(status < 500 for status in answers), answers
            return waited, health.status_code

    waited, status = anyio.run(main)
    assert status == 200 and waited < 1.0, waited
