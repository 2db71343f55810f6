"""The FastAPI application: GraphQL at /graphql, health at /healthz.

One async Neo4j driver per process, made in the lifespan (the schema is
applied then too); each request gets a `Context` (api/context.py) with its
own deadline. `GOVGRAPH_ENV=production` turns off GraphiQL and introspection
and masks unexpected errors; `GOVGRAPH_REQUEST_TIMEOUT` (seconds, default 10)
bounds each request, in Python and as Neo4j's transaction timeout; `GOVGRAPH_ANSWER_CACHE` (default 256)
is how many area-wide answers the process keeps per graph version (api/answers.py), and a request sent
with `Cache-Control: no-cache` is computed afresh; `GOVGRAPH_AREA_WIDE_CONCURRENCY` (default 2, 0: no limit)
is how many area-wide questions are computed at once, the others waiting their turn;
`GOVGRAPH_SHARED_ANSWERS` (a folder; `govgraph serve` sets it) shares the area-wide and analysis answers
between the worker processes of one machine, so each is computed once, not once per worker
(graph/analysis/shared.py).

Access (docs/access.md, api/access.py): every request but /healthz, the explorer's static files and
`POST /auth/login` needs `Authorization: Bearer <token>`; without one it is answered 401 with a GraphQL
error coded UNAUTHENTICATED and `WWW-Authenticate` (RFC 6750). The identity is on the `Context`; its role
picks the schema the request is validated and run against (api/role_schema.py); `X-Govgraph-Purpose` states
why personal values are read unmasked; every request is appended to the audit trail; `client` identities run
persisted documents only (Apollo's `extensions.persistedQuery.sha256Hash`); area-wide questions are limited
per identity (api/ratelimit.py: 429 with `Retry-After`).
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from neo4j import AsyncDriver
from neo4j.exceptions import Neo4jError, ServiceUnavailable
from starlette.routing import Route

from api import heap, static
from api.answers import AnswerCache
from api.auth import Authenticator, no_auth_from_env
from api.config import ApiSettings
from api.context import Context
from api.endpoint import AuditQueue, AuthRefused, Endpoint
from api.errors import ApiError
from api.guard import BodyLimit, SecurityHeaders, error_response
from api.loading import load_nodes
from api.ratelimit import AreaWideLimiter
from api.role_schema import role_schemas
from api.schema import build_schema
from graph.access import masking
from graph.access.audit import AuditTrail
from graph.access.persisted import PersistedQueries
from graph.analysis import analyst
from graph.analysis.shared import SharedAnswers
from graph.errors import BadInput, Unauthenticated
from graph.store import db, schema
from graph.store.settings import Connection

log = logging.getLogger("govgraph.api")
HEALTH_TIMEOUT = 3.0  # seconds /healthz waits for Neo4j
SCHEMA_WAIT = 10.0  # seconds the start waits for the schema to be applied before serving anyway
PURPOSE_HEADER = "x-govgraph-purpose"


def _apply_schema(conn: Connection) -> None:
    with db.driver(conn) as drv:
        drv.verify_connectivity()  # fails at once when nothing answers (apply's queries would retry for 30 s)
        schema.apply(drv, conn.database)


def create_app(conn: Connection | None = None, settings: ApiSettings | None = None,
               authenticator: Authenticator | None = None, limiter: AreaWideLimiter | None = None,
               serving: bool = False) -> FastAPI:
    """The API for `conn` (default: graph.db.connection without starting a server), `settings` (default: env),
    `authenticator` (default: GOVGRAPH_HOME's accounts, and OIDC when configured; `Authenticator(no_auth=True)`
    for --no-auth) and `limiter` (per-identity limits of area-wide questions; default from the environment).
    `serving`: this app is the process's one app for its life (api/server.py), so its start-up objects are
    frozen out of the garbage collector's walks (api/heap.py); never for apps made and dropped, as in tests."""
    settings = settings or ApiSettings.from_env()
    auth = authenticator or Authenticator(no_auth=no_auth_from_env())
    limiter = limiter or AreaWideLimiter.from_env()
    login_limiter = LoginLimiter()
    state: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        connection = conn or db.connection(autostart=False)
        state["conn"] = connection
        try:
            # The driver retries an unreachable server for 30 s; starting to serve need not wait that long.
            await asyncio.wait_for(asyncio.to_thread(_apply_schema, connection), SCHEMA_WAIT)
        except (ServiceUnavailable, Neo4jError, OSError, TimeoutError) as error:
            # Serve anyway: /healthz says Neo4j is down, and queries say so, until it answers.
            log.warning("could not apply the schema on %s: %s", connection.uri, error or "no answer")
        driver = db.async_driver(connection)
        state["driver"] = driver
        if serving:
            heap.settle()
        try:
            yield
        finally:
            await audit.flush()  # every answered request's line written before the process goes
            await driver.close()

    answers = AnswerCache(settings.answer_cache, settings.area_wide_concurrency)
    if settings.shared_answers:  # `govgraph serve`: the workers of this machine compute each answer once
        answers.kept.shared = analyst.CACHE.shared = SharedAnswers(Path(settings.shared_answers))

    async def get_context(request: Request) -> Context:
        driver: AsyncDriver = state["driver"]
        refresh = "no-cache" in request.headers.get("cache-control", "").lower()
        identity = None
        if not _ide_page(request, settings.production):  # GraphiQL's page itself is static; its queries are not
            try:
                identity = auth.from_headers(request.headers)
            except Unauthenticated as error:
                raise AuthRefused(error) from None
        try:
            purpose = masking.purpose(request.headers.get(PURPOSE_HEADER))
        except BadInput as error:
            raise AuthRefused(error, status=400) from None
        return Context(driver, state["conn"].database, settings, answers, refresh, load_nodes=load_nodes,
                       identity=identity, purpose=purpose, limiter=limiter)

    full = build_schema(settings.production)
    graphql = Endpoint(full, context_getter=get_context, graphql_ide=None if settings.production else "graphiql")
    graphql.production = settings.production
    graphql.roles = role_schemas(full)
    graphql.persisted = PersistedQueries()
    graphql.audit = audit = AuditQueue(AuditTrail())
    app = FastAPI(title="govgraph", lifespan=lifespan,
                  description="The grassroots governance network of a city (the Deyang model), in Neo4j: "
                              "GraphQL at /graphql, health at /healthz, the explorer at /.",
                  docs_url=None if settings.production else "/docs",
                  redoc_url=None, openapi_url=None if settings.production else "/openapi.json")
    app.router.routes.append(Route("/graphql", graphql))  # before the explorer's "/"; any method: the view codes a 405
    static.mount(app)  # the explorer at /, offline (api/static.py)
    # Outermost last: the body limit sees a request first, the security headers every response.
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type", "Cache-Control", "X-Govgraph-Purpose"],
                           max_age=600)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    app.state.answers = answers  # its hit counts, for tests and the benchmark
    app.state.audit = audit  # `await app.state.audit.flush()`: every queued audit line written

    @app.get("/healthz", summary="Whether Neo4j answers")
    async def healthz() -> JSONResponse:
        driver: AsyncDriver = state["driver"]
        context = Context(driver, state["conn"].database, ApiSettings(settings.production, HEALTH_TIMEOUT))
        try:
            rows = await context.reader.query("ping")
        except (ApiError, Neo4jError, OSError) as error:
            reason = str(error) if isinstance(error, ApiError) else "Neo4j does not answer"
            return JSONResponse({"status": "unavailable", "neo4j": "down", "error": reason}, status_code=503)
        row = rows[0]
        return JSONResponse({"status": "ok", "neo4j": "up", "version": row["version"], "edition": row["edition"],
                             "graphVersion": row["graphVersion"]})

    @app.post("/auth/login", summary="A short-lived token for a user name and password (the explorer's login)")
    async def login(request: Request) -> Response:
        client = request.client.host if request.client else "?"
        wait = login_limiter.wait(client)
        if wait:
            response = error_response(429, f"too many login attempts; try again in {wait} s", "RATE_LIMITED")
            response.headers["Retry-After"] = str(wait)
            return response
        try:
            body = await request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("user"), str) \
                or not isinstance(body.get("password"), str):
            return error_response(400, "send a JSON object with `user` and `password`", "BAD_REQUEST")
        try:
            token, identity = await asyncio.to_thread(auth.accounts.login, body["user"], body["password"])
        except (Unauthenticated, BadInput):
            login_limiter.failed(client)
            refused = Unauthenticated("the user name or password is not right")
            return AuthRefused(refused).response()
        return JSONResponse({"token": token, "user": identity.subject, "role": identity.role.name,
                             "area": identity.area}, headers={"Cache-Control": "no-store"})

    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> JSONResponse:  # outside GraphQL: plain JSON
        return JSONResponse({"error": str(error), "code": error.code}, status_code=400)

    return app


def _ide_page(request: Request, production: bool) -> bool:
    """Whether this is a browser asking for GraphiQL's page (GET, HTML, no query) in development."""
    return (not production and request.method == "GET" and "query" not in request.query_params
            and "text/html" in request.headers.get("accept", ""))


class LoginLimiter:
    """At most FAILURES failed logins per client address a minute; then it waits the rest of the minute."""

    FAILURES = 10
    WINDOW = 60.0

    def __init__(self) -> None:
        self._failures: dict[str, list[float]] = {}

    def _recent(self, client: str) -> list[float]:
        import time
        now = time.monotonic()
        kept = [t for t in self._failures.get(client, ()) if now - t < self.WINDOW]
        if kept:
            self._failures[client] = kept
        else:
            self._failures.pop(client, None)
        return kept

    def wait(self, client: str) -> int:
        import time
        recent = self._recent(client)
        if len(recent) < self.FAILURES:
            return 0
        return max(1, int(self.WINDOW - (time.monotonic() - recent[0])) + 1)

    def failed(self, client: str) -> None:
        import time
        self._failures.setdefault(client, []).append(time.monotonic())
