"""What a careless or hostile client meets around the GraphQL endpoint: bounded requests, coded errors, no
internals, security headers.

- `BodyLimit` (ASGI): a request body over `max_bytes` is refused with 413 before it is read whole.
- `SecurityHeaders` (ASGI): every response carries a strict Content-Security-Policy (unless the page set its
  own), `nosniff`, no referrer, no framing, same-origin isolation.
- `GuardedView` (a mixin for strawberry's ASGI view): a body that is not a JSON object, an empty
  document, an unsupported content type or method is answered as a GraphQL error with a code and the right
  HTTP status (never a plain-text 400 or a 500); every error in a result gets a code (`code_errors`); in
  production, field suggestions ("Did you mean …?") are dropped and messages that echo a client's input are
  cut short.

Codes are Apollo's: GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_REQUEST, PAYLOAD_TOO_LARGE,
INTERNAL_SERVER_ERROR, and those of graph/errors.py for the API's own errors.
"""
from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from functools import lru_cache
from typing import Any

import orjson
from cross_web import HTTPException
from graphql import GraphQLError, GraphQLSyntaxError
from starlette.responses import JSONResponse
from strawberry.types import ExecutionResult

from api.limits import (
    CACHED_DOCUMENT_CHARS,
    CACHED_DOCUMENTS,
    PARSE_FAILED,
    VALIDATION_FAILED,
    DocumentRefused,
    parse_bounded,
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

BAD_REQUEST = "BAD_REQUEST"
PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
INTERNAL = "INTERNAL_SERVER_ERROR"
MESSAGE_CAP = 300  # characters of an error message in production (graphql-core quotes a client's values)
SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


def error_body(message: str, code: str, **extensions: Any) -> dict[str, Any]:
    """A GraphQL response carrying one error and no data."""
    return {"data": None, "errors": [{"message": message, "extensions": {"code": code, **extensions}}]}


def error_response(status: int, message: str, code: str, **extensions: Any) -> JSONResponse:
    return JSONResponse(error_body(message, code, **extensions), status_code=status)


class BodyLimit:
    """Refuses a request body over `max_bytes` with 413, by its Content-Length or while it streams in."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(scope, receive, send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not started:
                await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(413, f"the request body is larger than {self.max_bytes} bytes",
                                  PAYLOAD_TOO_LARGE, maximum=self.max_bytes)
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass


class SecurityHeaders:
    """Adds the security headers to every HTTP response; a page that sets its own CSP keeps it."""

    def __init__(self, app: ASGIApp, csp: str = API_CSP) -> None:
        self.app = app
        self.csp = csp.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                names = {name.lower() for name, _ in headers}
                headers += [h for h in SECURITY_HEADERS if h[0] not in names]
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", self.csp))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def code_of(error: GraphQLError) -> str:
    """The code an error of a result carries: its own, or what its place in the request says it is."""
    own = (error.extensions or {}).get("code")
    if own:
        return own
    if isinstance(error, GraphQLSyntaxError) or isinstance(error.original_error, GraphQLSyntaxError):
        return PARSE_FAILED
    if error.path is None and error.original_error is None:
        return VALIDATION_FAILED  # found by a validation rule (limits, unknown fields, "Validation aborted.")
    return INTERNAL  # an unexpected failure while executing (masked in production)


def code_errors(formatted: list[dict[str, Any]], errors: list[GraphQLError], production: bool) -> None:
    """Give each formatted error its code; in production, no suggestions and no long echoes of the input."""
    for shown, error in zip(formatted, errors, strict=True):
        shown["extensions"] = {**(shown.get("extensions") or {}), "code": code_of(error)}
        if production:
            message = SUGGESTION.sub("", shown.get("message", ""))
            shown["message"] = message if len(message) <= MESSAGE_CAP else message[:MESSAGE_CAP] + "…"


class Refused(Exception):
    """A request refused before it runs, with the HTTP status and code to answer it with."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class GuardedView:
    """Mix in before strawberry's ASGI view: `class Endpoint(GuardedView, GraphQL)`."""

    production: bool = False
    max_tokens: int = 3000

    def parse_json(self, data: str | bytes) -> Any:
        try:
            parsed = orjson.loads(data)  # nesting past 1,024 levels is a JSONDecodeError, like bad JSON
        except (ValueError, RecursionError):
            raise Refused(400, BAD_REQUEST, "the request body is not valid JSON") from None
        if not isinstance(parsed, dict):
            raise Refused(400, BAD_REQUEST, "the request body must be a JSON object with a `query` (and optional "
                                            "`variables`, `operationName`, `extensions`)")
        return parsed

    def encode_json(self, data: object) -> bytes:
        """The response body: orjson (a tenth of json.dumps' time on a page of nodes), UTF-8 rather than
        \\u escapes; json.dumps for what orjson refuses (an integer past 64 bits)."""
        try:
            return orjson.dumps(data)
        except (TypeError, orjson.JSONEncodeError):
            return json.dumps(data, separators=(",", ":")).encode()

    async def parse_http_body(self, request: Any) -> Any:
        data = await super().parse_http_body(request)  # type: ignore[misc]
        query = getattr(data, "query", None)
        persisted = bool((getattr(data, "extensions", None) or {}).get("persistedQuery"))
        if not persisted and not (isinstance(query, str) and query.strip()):
            raise Refused(400, PARSE_FAILED, "the request has no GraphQL document (`query`)")
        return data

    async def run(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return await super().run(*args, **kwargs)  # type: ignore[misc]
        except Refused as refused:
            return error_response(refused.status, refused.message, refused.code)
        except HTTPException as error:  # strawberry's own refusals: content type, method, batching
            return error_response(error.status_code, error.reason, BAD_REQUEST)

    async def execute_single(self, *args: Any, **kwargs: Any) -> Any:
        """Documents over the token limit, or unparsable, are answered before strawberry parses them."""
        query = getattr(kwargs.get("request_data"), "query", None)
        if isinstance(query, str):
            try:
                _checked(query, self.max_tokens)
            except DocumentRefused as refused:
                return ExecutionResult(data=None, errors=[refused.error])
        return await super().execute_single(*args, **kwargs)  # type: ignore[misc]

    async def process_result(self, request: Any, result: Any) -> Any:
        data = await super().process_result(request, result)  # type: ignore[misc]
        if isinstance(data, dict) and data.get("errors") and result.errors:
            code_errors(data["errors"], list(result.errors), self.production)
        return data


@lru_cache(maxsize=CACHED_DOCUMENTS)
def _checked_small(text: str, max_tokens: int) -> None:
    parse_bounded(text, max_tokens)


def _checked(text: str, max_tokens: int) -> None:
    """Raise DocumentRefused unless `text` parses within `max_tokens`; small documents that pass are remembered."""
    if len(text) <= CACHED_DOCUMENT_CHARS:
        _checked_small(text, max_tokens)
    else:
        parse_bounded(text, max_tokens)
