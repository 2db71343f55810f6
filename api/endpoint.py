"""The GraphQL endpoint at /graphql: strawberry's ASGI view with the API's context, deadline, access checks
and audit (api/app.py mounts it; docs/access.md).

- `TimedGraphQL`: strawberry's ASGI view, its context made by the app's `context_getter`, every operation cut
  off at its request's deadline (a TIMEOUT error, not a 500), GraphiQL served from the bundle.
- `AccessView`: the identity's role picks the schema the request runs against (api/role_schema.py);
  persisted documents by hash (Apollo's protocol; `client` identities run only those); the 429 of a
  rate-limited area-wide question; the audit line of every request (`AuditQueue`).
- `Endpoint`: the above inside api/guard.py's coded refusals.
- `AuthRefused`: a request without a valid identity (or with a malformed purpose), answered before anything
  runs.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse
from graphql import GraphQLError
from strawberry.asgi import GraphQL
from strawberry.types import ExecutionResult

from api import static
from api.access import count_entities
from api.auth import challenge
from api.config import MAX_TOKENS
from api.context import Context
from api.guard import GuardedView, error_response
from api.ratelimit import Limited
from graph.access.audit import QUERY, AuditTrail
from graph.access.persisted import PersistedQueries, document_hash
from graph.access.roles import PERSISTED_ONLY
from graph.errors import GovgraphError, Unauthenticated

log = logging.getLogger("govgraph.api")
PERSISTED_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
PERSISTED_REQUIRED = "PERSISTED_QUERY_REQUIRED"
_role_schema: ContextVar[Any] = ContextVar("govgraph_role_schema", default=None)


class AuditQueue:
    """The requests' audit lines, appended in batches off the event loop: one lock and one fsync a batch.

    A request only queues its line (its entry is made, redacted and timed, at once); a writer task appends
    whatever is queued, then what came meanwhile. So an audited request costs microseconds, not the ~15 ms
    of a synchronous, fsynced append; a crash loses at most the batch being written. `flush()` waits for
    every queued line (the app's shutdown calls it; tests too).
    """

    def __init__(self, trail: AuditTrail) -> None:
        self.trail = trail
        self.pending: list[dict[str, Any]] = []
        self.task: asyncio.Task[None] | None = None

    def add(self, entry: dict[str, Any]) -> None:
        self.pending.append(entry)
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._drain())

    async def _drain(self) -> None:
        while self.pending:
            batch, self.pending = self.pending, []
            try:
                await asyncio.to_thread(self.trail.append, batch)
            except OSError as error:  # an operator's alarm, not a client's error
                log.error("could not write %d line(s) to the audit trail: %s", len(batch), error)

    async def flush(self) -> None:
        while self.task is not None and not self.task.done():
            await asyncio.shield(self.task)


class AuthRefused(Exception):
    """A request without a valid identity (or with a malformed purpose), answered before anything runs."""

    def __init__(self, error: GovgraphError, status: int = 401) -> None:
        super().__init__(str(error))
        self.error, self.status = error, status

    def response(self) -> JSONResponse:
        headers = challenge(self.error) if self.status == 401 else {}
        response = error_response(self.status, str(self.error), self.error.code)
        response.headers.update(headers)
        return response


class TimedGraphQL(GraphQL):
    """strawberry's ASGI view with the API's context, every operation cut off at its request's deadline.

    The view is the /graphql route itself (a Starlette `Route`), not strawberry's FastAPI router: that router
    builds each request's context through FastAPI's dependency injection, which cost about a fifth of a light
    request's CPU in process (cProfile, an `organizations` page on the demo city) for nothing the API uses.
    `context_getter(request)` makes the `Context`; an `AuthRefused` it raises is answered as its 401 or 400.
    """

    def __init__(self, schema: Any, context_getter: Callable[[Request], Awaitable[Context]], **kwargs: Any) -> None:
        super().__init__(schema, **kwargs)
        self.context_getter = context_getter

    async def get_context(self, request: Any, response: Any) -> Context:
        return await self.context_getter(request)

    async def run(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return await super().run(*args, **kwargs)
        except AuthRefused as refused:
            return refused.response()

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


class AccessView(TimedGraphQL):
    """The identity's schema, persisted documents, the audit record and the 429 of a rate-limited request.

    strawberry runs `self.schema`: here it is the schema of the role of the request under way (a context
    variable set per request), the full one only for what has no identity (GraphiQL's page in development).
    """

    roles: dict[str, Any] = {}
    persisted: PersistedQueries | None = None
    audit: AuditQueue | None = None

    @property
    def schema(self) -> Any:  # type: ignore[override]
        return _role_schema.get() or self._full_schema

    @schema.setter
    def schema(self, value: Any) -> None:
        self._full_schema = value

    async def execute_single(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        context: Context = kwargs["context"]
        data = kwargs["request_data"]
        identity = context.identity
        if identity is None:
            raise AuthRefused(Unauthenticated("this request needs an identity"))
        token = _role_schema.set(self.roles[identity.role.name])
        try:
            refusal = self._persisted(data, identity)
            result = refusal or await super().execute_single(*args, **kwargs)
        finally:
            _role_schema.reset(token)
        limited = [e for e in result.errors or () if isinstance(e.original_error, Limited)]
        if limited:
            sub_response = kwargs["sub_response"]
            sub_response.status_code = 429
            sub_response.headers["Retry-After"] = str(max(e.original_error.retry_after for e in limited))
        if context.identity.method != "no-auth":  # --no-auth: loopback experiments, no identities to audit
            self._audit(context, data, result)
        return result

    def _persisted(self, data: Any, identity: Any) -> ExecutionResult | None:
        """Fill in a persisted document by its hash (Apollo's protocol); a client may run only those."""
        persisted = (data.extensions or {}).get("persistedQuery") if isinstance(data.extensions, dict) else None
        sha = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
        if persisted is not None and not isinstance(sha, str):
            return _refusal("persistedQuery: needs a sha256Hash", "BAD_REQUEST")
        if sha is not None:
            if data.query:
                if document_hash(data.query) != sha.lower():
                    return _refusal("persistedQuery: the sha256Hash is not the hash of the query", "BAD_REQUEST")
            found = self.persisted.get(sha) if self.persisted is not None else None
            if found is None:
                if data.query and not identity.has(PERSISTED_ONLY):
                    return None  # an ordinary document that also names its hash: run it (never registered here)
                return _refusal("PersistedQueryNotFound", PERSISTED_NOT_FOUND)
            data.query = found.document
            return None
        if identity.has(PERSISTED_ONLY):
            return _refusal("this identity may run only registered (persisted) documents: send "
                            "extensions.persistedQuery.sha256Hash", PERSISTED_REQUIRED)
        return None

    def _audit(self, context: Context, data: Any, result: ExecutionResult) -> None:
        if self.audit is None or context.identity is None:
            return
        self.audit.add(self.audit.trail.entry(
            QUERY, context.identity, operation=data.operation_name or _operation(data.query),
            variables=data.variables if isinstance(data.variables, dict) else None,
            entities=count_entities(result.data), revealed=sorted(context.disclosed.revealed),
            purpose=context.purpose, details={"errors": len(result.errors or ())} if result.errors else None))


def _operation(query: str | None) -> str | None:
    """The operation's name, read cheaply from the document's head (`query Name(`), for the audit line."""
    if not query:
        return None
    head = query.lstrip()[:200].split("{", 1)[0].split("(", 1)[0].split()
    return head[1] if len(head) >= 2 and head[0] in ("query", "mutation", "subscription") else None


def _refusal(message: str, code: str) -> ExecutionResult:
    return ExecutionResult(data=None, errors=[GraphQLError(message, extensions={"code": code})])


class Endpoint(GuardedView, AccessView):
    """The GraphQL endpoint: coded refusals and errors (api/guard.py) around the access checks and the timed
    execution."""

    max_tokens = MAX_TOKENS
