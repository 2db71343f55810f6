"""The API against the same Cypher run directly, and its throughput under concurrent clients.

The per-question pairs (GraphQL request, named Cypher with the same
arguments) come from bench/api_latency.py, the API's own benchmark; this
module runs them on the benchmark's database and adds throughput.
"""
from __future__ import annotations

from bench.runner import Settings, Skipped
from bench.target import Target


def run(target: Target, api_url: str, settings: Settings) -> dict:
    try:
        from bench import api_latency  # noqa: F401
    except ImportError as error:
        raise Skipped(f"bench/api_latency.py (the API's question/Cypher pairs) is not there: {error}") from None
    raise Skipped("bench/api_latency.py is there but not wired in yet")
