"""`govgraph serve`: the GraphQL API."""
from __future__ import annotations

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


def register(app: typer.Typer, friendly: Callable[..., Any]) -> None:
    @app.command("serve")
    @friendly
    def serve(host: str = typer.Option("127.0.0.1", help="address to listen on (0.0.0.0 for every interface)"),
              port: int = typer.Option(8000, help="port to listen on"),
              no_auth: bool = typer.Option(False, "--no-auth",
                                           help="no authentication: every request is a local administrator "
                                                "(local experiments; refused except on a loopback address)")) -> None:
        """Serve the explorer (/), the GraphQL API (/graphql, GraphiQL in development) and /healthz.

        Starts the local Neo4j if needed. Every request but /healthz and the explorer's files needs a token.
        """
        import uvicorn

        from api.auth import Authenticator, check_no_auth_bind, no_auth_from_env

        no_auth = no_auth or no_auth_from_env()
        if no_auth:
            check_no_auth_bind(host)
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

        app = create_app(authenticator=Authenticator(no_auth=no_auth))
        uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)

    @app.command("graphql-schema")
    @friendly
    def graphql_schema() -> None:
        """Print the API's GraphQL schema (SDL), for client code generators and reviewers; needs no database."""
        import sys

        from api.schema import build_schema

        sys.stdout.write(build_schema(production=False).as_str() + "\n")
