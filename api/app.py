"""The FastAPI application: GraphQL at /graphql, health at /healthz.

One async Neo4j driver per process, made in the lifespan (the schema is
applied then too); each request gets a `Context` (api/context.py) with its
own deadline. `GOVGRAPH_ENV=production` turns off GraphiQL and introspection
and masks unexpected errors; `GOVGRAPH_REQUEST_TIMEOUT` (seconds, default 10)
bounds each request, in Python and as Neo4j's transaction timeout; `GOVGRAPH_ANSWER_CACHE` (default 256)
is how many area-wide answers the process keeps per graph version (api/answers.py), and a request sent
with `Cache-Control: no-cache` is computed afresh; `GOVGRAPH_AREA_WIDE_CONCURRENCY` (default 2, 0: no limit)
is how many area-wide questions are computed at once, the others waiting their turn.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse
from graphql import GraphQLError
from neo4j import AsyncDriver
from neo4j.exceptions import Neo4jError, ServiceUnavailable
from strawberry.fastapi import GraphQLRouter
from strawberry.types import ExecutionResult

from api import static
from api.answers import AnswerCache
from api.config import MAX_TOKENS, ApiSettings
from api.context import Context
from api.errors import ApiError
from api.guard import BodyLimit, GuardedRouter, SecurityHeaders
from api.loading import load_nodes
from api.schema import build_schema
from graph.store import db, schema
from graph.store.settings import Connection

log = logging.getLogger("govgraph.api")
HEALTH_TIMEOUT = 3.0  # seconds /healthz waits for Neo4j
SCHEMA_WAIT = 10.0  # seconds the start waits for the schema to be applied before serving anyway


class TimedGraphQLRouter(GraphQLRouter):
    """Cuts every operation off at its request's deadline, answering with a GraphQL error (not a 500)."""

    async def execute_single(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        context: Context = kwargs["context"]
        try:
            async with asyncio.timeout(max(context.reader.remaining(), 0)):
                return await super().execute_single(*args, **kwargs)
        except TimeoutError:
            message = context.reader._timed_out().args[0]
            return ExecutionResult(data=None, errors=[GraphQLError(message, extensions={"code": "TIMEOUT"})])

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return static.graphiql_page()  # GraphiQL bundled at build time (api/static.py), not strawberry's CDN page


class Router(GuardedRouter, TimedGraphQLRouter):
    """The GraphQL endpoint: coded refusals and errors (api/guard.py) around the timed execution."""

    max_tokens = MAX_TOKENS


def _apply_schema(conn: Connection) -> None:
    with db.driver(conn) as drv:
        drv.verify_connectivity()  # fails at once when nothing answers (apply's queries would retry for 30 s)
        schema.apply(drv, conn.database)


def create_app(conn: Connection | None = None, settings: ApiSettings | None = None) -> FastAPI:
    """The API for `conn` (default: graph.db.connection without starting a server) and `settings` (default: env)."""
    settings = settings or ApiSettings.from_env()
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
        try:
            yield
        finally:
            await driver.close()

    answers = AnswerCache(settings.answer_cache, settings.area_wide_concurrency)

    async def get_context(request: Request) -> Context:
        driver: AsyncDriver = state["driver"]
        refresh = "no-cache" in request.headers.get("cache-control", "").lower()
        return Context(driver, state["conn"].database, settings, answers, refresh, load_nodes=load_nodes)

    graphql = Router(build_schema(settings.production), context_getter=get_context,
                     graphql_ide=None if settings.production else "graphiql")
    graphql.production = settings.production
    app = FastAPI(title="govgraph", lifespan=lifespan,
                  description="The grassroots governance network of a city (the Deyang model), in Neo4j: "
                              "GraphQL at /graphql, health at /healthz, the explorer at /.",
                  docs_url=None if settings.production else "/docs",
                  redoc_url=None, openapi_url=None if settings.production else "/openapi.json")
    app.include_router(graphql, prefix="/graphql")
    static.mount(app)  # the explorer at /, offline (api/static.py)
    # Outermost last: the body limit sees a request first, the security headers every response.
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type", "Cache-Control"], max_age=600)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    app.state.answers = answers  # its hit counts, for tests and the benchmark

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

    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> JSONResponse:  # outside GraphQL: plain JSON
        return JSONResponse({"error": str(error), "code": error.code}, status_code=400)

    return app
