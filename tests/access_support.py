"""What the access tests share: a private GOVGRAPH_HOME and a clock the test moves."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest


class Clock:
    """A clock standing still until the test moves it: `clock.advance(days=91)`."""

    def __init__(self, start: datetime = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("GOVGRAPH_HOME", str(home))
    for name in ("GOVGRAPH_TOKEN_DAYS", "GOVGRAPH_OIDC_ISSUER", "GOVGRAPH_OIDC_AUDIENCE", "GOVGRAPH_OIDC_JWKS_URL",
                 "GOVGRAPH_OIDC_ROLE_CLAIM", "GOVGRAPH_OIDC_SCOPE_CLAIM", "GOVGRAPH_OIDC_ALGORITHMS"):
        monkeypatch.delenv(name, raising=False)
    return home
