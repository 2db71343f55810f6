"""What access control costs per request (issue 12: < 1 ms for a token, < 10 % for a scoped area-wide question).

On a loaded city (the demo: `govgraph demo --no-serve` first), in process over ASGI, alternating sides:

- **token check**: `Authenticator.identify("Bearer ggt_…")` alone (the account file cached);
- **light request**: `{ districts(first: 1) { totalCount } }` with `--no-auth` vs with a token (authentication,
  the role's schema, the audit line — whose fsync is most of it — included);
- **scoped area-wide question**: `coverageGaps` of a district, computed afresh (`Cache-Control: no-cache`),
  asked by a whole-city analyst naming the district vs an analyst scoped to it (the scope's checks and the
  `$scope` parameter included);
- **scoped list**: `compounds(within: district) { totalCount }` whole-city vs the same through the scope.

Accounts live in a throwaway GOVGRAPH_HOME. Prints p50/p95 (ms) per side and the overhead. Measured, never asserted.

    .venv/bin/python -m bench.auth_bench [--iterations 100]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from typing import Any

import httpx

from api.app import create_app
from api.auth import Authenticator
from api.config import ApiSettings
from api.ratelimit import AreaWideLimiter
from bench.stats import latency_summary
from graph.access.accounts import AccountStore
from graph.store import db

LIGHT = "{ districts(first: 1) { totalCount } }"
GAPS = "query Gaps($area: ID) { coverageGaps(kind: COMPOUND_NO_PARTY_ORGANIZATION, areaId: $area) { totalCount } }"
LIST = "query Compounds($area: ID) { compounds(within: $area) { totalCount } }"


async def _timed(client: httpx.AsyncClient, token: str | None, query: str, variables: dict[str, Any],
                 fresh: bool = False) -> float:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if fresh:
        headers["Cache-Control"] = "no-cache"
    began = time.perf_counter()
    response = await client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    took = time.perf_counter() - began
    body = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise RuntimeError(f"{query}: {response.status_code} {body}")
    return took


async def run(conn: Any, iterations: int) -> dict[str, Any]:
    driver = db.async_driver(conn)
    try:
        rows = await driver.execute_query("MATCH (d:District) RETURN d.id AS id ORDER BY id LIMIT 1",
                                          database_=conn.database)
    finally:
        await driver.close()
    if not rows.records:
        raise RuntimeError("no district: load the demo first (govgraph demo --no-serve)")
    district = rows.records[0]["id"]
    store = AccountStore()
    store.add_user("whole", "analyst")
    store.add_user("scoped", "analyst", area=district)
    whole, scoped = store.create_token("whole")[0], store.create_token("scoped")[0]

    auth = Authenticator(store, verifier=None)
    auth.identify(f"Bearer {whole}")
    checks = []
    for _ in range(iterations * 10):
        began = time.perf_counter()
        auth.identify(f"Bearer {whole}")
        checks.append(time.perf_counter() - began)

    settings = ApiSettings(production=True, request_timeout=120)
    limiter = AreaWideLimiter(concurrency=100, per_minute=10_000_000)
    apps = {"no-auth": create_app(conn, settings, Authenticator(no_auth=True), limiter),
            "token": create_app(conn, settings, auth, limiter)}
    samples: dict[str, list[float]] = {k: [] for k in ("light no-auth", "light token", "gaps whole", "gaps scoped",
                                                       "list whole", "list scoped")}
    async with apps["no-auth"].router.lifespan_context(apps["no-auth"]), \
            apps["token"].router.lifespan_context(apps["token"]):
        plain = httpx.AsyncClient(transport=httpx.ASGITransport(app=apps["no-auth"]), base_url="http://b")
        authed = httpx.AsyncClient(transport=httpx.ASGITransport(app=apps["token"]), base_url="http://b")
        async with plain, authed:
            for warm in range(3):
                await _timed(plain, None, LIGHT, {})
                await _timed(authed, whole, GAPS, {"area": district}, fresh=True)
                await _timed(authed, scoped, GAPS, {}, fresh=True)
                del warm
            for _ in range(iterations):
                samples["light no-auth"].append(await _timed(plain, None, LIGHT, {}))
                samples["light token"].append(await _timed(authed, whole, LIGHT, {}))
                samples["gaps whole"].append(await _timed(authed, whole, GAPS, {"area": district}, fresh=True))
                samples["gaps scoped"].append(await _timed(authed, scoped, GAPS, {}, fresh=True))
                samples["list whole"].append(await _timed(authed, whole, LIST, {"area": district}))
                samples["list scoped"].append(await _timed(authed, scoped, LIST, {}))
    result = {"district": district, "token check": latency_summary(checks)}
    result.update({name: latency_summary(values) for name, values in samples.items()})
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=100, help="timed requests per side")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as home:
        previous = os.environ.get("GOVGRAPH_HOME")
        try:
            result = asyncio.run(_with_home(home, args.iterations))
        except RuntimeError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        finally:
            if previous is None:
                os.environ.pop("GOVGRAPH_HOME", None)
            else:
                os.environ["GOVGRAPH_HOME"] = previous
    print(f"district {result.pop('district')}; p50 / p95 in ms")
    for name, summary in result.items():
        print(f"  {name:14} {summary['p50_ms']:9.3f} {summary['p95_ms']:9.3f}")
    for what, a, b in (("authentication", "light no-auth", "light token"), ("scoping (gaps)", "gaps whole",
                       "gaps scoped"), ("scoping (list)", "list whole", "list scoped")):
        base, other = result[a]["p50_ms"], result[b]["p50_ms"]
        print(f"{what}: +{other - base:.3f} ms p50 ({(other / base - 1) * 100:+.1f} %)")
    return 0


async def _with_home(home: str, iterations: int) -> dict[str, Any]:
    # Neo4j is govgraph's own (GOVGRAPH_HOME's) unless NEO4J_URI says otherwise: found first, then the accounts
    # and the audit trail move to a throwaway home (the real trail gets no bench lines).
    conn = db.connection()
    os.environ["GOVGRAPH_HOME"] = home
    return await run(conn, iterations)


if __name__ == "__main__":
    raise SystemExit(main())
