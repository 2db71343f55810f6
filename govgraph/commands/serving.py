"""`govgraph serve`: the GraphQL API."""
from __future__ import annotations

import hashlib
import math
import os
import socket
from collections.abc import Callable
from typing import Any

import typer
from rich.console import Console

from graph.errors import UserError
from graph.store import db

console = Console()


def _check_port(host: str, port: int) -> None:
    if not 0 < port < 65536:
        raise UserError(f"--port must be between 1 and 65535, got {port}")
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise UserError(f"cannot listen on {host}:{port}: {error.strerror or error} "
                            "(is another server running there? choose another --port)") from None


MAX_WORKERS = 64


def default_workers() -> int:
    """The number of cores this process may run on (what `--workers` defaults to)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def worker_environment(conn_uri: str, database: str | None, workers: int) -> dict[str, str]:
    """What `serve` sets for its workers (uvicorn starts them with this process's environment):

    - GOVGRAPH_SHARED_ANSWERS: the folder where they share area-wide and analysis answers, one per database
      (graph/analysis/shared.py), unless already set;
    - GOVGRAPH_AREA_WIDE_CONCURRENCY: each worker's share of the machine's gate on area-wide questions computed
      at once (api/answers.py; the setting names the total, default 2: measured best for Neo4j on 2 cores).
    """
    from api.config import DEFAULT_AREA_WIDE_CONCURRENCY, _whole
    from graph.store.settings import govgraph_home

    env: dict[str, str] = {}
    if not os.environ.get("GOVGRAPH_SHARED_ANSWERS"):
        which = hashlib.sha256(f"{conn_uri}\0{database or ''}".encode()).hexdigest()[:16]
        env["GOVGRAPH_SHARED_ANSWERS"] = str(govgraph_home() / "answers" / which)
    try:
        total = _whole("GOVGRAPH_AREA_WIDE_CONCURRENCY", DEFAULT_AREA_WIDE_CONCURRENCY, 1_000, "questions",
                       "no limit")
    except ValueError as error:
        raise UserError(str(error)) from None
    env["GOVGRAPH_AREA_WIDE_CONCURRENCY"] = str(math.ceil(total / workers) if total else 0)
    return env


def register(app: typer.Typer, friendly: Callable[..., Any]) -> None:
    @app.command("serve")
    @friendly
    def serve(host: str = typer.Option("127.0.0.1", help="address to listen on (0.0.0.0 for every interface)"),
              port: int = typer.Option(8000, help="port to listen on"),
              no_auth: bool = typer.Option(False, "--no-auth",
                                           help="no authentication: every request is a local administrator "
                                                "(local experiments; refused except on a loopback address)"),
              workers: int = typer.Option(None, "--workers", show_default="the number of cores",
                                          help="worker processes (each answers requests; area-wide answers are "
                                               "computed once for all of them)"),
              access_log: bool = typer.Option(False, "--access-log",
                                              help="print a line per request on the console (every request "
                                                   "with an identity is in the audit trail either way)")) -> None:
        """Serve the explorer (/), the GraphQL API (/graphql, GraphiQL in development) and /healthz.

        Starts the local Neo4j if needed. Every request but /healthz and the explorer's files needs a token.
        With several workers, the per-identity limits of area-wide questions and of failed logins are kept
        by each worker: an identity may get up to N times them through (docs/access.md).
        """
        import uvicorn

        from api.auth import Authenticator, check_no_auth_bind, no_auth_from_env

        no_auth = no_auth or no_auth_from_env()
        if no_auth:
            check_no_auth_bind(host)
        workers = default_workers() if workers is None else workers
        if not 1 <= workers <= MAX_WORKERS:
            raise UserError(f"--workers must be between 1 and {MAX_WORKERS}, got {workers}")
        _check_port(host, port)
        conn = db.connection()  # starts govgraph's own Neo4j unless NEO4J_URI is set
        from api.app import create_app
        from api.static import addresses

        console.print(addresses(host, port), highlight=False)
        console.print(f"Neo4j at {conn.uri}", highlight=False)
        if no_auth:
            console.print("[yellow]--no-auth: every request acts as a local administrator[/yellow]")
        else:
            console.print("Requests need `Authorization: Bearer <token>` (govgraph tokens create, or log in at /)",
                          highlight=False)

        os.environ.update(worker_environment(conn.uri, conn.database, workers))
        if no_auth:
            os.environ["GOVGRAPH_NO_AUTH"] = "1"  # how the workers hear of --no-auth
        console.print(f"{workers} worker process{'es' if workers > 1 else ''}", highlight=False)
        if workers == 1:
            app = create_app(authenticator=Authenticator(no_auth=no_auth))
            uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False, access_log=access_log)
        else:
            from api.server import run_workers

            run_workers(host, port, workers, access_log=access_log)

    @app.command("graphql-schema")
    @friendly
    def graphql_schema() -> None:
        """Print the API's GraphQL schema (SDL), for client code generators and reviewers; needs no database."""
        import sys

        from api.schema import build_schema

        sys.stdout.write(build_schema(production=False).as_str() + "\n")
