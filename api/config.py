"""The API's limits and settings, in one place.

Limits protect the server from expensive requests (a public GraphQL endpoint
must assume some clients are careless); each one is named in the error a
client gets when it is exceeded. Settings come from the environment so a
deployment changes them without code.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from graph.store.settings import environment

DEFAULT_PAGE = 20  # `first` when a client does not say
MAX_PAGE = 100  # the largest `first` of any list or connection
MAX_QUERY_DEPTH = 12  # nesting of selections (QueryDepthLimiter)
MAX_ALIASES = 30  # aliases per document (MaxAliasesLimiter)
MAX_TOKENS = 3000  # tokens per document (MaxTokensLimiter)
MAX_HOPS = 6  # people in a cross-appointment chain (12 relationships, the literal cap in its Cypher)
MAX_NEIGHBORHOOD_DEPTH = 3
MAX_NEIGHBORHOOD_NODES = 500
MAX_NETWORK_NODES = 1000  # nodes of a co-building network returned at once
DEFAULT_NETWORK_NODES = 200
MAX_RADIUS_METERS = 50_000.0
DEFAULT_RADIUS_METERS = 1000.0  # the outer edge of the 15-minute walking circle (GB 50180-2018)
MAX_MIN_ORGANIZATIONS = 50
MAX_SEARCH_TEXT = 200  # characters of a search text
DEFAULT_ANSWER_CACHE = 256  # area-wide answers kept (each a page: tens of kB at most)
DEFAULT_AREA_WIDE_CONCURRENCY = 2  # area-wide questions computed at once (api/answers.py: measured best at 2)
DEFAULT_MAX_REQUEST_BYTES = 64 * 1024  # a request body (the largest document the explorer sends is ~3 kB)


@dataclass(frozen=True)
class ApiSettings:
    production: bool
    request_timeout: float  # seconds for a whole request, enforced in Python and as Neo4j's transaction timeout
    answer_cache: int = DEFAULT_ANSWER_CACHE  # area-wide answers kept per graph version (api/answers.py); 0: none
    area_wide_concurrency: int = DEFAULT_AREA_WIDE_CONCURRENCY  # computed at once, the rest queue; 0: no limit
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES  # larger bodies are refused with 413
    cors_origins: tuple[str, ...] = ()  # origins a browser may call the API from; none by default
    shared_answers: str | None = None  # folder where the workers of one machine share area-wide answers

    @classmethod
    def from_env(cls) -> ApiSettings:
        raw = os.environ.get("GOVGRAPH_REQUEST_TIMEOUT", "10")
        try:
            timeout = float(raw)
        except ValueError:
            raise ValueError(f"GOVGRAPH_REQUEST_TIMEOUT must be a number of seconds, got {raw!r}") from None
        if not 0 < timeout <= 600:
            raise ValueError(f"GOVGRAPH_REQUEST_TIMEOUT must be between 0 and 600 seconds, got {timeout}")
        kept = _whole("GOVGRAPH_ANSWER_CACHE", DEFAULT_ANSWER_CACHE, 100_000, "answers", "keep none")
        at_once = _whole("GOVGRAPH_AREA_WIDE_CONCURRENCY", DEFAULT_AREA_WIDE_CONCURRENCY, 1_000, "questions",
                         "no limit")
        body = _whole("GOVGRAPH_MAX_REQUEST_BYTES", DEFAULT_MAX_REQUEST_BYTES, 16 * 1024 * 1024, "bytes",
                      "refuse every body")
        origins = tuple(o.strip() for o in os.environ.get("GOVGRAPH_CORS_ORIGINS", "").split(",") if o.strip())
        if "*" in origins:
            raise ValueError("GOVGRAPH_CORS_ORIGINS must list origins (https://host:port), not '*'")
        return cls(production=environment() == "production", request_timeout=timeout, answer_cache=kept,
                   area_wide_concurrency=at_once, max_request_bytes=body, cors_origins=origins,
                   shared_answers=os.environ.get("GOVGRAPH_SHARED_ANSWERS") or None)


def _whole(name: str, default: int, most: int, unit: str, zero: str) -> int:
    """A whole-number setting from the environment, with an error naming it."""
    raw = os.environ.get(name, str(default))
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number of {unit}, got {raw!r}") from None
    if not 0 <= value <= most:
        raise ValueError(f"{name} must be between 0 ({zero}) and {most}, got {value}")
    return value
