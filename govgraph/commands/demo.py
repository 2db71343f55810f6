"""`govgraph demo`: the Deyang demo city, loaded and served in one command."""
from __future__ import annotations

import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from graph.store import db, queries
from loaders.demo import city as demo
from loaders.demo import figures as demo_figures
from loaders.demo import files as demo_files
from loaders.demo.rows import MAX_SCALE, MIN_SCALE

console = Console()


def _port_free(host: str, port: int) -> bool:
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError:
        return False
    return True


def graph_counts(driver: Any, database: str | None) -> dict[str, int]:
    """Nodes per label and relationships per type, as the graph holds them."""
    records, _, _ = driver.execute_query(queries.query("kind_counts"), database_=database)
    return {f"{r['what']}:{r['name']}": r["count"] for r in records}


def already_loaded(driver: Any, database: str | None, folder: Path) -> bool:
    """True when the graph holds exactly as many nodes of each kind and ties of each type as the demo's files."""
    have = graph_counts(driver, database)
    return all(have.get(key, 0) == count for key, count in demo_files.expected_counts(folder).items())


def print_figures(checks: list[demo_figures.FigureCheck]) -> None:
    table = Table(title="The article's figures in the graph", title_justify="left")
    for column in ("figure", "中文", "article", "graph", ""):
        table.add_column(column, justify="right" if column in ("article", "graph") else "left")
    for check in checks:
        actual = "—" if check.actual is None else f"{check.actual:,.0f}"
        table.add_row(check.figure.label, check.figure.label_zh, check.wanted, actual,
                      "[green]✓[/green]" if check.holds else "[red]✗[/red]")
    console.print(table)


def print_login(host: str, port: int) -> None:
    """An administrator for a fresh GOVGRAPH_HOME (its password printed once, never stored) and a day's token."""
    from graph.access.accounts import AccountStore
    from graph.access.files import folder
    from graph.access.identity import cli_identity

    store = AccountStore()
    password = store.bootstrap_admin("admin", by=cli_identity())
    admins = [u.name for u in store.users() if u.role == "admin" and not u.disabled]
    if not admins:
        return
    token, _ = store.create_token(admins[0], days=1, label="demo", by=cli_identity())
    console.print(f"[bold]log in[/bold] at http://{host}:{port}/ as [bold]{admins[0]}[/bold]", highlight=False)
    if password is not None:
        console.print(f"  password (shown this once, not stored; `govgraph users password {admins[0]}` sets "
                      f"another): {password}", highlight=False)
    else:
        console.print(f"  with its password (accounts in {folder('access') / 'accounts.json'}; "
                      f"`govgraph users password {admins[0]}` sets a new one)", highlight=False)
    console.print(f"  or send `Authorization: Bearer {token}` (valid 1 day; `govgraph tokens create --user "
                  f"{admins[0]}` gives more)", highlight=False)


def register(app: typer.Typer, friendly: Callable[..., Any]) -> None:
    from graph.errors import UserError

    @app.command("demo")
    @friendly
    def demo_command(
        scale: float = typer.Option(1.0, help="size relative to the article's figures (0.01–10)"),
        seed: int = typer.Option(demo.DEFAULT_SEED, help="random seed; the same seed gives the same city"),
        serve: bool = typer.Option(True, "--serve/--no-serve", help="serve the GraphQL API once loaded"),
        host: str = typer.Option("127.0.0.1", help="address the API listens on"),
        port: int = typer.Option(8000, help="port the API listens on"),
        out: Path = typer.Option(None, "--out", help="only write the demo's files into this folder and stop"),
        reload: bool = typer.Option(False, "--reload", help="load again even if the demo city is already there"),
    ) -> None:
        """Load the Deyang demo city into Neo4j (starting the local one if needed) and serve the API."""
        if not MIN_SCALE <= scale <= MAX_SCALE:
            raise UserError(f"--scale must be between {MIN_SCALE:g} and {MAX_SCALE:g}, not {scale:g}")
        if out is not None:
            if out.exists() and not out.is_dir():
                raise UserError(f"--out {out}: exists and is not a folder")
            began = time.perf_counter()
            demo.generate(out, scale, seed)
            nodes, rels = demo_files.count_rows(out)
            console.print(f"wrote the demo city's files to {out}: {nodes:,} nodes, {rels:,} relationships "
                          f"in {time.perf_counter() - began:.1f} s (load them with `govgraph load {out}`)")
            return

        if serve and not _port_free(host, port):  # say so now, not after a load
            raise UserError(f"cannot serve on {host}:{port}: the port is in use or the address is not this "
                            "machine's; choose another with --port/--host, or use --no-serve")
        if serve:  # the address first: where the user will look once the city is loaded
            from api.static import addresses
            console.print(addresses(host, port) + " — once the demo city is loaded", highlight=False)
        folder, generated = demo.ensure_files(scale, seed)
        nodes, rels = demo_files.count_rows(folder)
        if generated is not None:
            console.print(f"generated the demo city in {generated:.1f} s: {folder}")
        conn = db.connection()
        with db.driver(conn) as driver:
            if not reload and already_loaded(driver, conn.database, folder):
                console.print(f"the demo city is already loaded on {conn.uri} "
                              f"({nodes:,} nodes, {rels:,} relationships); --reload loads it again")
            else:
                report = demo.load_demo(driver, conn.database, scale, seed, progress=True)
                console.print(
                    f"loaded the demo city on {conn.uri}: {report.node_rows:,} nodes, {report.rel_rows:,} "
                    f"relationships ({report.created:,} created, {report.updated:,} updated) in "
                    f"{report.seconds:.1f} s; writing {report.nodes_per_second:,.0f} nodes/s, "
                    f"{report.rels_per_second:,.0f} relationships/s")
                console.print(f"path: {report.method}, {report.why}", highlight=False)
            print_figures(demo_figures.check(driver, conn.database, scale))
        print_login(host, port)
        if serve:
            try:
                from api.server import run
            except ModuleNotFoundError as error:
                if error.name not in ("api.server", "api"):
                    raise
                raise UserError("the API server (api.server) is not installed; use --no-serve") from None
            from api.static import addresses
            console.print(addresses(host, port), highlight=False)
            run(host, port)
