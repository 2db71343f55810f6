"""`govgraph serve --workers N`: several processes answer, and an area-wide answer is computed once for all.

A real `govgraph serve --workers 2` against the test Neo4j: identical area-wide and analysis questions sent
at once on separate connections (so both workers take some) get one answer, and the shared answers' log
(graph/analysis/shared.py: one line per computation, whichever worker made it) shows each computed once.
Then the server stops on SIGINT, workers and all. No time is asserted.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from graph.analysis.shared import SharedAnswers
from graph.store import version
from graph.store.settings import Connection
from tests.cli import free_port, govgraph, serving
from tests.test_api_support import load_small_city

GAPS = "{ coverageGaps(kind: COMPOUND_NO_PARTY_ORGANIZATION) { totalCount nodes { subject { ... on Node { id } } population } } }"
CENTRALITY = '{ centrality(metric: DEGREE, asOf: "2022-01-01", first: 5) { scores { rank node { id } } } }'


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _ask(base: str, query: str) -> Any:
    with httpx.Client(timeout=60) as client:  # a connection of its own: the kernel hands it to either worker
        return client.post(f"{base}/graphql", json={"query": query}).json()


def test_two_workers_compute_an_area_wide_answer_once(neo4j_conn: Connection, graph: Any, tmp_path: Path) -> None:
    load_small_city(graph, neo4j_conn.database)
    shared = tmp_path / "answers"
    port = free_port()
    env = {"GOVGRAPH_SHARED_ANSWERS": str(shared),
           "GOVGRAPH_AREA_WIDE_PER_MINUTE": "0"}  # its clients stand for many users, as the bench's
    with serving("--workers", "2", port=port, env=env) as process:
        base = f"http://127.0.0.1:{port}"
        workers = [pid for pid in _children(process.pid) if "spawn_main" in
                   Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")]
        assert len(workers) == 2, f"expected 2 worker processes under {process.pid}, found {workers}"

        with ThreadPoolExecutor(8) as pool:
            gaps = list(pool.map(lambda _: _ask(base, GAPS), range(8)))
            ranks = list(pool.map(lambda _: _ask(base, CENTRALITY), range(8)))
        assert all("errors" not in answer for answer in gaps + ranks), gaps + ranks
        assert len({repr(answer) for answer in gaps}) == 1 and gaps[0]["data"]["coverageGaps"]["totalCount"] >= 1
        assert len({repr(answer) for answer in ranks}) == 1 and ranks[0]["data"]["centrality"]["scores"]

        computed = SharedAnswers(shared).computed(version.read(graph, neo4j_conn.database))
        assert len(computed) == 2, computed  # the gaps' rows and the centrality answer, once each
        assert {line["pid"] for line in computed} <= set(workers)
        assert len({line["key"] for line in computed}) == 2
    assert process.returncode == 0
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()], "a worker outlived the server"
    assert '"POST /graphql' not in process.stdout.read()  # no line per request unless --access-log


def test_access_log_prints_a_line_per_request(neo4j_conn: Connection, graph: Any) -> None:
    port = free_port()
    with serving("--workers", "1", "--access-log", port=port) as process:
        answer = _ask(f"http://127.0.0.1:{port}", "{ __typename }")
    assert answer["data"] == {"__typename": "Query"}
    assert process.returncode == 0
    assert '"POST /graphql HTTP/1.1"' in process.stdout.read()


def test_serve_refuses_a_bad_worker_count(neo4j_conn: Connection) -> None:
    result = govgraph("serve", "--workers", "0", "--port", str(free_port()), timeout=60)
    assert result.returncode == 1
    assert "--workers must be between 1 and 64, got 0" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_workers_socket_is_tcp_so_asyncio_turns_nagle_off() -> None:
    """uvicorn's own shared socket has proto 0, and asyncio then leaves Nagle on: ~40 ms a request."""
    import socket

    from api.server import WORKER_APP, TcpConfig

    sock = TcpConfig(WORKER_APP, factory=True, workers=2, host="127.0.0.1", port=0).bind_socket()
    try:
        assert sock.proto == socket.IPPROTO_TCP and sock.type == socket.SOCK_STREAM and sock.get_inheritable()
    finally:
        sock.close()
