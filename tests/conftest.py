"""A real Neo4j for the whole test session.

Unless NEO4J_URI is set, a throwaway local server is started in its own
temporary GOVGRAPH_HOME; a failed start fails the run loudly with the server
log. The database is always this real server. Once it runs, NEO4J_URI and friends point
at it, so the CLI and the API under test use it too.
"""
from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from neo4j import Driver

from graph.store import db, schema
from graph.store.neo4j_server import LocalServer, ServerError
from graph.store.settings import Connection, external_connection

# Access (api/auth.py): the API tests of the other modules run without identities, as `govgraph serve --no-auth`
# would; tests/test_api_access*.py hand create_app an Authenticator of their own.
os.environ.setdefault("GOVGRAPH_NO_AUTH", "1")


@pytest.fixture(scope="session")
def neo4j_conn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connection]:
    external = external_connection()
    if external is not None:
        yield external
        return
    server = LocalServer(tmp_path_factory.mktemp("govgraph-home"))
    try:
        conn = server.start(timeout=180)
    except ServerError as error:
        pytest.fail(f"could not start the test Neo4j:\n{error}", pytrace=False)
    saved = {k: os.environ.get(k) for k in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "GOVGRAPH_HOME")}
    os.environ.update(NEO4J_URI=conn.uri, NEO4J_USER=conn.user, NEO4J_PASSWORD=conn.password,
                      GOVGRAPH_HOME=str(server.home))
    try:
        yield conn
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        server.stop()


@pytest.fixture(scope="session")
def session_driver(neo4j_conn: Connection) -> Iterator[Driver]:
    with db.driver(neo4j_conn) as drv:
        schema.apply(drv, neo4j_conn.database)
        yield drv


def clear(drv: Driver, database: str | None = None) -> None:
    with drv.session(database=database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


@pytest.fixture
def graph(session_driver: Driver, neo4j_conn: Connection) -> Driver:
    """A driver on an empty database (schema in place)."""
    clear(session_driver, neo4j_conn.database)
    return session_driver


@pytest.fixture(scope="module")
def demo_city(session_driver: Driver, neo4j_conn: Connection) -> Driver:
    """A driver on the Deyang demo city at scale 1, loaded once per test module into a cleared database.

    Its files are generated once per session (cached under the test GOVGRAPH_HOME). Do not combine with the
    `graph` fixture in one module: that one empties the database.
    """
    from loaders.demo.city import load_demo

    clear(session_driver, neo4j_conn.database)
    load_demo(session_driver, neo4j_conn.database)
    return session_driver
