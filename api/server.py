"""Running the API with uvicorn: in this process, or as the app of each worker of `govgraph serve --workers N`."""
from __future__ import annotations

import socket

import uvicorn
from fastapi import FastAPI
from uvicorn.supervisors import Multiprocess

from api.app import create_app

WORKER_APP = "api.server:worker_app"  # uvicorn's import string of the factory each worker process calls


def worker_app() -> FastAPI:
    """The app of one worker process: every setting from the environment `govgraph serve` hands its workers
    (GOVGRAPH_NO_AUTH, GOVGRAPH_SHARED_ANSWERS, GOVGRAPH_AREA_WIDE_CONCURRENCY … and the connection)."""
    return create_app(serving=True)


class TcpConfig(uvicorn.Config):
    """uvicorn's configuration, with the socket its workers share made as a TCP socket in so many words.

    uvicorn binds that socket as `socket.socket(family)`, whose `proto` is 0, and asyncio sets TCP_NODELAY
    only on connections of a socket whose `proto` is IPPROTO_TCP (asyncio.base_events._set_nodelay). So
    with `workers > 1` (and no uvloop) every response went out under Nagle's algorithm and waited for the
    client's delayed ACK: about 40 ms on every request (`govgraph bench`, 2026-12-02: a light question
    60 ms through two workers, 10–25 ms through one). The same descriptor, its protocol stated, fixes it.
    """

    def bind_socket(self) -> socket.socket:
        bound = super().bind_socket()
        tcp = socket.socket(bound.family, bound.type, socket.IPPROTO_TCP, fileno=bound.detach())
        tcp.set_inheritable(True)
        return tcp


def run_workers(host: str, port: int, workers: int, access_log: bool = False) -> None:
    """Serve with `workers` processes on one socket until interrupted (uvicorn's supervisor restarts a
    worker that dies and stops them all on SIGINT or SIGTERM). `access_log`: uvicorn's line per request."""
    config = TcpConfig(WORKER_APP, factory=True, workers=workers, host=host, port=port, log_level="info",
                       proxy_headers=False, access_log=access_log)
    sock = config.bind_socket()
    try:
        Multiprocess(config, sockets=[sock]).run()
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()


def run(host: str = "127.0.0.1", port: int = 8000, access_log: bool = False) -> None:
    """Serve the API until interrupted (Ctrl-C). The Neo4j it uses must be running (govgraph serve starts it)."""
    uvicorn.run(create_app(serving=True), host=host, port=port, log_level="info", proxy_headers=False,
                access_log=access_log)
