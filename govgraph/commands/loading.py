"""`govgraph load`, `templates`, `export`, `stats` and `model-doc`."""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

console = Console()
err_console = Console(stderr=True)


def register(app: typer.Typer, friendly: Callable[..., Any]) -> None:
    app.command("load")(friendly(load))
    app.command("templates")(friendly(templates))
    app.command("export")(friendly(export))
    app.command("stats")(friendly(stats))
    app.command("model-doc")(friendly(model_doc))


def load(
    paths: list[Path] = typer.Argument(..., help="CSV, .xlsx or Popolo .json files, or folders of them"),
    dry_run: bool = typer.Option(False, "--dry-run",
                                 help="only check the files (against the graph too); write nothing"),
    progress: bool = typer.Option(False, "--progress", help="show a progress bar even when not on a terminal"),
    encoding: str | None = typer.Option(None, "--encoding",
                                        help="the encoding of the CSV files (gb18030, big5, shift_jis, utf-16 …) "
                                             "when it cannot be detected"),
    limit: list[str] = typer.Option([], "--limit", metavar="NAME=N",
                                    help="raise or lower a bound on the input: rows, columns, cell_bytes, "
                                         "file_bytes, workbook_bytes, json_depth, seconds (also GOVGRAPH_LOAD_MAX_*)"),
    method: str = typer.Option("auto", "--method", help="auto: neo4j-admin import for a large first load into "
                               "govgraph's own empty local Neo4j, else transactional; or force import|transactional"),
) -> None:
    """Load files into the graph: everything is checked first, and on any problem nothing is written."""
    from graph.access import audit
    from graph.errors import UserError
    from graph.store import db
    from loaders import LoadError, load_paths
    from loaders.limits import Limits

    try:
        limits = Limits.from_env()
        for item in limit:
            name, _, value = item.partition("=")
            limits = limits.parsed(name.strip(), value.strip())
    except ValueError as error:
        raise UserError(f"--limit: {error}") from None
    conn = db.connection()
    with db.driver(conn) as driver:
        try:
            report = load_paths(paths, driver, conn.database, dry_run=dry_run, progress=progress, method=method,
                                limits=limits, encoding=encoding)
        except LoadError as error:
            err_console.print(error.report(), markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None
    if not dry_run:  # access: every load is written to the audit trail (graph/access/audit.py)
        audit.record_load(report)
    for note in report.notes:
        console.print(f"note: {note}", markup=False, highlight=False, style="dim")
    table = Table(title="checked (dry run): nothing written" if dry_run else f"loaded into {conn.uri}")
    for header in ("kind", "rows", "created", "updated", "unchanged", "removed"):
        table.add_column(header, justify="left" if header == "kind" else "right")
    for name, counts in [*report.nodes.items(), *report.rels.items()]:
        cells = [counts.rows] if dry_run else [counts.rows, counts.created, counts.updated, counts.unchanged,
                                               counts.removed]
        table.add_row(name, *(f"{c:,}" for c in cells))
    console.print(table)
    console.print(f"{report.node_rows:,} nodes and {report.rel_rows:,} relationships from {len(report.files)} "
                  f"file(s) in {report.seconds:.1f} s", highlight=False)
    if not dry_run:
        console.print(f"path: {report.method}, {report.why}", highlight=False)
    if not dry_run and report.method == "import":
        steps = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in report.steps.items())
        console.print(f"neo4j-admin import: {steps}; {report.node_rows + report.rel_rows:,} rows in "
                      f"{report.node_seconds:.1f} s; graph version {report.graph_version}", highlight=False)
    elif not dry_run:
        console.print(f"writing: {report.nodes_per_second:,.0f} nodes/s, {report.rels_per_second:,.0f} "
                      f"relationships/s; graph version {report.graph_version}", highlight=False)


def templates(folder: Path = typer.Argument(..., help="folder to write the templates into")) -> None:
    """Write a CSV template per kind and one Excel workbook, with bilingual headers and an example row."""
    from loaders.templates import write_all

    written = write_all(folder)
    console.print(f"{len(written)} templates written to {folder}: {len(written) - 1} CSV files and "
                  f"{written[-1].relative_to(folder)}; `govgraph load {folder}` loads the example rows.",
                  highlight=False)


FORMATS = ("popolo", "graphml", "gexf")


def export(
    format: str = typer.Option("popolo", "--format", help="popolo, graphml or gexf"),
    out: Path | None = typer.Option(None, "--out", help="file to write (Popolo: standard output when omitted)"),
    include_personal: bool = typer.Option(False, "--include-personal",
                                          help="Popolo: include personal data (phones, ID numbers)"),
    projection: str = typer.Option("organizations", help="graphml/gexf: organizations, people, areas or governance"),
    area: str | None = typer.Option(None, "--area", help="graphml/gexf: only this area's network (an area id)"),
    as_of: str | None = typer.Option(None, "--as-of", help="graphml/gexf: ties current on this date (YYYY-MM-DD)"),
) -> None:
    """Export the graph: Popolo JSON, or a network (GraphML/GEXF) for Gephi and other tools."""
    from graph.errors import UserError
    from graph.store import db

    fmt = format.lower()
    if fmt not in FORMATS:
        raise UserError(f"unknown --format {format!r}; expected one of {', '.join(FORMATS)}")
    conn = db.connection()
    if fmt == "popolo":
        from loaders.popolo import write_export

        with db.driver(conn) as driver:
            text = write_export(driver, conn.database, out, include_personal=include_personal)
        if out is None:
            sys.stdout.write(text + "\n")
        else:
            console.print(f"Popolo JSON written to {out}", highlight=False)
        return
    from graph.analysis import network_export
    from graph.analysis.projections import PROJECTIONS, AnalysisError

    if projection not in PROJECTIONS:
        raise UserError(f"unknown --projection {projection!r}; expected one of {', '.join(PROJECTIONS)}")
    if out is None:
        raise UserError(f"--out FILE is required for --format {fmt}")
    date = None
    if as_of is not None:
        from loaders.values import parse_date

        try:
            date = parse_date(as_of)
        except ValueError as error:
            raise UserError(f"--as-of: {error}") from None
    with db.driver(conn) as driver:
        try:
            network_export.write(driver, conn.database, fmt, out, projection, area, date)
        except AnalysisError as error:
            raise UserError(str(error)) from None
    console.print(f"{fmt} written to {out}", highlight=False)


def stats() -> None:
    """Count nodes per kind and relationships per type (and nodes per `kind` value)."""
    from graph import ontology
    from graph.store import db
    from loaders.stats import counts

    conn = db.connection()
    with db.driver(conn) as driver:
        found = counts(driver, conn.database)
    nodes = Table(title=f"nodes: {found.nodes:,}")
    for header in ("label", "family", "中文", "nodes"):
        nodes.add_column(header, justify="right" if header == "nodes" else "left")
    for kind in ontology.NODE_KINDS:
        nodes.add_row(kind.name, kind.family, kind.label_zh, f"{found.labels.get(kind.name, 0):,}")
    rels = Table(title=f"relationships: {found.relationships:,}")
    for header in ("type", "中文", "relationships"):
        rels.add_column(header, justify="right" if header == "relationships" else "left")
    for rel in ontology.REL_KINDS:
        rels.add_row(rel.type, rel.label_zh, f"{found.types.get(rel.type, 0):,}")
    kinds = Table(title="nodes per kind value")
    for header in ("label", "kind", "nodes"):
        kinds.add_column(header, justify="right" if header == "nodes" else "left")
    for (label, kind), count in found.kinds.items():
        kinds.add_row(label, kind, f"{count:,}")
    console.print(nodes, rels, kinds)


def model_doc(write: bool = typer.Option(False, "--write", help="rewrite docs/model.md from the ontology")) -> None:
    """Print the model reference (docs/model.md) generated from the ontology, or rewrite the file."""
    from loaders import model_doc as doc

    if write:
        console.print(f"{doc.write()} written", highlight=False)
    else:
        sys.stdout.write(doc.render())
