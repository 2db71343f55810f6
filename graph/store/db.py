"""Reaching Neo4j: the connection to use and drivers (the graph version is graph/store/version.py's).

With NEO4J_URI set every command uses that server (bolt://, neo4j://,
neo4j+s:// alike, so a cluster or Aura is a configuration change); otherwise
govgraph's own local server, started on demand.
"""
from __future__ import annotations

from neo4j import AsyncDriver, AsyncGraphDatabase, Driver, GraphDatabase, NotificationMinimumSeverity

from graph.store.neo4j_server import LocalServer
from graph.store.settings import Connection, external_connection


def connection(autostart: bool = True) -> Connection:
    external = external_connection()
    if external is not None:
        return external
    server = LocalServer.default()
    if autostart and server.pid() is None:
        return server.start()
    return server.connection()


# The server's notifications (e.g. "property key does not exist" on a fresh
# graph) are for query authors; logged by the driver they would reach users
# as noise on stderr, and asking for none saves the server the work.
DRIVER_OPTIONS = {"notifications_min_severity": "OFF"}
# The same for a session opened with its own options (the loaders' sessions).
QUIET = NotificationMinimumSeverity.OFF


def driver(conn: Connection | None = None) -> Driver:
    conn = conn or connection()
    return GraphDatabase.driver(conn.uri, auth=(conn.user, conn.password), **DRIVER_OPTIONS)


def async_driver(conn: Connection | None = None) -> AsyncDriver:
    conn = conn or connection()
    return AsyncGraphDatabase.driver(conn.uri, auth=(conn.user, conn.password), **DRIVER_OPTIONS)

