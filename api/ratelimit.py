"""Per-identity limits on area-wide questions, so one client cannot starve the others.

An area-wide question (coverageGaps, crossAppointments, coBuildingNetwork: api/answers.py) costs seconds of
Neo4j time when computed. Each identity (its subject) may have at most `concurrency` of them under way at
once, and may ask at most `per_minute` of them a minute (a token bucket refilled continuously), a
`Cache-Control: no-cache` one (always computed afresh) counting `FRESH_COST` times. Beyond either, the
question is refused with RATE_LIMITED and the seconds to wait; the router answers the request with HTTP 429
and `Retry-After` (api/app.py). Environment: `GOVGRAPH_AREA_WIDE_PER_IDENTITY` (default 2 at once) and
`GOVGRAPH_AREA_WIDE_PER_MINUTE` (default 120; 0 turns both limits off).
"""
from __future__ import annotations

import math
import os
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from api.errors import RateLimited

DEFAULT_CONCURRENCY = 2
DEFAULT_PER_MINUTE = 120
FRESH_COST = 4  # a no-cache question costs as much as this many that may be answered from what is kept


class Limited(RateLimited):
    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after

    @property
    def extensions(self) -> dict[str, object]:  # type: ignore[override]
        return {"code": self.code, "retryAfter": self.retry_after}


class AreaWideLimiter:
    def __init__(self, concurrency: int = DEFAULT_CONCURRENCY, per_minute: int = DEFAULT_PER_MINUTE,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.concurrency = concurrency
        self.per_minute = per_minute
        self.clock = clock
        self._running: dict[str, int] = {}
        self._buckets: dict[str, tuple[float, float]] = {}  # subject → (tokens, when)

    @classmethod
    def from_env(cls) -> AreaWideLimiter:
        return cls(int(os.environ.get("GOVGRAPH_AREA_WIDE_PER_IDENTITY", DEFAULT_CONCURRENCY)),
                   int(os.environ.get("GOVGRAPH_AREA_WIDE_PER_MINUTE", DEFAULT_PER_MINUTE)))

    def _take(self, subject: str, cost: float) -> None:
        if self.per_minute <= 0:
            return
        now = self.clock()
        tokens, when = self._buckets.get(subject, (float(self.per_minute), now))
        tokens = min(float(self.per_minute), tokens + (now - when) * self.per_minute / 60.0)
        if tokens < cost:
            wait = math.ceil((cost - tokens) * 60.0 / self.per_minute)
            self._buckets[subject] = (tokens, now)
            raise Limited(f"too many area-wide questions: at most {self.per_minute} a minute per identity "
                          f"(a no-cache one counts {FRESH_COST}); try again in {wait} s", wait)
        self._buckets[subject] = (tokens - cost, now)

    @asynccontextmanager
    async def slot(self, subject: str, fresh: bool = False) -> AsyncIterator[None]:
        """Hold one of `subject`'s area-wide slots while the question is answered; Limited when none is left."""
        if self.per_minute <= 0:
            yield
            return
        if self._running.get(subject, 0) >= self.concurrency > 0:
            raise Limited(f"too many area-wide questions at once: at most {self.concurrency} per identity; "
                          "try again in 1 s", 1)
        self._take(subject, FRESH_COST if fresh else 1)
        self._running[subject] = self._running.get(subject, 0) + 1
        try:
            yield
        finally:
            self._running[subject] -= 1
            if not self._running[subject]:
                del self._running[subject]
