"""A large load into an empty database builds the indexes that are not constraints' once, after writing.

loaders/load.py drops them before the first write and `schema.apply` builds them over the loaded nodes. The
graph must come out the same as a load that kept them, every index must be online when the load returns —
also when the write failed — and a load into a graph that has nodes must leave its indexes alone.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from api.app import create_app
from api.config import ApiSettings
from graph.store import schema
from graph.store.settings import Connection
from loaders import load, load_paths
from loaders.demo import city as demo
from loaders.demo.fingerprint import fingerprint
from tests.conftest import clear
from tests.test_api_support import api_client

SCALE = 0.05


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo.generate(tmp_path_factory.mktemp("city"), scale=SCALE)


def _online(driver: Driver) -> dict[str, str]:
    records, _, _ = driver.execute_query("SHOW INDEXES YIELD name, state RETURN name, state")
    return {record["name"]: record["state"] for record in records}


def _every_index_online(driver: Driver) -> bool:
    states = _online(driver)
    return all(states.get(name) == "ONLINE" for name in schema.index_names())


def test_a_large_first_load_builds_the_indexes_after_and_writes_the_same_graph(
        graph: Driver, city: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = load_paths([city], graph)
    assert "indexes" not in kept.steps  # the city at this scale is below the threshold
    same = fingerprint(graph)
    clear(graph)

    monkeypatch.setattr(load, "INDEXES_AFTER_NODES", 1)
    report = load_paths([city], graph)
    assert report.steps["indexes"] > 0
    assert any("indexes were built after writing" in note for note in report.notes)
    assert _every_index_online(graph)
    assert fingerprint(graph) == same
    # The full-text index holds the loaded names: a community found by a word of its name.
    records, _, _ = graph.execute_query(
        "CALL db.index.fulltext.queryNodes('name_fulltext', '社区') YIELD node RETURN count(node) AS found")
    assert records[0]["found"] > 0


def test_a_load_into_a_graph_with_nodes_keeps_its_indexes(graph: Driver, city: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    load_paths([city / "cities.csv"], graph)
    dropped: list[object] = []
    monkeypatch.setattr(load.schema, "drop_indexes", lambda *args: dropped.append(args))
    monkeypatch.setattr(load, "INDEXES_AFTER_NODES", 1)
    report = load_paths([city], graph)
    assert dropped == [] and "indexes" not in report.steps
    assert _every_index_online(graph)


def test_a_write_that_fails_leaves_every_index_in_place(graph: Driver, neo4j_conn: Connection, city: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    searched: list[dict[str, Any]] = []
    # The API started before the load (its start applies the schema), as a server running beside a load would be.
    with api_client(create_app(neo4j_conn, ApiSettings(production=True, request_timeout=30))) as api:
        def failing_write(*args: object, **kwargs: object) -> None:
            assert not any(name in _online(graph) for name in schema.index_names())  # they were dropped
            searched.append(api.error('{ search(text: "社区", first: 5) { edges { node { id } } } }'))
            raise RuntimeError("the server went away")

        monkeypatch.setattr(load, "INDEXES_AFTER_NODES", 1)
        monkeypatch.setattr(load, "write", failing_write)
        with pytest.raises(RuntimeError, match="went away"):
            load_paths([city], graph)
    assert _every_index_online(graph)
    # While the full-text index was gone, a search was a coded error to try again, not an internal one.
    [error] = searched
    assert error["extensions"]["code"] == "DATABASE_UNAVAILABLE" and "try again" in error["message"]
