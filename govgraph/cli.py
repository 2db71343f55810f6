"""The `govgraph` console command.

Sub-commands live beside what they drive; this module only assembles them and
turns expected failures into a clear message and a non-zero exit (never a
stack trace to a user).
"""
from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable
from rich.console import Console
from rich.table import Table

from graph.store import db, schema
from graph.errors import GovgraphError, Unavailable
from graph.store.neo4j_server import LocalServer, probe
from graph.store.settings import external_connection

console = Console()
err_console = Console(stderr=True)

app = typer.Typer(help="govgraph: the grassroots governance network of a city, in Neo4j.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
neo4j_app = typer.Typer(help="Manage govgraph's local Neo4j (ignored when NEO4J_URI is set).", no_args_is_help=True)
db_app = typer.Typer(help="Schema of the database govgraph uses.", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(db_app, name="db")


# The exit status of each kind of expected failure (graph/errors.py), looked up by class, most specific first.
# Every expected failure exits 1 today; the table is the one place to tell them apart if scripts ever need to.
EXIT_STATUS: dict[type[GovgraphError], int] = {GovgraphError: 1}


def exit_status(error: GovgraphError) -> int:
    return next(EXIT_STATUS[cls] for cls in type(error).__mro__ if cls in EXIT_STATUS)


def friendly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Show expected failures as one clear message and a non-zero exit status (never a stack trace)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except GovgraphError as error:
            err_console.print(f"[red]error:[/red] {error}", highlight=False, markup=True)
            raise typer.Exit(exit_status(error)) from None
        except AuthError as error:
            err_console.print(f"[red]error:[/red] Neo4j refused the credentials: {error.message}")
        except ServiceUnavailable as error:
            err_console.print(f"[red]error:[/red] Neo4j does not answer: {error}")
        except Neo4jError as error:
            err_console.print(f"[red]error:[/red] Neo4j: {error.message or error}")
        raise typer.Exit(exit_status(Unavailable("")))

    return wrapper


def _external_note() -> bool:
    if external_connection() is not None:
        console.print(f"NEO4J_URI is set ({external_connection().uri}); govgraph uses that server and manages none.")
        return True
    return False


@neo4j_app.command("start")
@friendly
def neo4j_start(timeout: float = typer.Option(120.0, help="seconds to wait for Bolt")) -> None:
    """Start the local Neo4j (fetching its jars with Maven on first use) and wait until it answers."""
    if _external_note():
        return
    server = LocalServer.default()
    began = time.monotonic()
    was_running = server.pid() is not None
    conn = server.start(timeout=timeout)
    if was_running:
        console.print(f"Neo4j already running at {conn.uri}")
    else:
        console.print(f"Neo4j started at {conn.uri} in {time.monotonic() - began:.1f} s")
    console.print(f"user neo4j, password in {server.password_file} (or NEO4J_PASSWORD); data in {server.root / 'data'}")


@neo4j_app.command("stop")
@friendly
def neo4j_stop() -> None:
    """Stop the local Neo4j; no process is left behind."""
    if _external_note():
        return
    stopped = LocalServer.default().stop()
    console.print("Neo4j stopped" if stopped else "Neo4j was not running")


@neo4j_app.command("status")
@friendly
def neo4j_status() -> None:
    """Print the Bolt URI, the Neo4j version and whether it answers; exit 1 if it does not."""
    external = external_connection()
    if external is not None:
        info = {"uri": external.uri, "managed": "no (NEO4J_URI)", **probe(external)}
    else:
        info = {**LocalServer.default().status(), "managed": "yes (GOVGRAPH_HOME)"}
    table = Table(show_header=False)
    for key in ("uri", "version", "edition", "answers", "managed", "pid", "home", "error"):
        if info.get(key) is not None:
            table.add_row(key, str(info[key]))
    console.print(table)
    if not info["answers"]:
        raise typer.Exit(1)


@db_app.command("init")
@friendly
def db_init() -> None:
    """Create govgraph's constraints and indexes (idempotent), starting the local Neo4j if needed."""
    conn = db.connection()
    with db.driver(conn) as drv:
        schema.apply(drv, conn.database)
    console.print(f"schema applied on {conn.uri}")


@db_app.command("schema")
def db_schema(write: bool = typer.Option(False, help="rewrite cypher/schema.cypher from the ontology")) -> None:
    """Print the schema derived from the ontology (or write it to cypher/schema.cypher)."""
    text = schema.render()
    if write:
        from graph.store import queries

        (queries.FOLDER / "schema.cypher").write_text(text, encoding="utf-8")
        console.print("cypher/schema.cypher written")
    else:
        sys.stdout.write(text)


# Sub-commands live beside what they drive; each module registers its own.
def _register_all() -> None:
    from govgraph.commands import access, analysis, bench, demo, loading, service_levels, serving

    for module in (loading, demo, serving, analysis, bench, access, service_levels):
        module.register(app, friendly)


_register_all()
