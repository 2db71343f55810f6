"""Analysis: the time of each NetworkX measure at each scale, and exact against sampled betweenness.

The measurements themselves are bench/analysis_speed.py, the analysis's own
benchmark; this module runs it on the benchmark's database.
"""
from __future__ import annotations

from bench.runner import Settings, Skipped
from bench.target import Target


def run(target: Target, settings: Settings) -> dict:
    try:
        from bench import analysis_speed  # noqa: F401
    except ImportError as error:
        raise Skipped(f"bench/analysis_speed.py (the analysis benchmark) is not there: {error}") from None
    raise Skipped("bench/analysis_speed.py is there but not wired in yet")
