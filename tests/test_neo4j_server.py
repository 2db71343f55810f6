"""The local Neo4j govgraph manages: lifecycle, persistence, schema, CJK search."""
from __future__ import annotations

import multiprocessing
import os
import stat
import subprocess
from pathlib import Path

import pytest
from neo4j import Driver, GraphDatabase

from graph import ontology
from graph.store import schema
from graph.store.neo4j_server import LocalServer, neo4j_version
from tests.cli import govgraph


def _count(conn, query: str) -> int:
    with GraphDatabase.driver(conn.uri, auth=(conn.user, conn.password)) as drv:
        return drv.execute_query(query).records[0][0]


def test_data_survives_stop_and_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    server = LocalServer(tmp_path / "home")
    conn = server.start()
    with GraphDatabase.driver(conn.uri, auth=(conn.user, conn.password)) as drv:
        drv.execute_query("CREATE (:Area:Community {id: 'c1', name: '平安社区'})")
    assert server.stop() is True
    assert server.pid() is None
    conn = server.start()
    assert _count(conn, "MATCH (a:Community {name: '平安社区'}) RETURN count(a)") == 1
    status = server.status()
    assert status["answers"] is True and status["version"] == neo4j_version()
    # The generated password is private to its owner.
    assert stat.S_IMODE(server.password_file.stat().st_mode) == 0o600
    # Bolt listens on loopback only.
    conf = (server.root / "conf" / "neo4j.conf").read_text()
    assert "server.default_listen_address=127.0.0.1" in conf
    # No receive-timeout hint to the drivers (the async driver would time every read of every record).
    assert "server.bolt.connection_keep_alive_for_requests=STREAMING" in conf
    server.stop()
    assert server.status()["answers"] is False


def test_taken_port_gives_a_free_one_and_crash_leftovers_are_handled(tmp_path: Path, neo4j_conn) -> None:
    # The session server already holds a port; ask this one for the same.
    taken = int(neo4j_conn.uri.rsplit(":", 1)[1])
    os.environ["GOVGRAPH_BOLT_PORT"] = str(taken)
    try:
        server = LocalServer(tmp_path / "home")
        server.start()
    finally:
        del os.environ["GOVGRAPH_BOLT_PORT"]
    assert server.port() != taken
    # Simulate a crash: kill -9, leaving server.json and Neo4j's own pid/lock files.
    pid = server.pid()
    os.kill(pid, 9)
    conn = server.start()
    assert server.pid() not in (None, pid)
    assert _count(conn, "RETURN 1") == 1
    server.stop()


def _start_in_process(home: str, queue) -> None:
    try:
        conn = LocalServer(Path(home)).start()
        queue.put(conn.uri)
    except Exception as error:  # reported to the parent
        queue.put(f"error: {error}")


def test_two_starts_at_once_give_one_healthy_server(tmp_path: Path) -> None:
    home = str(tmp_path / "home")
    queue = multiprocessing.get_context("spawn").Queue()
    procs = [multiprocessing.get_context("spawn").Process(target=_start_in_process, args=(home, queue))
             for _ in range(2)]
    for proc in procs:
        proc.start()
    results = [queue.get(timeout=300) for _ in procs]
    for proc in procs:
        proc.join()
    assert results[0] == results[1] and results[0].startswith("bolt://"), results
    server = LocalServer(Path(home))
    java = subprocess.run(["pgrep", "-f", str(server.root)], capture_output=True, text=True).stdout.split()
    assert len(java) == 1
    conn = server.connection()
    assert _count(conn, "CREATE (n:Area {id: 'x', name: 'x'}) RETURN count(n)") == 1
    server.stop()
    assert subprocess.run(["pgrep", "-f", str(server.root)], capture_output=True).returncode == 1


def test_constraints_exist_for_every_family(graph: Driver) -> None:
    records = graph.execute_query("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type RETURN *").records
    unique_ids = {r["labelsOrTypes"][0] for r in records if r["type"] == "UNIQUENESS" and r["properties"] == ["id"]}
    assert set(ontology.FAMILIES) <= unique_ids


def test_schema_file_matches_the_ontology() -> None:
    from graph.store import queries

    assert queries.query("schema") == schema.render(), "run `govgraph db schema --write`"


def test_fulltext_finds_chinese_names(graph: Driver) -> None:
    graph.execute_query("CREATE (:Area:Community {id: 'c1', name: '平安社区'}), (:Area:Community {id: 'c2', name: '文昌社区'})")
    graph.execute_query("CALL db.awaitIndexes()")
    records = graph.execute_query(
        "CALL db.index.fulltext.queryNodes($index, $text) YIELD node RETURN node.name AS name",
        index=ontology.FULLTEXT_INDEX, text="平安").records
    assert [r["name"] for r in records] == ["平安社区"]


def test_cli_status_reports_version(neo4j_conn) -> None:
    result = govgraph("neo4j", "status")
    assert result.returncode == 0, result.stderr
    assert neo4j_version() in result.stdout and neo4j_conn.uri in result.stdout
