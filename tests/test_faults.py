"""Faults: Neo4j killed (kill -9) in the middle of a load; after a restart, a rerun converges to a clean load.

A load writes in batches of UNWIND … MERGE on stable ids, each batch its own transaction. Whatever the kill
leaves behind (some batches committed, the rest not), running the same load again must give exactly the graph
a clean load gives: the same counts per kind, and the same checksum over ids and properties of every node and
relationship — no duplicates, nothing lost.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from neo4j import Driver, GraphDatabase

from graph import ontology
from graph.store import queries
from graph.store.neo4j_server import LocalServer
from graph.store.settings import Connection
from loaders import load_paths
from loaders.demo import city as demo
from loaders.demo import files as demo_files
from loaders.demo.fingerprint import fingerprint
from tests.conftest import clear

SCALE = 0.5  # about 30,000 nodes and 50,000 relationships: a load long enough to be cut in the middle


def _written(driver: Driver) -> int:
    """Nodes plus relationships in the graph, counting each node once (by its family label)."""
    records, _, _ = driver.execute_query(queries.query("kind_counts"))
    counts = {f"{r['what']}:{r['name']}": r["count"] for r in records}
    return sum(counts.get(f"label:{f}", 0) for f in ontology.FAMILIES) + \
        sum(v for k, v in counts.items() if k.startswith("type:"))


def _load_command(folder: Path, conn: Connection) -> subprocess.Popen[str]:
    """`govgraph load FOLDER` against the given server, as a user would run it."""
    env = {**os.environ, "NEO4J_URI": conn.uri, "NEO4J_USER": conn.user, "NEO4J_PASSWORD": conn.password,
           "COLUMNS": "200", "NO_COLOR": "1"}
    env.pop("NEO4J_DATABASE", None)
    return subprocess.Popen([sys.executable, "-m", "govgraph", "load", str(folder)], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)


def _kill_halfway(server: LocalServer, conn: Connection, load: subprocess.Popen[str], total: int) -> None:
    """Wait until the load has committed half its rows (every node, some ties), then kill -9 the Neo4j process."""
    deadline = time.monotonic() + 300
    with GraphDatabase.driver(conn.uri, auth=(conn.user, conn.password)) as driver:
        while _written(driver) < total // 2:
            assert load.poll() is None, f"the load ended before the kill:\n{load.stderr.read()}"
            assert time.monotonic() < deadline, "the load did not get halfway within 300 s"
            time.sleep(0.05)
    pid = server.pid()
    assert pid is not None
    os.kill(pid, signal.SIGKILL)


def test_a_load_killed_midway_then_rerun_equals_a_clean_load(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    folder = demo.generate(tmp_path / "city", scale=SCALE)
    expected = demo_files.expected_counts(folder)
    server = LocalServer(tmp_path / "home")
    conn = server.start()
    try:
        load = _load_command(folder, conn)
        _kill_halfway(server, conn, load, sum(expected.values()))
        _, stderr = load.communicate(timeout=300)
        # The interrupted load fails with a message, not a stack trace.
        assert load.returncode != 0
        assert "Traceback" not in stderr, stderr

        conn = server.start()
        with GraphDatabase.driver(conn.uri, auth=(conn.user, conn.password)) as driver:
            # The kill landed in the middle: half the rows or more survived the crash, not all of them.
            assert sum(expected.values()) // 2 <= _written(driver) < sum(expected.values())

            rerun = _load_command(folder, conn)
            _, stderr = rerun.communicate(timeout=600)
            assert rerun.returncode == 0, stderr
            recovered = fingerprint(driver)

            clear(driver)
            load_paths([folder], driver)
            clean = fingerprint(driver)

        assert recovered.counts == expected == clean.counts
        assert recovered.duplicate_ids == 0
        assert (recovered.nodes, recovered.relationships) == (clean.nodes, clean.relationships)
    finally:
        server.stop()
