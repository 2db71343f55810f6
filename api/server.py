"""Running the API with uvicorn: in this process, or as the app of each worker of `govgraph serve --workers N`."""
from __future__ import annotations

import uvicorn
from fastapi import FastAPI

from api.app import create_app

WORKER_APP = "api.server:worker_app"  # uvicorn's import string of the factory each worker process calls


def worker_app() -> FastAPI:
    """The app of one worker process: every setting from the environment `govgraph serve` hands its workers
    (GOVGRAPH_NO_AUTH, GOVGRAPH_SHARED_ANSWERS, GOVGRAPH_AREA_WIDE_CONCURRENCY … and the connection)."""
    return create_app()


def run(host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the API until interrupted (Ctrl-C). The Neo4j it uses must be running (govgraph serve starts it)."""
    uvicorn.run(create_app(), host=host, port=port, log_level="info", proxy_headers=False)
