"""Running the API with uvicorn."""
from __future__ import annotations

import uvicorn

from api.app import create_app


def run(host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the API until interrupted (Ctrl-C). The Neo4j it uses must be running (govgraph serve starts it)."""
    uvicorn.run(create_app(), host=host, port=port, log_level="info", proxy_headers=False)
