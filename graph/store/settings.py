"""Where govgraph keeps its things and how it reaches Neo4j.

Connection settings use the names the Neo4j tools use (NEO4J_URI, NEO4J_USER,
NEO4J_PASSWORD, NEO4J_DATABASE). Without NEO4J_URI govgraph manages a local
server of its own under GOVGRAPH_HOME.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def govgraph_home() -> Path:
    return Path(os.environ.get("GOVGRAPH_HOME") or Path.home() / ".govgraph").expanduser()


def jar_cache() -> Path:
    """Neo4j's jars, shared by every GOVGRAPH_HOME on the machine (outside the repo)."""
    default = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "govgraph"
    return Path(os.environ.get("GOVGRAPH_CACHE") or default).expanduser()


def external_uri() -> str | None:
    return os.environ.get("NEO4J_URI") or None


@dataclass(frozen=True)
class Connection:
    uri: str
    user: str
    password: str
    database: str | None

    @property
    def managed(self) -> bool:
        """True when the server is govgraph's own local one."""
        return external_uri() is None


def external_connection() -> Connection | None:
    uri = external_uri()
    if uri is None:
        return None
    return Connection(
        uri=uri,
        user=os.environ.get("NEO4J_USER") or os.environ.get("NEO4J_USERNAME") or "neo4j",
        password=os.environ.get("NEO4J_PASSWORD", ""),
        database=os.environ.get("NEO4J_DATABASE") or None,
    )


def environment() -> str:
    """'production' turns off GraphiQL and introspection and masks errors."""
    return os.environ.get("GOVGRAPH_ENV", "development").lower()
