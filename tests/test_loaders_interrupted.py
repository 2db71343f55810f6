"""A load killed part-way: the API does not serve an answer it kept from before the load.

The API keeps area-wide answers per graph version (api/answers.py). A load marks itself in progress before
its first write (cypher/load_begin.cypher) and advances the version when it has written everything
(load_end); while the mark is set — and a `kill -9` of the loader leaves it set — no kept answer is found,
so the writes that did happen are seen at once. A complete rerun clears the mark, and answers are kept again.
"""
from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from api.app import create_app
from api.config import ApiSettings
from loaders import load_paths
from tests.test_api_support import GraphQLClient, api_client

SMALL_CITY = Path(__file__).parent / "data" / "small_city"
CROSS = """query($asOf: Date) { crossAppointments(asOf: $asOf) { totalCount } }"""
AS_OF = {"asOf": "2024-06-01"}
PEOPLE = 30_000  # three batches of ties


def _posts(folder: Path, organization: str, people: bool) -> Path:
    """Posts of the bulk persons in one of the small city's party organisations (and the persons, if asked)."""
    folder.mkdir()
    if people:
        with open(folder / "persons.csv", "w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow(["id", "name"])
            out.writerows([f"bulk-{i}", f"人员{i}"] for i in range(PEOPLE))
    with open(folder / "serves_in.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["source", "target", "role", "start_date"])
        out.writerows([f"bulk-{i}", organization, "委员", "2020-01-01"] for i in range(PEOPLE))
    return folder


def _ties(graph: Any) -> int:
    records, _, _ = graph.execute_query("MATCH ()-[r:SERVES_IN]->() RETURN count(r) AS n")
    return records[0]["n"]


def _cross(client: GraphQLClient, fresh: bool = False) -> int:
    headers = {"Cache-Control": "no-cache"} if fresh else {}
    response = client.post("/graphql", json={"query": CROSS, "variables": AS_OF}, headers=headers)
    return response.json()["data"]["crossAppointments"]["totalCount"]


def _hits(app: FastAPI) -> int:
    return app.state.answers.stats.hits


@pytest.fixture
def app(graph: Any, neo4j_conn: Any, tmp_path: Path) -> FastAPI:
    """The small city, and 30,000 more persons with a post each in one party organisation."""
    load_paths([SMALL_CITY, _posts(tmp_path / "first", "po-taishan", people=True)], graph, neo4j_conn.database)
    return create_app(neo4j_conn, ApiSettings(production=False, request_timeout=60))


def test_a_load_killed_after_its_first_writes_leaves_no_kept_answer_served(
        app: FastAPI, graph: Any, neo4j_conn: Any, tmp_path: Path) -> None:
    # The killed load gives every bulk person a second post: each batch it commits adds cross-appointments.
    folder = _posts(tmp_path / "second", "po-jinshan", people=False)
    with api_client(app) as client:
        before = _cross(client)
        assert _cross(client) == before and _hits(app) == 1  # the answer is kept

        ties = _ties(graph)
        env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
        load = subprocess.Popen([sys.executable, "-m", "govgraph", "load", str(folder)], env=env, text=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 300
        while _ties(graph) == ties:  # until the first batch of ties has been committed
            assert load.poll() is None, f"the load ended before it could be killed:\n{load.stderr.read()}"
            assert time.monotonic() < deadline, "the load wrote no tie within 300 s"
            time.sleep(0.02)
        os.kill(load.pid, signal.SIGKILL)
        load.wait(timeout=60)
        written = _ties(graph) - ties
        assert 0 < written < PEOPLE  # killed part-way: some ties written, not all

        hits = _hits(app)
        after = _cross(client)
        assert after == before + written  # the answer kept from before the load is not served, the graph as it
        assert after == _cross(client, fresh=True)  # now is
        assert _hits(app) == hits  # and nothing kept is found while the load's mark is set

        load_paths([folder], graph, neo4j_conn.database)  # a rerun completes the load
        complete = _cross(client)
        assert complete == before + PEOPLE
        hits = _hits(app)
        assert _cross(client) == complete and _hits(app) == hits + 1  # answers are kept again
