"""GraphQL over HTTP: latency samples one at a time, and throughput with concurrent clients.

Requests go only to loopback servers this benchmark started. Every loop is
bounded both in requests and in seconds, and a request that fails (non-200,
GraphQL `errors`, no `data`, a timeout) is counted, never retried.
"""
from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field

import httpx

from bench.stats import latency_summary

REQUEST_TIMEOUT = 60.0


@dataclass(frozen=True)
class GraphQLRequest:
    name: str
    query: str
    variables: dict = field(default_factory=dict)


class GraphQLFailure(Exception):
    """A request that did not come back as a clean GraphQL answer."""


async def post(client: httpx.AsyncClient, url: str, request: GraphQLRequest) -> dict:
    """The `data` of one GraphQL request; GraphQLFailure unless it answered cleanly."""
    try:
        response = await client.post(url, json={"query": request.query, "variables": request.variables})
    except httpx.TimeoutException:
        raise GraphQLFailure(f"{request.name}: no answer within {REQUEST_TIMEOUT:g} s") from None
    except httpx.HTTPError as error:
        raise GraphQLFailure(f"{request.name}: {type(error).__name__}: {error}") from None
    if response.status_code != 200:
        raise GraphQLFailure(f"{request.name}: HTTP {response.status_code}: {response.text[:300]}")
    body = response.json()
    if body.get("errors") or body.get("data") is None:
        raise GraphQLFailure(f"{request.name}: {str(body.get('errors'))[:300]}")
    return body["data"]


# Sent to govgraph so it computes every answer rather than serving one it keeps (api/answers.py).
COMPUTE_AFRESH = {"Cache-Control": "no-cache"}


def client(connections: int = 1, headers: dict[str, str] | None = None) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    return httpx.AsyncClient(timeout=REQUEST_TIMEOUT, limits=limits, headers=headers)


async def sample_latency(url: str, request: GraphQLRequest, iterations: int, warmup: int = 2) -> dict:
    """p50/p95 of `iterations` sequential requests on a warm keep-alive connection."""
    async with client() as http:
        for _ in range(warmup):
            await post(http, url, request)
        seconds = []
        for _ in range(iterations):
            began = time.perf_counter()
            await post(http, url, request)
            seconds.append(time.perf_counter() - began)
    return latency_summary(seconds)


async def sample_alternately(sides: list[tuple[str, GraphQLRequest]], iterations: int,
                             warmup: int = 2) -> list[dict]:
    """p50/p95 of each (url, request) side, sampled in turn — one request of each per iteration, each on its
    own warm keep-alive connection — so that every side meets the same moment of a shared machine's load."""
    async with contextlib.AsyncExitStack() as stack:
        https = [await stack.enter_async_context(client()) for _ in sides]
        for _ in range(warmup):
            for http, (url, request) in zip(https, sides, strict=True):
                await post(http, url, request)
        seconds: list[list[float]] = [[] for _ in sides]
        for _ in range(iterations):
            for taken, http, (url, request) in zip(seconds, https, sides, strict=True):
                began = time.perf_counter()
                await post(http, url, request)
                taken.append(time.perf_counter() - began)
    return [latency_summary(taken) for taken in seconds]


async def throughput(url: str, requests: list[GraphQLRequest], clients: int,
                     max_requests: int, max_seconds: float, headers: dict[str, str] | None = None) -> dict:
    """`clients` concurrent clients cycling through `requests` until max_requests or max_seconds.

    Returns requests completed per second, the error count (with the first
    error's message) and the latency each request saw under that load.
    `headers` go with every request.
    """
    counter = iter(range(max_requests))
    seconds: list[float] = []
    errors: list[str] = []
    began = time.perf_counter()
    deadline = began + max_seconds

    async def worker(http: httpx.AsyncClient) -> None:
        for number in counter:
            if time.perf_counter() > deadline:
                return
            request = requests[number % len(requests)]
            sent = time.perf_counter()
            try:
                await post(http, url, request)
            except GraphQLFailure as error:
                errors.append(str(error))
                continue
            seconds.append(time.perf_counter() - sent)

    async with client(clients, headers) as http:
        await asyncio.gather(*(worker(http) for _ in range(clients)))
    elapsed = time.perf_counter() - began
    result = {"clients": clients, "requests": len(seconds) + len(errors), "errors": len(errors),
              "seconds": round(elapsed, 3), "requests_per_s": round(len(seconds) / elapsed, 1)}
    if seconds:
        result.update(latency_summary(seconds))
    if errors:
        result["first_error"] = errors[0]
    return result
